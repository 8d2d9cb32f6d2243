"""Drafts: what the form holds but has not saved, kept beside the Vorlage file.

The browser sends the form's values a moment after the last input (``static/draft.js``);
they are kept in a hidden file beside the Vorlage, ``.vorlage.yaml.entwurf`` for
``vorlage.yaml``, never in the file itself, which stays what was last saved. No reader of
Vorlagen takes it: its name starts with a dot and ends on no Vorlage file's suffix. When
the Vorlage is opened again, in whatever browser, a draft that differs from the file is
offered; saving removes it. A draft that cannot be read is left alone and not offered.

Besides the typed values a draft keeps its base: what the form was opened with (the
file's values at that version, carried by the page in ``_basis``). When the file changed
since, taking the draft over applies only the user's own edits, base → typed, onto the
file as it is now (``merge``, a three-way merge on the paths of the form's data); where the
file changed the same field, the form's value wins and the field is named.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from vorlagen.errors import VorlagenError
from vorlagen.files import write_atomic
from vorlagen.model import HAUSFORMAT_KEYS
from vorlagen.serve import vorlage_file
from vorlagen.serve.fields import Field, Path_, find, state_from_form

SUFFIX = ".entwurf"
MAX_DRAFT_BYTES = 8 * 1024 * 1024
"""The largest draft taken and read: the text of a form, far more than a paper needs."""
FORMAT = 1
CARRY = "uebertragen"
"""The action of the button that carries the user's own edits onto the file as it is now."""

Values = list[tuple[str, str]]
"""The form's values as the browser sends them: (name, value) in the page's order."""


@dataclass(frozen=True)
class Draft:
    """A draft as read: the form's values, the version of the file they were typed
    against (``vorlage_file.File.version``) and when they were kept."""

    values: Values
    version: str
    saved: datetime
    base: dict[str, Any] | None = None
    """The values the form was opened with (the file's at ``version``), None where the
    draft does not know them."""

    @property
    def state(self) -> dict[str, Any]:
        """The values as the form's nested data."""
        return state_from_form(self.values)

    @property
    def when(self) -> str:
        """When it was kept, as the page says it: 02.12.2026, 14:03 Uhr."""
        return self.saved.astimezone().strftime("%d.%m.%Y, %H:%M Uhr")


def path_of(file: Path) -> Path:
    """Where the draft of the Vorlage ``file`` is kept: beside it, hidden."""
    return file.with_name(f".{file.name}{SUFFIX}")


def kept(values: Values) -> Values:
    """The values a draft keeps: the fields, not the form's own (CSRF token, version,
    button) nor a file chosen for upload."""
    return [(name, value) for name, value in values
            if not name.startswith("_") and ":" not in name]


def write(file: Path, values: Values, version: str, now: datetime | None = None,
          base: dict[str, Any] | None = None) -> None:
    """Keep ``values`` (typed against the file's ``version``, whose values are ``base``)
    as the draft of ``file``, atomically; ``OSError`` or ``OutputError`` where it cannot
    be written."""
    kept_data: dict[str, Any] = {"format": FORMAT, "version": version,
                                 "saved": (now or datetime.now()).astimezone().isoformat(),
                                 "values": kept(values)}
    if base is not None:
        kept_data["base"] = base
    text = json.dumps(kept_data, ensure_ascii=False)
    write_atomic(path_of(file), text.encode("utf-8"))


def read(file: Path) -> Draft | None:
    """The draft of ``file``, or None where there is none or it cannot be read (too
    large, not a draft, written by another version): such a file is ignored."""
    path = path_of(file)
    try:
        if path.stat().st_size > MAX_DRAFT_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        values = data["values"]
        if (data.get("format") != FORMAT or not isinstance(values, list)
                or not all(isinstance(pair, list) and len(pair) == 2
                           and all(isinstance(part, str) for part in pair) for pair in values)):
            return None
        version = data["version"]
        saved = datetime.fromisoformat(data["saved"])
        base = data.get("base")
        if not isinstance(version, str):
            return None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return Draft([(name, value) for name, value in values], version, saved,
                 base if isinstance(base, dict) else None)


def remove(file: Path) -> None:
    """Remove the draft of ``file`` (nothing where there is none or it cannot go)."""
    with contextlib.suppress(OSError):
        path_of(file).unlink(missing_ok=True)


def unsaved(file: Path, data: dict[str, Any]) -> bool:
    """Whether the form's ``data`` differs from what ``file`` holds (a file that cannot
    be read counts as differing: what the form holds is not in it)."""
    try:
        return not vorlage_file.unchanged(vorlage_file.read(file), data)
    except (VorlagenError, OSError):
        return True


def offer(file: Path, opened: vorlage_file.File,
          data_of: Callable[[dict[str, Any]], dict[str, Any]]) -> Draft | None:
    """The draft to offer when ``file`` (read as ``opened``) is opened: one that differs
    from the file; one that holds what the file holds, or no edit of the user's own (only
    the file changed since), is removed. ``data_of`` gives the form's data for a
    draft's state."""
    draft = read(file)
    if draft is None:
        return None
    if vorlage_file.unchanged(opened, data_of(draft.state)) or (
            draft.base is not None and not differing(data_of(draft.base),
                                                     data_of(draft.state))):
        remove(file)  # what the file holds, or no edit of the user's own
        return None
    return draft


def conflict_note(file: Path) -> str:
    """What the refusal to save over a changed file says to do where a draft of it is
    kept ("" where none is)."""
    if read(file) is None:
        return ""
    return ("„Datei neu öffnen“ zeigt die Datei, wie sie jetzt ist, und bietet die Eingaben "
            "hier an: „Eingaben übernehmen“ oder „Verwerfen“.")


def state_of(opened: vorlage_file.File) -> dict[str, Any]:
    """The form's state for the file as read: its values as text, the Hausformat's old
    key under its new name."""
    state = vorlage_file.as_text(opened.nodes)
    if not isinstance(state, dict):
        return {}
    new, old = HAUSFORMAT_KEYS
    if old in state and new not in state:
        state = {new if key == old else key: value for key, value in state.items()}
    return state


def base_of(text: str) -> dict[str, Any] | None:
    """The base a page carries (``_basis``: the values it was opened with, as JSON), or
    None where it carries none or one that cannot be read."""
    try:
        base = json.loads(text) if text else None
        if not isinstance(base, dict) or _depth(base) > MAX_DEPTH:
            return None
    except (ValueError, RecursionError):
        return None
    return base


MAX_DEPTH = 32
"""The deepest nesting a base may have: a form's values nest a few levels."""


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(item) for item in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(item) for item in value), default=0)
    return 0


class _Missing:
    """No value at a path (the key is absent)."""


MISSING: Any = _Missing()


def _same(one: Any, other: Any) -> bool:
    if one is MISSING or other is MISSING:
        return one is other
    return bool(one == other or vorlage_file.same(one, other)
                or vorlage_file.same(other, one))


def merge(base: Any, mine: Any, theirs: Any, path: Path_ = ()) -> tuple[Any, list[Path_]]:
    """The form's data ``mine`` (typed on ``base``) carried over onto ``theirs`` (the
    file's data now): what only one side changed is taken from it; where both changed
    a value differently, ``mine`` wins and its path is named. Mappings are merged key by
    key, lists and texts as a whole. ``MISSING`` stands for an absent key."""
    if _same(mine, base):
        return theirs, []
    if _same(theirs, base) or _same(mine, theirs):
        return mine, []
    if isinstance(mine, dict) and isinstance(theirs, dict):
        before = base if isinstance(base, dict) else {}
        result: dict[str, Any] = {}
        both: list[Path_] = []
        for key in [*mine, *(key for key in theirs if key not in mine)]:
            value, named = merge(before.get(key, MISSING), mine.get(key, MISSING),
                                 theirs.get(key, MISSING), (*path, key))
            if value is not MISSING:
                result[key] = value
            both += named
        return result, both
    return mine, [path]


def differing(old: Any, new: Any, path: Path_ = ()) -> list[Path_]:
    """The paths where the data ``new`` differs from ``old`` (mappings key by key, lists
    and texts as a whole)."""
    if _same(old, new):
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        return [found for key in [*new, *(key for key in old if key not in new)]
                for found in differing(old.get(key, MISSING), new.get(key, MISSING),
                                       (*path, key))]
    return [path]


def labels(fields: list[Field], paths: list[Path_]) -> list[str]:
    """The form's labels for ``paths`` (a value the form has no control for: the group
    around it), each once, a member of a group named with it (Förderanträge: Tabellenblatt)."""
    found: list[str] = []
    for path in paths:
        for end in range(len(path), 0, -1):
            field = find(fields, path[:end])
            if field is not None:
                break
        else:
            continue
        label = field.label
        parent = find(fields, path[:end - 1]) if end > 1 else None
        if parent is not None and parent.label not in label:
            label = f"{parent.label}: {label}"
        if label not in found:
            found.append(label)
    return found


def listed(names: list[str], most: int = 8) -> str:
    """At most ``most`` names, the rest counted: „Betreff, Datum und 3 weitere“."""
    if len(names) > most:
        return ", ".join(names[:most]) + f" und {len(names) - most} weitere"
    if len(names) > 1:
        return ", ".join(names[:-1]) + " und " + names[-1]
    return "".join(names)


@dataclass(frozen=True)
class Carried:
    """The user's own edits carried over onto the file as it is now."""

    state: dict[str, Any]
    """The form's state: the file's values now with the user's edits applied."""
    version: str
    """The file's version now: saving over it works."""
    base: dict[str, Any]
    """The file's values now, the form's new base."""
    both: list[Path_]
    """The paths the file changed too, where the form's value was kept."""


def carry_over(file: Path, base: dict[str, Any], mine: dict[str, Any],
               data_of: Callable[[dict[str, Any]], dict[str, Any]]) -> Carried:
    """The edits from ``base`` to ``mine`` (form states) applied onto ``file`` as it is
    now; ``data_of`` gives the form's data for a state. ``VorlagenError`` where the file
    cannot be read."""
    current = vorlage_file.read(file)
    theirs = state_of(current)
    merged, both = merge(data_of(base), data_of(mine), data_of(theirs))
    state = vorlage_file.as_text(merged)
    return Carried(state if isinstance(state, dict) else {}, current.version, theirs, both)


def both_note(fields: list[Field], both: list[Path_]) -> str:
    """What the form says of the fields the file changed too: „Betreff: in der Datei
    inzwischen auch geändert – bitte prüfen.“"""
    return " ".join(f"{label}: in der Datei inzwischen auch geändert – bitte prüfen."
                    for label in labels(fields, both))

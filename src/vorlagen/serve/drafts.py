"""Drafts: what the form holds but has not saved, kept beside the Vorlage file.

The browser sends the form's values a moment after the last input (``static/draft.js``);
they are kept in a hidden file beside the Vorlage, ``.vorlage.yaml.entwurf`` for
``vorlage.yaml``, never in the file itself, which stays what was last saved. No reader of
Vorlagen takes it: its name starts with a dot and ends on no Vorlage file's suffix. When
the Vorlage is opened again, in whatever browser, a draft that differs from the file is
offered; saving removes it. A draft that cannot be read is left alone and not offered.
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
from vorlagen.serve import vorlage_file
from vorlagen.serve.fields import state_from_form

SUFFIX = ".entwurf"
MAX_DRAFT_BYTES = 8 * 1024 * 1024
"""The largest draft taken and read: the text of a form, far more than a paper needs."""
FORMAT = 1

Values = list[tuple[str, str]]
"""The form's values as the browser sends them: (name, value) in the page's order."""


@dataclass(frozen=True)
class Draft:
    """A draft as read: the form's values, the version of the file they were typed
    against (``vorlage_file.File.version``) and when they were kept."""

    values: Values
    version: str
    saved: datetime

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


def write(file: Path, values: Values, version: str, now: datetime | None = None) -> None:
    """Keep ``values`` (typed against the file's ``version``) as the draft of ``file``,
    atomically; ``OSError`` or ``OutputError`` where it cannot be written."""
    text = json.dumps({"format": FORMAT, "version": version,
                       "saved": (now or datetime.now()).astimezone().isoformat(),
                       "values": kept(values)}, ensure_ascii=False)
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
        if not isinstance(version, str):
            return None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return Draft([(name, value) for name, value in values], version, saved)


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
    from the file; one that holds what the file holds is removed. ``data_of`` gives the
    form's data for a draft's state."""
    draft = read(file)
    if draft is None:
        return None
    if vorlage_file.unchanged(opened, data_of(draft.state)):
        remove(file)
        return None
    return draft


def conflict_note(file: Path) -> str:
    """What the refusal to save over a changed file says to do where a draft of it is
    kept ("" where none is)."""
    if read(file) is None:
        return ""
    return ("„Datei neu öffnen“ zeigt die Datei, wie sie jetzt ist, und bietet die Eingaben "
            "hier an: „Eingaben übernehmen“ oder „Verwerfen“.")

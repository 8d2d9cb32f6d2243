"""Loading a Vorlage from YAML (the main format), JSON or TOML.

Every problem is reported with the file, the field path and, for YAML, the line, so an
administrator can find it in the editor without reading a traceback.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pluggy
from pydantic import ValidationError

from vorlagen import renamed
from vorlagen.configure import configure
from vorlagen.errors import InputError, Problem, in_line_order
from vorlagen.inputs import ALLOW_OUTSIDE
from vorlagen.loaded import LoadedVorlage
from vorlagen.messages import Loc, field_path, problems, said_once
from vorlagen.model import HAUSFORMAT_KEYS, Vorlage
from vorlagen.readfile import SUFFIXES as SUFFIXES
from vorlagen.readfile import ParsedFile as _Source
from vorlagen.readfile import read_file as read_file
from vorlagen.readfile import texts_in as texts_in
from vorlagen.renamed import keywords


@keywords(layout="hausformat")
def load_vorlage(
    source: str | os.PathLike[str] | Mapping[str, Any],
    *,
    base_dir: Path | None = None,
    plugins: pluggy.PluginManager | None = None,
    allow_outside: bool = False,
    hausformat: str | os.PathLike[str] | None = None,
    more_problems: Callable[[LoadedVorlage], list[Problem]] | None = None,
) -> LoadedVorlage:
    """Load and validate a Vorlage from a file path or from already parsed data: the
    Vorlage as written, with where it came from and what loading found for it (its
    Hausformat, Design and plugin blocks), in a ``vorlagen.loaded.LoadedVorlage``.

    ``hausformat`` chooses the Hausformat instead of the Vorlage's ``hausformat`` field:
    a Hausformat's name or a Hausformat file's path (relative to the current folder).

    Files named in the Vorlage (Anlagen, plugin data) resolve against ``base_dir``, which
    defaults to the folder of the Vorlage file (or the current folder for a mapping), and
    must lie inside it (no absolute paths, ``..`` or symbolic links leading out) unless
    ``allow_outside`` is true.
    ``art`` and the ``plugins`` blocks are checked against the plugins of ``plugins``
    (by default the built-in and installed ones).

    ``more_problems`` finds what else is wrong in a Vorlage that has errors
    (``paper.text_problems``: its text fields), given it with its wrong values taken out;
    they are reported with the others, in line order. A Vorlage without errors is not
    given to it: building it finds the same.
    """
    if isinstance(source, Mapping):
        return validate(_Source(dict(source)), "<dict>", base_dir or Path.cwd(), plugins,
                        allow_outside=allow_outside, hausformat=hausformat,
                        more_problems=more_problems)
    if not isinstance(source, str | os.PathLike):
        raise TypeError(f"load_vorlage erwartet einen Pfad (str, pathlib.Path) oder ein "
                        f"Mapping (dict) mit den Feldern der Vorlage, nicht "
                        f"{type(source).__name__}")
    path = Path(source)
    return validate(read_file(path), str(path), base_dir or path.parent, plugins,
                    allow_outside=allow_outside, hausformat=hausformat,
                    more_problems=more_problems)


def validate(
    parsed: _Source, name: str, base_dir: Path, plugins: pluggy.PluginManager | None = None,
    *, allow_outside: bool = False, hausformat: str | os.PathLike[str] | None = None,
    more_problems: Callable[[LoadedVorlage], list[Problem]] | None = None,
) -> LoadedVorlage:
    if not isinstance(parsed.data, dict):
        raise InputError(
            name,
            [Problem("", "erwartet Felder der Form 'Schlüssel: Wert' auf oberster Ebene")],
        )
    new_key, old_key = HAUSFORMAT_KEYS
    if old_key in parsed.data:  # the old name: still read, and said where it stands
        line = parsed.line_of((old_key,))
        if new_key in parsed.data:
            raise InputError(name, [Problem(old_key, f"der alte Name von {new_key}:, das "
                                    f"auch angegeben ist; {old_key}: löschen", line)])
        where = f"{name}, Zeile {line}: " if line else f"{name}: "
        renamed.warn(f"{old_key}:", f"{new_key}:", where, stacklevel=4)
        parsed = parsed.renamed(old_key, new_key)
    context = {"base_dir": base_dir, ALLOW_OUTSIDE: allow_outside}

    def configured(vorlage: Vorlage, further: Callable[[LoadedVorlage], list[Problem]] | None
                   = more_problems) -> LoadedVorlage:
        return configure(vorlage, plugins, base_dir, line_of=parsed.line_of,
                         allow_outside=allow_outside, more_problems=further, quelle=name,
                         zeilen=parsed.text_line, hausformat=hausformat)

    try:
        vorlage = Vorlage.model_validate(parsed.data, context=context)
    except ValidationError as error:
        found = problems(error, Vorlage, line_of=parsed.line_of)
        rest = _without_errors(parsed.data, error, context)
        if rest is not None:  # what the rest of the Vorlage has wrong, in the same run
            # without a plugin's block its variables are missing: no texts checked then
            further = None if any(_inside(taken, "plugins") for taken in rest[1]) \
                else more_problems
            try:
                repaired = configured(rest[0], further)
                found += [problem for problem in (further(repaired) if further else [])
                          if not any(_inside(problem.field, taken) for taken in rest[1])]
            except InputError as more:
                if more.source != name and more.mention is None:  # its Hausformat file
                    found.append(Problem("", str(more)))
                else:
                    found += [problem for problem in more.as_problems_of_mention()
                              if not any(_inside(problem.field, taken) for taken in rest[1])]
        raise InputError(name, in_line_order(said_once(found))) from None
    return configured(vorlage)


_STAND_INS = {"art": "?", "datum": "01.01.2000", "drucksachen_nr": "?", "titel": "?",
              "sachverhalt": "?"}
"""Values put in the place of a required field that is missing or wrong, so that the
rest of the Vorlage can be checked in the same run (their own problems are reported)."""


def _without_errors(data: dict[str, Any], error: ValidationError, context: dict[str, Any]
                    ) -> tuple[Vorlage, list[str]] | None:
    """The Vorlage without the values ``error`` names (a wrong field left out or, if
    required, stood in for; a wrong entry of a list of values left out), and the field
    paths taken out; None if no such Vorlage can be made."""
    data = copy.deepcopy(data)
    taken: list[str] = []
    stood_in: set[Loc] = set()
    for _ in range(5):
        for loc in sorted((detail["loc"] for detail in error.errors()),
                          key=_deepest_last_first, reverse=True):
            if not loc:
                return None  # a rule of the whole Vorlage: nothing to take out
            taken.append(field_path(_take_out(data, loc, stood_in)))
        try:
            return Vorlage.model_validate(data, context=context), taken
        except ValidationError as again:
            error = again
    return None


def _deepest_last_first(loc: Loc) -> tuple[int, tuple[tuple[bool, int, str], ...]]:
    """Sorted by this, in reverse, the deepest values are taken out first, and of one
    list the last entry first (so that the others keep their places)."""
    return len(loc), tuple((isinstance(part, int), part if isinstance(part, int) else 0,
                            str(part)) for part in loc)


def _take_out(data: dict[str, Any], loc: Loc, stood_in: set[Loc]) -> Loc:
    """Take the value at ``loc`` out of ``data``, or stand in for it where it is
    required; where neither does, what holds it goes. Entries of a list of mappings
    (the Beratungen) keep their places, so that what is found later names the right
    one. Returns where it took out."""
    parents: list[Any] = [data]
    for part in loc[:-1]:
        if not _holds(parents[-1], part):
            break
        parents.append(parents[-1][part])
    depth = len(parents) - 1
    where, parent, key = loc[:depth + 1], parents[-1], loc[depth]
    if where in stood_in:  # the stand-in did not do: what holds it goes
        return _take_out(data, loc[:depth], stood_in) if depth else where
    if depth == 0:
        if key in _STAND_INS:
            data[str(key)] = _STAND_INS[str(key)]
            stood_in.add(where)
        else:
            data.pop(str(key), None)
    elif isinstance(parent, dict):
        if key in parent:
            del parent[key]  # a required one is missing next time: then stood in for
        else:
            parent[key] = "?"
            stood_in.add(where)
    elif _holds(parent, key):
        del parent[key]
    else:  # the entry is not what it should be: it goes
        return _take_out(data, loc[:depth], stood_in)
    return where


def _holds(container: Any, key: int | str) -> bool:
    """Whether ``container`` (a mapping or a list) has a value at ``key``."""
    if isinstance(container, dict):
        return key in container
    return isinstance(container, list) and isinstance(key, int) and key < len(container)


def _inside(field: str, taken: str) -> bool:
    """Whether the field path ``field`` is ``taken`` or lies in it."""
    return field == taken or field.startswith((f"{taken}.", f"{taken}["))

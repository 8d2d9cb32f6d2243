"""pydantic's validation errors as German messages that name the field.

Shared by the Vorlage, plugin blocks and plugin data files, so every message reads alike.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from typing import Any, Literal, get_args, get_origin

from pydantic import AliasChoices, BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails
from pydantic_core.core_schema import ErrorType

from vorlagen.errors import Problem

Loc = tuple[int | str, ...]


def problems(
    error: ValidationError,
    model: type[BaseModel],
    prefix: Loc = (),
    line_of: Callable[[Loc], int | None] | None = None,
) -> list[Problem]:
    """One Problem per error, its field path after ``prefix`` and, when ``line_of`` is
    given, the line of the value in the file."""
    found: list[Problem] = []
    details = _one_per_union(error.errors(include_url=False))
    for detail in details:
        if detail["type"] == "too_short" and any(
                other["loc"][:len(detail["loc"])] == detail["loc"] and other is not detail
                for other in details):
            continue  # too short only because an entry inside it failed: that is the error
        loc = (*prefix, *detail["loc"])
        line = line_of(loc) if line_of is not None else None
        if detail["type"] == "missing" and len(detail["loc"]) == 1 and not prefix:
            line = None  # not in the file: its first line would mislead
        found.append(Problem(field_path(loc), german_message(detail, model), line))
    return said_once(found)


MOMENT = "ist kein gültiges Datum und kein Zeitpunkt (z. B. 2026-12-10 oder " \
    "2026-12-10T18:00:00+01:00)"
"""The message of a value that is neither of a field of ``datetime | date``."""
_UNION_MEMBERS = ("datetime", "date")
"""The members of a union that pydantic names in an error's location (``beginn.date``)."""


def _one_per_union(details: list[ErrorDetails]) -> list[ErrorDetails]:
    """The errors with the member of a ``datetime | date`` union left out of their location
    (no user knows ``beginn.datetime``), one error per field: its value fits no member."""
    kept: list[ErrorDetails] = []
    seen: dict[tuple[int | str, ...], ErrorDetails] = {}
    for detail in details:
        loc = tuple(detail["loc"])
        if len(loc) < 2 or loc[-1] not in _UNION_MEMBERS:
            kept.append(detail)
            continue
        field = loc[:-1]
        if field in seen:
            continue
        merged = ErrorDetails(type="vorlagen_moment", loc=field, msg=MOMENT,
                              input=detail["input"])
        seen[field] = merged
        kept.append(merged)
    return kept


def field_path(loc: Sequence[int | str]) -> str:
    """A pydantic location as the user reads it.

    ``('beratungsfolge', 1, 'sitzungstermine', 0)`` becomes
    ``beratungsfolge[1].sitzungstermine[0]``.
    """
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


MISSING = "Pflichtfeld fehlt"
"""The message of a required field that is not there (the model's or a Hausformat's)."""
NEEDED = "fehlt: "
"""The start of the message of a field the kind of paper needs (a beschlussvorschlag)."""
UNKNOWN = "unbekanntes Feld"
_MEANT = "; gemeint ist vielleicht "
_UNKNOWN_MEANT = re.compile(rf"{UNKNOWN}{_MEANT}'(\w+)'")

_MESSAGES = {
    "missing": MISSING,
    "string_too_short": "darf nicht leer sein",
    "string_type": "muss ein Text sein",
    "string_unicode": "enthält Zeichen, die kein Unicode-Text sind (einzelne Surrogate)",
    "list_type": "muss eine Liste sein",
    "tuple_type": "muss eine Liste sein",
    "dict_type": "muss eine Zuordnung 'Schlüssel: Wert' sein",
    "model_type": "muss eine Zuordnung 'Schlüssel: Wert' sein",
    "int_type": "muss eine ganze Zahl sein",
    "int_parsing": "muss eine ganze Zahl sein",
    "greater_than_equal": "muss mindestens {ge} sein",
    "too_short": "braucht mindestens {min_length} Eintrag/Einträge",
    "date_type": "muss ein Datum sein (z. B. 16.04.2018)",
    "date_parsing": "ist kein gültiges Datum (z. B. 16.04.2018)",
    "date_from_datetime_parsing": "ist kein gültiges Datum (z. B. 16.04.2018)",
    "date_from_datetime_inexact": "muss ein Datum ohne Uhrzeit sein",
    "datetime_type": "muss ein Zeitpunkt sein (z. B. 2026-12-10T18:00:00+01:00)",
    "datetime_parsing": "ist kein gültiger Zeitpunkt (z. B. 2026-12-10T18:00:00+01:00)",
    "datetime_from_date_parsing": (
        "ist kein gültiger Zeitpunkt (z. B. 2026-12-10T18:00:00+01:00)"),
    "vorlagen_moment": MOMENT,
    "float_type": "muss eine Zahl sein",
    "float_parsing": "muss eine Zahl sein",
    "bool_type": "muss ja/nein (true/false) sein",
    "bool_parsing": "muss ja/nein (true/false) sein",
    "path_type": "muss ein Dateipfad sein",
}


def german_message(error: ErrorDetails, model: type[BaseModel]) -> str:
    """A German message for a pydantic error, naming the offending value where useful."""
    kind = error["type"]
    context = error.get("ctx", {})
    if kind == "extra_forbidden":
        field = str(error["loc"][-1])
        known = _fields_at(model, error["loc"][:-1])
        return f"{UNKNOWN}{meant(field, known)} (bekannt: {', '.join(known)})"
    if kind == "literal_error":
        # pydantic joins the choices with an English "or".
        expected = str(context.get("expected", "")).replace(" or ", " oder ")
        return f"{error['input']!r} ist nicht erlaubt, erwartet: {expected}"
    if kind == "value_error":
        return str(context.get("error", error["msg"]))
    if error.get("input", "") is None and kind.endswith("_type"):
        return "darf nicht leer sein"
    template = _MESSAGES.get(kind)
    if template is None:
        if kind not in _PYDANTIC_KINDS:  # a plugin's own error: its own words
            return str(error["msg"])
        # one of pydantic's kinds not translated yet: German all the same, with the value
        return f"{_shown(error.get('input'))} ist hier kein gültiger Wert"
    message = template.format(**context)
    if kind.startswith("date") or kind.endswith("_parsing") or kind == "vorlagen_moment":
        message = f"{error['input']!r} {message}"
    return message


_PYDANTIC_KINDS = frozenset(get_args(ErrorType))
"""The kinds of error pydantic itself makes, whose texts are English; a plugin's own kind
(``PydanticCustomError``) carries the plugin's words."""


def _shown(value: Any) -> str:
    """A value as a message quotes it, at most 60 characters."""
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def meant(word: str, choices: Sequence[str], cutoff: float = 0.6) -> str:
    """``; gemeint ist vielleicht 'X'`` for the choice closest to ``word``: one that
    differs only in case first, else the closest spelling (at least ``cutoff`` alike,
    as difflib measures); "" if none is close."""
    close = [choice for choice in choices if choice.casefold() == word.casefold()]
    close = close or difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return f"{_MEANT}{close[0]!r}" if close else ""


def said_once(found: list[Problem]) -> list[Problem]:
    """``found`` without a required field's ``Pflichtfeld fehlt`` (or ``fehlt: ...``)
    where an unknown field beside it is that field misspelled: the unknown field's
    message already names it."""
    misspelled = {_beside(problem.field, match[1]) for problem in found
                  if (match := _UNKNOWN_MEANT.match(problem.message))}
    return [problem for problem in found
            if not (problem.message.startswith((MISSING, NEEDED))
                    and problem.field in misspelled)]


def _beside(field: str, name: str) -> str:
    """The field path of ``name`` next to the field ``field``."""
    parent = field.rpartition(".")[0]
    return f"{parent}.{name}" if parent else name


def _fields_at(model: type[BaseModel], loc: Sequence[int | str]) -> list[str]:
    """The fields of the model at ``loc``: a part that names a field goes into it, one
    that names the kind of a tagged union (``aufbau[3].betreff``) picks that model, any
    other (a key of a free mapping, an index) stays."""
    current = [model]
    for part in loc:
        if not isinstance(part, str):
            continue
        tagged = [found for found in current if _tagged(found, part)]
        if tagged:
            current = tagged
            continue
        inner = [found.model_fields[part].annotation for found in current
                 if part in found.model_fields]
        if inner:
            current = [found for annotation in inner for found in _models_in(annotation)]
        if not current:
            return []
    if len(current) != 1:
        return []
    return [_written(name, info) for name, info in current[0].model_fields.items()
            if not (get_origin(info.annotation) is Literal  # not the tag itself
                    and len(get_args(info.annotation)) == 1)]


def _written(name: str, info: FieldInfo) -> str:
    """The key a file writes for a field: its alias where it has one (the first of its
    choices, the others being old names), else its name."""
    alias = info.validation_alias
    if isinstance(alias, AliasChoices):
        first = alias.choices[0]
        return first if isinstance(first, str) else name
    if isinstance(alias, str):
        return alias
    return info.alias or name


def _tagged(model: type[BaseModel], tag: str) -> bool:
    """Whether ``model`` is the member of a tagged union whose tag is ``tag``."""
    return any(get_origin(info.annotation) is Literal and get_args(info.annotation) == (tag,)
               for info in model.model_fields.values())


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [found for argument in get_args(annotation) for found in _models_in(argument)]

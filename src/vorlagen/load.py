"""Loading a Vorlage from YAML (the main format), JSON or TOML.

Every problem is reported with the file, the field path and, for YAML, the line, so an
administrator can find it in the editor without reading a traceback.
"""

from __future__ import annotations

import difflib
import json
import os
import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from vorlagen.errors import InputError, Problem
from vorlagen.model import Vorlage

Loc = tuple[int | str, ...]
SUFFIXES = (".yaml", ".yml", ".json", ".toml")


class _Source:
    """The parsed data of one file, and where in the file each value stands."""

    def __init__(self, data: Any, root: yaml.Node | None = None) -> None:
        self.data = data
        self._root = root

    def line_of(self, loc: Loc) -> int | None:
        """The line of the value at ``loc``, or of its key; as deep as the file has it."""
        node = self._root
        if node is None:
            return None
        line = node.start_mark.line + 1
        for part in loc:
            step = _child(node, part)
            if step is None:
                break
            key, node = step
            line = (key or node).start_mark.line + 1
        return line


def _child(node: yaml.Node, part: int | str) -> tuple[yaml.Node | None, yaml.Node] | None:
    """The (key, value) nodes one step down from ``node``."""
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if key.value == part:
                return key, value
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        return (None, node.value[part]) if part < len(node.value) else None
    return None


def read_file(path: Path) -> _Source:
    """Parse a YAML, JSON or TOML file; an unreadable file is an InputError."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            str(path), [Problem("", f"unbekannte Dateiendung {suffix!r}, erwartet: "
                                    + ", ".join(SUFFIXES))]
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(str(path), [Problem("", "Datei nicht gefunden")]) from None
    except IsADirectoryError:
        raise InputError(str(path), [Problem("", "ist ein Ordner, keine Datei")]) from None
    except UnicodeDecodeError as error:
        raise InputError(
            str(path), [Problem("", f"ist nicht UTF-8-kodiert (Byte {error.start})")]
        ) from None
    except OSError as error:
        raise InputError(str(path), [Problem("", f"nicht lesbar: {error.strerror}")]) from None
    if suffix == ".json":
        return _read_json(path, text)
    if suffix == ".toml":
        return _read_toml(path, text)
    return _read_yaml(path, text)


class _TextLoader(yaml.SafeLoader):
    """YAML with every unquoted value read as text, except an empty one (null).

    YAML 1.1 guesses types: ``aktenzeichen: 0715`` would become the octal number 461,
    ``produkt: 3.10`` the float 3.1, ``datum: 2018-13-45`` a crash. The model converts
    text where it needs numbers or dates, so nothing the user wrote is lost on the way.
    """

    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML's own class attribute)
        first: [(tag, regexp) for tag, regexp in resolvers
                if tag in ("tag:yaml.org,2002:null", "tag:yaml.org,2002:merge")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _duplicate_keys(node: yaml.Node | None) -> list[Problem]:
    """Keys given twice in one mapping; YAML readers would silently keep the last."""
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, Loc]] = [(node, ())] if node is not None else []
    while stack:
        current, loc = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in current.value:
                name = str(key.value)
                if isinstance(key, yaml.ScalarNode):
                    if name in seen:
                        problems.append(Problem(field_path((*loc, name)),
                                                "Feld doppelt angegeben", key.start_mark.line + 1))
                    seen.add(name)
                stack.append((value, (*loc, name)))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, (*loc, index)) for index, item in enumerate(current.value))
    return sorted(problems, key=lambda problem: problem.line or 0)


def _read_yaml(path: Path, text: str) -> _Source:
    loader = _TextLoader(text)
    try:
        root = loader.get_single_node()
        if duplicates := _duplicate_keys(root):
            raise InputError(str(path), duplicates)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise InputError(
            str(path), [Problem("", f"kein gültiges YAML: {error.problem}", line)]
        ) from None
    except yaml.YAMLError as error:
        raise InputError(str(path), [Problem("", f"kein gültiges YAML: {error}")]) from None
    finally:
        loader.dispose()
    return _Source(data, root)


def _read_json(path: Path, text: str) -> _Source:
    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        counts = Counter(key for key, _ in pairs)
        twice = sorted(key for key, count in counts.items() if count > 1)
        if twice:
            raise InputError(str(path), [Problem(key, "Feld doppelt angegeben")
                                         for key in twice])
        return dict(pairs)

    try:
        return _Source(json.loads(text, object_pairs_hook=unique))
    except json.JSONDecodeError as error:
        raise InputError(
            str(path), [Problem("", f"kein gültiges JSON: {error.msg}", error.lineno)]
        ) from None


def _read_toml(path: Path, text: str) -> _Source:
    try:
        return _Source(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        raise InputError(str(path), [Problem("", f"kein gültiges TOML: {error}")]) from None


def load_vorlage(
    source: str | os.PathLike[str] | Mapping[str, Any], *, base_dir: Path | None = None
) -> Vorlage:
    """Load and validate a Vorlage from a file path or from already parsed data.

    Files named in the Vorlage (Anlagen) resolve against ``base_dir``, which defaults to
    the folder of the Vorlage file (or the current folder for a mapping).
    """
    if isinstance(source, Mapping):
        return validate(_Source(dict(source)), "<dict>", base_dir or Path.cwd())
    path = Path(source)
    return validate(read_file(path), str(path), base_dir or path.parent)


def validate(parsed: _Source, name: str, base_dir: Path) -> Vorlage:
    if not isinstance(parsed.data, dict):
        raise InputError(
            name,
            [Problem("", "erwartet Felder der Form 'Schlüssel: Wert' auf oberster Ebene")],
        )
    try:
        return Vorlage.model_validate(parsed.data, context={"base_dir": base_dir})
    except ValidationError as error:
        problems = [
            Problem(field_path(e["loc"]), german_message(e, Vorlage), parsed.line_of(e["loc"]))
            for e in error.errors(include_url=False)
        ]
        raise InputError(name, problems) from None


def field_path(loc: Sequence[int | str]) -> str:
    """A pydantic location as the user reads it.

    ``('beratungsfolge', 1, 'sitzungstermine', 0)`` becomes
    ``beratungsfolge[1].sitzungstermine[0]``.
    """
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


_MESSAGES = {
    "missing": "Pflichtfeld fehlt",
    "string_too_short": "darf nicht leer sein",
    "string_type": "muss ein Text sein",
    "string_unicode": "enthält Zeichen, die kein Unicode-Text sind (einzelne Surrogate)",
    "list_type": "muss eine Liste sein",
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
    "bool_type": "muss ja/nein (true/false) sein",
    "path_type": "muss ein Dateipfad sein",
}


def german_message(error: ErrorDetails, model: type[BaseModel]) -> str:
    """A German message for a pydantic error, naming the offending value where useful."""
    kind = error["type"]
    context = error.get("ctx", {})
    if kind == "extra_forbidden":
        field = str(error["loc"][-1])
        known = _fields_at(model, error["loc"][:-1])
        close = difflib.get_close_matches(field, known, n=1)
        hint = f"; gemeint ist vielleicht {close[0]!r}" if close else ""
        return f"unbekanntes Feld{hint} (bekannt: {', '.join(known)})"
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
        return str(error["msg"])
    message = template.format(**context)
    if kind.startswith("date") or kind.endswith("_parsing"):
        message = f"{error['input']!r} {message}"
    return message


def _fields_at(model: type[BaseModel], loc: Sequence[int | str]) -> list[str]:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, str):
            info = current.model_fields.get(part)
            current = _model_in(info.annotation) if info else None
    return list(current.model_fields) if current else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None

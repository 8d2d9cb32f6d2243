"""A Vorlage file read for the form and written back in its own format, comments and
key order kept.

The file stays the source of truth: the command line, git and colleagues keep working on
what the form saves. So saving changes only what the user changed: a value the form
gives back unchanged keeps its node (its comments, quoting and block style), a new key
goes in place of its commented sample (``# status: öffentlich``, as ``vorlagen new``
writes them) or else where the form has it, and comments stay with the key below them
(``yaml_comments``). YAML goes through ruamel.yaml's round trip, TOML through tomlkit's
(which keeps comments too; a new key without a sample goes where TOML allows it), JSON
keeps its key order and indentation. A file the form gives back unchanged is not written.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import tomlkit
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString
from tomlkit.exceptions import TOMLKitError

from vorlagen.errors import InputError, Problem
from vorlagen.files import write_atomic
from vorlagen.readfile import read_file
from vorlagen.serve import yaml_comments
from vorlagen.syntax_errors import toml_problem, yaml_problem


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line the user wrote
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


@dataclass(frozen=True)
class File:
    """A Vorlage file as read: its round-trip nodes (a ruamel.yaml ``CommentedMap``, a
    tomlkit document, or a dict in the file's key order) and its text."""

    path: Path
    nodes: Any
    text: str

    @property
    def version(self) -> str:
        """The version of the file (a hash of its text), to notice a change made beside
        the form."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:32]


def read(path: Path) -> File:
    """The file, read once.

    It is read as ``vorlagen validate`` reads it (``readfile.read_file``), so that a broken
    one gets the same German message with its line, and one too large, not UTF-8 or an
    alias bomb never reaches the round trip (which would keep the aliases, and
    ``as_text`` write them all out)."""
    source = read_file(path)
    if source.data is not None and not isinstance(source.data, dict):
        raise InputError(str(path), [Problem(
            "", "erwartet Felder der Form 'Schlüssel: Wert' auf oberster Ebene")])
    return File(path, _nodes(path, source.data, source.text), source.text)


def _nodes(path: Path, data: dict[str, Any] | None, text: str) -> Any:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return data or {}
    if suffix == ".toml":
        try:
            return tomlkit.parse(text)
        except TOMLKitError as error:
            raise InputError(str(path), [toml_problem(error, text)]) from None
    if data is None:
        return CommentedMap()
    try:
        nodes = _yaml().load(text)
    except YAMLError as error:
        raise InputError(str(path), [yaml_problem(error, text)]) from None
    except ValueError:  # a date ruamel.yaml reads as one, but that is none (2018-13-45)
        raise InputError(str(path), [_no_date(text)]) from None
    if not isinstance(nodes, CommentedMap):
        return CommentedMap()
    yaml_comments.attach(nodes)  # the comments above each key kept with it
    return nodes


_DATE = re.compile(r":[ \t]+(\d{4})-(\d\d?)-(\d\d?)[ \t]*(#.*)?$", re.MULTILINE)


def _no_date(text: str) -> Problem:
    """The first value written like a date (2018-13-45) that is none: ruamel.yaml reads
    such a value as a date, and fails on it without saying where."""
    line = None
    for match in _DATE.finditer(text):
        try:
            date(*(int(part) for part in match.groups()[:3]))
        except ValueError:
            line = text.count("\n", 0, match.start()) + 1
            break
    return Problem("", ("ein Wert geschrieben wie ein Datum (Jahr-Monat-Tag), der keines "
                        "ist; das Datum berichtigen, z. B. 2024-03-12 oder 12.03.2024"), line)


def as_text(value: Any) -> Any:
    """``value`` as the form holds it: mappings, lists and text (as vorlagen's own YAML
    reader sees every scalar); ``true``/``false`` for yes and no, "" for nothing."""
    if isinstance(value, Mapping):
        return {str(key): as_text(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [as_text(item) for item in value]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def same(old: Any, new: Any) -> bool:
    """Whether the node ``old`` stands for what the form gives as ``new``; a single value
    the form shows as a list of one (``beteiligungen: Sozialamt``) or as a text field
    (``sachverhalt: Text``) counts as the same."""
    text = as_text(old)
    if text == new:
        return True
    if isinstance(text, str) and text.strip():
        return new in ([text], {"text": text}, [{"text": text}]) or (
            isinstance(new, str) and new.strip() == text.strip())
    return False


def _position(keys: list[str], previous: str | None) -> int:
    """Where a new key goes: after the key the form has before it."""
    return keys.index(previous) + 1 if previous in keys else 0


def merged_yaml(old: Any, new: Any) -> Any:
    """``new`` (the form's data) as YAML nodes, reusing ``old``'s wherever it is the
    same value, so that comments, quoting and order survive."""
    if old is not None and same(old, new):
        return old
    if isinstance(new, dict):
        target = old if isinstance(old, CommentedMap) else CommentedMap()
        for key in [key for key in target if key not in new]:
            del target[key]
        previous: str | None = None
        for key, value in new.items():
            if key in target:
                target[key] = merged_yaml(target[key], value)
            else:
                target.insert(_position(list(target), previous), key, merged_yaml(None, value))
            previous = key
        return target
    if isinstance(new, list):
        seq = old if isinstance(old, CommentedSeq) else CommentedSeq()
        items = [merged_yaml(seq[index] if index < len(seq) else None, value)
                 for index, value in enumerate(new)]
        del seq[:]
        seq.extend(items)
        return seq
    if isinstance(new, str) and "\n" in new.strip():
        return LiteralScalarString(new.rstrip() + "\n")
    return new


def merged_document(old: Any, new: dict[str, Any]) -> CommentedMap:
    """The form's data ``new`` as the YAML file's top-level mapping ``old`` (its
    comments attached to the keys below them, as ``read`` leaves them): a removed key
    leaves the comments above the next key where they are, a new key goes where its
    commented sample stands (in place of the sample) or after the key the form has
    before it."""
    if not isinstance(old, CommentedMap):
        result = merged_yaml(None, new)
        return result if isinstance(result, CommentedMap) else CommentedMap()
    if same(old, new):
        return old
    for key in [key for key in old if key not in new]:
        yaml_comments.remove(old, key)
    previous: str | None = None
    for key, value in new.items():
        if key in old:
            old[key] = merged_yaml(old[key], value)
        else:
            yaml_comments.insert(old, key, merged_yaml(None, value),
                                 _position(list(old), previous))
        previous = key
    return old


def merged_json(old: Any, new: Any) -> Any:
    """``new`` with ``old``'s key order and values wherever they are the same."""
    if old is not None and same(old, new):
        return old
    if isinstance(new, dict):
        base = old if isinstance(old, dict) else {}
        keys = [key for key in base if key in new]
        previous: str | None = None
        for key in new:
            if key not in keys:
                keys.insert(_position(keys, previous), key)
            previous = key
        return {key: merged_json(base.get(key), new[key]) for key in keys}
    if isinstance(new, list):
        items = old if isinstance(old, list) else []
        return [merged_json(items[index] if index < len(items) else None, value)
                for index, value in enumerate(new)]
    return new


def merged_toml(old: Any, new: Any) -> Any:
    """``new`` into ``old``'s tomlkit tables in place, so that comments survive; a
    changed list is written anew, a text of several lines as a multi-line string."""
    if old is not None and same(old, new):
        return old
    if isinstance(new, dict) and isinstance(old, MutableMapping):
        for key in [key for key in old if key not in new]:
            del old[key]
        for key, value in new.items():
            item = old.get(key)
            result = merged_toml(item, value)
            if result is not item:
                old[key] = result
        return old
    if isinstance(new, dict):
        return {key: merged_toml(None, value) for key, value in new.items()}
    if isinstance(new, list):
        return [merged_toml(None, value) for value in new]
    if isinstance(new, str) and "\n" in new.strip():
        return tomlkit.string(new.rstrip() + "\n", multiline=True)
    return new


def _toml_samples(text: str, old: Any, new: dict[str, Any]) -> Any:
    """``old`` (the TOML file ``text`` parsed) with each new top-level key of ``new`` in
    place of its commented sample (``# key = …`` above the first table), which tomlkit
    would otherwise leave, putting the key after the last one above the first table."""
    lines = text.splitlines(keepends=True)
    placed = []
    for key, value in new.items():
        if key in old or _table(value):
            continue
        sample = re.compile(rf"#[ \t]?{re.escape(key)}[ \t]*=")
        for index, line in enumerate(lines):
            if line.lstrip().startswith("["):  # a table: the keys below are its own
                break
            if sample.match(line):
                lines[index] = tomlkit.dumps({key: merged_toml(None, value)})
                placed.append(key)
                break
    if not placed:
        return old
    try:
        nodes = tomlkit.parse("".join(lines))
    except TOMLKitError:
        return old
    return nodes if all(same(nodes.get(key), new[key]) for key in placed) else old


def _table(value: Any) -> bool:
    """Whether tomlkit writes ``value`` as a table (or tables) of its own."""
    return isinstance(value, dict) or (
        isinstance(value, list) and any(isinstance(item, dict) for item in value))


def _json_indent(text: str) -> int:
    match = re.search(r"\n( +)\S", text)
    return len(match.group(1)) if match else 2


def unchanged(file: File, new: dict[str, Any]) -> bool:
    """Whether the form's data ``new`` is what the file holds (saving it writes nothing)."""
    return same(file.nodes, new) or (not new and not file.nodes)


def save(file: File, new: dict[str, Any]) -> File:
    """Write ``new`` over the file as ``file`` has it, atomically, in its format; the
    file as written, for the next save. Nothing is written where the form gives the
    file's values back."""
    old = file.nodes
    if unchanged(file, new):
        return file
    suffix = file.path.suffix.lower()
    if suffix == ".json":
        data = merged_json(old, new)
        text = json.dumps(data, ensure_ascii=False, indent=_json_indent(file.text)) + "\n"
    elif suffix == ".toml":
        data = merged_toml(_toml_samples(file.text, old, new), new)
        if not isinstance(data, tomlkit.TOMLDocument):
            data = tomlkit.document()
        text = tomlkit.dumps(data)
    else:
        data = merged_document(old, new)
        stream = io.StringIO()
        _yaml().dump(data, stream)
        text = stream.getvalue()
    write_atomic(file.path, text.encode("utf-8"))
    return File(file.path, data, text)

"""A Vorlage file read for the form and written back, comments and key order kept.

The YAML file stays the source of truth: the command line, git and colleagues keep
working on what the form saves. So it is read with ruamel.yaml's round trip, and saving
changes only what the user changed: a value the form gives back unchanged keeps its node
(its comments, its quoting, its block style), a new key goes where the form has it.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from vorlagen.errors import InputError, Problem
from vorlagen.files import write_atomic
from vorlagen.load import read_file


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line the user wrote
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def read(path: Path) -> CommentedMap:
    """The file's mapping as ruamel.yaml's round-trip nodes.

    The file is first read as ``vorlagen validate`` reads it (``load.read_file``), so
    that a broken one gets the same German message with its line, and one too large, not
    UTF-8 or an alias bomb never reaches ruamel.yaml (which would keep the aliases, and
    ``as_text`` write them all out)."""
    source = read_file(path)
    if source.data is None:
        return CommentedMap()
    if not isinstance(source.data, dict):
        raise InputError(str(path), [Problem(
            "", "erwartet Felder der Form 'Schlüssel: Wert' auf oberster Ebene")])
    try:
        data = _yaml().load(path.read_bytes().decode("utf-8-sig"))
    except YAMLError as error:
        raise InputError(str(path), [Problem("", f"kein gültiges YAML: {error}")]) from None
    return data if isinstance(data, CommentedMap) else CommentedMap()


def as_text(value: Any) -> Any:
    """``value`` as the form holds it: mappings, lists and text (as vorlagen's own YAML
    reader sees every scalar); ``true``/``false`` for yes and no, "" for nothing."""
    if isinstance(value, dict):
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


def merged(old: Any, new: Any) -> Any:
    """``new`` (the form's data) as YAML nodes, reusing ``old``'s wherever it is the
    same value, so that comments, quoting and order survive."""
    if old is not None and _same(old, new):
        return old
    if isinstance(new, dict):
        target = old if isinstance(old, CommentedMap) else CommentedMap()
        for key in [key for key in target if key not in new]:
            del target[key]
        previous: str | None = None
        for key, value in new.items():
            if key in target:
                target[key] = merged(target[key], value)
            else:
                keys = list(target)
                position = keys.index(previous) + 1 if previous in keys else 0
                target.insert(position, key, merged(None, value))
            previous = key
        return target
    if isinstance(new, list):
        seq = old if isinstance(old, CommentedSeq) else CommentedSeq()
        items = [merged(seq[index] if index < len(seq) else None, value)
                 for index, value in enumerate(new)]
        del seq[:]
        seq.extend(items)
        return seq
    if isinstance(new, str) and "\n" in new.strip():
        return LiteralScalarString(new.rstrip() + "\n")
    return new


def _same(old: Any, new: Any) -> bool:
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


def dumps(data: CommentedMap) -> str:
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


def save(path: Path, old: CommentedMap, new: dict[str, Any]) -> CommentedMap:
    """Write ``new`` to ``path`` over ``old`` (what was read), atomically; the nodes
    written, for the next save."""
    data = merged(old, new)
    if not isinstance(data, CommentedMap):  # an empty form: an empty mapping
        data = CommentedMap()
    write_atomic(path, dumps(data).encode("utf-8"))
    return data

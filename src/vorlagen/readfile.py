"""Reading a YAML, JSON or TOML file into its data and where in the file each value
stands: the one reader of Vorlagen, Hausformate and data files, with its limits (size,
depth, aliases) and German messages naming the file and line.

Kept apart from ``vorlagen.load`` so that what reads files (Hausformate, data files, the
batch, the form) does not depend on loading a Vorlage.
"""

from __future__ import annotations

import json
import re
import stat
import tomllib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from vorlagen.errors import InputError, Problem, os_reason
from vorlagen.inputs import MAX_DEPTH, MAX_TEXT_FILE_BYTES
from vorlagen.messages import Loc, field_path
from vorlagen.syntax_errors import json_problem, toml_problem, yaml_problem

SUFFIXES = (".yaml", ".yml", ".json", ".toml")


class ParsedFile:
    """The parsed data of one file, and where in the file each value stands."""

    def __init__(self, data: Any, root: yaml.Node | None = None, *,
                 written: dict[str, str] | None = None) -> None:
        self.data = data
        self._root = root
        self.text = ""
        """The file's text as read (for a round trip that keeps its comments)."""
        self.duplicates: list[Problem] = []
        """Keys given twice, where the reader was asked to keep them (the last counts)."""
        self._written: dict[str, str] = written or {}
        """Top-level keys read under a new name: new → as written (an old name)."""

    def renamed(self, old: str, new: str) -> ParsedFile:
        """This file's data with its top-level key ``old`` read as ``new``; the line of
        ``new`` is that of ``old``."""
        source = ParsedFile({new if key == old else key: value
                             for key, value in self.data.items()}, self._root,
                            written={**self._written, new: old})
        source.text, source.duplicates = self.text, self.duplicates
        return source

    @property
    def root(self) -> yaml.Node | None:
        return self._root

    def line_of(self, loc: Loc) -> int | None:
        """The line of the value at ``loc``, or of its key; as deep as the file has it."""
        if self._root is None:
            return None
        line = self._root.start_mark.line + 1
        for key, node in self._steps(loc):
            line = (key or node).start_mark.line + 1
        return line

    def text_line(self, where: str, line_in_text: int) -> int | None:
        """The file's line of line ``line_in_text`` (from 1) of the text at ``where``
        (``sachverhalt[0].text``); a block scalar (``|``, ``>``) starts on the next line."""
        loc = _loc(where)
        steps = list(self._steps(loc))
        node = steps[-1][1] if steps else None
        if not isinstance(node, yaml.ScalarNode):  # a text written short (``sachverhalt:
            return None                             # Text``) stands where the path stops
        first = node.start_mark.line + (1 if node.style in ("|", ">") else 0)
        return first + line_in_text

    def _steps(self, loc: Loc) -> Iterator[tuple[yaml.Node | None, yaml.Node]]:
        """The (key, value) nodes along ``loc``, as far as the file has them."""
        node = self._root
        for index, part in enumerate(loc):
            if index == 0 and isinstance(part, str):
                part = self._written.get(part, part)
            step = _child(node, part) if node is not None else None
            if step is None:
                return
            yield step
            node = step[1]


def _loc(where: str) -> Loc:
    """``sachverhalt[0].text`` as ``("sachverhalt", 0, "text")``."""
    return tuple(int(part) if part.isdigit() else part
                 for part in re.findall(r"[^.\[\]]+", where))


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


def texts_in(data: Any) -> Iterator[str]:
    """Every string anywhere in parsed data, its lists and mappings walked without
    recursion: where a Vorlage may name a file."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str):
            yield value


def read_file(path: Path, *, keep_duplicates: bool = False) -> ParsedFile:
    """Parse a YAML, JSON or TOML file; an unreadable file is an InputError, and so is
    a key given twice unless ``keep_duplicates`` (then they are the source's
    ``duplicates``, to be reported with the file's other problems)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            str(path), [Problem("", f"unbekannte Dateiendung {suffix!r}, erwartet: "
                                    + ", ".join(SUFFIXES))]
        )
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise InputError(str(path), [Problem("", (
                "ist keine gewöhnliche Datei (ein Ordner, ein Gerät, eine Pipe?)"))])
        if info.st_size > MAX_TEXT_FILE_BYTES:
            raise InputError(str(path), [Problem("", (
                f"größer als {MAX_TEXT_FILE_BYTES // 2**20} MB; so groß ist keine Vorlage"))])
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(str(path), [Problem("", "Datei nicht gefunden")]) from None
    except IsADirectoryError:
        raise InputError(str(path), [Problem("", "ist ein Ordner, keine Datei")]) from None
    except UnicodeDecodeError as error:
        line = error.object[:error.start].count(b"\n") + 1
        raise InputError(str(path), [Problem("", (
            f"ist nicht UTF-8-kodiert (Byte {error.start}); im Editor als UTF-8 speichern"),
            line)]) from None
    except OSError as error:
        raise InputError(str(path), [Problem("", f"nicht lesbar: {os_reason(error)}")]) from None
    try:
        if suffix == ".json":
            source = _read_json(path, text, keep_duplicates)
        elif suffix == ".toml":
            source = _read_toml(path, text)
        else:
            source = _read_yaml(path, text, keep_duplicates)
    except RecursionError:
        source = None
    if source is None or _depth(source.data) > MAX_DEPTH:
        raise InputError(str(path), [Problem("", (
            f"zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen von Listen und "
            "Zuordnungen)"))])
    source.text = text
    return source


def _depth(data: Any) -> int:
    """How deep lists and mappings nest in ``data`` (at most ``MAX_DEPTH + 1``), walked
    without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            depth += 1
            if depth > MAX_DEPTH:
                return depth
            deepest = max(deepest, depth)
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth) for child in children)
    return deepest


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
    found: list[Problem] = []
    stack: list[tuple[yaml.Node, Loc]] = [(node, ())] if node is not None else []
    while stack:
        current, loc = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in current.value:
                name = str(key.value)
                if isinstance(key, yaml.ScalarNode):
                    if name in seen:
                        found.append(Problem(field_path((*loc, name)),
                                                "Feld doppelt angegeben", key.start_mark.line + 1))
                    seen.add(name)
                stack.append((value, (*loc, name)))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, (*loc, index)) for index, item in enumerate(current.value))
    return sorted(found, key=lambda problem: problem.line or 0)


MAX_VALUES = 1_000_000
"""The most values a YAML file may stand for once its aliases (``*name``) are written
out; a few lines of aliases can otherwise stand for billions."""


def _expanded_size(root: yaml.Node) -> int:
    """How many nodes ``root`` stands for with every alias written out (at most
    ``MAX_VALUES + 1``); each node is counted once, so the count stays quick for any
    file. A node that contains itself counts as too many."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done:
            total = 1 + sum(sizes[id(child)] for child in children)
            sizes[id(node)] = min(total, MAX_VALUES + 1)
            open_nodes.discard(id(node))
            continue
        if id(node) in open_nodes:  # reached again before it was finished: a cycle
            return MAX_VALUES + 1
        open_nodes.add(id(node))
        stack.append((node, True))
        for child in children:
            if id(child) in open_nodes:
                return MAX_VALUES + 1
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


_FastTextLoader: type[Any] | None = None
if yaml.__with_libyaml__:  # the same reading, by libyaml: about ten times as fast

    class _FastTextLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        yaml_implicit_resolvers = _TextLoader.yaml_implicit_resolvers


def _read_yaml(path: Path, text: str, keep_duplicates: bool = False) -> ParsedFile:
    """The YAML file's data and its nodes (for line numbers). libyaml reads it where
    PyYAML has it; a file it refuses is read again by PyYAML's own parser, whose messages
    the user gets (they name the line and the problem more precisely)."""
    if _FastTextLoader is not None:
        try:
            return _composed(path, _FastTextLoader(text), keep_duplicates)
        except yaml.YAMLError:
            pass
    try:
        return _composed(path, _TextLoader(text), keep_duplicates)
    except yaml.YAMLError as error:
        raise InputError(str(path), [yaml_problem(error, text)]) from None


def _composed(path: Path, loader: Any, keep_duplicates: bool = False) -> ParsedFile:
    """What ``loader`` reads from its text; YAML errors are left to the caller."""
    from babel.numbers import format_decimal

    try:
        root = loader.get_single_node()
        if root is not None and _expanded_size(root) > MAX_VALUES:
            most = format_decimal(MAX_VALUES, locale="de_DE")
            raise InputError(str(path), [Problem("", (
                f"zu viele Werte (über {most}, wenn alle Aliasse ausgeschrieben werden); "
                "Alias-Bombe?"))])
        duplicates = _duplicate_keys(root)
        if duplicates and not keep_duplicates:
            raise InputError(str(path), duplicates)
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    source = ParsedFile(data, root)
    source.duplicates = duplicates
    return source


def _read_json(path: Path, text: str, keep_duplicates: bool = False) -> ParsedFile:
    duplicates: list[Problem] = []

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        counts = Counter(key for key, _ in pairs)
        twice = sorted(key for key, count in counts.items() if count > 1)
        duplicates.extend(Problem(key, "Feld doppelt angegeben") for key in twice)
        if twice and not keep_duplicates:
            raise InputError(str(path), duplicates)
        return dict(pairs)

    try:
        source = ParsedFile(json.loads(text, object_pairs_hook=unique))
        source.duplicates = duplicates
        return source
    except ValueError as error:  # a JSONDecodeError, or a number of over 4300 digits
        raise InputError(str(path), [json_problem(error, text)]) from None


def _read_toml(path: Path, text: str) -> ParsedFile:
    try:
        return ParsedFile(tomllib.loads(text))
    except ValueError as error:  # a TOMLDecodeError, or a number of over 4300 digits
        raise InputError(str(path), [toml_problem(error, text)]) from None

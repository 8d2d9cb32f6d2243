"""The comments of a YAML Vorlage kept with the keys they stand above, so that the form
can add and remove keys without scattering them.

ruamel.yaml attaches the comment lines between two keys to the end of the FIRST key's
value (deep inside it, where that value is a list or mapping), so that a key inserted
after it, or a row appended to its list, lands below the next key's comments, and
deleting a key takes the next key's comments with it. A file made by ``vorlagen new``
consists of such comments: every field has a line saying what it is for, and the ones
not used stand there as a commented sample (``# tagesordnungspunkt: 4``).

``attach`` moves the whole comment lines above each key of the top-level mapping onto
that key (where ruamel.yaml keeps a key's comment lines "before", as
``CommentedMap.yaml_set_comment_before_after_key`` writes them), and those after the
last key to the end of the mapping (as ``yaml_end_comment_extend`` does). A comment at
the end of a value's own line, or indented into the value, stays with the value. The
text written out is the same. Then ``insert`` puts a new key where its commented sample
is (in place of the sample, below the sample's explanation) and ``remove`` deletes a key
leaving the comments above the following key where they are.

ruamel.yaml documents these helpers but not where its loader puts comments: reading
them out of ``ca.items`` (a mapping key's ``[post-key, pre-key, post-value, pre-value]``,
a list item's ``[post-item, pre-item]``) and ``ca.end``, and writing them back line by
line as ``CommentToken``s (as ``yaml_set_comment_before_after_key`` does, but keeping
the lines' own text), relies on that layout of ruamel.yaml 0.18/0.19.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

END = object()
"""The place after the last key (a new key whose sample stands there goes last)."""


def _token(line: str) -> CommentToken:
    """One whole line (its indentation, text and line end) as ruamel.yaml writes a
    comment line before a key."""
    text = line.lstrip(" ")
    return CommentToken(text or "\n", CommentMark(len(line) - len(text)))


def _column(token: Any) -> int:
    mark = getattr(token, "start_mark", None)
    return int(getattr(mark, "column", 0) or 0)


def _token_lines(tokens: Any) -> list[str]:
    """A list of comment tokens (each one or more whole lines) as lines."""
    lines: list[str] = []
    for token in tokens or []:
        value = token.value
        if not value:
            continue
        if value.startswith("#"):
            value = " " * _column(token) + value
        lines += value.splitlines(keepends=True)
    return [line if line.endswith("\n") else line + "\n" for line in lines]


def _block(map_: CommentedMap, key: Any) -> list[str]:
    entry = map_.ca.items.get(key)
    return _token_lines(entry[1]) if entry else []


def _set_block(map_: CommentedMap, key: Any, lines: list[str]) -> None:
    entry = map_.ca.items.setdefault(key, [None, None, None, None])
    entry[1] = [_token(line) for line in lines] or None


def _end(map_: CommentedMap) -> list[str]:
    return _token_lines(map_.ca.end)


def _set_end(map_: CommentedMap, lines: list[str]) -> None:
    map_.ca.end = [_token(line) for line in lines] or None
    if lines and map_.ca.comment is None:  # ruamel.yaml writes the end only beside it
        map_.ca.comment = [None, None]


@dataclass
class _Trail:
    """Comment lines after a value as ruamel.yaml holds them in one place: the end of
    the value's last line (``eol``: a comment there, or just the line end) and the whole
    lines below it; ``put`` stores what is kept there."""

    eol: str
    lines: list[str]
    put: Callable[[str, list[str]], None]


def _post(holder: Any, key: Any, slot: int, own_line: bool) -> _Trail | None:
    """The comment after the value ``holder[key]`` where ruamel.yaml keeps it in
    ``ca.items`` (slot 2 of a mapping key, 0 of a list item). ``own_line``: the token
    begins with the end of the value's line (not so after a block scalar, which ends
    with its line end)."""
    entry = holder.ca.items.get(key)
    token = entry[slot] if entry else None
    if token is None or not token.value:
        return None
    value = token.value
    eol = ""
    if own_line:
        cut = value.find("\n") + 1 or len(value)
        eol, value = value[:cut], value[cut:]

    def put(eol: str, lines: list[str]) -> None:
        text = eol + "".join(lines)
        entry[slot] = (None if not text or (own_line and text == "\n")
                       else CommentToken(text, token.start_mark))

    return _Trail(eol, value.splitlines(keepends=True), put)


def _ending(holder: Any) -> _Trail | None:
    """The comment lines ruamel.yaml keeps at the end of a list or mapping."""
    if not getattr(holder.ca, "end", None):
        return None

    def put(_eol: str, lines: list[str]) -> None:
        holder.ca.end = [_token(line) for line in lines] or None

    return _Trail("", _token_lines(holder.ca.end), put)


def _trails(holder: Any, key: Any) -> list[_Trail]:
    """Where ruamel.yaml may hold the comments after the value ``holder[key]``, in the
    order they are written: at the end of its last line, deepest first, then at the end
    of each list or mapping it closes."""
    value = holder[key]
    block = isinstance(value, CommentedMap | CommentedSeq) and len(value) > 0 \
        and not value.fa.flow_style()
    if block:
        last = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        found = _trails(value, last)
        ending = _ending(value)
        return [*found, ending] if ending else found
    post = _post(holder, key, 0 if isinstance(holder, CommentedSeq) else 2,
                 not isinstance(value, LiteralScalarString | FoldedScalarString))
    return [post] if post else []


def _is_own(line: str) -> bool:
    """Whether a line after a value belongs to what follows at the top level: a blank
    line or a comment in the first column (an indented comment belongs to the value)."""
    return not line.strip() or line.startswith("#")


def _take_after(map_: CommentedMap, key: Any) -> list[str]:
    """The whole comment lines after ``map_[key]`` that stand above what follows it,
    taken out of the places ruamel.yaml keeps them."""
    trails = _trails(map_, key)
    lines = [line for trail in trails for line in trail.lines]
    start = len(lines)
    while start > 0 and _is_own(lines[start - 1]):
        start -= 1
    taken, keep = lines[start:], start
    for trail in trails:
        kept, keep = trail.lines[:keep], max(0, keep - len(trail.lines))
        if kept != trail.lines:
            trail.put(trail.eol, kept)
    return taken


def attach(map_: CommentedMap) -> None:
    """Move the whole comment lines between the top-level keys onto the key below them,
    those after the last key to the mapping's end; the start of the file stays above the
    mapping, down to its last blank line (the lines after it are the first key's)."""
    keys = list(map_)
    if not keys:
        return
    if map_.ca.comment is not None and map_.ca.comment[1]:
        head = _token_lines(map_.ca.comment[1])
        cut = max((index + 1 for index, line in enumerate(head) if not line.strip()),
                  default=0)
        map_.ca.comment[1] = [_token(line) for line in head[:cut]] or None
        _set_block(map_, keys[0], head[cut:] + _block(map_, keys[0]))
    for key, following in zip(keys, [*keys[1:], END], strict=True):
        taken = _take_after(map_, key)
        if following is END:
            _set_end(map_, taken + _end(map_))
        else:
            _set_block(map_, following, taken + _block(map_, following))
    for key in keys:
        entry = map_.ca.items.get(key)
        if entry and entry[1] is not None:  # one token per line, as attach writes them
            _set_block(map_, key, _block(map_, key))
    if map_.ca.end:
        _set_end(map_, _end(map_))


def _following(map_: CommentedMap, key: Any) -> Any:
    keys = list(map_)
    index = keys.index(key) + 1
    return keys[index] if index < len(keys) else END


def _lines_of(map_: CommentedMap, place: Any) -> list[str]:
    return _end(map_) if place is END else _block(map_, place)


def _set_lines(map_: CommentedMap, place: Any, lines: list[str]) -> None:
    if place is END:
        _set_end(map_, lines)
    else:
        _set_block(map_, place, lines)


def remove(map_: CommentedMap, key: Any) -> None:
    """Delete ``key``; the comment lines above it stay where they are (above the key that
    follows), and the ones above the following key stay with that key."""
    following = _following(map_, key)
    lines = _block(map_, key)
    del map_[key]
    map_.ca.items.pop(key, None)
    if lines:
        _set_lines(map_, following, lines + _lines_of(map_, following))


_CONTINUED = re.compile(r"#( ?[ \t]| ?- )")
"""A commented line that continues a sample of several lines (``#   - titel: …``)."""


def _sample(lines: list[str], key: str) -> tuple[int, int] | None:
    """Where the commented sample of ``key`` (``# key: …`` and its indented lines) stands
    in ``lines``: its first line and the line after it."""
    first = re.compile(rf"# ?{re.escape(key)}[ \t]*:(\s|$)")
    for start, line in enumerate(lines):
        if first.match(line):
            stop = start + 1
            while stop < len(lines) and _CONTINUED.match(lines[stop]):
                stop += 1
            return start, stop
    return None


def insert(map_: CommentedMap, key: str, value: Any, position: int) -> None:
    """Insert the new ``key`` where its commented sample stands (the sample replaced by
    it, the lines above the sample kept above it), or else at ``position`` (after the
    key before it), below a blank line where the key it comes before has one."""
    places = [*map_, END]
    for place in places:
        lines = _lines_of(map_, place)
        found = _sample(lines, key)
        if found is None:
            continue
        start, stop = found
        _set_lines(map_, place, lines[stop:])
        map_.insert(len(map_) if place is END else list(map_).index(place), key, value)
        _set_block(map_, key, lines[:start])
        return
    following = places[position] if position < len(map_) else END
    lines = _lines_of(map_, following)
    map_.insert(position, key, value)
    map_.ca.items.pop(key, None)
    if lines and not lines[0].strip():
        _set_block(map_, key, ["\n"])

"""Column widths from what the columns hold, so that a table fits its page.

A short column ("Nr.") gets little room and a column of long texts ("Maßnahme") much; no
column is narrower than its longest word, so no word has to be broken inside (a word
may still be hyphenated where the language allows). This is the automatic table layout
of HTML and of the office programs, done before the file is written, because neither
Word nor LibreOffice applies it to a table whose widths are given, and a table without
widths is laid out differently by each.

Text widths are estimated character by character from the advance widths of Arial (and
its metric-compatible Liberation Sans), grouped coarsely; bold is a little wider. The
estimate only has to be good enough to share the width out; a little room is added to
every column, and hyphenation absorbs the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat

from vorlagen.tree import Block, Heading, ListBlock, Paragraph, Table, Text

_NARROW = frozenset("il.,:;'|!ìíîï")
_THIN = frozenset("fjtrI-()[]/ \u00a0")
_WIDE = frozenset("mwMW@%")
_DIGITS = frozenset("0123456789")
BOLD = 1.08
"""How much wider bold text is than regular text."""
CELL_PADDING = 8.5
"""Points of padding left and right in a cell together (0.15 cm each side)."""
SLACK = 0.6
"""Room added to every column, in units of the font size, for what the estimate misses."""


_WIDEST = 0.85
_USUAL = 0.55


def _advance(character: str) -> float:
    """About how wide a character of Arial is, in units of the font size."""
    if character in _NARROW:
        return 0.25
    if character in _THIN:
        return 0.33
    if character in _WIDE:
        return _WIDEST
    if character in _DIGITS:
        return 0.56
    if character.isupper():
        return 0.7
    return _USUAL


_ADVANCES = {character: _advance(character) for character in map(chr, range(32, 0x250))}


def text_width(text: str, font_size: float, bold: bool = False) -> float:
    """About how wide ``text`` is on one line, in points."""
    units = sum(map(_ADVANCES.get, text, repeat(_USUAL)))
    return units * font_size * (BOLD if bold else 1)


def _at_most(text: str, font_size: float, bold: bool) -> float:
    """A bound no text of this length exceeds: what is narrower needs no measuring."""
    return len(text) * _WIDEST * font_size * (BOLD if bold else 1)


@dataclass
class _Extent:
    """What one column needs, in points."""

    word: float = 0.0
    """The longest word: the least width without breaking a word inside."""
    text: float = 0.0
    """The longest paragraph on one line: the width beyond which nothing is gained."""


_RECENT: dict[int, tuple[Table, tuple[_Extent, ...]]] = {}
"""The extents of the tables measured last, with the table itself (so that its id stays
its own): a paper written as DOCX and ODT measures each table once, not once per format
(whose page widths and font sizes differ)."""
_MOST_RECENT = 16


def column_widths(table: Table, text_width: float, font_size: float = 10.0) -> list[float]:
    """The width of each column in points, together ``text_width``.

    Explicit widths in the tree (``Table.widths``) are kept as proportions; without them
    the widths come from the content. A table whose longest words do not fit even so
    gets widths in proportion to those words (the office program then has to hyphenate).
    """
    if table.widths:
        total = sum(table.widths) or 1.0
        return [text_width * width / total for width in table.widths]
    recent = _RECENT.get(id(table))
    if recent is not None and recent[0] is table:
        extents = recent[1]
    else:
        extents = _extents(table)
        if len(_RECENT) >= _MOST_RECENT:
            _RECENT.pop(next(iter(_RECENT)), None)
        _RECENT[id(table)] = (table, extents)
    room = CELL_PADDING + SLACK * font_size
    least = [extent.word * font_size + room for extent in extents]
    most = [max(extent.text, extent.word) * font_size + room for extent in extents]
    if sum(most) <= text_width:
        # Everything fits on one line: share the rest out by what each column holds.
        return [width * text_width / sum(most) for width in most]
    if sum(least) <= text_width:
        spare = text_width - sum(least)
        wants = [high - low for low, high in zip(least, most, strict=True)]
        return [low + spare * want / (sum(wants) or 1.0)
                for low, want in zip(least, wants, strict=True)]
    return [width * text_width / sum(least) for width in least]


def _extents(table: Table) -> tuple[_Extent, ...]:
    """What each column of the table needs at a font size of 1 point (widths grow with
    the font size, so one measuring serves every size)."""
    columns = max((sum(cell.span for cell in row) for row in table.rows), default=1)
    extents = [_Extent() for _ in range(columns)]
    # Most cells are one paragraph of one run: their texts are gathered (each once) and
    # measured together below; other cells are measured as they come.
    plain: list[set[tuple[str, bool]]] = [set() for _ in range(columns)]
    for row in table.rows:
        column = 0
        for cell in row:
            if cell.span == 1 and column < columns:
                blocks = cell.blocks
                first = blocks[0] if len(blocks) == 1 else None
                inlines = first.inlines if type(first) is Paragraph else ()
                run = inlines[0] if len(inlines) == 1 else None
                if type(run) is Text and "\n" not in run.text:
                    plain[column].add((run.text, run.bold))
                else:
                    _measure(blocks, extents[column], 1.0)
            column += cell.span
    for texts, extent in zip(plain, extents, strict=True):
        _plain(texts, extent, 1.0)
    return tuple(extents)


def _measure(blocks: tuple[Block, ...], extent: _Extent, font_size: float) -> None:
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            line: list[tuple[str, bool]] = []
            for inline in block.inlines:
                if not isinstance(inline, Text):
                    _line(line, extent, font_size)
                    line = []
                    continue
                for number, part in enumerate(inline.text.split("\n")):
                    if number:
                        _line(line, extent, font_size)
                        line = []
                    line.append((part, inline.bold))
            _line(line, extent, font_size)
        elif isinstance(block, ListBlock):
            for item in block.items:
                _measure(item, extent, font_size)


def _line(parts: list[tuple[str, bool]], extent: _Extent, font_size: float) -> None:
    """Measure one line of a paragraph; what cannot beat the widest so far is skipped
    (most cells of a long table), which keeps this cheap."""
    if sum(_at_most(text, font_size, bold) for text, bold in parts) > extent.text:
        extent.text = max(extent.text, sum(text_width(text, font_size, bold)
                                           for text, bold in parts))
    for text, bold in parts:
        if _at_most(text, font_size, bold) <= extent.word:
            continue  # no word of it can be longer than the longest so far
        for word in text.split():
            if _at_most(word, font_size, bold) > extent.word:
                extent.word = max(extent.word, text_width(word, font_size, bold))


def _plain(texts: set[tuple[str, bool]], extent: _Extent, font_size: float) -> None:
    """Measure single-line texts, the longest first: once a text's most possible width
    is below the widest measured, no shorter one can beat it."""
    def widest_first(item: tuple[str, bool]) -> float:
        return -_at_most(item[0], font_size, item[1])

    for text, bold in sorted(texts, key=widest_first):
        if _at_most(text, font_size, bold) <= extent.text:
            break
        extent.text = max(extent.text, text_width(text, font_size, bold))
    words = {(word, bold) for text, bold in texts for word in text.split()}
    for word, bold in sorted(words, key=widest_first):
        if _at_most(word, font_size, bold) <= extent.word:
            break
        extent.word = max(extent.word, text_width(word, font_size, bold))

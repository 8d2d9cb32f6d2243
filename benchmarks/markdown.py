"""The document tree as pandoc Markdown: the same text, so that pandoc can be timed on it.

Not a writer of vorlagen: it keeps what pandoc needs to produce a comparable file
(headings, emphasis, lists, tables with a header row) and drops the rest (styles, column
spans, the footer's page fields).
"""

from __future__ import annotations

import re

from vorlagen.tree import (
    Block,
    Cell,
    Document,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    PageBreak,
    Paragraph,
    Table,
    Text,
)

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+\-.!|])")


def markdown(document: Document) -> str:
    return "\n\n".join(part for block in document.body if (part := _block(block))) + "\n"


def _inlines(inlines: tuple[Inline, ...]) -> str:
    parts = []
    for inline in inlines:
        if isinstance(inline, Text):
            text = _SPECIAL.sub(r"\\\1", inline.text).replace("\n", "\\\n")
            if inline.bold and text.strip():
                text = f"**{text}**"
            if inline.italic and text.strip():
                text = f"*{text}*"
            parts.append(text)
        elif isinstance(inline, LineBreak):
            parts.append("\\\n")
    return "".join(parts)


def _block(block: Block, indent: str = "") -> str:
    if isinstance(block, Paragraph):
        return _inlines(block.inlines)
    if isinstance(block, Heading):
        return "#" * block.level + " " + _inlines(block.inlines)
    if isinstance(block, ListBlock):
        lines = []
        for number, item in enumerate(block.items, start=1):
            marker = f"{number}. " if block.ordered else "- "
            for index, child in enumerate(item):
                text = _block(child, indent + "    ")
                lead = indent + (marker if index == 0 else " " * len(marker))
                lines.append(lead + text.replace("\n", "\n" + indent + "    "))
        return "\n".join(lines)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, PageBreak):
        return "\\newpage"
    return ""


def _cell(cell: Cell) -> str:
    return " ".join(_block(child) for child in cell.blocks).replace("|", "\\|").replace(
        "\n", " ")


def _table(table: Table) -> str:
    columns = len(table.widths) or max((sum(cell.span for cell in row) for row in table.rows),
                                       default=1)
    rows = []
    for row in table.rows:
        cells = [_cell(cell) for cell in row]
        rows.append("| " + " | ".join(cells + [""] * (columns - len(cells))) + " |")
    if table.header_rows == 0:
        rows.insert(0, "|" + " |" * columns)
    rows.insert(1, "|" + "---|" * columns)
    return "\n".join(rows)

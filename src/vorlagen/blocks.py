"""Short constructors for the blocks sections and plugins make most: a paragraph of
plain text, a heading, a bullet list, a table cell. They save spelling out the tree."""

from __future__ import annotations

from collections.abc import Iterable

from vorlagen.tree import Cell, Heading, ListBlock, Paragraph, ParagraphRole, Text

NICHTOEFFENTLICH = "(nichtöffentlich)"
"""How the full version marks, where it stands, what the version for publication leaves
out: after a heading, an Anlage's title or a list entry."""


def marked(text: str, nichtoeffentlich: bool = True) -> str:
    """``text`` with the mark of nichtöffentliche content, if it is such."""
    return f"{text} {NICHTOEFFENTLICH}" if nichtoeffentlich else text


def paragraph(text: str, role: ParagraphRole = "body", *, bold: bool = False) -> Paragraph:
    return Paragraph((Text(text, bold=bold),), role=role)


def heading(level: int, text: str) -> Heading:
    return Heading(level, (Text(text),))


def bullets(items: Iterable[str]) -> ListBlock:
    """A bullet list with one plain paragraph per item."""
    return ListBlock(False, tuple((paragraph(item),) for item in items))


def cell(text: str, *, header: bool = False, bold: bool = False, span: int = 1) -> Cell:
    """A table cell of one paragraph, styled as header or body text."""
    return Cell((paragraph(text, "table-header" if header else "table-cell", bold=bold),),
                span=span)


def header_row(*titles: str) -> tuple[Cell, ...]:
    return tuple(cell(title, header=True) for title in titles)

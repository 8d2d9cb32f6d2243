"""The format-neutral document tree that every writer consumes.

Like pandoc's AST: blocks hold inline runs, and nothing here knows about Vorlagen,
DOCX or ODT. A writer maps each paragraph *role* to a named style of its template, so
the look lives in the template files, not in code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

ParagraphRole = Literal[
    "body",  # running text
    "title",  # the kind of paper, e.g. "Mitteilungsvorlage"
    "subject",  # the paper's own title (Betreff)
    "label",  # the small caption above a header field's value
    "table-header",  # text in a table's header row
    "table-cell",  # text in a table's body
    "footer",  # page footer
]
"""What a paragraph is for; each writer maps it to one named style."""

TableRole = Literal[
    "grid",  # a data table with borders and a header row
    "fields",  # label/value pairs laid out without borders (the header block)
]

FieldKind = Literal["page", "pages"]

Alignment = Literal["left", "center", "right"]


@dataclass(frozen=True, slots=True)
class Text:
    """A run of characters with one look."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A line break inside a paragraph."""


@dataclass(frozen=True, slots=True)
class Field:
    """A value the word processor computes, such as the current page number."""

    kind: FieldKind


Inline = Text | LineBreak | Field


@dataclass(frozen=True, slots=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    role: ParagraphRole = "body"
    keep_with_next: bool = False
    align: Alignment | None = None
    """Overrides the alignment of the role's style; None keeps the style's."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading; level 1 is the highest."""

    level: int
    inlines: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A bullet or numbered list; each item is a sequence of blocks (lists nest)."""

    ordered: bool
    items: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True, slots=True)
class Cell:
    blocks: tuple[Block, ...]
    span: int = 1
    """How many columns the cell covers (a group row spans the whole table)."""


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells; the first ``header_rows`` rows repeat on every page."""

    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...] = ()
    """Relative column widths, scaled to the text width; none (the default): widths from
    what the columns hold (``vorlagen.writers.columns``)."""
    header_rows: int = 0
    role: TableRole = "grid"


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


Block = Paragraph | Heading | ListBlock | Table | PageBreak


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str
    subject: str = ""
    author: str = ""
    keywords: tuple[str, ...] = ()
    language: str = "de-DE"
    created: datetime | None = None
    """When the document was made, as its properties show; None leaves it out. A date
    from the input (the Vorlage's ``datum``), so that the same input gives the same file."""


@dataclass(frozen=True, slots=True)
class Document:
    metadata: Metadata
    body: tuple[Block, ...]
    footer: tuple[Paragraph, ...] = field(default_factory=tuple)
    header: tuple[Paragraph, ...] = field(default_factory=tuple)
    """Paragraphs at the top of every page (Kopfzeile); none leaves the template's."""
    header_following: tuple[Paragraph, ...] = field(default_factory=tuple)
    """Paragraphs at the top of every page but the first, after ``header`` (e.g.
    "- 2 -"); none: every page alike."""
    landscape: bool = False
    """Pages in landscape (Querformat), for a wide table; the template's page turned."""
    placeholders: tuple[tuple[str, str], ...] = ()
    """Values for the placeholders of the template's page furniture (a letterhead's
    ``{{ behoerde }}``), by name; see ``vorlagen.writers.placeholders``."""


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The characters of some inline runs, line breaks as newlines, fields left out."""
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, Text):
            parts.append(inline.text)
        elif isinstance(inline, LineBreak):
            parts.append("\n")
    return "".join(parts)


def walk(blocks: Iterable[Block]) -> Iterator[Block]:
    """Every block, nested ones included (in list items and table cells), in document
    order: a block before the blocks inside it."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from walk(item)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    yield from walk(cell.blocks)


def document_texts(document: Document) -> Iterator[str]:
    """Every text of a document as it would be read: its metadata, the values of its
    template's placeholders, then each paragraph, heading, header and footer, runs
    joined (a name split over two runs is one text)."""
    meta = document.metadata
    yield from (meta.title, meta.subject, meta.author, *meta.keywords)
    yield from (value for _, value in document.placeholders)
    for block in walk((*document.header, *document.header_following, *document.body,
                       *document.footer)):
        if isinstance(block, Paragraph | Heading):
            yield plain_text(block.inlines)

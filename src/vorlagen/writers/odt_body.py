"""The body of an ODT paper: the document tree's blocks as OpenDocument text, and the
automatic styles they use (column widths, mixed lists, alignments, bold and italic).

Pure: what it writes depends only on the blocks and on what the package tells it (the
text width, the table font size, the template's cell styles and list levels); nothing
here opens or changes a package (``vorlagen.writers.odt`` does). Every block and inline
type of ``vorlagen.tree`` is matched, so mypy names a new one that is not written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import assert_never

from vorlagen.tree import (
    Block,
    Field,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    PageBreak,
    Paragraph,
    ParagraphRole,
    Table,
    Text,
    walk,
)
from vorlagen.writers.columns import column_widths
from vorlagen.writers.xmltext import escape

ROLE_STYLES: dict[ParagraphRole, str] = {
    "body": "Text_20_body",
    "title": "Title",
    "subject": "Betreff",
    "label": "Feldname",
    "table-header": "Tabellenkopf",
    "table-cell": "Tabelleninhalt",
    "footer": "Footer",
}
HEADING_STYLES = tuple(f"Heading_20_{level}" for level in range(1, 7))
LIST_PARAGRAPH_STYLES = {False: "List_20_Bullet", True: "List_20_Number"}
LIST_STYLES = {False: "Aufzaehlung", True: "Nummerierung"}
CELL_STYLES = {"header": "Tabellenkopfzelle", "grid": "Tabellenzelle", "fields": "Kopfdatenzelle"}


class OdtBody:
    """OpenDocument XML for blocks, built as strings, and the automatic styles they use."""

    def __init__(self, text_width: float, font_size: float, cell_styles: tuple[str, ...],
                 list_levels: Mapping[str, Mapping[str, str]]) -> None:
        self._tables = 0
        self._list_styles: set[str] = set()
        self._column_styles: set[str] = set()
        self._widths: dict[int, list[float]] = {}
        self._aligned_styles: set[str] = set()
        self.deepest_heading = 0
        """The deepest heading level of the body, known after ``prepare``."""
        self._list_levels = list_levels
        """The level definitions of each of the template's list styles, by level."""
        self._text_width = text_width
        """In points: the page's width between its margins."""
        self._font_size = font_size
        """The table cells' font size, in points."""
        self.text_styles = "".join(
            _text_style(name, bold, italic) for (bold, italic), name in _TEXT_STYLES.items())
        self._styles = [
            self.text_styles,
            *cell_styles,
            '<style:style style:name="vorlagen_seitenumbruch" style:family="paragraph" '
            'style:parent-style-name="Text_20_body">'
            '<style:paragraph-properties fo:break-before="page"/></style:style>',
            f'<style:style style:name="{_TABLE_STYLE}" style:family="table">'
            f'<style:table-properties style:width="{self._text_width:.2f}pt" '
            'table:align="margins" '
            'fo:margin-bottom="0.3cm" table:border-model="collapsing"/></style:style>',
        ]

    def _aligned(self, style: str, align: str) -> str:
        """An automatic style: ``style`` with another alignment. It goes into both
        content.xml and styles.xml (headers and footers), so ``prepare`` makes those of
        the body and ``text_styles`` those of headers and footers."""
        name = f"vorlagen_{align}_{style}"
        if name not in self._aligned_styles:
            self._aligned_styles.add(name)
            xml = (f'<style:style style:name="{name}" style:family="paragraph" '
                   f'style:parent-style-name="{style}"><style:paragraph-properties '
                   f'fo:text-align="{align}"/></style:style>')
            self._styles.append(xml)
            self.text_styles += xml
        return name

    def prepare(self, blocks: tuple[Block, ...]) -> None:
        """Make the automatic styles ``blocks`` will use (column widths, mixed lists):
        content.xml needs them before the body, which is streamed after them. Notes the
        deepest heading, whose style the template must have."""
        for block in walk(blocks):
            if isinstance(block, Table):
                for width in self._table_widths(block):
                    self._column_style(width)
            elif isinstance(block, ListBlock):
                self._list_style(block)
            elif isinstance(block, Heading):
                self.deepest_heading = max(self.deepest_heading, block.level)
            elif isinstance(block, Paragraph) and block.align is not None:
                # in a list item the paragraph takes the list's style
                for style in (ROLE_STYLES[block.role], *LIST_PARAGRAPH_STYLES.values()):
                    self._aligned(style, block.align)

    def blocks(self, blocks: tuple[Block, ...]) -> Iterator[str]:
        """The blocks' XML in pieces (a table row by row), for streaming."""
        for block in blocks:
            if isinstance(block, Table):
                yield from self._table(block)
            else:
                yield self.block(block)

    @property
    def automatic_styles(self) -> str:
        """The automatic styles of content.xml: the ones every body may use, and those
        ``prepare`` made for the columns and mixed lists of the body."""
        return "".join(self._styles)

    def block(self, block: Block) -> str:
        match block:
            case Paragraph():
                return self.paragraph(block)
            case Heading():
                level = min(block.level, len(HEADING_STYLES))
                return (f'<text:h text:outline-level="{level}" '
                        f'text:style-name="{HEADING_STYLES[level - 1]}">'
                        f"{_inlines(block.inlines)}</text:h>")
            case ListBlock():
                return self._list(block, top=True)
            case Table():
                return "".join(self._table(block))
            case PageBreak():
                return '<text:p text:style-name="vorlagen_seitenumbruch"/>'
            case _:
                assert_never(block)

    def paragraph(self, paragraph: Paragraph, style: str | None = None) -> str:
        style = style or ROLE_STYLES[paragraph.role]
        if paragraph.align is not None:
            style = self._aligned(style, paragraph.align)
        return f'<text:p text:style-name="{style}">{_inlines(paragraph.inlines)}</text:p>'

    def _list(self, block: ListBlock, top: bool) -> str:
        style = f' text:style-name="{self._list_style(block)}"' if top else ""
        parts = [f"<text:list{style}>"]
        for item in block.items:
            parts.append("<text:list-item>")
            for child in item:
                if isinstance(child, Paragraph):
                    parts.append(self.paragraph(child, LIST_PARAGRAPH_STYLES[block.ordered]))
                elif isinstance(child, ListBlock):
                    parts.append(self._list(child, top=False))
                else:
                    parts.append(self.block(child))
            parts.append("</text:list-item>")
        parts.append("</text:list>")
        return "".join(parts)

    def _list_style(self, block: ListBlock) -> str:
        """The list style of an outermost list.

        In ODF a nested list takes its numbering from the outermost list's style, so a
        bullet list inside a numbered one needs a style that numbers level 1 and bullets
        level 2. Such mixed styles are built as automatic styles from the levels of the
        template's two list styles, so the template still decides how they look.
        """
        kinds = _level_kinds(block)
        if all(kind == block.ordered for kind in kinds):
            return LIST_STYLES[block.ordered]
        name = "vorlagen_liste_" + "".join("n" if kind else "a" for kind in kinds)
        if name not in self._list_styles:
            levels = {kind: self._list_levels.get(LIST_STYLES[kind], {})
                      for kind in (False, True)}
            chosen = []
            for level in range(1, _LIST_LEVELS + 1):
                kind = kinds[level - 1] if level <= len(kinds) else block.ordered
                if (source := levels[kind].get(str(level))) is not None:
                    chosen.append(source)
            self._styles.append(
                f'<text:list-style style:name="{name}">{"".join(chosen)}</text:list-style>')
            self._list_styles.add(name)
        return name

    def _table_widths(self, table: Table) -> list[float]:
        """The table's column widths in points, worked out once per table."""
        widths = self._widths.get(id(table))
        if widths is None:
            widths = column_widths(table, self._text_width, self._font_size)
            self._widths[id(table)] = widths
        return widths

    def _column_style(self, width: float) -> str:
        """An automatic style for a column ``width`` points wide."""
        twips = round(width * 20)
        name = f"vorlagen_spalte_{twips}"
        if name not in self._column_styles:
            self._styles.append(
                f'<style:style style:name="{name}" style:family="table-column">'
                f'<style:table-column-properties style:column-width="{width:.2f}pt" '
                f'style:rel-column-width="{twips}*"/></style:style>')
            self._column_styles.add(name)
        return name

    def _table(self, table: Table) -> Iterator[str]:
        """The table's XML, one piece per row."""
        self._tables += 1
        name = f"Tabelle{self._tables}"
        columns = "".join(f'<table:table-column table:style-name="{self._column_style(w)}"/>'
                          for w in self._table_widths(table))
        yield f'<table:table table:name="{name}" table:style-name="{_TABLE_STYLE}">{columns}'
        empty = self.paragraph(Paragraph((), "table-cell"))
        for index, row in enumerate(table.rows):
            is_header = index < table.header_rows
            cell_style = CELL_STYLES["header" if is_header else table.role]
            parts = ["<table:table-header-rows>" if index == 0 and is_header else "",
                     "<table:table-row>"]
            for cell in row:
                blocks = cell.blocks
                if len(blocks) == 1 and type(blocks[0]) is Paragraph:  # most cells
                    content = self.paragraph(blocks[0])
                else:
                    content = "".join([self.block(child) for child in blocks]) or empty
                spanned = (f' table:number-columns-spanned="{cell.span}"' if cell.span > 1
                           else "")
                parts.append(f'<table:table-cell table:style-name="{cell_style}" '
                             f'office:value-type="string"{spanned}>{content}</table:table-cell>')
                parts.append("<table:covered-table-cell/>" * (cell.span - 1))
            parts.append("</table:table-row>")
            if index == table.header_rows - 1:
                parts.append("</table:table-header-rows>")
            yield "".join(parts)
        yield "</table:table>"



_TABLE_STYLE = "vorlagen_tabelle"
"""One automatic style for every table: the page's text width, a gap below."""

_TEXT_STYLES = {(True, False): "vorlagen_fett", (False, True): "vorlagen_kursiv",
                (True, True): "vorlagen_fettkursiv"}
"""Automatic text styles for bold and italic runs, as LibreOffice itself writes them."""


def _text_style(name: str, bold: bool, italic: bool) -> str:
    properties = []
    if bold:
        properties.append('fo:font-weight="bold" style:font-weight-asian="bold" '
                          'style:font-weight-complex="bold"')
    if italic:
        properties.append('fo:font-style="italic" style:font-style-asian="italic" '
                          'style:font-style-complex="italic"')
    return (f'<style:style style:name="{name}" style:family="text">'
            f'<style:text-properties {" ".join(properties)}/></style:style>')


_SPACES = re.compile("  +")


def _text(text: str) -> str:
    """Character data for ODF, which collapses white space: tabs, line breaks and every
    space after the first of a run become elements."""
    text = escape(text).replace("\t", "<text:tab/>").replace("\n", "<text:line-break/>")
    return _SPACES.sub(lambda run: f' <text:s text:c="{len(run.group()) - 1}"/>', text)


def _inlines(inlines: tuple[Inline, ...]) -> str:
    parts = []
    for inline in inlines:
        match inline:
            case Text():
                text = _text(inline.text)
                if inline.bold or inline.italic:
                    style = _TEXT_STYLES[inline.bold, inline.italic]
                    text = f'<text:span text:style-name="{style}">{text}</text:span>'
                parts.append(text)
            case LineBreak():
                parts.append("<text:line-break/>")
            case Field():
                parts.append('<text:page-number text:select-page="current">1</text:page-number>'
                             if inline.kind == "page" else "<text:page-count>1</text:page-count>")
            case _:
                assert_never(inline)
    return "".join(parts)



_LIST_LEVELS = 10
"""ODF list styles define ten levels."""


def _level_kinds(block: ListBlock) -> list[bool]:
    """Whether each nesting level of a list is numbered, taken from its first list there."""
    kinds: list[bool] = []
    level: list[ListBlock] = [block]
    while level:
        kinds.append(level[0].ordered)
        level = [child for current in level for item in current.items for child in item
                 if isinstance(child, ListBlock)]
    return kinds[:_LIST_LEVELS]

"""The body of a DOCX paper: the document tree's blocks as WordprocessingML text.

Pure: what it writes depends only on the blocks and on what the package tells it (the
template's style ids, its numbering instances, the text width and the table font
size); nothing here opens or changes a package (``vorlagen.writers.docx`` does). Every
block and inline type of ``vorlagen.tree`` is matched, so mypy names a new one that is
not written.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
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
)
from vorlagen.writers.columns import column_widths
from vorlagen.writers.xmltext import escape

ROLE_STYLES: dict[ParagraphRole, str] = {
    "body": "Body Text",
    "title": "Title",
    "subject": "Betreff",
    "label": "Feldname",
    "table-header": "Tabellenkopf",
    "table-cell": "Tabelleninhalt",
    "footer": "Footer",
}
HEADING_STYLES = tuple(f"Heading {level}" for level in range(1, 7))
BULLET_STYLES = ("List Bullet", "List Bullet 2", "List Bullet 3")
NUMBER_STYLES = ("List Number", "List Number 2", "List Number 3")
TABLE_STYLE = "Table Grid"


class DocxBody:
    """WordprocessingML for blocks, as text in pieces that the caller streams."""

    def __init__(self, styles: dict[str, str], bullet_num: int, text_width: float,
                 font_size: float) -> None:
        self._styles = styles
        """Style ids by name, as the template stores them."""
        self._bullet_num = bullet_num
        """The numbering instance of bulleted lists."""
        self._text_width = text_width
        """In points."""
        self._font_size = font_size
        self._list_numbers: deque[int] = deque()

    def number_lists(self, num_ids: Iterable[int]) -> None:
        """The numbering instance of each of the body's numbered lists, taken in the
        order the body writes them (the package makes them before it is saved)."""
        self._list_numbers.extend(num_ids)

    def blocks(self, blocks: tuple[Block, ...], depth: int = 0) -> Iterator[str]:
        """The blocks' XML in pieces (a table row by row), for streaming."""
        for block in blocks:
            match block:
                case ListBlock():
                    yield from self._list(block, depth)
                case Table():
                    yield from self._table(block)
                case Paragraph():
                    yield self.paragraph(block)
                case Heading():
                    style = HEADING_STYLES[min(block.level, len(HEADING_STYLES)) - 1]
                    yield self._paragraph(style, block.inlines)
                case PageBreak():
                    yield '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
                case _:
                    assert_never(block)

    def paragraph(self, paragraph: Paragraph) -> str:
        extra = "<w:keepNext/>" if paragraph.keep_with_next else ""
        if paragraph.align is not None:  # after keepNext, as WordprocessingML orders them
            extra += f'<w:jc w:val="{paragraph.align}"/>'
        return self._paragraph(ROLE_STYLES[paragraph.role], paragraph.inlines, extra)

    def _paragraph(self, style: str, inlines: tuple[Inline, ...], extra: str = "") -> str:
        runs = run(inlines[0]) if len(inlines) == 1 else "".join([run(i) for i in inlines])
        return f'<w:p><w:pPr><w:pStyle w:val="{self._styles[style]}"/>{extra}</w:pPr>{runs}</w:p>'

    def _list(self, block: ListBlock, depth: int) -> Iterator[str]:
        level = min(depth, 8)
        styles = NUMBER_STYLES if block.ordered else BULLET_STYLES
        style = styles[min(depth, len(styles) - 1)]
        num_id = (self._list_numbers.popleft() if block.ordered
                  else self._bullet_num)
        numbered = f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        indent = f'<w:ind w:left="{360 * (level + 1)}"/>'
        unnumbered = f'<w:numPr><w:numId w:val="0"/></w:numPr>{indent}'
        for item in block.items:
            first = True
            for child in item:
                if isinstance(child, Paragraph) and first:
                    yield self._paragraph(style, child.inlines, numbered)
                elif isinstance(child, Paragraph):
                    yield self._paragraph(style, child.inlines, unnumbered)
                else:
                    yield from self.blocks((child,), depth + 1)
                first = False

    def _table(self, table: Table) -> Iterator[str]:
        """The table's XML, one piece per row."""
        widths = [int(width * 20) for width in  # points to twentieths of a point
                  column_widths(table, self._text_width, self._font_size)]
        look = ('<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
                'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>')
        if table.role == "grid":
            style, borders = f'<w:tblStyle w:val="{self._styles[TABLE_STYLE]}"/>', ""
        else:
            sides = "".join(f'<w:{side} w:val="nil"/>' for side in
                            ("top", "left", "bottom", "right", "insideH", "insideV"))
            style, borders = "", f"<w:tblBorders>{sides}</w:tblBorders>"
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        yield (
            f'<w:tbl><w:tblPr>{style}<w:tblW w:w="{sum(widths)}" w:type="dxa"/>{borders}'
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
            f"</w:tblCellMar>{look}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        )
        for index, row in enumerate(table.rows):
            header = index < table.header_rows
            parts = ["<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header
                     else "<w:tr><w:trPr><w:cantSplit/></w:trPr>"]
            shade = '<w:shd w:val="clear" w:color="auto" w:fill="E6E6E6"/>' if header else ""
            column = 0
            for cell in row:
                width = sum(widths[column : column + cell.span])
                column += cell.span
                span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
                blocks = cell.blocks
                if len(blocks) == 1 and type(blocks[0]) is Paragraph:  # most cells
                    content = self.paragraph(blocks[0])
                else:
                    content = "".join(self.blocks(blocks)) or "<w:p/>"
                parts.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}'
                             f"{shade}</w:tcPr>{content}</w:tc>")
            parts.append("</w:tr>")
            yield "".join(parts)
        # Word needs a paragraph between two tables and after a table at the end of a cell.
        yield '</w:tbl><w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>'


def run(inline: Inline) -> str:
    """One inline as a WordprocessingML run (a field as its five runs)."""
    match inline:
        case Text():
            props = ("<w:b/><w:bCs/>" if inline.bold else "") + (
                "<w:i/><w:iCs/>" if inline.italic else "")
            rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
            text = escape(inline.text)
            text = text.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
            text = text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
            return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'
        case LineBreak():
            return "<w:r><w:br/></w:r>"
        case Field():
            instruction = "PAGE" if inline.kind == "page" else "NUMPAGES"
            return (
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                '<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
            )
        case _:
            assert_never(inline)

"""What a user would pick instead of vorlagen to write a long table, each building the
same table (header row repeated per page, group rows across all columns, text cells).

The table comes as rows of strings; a row of one string is a group row.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from vorlagen.tree import Table
from vorlagen.writers.xmltext import escape

Row = tuple[str, ...]


def rows_of(table: Table) -> list[Row]:
    """The text of a document-tree table, row by row."""

    def text(cell: Any) -> str:
        return "".join(getattr(inline, "text", "") for block in cell.blocks
                       for inline in getattr(block, "inlines", ()))

    return [tuple(text(cell) for cell in row) for row in table.rows]


def python_docx_add_row(rows: list[Row], template: Path) -> bytes:
    """python-docx's documented way: ``add_table``, then ``add_row`` and ``cell.text``."""
    from docx import Document
    from docx.oxml import OxmlElement

    document = Document(str(template))
    columns = len(rows[0])
    table = document.add_table(rows=1, cols=columns)
    table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, rows[0], strict=True):
        cell.text = text
    header_properties = table.rows[0]._tr.get_or_add_trPr()
    header_properties.append(OxmlElement("w:tblHeader"))  # no API for a repeating header
    for row in rows[1:]:
        cells = table.add_row().cells
        if len(row) == 1:
            merged = cells[0].merge(cells[-1])
            merged.text = row[0]
        else:
            for cell, text in zip(cells, row, strict=True):
                cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docxtpl_template(columns: int, template: Path) -> bytes:
    """A docxtpl template with the row loop, made once with python-docx (not timed)."""
    from docx import Document

    document = Document(str(template))
    table = document.add_table(rows=8, cols=columns)
    table.style = document.styles["Table Grid"]

    def merged(index: int, text: str) -> None:
        cells = table.rows[index].cells
        cells[0].merge(cells[-1]).text = text

    for cell, index in zip(table.rows[0].cells, range(columns), strict=True):
        cell.text = f"{{{{ header[{index}] }}}}"
    merged(1, "{%tr for row in rows %}")
    merged(2, "{%tr if row|length == 1 %}")
    merged(3, "{{ row[0] }}")
    merged(4, "{%tr else %}")
    for cell, index in zip(table.rows[5].cells, range(columns), strict=True):
        cell.text = f"{{{{ row[{index}] }}}}"
    merged(6, "{%tr endif %}")
    merged(7, "{%tr endfor %}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docxtpl_row_loop(rows: list[Row], template: bytes) -> bytes:
    """docxtpl's ``{%tr for %}`` loop: Jinja2 over the template's XML, then parsed."""
    from docxtpl import DocxTemplate

    document = DocxTemplate(io.BytesIO(template))
    document.render({"header": rows[0], "rows": rows[1:]}, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odfpy_elements(rows: list[Row], template: Path) -> bytes:
    """odfpy's documented way: one element object per table, row, cell and paragraph."""
    from odf import table as odftable
    from odf import teletype
    from odf import text as odftext
    from odf.opendocument import load

    document = load(str(template))
    columns = len(rows[0])
    table = odftable.Table(name="Tabelle1")
    table.addElement(odftable.TableColumn(numbercolumnsrepeated=columns))
    header = odftable.TableHeaderRows()
    table.addElement(header)
    for index, row in enumerate(rows):
        row_element = odftable.TableRow()
        for text in row:
            cell = odftable.TableCell(valuetype="string")
            paragraph = odftext.P(stylename="Tabelleninhalt")
            teletype.addTextToElement(paragraph, text)
            cell.addElement(paragraph)
            row_element.addElement(cell)
            if len(row) == 1:
                cell.setAttribute("numbercolumnsspanned", columns)
                for _ in range(columns - 1):
                    row_element.addElement(odftable.CoveredTableCell())
        (header if index == 0 else table).addElement(row_element)
    document.text.addElement(table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_floor(rows: list[Row]) -> bytes:
    """The least any writer must do: escape the text, join the row XML, deflate it."""
    columns = len(rows[0])
    parts = []
    for row in rows:
        span = f'<w:tcPr><w:gridSpan w:val="{columns}"/></w:tcPr>' if len(row) == 1 else ""
        parts.append("<w:tr>" + "".join(
            f"<w:tc>{span}<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p></w:tc>"
            for text in row) + "</w:tr>")
    xml = "<w:tbl>" + "".join(parts) + "</w:tbl>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml.encode())
    return out.getvalue()

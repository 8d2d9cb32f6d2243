"""Helpers for testing plugins: a small valid Vorlage to change, and a way to read back
the text of what was written."""

from __future__ import annotations

import io
import re
from typing import Any

BEISPIEL: dict[str, Any] = {
    "art": "Mitteilungsvorlage",
    "organisationseinheit": "Amt für Migration und Integration",
    "datum": "04.04.2018",
    "drucksachen_nr": "2018/077",
    "beratungsfolge": [
        {"gremium": "Kreistag", "sitzungsart": "öffentlich", "sitzungstermine": "07.05.2018"}
    ],
    "titel": "Testvorlage",
    "sachverhalt": "Ein Satz.",
}


def vorlage_data(**fields: Any) -> dict[str, Any]:
    """A valid Vorlage as parsed data, with ``fields`` set; pass it to ``load_vorlage``."""
    return {**BEISPIEL, **fields}


def docx_paragraphs(data: bytes) -> list[str]:
    """The text of each body paragraph of a DOCX, tables left out."""
    from docx import Document

    return [paragraph.text for paragraph in Document(io.BytesIO(data)).paragraphs]


def docx_tables(data: bytes) -> list[list[list[str]]]:
    """Each table of a DOCX as rows of cell texts."""
    from docx import Document

    return [[[cell.text for cell in row.cells] for row in table.rows]
            for table in Document(io.BytesIO(data)).tables]


def docx_words(data: bytes) -> list[str]:
    """Every word of a DOCX body in reading order, table cells included."""
    from docx import Document
    from docx.table import Table

    texts: list[str] = []

    def visit(container: Any) -> None:
        for item in container.iter_inner_content():
            if isinstance(item, Table):
                for row in item.rows:
                    for cell in row.cells:
                        visit(cell)
            else:
                texts.append(item.text)

    visit(Document(io.BytesIO(data)))
    return re.findall(r"\w+", "\n".join(texts))


def odt_words(data: bytes) -> list[str]:
    """Every word of an ODT body in reading order, table cells included."""
    from odf import teletype
    from odf.opendocument import load

    body = load(io.BytesIO(data)).text
    texts: list[str] = []

    def visit(element: Any) -> None:
        for child in element.childNodes:
            if child.nodeType != child.ELEMENT_NODE:
                continue
            if child.qname[1] in ("p", "h"):
                texts.append(teletype.extractText(child))
            else:
                visit(child)

    visit(body)
    return re.findall(r"\w+", "\n".join(texts))

"""Reopening written files the way their readers do, for assertions on real content."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

import docx
from odf import teletype
from odf.opendocument import load as load_odt

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO_NS = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"


def open_docx(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def open_odt(data: bytes) -> Any:
    return load_odt(io.BytesIO(data))


def docx_paragraphs(document: Any) -> list[Any]:
    """Every paragraph of the body in document order, table cells included."""
    found: list[Any] = []

    def visit(container: Any) -> None:
        for item in container.iter_inner_content():
            if isinstance(item, docx.table.Table):
                for row in item.rows:
                    for cell in row.cells:
                        visit(cell)
            else:
                found.append(item)

    visit(document)
    return found


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx_paragraphs(open_docx(data)))


def odt_blocks(document: Any) -> list[Any]:
    """Every text:p and text:h of the body in document order, table cells included."""
    found: list[Any] = []

    def visit(element: Any) -> None:
        for child in element.childNodes:
            if child.nodeType != child.ELEMENT_NODE:
                continue
            if child.qname in ((TEXT_NS, "p"), (TEXT_NS, "h")):
                found.append(child)
            else:
                visit(child)

    visit(document.text)
    return found


def odt_text(data: bytes) -> str:
    return "\n".join(teletype.extractText(p) for p in odt_blocks(open_odt(data)))


def odt_style(element: Any) -> str:
    return str(element.attributes.get((TEXT_NS, "style-name"), ""))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def first_missing_in_order(expected: list[str], actual: list[str]) -> int | None:
    """Index of the first expected word not found, in order, in ``actual``; None if all are."""
    position = 0
    for index, word in enumerate(expected):
        try:
            position = actual.index(word, position) + 1
        except ValueError:
            return index
    return None


def replace_part(package: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    """A zip package (DOCX, ODT, XLSX) with the part ``name`` changed by ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            target.writestr(entry, change(data) if entry.filename == name else data)
    return out.getvalue()

"""The writers on a document tree of their own: every block and inline kind, both formats."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from odf.table import Table as OdfTable
from odf.table import TableRow as OdfTableRow
from odf.text import LineBreak as OdfLineBreak
from odf.text import Span as OdfSpan

from tests import soffice
from tests.reading import (
    FO_NS,
    STYLE_NS,
    TABLE_NS,
    TEXT_NS,
    W,
    docx_paragraphs,
    odt_blocks,
    odt_style,
    open_docx,
    open_odt,
)
from vorlagen import render_document
from vorlagen.tree import (
    Cell,
    Document,
    Field,
    Heading,
    LineBreak,
    ListBlock,
    Metadata,
    PageBreak,
    Paragraph,
    Table,
    Text,
)

ROWS = 120


def _cell(text: str, header: bool = False) -> Cell:
    return Cell((Paragraph((Text(text),), role="table-header" if header else "table-cell"),))


TREE = Document(
    metadata=Metadata(title="Baum", subject="Prüfung", author="Test", keywords=("a", "b")),
    body=(
        Heading(1, (Text("Eins"),)),
        Heading(2, (Text("Zwei"),)),
        Heading(5, (Text("Fünf"),)),
        Paragraph((Text("normal "), Text("fett", bold=True), Text(" "),
                   Text("kursiv", italic=True), Text(" "),
                   Text("beides", bold=True, italic=True), LineBreak(), Text("neue Zeile"))),
        ListBlock(ordered=False, items=((Paragraph((Text("Punkt"),)),),)),
        PageBreak(),
        Paragraph((Text("Nach dem Umbruch"),)),
        Table(rows=(
            (_cell("Kopf A", True), _cell("Kopf B", True)),
            *((_cell(f"Zeile {n}"), _cell(f"Wert {n}")) for n in range(ROWS)),
        ), widths=(1, 2), header_rows=1),
    ),
    footer=(Paragraph((Text("Seite "), Field("page"), Text(" von "), Field("pages")),
                      role="footer"),),
)


@pytest.fixture(scope="module")
def outputs() -> dict[str, bytes]:
    return {format: render_document(TREE, format) for format in ("docx", "odt")}


def test_docx_blocks_and_runs(outputs: dict[str, bytes]) -> None:
    document = open_docx(outputs["docx"])
    paragraphs = {p.text: p for p in docx_paragraphs(document)}
    assert paragraphs["Eins"].style.name == "Heading 1"
    assert paragraphs["Zwei"].style.name == "Heading 2"
    assert paragraphs["Fünf"].style.name == "Heading 5"  # nested levels keep their level
    mixed = paragraphs["normal fett kursiv beides\nneue Zeile"]
    looks = {run.text: (bool(run.bold), bool(run.italic)) for run in mixed.runs if run.text}
    assert looks["fett"] == (True, False)
    assert looks["kursiv"] == (False, True)
    assert looks["beides"] == (True, True)
    assert looks["normal "] == (False, False)
    body = document.element.body
    assert len(body.findall(f".//{W}br[@{W}type='page']")) == 1
    properties = document.core_properties
    assert (properties.title, properties.subject, properties.author) == ("Baum", "Prüfung", "Test")
    assert properties.keywords == "a, b"


def test_docx_table_header_repeats_and_rows_do_not_split(outputs: dict[str, bytes]) -> None:
    table = open_docx(outputs["docx"]).tables[0]
    assert len(table.rows) == ROWS + 1
    assert [c.text for c in table.rows[0].cells] == ["Kopf A", "Kopf B"]
    header_flags = [row._tr.find(f"{W}trPr/{W}tblHeader") is not None for row in table.rows]
    assert header_flags == [True] + [False] * ROWS
    assert all(row._tr.find(f"{W}trPr/{W}cantSplit") is not None for row in table.rows)
    widths = [int(col.get(f"{W}w")) for col in table._tbl.findall(f"{W}tblGrid/{W}gridCol")]
    assert widths[1] == pytest.approx(2 * widths[0], rel=0.01)


def _automatic_style(document: Any, name: str) -> Any:
    return next(s for s in document.automaticstyles.childNodes
                if s.attributes.get((STYLE_NS, "name")) == name)


def test_odt_blocks_and_runs(outputs: dict[str, bytes]) -> None:
    document = open_odt(outputs["odt"])
    headings = [b for b in odt_blocks(document) if b.qname == (TEXT_NS, "h")]
    assert [(odt_style(h), h.attributes[(TEXT_NS, "outline-level")]) for h in headings] == [
        ("Heading_20_1", "1"), ("Heading_20_2", "2"), ("Heading_20_5", "5")]
    spans = {str(span): _automatic_style(document, span.attributes[(TEXT_NS, "style-name")])
             for span in document.text.getElementsByType(OdfSpan)}
    fett = spans["fett"].childNodes[0].attributes
    assert fett[(FO_NS, "font-weight")] == "bold"
    assert (FO_NS, "font-style") not in fett
    assert spans["kursiv"].childNodes[0].attributes[(FO_NS, "font-style")] == "italic"
    beides = spans["beides"].childNodes[0].attributes
    assert (beides[(FO_NS, "font-weight")], beides[(FO_NS, "font-style")]) == ("bold", "italic")
    assert len(document.text.getElementsByType(OdfLineBreak)) == 1
    breaks = [b for b in odt_blocks(document) if odt_style(b) == "vorlagen_seitenumbruch"]
    assert len(breaks) == 1
    properties = _automatic_style(document, "vorlagen_seitenumbruch").childNodes[0]
    assert properties.attributes[(FO_NS, "break-before")] == "page"


def test_odt_table_header_rows(outputs: dict[str, bytes]) -> None:
    document = open_odt(outputs["odt"])
    (table,) = document.text.getElementsByType(OdfTable)
    (header,) = [c for c in table.childNodes if c.qname == (TABLE_NS, "table-header-rows")]
    assert len(header.childNodes) == 1
    rows = [row for row in table.getElementsByType(OdfTableRow)]
    assert len(rows) == ROWS + 1


@pytest.mark.libreoffice
def test_libreoffice_repeats_the_header_row(outputs: dict[str, bytes], tmp_path: Path) -> None:
    """Laid out by LibreOffice, the long table spans pages and each starts with its header."""
    sources = soffice.save(outputs, tmp_path, "baum")
    for pdf in soffice.convert(sources, "pdf", tmp_path):
        pages = soffice.pdf_pages(pdf)
        assert len(pages) >= 3, pdf.name
        assert "Nach dem Umbruch" not in pages[0]
        assert "Nach dem Umbruch" in pages[1]
        table_pages = [page for page in pages if re.search(r"Zeile \d+", page)]
        assert len(table_pages) >= 2
        for page in table_pages:
            assert page.split().index("Kopf") < page.split().index("Zeile"), pdf.name

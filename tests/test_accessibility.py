"""Accessible output (BITV 2.0, PDF/UA as far as LibreOffice gives it), checked in the
DOCX, the ODT and the PDF of every example in both designs: language and title, headings
as heading styles in an unbroken outline, table header rows marked, lists as lists, alt
text on every picture, and a tagged PDF with its structure tree."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document as open_docx
from docx.oxml.ns import qn
from lxml import etree
from pypdf import PdfReader

from tests import soffice
from tests.conftest import EXAMPLE, ROOT
from vorlagen import load_vorlage
from vorlagen.cli import cli
from vorlagen.paper import build
from vorlagen.render import render_files
from vorlagen.tree import Heading, ListBlock, Table, walk

EXAMPLES = sorted((ROOT / "examples").glob("*/vorlage.yaml"))
DESIGNS = [ROOT / "templates" / "standard", ROOT / "templates" / "briefkopf"]
NS = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}
DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def _unbroken(levels: list[int]) -> bool:
    """Whether an outline starts at level 1 and never skips a level going down."""
    previous = 0
    for level in levels:
        if level > previous + 1:
            return False
        previous = level
    return True


def _cases() -> list[Any]:
    return [pytest.param(example, design, id=f"{example.parent.name}-{design.name}")
            for example in EXAMPLES for design in DESIGNS]


@pytest.mark.parametrize(("example", "design"), _cases())
def test_docx_and_odt_are_accessible(example: Path, design: Path) -> None:
    vorlage = load_vorlage(example)
    paper = build(vorlage)
    trees = [paper.document, *(anlage.document for anlage in paper.anlagen)]
    files = dict(render_files(vorlage, ["docx", "odt"], design=design))
    stems = [name.removesuffix(".docx") for name in files if name.endswith(".docx")]
    assert len(stems) == len(trees)
    for stem, tree in zip(stems, trees, strict=True):
        grid_headers = [block.header_rows for block in walk(tree.body)
                        if isinstance(block, Table)]
        lists = sum(1 for block in walk(tree.body) if isinstance(block, ListBlock))
        assert _unbroken([b.level for b in walk(tree.body) if isinstance(b, Heading)]), stem
        _check_docx(files[f"{stem}.docx"], tree.metadata.title, grid_headers, lists)
        _check_odt(files[f"{stem}.odt"], tree.metadata.title, grid_headers, lists)


def _check_docx(data: bytes, title: str, header_rows: list[int], lists: int) -> None:
    document = open_docx(io.BytesIO(data))
    assert document.core_properties.language == "de-DE"
    assert document.core_properties.title == title
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    assert [lang.get(qn("w:val")) for lang in defaults.iter(qn("w:lang"))] == ["de-DE"]
    body = document.element.body
    levels = []
    for paragraph in document.paragraphs:
        name = paragraph.style.name if paragraph.style is not None else ""
        if name.startswith("Heading "):
            levels.append(int(name.split()[1]))
            # a real heading style: one with an outline level that Word's navigation uses
            assert paragraph.style is not None
            outline = paragraph.style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
            assert outline is not None and int(outline.get(qn("w:val"))) == levels[-1] - 1
    assert _unbroken(levels)
    tables = body.findall(qn("w:tbl"))
    assert len(tables) == len(header_rows)
    for table, rows in zip(tables, header_rows, strict=True):
        marked = [row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
                  for row in table.findall(qn("w:tr"))]
        assert marked[:rows] == [True] * rows and not any(marked[rows:])
    numbered = [p for p in body.iter(qn("w:p"))
                if p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}") is not None]
    assert bool(numbered) == bool(lists)
    parts = [document.element] + [part._element for section in document.sections
                                  for part in (section.header, section.first_page_header,
                                               section.footer, section.first_page_footer)
                                  if not part.is_linked_to_previous]
    for element in parts:
        for picture in element.iter(DOCPR):
            assert (picture.get("descr") or "").strip(), "a picture without alt text"


def _check_odt(data: bytes, title: str, header_rows: list[int], lists: int) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        meta = etree.fromstring(archive.read("meta.xml"))
        content = etree.fromstring(archive.read("content.xml"))
        styles = etree.fromstring(archive.read("styles.xml"))
    assert meta.findtext(".//dc:language", namespaces=NS) == "de-DE"
    assert meta.findtext(".//dc:title", namespaces=NS) == title
    default = styles.find(".//style:default-style[@style:family='paragraph']/"
                          "style:text-properties", NS)
    assert default is not None
    assert (default.get(f"{{{NS['fo']}}}language"), default.get(f"{{{NS['fo']}}}country")) \
        == ("de", "DE")
    levels = [int(h.get(f"{{{NS['text']}}}outline-level") or 0)
              for h in content.iter(f"{{{NS['text']}}}h")]
    assert _unbroken(levels)
    tables = [t for t in content.iter(f"{{{NS['table']}}}table")]
    assert len(tables) == len(header_rows)
    for table, rows in zip(tables, header_rows, strict=True):
        header = table.find("table:table-header-rows", NS)
        found = 0 if header is None else len(header.findall("table:table-row", NS))
        assert found == rows
    assert bool(list(content.iter(f"{{{NS['text']}}}list"))) == bool(lists)
    for root in (content, styles):
        for frame in root.iter(f"{{{NS['draw']}}}frame"):
            alt = frame.findtext("svg:title", namespaces=NS) or frame.findtext(
                "svg:desc", namespaces=NS)
            assert (alt or "").strip(), "a picture without alt text"


@pytest.fixture(scope="module")
def tagged_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if soffice.soffice() is None:
        pytest.fail("LibreOffice (soffice) is not installed; `make test` installs it")
    out = tmp_path_factory.mktemp("pdf")
    result = CliRunner().invoke(cli, ["render", str(EXAMPLE), "-o", str(out), "-f", "pdf",
                                      "--design", "briefkopf"])
    assert result.exit_code == 0, result.output
    return out / "2018-077.pdf"


def _catalog(reader: PdfReader) -> Any:
    """The PDF's document catalog (its root dictionary)."""
    return reader.trailer["/Root"]


def _structure(node: Any, found: Counter[str], alts: list[str], headings: list[int]) -> None:
    node = node.get_object()
    if not isinstance(node, dict):
        return
    kind = str(node.get("/S", ""))
    if kind:
        found[kind] += 1
        if kind == "/Figure":
            alts.append(str(node.get("/Alt", "")))
        if len(kind) == 3 and kind.startswith("/H") and kind[2].isdigit():
            headings.append(int(kind[2]))
    children = node.get("/K")
    for child in children if isinstance(children, list) else [children]:
        if child is not None:
            _structure(child, found, alts, headings)


@pytest.mark.libreoffice
def test_the_pdf_has_a_structure_tree_with_headings_tables_lists_and_alt_text(
        tagged_pdf: Path) -> None:
    reader = PdfReader(tagged_pdf)
    root = _catalog(reader)
    assert root["/Lang"] == "de-DE"
    assert reader.metadata is not None
    assert reader.metadata.title == "Integrationskonzept; Sachstandsbericht"
    found: Counter[str] = Counter()
    alts: list[str] = []
    headings: list[int] = []
    _structure(root["/StructTreeRoot"], found, alts, headings)
    assert found["/Document"] == 1
    assert headings and _unbroken(headings)
    assert found["/Table"] >= 2 and found["/TH"] >= 3 and found["/TD"] > found["/TH"]
    assert found["/L"] >= 2 and found["/LI"] >= 10
    assert alts == ["Wappen der Behörde"]

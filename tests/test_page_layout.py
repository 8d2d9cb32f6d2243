"""Tables fit their page: widths from the content and the template's page, landscape
where a plugin asks for it; German hyphenation and current settings in both formats."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx.enum.section import WD_ORIENT
from odf.table import Table as OdfTable
from odf.table import TableColumn

from tests.reading import STYLE_NS, TABLE_NS, W, open_docx, open_odt, replace_part
from vorlagen.blocks import cell, header_row
from vorlagen.render import render_document
from vorlagen.templates import standard_design
from vorlagen.tree import Document, Metadata, Table
from vorlagen.writers.columns import column_widths

ROWS = (
    header_row("Nr.", "Maßnahme", "Zuständigkeit", "Status"),
    *((cell(f"SP-{n:02}"), cell("Sprachförderung in Kindertageseinrichtungen – Verstetigung "
                                "und Ausbau der Angebote im ländlichen Raum"),
       cell("Referat Integration"), cell("zurückgestellt")) for n in range(1, 30)),
)
TABLE = Table(ROWS, header_rows=1)


def _document(*, landscape: bool = False) -> Document:
    return Document(Metadata("Breiten"), (TABLE,), landscape=landscape)


def test_widths_come_from_the_content() -> None:
    nr, massnahme, zustaendigkeit, status = column_widths(TABLE, 468)
    assert sum((nr, massnahme, zustaendigkeit, status)) == pytest.approx(468)
    assert nr < status < zustaendigkeit < massnahme
    assert nr < 60 and massnahme > 200
    # No column narrower than its longest word ("Kindertageseinrichtungen", bold headers).
    assert zustaendigkeit > 10 * 0.55 * len("Zuständigkeit")
    assert massnahme > 10 * 0.55 * len("Kindertageseinrichtungen")


def test_explicit_widths_stay_proportions() -> None:
    assert column_widths(Table(ROWS, widths=(1, 3, 1, 1)), 600) == [100, 300, 100, 100]


def _docx_columns(data: bytes) -> list[int]:
    table = open_docx(data).tables[0]
    return [int(col.get(f"{W}w")) for col in table._tbl.findall(f"{W}tblGrid/{W}gridCol")]


def _odt_columns(data: bytes) -> tuple[str, list[float]]:
    """The table's width and its columns' widths, in points, from the automatic styles."""
    document = open_odt(data)
    styles = {s.attributes.get((STYLE_NS, "name")): s
              for s in document.automaticstyles.childNodes}
    table = document.text.getElementsByType(OdfTable)[0]
    width = styles[table.attributes[(TABLE_NS, "style-name")]].childNodes[0].attributes[
        (STYLE_NS, "width")]
    columns = []
    for column in table.getElementsByType(TableColumn):
        properties = styles[column.attributes[(TABLE_NS, "style-name")]].childNodes[0]
        columns.append(float(properties.attributes[(STYLE_NS, "column-width")][:-2]))
    return width, columns


def test_both_writers_use_the_widths_from_the_content() -> None:
    expected = column_widths(TABLE, 16.5 / 2.54 * 72, 10)
    docx = _docx_columns(render_document(_document(), "docx"))
    assert docx == pytest.approx([w * 20 for w in expected], abs=2)
    width, odt = _odt_columns(render_document(_document(), "odt"))
    assert odt == pytest.approx(expected, abs=0.01)
    assert float(width[:-2]) == pytest.approx(16.5 / 2.54 * 72, abs=0.05)


def _template_with_margins(folder: Path, left_cm: float) -> Path:
    """The standard templates with a wider left margin (ODT) in ``folder``."""
    folder.mkdir()
    shutil.copy(standard_design() / "design.docx", folder / "design.docx")
    source = (standard_design() / "design.odt").read_bytes()
    (folder / "design.odt").write_bytes(replace_part(source, "styles.xml", lambda xml: xml.replace(
        b'fo:margin-left="2.5cm"', f'fo:margin-left="{left_cm}cm"'.encode(), 1)))
    return folder


def test_odt_tables_take_the_text_width_of_the_template(tmp_path: Path) -> None:
    folder = _template_with_margins(tmp_path / "breit", 5.0)
    width, columns = _odt_columns(render_document(_document(), "odt", design=folder))
    text_width = (21 - 5 - 2) / 2.54 * 72
    assert float(width[:-2]) == pytest.approx(text_width, abs=0.05)
    assert sum(columns) == pytest.approx(text_width, abs=0.05)


def test_landscape_turns_the_page_in_both_formats() -> None:
    docx = open_docx(render_document(_document(landscape=True), "docx"))
    section = docx.sections[0]
    assert section.page_width > section.page_height
    assert section.orientation == WD_ORIENT.LANDSCAPE
    width = section.page_width - section.left_margin - section.right_margin
    assert sum(_docx_columns(render_document(_document(landscape=True), "docx"))) == \
        pytest.approx(width / 635, abs=10)
    odt = render_document(_document(landscape=True), "odt")
    with zipfile.ZipFile(io.BytesIO(odt)) as package:
        styles = package.read("styles.xml").decode()
    assert 'style:print-orientation="landscape"' in styles
    page_width = float(re.search(r'fo:page-width="([0-9.]+)pt"', styles).group(1))  # type: ignore[union-attr]
    page_height = float(re.search(r'fo:page-height="([0-9.]+)pt"', styles).group(1))  # type: ignore[union-attr]
    assert page_width > page_height
    _, columns = _odt_columns(odt)
    assert sum(columns) == pytest.approx(page_width - (2.5 + 2.0) / 2.54 * 72, abs=0.1)

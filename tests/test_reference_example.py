"""The example reproduces the reference Mitteilungsvorlage 2018/077, in DOCX and ODT."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import REFERENCE
from tests.reading import (
    docx_paragraphs,
    docx_text,
    first_missing_in_order,
    odt_blocks,
    odt_style,
    odt_text,
    open_docx,
    open_odt,
    words,
)

REFERENCE_WORDS = words(REFERENCE.read_text(encoding="utf-8"))


def _assert_words_in_order(text: str) -> None:
    actual = words(text)
    missing = first_missing_in_order(REFERENCE_WORDS, actual)
    if missing is not None:
        context = " ".join(REFERENCE_WORDS[max(0, missing - 5) : missing + 5])
        pytest.fail(f"reference word {missing} {REFERENCE_WORDS[missing]!r} missing "
                    f"(in order) near: {context}")


def test_reference_has_its_words() -> None:
    assert len(REFERENCE_WORDS) > 600
    assert REFERENCE_WORDS[:3] == ["Mitteilungsvorlage", "Organisationseinheit", "Amt"]


def test_every_reference_word_in_order_docx(example_docx: bytes) -> None:
    _assert_words_in_order(docx_text(example_docx))


def test_every_reference_word_in_order_odt(example_odt: bytes) -> None:
    _assert_words_in_order(odt_text(example_odt))


def test_both_formats_carry_the_same_words(example_docx: bytes, example_odt: bytes) -> None:
    assert words(docx_text(example_docx)) == words(odt_text(example_odt))


def test_no_word_beyond_the_reference(example_docx: bytes) -> None:
    # The example is the reference: nothing typed in addition.
    assert words(docx_text(example_docx)) == REFERENCE_WORDS


# --------------------------------------------------------------------------- DOCX


def _docx_paragraph(document: Any, text: str) -> Any:
    return next(p for p in docx_paragraphs(document) if p.text.startswith(text))


def test_docx_title_is_bold_in_its_style(example_docx: bytes) -> None:
    document = open_docx(example_docx)
    title = _docx_paragraph(document, "Integrationskonzept;")
    assert title.text == "Integrationskonzept;\nSachstandsbericht"
    assert title.style.name == "Betreff"
    assert title.style.font.bold
    assert all(run.bold for run in title.runs if run.text.strip())


def test_docx_anlagen_references_are_italic(example_docx: bytes) -> None:
    document = open_docx(example_docx)
    paragraph = _docx_paragraph(document, "Die Vielzahl")
    italic = [run.text for run in paragraph.runs if run.italic]
    assert italic == ["Anlage 1", "Anlage 2"]


def test_docx_headings_and_numbered_subsections(example_docx: bytes) -> None:
    document = open_docx(example_docx)
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Sachverhalt"),
        ("Heading 2", "1. Bekanntmachung und Verteilung des Integrationskonzepts"),
        ("Heading 2", "2. Erste Schritte zur Umsetzung und Kostenplanung"),
        ("Heading 2", "3. Beständige Weiterentwicklung"),
        ("Heading 1", "Finanzielle Auswirkungen"),
        ("Heading 1", "Anlagen"),
    ]
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == "Mitteilungsvorlage"


def test_docx_lists_are_real_lists(example_docx: bytes) -> None:
    document = open_docx(example_docx)
    items = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert [p.text for p in items[:2]] == [
        "Kreistagsmitglieder",
        "Oberbürgermeister, Bürgermeisterinnen und Bürgermeister der kreisangehörigen Kommunen",
    ]
    assert len(items) == 15
    for item in items:
        num_pr = item._p.pPr.numPr
        assert num_pr is not None and num_pr.numId.val > 0


def test_docx_beratungsfolge_is_a_table_with_repeating_header(example_docx: bytes) -> None:
    document = open_docx(example_docx)
    kopf, beratung = document.tables
    assert [c.text for c in beratung.rows[0].cells] == [
        "Beratungsfolge", "Sitzungsart", "Sitzungstermin/e"]
    assert [[c.text for c in row.cells] for row in beratung.rows[1:]] == [
        ["Sozialausschuss", "öffentlich", "16.04.2018"],
        ["Kreistag", "öffentlich", "07.05.2018"],
    ]
    assert beratung.style.name == "Table Grid"
    header_xml = beratung.rows[0]._tr.xml
    assert "<w:tblHeader/>" in header_xml
    assert "<w:tblHeader/>" not in beratung.rows[1]._tr.xml
    assert [c.text for c in kopf.rows[0].cells] == [
        "Organisationseinheit\nAmt für Migration und Integration",
        "Datum\n04.04.2018",
        "Drucksachen-Nr.\n2018/077",
    ]
    assert kopf.rows[0].cells[0].paragraphs[0].style.name == "Feldname"


def test_docx_footer_has_page_fields(example_docx: bytes) -> None:
    document = open_docx(example_docx)
    footer = document.sections[0].footer
    xml = footer._element.xml
    assert "Seite" in footer.paragraphs[0].text and "von" in footer.paragraphs[0].text
    assert xml.count('w:fldCharType="begin"') == 2
    assert " PAGE " in xml and " NUMPAGES " in xml


def test_docx_metadata_and_language(example_docx: bytes) -> None:
    document = open_docx(example_docx)
    properties = document.core_properties
    assert properties.title == "Integrationskonzept; Sachstandsbericht"
    assert properties.subject == "Mitteilungsvorlage Drucksachen-Nr. 2018/077"
    assert properties.author == "Amt für Migration und Integration"
    assert properties.language == "de-DE"
    assert 'w:lang w:val="de-DE"' in document.styles.element.xml


def test_docx_page_is_a4(example_docx: bytes) -> None:
    section = open_docx(example_docx).sections[0]
    assert round(section.page_width.mm) == 210
    assert round(section.page_height.mm) == 297


# --------------------------------------------------------------------------- ODT


def test_odt_structure(example_odt: bytes) -> None:
    from odf import teletype

    document = open_odt(example_odt)
    blocks = odt_blocks(document)
    styled = [(odt_style(b), teletype.extractText(b)) for b in blocks]
    assert styled[0] == ("Title", "Mitteilungsvorlage")
    headings = [(s, t) for s, t in styled if s.startswith("Heading")]
    assert headings == [
        ("Heading_20_1", "Sachverhalt"),
        ("Heading_20_2", "1. Bekanntmachung und Verteilung des Integrationskonzepts"),
        ("Heading_20_2", "2. Erste Schritte zur Umsetzung und Kostenplanung"),
        ("Heading_20_2", "3. Beständige Weiterentwicklung"),
        ("Heading_20_1", "Finanzielle Auswirkungen"),
        ("Heading_20_1", "Anlagen"),
    ]
    assert ("Betreff", "Integrationskonzept;\nSachstandsbericht") in styled
    bullets = [t for s, t in styled if s == "List_20_Bullet"]
    assert len(bullets) == 15 and bullets[0] == "Kreistagsmitglieder"


def test_odt_lists_tables_and_emphasis(example_odt: bytes) -> None:
    from odf import table, text

    document = open_odt(example_odt)
    lists = document.text.getElementsByType(text.List)
    assert len(lists) == 2
    assert all(lst.getAttribute("stylename") == "Aufzaehlung" for lst in lists)
    tables = document.text.getElementsByType(table.Table)
    assert len(tables) == 2
    beratung = tables[1]
    header = beratung.getElementsByType(table.TableHeaderRows)
    assert len(header) == 1
    from odf import teletype

    rows = [[teletype.extractText(c) for c in r.getElementsByType(table.TableCell)]
            for r in beratung.getElementsByType(table.TableRow)]
    assert rows == [
        ["Beratungsfolge", "Sitzungsart", "Sitzungstermin/e"],
        ["Sozialausschuss", "öffentlich", "16.04.2018"],
        ["Kreistag", "öffentlich", "07.05.2018"],
    ]
    spans = {teletype.extractText(s): s.getAttribute("stylename")
             for s in document.text.getElementsByType(text.Span)}
    assert spans["Anlage 1"] == spans["Anlage 2"] == "vorlagen_kursiv"
    assert spans["Integrationskonzept;"] == "vorlagen_fett"


def test_odt_footer_metadata_and_language(example_odt: bytes) -> None:
    import zipfile
    from io import BytesIO

    package = zipfile.ZipFile(BytesIO(example_odt))
    styles = package.read("styles.xml").decode()
    assert "<text:page-number" in styles and "<text:page-count" in styles
    assert 'fo:language="de"' in styles and 'fo:country="DE"' in styles
    assert 'fo:page-width="21cm"' in styles
    meta = package.read("meta.xml").decode()
    assert "<dc:title>Integrationskonzept; Sachstandsbericht</dc:title>" in meta
    assert "<dc:language>de-DE</dc:language>" in meta
    assert "<dc:subject>Mitteilungsvorlage Drucksachen-Nr. 2018/077</dc:subject>" in meta

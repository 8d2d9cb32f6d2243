"""LibreOffice opens what we write: both formats convert to PDF and read back as our text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import soffice
from tests.conftest import EXAMPLE
from tests.reading import docx_text, words
from vorlagen import Vorlage, load_vorlage, render, render_files

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory, example_docx: bytes,
              example_odt: bytes) -> Path:
    if soffice.soffice() is None:
        pytest.fail("LibreOffice (soffice) is not installed; `make test` installs it")
    folder = tmp_path_factory.mktemp("libreoffice")
    sources = soffice.save({"docx": example_docx, "odt": example_odt}, folder, "beispiel")
    soffice.convert(sources, "pdf", folder)
    soffice.convert(sources, soffice.TEXT, folder)
    return folder


@pytest.mark.parametrize("name", ["beispiel-docx", "beispiel-odt"])
def test_converts_to_pdf(converted: Path, name: str) -> None:
    pdf = (converted / f"{name}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert b"/Type /Page" in pdf or b"/Type/Page" in pdf


@pytest.mark.parametrize("name", ["beispiel-docx", "beispiel-odt"])
def test_footer_page_fields_are_computed(converted: Path, name: str) -> None:
    pages = soffice.pdf_pages(converted / f"{name}.pdf")
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        assert f"Seite {number} von {len(pages)}" in page


@pytest.mark.parametrize("name", ["beispiel-docx", "beispiel-odt"])
def test_libreoffice_reads_our_text(converted: Path, name: str, example_docx: bytes) -> None:
    """LibreOffice's own reading of the file holds every word of the body, in order."""
    read_back = (converted / f"{name}.txt").read_text(encoding="utf-8-sig")
    expected = words(docx_text(example_docx))
    assert words(read_back)[: len(expected)] == expected


def test_beschlussvorlage_with_every_field(tmp_path: Path, minimal: dict[str, object]) -> None:
    minimal.update(
        art="Beschlussvorlage",
        federfuehrung="Kämmerei",
        beteiligungen=["Hauptamt", "Bauamt"],
        aktenzeichen="022.31",
        tagesordnungspunkt="Ö 4",
        beschlussvorschlag=["Der Kreistag beschließt **dies**.", "Und *das*."],
        sachverhalt_ueberschrift="Begründung",
        finanzielle_auswirkungen="Keine.",
        anlagen=[{"titel": "Plan"}],
    )
    vorlage = load_vorlage(minimal)
    sources = soffice.save({f: render(vorlage, f) for f in ("docx", "odt")}, tmp_path, "b")
    for text_file in soffice.convert(sources, soffice.TEXT, tmp_path):
        text = text_file.read_text(encoding="utf-8-sig")
        for expected in ("Beschlussvorschlag", "Der Kreistag beschließt dies.", "Ö 4",
                         "Begründung", "Kämmerei", "Hauptamt, Bauamt"):
            assert expected in text, (text_file.name, expected)


@pytest.fixture(scope="module")
def anlagen_pdf(tmp_path_factory: pytest.TempPathFactory, example: Vorlage) -> Path:
    folder = tmp_path_factory.mktemp("anlagen")
    files = dict(render_files(example))
    outputs = {f"{nummer}-{suffix}": files[f"2018-077_Anlage_{nummer}.{suffix}"]
               for nummer in (1, 2) for suffix in ("docx", "odt")}
    soffice.convert(soffice.save(outputs, folder, "anlage"), "pdf", folder)
    return folder


@pytest.mark.parametrize("format", ["docx", "odt"])
def test_gesamtuebersicht_repeats_its_header_and_spans_group_rows(
    anlagen_pdf: Path, format: str
) -> None:
    pages = soffice.pdf_pages(anlagen_pdf / f"anlage-2-{format}.pdf")
    assert len(pages) >= 4
    for number, page in enumerate(pages, 1):
        assert f"Seite {number} von {len(pages)}" in page
        assert "Maßnahme" in page and "Zuständigkeit" in page and "Priorität" in page
    text = "\n".join(pages)
    # A group row spans the table: its text stays on one line, not wrapped in a narrow cell.
    assert "Handlungsfeld Interkulturelle Öffnung (25 Maßnahmen)" in text
    from vorlagen_massnahmen.massnahmen import read_massnahmen

    ids = [m.nr for m in read_massnahmen(EXAMPLE.parent / "massnahmen.csv")]
    assert [nr for nr in ids if nr not in text] == []


@pytest.mark.parametrize("format", ["docx", "odt"])
def test_jahresplanung_converts(anlagen_pdf: Path, format: str) -> None:
    text = "\n".join(soffice.pdf_pages(anlagen_pdf / f"anlage-1-{format}.pdf"))
    assert "Anlage 1 zur Mitteilungsvorlage Drucksachen-Nr. 2018/077" in text
    assert "1. Quartal 2018" in text and "ganzjährig" in text


def _words(*texts: str) -> list[str]:
    """The words of some texts as a reader sees them, punctuation around them left off."""
    return [word.strip(".,;:()–") for text in texts for word in text.split()
            if word.strip(".,;:()–")]


@pytest.mark.parametrize("nummer", [1, 2])
@pytest.mark.parametrize("format", ["docx", "odt"])
def test_no_word_of_the_anlagen_is_broken_inside(anlagen_pdf: Path, format: str,
                                                 nummer: int) -> None:
    """Columns are as wide as their longest word (the Gesamtübersicht is landscape), so
    LibreOffice breaks no word inside; it may hyphenate (German patterns)."""
    from vorlagen_massnahmen.massnahmen import read_massnahmen

    text = "\n".join(soffice.pdf_pages(anlagen_pdf / f"anlage-{nummer}-{format}.pdf"))
    massnahmen = read_massnahmen(EXAMPLE.parent / "massnahmen.csv")
    columns: list[str] = [m.titel for m in massnahmen] + [m.zustaendigkeit or ""
                                                          for m in massnahmen]
    if nummer == 1:  # the Jahresplanung: the Referat's own measures of 2018 and 2019
        massnahmen = [m for m in massnahmen if m.nr in text.split()]
        assert len(massnahmen) > 20
        columns = ["Nr. Maßnahme Handlungsfeld Zuständigkeit",
                   *(m.titel for m in massnahmen), *(m.handlungsfeld for m in massnahmen),
                   *(m.zustaendigkeit or "" for m in massnahmen)]
    else:
        columns += ["Nr. Maßnahme Zuständigkeit Zeitraum Priorität Status",
                    *(m.status for m in massnahmen), *(m.zeitraum or "" for m in massnahmen)]
    words = _words(*columns)
    assert soffice.unbroken(text, words) == []
    ids = [m.nr for m in massnahmen]
    assert [nr for nr in ids if nr not in text.split()] == []  # "SP-01", never "SP-" / "01"


def test_the_check_for_broken_words_finds_them() -> None:
    assert soffice.unbroken("Kindertageseinrichtunge\nn mittelfristi\ng", [
        "Kindertageseinrichtungen", "mittelfristig"]) == ["Kindertageseinrichtungen",
                                                          "mittelfristig"]
    assert soffice.unbroken("Kindertages-  Referat\neinrichtungen", [
        "Kindertageseinrichtungen", "Referat"]) == []


@pytest.mark.parametrize("format", ["docx", "odt"])
def test_the_gesamtuebersicht_is_landscape(anlagen_pdf: Path, format: str) -> None:
    sizes = soffice.pdf_page_sizes(anlagen_pdf / f"anlage-2-{format}.pdf")
    assert sizes and all(width > height for width, height in sizes)
    portrait = soffice.pdf_page_sizes(anlagen_pdf / f"anlage-1-{format}.pdf")
    assert all(width < height for width, height in portrait)


def test_metric_compatible_fonts_are_installed() -> None:
    """Layout tests measure lines and pages: they need the template's font (Arial) or
    one of the same metrics, which `make test` installs (fonts-liberation2)."""
    import shutil
    import subprocess

    assert shutil.which("fc-match"), "fontconfig fehlt; `make test` installiert es"
    found = subprocess.run(["fc-match", "-f", "%{family}", "Arial"], capture_output=True,
                           text=True, check=True).stdout
    assert any(name in found for name in ("Arial", "Liberation Sans", "Arimo")), (
        f"Arial wird als {found!r} gesetzt; `make test` installiert fonts-liberation2")


LANGES_WORT = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen"


@pytest.mark.parametrize("format", ["docx", "odt"])
def test_libreoffice_hyphenates_german(tmp_path: Path, format: str) -> None:
    """A long German word in a narrow column is hyphenated at a syllable, not cut."""
    from vorlagen.blocks import cell
    from vorlagen.render import render_document
    from vorlagen.tree import Document, Metadata, Paragraph, Table, Text

    text = " ".join(["Die", LANGES_WORT, "und", "Integrationsbeauftragte"] * 3)
    table = Table(((cell(text), cell("breite Spalte")),), widths=(1, 3))
    document = Document(Metadata("Silbentrennung"), (Paragraph((Text(text),)), table))
    source = soffice.save({format: render_document(document, format)}, tmp_path, "trennung")
    (pdf,) = soffice.convert(source, "pdf", tmp_path)
    shown = "\n".join(soffice.pdf_pages(pdf))
    assert soffice.unbroken(shown, [LANGES_WORT, "Integrationsbeauftragte"]) == []
    assert any(line.rstrip().endswith("-") for line in shown.splitlines()), shown

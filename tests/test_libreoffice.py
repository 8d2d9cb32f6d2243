"""LibreOffice opens what we write: both formats convert to PDF and read back as our text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import soffice
from tests.conftest import EXAMPLE
from tests.reading import docx_text, words
from vorlagen import Vorlage, load_vorlage, render, render_files


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

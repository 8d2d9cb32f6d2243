"""The form blocks in a Hausformat of their own: what each prints, the same in DOCX and
ODT, and errors in their blocks named with file, field and line."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from vorlagen import InputError, load_vorlage, plugin_manager, render, testing
from vorlagen.testing import docx_paragraphs, docx_tables
from vorlagen_formulare import beratungsergebnis, beteiligungen, finanzen, klima

LAYOUT = """\
arten: [{name: Beschlussvorlage, beschluss: true}]
aufbau: [betreff, beteiligungen, beschluss, sachverhalt, finanzformular, klimarelevanz,
         beratungsergebnis]
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "haus.yaml").write_text(LAYOUT, encoding="utf-8")
    return tmp_path


def manager() -> Any:
    return plugin_manager(entry_points=False,
                          plugins=[finanzen, klima, beteiligungen, beratungsergebnis])


def paper(folder: Path, **blocks: Any) -> tuple[list[str], list[list[list[str]]], bytes]:
    data = testing.vorlage_data(hausformat="haus.yaml", art="Beschlussvorlage",
                                beschlussvorschlag="Der Rat beschließt.", plugins=blocks,
                                beratungsfolge=[{"gremium": "Ausschuss"}, {"gremium": "Rat"}])
    del data["organisationseinheit"]
    plugins = manager()
    vorlage = load_vorlage(data, base_dir=folder, plugins=plugins)
    docx = render(vorlage, "docx", plugins=plugins)
    odt = render(vorlage, "odt", plugins=plugins)
    assert testing.odt_words(odt) == testing.docx_words(docx)  # the same in both formats
    return docx_paragraphs(docx), docx_tables(docx), docx


def test_finance_form_writes_amounts_the_german_way(folder: Path) -> None:
    texts, tables, _ = paper(folder, finanzformular={
        "gesamtkosten": 1200, "investiv": "1.000,50", "folgekosten": False,
        "produktkonto": "2212.52543", "haushaltsjahr": 2023,
        "betrag": "bis zu 5.000,00 € jährlich", "mittel_verfuegbar": True,
        "jahre": [{"jahr": 2024, "ausgaben": 3200}, {"jahr": 2025, "einnahmen": 100.5}]})
    start = texts.index("Finanzielle Auswirkungen")
    assert texts[start + 1:start + 7] == [
        "Gesamtkosten: 1.200,00\xa0€", "davon investiv: 1.000,50\xa0€",
        "Folgekosten: Ja ☐ Nein ☒", "Produktkonto: 2212.52543", "Haushaltsjahr: 2023",
        "Betrag: bis zu 5.000,00 € jährlich"]
    assert ["Mittel stehen zur Verfügung", "Ja ☒ Nein ☐"] in [
        row for table in tables for row in table]
    jahre = next(table for table in tables if table[0][0] == "Jahr")
    assert jahre == [["Jahr", "Einnahmen", "Ausgaben", "Haushaltsstelle"],
                     ["2024", "", "3.200,00\xa0€", ""], ["2025", "100,50\xa0€", "", ""]]


def test_climate_form_ticks_one_box_of_each_pair(folder: Path) -> None:
    texts, tables, _ = paper(folder, klimarelevanz={
        "relevant": True, "wirkung": "negativ", "ausmass": "geringfügig",
        "begruendung": "Mehr **Verkehr**."})
    rows = [row for table in tables for row in table]
    assert ["Klimarelevant:", "Ja ☒ / Nein ☐"] in rows
    assert ["Wirkung:", "☐ positiv ☒ negativ"] in rows
    assert ["Ausmaß:", "☒ geringfügig ☐ erheblich"] in rows
    assert texts[texts.index("Begründung: ") + 1] == "Mehr Verkehr."


def test_beteiligungen_and_mitzeichnung(folder: Path) -> None:
    _, tables, _ = paper(folder, beteiligungen={
        "personalrat": True, "weitere": {"Schwerbehindertenvertretung": False},
        "mitzeichnung": ["Kämmerei", "Rechtsamt"]})
    assert tables[0] == [["Beteiligung Personalrat", "Ja ☒ Nein ☐"],
                         ["Beteiligung Schwerbehindertenvertretung", "Ja ☐ Nein ☒"]]
    assert tables[1] == [["Mitzeichnung", "Datum", "Unterschrift"],
                         ["Kämmerei", "", ""], ["Rechtsamt", "", ""]]


def test_beratungsergebnis_has_a_row_per_gremium_and_chosen_columns(folder: Path) -> None:
    texts, tables, docx = paper(folder, beratungsergebnis={
        "ueberschrift": "Abstimmungsergebnis", "spalten": ["Ja", "Nein"]})
    assert [text for text in texts if text][-1] == "Abstimmungsergebnis"
    assert tables[-1] == [["Gremium", "Ja", "Nein"], ["Ausschuss", "", ""], ["Rat", "", ""]]
    header_row = Document(io.BytesIO(docx)).tables[-1].rows[0]._tr
    assert header_row.xpath("./w:trPr/w:tblHeader")  # repeated on every page
    texts, tables, _ = paper(folder)  # without its block: the standard columns
    assert [text for text in texts if text][-1] == "Beratungsergebnis:"
    assert tables[-1][0][1:] == ["Einstimmig", "Ja", "Nein", "Enthaltung",
                                 "lt. Beschlussvorschlag", "abweichender Beschluss"]


def test_a_form_without_its_block_prints_nothing(folder: Path) -> None:
    texts, tables, _ = paper(folder)
    assert "Finanzielle Auswirkungen" not in texts
    assert not any("Beteiligung" in row[0] for table in tables for row in table)


def test_errors_name_file_field_and_line(folder: Path) -> None:
    (folder / "vorlage.yaml").write_text(
        "hausformat: haus.yaml\nart: Beschlussvorlage\ndatum: 01.02.2024\n"
        "drucksachen_nr: 1/2024\ntitel: T\nsachverhalt: S\n"
        "beschlussvorschlag: Der Rat beschließt.\n"
        "plugins:\n  klimarelevanz:\n    wirkung: neutral\n"
        "  finanzformular:\n    kosten: 5\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_vorlage(folder / "vorlage.yaml", plugins=manager())
    message = str(raised.value)
    assert ("Zeile 10, plugins.klimarelevanz.wirkung: 'neutral' ist nicht erlaubt, "
            "erwartet: 'positiv' oder 'negativ'") in message
    assert "Zeile 12, plugins.finanzformular.kosten: unbekanntes Feld" in message

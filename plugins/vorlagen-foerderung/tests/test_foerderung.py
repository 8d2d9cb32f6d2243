"""The funding plugin on its own data: programmes, sums per status, the table."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from vorlagen import InputError, load_vorlage, plugin_manager, render, testing
from vorlagen_foerderung import plugin
from vorlagen_foerderung.antraege import euro

DATA = Path(__file__).parent / "data"


def vorlage_data(**config: Any) -> dict[str, Any]:
    return testing.vorlage_data(
        sachverhalt="Gestellt wurden ({{ foerderung.antraege }}). Bewilligt sind "
                    "{{ foerderung.summe.bewilligt }}.",
        finanzielle_auswirkungen="Die Förderung im Einzelnen:",
        plugins={"foerderung": {"datei": "antraege.yaml", **config}},
    )


def manager() -> Any:
    return plugin_manager(entry_points=False, plugins=[plugin])


def test_amounts_the_german_way() -> None:
    assert euro(Decimal("12500")) == "12.500,00\xa0€"
    assert euro(Decimal("7250.5")) == "7.250,50\xa0€"


def test_programmes_and_sums() -> None:
    vorlage = load_vorlage(vorlage_data(), base_dir=DATA, plugins=manager())
    variables = plugin.vorlagen_variables(vorlage.vorlage)
    assert variables is not None
    foerderung = variables["foerderung"]
    assert foerderung["programme"] == ["Gemeinsam in Vielfalt III", "AMIF", "VwV-Integration"]
    assert foerderung["antraege"] == ("Förderantrag Gemeinsam in Vielfalt III, "
                                      "Förderantrag AMIF, Förderantrag VwV-Integration")
    assert foerderung["summe"] == {"beantragt": "41.000,00\xa0€", "bewilligt": "12.500,00\xa0€",
                                   "abgelehnt": "7.250,50\xa0€"}
    assert foerderung["je_status"] == {"beantragt": 2, "bewilligt": 1, "abgelehnt": 1}
    assert foerderung["offen"] is True
    antraege = vorlage.plugin_config("foerderung", plugin.FoerderungConfig)
    assert antraege is not None and antraege.antraege[0].massnahmen == ["SP-01", "SP-07"]


def test_table_under_finanzielle_auswirkungen() -> None:
    plugins = manager()
    vorlage = load_vorlage(vorlage_data(), base_dir=DATA, plugins=plugins)
    document = Document(io.BytesIO(render(vorlage, "docx", plugins=plugins)))
    texts = [p.text for p in document.paragraphs]
    assert "Gestellt wurden (Förderantrag Gemeinsam in Vielfalt III, Förderantrag AMIF, " \
           "Förderantrag VwV-Integration). Bewilligt sind 12.500,00\xa0€." in texts
    assert texts.index("Die Förderung im Einzelnen:") > texts.index("Finanzielle Auswirkungen")
    table = document.tables[-1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Programm", "Fördergeber", "beantragt am", "Summe", "Eigenanteil",
                       "Status"]
    assert rows[1] == ["Gemeinsam in Vielfalt III", "Land Baden-Württemberg", "15.02.2018",
                       "12.500,00\xa0€", "2.500,00\xa0€", "bewilligt"]
    assert [row[0] for row in rows[-3:]] == ["Summe beantragt", "Summe bewilligt",
                                             "Summe abgelehnt"]
    assert rows[-3][3] == "41.000,00\xa0€"


def test_no_table_without_amounts_or_when_switched_off(tmp_path: Path) -> None:
    (tmp_path / "antraege.csv").write_text(
        "Programm;Fördergeber;Status\nAMIF;EU;beantragt\n", encoding="utf-8")
    plugins = manager()
    data = vorlage_data(datei="antraege.csv")
    data["sachverhalt"] = "({{ foerderung.antraege }})"
    for vorlage in (load_vorlage(data, base_dir=tmp_path, plugins=plugins),
                    load_vorlage(vorlage_data(tabelle=False), base_dir=DATA, plugins=plugins)):
        assert plugin.vorlagen_content(vorlage.vorlage) is None
        assert not Document(io.BytesIO(render(vorlage, "docx", plugins=plugins))).tables[2:]


def test_bad_status_names_file_row_and_column(tmp_path: Path) -> None:
    (tmp_path / "antraege.csv").write_text(
        "Programm;Fördergeber;Status\nAMIF;EU;genehmigt\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_vorlage(vorlage_data(datei="antraege.csv"), base_dir=tmp_path, plugins=manager())
    assert caught.value.source == str(tmp_path / "antraege.csv")
    assert str(caught.value.problems[0]) == (
        "Zeile 2, Status: 'genehmigt' ist nicht erlaubt, erwartet: "
        "'beantragt', 'bewilligt' oder 'abgelehnt'")

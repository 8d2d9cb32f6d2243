"""The distribution plugin on its own data: the two lists, planned presentations."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from vorlagen import InputError, load_vorlage, plugin_manager, render, testing
from vorlagen_verteiler import plugin
from vorlagen_verteiler.verteiler import Vorstellung

DATA = Path(__file__).parent / "data"


def vorlage_data(**config: Any) -> dict[str, Any]:
    return testing.vorlage_data(
        sachverhalt=[{"ueberschrift": "Verteilung", "text": (
            "Verteilt an:\n\n{{ verteiler.empfaenger }}\n\nVorgestellt in:\n\n"
            "{{ verteiler.vorstellungen }}\n\nSoweit der Stand.")}],
        plugins={"verteiler": config or {"empfaenger": "empfaenger.csv",
                                         "vorstellungen": "vorstellungen.yaml"}},
    )


def manager() -> Any:
    return plugin_manager(entry_points=False, plugins=[plugin])


def test_planned_presentations_say_so_with_the_german_month() -> None:
    stichtag = date(2018, 4, 4)
    gemeindetag = Vorstellung.model_validate({"name": "Gemeindetag", "datum": "25.04.2018"})
    assert gemeindetag.eintrag(stichtag) == "Gemeindetag (geplant für April)"
    assert gemeindetag.eintrag(date(2018, 4, 25)) == "Gemeindetag"
    januar = Vorstellung.model_validate({"name": "Rat", "monat": "2019-01", "notiz": "Bericht"})
    assert januar.eintrag(stichtag) == "Rat (Bericht) (geplant für Januar 2019)"
    maerz = Vorstellung.model_validate({"name": "Netz", "monat": "März 2018"})
    assert maerz.eintrag(stichtag) == "Netz"
    with pytest.raises(ValueError, match="Datum oder Monat fehlt"):
        Vorstellung.model_validate({"name": "Netz"})
    with pytest.raises(ValueError, match="kein Monat"):
        Vorstellung.model_validate({"name": "Netz", "monat": "13/2018"})


def test_lists_in_the_paper() -> None:
    plugins = manager()
    vorlage = load_vorlage(vorlage_data(), base_dir=DATA, plugins=plugins)
    document = Document(io.BytesIO(render(vorlage, "docx", plugins=plugins)))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("Verteilt an:")
    assert texts[start:start + 11] == [
        "Verteilt an:",
        "Kreistagsmitglieder",
        "Führungskräfte des Landratsamts",
        "Vorgestellt in:",
        "Referate des Amts",
        "Thematische Netzwerke (Sprache, Arbeit)",
        "Helferkreis (geplant für April)",
        "Gemeindetag (geplant für April)",
        "Ausschuss der Stadt (geplant für September)",
        "Kreisseniorenrat (geplant für Januar 2019)",
        "Soweit der Stand.",
    ]
    styles = {p.text: p.style.name for p in document.paragraphs if p.style is not None}
    assert styles["Kreistagsmitglieder"] == styles["Gemeindetag (geplant für April)"]
    assert styles["Kreistagsmitglieder"] == "List Bullet"


def test_counts_and_partial_lists() -> None:
    vorlage = load_vorlage(vorlage_data(), base_dir=DATA, plugins=manager())
    variables = plugin.vorlagen_variables(vorlage.vorlage, oeffentlich=False)
    assert variables is not None
    verteiler = variables["verteiler"]
    assert (verteiler["anzahl_empfaenger"], verteiler["anzahl_vorgestellt"],
            verteiler["anzahl_geplant"]) == (2, 2, 4)
    assert len(verteiler["geplant"].blocks[0].items) == 4


def test_config_needs_a_file_and_files_must_exist() -> None:
    with pytest.raises(InputError, match="braucht empfaenger oder vorstellungen"):
        load_vorlage(vorlage_data(**{"empfaenger": None}), base_dir=DATA, plugins=manager())
    with pytest.raises(InputError) as caught:
        load_vorlage(vorlage_data(empfaenger="fehlt.csv"), base_dir=DATA, plugins=manager())
    assert caught.value.problems[0].field == "plugins.verteiler.empfaenger"
    assert "Datei nicht gefunden" in str(caught.value)

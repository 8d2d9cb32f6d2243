"""The example plugin's own tests: through a plugin manager, reopening the DOCX."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document

import vorlagen_kennzahlen
from vorlagen import InputError, load_vorlage, plugin_manager, render

VORLAGE: dict[str, Any] = {
    "art": "Mitteilungsvorlage",
    "organisationseinheit": "Jobcenter",
    "datum": "01.03.2024",
    "drucksachen_nr": "2024/015",
    "beratungsfolge": [{"gremium": "Sozialausschuss", "sitzungsart": "öffentlich",
                        "sitzungstermine": "20.03.2024"}],
    "titel": "Jahresbericht",
    "sachverhalt": [{"ueberschrift": "Lage",
                     "text": 'Betreut wurden {{ kennzahlen.werte["Bedarfsgemeinschaften"] }} '
                             "Bedarfsgemeinschaften."}],
    "plugins": {"kennzahlen": {"datei": "kennzahlen.csv"}},
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "kennzahlen.csv").write_text(
        "Kennzahl;Wert;Vorjahr\nBedarfsgemeinschaften;4.812;4.950\nVermittlungen;1.204;\n",
        encoding="utf-8")
    return tmp_path


def test_figures_in_text_and_table(folder: Path) -> None:
    # Only this plugin and the built-in ones: the test does not depend on what is installed.
    plugins = plugin_manager(entry_points=False, plugins=[vorlagen_kennzahlen])
    vorlage = load_vorlage(VORLAGE, base_dir=folder, plugins=plugins)
    document = Document(io.BytesIO(render(vorlage, "docx", plugins=plugins)))
    texts = [p.text for p in document.paragraphs]
    assert "Betreut wurden 4.812 Bedarfsgemeinschaften." in texts
    assert texts.index("2. Kennzahlen") > texts.index("1. Lage")
    rows = [[c.text for c in row.cells] for row in document.tables[-1].rows]
    assert rows == [["Kennzahl", "Wert", "Vorjahr"],
                    ["Bedarfsgemeinschaften", "4.812", "4.950"],
                    ["Vermittlungen", "1.204", ""]]


def test_a_missing_value_is_named_with_its_row(folder: Path) -> None:
    (folder / "kennzahlen.csv").write_text("Kennzahl;Wert\nFälle;\n", encoding="utf-8")
    plugins = plugin_manager(entry_points=False, plugins=[vorlagen_kennzahlen])
    with pytest.raises(InputError, match="Zeile 2, Wert: Pflichtfeld fehlt"):
        load_vorlage(VORLAGE, base_dir=folder, plugins=plugins)

"""The example plugin's own tests: through a plugin manager, reopening the DOCX."""

from __future__ import annotations

from pathlib import Path

import pytest

import vorlagen_kennzahlen
from vorlagen import InputError, load_vorlage, plugin_manager, render, testing

# A small valid Vorlage (vorlagen.testing) with this plugin's block and a text using it.
VORLAGE = testing.vorlage_data(
    sachverhalt=[{"ueberschrift": "Lage",
                  "text": 'Betreut wurden {{ kennzahlen.werte["Bedarfsgemeinschaften"] }} '
                          "Bedarfsgemeinschaften."}],
    plugins={"kennzahlen": {"datei": "kennzahlen.csv"}},
)


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
    docx = render(vorlage, "docx", plugins=plugins)
    texts = testing.docx_paragraphs(docx)
    assert "Betreut wurden 4.812 Bedarfsgemeinschaften." in texts
    assert texts.index("2. Kennzahlen") > texts.index("1. Lage")
    assert testing.docx_tables(docx)[-1] == [
        ["Kennzahl", "Wert", "Vorjahr"],
        ["Bedarfsgemeinschaften", "4.812", "4.950"],
        ["Vermittlungen", "1.204", ""],
    ]


def test_a_missing_value_is_named_with_its_row(folder: Path) -> None:
    (folder / "kennzahlen.csv").write_text("Kennzahl;Wert\nFälle;\n", encoding="utf-8")
    plugins = plugin_manager(entry_points=False, plugins=[vorlagen_kennzahlen])
    with pytest.raises(InputError, match="Zeile 2, Wert: Pflichtfeld fehlt"):
        load_vorlage(VORLAGE, base_dir=folder, plugins=plugins)

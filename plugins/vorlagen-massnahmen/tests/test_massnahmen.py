"""The measures plugin on its own data: reading, figures, the two Anlagen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from vorlagen import InputError, load_vorlage, plugin_manager, render_files, testing
from vorlagen.tree import Heading, Paragraph, Table, Text
from vorlagen_massnahmen import plugin
from vorlagen_massnahmen.anlagen import gesamtuebersicht, jahresplanung
from vorlagen_massnahmen.massnahmen import Massnahme, jahre_text, read_massnahmen, ungefaehr

DATA = Path(__file__).parent / "data"


def vorlage_data(**config: Any) -> dict[str, Any]:
    return testing.vorlage_data(
        sachverhalt="Es gibt {{ massnahmen.anzahl_gerundet }} Maßnahmen "
                    "({{ massnahmen.je_handlungsfeld.Sprache }} zur Sprache).",
        plugins={"massnahmen": {"datei": "massnahmen.yaml", **config}},
    )


def manager() -> Any:
    return plugin_manager(entry_points=False, plugins=[plugin])


@pytest.mark.parametrize(("anzahl", "text"), [
    (178, "knapp 180"), (180, "180"), (183, "gut 180"), (175, "knapp 180"), (12, "12"),
    (96, "knapp 100"), (740, "knapp 750"), (1234, "gut 1.200"),
])
def test_rounded_counts_in_german(anzahl: int, text: str) -> None:
    assert ungefaehr(anzahl) == text


def test_zeitraum_forms() -> None:
    def m(**fields: Any) -> Massnahme:
        return Massnahme.model_validate({"nr": 1, "handlungsfeld": "X", "titel": "T",
                                         "status": "offen", **fields})
    assert (m(zeitraum="Q2/2018").jahre, m(zeitraum="Q2/2018").geplantes_quartal) == ((2018,), 2)
    assert m(zeitraum="2018-Q3").geplantes_quartal == 3
    assert m(zeitraum="3. Quartal 2019").jahre == (2019,)
    assert m(zeitraum="2018-2020").jahre == (2018, 2019, 2020)
    assert m(zeitraum="2018/19").jahre == (2018, 2019)
    assert m(zeitraum="laufend").jahre == ()
    assert m(jahr=2019, quartal=1).geplantes_quartal == 1
    assert m(zeitraum=2018.0).jahre == (2018,)
    assert m().nr == "1"
    with pytest.raises(ValueError, match="Zeitraum 'Sommer 2018' nicht lesbar"):
        m(zeitraum="Sommer 2018")
    assert jahre_text([2018, 2019]) == "2018/19"
    assert jahre_text([2018, 2019, 2020]) == "2018–2020"


def test_duplicate_ids_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("Nr.;Handlungsfeld;Titel;Status\n1;A;x;offen\n1;A;y;offen\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"Nr\.: mehrfach vergeben: 1"):
        read_massnahmen(path)


def test_variables_in_the_paper() -> None:
    plugins = manager()
    vorlage = load_vorlage(vorlage_data(), base_dir=DATA, plugins=plugins)
    variables = plugin.vorlagen_variables(vorlage.vorlage)
    assert variables is not None
    figures = variables["massnahmen"]
    assert figures["anzahl"] == 5
    assert figures["je_handlungsfeld"] == {"Sprache": 2, "Arbeit": 2, "Wohnen": 1}
    assert figures["je_status"] == {"geplant": 2, "in Umsetzung": 1, "umgesetzt": 1, "offen": 1}
    assert figures["geplant"] == 4
    assert figures["jahre"] == "2018/19"
    files = dict(render_files(vorlage, ["docx"], plugins=plugins))
    import io

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(files["2018-077.docx"])).paragraphs)
    assert "Es gibt 5 Maßnahmen (2 zur Sprache)." in text
    assert "Anlage 1: Jahresplanung 2018/19" in text
    assert "Anlage 2: Gesamtübersicht Maßnahmen" in text
    assert sorted(files) == ["2018-077.docx", "2018-077_Anlage_1.docx",
                             "2018-077_Anlage_2.docx"]


def test_jahresplanung_groups_by_year_and_quarter() -> None:
    massnahmen = read_massnahmen(DATA / "massnahmen.yaml")
    blocks = jahresplanung(massnahmen, [2018, 2019, 2020])
    headings = [b.inlines[0].text for b in blocks if isinstance(b, Heading)
                and isinstance(b.inlines[0], Text)]
    assert headings == ["2018", "2019", "2020"]
    tables = [b for b in blocks if isinstance(b, Table)]
    rows_2018 = [[_text(cell.blocks) for cell in row] for row in tables[0].rows]
    assert rows_2018 == [
        ["Nr.", "Maßnahme", "Handlungsfeld", "Zuständigkeit"],
        ["2. Quartal 2018 (1 Maßnahme)"], ["A-1", "Sprachcafé", "Sprache", "Referat Integration"],
        ["4. Quartal 2018 (1 Maßnahme)"], ["B-1", "Jobbörse", "Arbeit", ""],
        ["ganzjährig (1 Maßnahme)"], ["B-2", "Praktikumsbörse", "Arbeit", ""],
    ]
    assert tables[0].rows[1][0].span == 4
    assert tables[0].header_rows == 1
    assert _text(blocks[-1:]) == "Für 2020 sind keine Maßnahmen geplant."


def test_gesamtuebersicht_groups_by_handlungsfeld() -> None:
    massnahmen = read_massnahmen(DATA / "massnahmen.yaml")
    intro, table = gesamtuebersicht(massnahmen)
    assert _text((intro,)) == "5 Maßnahmen in 3 Handlungsfeldern."
    assert isinstance(table, Table) and table.header_rows == 1
    firsts = [_text(row[0].blocks) for row in table.rows]
    assert firsts == ["Nr.", "Handlungsfeld Sprache (2 Maßnahmen)", "A-1", "A-2",
                      "Handlungsfeld Arbeit (2 Maßnahmen)", "B-1", "B-2",
                      "Handlungsfeld Wohnen (1 Maßnahme)", "C-1"]
    assert [_text(c.blocks) for c in table.rows[6]] == [
        "B-2", "Praktikumsbörse", "", "2018/19", "", "geplant"]
    assert _text(table.rows[5][3].blocks) == "Q4/2018"


def test_config_chooses_anlagen_titles_and_years() -> None:
    plugins = manager()
    vorlage = load_vorlage(vorlage_data(anlagen=["gesamtuebersicht"], jahre=[2019],
                                        gesamtuebersicht_titel="Alle Maßnahmen"),
                           base_dir=DATA, plugins=plugins)
    made = plugin.vorlagen_anlagen(vorlage.vorlage)
    assert made is not None and [a.titel for a in made] == ["Alle Maßnahmen"]
    eigene = load_vorlage(vorlage_data(jahresplanung_zustaendigkeit="Referat Integration"),
                          base_dir=DATA, plugins=plugins)
    made = plugin.vorlagen_anlagen(eigene.vorlage)
    assert made is not None
    tables = [b for b in made[0].body if isinstance(b, Table)]
    listed = [_text(row[0].blocks) for table in tables for row in table.rows]
    assert "A-1" in listed and "B-1" not in listed
    with pytest.raises(InputError, match=r"plugins\.massnahmen\.anlagen"):
        load_vorlage(vorlage_data(anlagen=["liste"]), base_dir=DATA, plugins=plugins)


def _text(blocks: Any) -> str:
    return "".join(i.text for b in blocks if isinstance(b, Paragraph)
                   for i in b.inlines if isinstance(i, Text))


def test_the_sheet_is_chosen_by_name_or_found_behind_a_cover(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from vorlagen_massnahmen.massnahmen import read_massnahmen

    workbook = Workbook()
    cover = workbook.active
    assert cover is not None
    cover.title = "Deckblatt"
    cover.append(["Integrationskonzept, Maßnahmen"])
    for title, nr in (("Maßnahmen", "M-1"), ("Entwurf", "E-1")):
        sheet = workbook.create_sheet(title)
        sheet.append(["Nr.", "Handlungsfeld", "Titel", "Status"])
        sheet.append([nr, "Sprache", "Kurs", "geplant"])
    path = tmp_path / "massnahmen.xlsx"
    workbook.save(path)
    assert [m.nr for m in read_massnahmen(path)] == ["M-1"]
    assert [m.nr for m in read_massnahmen(path, blatt="Entwurf")] == ["E-1"]


_KOSTEN = [("SP-01", "Sprache", "12.500,00"), ("SP-02", "Sprache", ""),
           ("AR-01", "Arbeit", "1.234,56 €"), ("AR-02", "Arbeit", "0,44")]


def _kosten_csv(folder: Path) -> str:
    rows = "".join(f"{nr};{feld};Titel;geplant;{kosten}\n" for nr, feld, kosten in _KOSTEN)
    (folder / "massnahmen.csv").write_text("Nr.;Handlungsfeld;Titel;Status;Kosten\n" + rows,
                                           encoding="utf-8")
    return "massnahmen.csv"


def _kosten_xlsx(folder: Path) -> str:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Nr.", "Handlungsfeld", "Titel", "Status", "Kosten"])
    numbers: dict[str, float | None] = {"12.500,00": 12500, "": None, "1.234,56 €": 1234.56,
                                        "0,44": 0.44}
    for nr, feld, kosten in _KOSTEN:
        sheet.append([nr, feld, "Titel", "geplant", numbers[kosten]])
    workbook.save(folder / "massnahmen.xlsx")
    return "massnahmen.xlsx"


@pytest.mark.parametrize("write", [_kosten_csv, _kosten_xlsx])
def test_the_sum_of_the_kosten_is_a_variable(tmp_path: Path, write: Any) -> None:
    """A total of the Kosten column in the text comes from the list, in German, never
    typed by hand; a measure without Kosten adds nothing."""
    data = testing.vorlage_data(
        sachverhalt="Die Maßnahmen kosten zusammen {{ massnahmen.kosten_summe }}.",
        plugins={"massnahmen": {"datei": write(tmp_path), "anlagen": []}})
    plugins = manager()
    vorlage = load_vorlage(data, base_dir=tmp_path, plugins=plugins)
    files = dict(render_files(vorlage, ["docx"], plugins=plugins))
    paragraphs = testing.docx_paragraphs(files["2018-077.docx"])
    assert "Die Maßnahmen kosten zusammen 13.735,00\xa0€." in paragraphs


def test_without_kosten_the_sum_is_zero(tmp_path: Path) -> None:
    (tmp_path / "m.csv").write_text("Nr.;Handlungsfeld;Titel;Status\n1;A;x;offen\n",
                                    encoding="utf-8")
    data = testing.vorlage_data(plugins={"massnahmen": {"datei": "m.csv"}})
    vorlage = load_vorlage(data, base_dir=tmp_path, plugins=manager())
    variables = plugin.vorlagen_variables(vorlage.vorlage)
    assert variables is not None
    assert variables["massnahmen"]["kosten_summe"] == "0,00\xa0€"

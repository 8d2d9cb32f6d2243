"""The example paper follows its data: change a data file, and the paper changes."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from odf import table as odftable
from odf.opendocument import load as load_odt

from tests.conftest import EXAMPLE
from tests.reading import TABLE_NS, docx_text, odt_text, open_docx
from vorlagen import LoadedVorlage, Vorlage, load_vorlage, render_files
from vorlagen.cli import cli
from vorlagen_massnahmen.massnahmen import read_massnahmen

FOLDER = EXAMPLE.parent


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The example folder, measures read from the CSV so tests can edit them as text."""
    folder = tmp_path / "beispiel"
    shutil.copytree(FOLDER, folder)
    vorlage = folder / "vorlage.yaml"
    text = vorlage.read_text(encoding="utf-8")
    vorlage.write_text(text.replace("datei: massnahmen.xlsx", "datei: massnahmen.csv"),
                       encoding="utf-8")
    return vorlage


def texts(vorlage: Vorlage | LoadedVorlage) -> dict[str, str]:
    files = dict(render_files(vorlage))
    return {name: (docx_text if name.endswith(".docx") else odt_text)(data)
            for name, data in files.items()}


def test_the_xlsx_and_the_csv_hold_the_same_measures() -> None:
    from_xlsx = read_massnahmen(FOLDER / "massnahmen.xlsx")
    from_csv = read_massnahmen(FOLDER / "massnahmen.csv")
    assert len(from_xlsx) == 178
    assert from_xlsx == from_csv
    assert {m.handlungsfeld for m in from_csv} >= {
        "Sprache", "Arbeit", "Bildung", "Gesundheit", "Ehrenamt", "Wohnen"}


def test_the_anlagen_hold_every_measure(example: Vorlage) -> None:
    files = dict(render_files(example))
    ids = [m.nr for m in read_massnahmen(FOLDER / "massnahmen.csv")]
    uebersicht = open_docx(files["2018-077_Anlage_2.docx"])
    table = uebersicht.tables[0]
    first_cells = [row.cells[0].text for row in table.rows]
    assert [cell for cell in first_cells if cell in ids] == ids
    assert "Handlungsfeld Sprache (28 Maßnahmen)" in first_cells
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")
    odt = load_odt(io.BytesIO(files["2018-077_Anlage_2.odt"]))
    header_rows = odt.text.getElementsByType(odftable.TableHeaderRows)
    assert len(header_rows) == 1
    assert header_rows[0].parentNode.qname == (TABLE_NS, "table")
    planung = odt_text(files["2018-077_Anlage_1.odt"])
    measures = read_massnahmen(FOLDER / "massnahmen.csv")
    own = [m.nr for m in measures if 2018 in m.jahre and m.zustaendigkeit == "Referat Integration"]
    others = [m.nr for m in measures if 2018 in m.jahre and m.nr not in own]
    assert own and others
    assert all(f"\n{nr}\n" in planung for nr in own)
    assert not any(f"\n{nr}\n" in planung for nr in others)
    assert "1. Quartal 2018" in planung and "4. Quartal 2019" in planung


def test_more_measures_change_the_rounded_count(copy: Path) -> None:
    path = copy.parent / "massnahmen.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    for number in range(1, 6):
        rows.append(dict(rows[0], **{"Nr.": f"NEU-{number}", "Titel": f"Neue Maßnahme {number}"}))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    result = texts(load_vorlage(copy))
    for name in ("2018-077.docx", "2018-077.odt"):
        assert "Die gut 180 im Integrationskonzept" in result[name]
        assert "knapp 180" not in result[name]
    for name in ("2018-077_Anlage_2.docx", "2018-077_Anlage_2.odt"):
        assert "183 Maßnahmen in 7 Handlungsfeldern." in result[name]
        assert "Neue Maßnahme 5" in result[name]


def test_moving_presentation_dates_changes_what_is_planned(copy: Path) -> None:
    path = copy.parent / "vorstellungen.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("Gemeindegtag;Gremium;25.04.2018", "Gemeindegtag;Gremium;15.03.2018")
    text = text.replace("Landratsamts;Gremium;20.03.2018", "Landratsamts;Gremium;10.01.2019")
    path.write_text(text, encoding="utf-8")
    result = texts(load_vorlage(copy))
    for name in ("2018-077.docx", "2018-077.odt"):
        assert "\nGemeindegtag\n" in result[name]
        assert "(geplant für April)" not in result[name]
        assert ("(geplant für September)\nFührungskräfteforum des Landratsamts "
                "(geplant für Januar 2019)\n") in result[name]


def test_a_granted_application_shows_its_amount(copy: Path) -> None:
    path = copy.parent / "foerderantraege.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("28.02.2018;;;beantragt", "28.02.2018;12.500,00;2.500,00;"
                                 "bewilligt"), encoding="utf-8")
    result = texts(load_vorlage(copy))
    for name in ("2018-077.docx", "2018-077.odt"):
        after = result[name].split("Finanzielle Auswirkungen", 1)[1]
        assert ("AMIF\nLand Baden-Württemberg\n28.02.2018\n12.500,00\xa0€\n2.500,00\xa0€\n"
                "bewilligt") in after
        assert "Summe bewilligt\n\n\n12.500,00\xa0€" in after
    original = texts(load_vorlage(EXAMPLE))["2018-077.docx"]
    assert "bewilligt" not in original  # no amounts known: no table


def test_a_bad_data_row_is_named_and_nothing_is_written(copy: Path) -> None:
    path = copy.parent / "massnahmen.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace(";geplant;", ";fertig;")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = copy.parent / "out"
    for command in (["validate", str(copy)], ["render", str(copy), "-o", str(out)]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 2, result.output
        assert result.output.startswith(f"vorlagen: Fehler in {path} (genannt in {copy}, Zeile ")
        assert ": Zeile 5, Status: 'fertig' ist nicht erlaubt" in result.output
    assert not out.exists()


def test_a_missing_data_file_is_named_in_the_vorlage(copy: Path) -> None:
    (copy.parent / "verteiler.csv").unlink()
    result = CliRunner().invoke(cli, ["validate", str(copy)])
    assert result.exit_code == 2
    lines = copy.read_text(encoding="utf-8").splitlines()
    line = 1 + lines.index("    empfaenger: verteiler.csv")
    assert f"Fehler in {copy}: Zeile {line}, plugins.verteiler.empfaenger: Datei nicht gefunden" \
        in result.output

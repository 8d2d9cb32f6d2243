"""Data files for plugins: CSV (both separators, Excel's Windows encoding), Excel, YAML."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from pydantic import BaseModel

from vorlagen import InputError
from vorlagen.daten import Betrag, Datum, column_key, load_rows


class Zeile(BaseModel):
    nr: str
    zustaendigkeit: str | None = None
    betrag: Betrag | None = None
    datum: Datum | None = None


def test_column_headers_are_matched_loosely() -> None:
    assert column_key(" Zuständigkeit ") == "zustaendigkeit"
    assert column_key("beantragt am") == "beantragt_am"
    assert column_key("Nr.") == "nr"
    assert column_key("MASSNAHMEN") == column_key("Maßnahmen") == "massnahmen"


@pytest.mark.parametrize("separator", [";", ","])
def test_csv_with_german_amounts_and_dates(tmp_path: Path, separator: str) -> None:
    path = tmp_path / "daten.csv"
    rows = ["Nr.;Zuständigkeit;Betrag;Datum;Notiz",
            "A-1;Referat;12.500,00 €;16.04.2018;frei",
            ";;;;",
            "A-2;;500;2018-05-07;"]
    # with "," between cells, the amount's decimal comma is inside quotes, as Excel writes it
    path.write_text("\n".join(r if separator == ";" else r.replace(
        "12.500,00 €", '"12.500,00 €"').replace(";", ",") for r in rows) + "\n",
                    encoding="utf-8-sig")
    loaded = load_rows(path, Zeile)
    assert [z.nr for z in loaded] == ["A-1", "A-2"]
    assert loaded[0].zustaendigkeit == "Referat"
    assert loaded[1].zustaendigkeit is None
    assert loaded[0].datum == date(2018, 4, 16)
    assert loaded[1].betrag == Decimal(500)
    assert loaded[0].betrag == Decimal("12500.00")


def test_csv_from_german_excel_is_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "daten.csv"
    path.write_bytes("Nr.;Zuständigkeit\nA-1;Bürgeramt\n".encode("cp1252"))
    assert load_rows(path, Zeile)[0].zustaendigkeit == "Bürgeramt"


def test_excel_numbers_and_dates(tmp_path: Path) -> None:
    from datetime import datetime

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([None])
    sheet.append(["Nr.", "Betrag", "Datum"])
    sheet.append(["A-1", 1234.5, datetime(2018, 4, 16)])
    sheet.append([None, None, None])
    sheet.append(["A-2", None, "04.05.2018"])
    path = tmp_path / "daten.xlsx"
    workbook.save(path)
    loaded = load_rows(path, Zeile)
    assert [(z.nr, z.betrag, z.datum) for z in loaded] == [
        ("A-1", Decimal("1234.5"), date(2018, 4, 16)), ("A-2", None, date(2018, 5, 4))]


def test_problems_name_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "daten.csv"
    path.write_text("Nr.;Betrag;Datum\nA-1;viel;16.04.2018\n;1;31.02.2018\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_rows(path, Zeile)
    found = [(p.line, p.field) for p in caught.value.problems]
    assert found == [(2, "Betrag"), (3, "Nr."), (3, "Datum")]
    message = str(caught.value)
    assert message.startswith(f"3 Fehler in {path}:")
    assert "Zeile 2, Betrag: 'viel' ist kein Betrag" in message
    assert "Zeile 3, Nr.: Pflichtfeld fehlt" in message
    assert "'31.02.2018' ist kein gültiges Datum" in message


def test_yaml_rows_have_lines(tmp_path: Path) -> None:
    path = tmp_path / "daten.yaml"
    path.write_text("- nr: A-1\n- nr: A-2\n  betrag: nichts\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_rows(path, Zeile)
    assert (caught.value.problems[0].line, caught.value.problems[0].field) == (2, "betrag")
    path.write_text("nr: A-1\n", encoding="utf-8")
    with pytest.raises(InputError, match="erwartet eine Liste"):
        load_rows(path, Zeile)


def test_unreadable_files(tmp_path: Path) -> None:
    fake = tmp_path / "daten.xlsx"
    fake.write_text("kein Excel", encoding="utf-8")
    with pytest.raises(InputError, match="keine Excel-Datei"):
        load_rows(fake, Zeile)
    with pytest.raises(InputError, match=r"unbekannte Dateiendung '\.ods'"):
        load_rows(tmp_path / "daten.ods", Zeile)


def test_a_quoted_cell_keeps_its_line_break(tmp_path: Path) -> None:
    path = tmp_path / "daten.csv"
    path.write_bytes('Nr.;Zuständigkeit\r\nA-1;"Referat Integration\r\nund Sozialamt"\r\n'
                     'A-2;Kämmerei\r\n'.encode())
    rows = load_rows(path, Zeile)
    assert [row.zustaendigkeit for row in rows] == [
        "Referat Integration\r\nund Sozialamt", "Kämmerei"]


def test_a_row_after_a_line_break_in_a_cell_is_named_by_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "daten.csv"
    path.write_text('Nr.;Betrag\nA-1;"1\n2"\nA-2;viel\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_rows(path, Zeile)
    assert [(p.field, p.line) for p in caught.value.problems] == [("Betrag", 2), ("Betrag", 4)]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
def test_a_misspelled_column_is_one_message(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"daten{suffix}"
    rows = [["Nummer", "Zuständigkeit"], *([f"A-{n}", "Referat"] for n in range(50))]
    if suffix == ".csv":
        path.write_text("\n".join(";".join(row) for row in rows), encoding="utf-8")
    elif suffix == ".xlsx":
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in rows:
            sheet.append(row)
        workbook.save(path)
    else:
        import json

        path.write_text(json.dumps([dict(zip(rows[0], row, strict=True)) for row in rows[1:]]),
                        encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_rows(path, Zeile)
    assert len(caught.value.problems) == 1
    message = str(caught.value)
    assert "Spalte 'nr' fehlt" in message
    assert "Spalten der Datei: 'Nummer', 'Zuständigkeit'" in message


def test_a_missing_column_names_the_closest_of_the_file_and_the_vorlage_line(
        tmp_path: Path) -> None:
    """The measure list calls its Handlungsfeld "Bereich": the message suggests that
    column, and says where the Vorlage names the file, listed with the Vorlage's own
    errors in line order."""
    import shutil

    from click.testing import CliRunner

    from tests.conftest import ROOT
    from vorlagen.cli import cli

    example = ROOT / "examples" / "integrationskonzept-2018-077"
    for name in ("vorlage.yaml", "massnahmen.csv", "foerderantraege.csv", "verteiler.csv",
                 "vorstellungen.csv"):
        shutil.copy(example / name, tmp_path / name)
    liste = tmp_path / "massnahmen.csv"
    liste.write_text(liste.read_text(encoding="utf-8").replace("Handlungsfeld", "Bereich", 1),
                     encoding="utf-8")
    vorlage = tmp_path / "vorlage.yaml"
    text = vorlage.read_text(encoding="utf-8").replace("datei: massnahmen.xlsx",
                                                       "datei: massnahmen.csv")
    vorlage.write_text(text, encoding="utf-8")
    line = 1 + text.splitlines().index("    datei: massnahmen.csv")

    result = CliRunner().invoke(cli, ["validate", str(vorlage)])
    assert result.exit_code == 2
    assert result.output.startswith(
        f"vorlagen: Fehler in {liste} (genannt in {vorlage}, Zeile {line}, "
        "plugins.massnahmen.datei): handlungsfeld: Spalte 'handlungsfeld' fehlt; gemeint "
        "ist vielleicht 'Bereich' (Spalten der Datei: 'Nr.', 'Bereich', ")

    datum = next(number for number, row in enumerate(text.splitlines(), 1)
                 if row.startswith("datum:"))
    vorlage.write_text(re.sub(r"(?m)^datum: .*$", "datum: 31.02.2018", text),
                       encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(vorlage)])
    assert result.exit_code == 2
    assert result.output.splitlines()[:3] == [
        f"vorlagen: 2 Fehler in {vorlage}:",
        f"  - Zeile {datum}, datum: '31.02.2018' ist kein gültiges Datum; der Februar 2018 "
        "hat 28 Tage, den Tag prüfen",
        f"  - Zeile {line}, plugins.massnahmen.datei: {liste}: handlungsfeld: Spalte "
        "'handlungsfeld' fehlt; gemeint ist vielleicht 'Bereich' (Spalten der Datei: 'Nr.', "
        "'Bereich', 'Titel', 'Zuständigkeit', 'Zeitraum', 'Priorität', 'Status', 'Kosten', "
        "'Förderung')"]

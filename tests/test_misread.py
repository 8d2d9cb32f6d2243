"""Nothing misread: what a data file holds is read as written, or refused naming the
file, the row and the column; never cut, shifted or guessed at without a word."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from pydantic import BaseModel

from vorlagen import InputError
from vorlagen.daten import Betrag, JaNein, load_rows


class Gruppe(BaseModel):
    gruppe: str


class Posten(BaseModel):
    nr: str
    betrag: Betrag | None = None
    nichtoeffentlich: JaNein = False


def _csv(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "daten.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_a_row_with_more_cells_than_the_header_names_the_row(tmp_path: Path) -> None:
    """A one-column list whose text holds a ";" is not cut at it."""
    path = _csv(tmp_path, "Gruppe\nKreistag\nSchulen; Kitas und Horte\n")
    with pytest.raises(InputError) as raised:
        load_rows(path, Gruppe)
    assert str(raised.value) == (
        f"Fehler in {path}: Zeile 3: mehr Zellen als die Kopfzeile Spalten hat (1); steht "
        "das Trennzeichen ';' in einem Text? Dann den Text in Anführungszeichen setzen")
    quoted = _csv(tmp_path, 'Gruppe\nKreistag\n"Schulen; Kitas und Horte"\n')
    assert [row.gruppe for row in load_rows(quoted, Gruppe)] == [
        "Kreistag", "Schulen; Kitas und Horte"]


def test_line_breaks_and_separators_inside_a_cell_stay_in_it(tmp_path: Path) -> None:
    """Excel's Alt+Enter (a quoted line break), U+2028, U+0085 and a form feed inside a
    cell keep the row whole."""
    path = _csv(tmp_path, 'Nr;Betrag\n"A\nzwei Zeilen";1\nB\u2028C;2\nD\u0085E;3\nF\x0cG;4\n')
    rows = load_rows(path, Posten)
    assert [row.nr for row in rows] == ["A\nzwei Zeilen", "B\u2028C", "D\u0085E", "F\x0cG"]
    assert [row.betrag for row in rows] == [1, 2, 3, 4]


def test_excel_s_sep_line_names_the_delimiter(tmp_path: Path) -> None:
    path = _csv(tmp_path, "sep=,\nNr,Betrag\nA,\"1.234,50\"\nB,7\n")
    rows = load_rows(path, Posten)
    assert [(row.nr, row.betrag) for row in rows] == [("A", Decimal("1234.50")),
                                                       ("B", Decimal(7))]
    broken = _csv(tmp_path, "sep=,\nNr,Betrag\nA,zwölf\n")
    with pytest.raises(InputError, match="Zeile 3, Betrag: 'zwölf' ist kein Betrag"):
        load_rows(broken, Posten)


def test_utf16_is_read_with_its_bom_and_refused_without(tmp_path: Path) -> None:
    path = _csv(tmp_path, "\ufeffNr;Betrag\nÄ-1;5\n", "utf-16-le")
    assert [row.nr for row in load_rows(path, Posten)] == ["Ä-1"]
    bare = _csv(tmp_path, "Nr;Betrag\nÄ-1;5\n", "utf-16-le")
    with pytest.raises(InputError, match="vermutlich UTF-16 ohne BOM"):
        load_rows(bare, Posten)


def test_a_byte_no_encoding_reads_names_the_data_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "daten.csv"
    path.write_bytes(b"Nr;Betrag\nA;1\nB;2\n" + b"C\x81;3\n")
    with pytest.raises(InputError) as raised:
        load_rows(path, Posten)
    assert str(raised.value) == (
        f"Fehler in {path}: Zeile 4: Byte 0x81 ist weder UTF-8 noch Windows-1252; als UTF-8 "
        "speichern")


@pytest.mark.parametrize("written,read", [
    ("1.234,56", Decimal("1234.56")), ("12.500", Decimal(12500)), ("12500,5", Decimal("12500.5")),
    ("-3,00 €", Decimal(-3)), ("1.000.000,00", Decimal(1000000)),
])
def test_german_amounts_are_read(tmp_path: Path, written: str, read: Decimal) -> None:
    path = _csv(tmp_path, f'Nr;Betrag\nA;"{written}"\n')
    assert load_rows(path, Posten)[0].betrag == read


@pytest.mark.parametrize("written", ["1.234.5", "1,234", "1.23", "1E+1000000", "12,5,0",
                                     "NaN", "Infinity", "1.234,567"])
def test_an_amount_written_otherwise_is_refused_naming_the_cell(tmp_path: Path,
                                                                written: str) -> None:
    path = _csv(tmp_path, f'Nr;Betrag\nA;"{written}"\n')
    with pytest.raises(InputError) as raised:
        load_rows(path, Posten)
    assert str(raised.value) == (
        f"Fehler in {path}: Zeile 2, Betrag: {written!r} "
        "ist kein Betrag in deutscher Schreibweise (z. B. 12.500,00 oder 12500,5)")


def test_a_huge_spreadsheet_number_is_refused(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "daten.xlsx", {"Daten": [["Nr", "Betrag"], ["A", 1e300]]})
    with pytest.raises(InputError, match=r"Zeile 2, Betrag: 1e\+300 ist kein Betrag "
                                         r"\(zu groß oder keine Zahl\)"):
        load_rows(path, Posten)


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def test_a_formula_without_a_computed_value_names_the_cell(tmp_path: Path) -> None:
    """openpyxl writes formulas without their values, as a program other than Excel may:
    read as they are, they would be empty cells."""
    path = _workbook(tmp_path / "daten.xlsx", {"Daten": [["Nr", "Betrag"], ["A", 5],
                                                         ["B", "=B2*2"]]})
    with pytest.raises(InputError) as raised:
        load_rows(path, Posten)
    assert str(raised.value) == (
        f"Fehler in {path}: Zeile 3, B3: eine Formel ohne berechneten Wert (die Datei wurde "
        "nicht von Excel oder LibreOffice gespeichert); dort öffnen und speichern")



def test_a_formula_without_a_value_is_found_on_a_later_sheet(tmp_path: Path) -> None:
    """The sheet's part is found through the workbook's relationships (not openpyxl's
    private path), on whichever sheet the data is."""
    path = _workbook(tmp_path / "daten.xlsx", {
        "Deckblatt": [["Maßnahmenliste"], ["=1+1"]],
        "Daten": [["Nr", "Betrag"], ["A", 5], ["B", 6], ["C", "=B3*2"]]})
    for blatt in (None, "Daten"):
        with pytest.raises(InputError) as raised:
            load_rows(path, Posten, blatt=blatt)
        assert str(raised.value).startswith(f"Fehler in {path}: Zeile 4, B4: eine Formel "
                                            "ohne berechneten Wert")

def test_the_sheet_is_found_by_its_header_or_named(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "daten.xlsx", {
        "Deckblatt": [["Maßnahmenliste 2018"], ["Stand: April"]],
        "Leer": [],
        "Daten": [["Nr", "Betrag"], ["A", 5], ["B", 6]],
        "Archiv": [["Nr", "Betrag"], ["X", 1]],
    })
    assert [row.nr for row in load_rows(path, Posten)] == ["A", "B"]
    assert [row.nr for row in load_rows(path, Posten, blatt="Archiv")] == ["X"]
    with pytest.raises(InputError, match=r"kein Tabellenblatt 'Archiv 2' \(Blätter: "
                                         r"'Deckblatt', 'Leer', 'Daten', 'Archiv'\)"):
        load_rows(path, Posten, blatt="Archiv 2")


def test_no_sheet_with_the_columns_is_an_error_not_zero_rows(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "daten.xlsx", {"Deckblatt": [["Maßnahmenliste"]],
                                               "Leer": [], "Notizen": [["Notiz"], ["x"]]})
    with pytest.raises(InputError) as raised:
        load_rows(path, Posten)
    assert str(raised.value) == (
        f"Fehler in {path}: kein Tabellenblatt hat die nötigen Spalten 'nr'; Blätter: "
        "'Deckblatt' ('Maßnahmenliste'); 'Leer' (leer); 'Notizen' ('Notiz')")


@pytest.mark.parametrize("header", ["nicht öffentlich", "Nicht-Öffentlich", "vertraulich",
                                    "NICHTÖFFENTLICH"])
def test_the_nichtoeffentlich_column_under_another_spelling_is_read(
        tmp_path: Path, header: str) -> None:
    path = _csv(tmp_path, f"Nr;{header}\nA;ja\nB;\n")
    assert [row.nichtoeffentlich for row in load_rows(path, Posten)] == [True, False]


@pytest.mark.parametrize("header", ["nichtöfentlich", "nichtoeffentlic", "Betrg"])
def test_a_column_only_close_to_a_known_one_is_refused(tmp_path: Path, header: str) -> None:
    path = _csv(tmp_path, f"Nr;{header}\nA;ja\n")
    with pytest.raises(InputError) as raised:
        load_rows(path, Posten)
    assert f"{header}: Spalte '{header}' " "ist unbekannt; gemeint ist vielleicht" in str(
        raised.value)
    notes = _csv(tmp_path, "Nr;Notiz für die Sitzung\nA;ja\n")  # a notes column is fine
    assert [row.nr for row in load_rows(notes, Posten)] == ["A"]

"""Files named in a Vorlage stay in its folder unless allowed; data files and templates
that are not what they claim give a clear error, quickly."""

from __future__ import annotations

import io
import os
import shutil
import time
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from pydantic import BaseModel

from tests.conftest import EXAMPLE
from tests.reading import replace_part
from vorlagen import InputError, Vorlage, load_vorlage, render, render_files, render_to_folder
from vorlagen.cli import cli
from vorlagen.daten import load_rows

SECRET = "GEHEIM-4711"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The example in its own folder, beside a secret file outside it."""
    (tmp_path / "geheim.txt").write_text(SECRET, encoding="utf-8")
    shutil.copytree(EXAMPLE.parent, tmp_path / "vorlage")
    return tmp_path / "vorlage"


def _with_anlage(folder: Path, datei: str) -> Path:
    path = folder / "vorlage.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["anlagen"] = [{"titel": "Beilage", "datei": datei}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("how", ["dotdot", "absolute", "symlink"])
def test_an_anlage_outside_the_folder_is_refused(folder: Path, how: str) -> None:
    outside = folder.parent / "geheim.txt"
    if how == "symlink":
        os.symlink(outside, folder / "verweis.txt")
    datei = {"dotdot": "../geheim.txt", "absolute": str(outside),
             "symlink": "verweis.txt"}[how]
    path = _with_anlage(folder, datei)
    out = folder.parent / "out"
    result = CliRunner().invoke(cli, ["render", str(path), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "anlagen[0].datei" in result.output
    assert "--allow-outside-files" in result.output
    assert not out.exists()
    allowed = CliRunner().invoke(cli, ["render", str(path), "-o", str(out),
                                       "--allow-outside-files"])
    assert allowed.exit_code == 0, allowed.output
    copied = [path for path in out.iterdir() if path.suffix == ".txt"]
    assert [path.read_text(encoding="utf-8") for path in copied] == [SECRET]


def test_a_plugin_data_file_outside_the_folder_is_refused(folder: Path) -> None:
    shutil.copy(folder / "massnahmen.csv", folder.parent / "massnahmen.csv")
    path = folder / "vorlage.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "datei: massnahmen.xlsx", "datei: ../massnahmen.csv"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert "plugins.massnahmen.datei" in result.output and "aus dem Ordner" in result.output
    assert CliRunner().invoke(cli, ["validate", str(path), "--allow-outside-files"]
                              ).exit_code == 0


def test_a_vorlage_as_data_resolves_against_base_dir(tmp_path: Path,
                                                    minimal: dict[str, object]) -> None:
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4")
    data = dict(minimal, anlagen=[{"titel": "Plan", "datei": "plan.pdf"}])
    assert load_vorlage(data, base_dir=tmp_path).anlagen[0].datei == tmp_path / "plan.pdf"
    with pytest.raises(InputError, match="absoluter Pfad"):
        load_vorlage(dict(minimal, anlagen=[{"titel": "P", "datei": "/etc/hostname"}]),
                     base_dir=tmp_path)


@pytest.mark.parametrize("datei", ["/etc/passwd", "../geheim.txt"])
def test_a_vorlage_made_without_load_vorlage_reads_no_file_outside(
        folder: Path, datei: str, minimal: dict[str, object],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``Vorlage.model_validate`` skips load_vorlage's checks; the file is checked where it
    is read, against the current folder."""
    monkeypatch.chdir(folder)
    vorlage = Vorlage.model_validate(dict(minimal, anlagen=[{"titel": "P", "datei": datei}]))
    out = folder / "out"
    with pytest.raises(InputError, match=r"anlagen\[0\]\.datei: .* aus dem Ordner"):
        render_files(vorlage, ["docx"])
    with pytest.raises(InputError):
        render_to_folder(vorlage, out, ["docx"])
    assert not out.exists()
    (folder / "plan.pdf").write_bytes(b"%PDF-1.4")
    inside = Vorlage.model_validate(dict(minimal, anlagen=[{"titel": "P", "datei": "plan.pdf"}]))
    assert dict(render_files(inside, ["docx"]))["2024-001_Anlage_1.pdf"] == b"%PDF-1.4"


class Zeile(BaseModel):
    name: str


def _xlsx(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _load(tmp_path: Path, data: bytes) -> list[Zeile] | InputError:
    path = tmp_path / "daten.xlsx"
    path.write_bytes(data)
    start = time.process_time()  # CPU time: "quickly" whatever the machine's load
    try:
        result: list[Zeile] | InputError = load_rows(path, Zeile)
    except InputError as error:
        result = error
    assert time.process_time() - start < 10
    return result


def test_an_xlsx_zip_bomb_is_refused(tmp_path: Path) -> None:
    bomb = replace_part(_xlsx([["name"], ["a"]]), "xl/worksheets/sheet1.xml",
                         lambda data: data + b" " * 60_000_000)
    result = _load(tmp_path, bomb)
    assert isinstance(result, InputError) and "Zip-Bombe" in str(result)


def test_xlsx_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "geheim.txt"
    secret.write_text(SECRET, encoding="utf-8")
    doctype = (f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>').encode()

    def inject(data: bytes) -> bytes:
        return doctype + data.replace(b">a<", b">&xxe;<", 1)

    evil = replace_part(_xlsx([["name"], ["a"]]), "xl/worksheets/sheet1.xml", inject)
    result = _load(tmp_path, evil)
    assert SECRET not in str(result)
    assert isinstance(result, InputError), result


def test_xlsx_entity_expansion_is_an_error(tmp_path: Path) -> None:
    laughs = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode()
        for i in range(8)) + b"]>"

    def inject(data: bytes) -> bytes:
        return laughs + data.replace(b">a<", b">&i;<", 1)

    evil = replace_part(_xlsx([["name"], ["a"]]), "xl/worksheets/sheet1.xml", inject)
    assert isinstance(_load(tmp_path, evil), InputError)


def test_too_many_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vorlagen.daten.MAX_ROWS", 5)
    result = _load(tmp_path, _xlsx([["name"]] + [[str(i)] for i in range(10)]))
    assert isinstance(result, InputError) and "mehr als 5 Zeilen" in str(result)
    path = tmp_path / "daten.csv"
    path.write_text("name\n" + "\n".join(str(i) for i in range(10)), encoding="utf-8")
    with pytest.raises(InputError, match="mehr als 5 Zeilen"):
        load_rows(path, Zeile)


@pytest.mark.parametrize("format", ["docx", "odt"])
def test_template_zip_bomb_and_entities(tmp_path: Path, minimal: dict[str, object],
                                        format: str) -> None:
    from vorlagen.templates import standard_design

    name = f"design.{format}"
    original = (standard_design() / name).read_bytes()
    part = "word/styles.xml" if format == "docx" else "styles.xml"
    vorlage = load_vorlage(minimal)
    cases = {
        "bomb": replace_part(original, part, lambda data: data + b" " * 60_000_000),
        "entities": replace_part(original, part, lambda data: data.replace(
            b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;'
                   b'&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>', 1)),
    }
    for case, data in cases.items():
        folder = tmp_path / case
        folder.mkdir()
        (folder / name).write_bytes(data)
        start = time.process_time()
        try:
            output = render(vorlage, format, design=folder)
        except InputError as error:
            assert str(folder / name) in str(error)
        else:
            assert case == "entities" and b"aaaaaaaaaa" * 10 not in output
        assert time.process_time() - start < 10


@pytest.mark.parametrize("text", [
    "".join(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join(
        [f"*{chr(96 + i)}" if i else '"lol"'] * 9) + "]\n" for i in range(9)),
    "a: &a [*a]\n",
])
def test_a_yaml_alias_bomb_is_refused_quickly(tmp_path: Path, text: str) -> None:
    path = tmp_path / "vorlage.yaml"
    path.write_text(text, encoding="utf-8")
    start = time.process_time()
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert time.process_time() - start < 10
    assert result.exit_code == 2 and "Alias-Bombe" in result.output


@pytest.mark.parametrize("format", ["docx", "odt"])
def test_a_template_declaring_entities_is_refused_naming_the_part(
        tmp_path: Path, minimal: dict[str, object], format: str) -> None:
    from vorlagen.templates import standard_design

    name = f"design.{format}"
    part = "word/styles.xml" if format == "docx" else "styles.xml"
    (tmp_path / name).write_bytes(replace_part(
        (standard_design() / name).read_bytes(), part,
        lambda data: data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1)))
    with pytest.raises(InputError) as raised:
        render(load_vorlage(minimal), format, design=tmp_path)
    assert f"{part} erklärt eine DTD oder Entitäten (<!DOCTYPE)" in str(raised.value)
    assert str(tmp_path / name) in str(raised.value)


def test_a_template_over_the_size_limit_is_refused(
        tmp_path: Path, minimal: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> None:
    from vorlagen.templates import standard_design

    monkeypatch.setattr("vorlagen.inputs.MAX_FILE_BYTES", 1000)
    shutil.copy(standard_design() / "design.docx", tmp_path / "design.docx")
    with pytest.raises(InputError, match="keine gültige DOCX-Datei: größer als 0 MB"):
        render(load_vorlage(minimal), "docx", design=tmp_path)


@pytest.mark.parametrize("target", ["fifo", "/dev/zero", "/dev/urandom"])
def test_a_vorlage_that_is_no_regular_file_is_refused_unread(tmp_path: Path,
                                                             target: str) -> None:
    path = tmp_path / "vorlage.yaml"
    if target == "fifo":
        os.mkfifo(path)  # reading it would wait for ever
    else:
        path.symlink_to(target)  # reading it would never end
    start = time.process_time()
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert time.process_time() - start < 5
    assert result.exit_code == 2
    assert "ist keine gewöhnliche Datei (ein Ordner, ein Gerät, eine Pipe?)" in result.output


def test_a_vorlage_file_over_the_limit_is_refused_unread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vorlagen.readfile.MAX_TEXT_FILE_BYTES", 100)
    path = tmp_path / "vorlage.yaml"
    path.write_text("titel: " + "x" * 200 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="größer als 0 MB; so groß ist keine Vorlage"):
        load_vorlage(path)


@pytest.mark.parametrize("suffix,text", [
    pytest.param(".yaml", "a: " + "[" * 5000 + "]" * 5000 + "\n",
                 marks=pytest.mark.fuzz),  # seconds of CPU in PyYAML
    (".yaml", "a: " + "[" * 70 + "]" * 70 + "\n"),
    (".json", '{"a": ' + "[" * 100000 + "]" * 100000 + "}"),
    (".json", '{"a": ' + "[" * 70 + "]" * 70 + "}"),
    (".toml", "a = " + "[" * 5000 + "]" * 5000 + "\n"),
], ids=["yaml-deep", "yaml-70", "json-deep", "json-70", "toml-deep"])
def test_nesting_deeper_than_the_limit_is_an_input_error(tmp_path: Path, suffix: str,
                                                        text: str) -> None:
    path = tmp_path / f"vorlage{suffix}"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "zu tief verschachtelt (mehr als 64 Ebenen von Listen und Zuordnungen)" \
        in result.output
    assert "Traceback" not in result.output and "Plugin" not in result.output


def test_a_deeply_nested_data_file_names_the_data_file(tmp_path: Path) -> None:
    path = tmp_path / "daten.json"
    path.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_rows(path, Zeile)
    assert str(raised.value).startswith(f"Fehler in {path}: zu tief verschachtelt")


def test_spreadsheet_cells_and_shared_strings_are_bounded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vorlagen.daten.MAX_CELLS", 50)
    wide = _load(tmp_path, _xlsx([["name", *(f"x{i}" for i in range(20))],
                                  *(["a", *range(20)] for _ in range(5))]))
    assert isinstance(wide, InputError) and "mehr als 50 Zellen" in str(wide)
    monkeypatch.setattr("vorlagen.daten.MAX_CELLS", 10_000_000)
    monkeypatch.setattr("vorlagen.daten.MAX_SHARED_STRINGS_BYTES", 100)
    import zipfile

    package = io.BytesIO(_xlsx([["name"], ["a"]]))
    with zipfile.ZipFile(package, "a") as archive:  # as Excel writes texts: shared
        archive.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>Text</t></si>" * 50
                         + "</sst>")
    texts = _load(tmp_path, package.getvalue())
    assert isinstance(texts, InputError)
    assert "die Texte der Tabelle entpacken zu 0 MB (mehr als 0 MB)" in str(texts)


def test_a_paper_beyond_what_word_holds_is_an_input_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from vorlagen.render import render_document
    from vorlagen.tree import Document, Metadata, Paragraph, Text

    # the module that writes documents (vorlagen.builder)
    monkeypatch.setattr(importlib.import_module("vorlagen.builder"), "MAX_TEXT_CHARS", 1000)
    document = Document(Metadata("Riesig"), tuple(
        Paragraph((Text("x" * 100),)) for _ in range(20)))
    with pytest.raises(InputError) as raised:
        render_document(document, "docx")
    assert str(raised.value) == (
        "Fehler in Riesig: das Dokument hätte mehr als 0 Mio. Zeichen Text; "
        "so viel fasst keine DOCX-Datei, die Word öffnet (Daten zu groß?)")


def _hausformat(aufbau: list[str], *, head: str = "", arten_aufbau: int = 0) -> str:
    """A Hausformat file's text: ``head`` lines, one art (with ``arten_aufbau`` Bausteine
    of its own) and ``aufbau``'s lines as its Bausteine."""
    art = ["arten:", "  - name: Beschlussvorlage"]
    if arten_aufbau:
        art += ["    aufbau:", *["      - betreff"] * arten_aufbau]
    return "\n".join([*head.splitlines(), *art, "aufbau:", *aufbau]) + "\n"


@pytest.mark.parametrize("files,shown,line", [
    ({"hausformat.yaml": _hausformat(
        [f'  - text: {{text: "Zeile {i} {{{{ titel }}}}"}}' for i in range(100_000)])},
     "größer als 1 MB; so groß ist kein Hausformat", None),
    ({"hausformat.yaml": _hausformat(["  - betreff"] * 2_001, head="beschreibung: x")},
     "aufbau: 2.001 Bausteine; ein Aufbau hat höchstens 2.000", 4),
    ({"hausformat.yaml": _hausformat(["  - betreff"], arten_aufbau=2_001)},
     "arten[0].aufbau: 2.001 Bausteine; ein Aufbau hat höchstens 2.000", 3),
    ({"hausformat.yaml": _hausformat(
        ["  - betreff"], head="rollen: [" + ", ".join(f"r{i}" for i in range(20_001)) + "]")},
     "mehr als 20.000 Angaben (Texte, Zahlen, Listen); so groß ist kein Hausformat", None),
    ({"hausformat.yaml": _hausformat(["  - betreff"] * 1_500, head="basis: basis.yaml"),
      "basis.yaml": _hausformat(["  - betreff"] * 1_500)},
     "basis: mit den Hausformaten, auf denen es aufbaut, zusammen 3.000 Bausteine "
     "(höchstens 2.000)", 1),
    ({"hausformat.yaml": "basis: k1.yaml\nbehoerde: X\n",
      **{f"k{i}.yaml": f"basis: k{i + 1}.yaml\n" for i in range(1, 11)},
      "k11.yaml": _hausformat(["  - betreff"])},
     "basis: das Hausformat baut über mehr als 10 Hausformat-Dateien aufeinander auf", 1),
], ids=["4-mb", "2001-bausteine", "2001-in-an-art", "20001-values", "chain-together",
        "chain-of-12"])
@pytest.mark.parametrize("command", ["hausformat-check", "render"])
def test_a_hausformat_is_bounded_before_its_bausteine_are_checked(
        tmp_path: Path, minimal: dict[str, object], files: dict[str, str], shown: str,
        line: int | None, command: str) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    vorlage = tmp_path / "vorlage.yaml"
    vorlage.write_text(yaml.safe_dump(minimal, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    args = (["hausformat", "check", str(tmp_path / "hausformat.yaml")]
            if command == "hausformat-check" else ["render", str(vorlage), "-o", str(out)])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    where = f"Zeile {line}, " if line else ""
    assert f"hausformat.yaml: {where}{shown}" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_a_number_of_a_hundred_thousand_digits_in_a_json_data_file_names_its_line(
        tmp_path: Path) -> None:
    class Row(BaseModel):
        name: str

    path = tmp_path / "daten.json"
    path.write_text('[{"name": "a"},\n {"name": ' + "9" * 100_000 + "}]", encoding="utf-8")
    with pytest.raises(InputError, match=r"Zeile 2: kein gültiges JSON: eine Zahl mit mehr "
                                         r"als 4300 Ziffern"):
        load_rows(path, Row)
def test_a_csv_beyond_the_row_limit_is_refused_as_soon_as_it_is_passed(
        tmp_path: Path) -> None:
    from vorlagen import daten

    path = tmp_path / "daten.csv"
    with path.open("w", encoding="utf-8") as out:  # 2,000,000 rows, about 20 MB
        out.write("name\n")
        out.writelines(f"{i}\n" for i in range(2_000_000))
    with pytest.raises(InputError) as raised:
        load_rows(path, Zeile)
    assert "Zeile 100002: mehr als 100.000 Zeilen; die Liste aufteilen" in str(raised.value)
    assert daten.csv_rows_counted == 100_001  # not one row more was read


def test_a_csv_beyond_the_cell_limit_stops_at_the_row_that_passes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vorlagen import daten

    monkeypatch.setattr("vorlagen.daten.MAX_CELLS", 50)
    path = tmp_path / "daten.csv"
    # the tail is broken (a byte neither UTF-8 nor Windows-1252 would be found first, a
    # cell over csv's limit while counting): reading it all would give another error
    path.write_text("name;" + ";".join(f"x{i}" for i in range(9)) + "\n"
                    + "a;1;2;3;4;5;6;7;8;9\n" * 10 + '"' + "x" * 200_000 + "\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_rows(path, Zeile)
    # the header's 10 cells and 4 rows make 50: the 5th row (line 6) passes the limit
    assert "Zeile 6: mehr als 50 Zellen; die Liste aufteilen" in str(raised.value)
    assert daten.csv_rows_counted == 5


@pytest.mark.parametrize(("dimension", "expected"), [
    ("A1:B1050000", "mehr als 100.000 Zeilen"),
    ("A1:XFD700", "mehr als 2.000.000 Zellen"),
    ("B3:C100004", "mehr als 100.000 Zeilen"),
])
def test_a_spreadsheet_declaring_a_size_beyond_the_limits_is_refused_unread(
        tmp_path: Path, dimension: str, expected: str) -> None:
    import re

    def declare(data: bytes) -> bytes:  # a few rows, as a giant sheet would start
        return re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(),
                      data, count=1)

    small = replace_part(_xlsx([["name"], ["a"], ["b"]]), "xl/worksheets/sheet1.xml", declare)
    result = _load(tmp_path, small)
    assert isinstance(result, InputError) and expected in str(result)


@pytest.mark.parametrize("dimension", ["A1:B" + "9" * 5000, "A" + "1" * 5000, "nichts"])
def test_a_dimension_that_is_no_range_is_a_damaged_workbook(
        tmp_path: Path, dimension: str) -> None:
    """openpyxl reads no sheet with such a size: the German error for a damaged file,
    never Python's message about long numbers."""
    import re

    def declare(data: bytes) -> bytes:
        return re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(),
                      data, count=1)

    result = _load(tmp_path, replace_part(_xlsx([["name"], ["a"], ["b"]]),
                                          "xl/worksheets/sheet1.xml", declare))
    assert isinstance(result, InputError), result
    assert "keine Excel-Datei (.xlsx) oder beschädigt" in str(result)


@pytest.mark.parametrize("row", [2, 80])
def test_a_cell_address_of_thousands_of_digits_is_an_input_error(
        tmp_path: Path, row: int) -> None:
    """In the header rows openpyxl reads first, or further down: the same German error,
    never Python's message about long numbers."""
    import re

    rows = [["name"]] + [[f"n{i}"] for i in range(100)]

    def lengthen(data: bytes) -> bytes:
        return re.sub(rf'<c r="A{row}"'.encode(), b'<c r="A' + b"9" * 5000 + b'"', data,
                      count=1)

    result = _load(tmp_path, replace_part(_xlsx(rows), "xl/worksheets/sheet1.xml", lengthen))
    assert isinstance(result, InputError), result
    said = str(result)
    assert "Excel" in said and "digits" not in said and "4300" not in said, said
    if row == 80:  # past the header rows: found by the count, with its row and address
        assert "Zeile 80, A9999999999999999999…: keine gültige Zelladresse" in said


def test_a_data_file_over_the_size_limit_is_refused_unread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CSV or Excel file past ``MAX_DATA_FILE_BYTES`` is refused before a row is read,
    even when its rows and cells are within their limits."""
    from vorlagen import daten

    monkeypatch.setattr("vorlagen.daten.MAX_DATA_FILE_BYTES", 2**20)
    daten.csv_rows_counted = 0
    path = tmp_path / "daten.csv"
    path.write_text("name\n" + "".join(f"{i:09d}\n" for i in range(110_000)),
                    encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_rows(path, Zeile)
    assert "1,0 MB groß, erlaubt sind 1 MB je Datendatei" in str(raised.value)
    assert daten.csv_rows_counted == 0  # not a row was read
    xlsx = tmp_path / "daten.xlsx"
    xlsx.write_bytes(_xlsx([["name"], ["a"]]) + b"\0" * 2**20)
    with pytest.raises(InputError, match="MB je Datendatei"):
        load_rows(xlsx, Zeile)


def test_spreadsheet_rows_are_counted_whatever_the_sheet_declares(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    monkeypatch.setattr("vorlagen.daten.MAX_ROWS", 5)

    def understate(data: bytes) -> bytes:  # the dimension says one cell
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data, count=1)

    rows = [["name"]] + [[str(i)] for i in range(10)]
    result = _load(tmp_path, replace_part(_xlsx(rows), "xl/worksheets/sheet1.xml",
                                          understate))
    assert isinstance(result, InputError) and "Zeile 6: mehr als 5 Zeilen" in str(result)
    monkeypatch.setattr("vorlagen.daten.MAX_ROWS", 1_000_000)
    read = _load(tmp_path, replace_part(_xlsx(rows), "xl/worksheets/sheet1.xml", understate))
    assert not isinstance(read, InputError)
    assert [row.name for row in read] == [str(i) for i in range(10)]  # none left out


def test_the_cells_of_a_data_file_are_not_kept_beside_its_rows(tmp_path: Path) -> None:
    import tracemalloc

    path = tmp_path / "daten.csv"  # 100,000 rows, nine columns of notes the model ignores
    path.write_text("name;" + ";".join(f"notiz{i}" for i in range(9)) + "\n"
                    + "".join(f"{i};" + ";".join(["Anmerkung zur Zeile"] * 9) + "\n"
                              for i in range(100_000)), encoding="utf-8")
    tracemalloc.start()
    try:
        rows = load_rows(path, Zeile)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(rows) == 100_000
    # each row becomes its model as it is read: at no time are all the cells held too
    assert peak - kept < 40 * 2**20
def test_temporary_files_a_killed_run_left_are_removed_by_the_next(
        tmp_path: Path, minimal: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> None:
    """A run killed while writing leaves hidden ``.NAME.XXXXXXXX.tmp`` files; the next run
    into that folder removes those older than itself, and nothing else: not a file of
    another name, nor a link, nor one newer than the run."""
    (tmp_path / "vorlage.yaml").write_text(yaml.safe_dump(minimal, allow_unicode=True),
                                           encoding="utf-8")
    out = tmp_path / "aus"
    out.mkdir()
    left = out / ".2025-001.docx.k3j_9x2a.tmp"
    left.write_bytes(b"halb")
    kept = [out / ".notizen.tmp", out / "bericht.k3j_9x2a.tmp", out / ".plan.docx.tmp",
            out / ".plan.docx.k3j_9x2a.tmp.bak"]
    for path in kept:
        path.write_bytes(b"meins")
    link = out / ".link.docx.abcdefgh.tmp"
    link.symlink_to(tmp_path / "vorlage.yaml")
    folder = out / ".ordner.docx.abcdefgh.tmp"
    folder.mkdir()
    long_ago = time.time() - 3600
    for path in [left, *kept, link, folder]:
        os.utime(path, (long_ago, long_ago), follow_symlinks=False)
    newer = out / ".neu.docx.abcdefgh.tmp"
    newer.write_bytes(b"in Arbeit")
    os.utime(newer, (time.time() + 3600, time.time() + 3600))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["render", "vorlage.yaml", "-o", "aus", "-f", "docx"])
    assert result.exit_code == 0, result.output
    assert not left.exists()
    assert all(path.read_bytes() == b"meins" for path in kept)
    assert link.is_symlink() and folder.is_dir() and newer.exists()


@pytest.mark.parametrize("kind", ["alias-bomb", "fifo"])
def test_a_hostile_ris_yaml_is_refused_or_passed_by_quickly(tmp_path: Path, kind: str) -> None:
    from tests.ris_huertgenwald import write_ris
    from tests.test_ris_check import VORLAGE

    ris = tmp_path / "ris.yaml"
    if kind == "fifo":
        os.mkfifo(ris)  # reading it would wait for ever: no RIS data
    else:
        write_ris(tmp_path)
        ris.write_text(ris.read_text(encoding="utf-8") + "".join(
            f"x{i}: &x{i} [" + ",".join([f"*x{i - 1}" if i else '"lol"'] * 9) + "]\n"
            for i in range(9)), encoding="utf-8")
    path = tmp_path / "2021-093" / "vorlage.yaml"
    path.parent.mkdir()
    path.write_text(VORLAGE.format(gremium="Haupt- und Finanzausschuss", termin="15.04.2021"),
                    encoding="utf-8")
    start = time.process_time()
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert time.process_time() - start < 10
    if kind == "fifo":
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 2 and "Alias-Bombe" in result.output
        assert str(ris) in result.output and "Traceback" not in result.output


# vorlagen ris ergebnisse (issue 26.5): a ris.yaml that is not as 'ris abrufen' writes it


@pytest.mark.parametrize(("text", "said"), [
    ("".join(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join(
        [f"*{chr(96 + i)}" if i else '"lol"'] * 9) + "]\n" for i in range(9)), "Alias-Bombe"),
    ("quelle: https://ris.example.de/oparl\nkoerperschaft: Gemeinde\ngremien: [3]\n",
     "Zeile 3, gremien[0]: muss eine Zuordnung 'Schlüssel: Wert' sein\n"
     "  - die Datei mit 'vorlagen ris abrufen' neu schreiben lassen"),
    ("quelle: [\n", "ris.yaml"),
])
def test_a_broken_ris_file_stops_ris_ergebnisse_before_anything_is_written(
        tmp_path: Path, text: str, said: str) -> None:
    from tests.test_ris_ergebnis import YAML_VORLAGE

    (tmp_path / "ris.yaml").write_text(text, encoding="utf-8")
    path = tmp_path / "vorlage.yaml"
    path.write_text(YAML_VORLAGE, encoding="utf-8")
    start = time.process_time()
    result = CliRunner().invoke(cli, ["ris", "ergebnisse", str(path)])
    assert time.process_time() - start < 10
    assert result.exit_code == 2, result.output
    assert result.output.startswith("vorlagen: ") and said in result.output
    assert "Traceback" not in result.output
    assert path.read_text(encoding="utf-8") == YAML_VORLAGE

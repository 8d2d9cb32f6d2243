"""Broken files (a Vorlage, a Hausformat, a data file) in each format a user can give,
through ``vorlagen validate``: exit status 2, the file, the line, and German only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from vorlagen.cli import cli

YAML = """\
art: Mitteilungsvorlage
organisationseinheit: Hauptamt
datum: 01.02.2024
drucksachen_nr: 2024/001
beratungsfolge:
  - gremium: Kreistag
    sitzungsart: öffentlich
    sitzungstermine: [12.03.2024]
titel: Testvorlage
sachverhalt: Ein Satz.
"""

JSON = """\
{
  "art": "Mitteilungsvorlage",
  "organisationseinheit": "Hauptamt",
  "datum": "01.02.2024",
  "drucksachen_nr": "2024/001",
  "beratungsfolge": [
    {"gremium": "Kreistag", "sitzungsart": "öffentlich", "sitzungstermine": ["12.03.2024"]}
  ],
  "titel": "Testvorlage",
  "sachverhalt": "Ein Satz."
}
"""

TOML = """\
art = "Mitteilungsvorlage"
organisationseinheit = "Hauptamt"
datum = "01.02.2024"
drucksachen_nr = "2024/001"
titel = "Testvorlage"
sachverhalt = "Ein Satz."

[[beratungsfolge]]
gremium = "Kreistag"
sitzungsart = "öffentlich"
sitzungstermine = ["12.03.2024"]
"""

ENGLISH = ("expected", "expecting", "found", "invalid", "line", "column", "while",
           "could not", "mapping", "not allowed", "unterminated", "delimiter", "illegal",
           "unclosed", "cannot", "extra data", "character", "value", "token", "scanning",
           "parsing", "error", "document", "duplicate", "string", "file", "digits")
"""Words of the parsers' English messages; none may reach the user."""


def _broken(base: str, old: str, new: str) -> str:
    assert old in base
    return base.replace(old, new, 1)


VORLAGEN = [
    # (file name, its text, the line the message must name, a German word of the cause)
    ("yaml-missing-colon", "v.yaml", _broken(YAML, "titel: Testvorlage", "titel Testvorlage"),
     9, "Doppelpunkt"),
    ("yaml-tab", "v.yaml", _broken(YAML, "titel: Testvorlage", "titel:\n\tTestvorlage"),
     10, "Tabulator"),
    ("yaml-unclosed-bracket", "v.yaml", _broken(YAML, "[12.03.2024]", "[12.03.2024"),
     8, "Klammern"),
    ("yaml-unclosed-quote", "v.yaml", _broken(YAML, "titel: Testvorlage",
                                              'titel: "Testvorlage'), 9, "Anführungszeichen"),
    ("yaml-colon-in-value", "v.yaml", _broken(YAML, "titel: Testvorlage",
                                              "titel: Haushalt: Entwurf"), 9, "Doppelpunkt"),
    ("yaml-duplicate-key", "v.yaml", YAML + "titel: Noch einmal\n", 11, "doppelt"),
    ("yaml-at-sign", "v.yaml", _broken(YAML, "titel: Testvorlage", "titel: @Haushalt"),
     9, "Anführungszeichen"),
    ("yaml-control-character", "v.yaml", _broken(YAML, "Ein Satz.", "Ein\x01Satz."),
     10, "Steuerzeichen"),
    ("json-trailing-comma", "v.json", _broken(JSON, '"Ein Satz."', '"Ein Satz.",'),
     10, "nach dem letzten Eintrag steht ein Komma"),
    ("json-missing-comma", "v.json", _broken(JSON, '"Testvorlage",', '"Testvorlage"'),
     9, "Komma"),
    ("json-single-quotes", "v.json", _broken(JSON, '"titel": "Testvorlage"',
                                             "'titel': 'Testvorlage'"), 9, "Feldname"),
    ("json-unclosed-quote", "v.json", _broken(JSON, '"Testvorlage",', '"Testvorlage,'),
     9, "Anführungszeichen"),
    ("json-unclosed-bracket", "v.json", _broken(JSON, '["12.03.2024"]}', '["12.03.2024"}'),
     7, "Klammer schließt nicht"),
    ("json-missing-colon", "v.json", _broken(JSON, '"titel": ', '"titel" '),
     9, "Doppelpunkt"),
    ("json-extra-data", "v.json", JSON + "}\n", 12, "Klammer"),
    ("json-backslash", "v.json", _broken(JSON, '"Ein Satz."', '"C:\\Akten"'), 10, "Backslash"),
    ("toml-text-without-quotes", "v.toml", _broken(TOML, '"Testvorlage"', "Testvorlage"),
     5, "Anführungszeichen"),
    ("toml-missing-equals", "v.toml", _broken(TOML, 'titel = "', 'titel "'), 5, "'='"),
    ("toml-unclosed-quote", "v.toml", _broken(TOML, '"Testvorlage"', '"Testvorlage'),
     5, "nicht geschlossen"),
    ("toml-unclosed-list", "v.toml", _broken(TOML, '["12.03.2024"]', '["12.03.2024" "x"]'),
     11, "Kommas"),
    ("toml-duplicate-key", "v.toml", _broken(TOML, 'sachverhalt =', 'titel = "x"\nsachverhalt ='),
     6, "doppelt"),
    ("toml-bad-date", "v.toml", _broken(TOML, '"01.02.2024"', "2024-02-30"), 3, "Datum"),
    ("toml-unclosed-header", "v.toml", _broken(TOML, "[[beratungsfolge]]",
                                               "[[beratungsfolge]"), 8, "Überschrift"),
    ("toml-number-of-5000-digits", "v.toml", _broken(TOML, '"2024/001"', "1" * 5000),
     4, "mehr als 4300 Ziffern"),
]


def _assert_german(output: str, folder: Path, name: str, line: int, cause: str) -> None:
    assert f"{folder / name}" in output, output
    assert f"Zeile {line}" in output, output
    assert cause in output, output
    assert "Traceback" not in output
    text = output.replace(str(folder), "").lower()
    english = [word for word in ENGLISH if re.search(rf"\b{word}\b", text)]
    assert english == [], output


@pytest.mark.parametrize(("name", "text", "line", "cause"),
                         [case[1:] for case in VORLAGEN], ids=[case[0] for case in VORLAGEN])
def test_a_broken_vorlage_is_named_in_german(tmp_path: Path, name: str, text: str,
                                             line: int, cause: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / name)])
    assert result.exit_code == 2, result.output
    _assert_german(result.output, tmp_path, name, line, cause)


LAYOUTS = [
    ("yaml-tab", "hausformat.yaml", "name: Mein Amt\nseite:\n\trand_oben_mm: 20\n",
     3, "Tabulator"),
    ("yaml-missing-colon", "hausformat.yaml", "name: Mein Amt\nseite\n  rand_oben_mm: 20\n",
     2, "Doppelpunkt"),
    ("json-trailing-comma", "hausformat.json", '{\n  "name": "Mein Amt",\n}\n', 2, "Komma"),
    ("toml-text-without-quotes", "hausformat.toml", "name = Mein Amt\n", 1,
     "Anführungszeichen"),
]


@pytest.mark.parametrize(("name", "text", "line", "cause"),
                         [case[1:] for case in LAYOUTS], ids=[case[0] for case in LAYOUTS])
def test_a_broken_hausformat_is_named_in_german(tmp_path: Path, name: str, text: str,
                                                line: int, cause: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    vorlage = tmp_path / "v.yaml"
    vorlage.write_text(f"hausformat: ./{name}\n{YAML}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(vorlage)])
    assert result.exit_code == 2, result.output
    _assert_german(result.output, tmp_path, name, line, cause)


DATA = [
    ("yaml-missing-colon", "massnahmen.yaml", b"- nr: SP-01\n  titel\n  x: 1\n",
     2, "Doppelpunkt"),
    ("yaml-tab", "massnahmen.yaml", b"- nr: SP-01\n\ttitel: x\n", 2, "Tabulator"),
    ("json-trailing-comma", "massnahmen.json", b'[\n  {"nr": "SP-01"},\n]\n', 2, "Komma"),
    ("json-unclosed-quote", "massnahmen.json", b'[\n  {"nr": "SP-01}\n]\n', 2,
     "Anführungszeichen"),
    ("csv-bad-encoding", "massnahmen.csv", b"Nr.;Titel\nSP-01;Sprache\nSP-02;\x81\n",
     3, "UTF-8"),
    ("csv-huge-cell", "massnahmen.csv", b'Nr.;Titel\nSP-01;"' + b"x" * 140_000 + b"\n",
     2, "128 KB"),
    ("xlsx-not-a-spreadsheet", "massnahmen.xlsx", b"Nr.;Titel\nSP-01;Sprache\n", None,
     "keine Excel-Datei (.xlsx): kein Zip-Paket"),
]


@pytest.mark.parametrize(("name", "data", "line", "cause"),
                         [case[1:] for case in DATA], ids=[case[0] for case in DATA])
def test_a_broken_data_file_is_named_in_german(tmp_path: Path, name: str, data: bytes,
                                               line: int | None, cause: str) -> None:
    pytest.importorskip("vorlagen_massnahmen")
    (tmp_path / name).write_bytes(data)
    vorlage = tmp_path / "v.yaml"
    vorlage.write_text(f"{YAML}plugins:\n  massnahmen:\n    datei: {name}\n",
                       encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(vorlage)])
    assert result.exit_code == 2, result.output
    if line is None:  # a zip package has no lines
        assert f"{tmp_path / name}" in result.output and cause in result.output
        assert "zip file" not in result.output.lower(), result.output
        return
    _assert_german(result.output, tmp_path, name, line, cause)

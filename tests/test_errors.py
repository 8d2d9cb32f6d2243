"""docs/errors.md lists every error a user can meet; each row names the test that makes
it happen and checks its message. This file checks the page against the tests, and holds
the tests of the errors no other test file covers."""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pydantic import BaseModel

from tests.conftest import ROOT
from vorlagen import InputError, load_vorlage
from vorlagen.cli import cli
from vorlagen.daten import JaNein, load_rows
from vorlagen.errors import OutputError, os_reason

ROW = re.compile(r"^\| `(?P<fragment>[^`]+)` \| (?P<exit>\d) \|.*\| `(?P<test>tests/[^`]+|"
                 r"plugins/[^`]+)::(?P<name>\w+)` \|$")


def _rows() -> list[re.Match[str]]:
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    return [match for line in text.splitlines() if (match := ROW.match(line))]


def test_every_row_names_a_test_that_checks_its_message() -> None:
    rows = _rows()
    assert len(rows) >= 40
    for row in rows:
        source = (ROOT / row["test"]).read_text(encoding="utf-8")
        assert f"def {row['name']}(" in source, row.group(0)
        assert row["fragment"] in source, row.group(0)


def test_every_row_s_test_produces_its_message(tmp_path: Path) -> None:
    """Each test a row names is run, recording what vorlagen said during it (every
    VorlagenError made, everything the command line printed): the row's message must be
    among it, and the test must pass. A test that only mentions a message fails this."""
    rows = _rows()
    tests = sorted({f"{row['test']}::{row['name']}" for row in rows})
    out = tmp_path / "messages.json"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p",
         "tests.message_recorder", *tests],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
        env={**os.environ, "VORLAGEN_MESSAGES": str(out)})
    assert result.returncode == 0, result.stdout[-3000:]
    recorded = json.loads(out.read_text(encoding="utf-8"))
    missing = []
    for row in rows:
        prefix = f"{row['test']}::{row['name']}"
        said = [message for test, messages in recorded["messages"].items()
                if test == prefix or test.startswith(prefix + "[") for message in messages]
        if not any(row["fragment"] in message for message in said):
            missing.append(f"{prefix}: {row['fragment']!r} not said (said: {said[:3]})")
    assert missing == []


def test_the_page_lists_every_message_of_the_code() -> None:
    """Each fixed message text the core raises appears on the page."""
    page = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    for fragment in ("Datei nicht gefunden", "kein gültiges YAML", "Formatvorlage fehlt",
                     "keine Excel-Datei", "Zip-Bombe", "absoluter Pfad", "nicht schreiben",
                     "Eingabedatei", "keine Vorlage gefunden", "SOURCE_DATE_EPOCH",
                     "ist im Hook", "Veröffentlichung", "Potenz zu groß"):
        assert fragment in page, fragment


def _vorlage(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_toml_syntax_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(_vorlage(tmp_path, "v.toml", "a = ["))])
    assert result.exit_code == 2 and "kein gültiges TOML" in result.output


def test_top_level_must_be_fields(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(_vorlage(tmp_path, "v.yaml", "- a\n"))])
    assert result.exit_code == 2
    assert "erwartet Felder der Form 'Schlüssel: Wert'" in result.output


def test_plugin_block_must_be_fields(minimal: dict[str, object]) -> None:
    with pytest.raises(InputError, match="muss eine Zuordnung"):
        load_vorlage(dict(minimal, plugins={"verteiler": "verteiler.csv"}))


def test_zeitraum_that_ends_before_it_starts(tmp_path: Path) -> None:
    from vorlagen_massnahmen.massnahmen import Massnahme

    path = tmp_path / "m.csv"
    path.write_text("Nr.;Handlungsfeld;Titel;Zeitraum;Status\nA;B;C;2020-2018;geplant\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="endet vor seinem Beginn"):
        load_rows(path, Massnahme)


class _Zeile(BaseModel):
    name: str
    nichtoeffentlich: JaNein = False


def test_yes_no_column(tmp_path: Path) -> None:
    path = tmp_path / "z.csv"
    path.write_text("Name;nichtöffentlich\nA;vielleicht\nB;x\n", encoding="utf-8")
    with pytest.raises(InputError, match="weder ja noch nein"):
        load_rows(path, _Zeile)


def test_data_file_that_cannot_be_read(tmp_path: Path) -> None:
    folder = tmp_path / "daten.csv"
    folder.mkdir()
    with pytest.raises(InputError, match="nicht lesbar"):
        load_rows(folder, _Zeile)


def test_huge_power_in_a_text(minimal: dict[str, object], tmp_path: Path) -> None:
    path = _vorlage(tmp_path, "v.yaml", yaml.safe_dump(
        dict(minimal, titel="{{ 2 ** 100000 }}"), allow_unicode=True))
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2 and "Potenz zu groß" in result.output


def test_huge_text_in_a_text(minimal: dict[str, object], tmp_path: Path) -> None:
    path = _vorlage(tmp_path, "v.yaml", yaml.safe_dump(
        dict(minimal, titel="{{ 'x' * 1000000 }}"), allow_unicode=True))
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2 and "Ergebnis zu lang" in result.output


def test_usage_errors_are_exit_2() -> None:
    result = CliRunner().invoke(cli, ["render"])
    assert result.exit_code == 2 and "Es fehlt das Argument" in result.output


def test_csv_that_the_csv_reader_refuses(tmp_path: Path) -> None:
    path = tmp_path / "z.csv"
    path.write_text("Name\nA\n" + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="Zeile 3: nicht als CSV lesbar"):
        load_rows(path, _Zeile)


def test_a_month_that_is_not_one(tmp_path: Path) -> None:
    from vorlagen_verteiler.verteiler import Vorstellung

    path = tmp_path / "vorstellungen.csv"
    path.write_text("Name;Monat\nRat;13/2018\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"Zeile 2, Monat: '13/2018' ist kein Monat"):
        load_rows(path, Vorstellung)


@pytest.mark.parametrize("error, reason", [
    (OSError(errno.EACCES, "Permission denied"), "keine Berechtigung"),
    (OSError(errno.ENOSPC, "No space left on device"), "kein Platz mehr auf dem Datenträger"),
    (OSError(errno.EBADF, "Bad file descriptor"), "Fehler des Betriebssystems (EBADF)"),
    (OSError("something"), "Fehler des Betriebssystems"),
])
def test_what_the_operating_system_refused_is_said_in_german(error: OSError,
                                                             reason: str) -> None:
    assert os_reason(error) == reason
    written = OutputError(Path("aus/x.docx"), error)
    assert str(written) == f"Kann aus/x.docx nicht schreiben: {reason}"


def test_a_data_file_that_is_a_folder_says_so_in_german(tmp_path: Path) -> None:
    (tmp_path / "daten.csv").mkdir()
    with pytest.raises(InputError, match=r"nicht lesbar: ist ein Ordner, keine Datei$"):
        load_rows(tmp_path / "daten.csv", _Zeile)

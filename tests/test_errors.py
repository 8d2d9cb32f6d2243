"""docs/errors.md lists every error a user can meet; each row names the test that makes
it happen and checks its message. This file checks the page against the tests and the
recorder that proves each row while its test runs (``tests/message_recorder.py``), and
holds the tests of the errors no other test file covers."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pydantic import BaseModel

from tests.conftest import ROOT
from tests.message_recorder import Row, rows, unsaid
from vorlagen import InputError, load_vorlage
from vorlagen.cli import cli
from vorlagen.daten import JaNein, load_rows
from vorlagen.errors import OutputError, os_reason


def test_every_row_names_a_test_that_checks_its_message() -> None:
    """The test a row names is there and mentions the message; that it says it is
    checked while it runs (``tests/message_recorder.py``)."""
    found = rows()
    assert len(found) >= 40
    for row in found:
        path, name = row.test.split("::")
        source = (ROOT / path).read_text(encoding="utf-8")
        assert f"def {name}(" in source, row
        assert row.fragment in source, row


def test_a_row_whose_test_does_not_say_its_message_is_named() -> None:
    expected = [Row("Datei nicht gefunden", "tests/x.py::test_a", 7),
                Row("kein gültiges YAML", "tests/x.py::test_a", 8)]
    assert unsaid(expected, ["vorlagen: v.yaml: Datei nicht gefunden"]) == [
        "docs/errors.md, Zeile 8: 'kein gültiges YAML' wurde nicht gesagt"]
    assert unsaid(expected, ["Datei nicht gefunden", "Zeile 1: kein gültiges YAML"]) == []


_PAGE = """| message contains | exit | meaning | test |
|---|---|---|---|
| `kein gültiges TOML` | 2 | a | `tests/test_rows.py::test_says_it` |
| `kein gültiges TOML` | 2 | a | `tests/test_rows.py::test_mentions_it` |
| `Strg+C` | 2 | b | `tests/test_rows.py::test_one_parameter_says_it` |
"""

_TESTS = """
import pytest
from vorlagen.errors import VorlagenError

def test_says_it():
    VorlagenError("v.toml: kein gültiges TOML")

def test_mentions_it():
    assert "kein gültiges TOML"

@pytest.mark.parametrize("n", [1, 2])
def test_one_parameter_says_it(n):
    if n == 2:
        VorlagenError("abgebrochen (Strg+C)")
"""


@pytest.mark.parametrize(("selection", "outcomes"), [
    ([], {"passed": 3, "failed": 1}),
    (["-k", "mentions"], {"failed": 1}),
    (["-k", "parameter and 1"], {"passed": 1}),  # not every parameter ran: not judged
    (["-x", "-k", "parameter"], {"passed": 2}),
    (["tests/test_rows.py::test_one_parameter_says_it[1]"], {"passed": 1}),
])
def test_the_recorder_fails_the_test_that_does_not_say_its_row_s_message(
        pytester: pytest.Pytester, selection: list[str], outcomes: dict[str, int]) -> None:
    """A tiny page and test file in a scratch folder, under the recorder: the test that
    only mentions its message fails, naming the row's line."""
    (pytester.path / "errors.md").write_text(_PAGE, encoding="utf-8")
    (pytester.path / "tests").mkdir()
    (pytester.path / "tests" / "test_rows.py").write_text(_TESTS, encoding="utf-8")
    pytester.makeconftest(
        "from pathlib import Path\n"
        "from tests.message_recorder import MessageRecorder\n"
        "def pytest_configure(config):\n"
        "    config.pluginmanager.register(MessageRecorder(Path('errors.md')))\n")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", *selection)
    result.assert_outcomes(**outcomes)
    if outcomes.get("failed"):
        result.stdout.fnmatch_lines(["*docs/errors.md, Zeile 4: 'kein gültiges TOML' wurde "
                                     "nicht gesagt*"])


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

"""A Vorlage below a ``ris.yaml`` has its Beratungen checked against the body's Gremien
and meetings (issue 26.2): a misspelled Gremium is an error naming the one meant, what is
only doubtful a hint; without a ``ris.yaml`` nothing changes."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.ris_huertgenwald import HUERTGENWALD, write_ris
from vorlagen import load_vorlage
from vorlagen.cli import cli
from vorlagen.errors import Hinweis, InputError
from vorlagen.ris import Ris, nearest
from vorlagen.ris_check import ris_problems

VORLAGE = """\
art: Mitteilungsvorlage
organisationseinheit: Abteilung 3
datum: 01.07.2021
drucksachen_nr: 93/2021
beratungsfolge:
  - gremium: {gremium}
    sitzungstermine: [{termin}]
  - gremium: Gemeinderat
    sitzungstermine: [01.07.2021]
titel: Fahrbahnverengung am Ortseingang Bergstein
sachverhalt: Ein Satz.
"""


def _vorlage(folder: Path, gremium: str = "Haupt- und Finanzausschuss",
             termin: str = "15.04.2021") -> Path:
    path = folder / "2021-093" / "vorlage.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(VORLAGE.format(gremium=gremium, termin=termin), encoding="utf-8")
    return path


def _validate(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", str(path)])
    return result.exit_code, result.output


def test_a_misspelled_gremium_names_the_one_meant_with_its_line(tmp_path: Path) -> None:
    write_ris(tmp_path)  # in the folder above the Vorlage's
    path = _vorlage(tmp_path, gremium="Haupt und Finanzausschuss")
    code, output = _validate(path)
    assert code == 2, output
    assert (f"{path}: Zeile 6, beratungsfolge[0].gremium: 'Haupt und Finanzausschuss' ist "
            f"kein Gremium im RIS (Gemeinde Hürtgenwald, {tmp_path / 'ris.yaml'}); gemeint "
            "ist vielleicht 'Haupt- und Finanzausschuss'") in output
    assert "ist kein Gremium im RIS" in output and "Traceback" not in output
    result = CliRunner().invoke(cli, ["render", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "gemeint ist vielleicht 'Haupt- und Finanzausschuss'" \
        in result.output
    assert not (tmp_path / "out").exists()
    with pytest.raises(InputError) as raised:  # the library says the same
        load_vorlage(path)
    assert [(problem.field, problem.line) for problem in raised.value.problems] == [
        ("beratungsfolge[0].gremium", 6)]
    # by its name or short name, case and spaces aside, on a day it meets: valid
    for gremium in ("Haupt- und Finanzausschuss", "HFA", "haupt-  und finanzausschuss"):
        code, output = _validate(_vorlage(tmp_path, gremium=gremium))
        assert code == 0 and "Hinweis" not in output, output


def test_a_body_outside_the_ris_is_a_hint_naming_ris_yaml(tmp_path: Path) -> None:
    ris = write_ris(tmp_path)
    path = _vorlage(tmp_path, gremium="Kreistag")
    code, output = _validate(path)
    assert code == 0, output  # an administrator may name the Kreis's body
    assert (f"vorlagen: Hinweis: {path}, Zeile 6: beratungsfolge[0].gremium: 'Kreistag' ist "
            f"kein Gremium im RIS (Gemeinde Hürtgenwald, {ris}); ein Gremium außerhalb des "
            "RIS (etwa der Kreistag) ist so richtig, sonst den Namen prüfen") in output
    assert "ein Gremium außerhalb des RIS" in output
    assert "gültig (Mitteilungsvorlage 93/2021)" in output
    # without a ris.yaml nothing is checked
    ris.unlink()
    stray = nearest(tmp_path)
    if stray is not None:  # one left above the test's folder would apply
        pytest.skip(f"{stray} liegt über dem Ordner des Tests")
    misspelled = _vorlage(tmp_path, gremium="Haupt und Finanzausschuss", termin="22.04.2021")
    code, output = _validate(misspelled)
    assert code == 0 and "Hinweis" not in output, output


def test_a_date_that_is_no_meeting_of_the_gremium_names_its_meetings_around_it(
        tmp_path: Path) -> None:
    ris = write_ris(tmp_path)
    path = _vorlage(tmp_path, termin="22.04.2021")  # a Thursday without a meeting
    code, output = _validate(path)
    assert code == 0, output
    assert (f"vorlagen: Hinweis: {path}, Zeile 7: beratungsfolge[0].sitzungstermine[0]: am "
            "22.04.2021 hat 'Haupt- und Finanzausschuss' laut RIS keine Sitzung; seine "
            "Sitzungen um diesen Tag: 15.04.2021, 29.04.2021, 06.05.2021 "
            f"({ris})") in output
    # the Gemeinderat did meet on 01.07.2021: nothing said of it
    assert output.count("Hinweis") == 1
    # a date of another Gremium's meeting is none of this one's
    path = _vorlage(tmp_path, gremium="Gemeinderat", termin="24.06.2021")
    code, output = _validate(path)
    assert "am 24.06.2021 hat 'Gemeinderat' laut RIS keine Sitzung; seine Sitzungen um " \
           "diesen Tag: 05.11.2020, 01.07.2021, 29.07.2021" in output


def test_a_cancelled_meeting_and_a_gremium_without_meetings_are_said(tmp_path: Path
                                                                     ) -> None:
    meetings = tuple(sitzung.model_copy(update={"abgesagt": True})
                     if sitzung.id.endswith("/2508") else sitzung
                     for sitzung in HUERTGENWALD.sitzungen)
    write_ris(tmp_path, HUERTGENWALD.model_copy(update={"sitzungen": meetings}))
    code, output = _validate(_vorlage(tmp_path))
    assert code == 0, output
    assert ("die Sitzung von 'Haupt- und Finanzausschuss' am 15.04.2021 ist laut RIS "
            "abgesagt; seine Sitzungen um diesen Tag: 25.03.2021, 29.04.2021, 06.05.2021"
            in output)
    assert "ist laut RIS abgesagt" in output
    gremien = (*HUERTGENWALD.gremien[:1], *HUERTGENWALD.gremien[2:])
    write_ris(tmp_path, HUERTGENWALD.model_copy(update={"gremien": (
        *gremien, HUERTGENWALD.gremien[1].model_copy(update={"bis": None}))}))
    code, output = _validate(_vorlage(tmp_path, gremium="Schulausschuss"))
    assert "am 15.04.2021 hat 'Schulausschuss' laut RIS keine Sitzung; im RIS steht keine " \
           "Sitzung dieses Gremiums" in output


def test_a_gremium_that_has_ended_is_a_hint(tmp_path: Path) -> None:
    ris = write_ris(tmp_path)
    path = _vorlage(tmp_path, gremium="Schulausschuss")
    code, output = _validate(path)
    assert code == 0, output
    assert (f"vorlagen: Hinweis: {path}, Zeile 6: beratungsfolge[0].gremium: "
            f"'Schulausschuss' besteht laut RIS ({ris}) nur bis 31.10.2020; das Gremium "
            "prüfen, das an seine Stelle getreten ist") in output
    # a paper of its time is no hint: its meeting lies before the end
    with pytest.warns(Hinweis, match="im RIS steht keine Sitzung dieses Gremiums"):
        vorlage = load_vorlage(_vorlage(tmp_path, gremium="Schulausschuss",
                                        termin="15.10.2020"))
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        ris_problems(vorlage.vorlage, path.parent, lambda loc: None, "v",
                     today=date(2021, 9, 6))
    assert not [each for each in said if "besteht laut RIS" in str(each.message)]


def test_the_library_warns_with_a_hinweis(tmp_path: Path) -> None:
    write_ris(tmp_path)
    with pytest.warns(Hinweis, match=r"'Kreistag' ist kein Gremium im RIS"):
        load_vorlage(_vorlage(tmp_path, gremium="Kreistag"))


def test_a_broken_ris_yaml_is_an_input_error_naming_it_and_its_line(tmp_path: Path) -> None:
    ris = write_ris(tmp_path)
    text = ris.read_text(encoding="utf-8")
    ris.write_text(text.replace("  kurzname: HFA\n", "  kurzname: HFA\n  farbe: rot\n", 1),
                   encoding="utf-8")
    line = 1 + ris.read_text(encoding="utf-8").splitlines().index("  farbe: rot")
    path = _vorlage(tmp_path)
    code, output = _validate(path)
    assert code == 2, output
    assert f"Fehler in {ris}:\n  - Zeile {line}, gremien[0].farbe: " in output
    assert "mit 'vorlagen ris abrufen' neu schreiben lassen" in output
    assert "Traceback" not in output
    ris.write_text("gremien: [\n", encoding="utf-8")  # not even YAML
    code, output = _validate(path)
    assert code == 2 and str(ris) in output and "Traceback" not in output
    # a Vorlage with its own errors names the broken ris.yaml with them
    path.write_text(path.read_text(encoding="utf-8").replace("datum: 01.07.2021",
                                                             "datum: 41.07.2021"),
                    encoding="utf-8")
    code, output = _validate(path)
    assert code == 2 and "datum" in output and str(ris) in output


@pytest.mark.parametrize(("broken", "said"), [
    ("gremien: [\n", "kein gültiges YAML"),
    ("gremien: 3\n", "Zeile 3, gremien: muss eine Liste sein"),
    ("sitzungen:\n- id: a\n  gremien: 4\n", "sitzungen[0].gremien: muss eine Liste sein"),
    ("abgerufen: morgen\n", "abgerufen: 'morgen' ist kein gültiger Zeitpunkt"),
    ("sitzungen:\n- id: a\n  beginn: bald\n",
     "Zeile 5, sitzungen[0].beginn: 'bald' ist kein gültiges Datum und kein Zeitpunkt"),
])
def test_every_broken_ris_yaml_says_german_and_to_fetch_it_anew(
        tmp_path: Path, broken: str, said: str) -> None:
    """A YAML error as a wrong value: said in German, with the hint to fetch the file
    anew; no English text of pydantic (``Input should be a valid tuple``), no union
    member in a field's place (``beginn.datetime``)."""
    ris = write_ris(tmp_path)
    ris.write_text("quelle: x\nkoerperschaft: y\n" + broken, encoding="utf-8")
    code, output = _validate(_vorlage(tmp_path))
    assert code == 2, output
    assert f"in {ris}" in output
    assert said in output
    assert "- die Datei mit 'vorlagen ris abrufen' neu schreiben lassen" in output
    assert "Input should" not in output and ".datetime" not in output
    assert "Traceback" not in output


def test_a_ris_yaml_is_read_once_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    from vorlagen import ris

    write_ris(tmp_path)
    read: list[Path] = []
    real = ris.load_ris

    def load_ris(path: Path) -> Ris:
        read.append(path)
        return real(path)

    monkeypatch.setattr(ris, "load_ris", load_ris)
    ris._read.cache_clear()
    for number in range(3):
        _vorlage(tmp_path / str(number))
    code, output = _validate(tmp_path)
    assert code == 0, output
    assert len(read) == 1

"""Issue 26.5: the result of a Beratung (``ergebnis``) taken from the RIS data into the
Vorlage file (``vorlagen ris ergebnisse``), and printed where the Hausformat has a
column ``feld: ergebnis`` (or ``{{ ergebnis }}`` in a column's ``wert``).

The RIS data are built with ``save_ris`` from the names and shapes of a real body's RIS
(Gemeinde Hürtgenwald, SD.NET RIM over OParl: its "Haupt- und Finanzausschuss" with the
id ``…/organization/1-2``, agenda numbers written "3.", results such as "einstimmig,
0 Enthaltungen")."""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import ROOT
from tests.reading import open_docx, open_odt
from vorlagen import load_vorlage, render
from vorlagen.cli import cli
from vorlagen.ergebnisse import befunde
from vorlagen.model import Beratung, Vorlage
from vorlagen.oparl import paper
from vorlagen.ris import Gremium, Ris, Sitzung, Tagesordnungspunkt, save_ris
from vorlagen.schema import vorlage_schema

OPARL = "https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0/body/1"
HFA = Gremium(id=f"{OPARL}/organization/1-2", name="Haupt- und Finanzausschuss",
              kurzname="HFA", art="Gremium")
RAT = Gremium(id=f"{OPARL}/organization/1-8", name="Gemeinderat", kurzname="GR",
              art="Gremium")
BAU = Gremium(id=f"{OPARL}/organization/1-12", name="Bau- und Umweltausschuss",
              kurzname="BA", art="Gremium")
BERLIN = timezone(timedelta(hours=1))


def _punkt(meeting: int, number: int, nummer: str, name: str, ergebnis: str | None = None,
           oeffentlich: bool | None = True) -> Tagesordnungspunkt:
    return Tagesordnungspunkt(id=f"{OPARL}/agendaitem/{meeting}{number:02}", nummer=nummer,
                              name=name, oeffentlich=oeffentlich, ergebnis=ergebnis)


def ris_data() -> Ris:
    """The HFA met on 10.12.2026 (the Vorlage is its TOP 3), the Bauausschuss on
    03.12.2026 (no TOP given: its item names the Betreff), the Gemeinderat meets on
    17.12.2026 (no result yet)."""
    hfa = Sitzung(
        id=f"{OPARL}/meeting/512", name="Haupt- und Finanzausschuss (12. Sitzung)",
        beginn=datetime(2026, 12, 10, 18, tzinfo=BERLIN), gremien=(HFA.id,),
        tagesordnung=(
            _punkt(512, 0, "A", "Öffentliche Sitzung"),
            _punkt(512, 1, "1.", "Einwohnerfragestunde", "ohne"),
            _punkt(512, 2, "2.", "Forstwirtschaftsplan 2027", "einstimmig, 0 Enthaltungen"),
            _punkt(512, 3, "3.", "Radwegekonzept Ortsdurchfahrt Vossenack",
                   "ungeändert beschlossen"),
            _punkt(512, 4, "3.", "Grundstücksangelegenheit", "vertagt", oeffentlich=False),
        ))
    bau = Sitzung(
        id=f"{OPARL}/meeting/509", name="Bau- und Umweltausschuss (9. Sitzung)",
        beginn=datetime(2026, 12, 3, 18, tzinfo=BERLIN), gremien=(BAU.id,),
        tagesordnung=(
            _punkt(509, 1, "1.", "Bebauungsplan Nr. G 4 \"In der Graat\""),
            _punkt(509, 2, "2.", "Radwegekonzept Ortsdurchfahrt Vossenack; hier: "
                   "Vorberatung", "einstimmig, 1 Enthaltung"),
        ))
    rat = Sitzung(
        id=f"{OPARL}/meeting/515", name="Gemeinderat (15. Sitzung)",
        beginn=datetime(2026, 12, 17, 18, tzinfo=BERLIN), gremien=(RAT.id,),
        tagesordnung=(_punkt(515, 5, "5.", "Radwegekonzept Ortsdurchfahrt Vossenack"),))
    return Ris(quelle=OPARL, koerperschaft="Gemeinde Hürtgenwald",
               abgerufen=datetime(2026, 12, 11, 8, tzinfo=BERLIN),
               gremien=(HFA, RAT, BAU), sitzungen=(bau, hfa, rat))


YAML_VORLAGE = """\
# Vorlage zum Radwegekonzept
art: Beschlussvorlage   # Art aus dem Hausformat
organisationseinheit: Fachbereich 3
datum: 20.11.2026
drucksachen_nr: 2026/118
titel: Radwegekonzept Ortsdurchfahrt Vossenack
beratungsfolge:
  - gremium: Bau- und Umweltausschuss
    sitzungstermine: 03.12.2026   # Vorberatung
    # der Ausschuss, der entscheidet:
  - gremium: Haupt- und Finanzausschuss
    sitzungstermine: 10.12.2026
    top: 3
  - gremium: Gemeinderat
    sitzungstermine: 17.12.2026
beschlussvorschlag: Der Ausschuss beschließt das Radwegekonzept.
sachverhalt: Ein Satz.
"""

YAML_WITH_RESULTS = """\
# Vorlage zum Radwegekonzept
art: Beschlussvorlage   # Art aus dem Hausformat
organisationseinheit: Fachbereich 3
datum: 20.11.2026
drucksachen_nr: 2026/118
titel: Radwegekonzept Ortsdurchfahrt Vossenack
beratungsfolge:
  - gremium: Bau- und Umweltausschuss
    sitzungstermine: 03.12.2026   # Vorberatung
    ergebnis: einstimmig, 1 Enthaltung
    # der Ausschuss, der entscheidet:
  - gremium: Haupt- und Finanzausschuss
    sitzungstermine: 10.12.2026
    top: 3
    ergebnis: ungeändert beschlossen
  - gremium: Gemeinderat
    sitzungstermine: 17.12.2026
beschlussvorschlag: Der Ausschuss beschließt das Radwegekonzept.
sachverhalt: Ein Satz.
"""


def _folder(tmp_path: Path, name: str = "vorlage.yaml", text: str = YAML_VORLAGE) -> Path:
    save_ris(tmp_path / "ris.yaml", ris_data())
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["ris", "ergebnisse", *args])


# --------------------------------------------------------------------------- the model


def test_a_beratung_holds_its_ergebnis() -> None:
    beratung = Beratung(gremium="Haupt- und Finanzausschuss", ergebnis="ungeändert beschlossen")
    assert beratung.ergebnis == "ungeändert beschlossen"
    assert Beratung(gremium="Gemeinderat").ergebnis is None


def test_the_schema_knows_the_ergebnis_of_a_beratung() -> None:
    from vorlagen.plugins import plugin_manager

    schema = vorlage_schema(plugin_manager())
    field = schema["$defs"]["Beratung"]["properties"]["ergebnis"]
    assert field["title"] == "Ergebnis"
    assert {"minLength": 1, "type": "string"} in field["anyOf"]


def test_the_oparl_export_puts_no_result_on_the_consultation() -> None:
    """OParl 1.1 has no result on a Consultation; it is the AgendaItem's (the RIS's
    object, which the export only links): the export stays as without it."""
    data = yaml.safe_load(YAML_WITH_RESULTS)
    with_result = Vorlage.model_validate(data)
    for beratung in data["beratungsfolge"]:
        beratung.pop("ergebnis", None)
    without = Vorlage.model_validate(data)
    found = paper(with_result, [], "https://ris.example.de/oparl")
    assert found["consultation"] == paper(without, [], "https://ris.example.de/oparl")[
        "consultation"]
    assert "ungeändert" not in json.dumps(found, ensure_ascii=False)


# --------------------------------------------------------------------------- matching


def _vorlage(**beratung: Any) -> Vorlage:
    data = yaml.safe_load(YAML_VORLAGE)
    data["beratungsfolge"] = [beratung]
    return Vorlage.model_validate(data)


def test_a_beratung_is_matched_by_gremium_date_and_top() -> None:
    found = befunde(_vorlage(gremium="Haupt- und Finanzausschuss",
                             sitzungstermine="10.12.2026", top="3"), ris_data())
    assert [str(befund) for befund in found] == [
        "Haupt- und Finanzausschuss, 10.12.2026, TOP 3: ungeändert beschlossen"]
    assert found[0].ergebnis == "ungeändert beschlossen"


def test_a_top_in_both_parts_of_a_meeting_is_the_one_of_the_beratungs_part() -> None:
    found = befunde(_vorlage(gremium="HFA", sitzungstermine="10.12.2026", top="3",
                             sitzungsart="nichtöffentlich"), ris_data())
    assert found[0].ergebnis == "vertagt"


def test_without_a_top_the_item_naming_the_betreff_is_taken() -> None:
    found = befunde(_vorlage(gremium="Bau- und Umweltausschuss",
                             sitzungstermine="03.12.2026"), ris_data())
    assert str(found[0]) == "Bau- und Umweltausschuss, 03.12.2026, TOP 2: einstimmig, 1 Enthaltung"


def test_without_a_top_the_item_naming_the_drucksachen_nr_is_taken() -> None:
    ris = ris_data()
    bau = ris.sitzungen[0].model_copy(update={"tagesordnung": (
        _punkt(509, 7, "7.", "Vorlage 2026/118: Radwege", "abgelehnt"),
        _punkt(509, 8, "8.", "Vorlage 2026/1180: Brücke", "beschlossen"))})
    ris = ris.model_copy(update={"sitzungen": (bau, *ris.sitzungen[1:])})
    found = befunde(_vorlage(gremium="Bau- und Umweltausschuss",
                             sitzungstermine="03.12.2026"), ris)
    assert str(found[0]) == "Bau- und Umweltausschuss, 03.12.2026, TOP 7: abgelehnt"


def test_an_ambiguous_item_is_not_guessed() -> None:
    ris = ris_data()
    bau = ris.sitzungen[0].model_copy(update={"tagesordnung": (
        _punkt(509, 1, "1.", "Radwegekonzept Ortsdurchfahrt Vossenack; 1. Lesung", "vertagt"),
        _punkt(509, 2, "2.", "Radwegekonzept Ortsdurchfahrt Vossenack; Beschluss",
               "beschlossen"))})
    ris = ris.model_copy(update={"sitzungen": (bau, *ris.sitzungen[1:])})
    found = befunde(_vorlage(gremium="Bau- und Umweltausschuss",
                             sitzungstermine="03.12.2026"), ris)
    assert found[0].ergebnis is None
    assert str(found[0]) == (
        "Bau- und Umweltausschuss, 03.12.2026: mehrere Tagesordnungspunkte kommen in Frage "
        "(TOP 1, TOP 2); keiner übernommen: den TOP in der Vorlage angeben")


def test_a_beratung_deferred_to_a_later_meeting_takes_the_later_result() -> None:
    ris = ris_data()
    hfa = ris.sitzungen[1]
    later = hfa.model_copy(update={
        "id": f"{OPARL}/meeting/520", "beginn": datetime(2027, 1, 21, 18, tzinfo=BERLIN),
        "tagesordnung": (_punkt(520, 4, "4.", "Radwegekonzept Ortsdurchfahrt Vossenack",
                                "mehrheitlich beschlossen"),)})
    earlier = hfa.model_copy(update={"tagesordnung": (
        _punkt(512, 3, "3.", "Radwegekonzept Ortsdurchfahrt Vossenack", "vertagt"),)})
    ris = ris.model_copy(update={"sitzungen": (later, earlier)})
    found = befunde(_vorlage(gremium="Haupt- und Finanzausschuss",
                             sitzungstermine=["10.12.2026", "21.01.2027"]), ris)
    assert str(found[0]) == ("Haupt- und Finanzausschuss, 21.01.2027, TOP 4: "
                             "mehrheitlich beschlossen")
    same_day = later.model_copy(update={"beginn": datetime(2026, 12, 10, 20, tzinfo=BERLIN)})
    ris = ris.model_copy(update={"sitzungen": (same_day, earlier)})
    found = befunde(_vorlage(gremium="Haupt- und Finanzausschuss",
                             sitzungstermine="10.12.2026"), ris)
    assert found[0].ergebnis is None
    assert "mehrere Tagesordnungspunkte kommen in Frage (TOP 4, TOP 3)" in str(found[0])


@pytest.mark.parametrize(("beratung", "said"), [
    ({"gremium": "Haupt und Finanzausschuss", "sitzungstermine": "10.12.2026"},
     "Haupt und Finanzausschuss, 10.12.2026: kein Gremium dieses Namens im RIS; gemeint ist "
     "vielleicht 'Haupt- und Finanzausschuss'"),
    ({"gremium": "Haupt- und Finanzausschuss"},
     "Haupt- und Finanzausschuss: kein Sitzungstermin in der Vorlage; ohne ihn ist die "
     "Sitzung nicht zu finden"),
    ({"gremium": "Haupt- und Finanzausschuss", "sitzungstermine": "11.12.2026"},
     "Haupt- und Finanzausschuss, 11.12.2026: keine Sitzung dieses Gremiums an diesem Tag im "
     "RIS (vielleicht verlegt: Sitzungstermin prüfen, dann 'vorlagen ris abrufen' erneut)"),
    ({"gremium": "Haupt- und Finanzausschuss", "sitzungstermine": "10.12.2026", "top": 9},
     "Haupt- und Finanzausschuss, 10.12.2026, TOP 9: TOP 9 steht nicht auf der Tagesordnung "
     "der Sitzung im RIS; TOP in der Vorlage prüfen"),
    ({"gremium": "Gemeinderat", "sitzungstermine": "17.12.2026"},
     "Gemeinderat, 17.12.2026, TOP 5: noch kein Ergebnis im RIS"),
])
def test_what_is_not_found_is_said(beratung: dict[str, Any], said: str) -> None:
    found = befunde(_vorlage(**beratung), ris_data())
    assert [str(befund) for befund in found] == [said]
    assert found[0].ergebnis is None


# --------------------------------------------------------------------------- the command


def test_the_command_writes_the_results_into_a_yaml_vorlage_keeping_its_comments(
        tmp_path: Path) -> None:
    path = _folder(tmp_path)
    result = _run(str(path))
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == YAML_WITH_RESULTS
    assert result.output == (
        f"{path}:\n"
        "  Bau- und Umweltausschuss, 03.12.2026, TOP 2: einstimmig, 1 Enthaltung\n"
        "  Haupt- und Finanzausschuss, 10.12.2026, TOP 3: ungeändert beschlossen\n"
        "  Gemeinderat, 17.12.2026, TOP 5: noch kein Ergebnis im RIS\n")
    assert [b.ergebnis for b in load_vorlage(path).vorlage.beratungsfolge] == [
        "einstimmig, 1 Enthaltung", "ungeändert beschlossen", None]
    again = _run(str(path))  # a second run finds them there and writes nothing new
    assert again.exit_code == 0
    assert "ungeändert beschlossen (stand schon in der Vorlage)" in again.output
    assert path.read_text(encoding="utf-8") == YAML_WITH_RESULTS


def test_a_hausformat_other_than_the_files_is_given_as_validate_takes_it(
        tmp_path: Path) -> None:
    """``--hausformat NAME|PFAD`` as for validate: a Vorlage whose file names a Hausformat
    not here is read in the one given; a name that is none is a usage error."""
    path = _folder(tmp_path, text="hausformat: gibt-es-hier-nicht\n" + YAML_VORLAGE)
    without = _run(str(path))
    assert without.exit_code == 2
    assert "kein Hausformat 'gibt-es-hier-nicht'" in without.output
    result = _run("--hausformat", "standard", str(path))
    assert result.exit_code == 0, result.output
    assert "TOP 3: ungeändert beschlossen" in result.output
    assert "    ergebnis: ungeändert beschlossen\n" in path.read_text(encoding="utf-8")
    wrong = _run("--hausformat", "nix", str(path))
    assert wrong.exit_code == 2
    assert "Ungültiger Wert für --hausformat: kein Hausformat 'nix'" in wrong.output
    options = {option.name: option for option in cli.commands["ris"].commands[  # type: ignore[attr-defined]
        "ergebnisse"].params}
    shown = {option.name: option for option in cli.commands["validate"].params}
    assert options["hausformat"].help == shown["hausformat"].help
    assert options["hausformat"].metavar == "NAME|PFAD"


def test_a_different_ergebnis_is_kept_unless_told_to_overwrite(tmp_path: Path) -> None:
    text = YAML_VORLAGE.replace("    top: 3\n",
                                "    top: 3\n    ergebnis: beschlossen  # von Hand\n")
    path = _folder(tmp_path, text=text)
    result = _run(str(path))
    assert result.exit_code == 0, result.output
    assert ("  Haupt- und Finanzausschuss, 10.12.2026, TOP 3: im RIS 'ungeändert beschlossen', "
            "in der Vorlage steht schon 'beschlossen'; nicht überschrieben (mit "
            "--ueberschreiben ersetzen)\n") in result.output
    assert "    ergebnis: beschlossen  # von Hand\n" in path.read_text(encoding="utf-8")
    result = _run("--ueberschreiben", str(path))
    assert result.exit_code == 0, result.output
    assert "TOP 3: ungeändert beschlossen (ersetzt 'beschlossen')" in result.output
    assert ("    ergebnis: ungeändert beschlossen # von Hand\n"
            in path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("ergebnis", ["ohne", "on", "2026-12-10", "ja: 7, nein: 2",
                                      "# vertagt"])
def test_a_result_yaml_would_read_as_something_else_is_written_as_text(
        tmp_path: Path, ergebnis: str) -> None:
    path = _folder(tmp_path)
    ris = ris_data()
    hfa = ris.sitzungen[1]
    punkte = [punkt.model_copy(update={"ergebnis": ergebnis}) if punkt.nummer == "3."
              else punkt for punkt in hfa.tagesordnung]
    save_ris(tmp_path / "ris.yaml", ris.model_copy(update={"sitzungen": (
        ris.sitzungen[0], hfa.model_copy(update={"tagesordnung": tuple(punkte)}),
        ris.sitzungen[2])}))
    result = _run(str(path))
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["beratungsfolge"][1]["ergebnis"] == ergebnis
    assert load_vorlage(path).vorlage.beratungsfolge[1].ergebnis == ergebnis


def test_the_command_writes_into_a_toml_vorlage(tmp_path: Path) -> None:
    text = """\
# Vorlage zum Radwegekonzept
art = "Beschlussvorlage"
organisationseinheit = "Fachbereich 3"
datum = "20.11.2026"
drucksachen_nr = "2026/118"
titel = "Radwegekonzept Ortsdurchfahrt Vossenack"
beschlussvorschlag = "Der Ausschuss beschließt das Radwegekonzept."
sachverhalt = "Ein Satz."

# die Beratungen
[[beratungsfolge]]
gremium = "Haupt- und Finanzausschuss"  # HFA
sitzungstermine = "10.12.2026"
top = "3"

[[beratungsfolge]]
gremium = "Gemeinderat"
sitzungstermine = "17.12.2026"
"""
    path = _folder(tmp_path, "vorlage.toml", text)
    result = _run(str(path))
    assert result.exit_code == 0, result.output
    written = path.read_text(encoding="utf-8")
    assert written == text.replace(
        'top = "3"\n', 'top = "3"\nergebnis = "ungeändert beschlossen"\n')
    assert tomllib.loads(written)["beratungsfolge"][0]["ergebnis"] == "ungeändert beschlossen"


def test_the_command_writes_into_a_json_vorlage_in_its_key_order(tmp_path: Path) -> None:
    data = yaml.safe_load(YAML_VORLAGE)
    text = json.dumps(data, ensure_ascii=False, indent=4) + "\n"
    path = _folder(tmp_path, "vorlage.json", text)
    result = _run(str(path))
    assert result.exit_code == 0, result.output
    written = path.read_text(encoding="utf-8")
    data["beratungsfolge"][0]["ergebnis"] = "einstimmig, 1 Enthaltung"
    data["beratungsfolge"][1]["ergebnis"] = "ungeändert beschlossen"
    assert written == json.dumps(data, ensure_ascii=False, indent=4) + "\n"
    assert list(json.loads(written)) == list(yaml.safe_load(YAML_VORLAGE))


def test_without_ris_data_the_command_says_to_fetch_them_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vorlagen import ris

    found = ris.nearest  # a ris.yaml above the test's folder (/tmp) is not the test's
    monkeypatch.setattr(ris, "nearest", lambda folder: (
        None if (place := found(folder)) is None or not place.is_relative_to(tmp_path)
        else place))
    path = tmp_path / "vorlage.yaml"
    path.write_text(YAML_VORLAGE, encoding="utf-8")
    result = _run(str(path))
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"vorlagen: Fehler in {path}: keine RIS-Daten (ris.yaml) im Ordner der Vorlage oder "
        "darüber; zuerst 'vorlagen ris abrufen URL' ausführen (URL: die OParl-Adresse des "
        "RIS)")
    assert path.read_text(encoding="utf-8") == YAML_VORLAGE


def test_ris_data_in_a_folder_above_are_used(tmp_path: Path) -> None:
    save_ris(tmp_path / "ris.yaml", ris_data())
    (tmp_path / "2026").mkdir()
    path = tmp_path / "2026" / "vorlage.yaml"
    path.write_text(YAML_VORLAGE, encoding="utf-8")
    assert _run(str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8") == YAML_WITH_RESULTS


def test_one_broken_vorlage_of_several_leaves_every_file_as_it_was(tmp_path: Path) -> None:
    good = _folder(tmp_path)
    bad = tmp_path / "kaputt.yaml"
    bad.write_text(YAML_VORLAGE.replace("titel:", "titl:"), encoding="utf-8")
    result = _run(str(good), str(bad))
    assert result.exit_code == 2
    assert f"Fehler in {bad}" in result.output
    assert good.read_text(encoding="utf-8") == YAML_VORLAGE


# --------------------------------------------------------------------------- printing


def _printed_folder(tmp_path: Path) -> Path:
    """The YAML Vorlage with its results, in a Hausformat whose Beratungsfolge has a
    column ``feld: ergebnis`` and one with ``{{ ergebnis }}`` in its ``wert``."""
    (tmp_path / "hausformat.yaml").write_text("""\
basis: standard
aufbau:
  - text: "{{ organisationseinheit }}, {{ datum }}, {{ drucksachen_nr }}"
  - betreff
  - beratungsfolge:
      spalten:
        - {feld: gremium, titel: Gremium}
        - {feld: sitzungstermin, titel: Termin}
        - {feld: ergebnis, titel: Abstimmungsergebnis}
        - {wert: "{{ gremium }}: {{ ergebnis or 'offen' }}", titel: Stand}
  - sachverhalt
""", encoding="utf-8")
    path = tmp_path / "vorlage.yaml"
    path.write_text(YAML_WITH_RESULTS, encoding="utf-8")
    return path


EXPECTED_TABLE = [
    ["Gremium", "Termin", "Abstimmungsergebnis", "Stand"],
    ["Bau- und Umweltausschuss", "03.12.2026", "einstimmig, 1 Enthaltung",
     "Bau- und Umweltausschuss: einstimmig, 1 Enthaltung"],
    ["Haupt- und Finanzausschuss", "10.12.2026", "ungeändert beschlossen",
     "Haupt- und Finanzausschuss: ungeändert beschlossen"],
    ["Gemeinderat", "17.12.2026", "", "Gemeinderat: offen"],
]


def test_a_column_feld_ergebnis_prints_the_result_in_the_docx(tmp_path: Path) -> None:
    vorlage = load_vorlage(_printed_folder(tmp_path))
    tables = open_docx(render(vorlage, "docx")).tables
    assert [[cell.text for cell in row.cells] for row in tables[0].rows] == EXPECTED_TABLE


def test_a_column_feld_ergebnis_prints_the_result_in_the_odt(tmp_path: Path) -> None:
    from odf import teletype
    from odf.table import Table, TableCell, TableRow

    vorlage = load_vorlage(_printed_folder(tmp_path))
    document = open_odt(render(vorlage, "odt"))
    table = document.getElementsByType(Table)[0]
    rows = [[teletype.extractText(cell) for cell in row.getElementsByType(TableCell)]
            for row in table.getElementsByType(TableRow)]
    assert rows == EXPECTED_TABLE


def test_landau_prints_the_result_in_its_abstimmungsergebnis_column(tmp_path: Path) -> None:
    """Landau's published paper has the column empty (no result yet): so does the
    example; with a result, the column shows it."""
    source = ROOT / "examples" / "landau-400-245-2022" / "vorlage.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    folge = load_vorlage(source).vorlage.beratungsfolge
    assert all(beratung.ergebnis is None for beratung in folge)
    data["beratungsfolge"][0]["ergebnis"] = "einstimmig"
    vorlage = load_vorlage(data, base_dir=source.parent)
    table = open_docx(render(vorlage, "docx")).tables[0]
    assert [cell.text for cell in table.rows[0].cells][3] == "Abstimmungsergeb."
    assert [cell.text for cell in table.rows[1].cells][3] == "einstimmig"
    assert [cell.text for cell in table.rows[2].cells][3] == ""


def test_the_results_date_is_a_date() -> None:
    assert ris_data().sitzungen[1].tag == date(2026, 12, 10)


def test_a_text_that_would_change_more_than_the_results_is_not_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The read-back guard: were a writer to lose or change anything else of the file,
    the command says so and leaves the file as it was."""
    from vorlagen import ergebnisse

    data = yaml.safe_load(YAML_VORLAGE)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    path = _folder(tmp_path, "vorlage.json", text)
    written = ergebnisse._json
    monkeypatch.setattr(ergebnisse, "_json", lambda *args: written(*args).replace(
        '"sachverhalt": "Ein Satz."', '"sachverhalt": "Ein anderer Satz."'))
    result = _run(str(path))
    assert result.exit_code == 2
    assert result.output == (
        f"vorlagen: Fehler in {path}: beratungsfolge: das Ergebnis "
        "lässt sich nicht eintragen, ohne anderes in der Datei zu ändern; "
        "das Ergebnis von Hand als ergebnis der Beratung eintragen\n")
    assert path.read_text(encoding="utf-8") == text

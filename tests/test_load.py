"""Loading and validating Vorlagen: the model's rules and messages that name the cause."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from vorlagen import InputError, load_vorlage
from vorlagen.cli import cli
from vorlagen.messages import field_path


def _problems(error: pytest.ExceptionInfo[InputError]) -> list[tuple[str, int | None]]:
    return [(p.field, p.line) for p in error.value.problems]


def test_minimal_from_dict(minimal: dict[str, object]) -> None:
    vorlage = load_vorlage(minimal)
    assert vorlage.datum == date(2024, 2, 1)
    assert vorlage.beratungsfolge[0].sitzungstermine == [date(2024, 3, 12)]
    assert vorlage.sachverhalt_ueberschrift is None  # the Hausformat's heading


def test_iso_dates_and_single_termin(minimal: dict[str, object]) -> None:
    minimal["datum"] = "2024-02-01"
    minimal["beratungsfolge"] = [{"gremium": "Kreistag", "sitzungsart": "nichtöffentlich",
                                  "sitzungstermine": "2024-03-12", "rolle": "Entscheidung"}]
    vorlage = load_vorlage(minimal)
    assert vorlage.beratungsfolge[0].sitzungstermine == [date(2024, 3, 12)]
    assert vorlage.beratungsfolge[0].rolle == "Entscheidung"


def test_sachverhalt_as_one_text(minimal: dict[str, object]) -> None:
    minimal["sachverhalt"] = "Nur ein Absatz."
    vorlage = load_vorlage(minimal)
    assert vorlage.sachverhalt[0].ueberschrift is None
    assert vorlage.sachverhalt[0].text == "Nur ein Absatz."


def test_typo_is_an_error_with_a_suggestion(minimal: dict[str, object]) -> None:
    minimal["drucksachen_nummer"] = "x"
    with pytest.raises(InputError) as error:
        load_vorlage(minimal)
    assert _problems(error) == [("drucksachen_nummer", None)]
    assert "gemeint ist vielleicht 'drucksachen_nr'" in str(error.value)


def test_beschlussvorlage_needs_beschlussvorschlag(minimal: dict[str, object]) -> None:
    minimal["art"] = "Beschlussvorlage"
    with pytest.raises(InputError, match="braucht einen beschlussvorschlag"):
        load_vorlage(minimal)
    minimal["beschlussvorschlag"] = ["Der Kreistag beschließt.", "Die Verwaltung handelt."]
    assert load_vorlage(minimal).beschlussvorschlag == [
        "Der Kreistag beschließt.", "Die Verwaltung handelt."]


def test_other_arts_must_not_have_beschlussvorschlag(minimal: dict[str, object]) -> None:
    minimal["art"] = "Informationsvorlage"
    minimal["beschlussvorschlag"] = "Der Kreistag beschließt."
    with pytest.raises(InputError, match="Informationsvorlage hat keinen Beschlussvorschlag "
                       r"\(nur eine Beschlussvorlage hat einen\): das Feld beschlussvorschlag "
                       "entfernen"):
        load_vorlage(minimal)


def test_optional_fields_of_other_bodies(minimal: dict[str, object]) -> None:
    minimal.update(
        drucksachen_nr="2018/077/1", ergaenzung_zu="2018/077", federfuehrung="Sozialamt",
        beteiligungen=["Kämmerei", "Hauptamt"], verantwortlich="Dr. Muster",
        bearbeiter="A. Beispiel", aktenzeichen="022.31", haushalt_produkte=["3.1.1.01"],
        tagesordnungspunkt="Ö 4", sachverhalt_ueberschrift="Begründung",
    )
    vorlage = load_vorlage(minimal)
    assert vorlage.tagesordnungspunkt == "Ö 4"
    assert vorlage.beteiligungen == ["Kämmerei", "Hauptamt"]


def test_rolle_must_be_one_of_the_hausformat(minimal: dict[str, object]) -> None:
    minimal["beratungsfolge"] = [{"gremium": "Kreistag", "sitzungstermine": "12.03.2024",
                                  "rolle": "Beratung und Empfehlung"}]
    with pytest.raises(InputError, match=re.escape(
            "beratungsfolge[0].rolle: 'Beratung und Empfehlung' ist nicht erlaubt, erwartet: "
            "Vorberatung, Entscheidung, Kenntnisnahme, Anhörung (Hausformat standard)")):
        load_vorlage(minimal)
    minimal["hausformat"] = "nordstemmen"
    assert load_vorlage(minimal).beratungsfolge[0].rolle == "Beratung und Empfehlung"


def test_duplicate_anlage_numbers(minimal: dict[str, object]) -> None:
    minimal["anlagen"] = [{"titel": "A"}, {"nummer": 1, "titel": "B"}]
    with pytest.raises(InputError, match="Nummer mehrfach vergeben: 1"):
        load_vorlage(minimal)


def test_anlage_file_must_exist(minimal: dict[str, object], tmp_path: Path) -> None:
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4")
    minimal["anlagen"] = [{"titel": "Plan", "datei": "plan.pdf"}, {"titel": "X", "datei": "x.pdf"}]
    with pytest.raises(InputError) as error:
        load_vorlage(minimal, base_dir=tmp_path)
    assert _problems(error) == [("anlagen[1].datei", None)]
    assert "Datei nicht gefunden" in str(error.value)
    minimal["anlagen"] = [{"titel": "Ordner", "datei": "."}]
    with pytest.raises(InputError, match=r"anlagen\[0\]\.datei: ist ein Ordner, keine Datei"):
        load_vorlage(minimal, base_dir=tmp_path)


YAML_WITH_ERRORS = """\
art: Mitteilungsvorlage
organisationseinheit: Hauptamt
datum: 01.02.2024
drucksachen_nr: 2024/001
beratungsfolge:
  - gremium: Ausschuss
    sitzungsart: öffentlich
    sitzungstermine: [12.03.2024]
  - gremium: Kreistag
    sitzungsart: geheim
    sitzungstermine: [31.02.2024]
titel: Test
sachverhalt: Text
"""


def test_yaml_errors_name_file_field_and_line(tmp_path: Path) -> None:
    path = tmp_path / "vorlage.yaml"
    path.write_text(YAML_WITH_ERRORS, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_vorlage(path)
    assert _problems(error) == [
        ("beratungsfolge[1].sitzungsart", 10),
        ("beratungsfolge[1].sitzungstermine[0]", 11),
    ]
    message = str(error.value)
    assert str(path) in message
    assert "Zeile 11, beratungsfolge[1].sitzungstermine[0]: '31.02.2024' ist kein gültiges" \
        in message
    assert "'geheim' ist nicht erlaubt" in message


def test_missing_field_is_named(tmp_path: Path) -> None:
    path = tmp_path / "vorlage.yaml"
    path.write_text(YAML_WITH_ERRORS.replace("titel: Test\n", ""), encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_vorlage(path)
    assert ("titel", None) in _problems(error) or any(
        p.field == "titel" and "Pflichtfeld fehlt" in p.message for p in error.value.problems)


def test_broken_yaml_gives_line(tmp_path: Path) -> None:
    path = tmp_path / "vorlage.yaml"
    path.write_text("art: Mitteilungsvorlage\ntitel: [nicht geschlossen\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_vorlage(path)
    assert "kein gültiges YAML" in str(error.value)
    assert error.value.problems[0].line is not None


def test_json_and_toml(tmp_path: Path, minimal: dict[str, object]) -> None:
    (tmp_path / "v.json").write_text(json.dumps(minimal), encoding="utf-8")
    assert load_vorlage(tmp_path / "v.json").titel == "Testvorlage"
    toml = """\
art = "Mitteilungsvorlage"
organisationseinheit = "Hauptamt"
datum = 2024-02-01
drucksachen_nr = "2024/001"
titel = "Aus TOML"
sachverhalt = "Text"

[[beratungsfolge]]
gremium = "Kreistag"
sitzungsart = "öffentlich"
sitzungstermine = [2024-03-12]
"""
    (tmp_path / "v.toml").write_text(toml, encoding="utf-8")
    assert load_vorlage(tmp_path / "v.toml").titel == "Aus TOML"
    (tmp_path / "kaputt.json").write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="kein gültiges JSON"):
        load_vorlage(tmp_path / "kaputt.json")


def test_unreadable_inputs(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Datei nicht gefunden"):
        load_vorlage(tmp_path / "fehlt.yaml")
    (tmp_path / "v.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="unbekannte Dateiendung"):
        load_vorlage(tmp_path / "v.txt")
    (tmp_path / "latin1.yaml").write_bytes("titel: Größe".encode("latin-1"))
    with pytest.raises(InputError, match="nicht UTF-8"):
        load_vorlage(tmp_path / "latin1.yaml")
    (tmp_path / "liste.yaml").write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(InputError, match="oberster Ebene"):
        load_vorlage(tmp_path / "liste.yaml")


def test_field_path() -> None:
    assert field_path(("beratungsfolge", 1, "sitzungstermine", 0)) == \
        "beratungsfolge[1].sitzungstermine[0]"


def _yaml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "vorlage.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_values_stay_as_written(tmp_path: Path) -> None:
    """No YAML 1.1 guessing: an Aktenzeichen 0715 is not the octal 461, 3.10 not 3.1."""
    text = YAML_WITH_ERRORS.replace("geheim", "nichtöffentlich").replace("31.02", "28.02")
    text += "aktenzeichen: 0715\nhaushalt_produkte: [3.10, 1.11.10]\ntagesordnungspunkt: 04\n"
    text += "anlagen:\n  - nummer: 2\n    titel: yes\n"
    vorlage = load_vorlage(_yaml(tmp_path, text))
    assert vorlage.aktenzeichen == "0715"
    assert vorlage.haushalt_produkte == ["3.10", "1.11.10"]
    assert vorlage.tagesordnungspunkt == "04"
    assert vorlage.anlagen[0].nummer == 2
    assert vorlage.anlagen[0].titel == "yes"


@pytest.mark.parametrize(("written", "message"), [
    ("2018-13-45", "'2018-13-45' ist kein gültiges Datum; einen Monat 13 gibt es nicht, Tag "
                   "und Monat prüfen (TT.MM.JJJJ, z. B. 28.02.2025)"),
    ("31.04.2018", "'31.04.2018' ist kein gültiges Datum; der April 2018 hat 30 Tage, den Tag "
                   "prüfen"),
    ("29.02.2023", "der Februar 2023 hat 28 Tage"),
    ("20180404", "'20180404' ist kein Datum der Form TT.MM.JJJJ"),
    ("4. April 2018", "ist kein Datum der Form TT.MM.JJJJ"),
    ("", "darf nicht leer sein"),
])
def test_bad_dates(tmp_path: Path, written: str, message: str) -> None:
    text = YAML_WITH_ERRORS.replace("geheim", "nichtöffentlich").replace("31.02", "28.02")
    path = _yaml(tmp_path, text.replace("datum: 01.02.2024", f"datum: {written}"))
    with pytest.raises(InputError) as error:
        load_vorlage(path)
    assert _problems(error) == [("datum", 3)]
    assert message in str(error.value)


def test_duplicate_keys_are_errors(tmp_path: Path) -> None:
    text = YAML_WITH_ERRORS.replace("    sitzungsart: geheim\n",
                                    "    sitzungsart: öffentlich\n    gremium: Rat\n")
    with pytest.raises(InputError) as error:
        load_vorlage(_yaml(tmp_path, text + "titel: Noch einer\n"))
    assert _problems(error) == [("beratungsfolge[1].gremium", 11), ("titel", 15)]
    assert "Feld doppelt angegeben" in str(error.value)


def test_duplicate_keys_in_json(tmp_path: Path) -> None:
    path = tmp_path / "vorlage.json"
    path.write_text('{"art": "Mitteilungsvorlage", "art": "Beschlussvorlage"}', encoding="utf-8")
    with pytest.raises(InputError, match="art: Feld doppelt angegeben"):
        load_vorlage(path)


ALL_AT_ONCE = """\
art: Mitteilungsvorlage
organisationseinheit: Hauptamt
datum: 31.02.2025
drucksachen_nr: 2025/001
angaben:
  telefon: 800-50
beratungsfolge:
  - gremium: Kreistag
    rolle: Entscheidng
    sitzungstermine: [12.03.2025, 30.02.2025]
titel: Test
sachverhalt: Ein Satz.
anlass: Versehen
"""


def test_one_run_reports_every_error_in_line_order(tmp_path: Path) -> None:
    """A bad date, a field the Hausformat does not print, a misspelled role and an
    unknown field: all in one run, sorted by line (the role was reported only once the
    others were fixed, and the messages came in the order 13, 9, 7, 11)."""
    from click.testing import CliRunner

    from vorlagen.cli import cli

    path = tmp_path / "vorlage.yaml"
    path.write_text(ALL_AT_ONCE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[0] == f"vorlagen: 5 Fehler in {path}:"
    assert lines[1] == ("  - Zeile 3, datum: '31.02.2025' ist kein gültiges Datum; der "
                        "Februar 2025 hat 28 Tage, den Tag prüfen")
    assert lines[2] == ("  - Zeile 6, angaben.telefon: das Hausformat standard druckt dieses "
                        "Feld nicht (bei einer Mitteilungsvorlage); das Feld entfernen, oder im "
                        "Hausformat einen Text ergänzen, der es druckt")
    assert lines[3].startswith("  - Zeile 9, beratungsfolge[0].rolle: 'Entscheidng' ist "
                               "nicht erlaubt, erwartet: Vorberatung, Entscheidung")
    assert lines[3].endswith("; gemeint ist vielleicht 'Entscheidung'")
    assert lines[4] == ("  - Zeile 10, beratungsfolge[0].sitzungstermine[1]: '30.02.2025' "
                        "ist kein gültiges Datum; der Februar 2025 hat 28 Tage, den Tag prüfen")
    assert lines[5].startswith("  - Zeile 13, anlass: unbekanntes Feld")

    # a missing field has no line of its own: it comes last, not at the line of ``art``
    path.write_text(ALL_AT_ONCE.replace("titel: Test\n", ""), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_vorlage(path)
    assert [(p.field, p.line) for p in raised.value.problems] == [
        ("datum", 3), ("angaben.telefon", 6), ("beratungsfolge[0].rolle", 9),
        ("beratungsfolge[0].sitzungstermine[1]", 10), ("anlass", 12), ("titel", None)]
    assert str(raised.value).endswith("\n  - titel: Pflichtfeld fehlt")


EXAMPLE = Path(__file__).parent.parent / "examples" / "integrationskonzept-2018-077"


def _line(text: str, part: str) -> int:
    """The line (from 1) of ``text`` on which ``part`` stands."""
    return text[:text.index(part)].count("\n") + 1


def test_one_run_reports_the_errors_of_the_text_fields_with_the_others(tmp_path: Path
                                                                       ) -> None:
    """A bad date, an unknown field, a misspelled role and an unknown variable in two
    text fields: all in one run of validate and render, sorted by line, each text's at
    its own line (only the date was reported, then only the first text)."""
    import shutil

    from click.testing import CliRunner

    from vorlagen.cli import cli

    folder = tmp_path / "ik"
    shutil.copytree(EXAMPLE, folder)
    path = folder / "vorlage.yaml"
    text = (path.read_text(encoding="utf-8")
            .replace("datum: 04.04.2018", "datum: 31.02.2018")
            .replace("    sitzungsart: öffentlich\n    sitzungstermine: [16.04.2018]",
                     "    rolle: Entscheidng\n    sitzungstermine: [16.04.2018]")
            .replace("tagesordnungspunkt: 4\n", "tagesordnungspunkt: 4\nanlas: Versehen\n")
            .replace("{{ verteiler.empfaenger }}", "{{ verteiler.empfaengr }}")
            .replace("Die {{ massnahmen.anzahl_gerundet }}", "Die {{ unbekannt }}"))
    messages = {  # where each stands in the file, and how its message starts
        "datum: 31": "datum: '31.02.2018' ist kein gültiges Datum",
        "rolle: Entscheidng": "beratungsfolge[0].rolle: 'Entscheidng' ist nicht erlaubt, "
                              "erwartet: Vorberatung, Entscheidung, Kenntnisnahme, Anhörung",
        "anlas:": "anlas: unbekanntes Feld",
        "empfaengr": "sachverhalt[0].text: unbekannte Variable 'empfaengr'; gemeint ist "
                     "vielleicht 'verteiler.empfaenger'",
        "{{ unbekannt }}": "finanzielle_auswirkungen: unbekannte Variable 'unbekannt' "
                           "(Variablen: foerderung, massnahmen, verteiler)",
    }

    def reported(command: str) -> None:
        """The errors ``command`` reports are those of ``messages`` still in the file,
        each at its line, in line order, in one run."""
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(cli, [command, str(path)])
        assert result.exit_code == 2, result.output
        expected = sorted((_line(text, part), message)
                          for part, message in messages.items() if part in text)
        lines = result.output.splitlines()
        assert lines[0] == f"vorlagen: {len(expected)} Fehler in {path}:"
        assert len(lines) == len(expected) + 1
        for line, (number, message) in zip(lines[1:], expected, strict=True):
            assert line.startswith(f"  - Zeile {number}, {message}"), line

    before = sorted(folder.iterdir())
    reported("validate")
    reported("render")
    assert sorted(folder.iterdir()) == before  # render wrote nothing
    # the date and the field fixed: the role (found against the Hausformat) and the
    # texts; then the role fixed: the texts, each at its line, still in one run
    text = text.replace("datum: 31.02.2018", "datum: 04.04.2018").replace(
        "anlas: Versehen\n", "")
    reported("validate")
    text = text.replace("rolle: Entscheidng", "rolle: Entscheidung")
    reported("validate")
    reported("render")
    assert sorted(folder.iterdir()) == before


def test_errors_found_against_the_hausformat_come_in_line_order(tmp_path: Path) -> None:
    (tmp_path / "haus.yaml").write_text(
        "arten: [{name: Beschlussvorlage, beschluss: true}]\nrollen: [Entscheidung]\n"
        "pflichtfelder: [aktenzeichen]\naufbau: [betreff, beschluss, sachverhalt]\n",
        encoding="utf-8")
    path = tmp_path / "vorlage.yaml"
    path.write_text(
        "hausformat: haus.yaml\nart: Beschlussvorlage\ndatum: 01.02.2025\n"
        "drucksachen_nr: 1\nkurzfassung: Kurz\nberatungsfolge:\n  - gremium: Rat\n"
        "    rolle: Beratung\ntitel: T\nsachverhalt: S\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_vorlage(path)
    assert [(p.field, p.line) for p in raised.value.problems] == [
        ("kurzfassung", 5), ("beratungsfolge[0].rolle", 8),
        ("beschlussvorschlag", None), ("aktenzeichen", None)]  # not the line of ``art``
    path.write_text(path.read_text(encoding="utf-8") + "beschlussvorschlag: Ja.\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_vorlage(path)
    assert [(p.field, p.line) for p in raised.value.problems] == [
        ("kurzfassung", 5), ("beratungsfolge[0].rolle", 8), ("aktenzeichen", None)]


def test_a_wrong_beratung_keeps_the_places_of_the_others(tmp_path: Path) -> None:
    """A Beratung without its gremium is stood in for, not left out: the role of the
    one after it is still reported as its own."""
    path = tmp_path / "vorlage.yaml"
    path.write_text(
        "art: Mitteilungsvorlage\norganisationseinheit: Amt\ndatum: 01.02.2025\n"
        "drucksachen_nr: 1\nberatungsfolge:\n  - sitzungsart: geheim\n"
        "  - gremium: Rat\n    rolle: Vorberatng\n    sitzungstermine: [30.02.2025, 1.3.2025]\n"
        "beteiligungen: [[a]]\ntitel: T\nsachverhalt: S\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_vorlage(path)
    assert [(p.field, p.line) for p in raised.value.problems] == [
        ("beratungsfolge[0].gremium", 6), ("beratungsfolge[0].sitzungsart", 6),
        ("beratungsfolge[1].rolle", 8), ("beratungsfolge[1].sitzungstermine[0]", 9),
        ("beteiligungen[0]", 10)]


_WRONG_ART = """\
art: beschlussvorlage
datum: 01.02.2024
drucksachen_nr: 1/2024
titel: Radweg
organisationseinheit: Amt 1
sachverhalt: Text.
beschlussvorschlag: Der Rat beschließt.
beratungsfolge:
  - gremium: Rat
    sitzungsart: Öffentlich
    sitzungstermine: [31.04.2025]
    rolle: vorberatung
"""


def _validate(tmp_path: Path, text: str) -> tuple[int, list[str]]:
    """Exit status and the lines ``vorlagen validate`` printed about the file."""
    (tmp_path / "vorlage.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "vorlage.yaml")])
    said = [re.sub(r"^(- |vorlagen: (\d+ )?Fehler in \S+: )", "", line.strip())
            for line in result.output.splitlines()]
    return result.exit_code, [line for line in said
                              if line.startswith("Zeile") or line.startswith("organisation")]


def test_a_wrong_art_does_not_hide_the_hausformat_s_checks(tmp_path: Path) -> None:
    code, said = _validate(tmp_path, _WRONG_ART)
    assert code == 2
    assert [line.split(":")[0] for line in said] == [
        "Zeile 1, art", "Zeile 10, beratungsfolge[0].sitzungsart",
        "Zeile 11, beratungsfolge[0].sitzungstermine[0]", "Zeile 12, beratungsfolge[0].rolle"]
    assert "'vorberatung' ist nicht erlaubt, erwartet: Vorberatung" in said[3]


def test_a_wrong_art_does_not_hide_unprinted_angaben(tmp_path: Path) -> None:
    text = _WRONG_ART.replace("Öffentlich", "öffentlich").replace("31.04", "30.04")
    text = text.replace("vorberatung", "Vorberatung") + (
        "angaben:\n  telefon: 1\nanlagen:\n  - {titel: Plan, datei: fehlt.pdf}\n")
    code, said = _validate(tmp_path, text)
    assert code == 2
    assert [line.split(":")[0] for line in said] == [
        "Zeile 1, art", "Zeile 14, angaben.telefon", "Zeile 16, anlagen[0].datei"]
    assert "druckt dieses Feld nicht (bei keiner Vorlagenart)" in said[1]


def test_a_wrong_art_does_not_hide_a_missing_pflichtfeld(tmp_path: Path) -> None:
    code, said = _validate(tmp_path, _WRONG_ART.replace("organisationseinheit: Amt 1\n", ""))
    assert code == 2
    assert said[0].startswith("Zeile 1, art")
    assert "organisationseinheit: Pflichtfeld fehlt (Hausformat standard)" in said[-1]


def test_a_wrong_art_names_the_closest_kind(tmp_path: Path) -> None:
    _, said = _validate(tmp_path, _WRONG_ART)
    assert "'beschlussvorlage' ist nicht erlaubt" in said[0]
    assert "gemeint ist vielleicht 'Beschlussvorlage'" in said[0]
    _, said = _validate(tmp_path, _WRONG_ART.replace("beschlussvorlage", "Beschlusvorlage"))
    assert "gemeint ist vielleicht 'Beschlussvorlage'" in said[0]
    for other in ("Haushaltsplan", "Sitzungsvorlage"):  # not alike but for "vorlage"
        _, said = _validate(tmp_path, _WRONG_ART.replace("beschlussvorlage", other))
        assert said[0].startswith(f"Zeile 1, art: '{other}' ist nicht erlaubt")
        assert "gemeint ist vielleicht" not in said[0]


def test_a_misspelled_pflichtfeld_is_one_error(tmp_path: Path) -> None:
    text = _WRONG_ART.replace("art: beschlussvorlage", "art: Beschlussvorlage")
    text = text.replace("Öffentlich", "öffentlich").replace("31.04", "30.04")
    text = text.replace("vorberatung", "Vorberatung")
    code, said = _validate(tmp_path, text.replace("organisationseinheit:",
                                                  "organisationseinheitt:"))
    assert code == 2
    assert len(said) == 1, said
    assert said[0].startswith("Zeile 5, organisationseinheitt: unbekanntes Feld; gemeint ist "
                              "vielleicht 'organisationseinheit'")
    for wrong, meant in (("titel:", "titel"), ("beschlussvorschlag:", "beschlussvorschlag"),
                         ("- gremium:", "gremium")):
        code, said = _validate(tmp_path, text.replace(wrong, wrong.replace(":", "x:")))
        assert code == 2
        assert len(said) == 1, said
        assert f"unbekanntes Feld; gemeint ist vielleicht '{meant}'" in said[0]


def test_a_plugins_own_error_keeps_its_words_and_pydantics_own_are_german() -> None:
    """A plugin's ``PydanticCustomError`` says what the plugin says; a kind of pydantic's
    own that has no German text yet is said in German all the same, never in English."""
    from pydantic import BaseModel, ValidationError, field_validator
    from pydantic_core import PydanticCustomError

    from vorlagen.messages import problems

    class Eigen(BaseModel):
        zahl: int

        @field_validator("zahl")
        @classmethod
        def _nie(cls, value: int) -> int:
            raise PydanticCustomError("plugin_fehler", "Die Zahl passt nicht zur Liste")

    class Menge(BaseModel):
        werte: frozenset[int]

    said = []
    for model, data in ((Eigen, {"zahl": 1}), (Menge, {"werte": 3})):
        try:
            model.model_validate(data)
        except ValidationError as error:
            said += [str(problem) for problem in problems(error, model)]
    assert said == ["zahl: Die Zahl passt nicht zur Liste", "werte: 3 ist hier kein gültiger Wert"]

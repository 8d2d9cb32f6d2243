"""``vorlagen layout check`` proves that a layout's texts can render: every name, field,
filter and function is one a Vorlage can hold, with the line and the closest known name;
no English message of Jinja or Python reaches a user, from a layout, a Vorlage or a
design."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.reading import docx_text
from vorlagen import InputError, load_vorlage, render
from vorlagen.cli import cli
from vorlagen.templating import TextError, TextRenderer

ENGLISH = re.compile(r"undefined|[Uu]nexpected|expected|missing|argument|object|template|"
                     r"Encountered|unsupported|unsafe|loader|division by|inline|Traceback|"
                     r"attribute|No filter|No test|[Gg]ot ")
"""Words of Jinja's and Python's messages that a German message never has."""

LAYOUT = """\
arten: [{name: Mitteilungsvorlage}]
aufbau:
  - text: "{{ angabe.x }}"
  - text: "{{ behoerde }}"
  - text: {text: "Telefon {{ angaben.telefon }}", wenn: telefonn}
  - text: "{{ 'öffentlich' if status == 'öffentlich' }}"
  - tabelle:
      zeilen:
        - ["{{ kreuz() }}", "{{ kreuz(angaben.x == 'ja') }}"]
  - text: |
      Erste Zeile {{ datum }}
      zweite {{ datum | lnag }}
  - text: "{{ beratungsfolge[0].gremiun }} {{ beratungsfolge.gremium }}"
  - beratungsfolge:
      spalten:
        - {wert: "{{ gremium }} ({{ rolle }}) {{ oe }} {{ termin | lang }}"}
        - {wert: "{{ gremiumm }}"}
  - anlagen: {eintrag: "{{ nummer }}. {{ titel }} {{ nummr }}"}
  - text: {text: "{{ einreicher }}", wenn: angaben.telefon}
  - betreff
  - sachverhalt
seite:
  fuss: "Seite {seite} {{ drucksachen_nr | betrag(2) }}"
"""


def test_layout_check_names_every_problem_of_the_texts_in_line_order(tmp_path: Path
                                                                     ) -> None:
    layout = tmp_path / "haus.yaml"
    layout.write_text(LAYOUT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["hausformat", "check", str(layout)])
    assert result.exit_code == 2, result.output
    problems = [line.removeprefix("  - ") for line in result.output.splitlines()[1:]]
    assert result.output.startswith(f"vorlagen: 9 Fehler in {layout}:")
    assert problems == [
        "Zeile 3, aufbau[0].text.text: unbekannte Variable 'angabe'; gemeint ist "
        "vielleicht 'angaben'",
        "Zeile 5, aufbau[2].text.wenn: 'telefonn' ist kein Feld der Vorlage (Felder: "
        + problems[1].split("(Felder: ", 1)[1],
        "Zeile 9, aufbau[4].tabelle.zeilen[0][0]: kreuz(…) braucht genau eine Bedingung, "
        "z. B. kreuz(angaben.folgekosten == 'ja')",
        "Zeile 12, aufbau[5].text.text: unbekannter Filter 'lnag'; gemeint ist vielleicht "
        "'lang'",
        "Zeile 13, aufbau[6].text.text: unbekanntes Feld 'gremiun' von beratungsfolge[0]; "
        "gemeint ist vielleicht 'gremium' (Felder: gremium, sitzungsart, sitzungstermine, "
        "rolle, top, sitzung, ergebnis, termin)",
        "Zeile 13, aufbau[6].text.text: beratungsfolge ist eine Liste; ein Eintrag ist "
        "beratungsfolge[0] (der erste), z. B. beratungsfolge[0].gremium",
        "Zeile 17, aufbau[7].beratungsfolge.spalten[1].wert: unbekannte Variable "
        "'gremiumm'; gemeint ist vielleicht 'gremium'",
        "Zeile 18, aufbau[8].anlagen.eintrag: unbekannte Variable 'nummr'; gemeint ist "
        "vielleicht 'nummer'",
        "Zeile 23, seite.fuss: der Filter 'betrag' mit falsch vielen Werten: … | betrag "
        "(ohne Werte in Klammern)",
    ]
    assert not ENGLISH.search(result.output)

    fixed = (LAYOUT.replace("angabe.x", "angaben.x").replace("telefonn", "einreicher")
             .replace("kreuz()", "kreuz(true)").replace("lnag", "lang")
             .replace("gremiun", "gremium").replace(" {{ beratungsfolge.gremium }}", "")
             .replace("gremiumm", "gremium").replace(" {{ nummr }}", "")
             .replace("betrag(2)", "upper"))
    layout.write_text(fixed, encoding="utf-8")
    result = CliRunner().invoke(cli, ["hausformat", "check", str(layout)])
    assert result.exit_code == 0, result.output
    assert f"{layout}: gültig" in result.output


def test_a_refused_setting_does_not_hide_the_texts(tmp_path: Path) -> None:
    layout = tmp_path / "haus.yaml"
    layout.write_text("""\
arten: [{name: Mitteilungsvorlage}]
aufbau:
  - betreff: {lable: "Betreff:"}
  - text: "{{ organisationseinheitt }} {{ angabe.x }}"
  - text: {text: "Telefon", wenn: angabe.x, stil: bunt}
  - anlagen: {eintrag: "{{ titl }}", ueberschrfit: Anlagen}
  - felder:
      felder:
        - {label: A, wert: "{{ datum | lnag }}"}
        - {lable: B, wert: "{{ datum }}"}
""", encoding="utf-8")
    result = CliRunner().invoke(cli, ["hausformat", "check", str(layout)])
    assert result.exit_code == 2, result.output
    problems = [line.removeprefix("  - ") for line in result.output.splitlines()[1:]]
    assert [problem.split(": ", 1)[0] for problem in problems] == [
        "Zeile 3, aufbau[0].betreff.lable",
        "Zeile 4, aufbau[1].text.text",
        "Zeile 4, aufbau[1].text.text",
        "Zeile 5, aufbau[2].text.stil",
        "Zeile 5, aufbau[2].text.wenn",
        "Zeile 6, aufbau[3].anlagen.ueberschrfit",
        "Zeile 6, aufbau[3].anlagen.eintrag",
        "Zeile 9, aufbau[4].felder.felder[0].wert",
        "Zeile 10, aufbau[4].felder.felder[1].lable",
    ], result.output
    for said in ("'organisationseinheitt'", "'angabe'", "'angabe.x' ist kein Feld",
                 "'titl'", "unbekannter Filter 'lnag'"):
        assert said in result.output
    assert not ENGLISH.search(result.output)


def test_what_the_check_accepts_renders(tmp_path: Path, minimal: dict[str, object]) -> None:
    """behoerde, a wenn on an angabe and an inline if without else: each prints, or
    prints nothing, without an error."""
    (tmp_path / "haus.yaml").write_text(
        "behoerde: Stadt Musterstadt\narten: [{name: Mitteilungsvorlage}]\naufbau:\n"
        "  - text: 'Behörde: {{ behoerde }}'\n"
        "  - text: {text: 'Tel. {{ angaben.telefon }}', wenn: angaben.telefon}\n"
        "  - text: {text: 'Fax {{ angaben.fax }}', wenn: angaben.fax}\n"
        "  - text: \"Status: {{ 'geheim' if status == 'nichtöffentlich' }}.\"\n"
        "  - betreff\n  - sachverhalt\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["hausformat", "check", str(tmp_path / "haus.yaml")])
    assert result.exit_code == 0, result.output
    del minimal["organisationseinheit"]
    vorlage = load_vorlage({**minimal, "hausformat": "haus.yaml",
                            "angaben": {"telefon": "800-50"}}, base_dir=tmp_path)
    text = docx_text(render(vorlage, "docx"))
    assert "Behörde: Stadt Musterstadt" in text
    assert "Tel. 800-50" in text
    assert "Fax" not in text
    assert "Status: ." in text


@pytest.mark.parametrize(("text", "german"), [
    ("{{ 'x' if false }}|", None),
    ("{{ kreuz() }}", "kreuz(…) braucht genau eine Bedingung"),
    ("{{ kreuz(1, 2) }}", "kreuz(…) braucht genau eine Bedingung"),
    ("{{ 1 | betrag(2) }}", "'betrag' mit falsch vielen Werten aufgerufen"),
    ("{{ x", "der Text endet, bevor '}}' kommt"),
    ("{{ x y }}", "erwartet '}}', gefunden 'y'"),
    ("{% for a in b %}", "{% for %} wird nicht geschlossen (erwartet: {% endfor %} oder "
                         "{% else %})"),
    ("{% if 1 %}a{% endfor %}", "{% if %} wird nicht geschlossen"),
    ("{% schleife %}", "unbekannter Befehl {% schleife %}"),
    ("{{ 1 | nix }}", "unbekannter Filter 'nix'"),
    ("{{ 1 is nix }}", "unbekannter Test 'nix'"),
    ("{{ 'a }}", "unerwartetes Zeichen"),
    ("{{ }}", "hier fehlt ein Wert"),
    ("{{ ''.__class__ }}", "der Zugriff auf '__class__' ist in Texten nicht erlaubt"),
    ("{{ 1 / 0 }}", "Division durch null"),
    ("{{ 1 + 'a' }}", "'+' mit Werten, die nicht zusammenpassen"),
    ("{% include 'x' %}", "{% include %}, {% import %} und {% extends %} gibt es in Texten "
                          "nicht"),
    ("{% for a in 1 %}{% endfor %}", "keine Liste"),
    ("{{ 1 | int(1, 2, 3, 4) }}", "'int' mit falsch vielen Werten aufgerufen"),
    ("{{ zahl() }}", "keine Funktion"),
    ("{{ ''.nix() }}", "unbekannte Variable 'nix'"),
])
def test_errors_of_a_text_are_german(text: str, german: str | None) -> None:
    renderer = TextRenderer({"zahl": 1})
    if german is None:
        assert renderer.plain(text) == "|"
        return
    with pytest.raises(TextError) as raised:
        renderer.plain(text)
    assert german in str(raised.value)
    assert not ENGLISH.search(str(raised.value)), str(raised.value)


def test_an_unknown_variable_in_a_text_field_has_its_line(tmp_path: Path,
                                                           minimal: dict[str, object]
                                                           ) -> None:
    path = tmp_path / "vorlage.yaml"
    path.write_text(
        "art: Mitteilungsvorlage\ndatum: 16.04.2018\ndrucksachen_nr: 2018/077\n"
        "organisationseinheit: Amt\nberatungsfolge: [{gremium: Kreistag}]\ntitel: Titel\n"
        "sachverhalt:\n  - text: |\n      Erste Zeile.\n\n      Zweite mit {{ tippfehler }}.\n",
        encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert (f"Fehler in {path}: Zeile 11, sachverhalt[0].text: "
            "unbekannte Variable 'tippfehler'") in result.output
    path.write_text(path.read_text(encoding="utf-8").replace("{{ tippfehler }}",
                                                               "{{ kreuz() }}"))
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert ("Zeile 11, sachverhalt[0].text: Vorlagentext fehlerhaft: kreuz(…) braucht "
            "genau eine Bedingung") in result.output
    assert not ENGLISH.search(result.output)
    # the Sachverhalt written as one text, not as a list of subsections
    path.write_text(path.read_text(encoding="utf-8").replace("\n  - text: |\n      ", " |\n  ")
                    .replace("\n      Zweite", "\n  Zweite"), encoding="utf-8")
    assert "sachverhalt: |\n  Erste Zeile.\n\n  Zweite" in path.read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert "Zeile 10, sachverhalt[0].text: Vorlagentext fehlerhaft: kreuz(…)" in result.output


def test_a_layout_text_that_fails_at_render_is_german(tmp_path: Path,
                                                       minimal: dict[str, object]) -> None:
    """What only rendering finds (a division by zero) is German too, with the line."""
    (tmp_path / "haus.yaml").write_text(
        "arten: [{name: Mitteilungsvorlage}]\naufbau:\n  - text: '{{ 1 / 0 }}'\n"
        "  - betreff\n  - sachverhalt\n", encoding="utf-8")
    del minimal["organisationseinheit"]
    with pytest.raises(InputError) as raised:
        render(load_vorlage({**minimal, "hausformat": "haus.yaml"}, base_dir=tmp_path), "docx")
    assert str(raised.value) == (f"Fehler in {tmp_path / 'haus.yaml'}: Zeile 3, "
                                 "aufbau[0].text.text: Vorlagentext fehlerhaft: Division durch "
                                 "null")


@pytest.mark.parametrize(("text", "found"), [
    ("{{ telefon }}", "unbekannte Variable 'telefon'; gemeint ist vielleicht "
                      "'angaben.telefon' (ein frei benannter Wert der Vorlage)"),
    ("Seite {{ seite }}", "als {seite} und {seiten}, in einfachen Klammern"),
    ("{% for b in beratungsfolge %}{{ b.gremium }} {{ loop.index }}{% endfor %}", None),
    ("{% set x = angaben.a %}{{ x }} {{ beratungsfolge[0]['rolle'] | upper }}", None),
    ("{{ beteiligungen | join(', ') }} {{ datum.year }} {{ kreuz(status == 'x') }}", None),
])
def test_what_a_text_may_name(text: str, found: str | None) -> None:
    from vorlagen import textcheck

    problems = textcheck.problems(text, textcheck.layout_names())
    if found is None:
        assert problems == []
    else:
        assert len(problems) == 1 and found in problems[0][1], problems

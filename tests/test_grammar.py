"""A text field and a design's placeholder use a declared grammar (``vorlagen.grammar``):
what lies outside it is refused when the text is read, in German, with the file, the
line and the field; the sandbox's bounds hold on the way docxtpl and placeholders take."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vorlagen import InputError, grammar
from vorlagen.cli import cli
from vorlagen.templating import text_environment
from vorlagen.writers import placeholders

VORLAGE = ("art: Mitteilungsvorlage\ndatum: 16.04.2018\ndrucksachen_nr: 2018/077\n"
           "organisationseinheit: Amt\nberatungsfolge: [{gremium: Kreistag}]\ntitel: Titel\n"
           "sachverhalt:\n  - text: |\n      Erste Zeile.\n\n      {TEXT}\n")


@pytest.mark.parametrize(("text", "said"), [
    ("{% macro m() %}x{% endmacro %}{{ m() }}", "{% macro %} ist in Texten nicht erlaubt"),
    ("{% set ns = namespace(a=1) %}", "namespace(…) ist in Texten nicht erlaubt"),
    ("{% with a = 1 %}{{ a }}{% endwith %}", "{% with %} ist in Texten nicht erlaubt"),
    ("{% filter upper %}x{% endfilter %}", "{% filter %} ist in Texten nicht erlaubt"),
    ("{% set x %}y{% endset %}", "{% set %}…{% endset %} ist in Texten nicht erlaubt"),
    ("{% for a in [1] recursive %}{% endfor %}", "recursive %} ist in Texten nicht erlaubt"),
    ("{{ lipsum(3) }}", "lipsum(…) ist in Texten nicht erlaubt"),
])
def test_what_lies_outside_the_grammar_is_refused_with_file_line_and_field(
        tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / "vorlage.yaml"
    path.write_text(VORLAGE.replace("{TEXT}", text), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert f"Fehler in {path}: Zeile 11, sachverhalt[0].text: Vorlagentext fehlerhaft: " \
           in result.output
    assert said in result.output and "Traceback" not in result.output


def test_a_hausformat_text_outside_the_grammar_is_found_by_layout_check(
        tmp_path: Path) -> None:
    layout = tmp_path / "haus.yaml"
    layout.write_text("arten: [{name: Mitteilungsvorlage}]\naufbau:\n  - text: |\n"
                      "      Erste Zeile\n      {% macro m() %}{% endmacro %}\n"
                      "  - betreff\n  - sachverhalt\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["layout", "check", str(layout)])
    assert result.exit_code == 2, result.output
    assert "Zeile 5, aufbau[0].text.text: {% macro %} ist in Texten nicht erlaubt; ein " \
           "Text kennt Variablen" in result.output


@pytest.mark.parametrize("text", [
    "{{ angaben.kosten | betrag }} {{ datum | lang }} {{ beteiligungen | join(', ') }}",
    "{{ kreuz(angaben.folgekosten == 'ja') }} {{ kennzahlen.werte['Fallzahl'] }}",
    "{{ 'öffentlicher' if status == 'öffentlich' else 'nichtöffentlicher' }}",
    "{% if a %}x{% elif b %}y{% else %}z{% endif %}",
    "{% for b in beratungsfolge %}{{ loop.index }} {{ b.gremium | upper }}{% endfor %}",
    "{% set x = angaben.a %}{{ x ~ '-' }} {{ 'Die {} ist da'.format(x) }} {{ n * 2 }}",
])
def test_what_the_shipped_texts_use_is_in_the_grammar(text: str) -> None:
    assert grammar.problems(text_environment().parse(text)) == []


def test_a_placeholder_outside_the_grammar_is_refused_in_german() -> None:
    with pytest.raises(InputError) as raised:
        placeholders.render("<p>{% macro m() %}{% endmacro %}</p>", [], "design.odt",
                            "Kopfzeile")
    assert str(raised.value) == ("Fehler in design.odt: Kopfzeile: Platzhalter fehlerhaft: "
                                 "{% macro %} ist in Texten nicht erlaubt; "
                                 f"{grammar.WHAT_A_TEXT_KNOWS}")


def test_the_bounds_hold_for_placeholders_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """docxtpl and the ODT writer render through ``from_string``: its loops are counted."""
    from vorlagen import sandbox

    monkeypatch.setattr(sandbox, "MAX_SECONDS", 3600.0)
    monkeypatch.setattr(sandbox, "MAX_STEPS", 1000)
    assert placeholders.render("{% for i in range(990) %}{% endfor %}ok", [], "d.odt",
                               "Kopfzeile") == "ok"
    with pytest.raises(InputError, match=r"zu viele Schritte: mehr als 1\.000"):
        placeholders.render("{% for i in range(1001) %}{% endfor %}", [], "d.odt",
                            "Kopfzeile")
    with pytest.raises(InputError, match=r"zu lang: mehr als 100\.000 Zeichen"):
        placeholders.render("{{ 'a' * 100000 ~ 'b' }}", [], "d.odt", "Kopfzeile")


def test_template_check_names_a_placeholder_outside_the_grammar(tmp_path: Path) -> None:
    """``vorlagen template check`` shares the grammar with the texts of a Vorlage."""
    import zipfile

    folder = tmp_path / "design"
    assert CliRunner().invoke(cli, ["template", "export", "briefkopf", str(folder)]
                              ).exit_code == 0
    package = folder / "design.odt"
    with zipfile.ZipFile(package) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(package, "w") as archive:
        for info, data in entries:
            if info.filename == "styles.xml":
                assert b"{{ organisationseinheit }}" in data
                data = data.replace(b"{{ organisationseinheit }}", b"{{ lipsum(2) }}")
            archive.writestr(info, data)
    result = CliRunner().invoke(cli, ["template", "check", str(folder)])
    assert result.exit_code == 2, result.output
    assert "{{ lipsum(2) }} ist fehlerhaft: lipsum(…) ist in Texten nicht erlaubt" \
        in result.output

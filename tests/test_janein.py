"""Yes/no fields take ja/nein (any case) besides true/false: in the Vorlage, the
Hausformat and the plugin blocks, in the JSON Schema and in the form of vorlagen serve."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from tests.conftest import MINIMAL, ROOT
from tests.reading import docx_text
from vorlagen import load_vorlage, render
from vorlagen.cli import cli
from vorlagen.plugin_api import JaOderNein
from vorlagen.plugins import plugin_manager
from vorlagen.schema import vorlage_schema
from vorlagen.serve.fields import Form

GEHEIM = "Personalangelegenheit Zeta"
VORLAGE = """\
art: Mitteilungsvorlage
organisationseinheit: Hauptamt
datum: 01.02.2024
drucksachen_nr: 2024/001
titel: Testvorlage
beratungsfolge:
  - gremium: Kreistag
sachverhalt:
  - ueberschrift: Anlass
    text: Ein Satz für alle.
  - ueberschrift: {geheim}
    text: Nur für den Ausschuss.
    nichtoeffentlich: {wert}
anlagen:
  - titel: Plan
    datei: plan.txt
    geprueft: {wert}
"""


def _write(folder: Path, wert: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "plan.txt").write_text("Plan", encoding="utf-8")
    path = folder / "vorlage.yaml"
    path.write_text(VORLAGE.format(geheim=GEHEIM, wert=wert), encoding="utf-8")
    return path


@pytest.mark.parametrize("wert", ["ja", "Ja", "JA", "true", "'true'"])
def test_ja_marks_a_section_nichtoeffentlich(tmp_path: Path, wert: str) -> None:
    path = _write(tmp_path / "vorlage", wert)
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    vorlage = load_vorlage(path)
    assert vorlage.sachverhalt[1].nichtoeffentlich is True
    assert vorlage.anlagen[0].geprueft is True
    result = runner.invoke(cli, ["render", str(path), "-f", "docx", "-o",
                                 str(tmp_path / "oeffentlich"), "--oeffentlich"])
    assert result.exit_code == 0, result.output
    public = docx_text((tmp_path / "oeffentlich" / "2024-001_oeffentlich.docx").read_bytes())
    assert "Ein Satz für alle." in public
    assert GEHEIM not in public and "Nur für den Ausschuss." not in public
    result = runner.invoke(cli, ["render", str(path), "-f", "docx", "-o",
                                 str(tmp_path / "voll")])
    assert result.exit_code == 0, result.output
    assert GEHEIM in docx_text((tmp_path / "voll" / "2024-001.docx").read_bytes())


@pytest.mark.parametrize("wert", ["nein", "NEIN", "Nein", "false"])
def test_nein_leaves_a_section_public(tmp_path: Path, wert: str) -> None:
    path = _write(tmp_path / "vorlage", wert)
    vorlage = load_vorlage(path)
    assert vorlage.sachverhalt[1].nichtoeffentlich is False
    assert vorlage.anlagen[0].geprueft is False
    assert GEHEIM in docx_text(render(vorlage, "docx"))


@pytest.mark.parametrize(("name", "text"), [
    ("vorlage.json", json.dumps({
        **MINIMAL, "sachverhalt": [{"text": "x", "nichtoeffentlich": "ja"}]})),
    ("vorlage.toml", 'art = "Mitteilungsvorlage"\norganisationseinheit = "Hauptamt"\n'
                     'datum = "01.02.2024"\ndrucksachen_nr = "1"\ntitel = "T"\n'
                     '[[beratungsfolge]]\ngremium = "Kreistag"\n'
                     '[[sachverhalt]]\ntext = "x"\nnichtoeffentlich = "Ja"\n'),
])
def test_ja_is_read_from_json_and_toml(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert load_vorlage(path).sachverhalt[0].nichtoeffentlich is True


def test_another_word_is_refused_with_its_line_and_the_allowed_values(tmp_path: Path) -> None:
    path = _write(tmp_path / "vorlage", "vielleicht")
    out = tmp_path / "out"
    for command in (["validate", str(path)], ["render", str(path), "-o", str(out)]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "Input should" not in result.output
        assert f"2 Fehler in {path}" in result.output
        assert ("Zeile 13, sachverhalt[1].nichtoeffentlich: 'vielleicht' muss ja/nein "
                "(true/false) sein") in result.output
        assert "Zeile 17, anlagen[0].geprueft: 'vielleicht' muss ja/nein" in result.output
    assert not out.exists()


def test_a_number_is_no_yes_or_no(minimal: dict[str, Any], tmp_path: Path) -> None:
    minimal["sachverhalt"] = [{"text": "x", "nichtoeffentlich": 1}]
    path = tmp_path / "vorlage.json"
    path.write_text(json.dumps(minimal), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert "sachverhalt[0].nichtoeffentlich: muss ja/nein (true/false) sein" in result.output


def test_the_hausformat_takes_ja_and_nein(tmp_path: Path) -> None:
    layout = tmp_path / "haus.yaml"
    layout.write_text("arten:\n  - name: X\n    beschluss: Ja\naufbau:\n  - betreff\n"
                      "  - beratungsfolge: {kopfzeile: nein}\n  - beschluss\n",
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["hausformat", "check", str(layout)])
    assert result.exit_code == 0, result.output
    vorlage = tmp_path / "vorlage.yaml"
    vorlage.write_text("hausformat: haus.yaml\nart: X\ndatum: 01.02.2024\ndrucksachen_nr: 1\n"
                       "titel: T\nberatungsfolge: [{gremium: Kreistag}]\n"
                       "beschlussvorschlag: Der Kreistag stimmt zu.\nsachverhalt: x\n",
                       encoding="utf-8")
    text = docx_text(render(load_vorlage(vorlage), "docx"))
    assert "Der Kreistag stimmt zu." in text  # beschluss: Ja
    assert "Beratungsfolge" not in text  # kopfzeile: nein, no titles over the columns


def test_a_plugin_block_takes_ja_and_nein(minimal: dict[str, Any], tmp_path: Path) -> None:
    minimal["plugins"] = {"beteiligungen": {"personalrat": "ja", "gleichstellung": "NEIN",
                                            "weitere": {"Schwerbehindertenvertretung": "Ja"}}}
    path = tmp_path / "vorlage.json"
    path.write_text(json.dumps(minimal), encoding="utf-8")
    vorlage = load_vorlage(path)
    block = vorlage.plugins["beteiligungen"]
    assert (block.personalrat, block.gleichstellung) == (True, False)
    assert block.weitere == {"Schwerbehindertenvertretung": True}
    minimal["plugins"] = {"finanzformular": {"folgekosten": "nein",
                                             "mittel_verfuegbar": "vielleicht"}}
    path.write_text(json.dumps(minimal), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert ("plugins.finanzformular.mittel_verfuegbar: 'vielleicht' muss ja/nein "
            "(true/false) sein") in result.output


def test_the_type_is_part_of_the_plugin_api() -> None:
    from pydantic import BaseModel

    class Block(BaseModel):
        tabelle: JaOderNein = True

    assert Block.model_validate({"tabelle": "Nein"}).tabelle is False
    assert Block.model_json_schema()["properties"]["tabelle"]["anyOf"][0] == {
        "type": "boolean"}


def test_the_schema_allows_ja_and_nein_and_nothing_else() -> None:
    schema = json.loads((ROOT / "schemas" / "standard.json").read_text(encoding="utf-8"))
    data: dict[str, Any] = {
        **MINIMAL, "sachverhalt": [{"text": "x", "nichtoeffentlich": "ja"}],
        "anlagen": [{"titel": "A", "nichtoeffentlich": "Nein", "geprueft": True}],
        "plugins": {"beteiligungen": {"personalrat": "JA"}}}
    validator = Draft202012Validator(schema)
    assert [error.message for error in validator.iter_errors(data)] == []
    data["anlagen"][0]["geprueft"] = "vielleicht"
    assert [list(error.absolute_path) for error in validator.iter_errors(data)] == [
        ["anlagen", 0, "geprueft"]]


def test_the_form_still_draws_yes_no_fields_as_ja_nein_and_round_trips() -> None:
    form = Form(vorlage_schema(plugin_manager()))
    state = {"sachverhalt": [{"text": "x", "nichtoeffentlich": "true"}],
             "anlagen": [{"titel": "A", "geprueft": "false"}],
             "plugins": {"finanzformular": {"folgekosten": "1.200,00",
                                            "auswirkungen": "true"}}}
    fields = {field.name: field for top in form.fields(state) for field in top.walk()}
    for name in ("sachverhalt[0].nichtoeffentlich", "anlagen[0].geprueft",
                 "plugins.finanzformular.auswirkungen", "plugins.beteiligungen.personalrat"):
        assert fields[name].kind == "yesno", name
        assert fields[name].options == [("true", "ja"), ("false", "nein")]
    assert fields["sachverhalt[0].nichtoeffentlich"].value == "true"
    assert fields["plugins.finanzformular.folgekosten"].kind == "text"  # an amount or yes/no
    data = form.data(state)
    assert data["sachverhalt"][0]["nichtoeffentlich"] is True
    assert data["anlagen"][0]["geprueft"] is False
    assert data["plugins"]["finanzformular"] == {"folgekosten": "1.200,00",
                                                 "auswirkungen": True}
    # a file that says ja keeps it: the select shows it chosen, the form writes it back
    kept = form.data({"sachverhalt": [{"text": "x", "nichtoeffentlich": "ja"}]})
    assert kept["sachverhalt"][0]["nichtoeffentlich"] == "ja"

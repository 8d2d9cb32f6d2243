"""The JSON Schema of a Vorlage file: current, what every example is valid against, and
strict enough that an editor shows a typo, a kind of paper or a role the Hausformat does
not know."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from tests.conftest import EXAMPLE, ROOT
from vorlagen.cli import cli
from vorlagen.hausformate import load_hausformat, shipped_hausformate
from vorlagen.plugins import plugin_manager
from vorlagen.schema import vorlage_schema

SCHEMAS = ROOT / "schemas"
EXAMPLES = sorted((ROOT / "examples").glob("*/vorlage.yaml"))
NAMED = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


@pytest.mark.parametrize("layout", sorted(shipped_hausformate()))
def test_the_committed_schemas_are_current(layout: str) -> None:
    made = vorlage_schema(plugin_manager(), load_hausformat(shipped_hausformate()[layout]), layout)
    committed = json.loads((SCHEMAS / f"{layout}.json").read_text(encoding="utf-8"))
    assert committed == made, "schemas/ is out of date: run make schemas"
    Draft202012Validator.check_schema(committed)


def _as_written(value: Any) -> Any:
    """YAML data as an editor's language server sees it: dates are text."""
    if isinstance(value, dict):
        return {key: _as_written(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_written(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _example(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """An example's data and the schema its first line names."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = NAMED.match(first)
    assert match, f"{path}: the first line names no schema"
    schema = json.loads((path.parent / match.group(1)).read_text(encoding="utf-8"))
    return _as_written(yaml.safe_load(path.read_text(encoding="utf-8"))), schema


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.parent.name)
def test_every_example_is_valid_against_the_schema_it_names(path: Path) -> None:
    data, schema = _example(path)
    errors = [f"{list(error.absolute_path)}: {error.message}"
              for error in Draft202012Validator(schema).iter_errors(data)]
    assert errors == []


def _errors(data: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    return [f"{'.'.join(map(str, error.absolute_path))}: {error.message}"
            for error in Draft202012Validator(schema).iter_errors(data)]


def test_the_schema_shows_what_vorlagen_would_refuse() -> None:
    data, schema = _example(EXAMPLES[[p.parent.name for p in EXAMPLES].index(
        "nordstemmen-ds-99-2025")])
    assert _errors(data, schema) == []
    typo = copy.deepcopy(data)
    typo["titl"] = typo.pop("titel")
    assert any("'titel' is a required property" in e for e in _errors(typo, schema))
    assert any("'titl' was unexpected" in e for e in _errors(typo, schema))
    wrong = copy.deepcopy(data)
    wrong["art"] = "Mitteilungsvorlage der Verwaltung"  # Hamburg's, not Nordstemmen's
    wrong["datum"] = "2025-13-45x"
    wrong["beratungsfolge"][0]["rolle"] = "Vorberatung"
    wrong["plugins"]["beteiligungen"]["personalratt"] = True
    found = _errors(wrong, schema)
    assert any(e.startswith("art: ") for e in found)
    assert any(e.startswith("datum: ") for e in found)
    assert any(e.startswith("beratungsfolge.0.rolle: ") for e in found)
    assert any(e.startswith("plugins.beteiligungen: ") and "personalratt" in e
               for e in found)
    text = copy.deepcopy(data)
    text["sachverhalt"] = "Ein Text ohne Abschnitte."
    assert _errors(text, schema) == []
    text["beteiligungen"] = "Ordnungsamt"  # a field Nordstemmen's Hausformat does not print
    assert _errors(text, schema) == [
        ": Additional properties are not allowed ('beteiligungen' was unexpected)"]
    standard = json.loads((SCHEMAS / "standard.json").read_text(encoding="utf-8"))
    single = {"art": "Mitteilungsvorlage", "datum": "04.04.2018", "drucksachen_nr": "1",
              "titel": "T", "sachverhalt": "Ein Text.", "beteiligungen": "Ordnungsamt"}
    assert _errors(single, standard) == []


def test_the_command_prints_or_writes_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"massnahmen", "verteiler", "finanzformular"} <= set(
        printed["properties"]["plugins"]["properties"])
    assert printed["properties"]["titel"]["description"] == "Der Betreff der Vorlage"
    target = tmp_path / "vorlage.schema.json"
    result = CliRunner().invoke(cli, ["schema", "--hausformat", "landau", "-o", str(target)])
    assert result.exit_code == 0, result.output
    written = json.loads(target.read_text(encoding="utf-8"))
    arten = load_hausformat(shipped_hausformate()["landau"]).arten
    assert written["properties"]["art"]["enum"][:len(arten)] == [
        name for art in arten for name in (art.name, *art.auch)][:len(arten)]
    assert written != printed
    data, _ = _example(EXAMPLE)
    assert _errors(data, printed) == []


def test_without_layout_the_nearest_hausformat_applies(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """As new, validate and render: the hausformat.yaml of the folder the schema is
    written to, or of the current folder without -o, else standard."""
    amt = tmp_path / "amt"
    (amt / "2025-031").mkdir(parents=True)
    (amt / "hausformat.yaml").write_text("basis: nordstemmen\n", encoding="utf-8")
    nordstemmen = [name for art in load_hausformat(shipped_hausformate()["nordstemmen"]).arten
                   for name in (art.name, *art.auch)]
    target = amt / "2025-031" / "vorlage.schema.json"
    result = CliRunner().invoke(cli, ["schema", "-o", str(target)])
    assert result.exit_code == 0, result.output
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["properties"]["art"]["enum"] == nordstemmen
    monkeypatch.chdir(amt)
    result = CliRunner().invoke(cli, ["schema"])
    assert json.loads(result.output)["properties"]["art"]["enum"] == nordstemmen
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["schema"])
    assert json.loads(result.output)["properties"]["art"]["enum"] != nordstemmen
    assert "Mitteilungsvorlage" in json.loads(result.output)["properties"]["art"]["enum"]

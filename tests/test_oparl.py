"""OParl 1.1: the exported Paper is valid against the specification's JSON schemas
(tests/data/oparl, see its README) and its field rules, an import copes with what real
endpoints publish, and export → import → export keeps what the Vorlage holds."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from tests.conftest import EXAMPLE, ROOT
from vorlagen import load_vorlage
from vorlagen.cli import cli
from vorlagen.errors import InputError
from vorlagen.hausformate import load_hausformat, shipped_layouts
from vorlagen.oparl import paper, vorlage_text

SCHEMAS = Path(__file__).parent / "data" / "oparl"
EXAMPLES = sorted((ROOT / "examples").glob("*/vorlage.yaml"))
BASE = "https://ris.example.de/oparl"
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")


def _with_refs(value: Any) -> Any:
    """The specification's ``"schema": "File.json"`` (embedded objects) as a ``$ref``."""
    if isinstance(value, dict):
        changed = {key: _with_refs(item) for key, item in value.items() if key != "schema"}
        if isinstance(value.get("schema"), str):
            changed["$ref"] = value["schema"]
        return changed
    if isinstance(value, list):
        return [_with_refs(item) for item in value]
    return value


def _validator(name: str) -> Draft202012Validator:
    resources = {path.name: Resource.from_contents(
        {"$schema": "https://json-schema.org/draft/2020-12/schema",
         **_with_refs(json.loads(path.read_text(encoding="utf-8")))})
        for path in SCHEMAS.glob("*.json")}
    registry: Registry[Any] = Registry().with_resources(resources.items())
    return Draft202012Validator(resources[name].contents, registry=registry,
                                format_checker=FormatChecker())


def _objects(found: dict[str, Any]) -> list[dict[str, Any]]:
    """The Paper and every object embedded in it."""
    files = ([found["mainFile"]] if "mainFile" in found else []) + found.get(
        "auxiliaryFile", [])
    return [found, *found.get("consultation", []), *files]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("oparl")
    result = CliRunner().invoke(cli, ["export", "oparl", str(EXAMPLE), "--base-url", BASE,
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, json.loads((out / "2018-077.oparl.json").read_text(encoding="utf-8"))


def test_the_export_is_valid_oparl(exported: tuple[Path, dict[str, Any]]) -> None:
    out, found = exported
    errors = [f"{list(e.absolute_path)}: {e.message}"
              for e in _validator("Paper.json").iter_errors(found)]
    assert errors == []
    assert found["type"] == "https://schema.oparl.org/1.1/Paper"
    assert (found["name"], found["reference"], found["date"], found["paperType"]) == (
        "Integrationskonzept; Sachstandsbericht", "2018/077", "2018-04-04",
        "Mitteilungsvorlage")
    for item in _objects(found):  # the specification's field rules
        assert item["id"].startswith(BASE + "/")
        assert DATE_TIME.match(item["created"]) and DATE_TIME.match(item["modified"])
        assert item["created"] <= item["modified"]
    consultations = found["consultation"]
    assert [c["organization"] for c in consultations] == [
        [f"{BASE}/organization/Sozialausschuss"], [f"{BASE}/organization/Kreistag"]]
    assert all(c["paper"] == found["id"] for c in consultations)
    assert consultations[0]["meeting"].endswith("/Sozialausschuss/2018-04-16")
    files = [found["mainFile"], *found["auxiliaryFile"]]
    assert sorted(f["fileName"] for f in files) == sorted(p.name for p in out.iterdir()
                                                          if not p.name.endswith(".json"))
    for file in files:  # size and checksum of the bytes as written
        data = (out / file["fileName"]).read_bytes()
        assert file["size"] == len(data)
        assert file["sha512Checksum"] == hashlib.sha512(data).hexdigest()
        assert file["accessUrl"].startswith(BASE)
    assert found["mainFile"]["fileName"] == "2018-077.docx"
    assert "Anlage 2: Gesamtübersicht Maßnahmen Integrationskonzept" in [
        f["name"] for f in files]


def _without_files(found: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in found.items()
            if key not in ("mainFile", "auxiliaryFile")}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.parent.name)
def test_export_import_export_keeps_what_the_vorlage_holds(example: Path,
                                                           tmp_path: Path) -> None:
    vorlage = load_vorlage(example)
    first = paper(vorlage, [], BASE)
    assert list(_validator("Paper.json").iter_errors(first)) == []
    layout = load_hausformat(shipped_layouts()[vorlage.layout or "standard"])
    text, _ = vorlage_text(json.loads(json.dumps(first)), "paper.json", vorlage.layout, layout)
    path = tmp_path / "vorlage.yaml"
    path.write_text(text, encoding="utf-8")
    again = paper(load_vorlage(path), [], BASE)
    assert again == first


def test_an_import_copes_with_what_endpoints_publish(tmp_path: Path) -> None:
    """No mainFile (the paper itself among the auxiliaryFiles), Consultations as URLs."""
    found = paper(load_vorlage(EXAMPLE), [("2018-077.pdf", b"%PDF-1.7"),
                                          ("2018-077_Anlage_1.pdf", b"%PDF-1.7")], BASE)
    found["auxiliaryFile"] = [found.pop("mainFile"), *found["auxiliaryFile"]]
    found["consultation"] = [found["consultation"][0],
                             f"{BASE}/consultation/4711"]  # only a URL
    source = tmp_path / "paper.json"
    source.write_text(json.dumps(found), encoding="utf-8")
    target = tmp_path / "vorlage.yaml"
    result = CliRunner().invoke(cli, ["import", "oparl", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert (f"Beratung 2 nur als URL angegeben ({BASE}/consultation/4711), bitte eintragen"
            in result.output)
    text = target.read_text(encoding="utf-8")
    assert (f"\n- gremium:  # Beratung im RIS nur verlinkt: {BASE}/consultation/4711 "
            in text)
    assert "Datei nicht übernommen (die Vorlage selbst): Mitteilungsvorlage 2018/077" in text
    result = CliRunner().invoke(cli, ["validate", str(target)])
    assert result.exit_code == 2
    assert "beratungsfolge[1].gremium: darf nicht leer sein" in result.output
    target.write_text(text.replace("- gremium:  #", "- gremium: Kreistag  #"), "utf-8")
    vorlage = load_vorlage(target)
    assert [b.gremium for b in vorlage.beratungsfolge] == ["Sozialausschuss", "Kreistag"]
    assert [(a.nummer, a.titel) for a in vorlage.anlagen] == [
        (1, "Jahresplanung 2018/19 Referat Integration")]
    assert vorlage.titel == "Integrationskonzept; Sachstandsbericht"
    result = CliRunner().invoke(cli, ["validate", str(target)])
    assert result.exit_code == 0, result.output
    again = CliRunner().invoke(cli, ["import", "oparl", str(source), "-o", str(target)])
    assert again.exit_code == 2 and "gibt es schon" in again.output


def test_what_is_no_paper_or_no_base_url_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "meeting.json"
    source.write_text(json.dumps({"type": "https://schema.oparl.org/1.1/Meeting"}), "utf-8")
    result = CliRunner().invoke(cli, ["import", "oparl", str(source), "-o",
                                      str(tmp_path / "v.yaml")])
    assert result.exit_code == 2 and "kein OParl-1.1-Paper" in result.output
    broken = copy.deepcopy(paper(load_vorlage(EXAMPLE), [], BASE))
    del broken["reference"]
    with pytest.raises(InputError, match="reference: fehlt"):
        vorlage_text(broken)
    result = CliRunner().invoke(cli, ["export", "oparl", str(EXAMPLE), "--base-url",
                                      "ris.example.de", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "ist keine http(s)-URL" in result.output

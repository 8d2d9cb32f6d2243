"""OParl 1.1: the exported Paper is valid against the specification's JSON schemas
(tests/data/oparl, see its README) and its field rules, an import copes with what real
endpoints publish, and export → import → export keeps what the Vorlage holds."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from tests.conftest import EXAMPLE, ROOT
from vorlagen import load_vorlage
from vorlagen.cli import cli
from vorlagen.errors import InputError
from vorlagen.hausformate import load_hausformat, shipped_hausformate
from vorlagen.oparl import SCHEMA, check_public, paper, vorlage_text
from vorlagen.templating import TextRenderer, literal

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
    layout = load_hausformat(shipped_hausformate()[vorlage.layout or "standard"])
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


KARLSRUHE = Path(__file__).parent / "data" / "karlsruhe-2025-1049.oparl.json"
"""A Paper shaped as the endpoint of Stadt Karlsruhe publishes 2025/1049: opaque URLs
whose last part is a number (an Organization's, a Meeting's, an AgendaItem's id), file
names "Anlage 1 - Titel", the paper itself again and minutes of later meetings among the
auxiliaryFiles. Its texts are made up."""
KA = "https://sitzungsdienst-karlsruhe.de/oparl/bodies/0001"


def _import(tmp_path: Path, found: dict[str, Any], *options: str) -> tuple[Path, str]:
    source = tmp_path / "paper.json"
    source.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "vorlage.yaml"
    result = CliRunner().invoke(cli, ["import", "oparl", str(source), "-o", str(target),
                                      *options])
    assert result.exit_code == 0, result.output
    return target, result.output


def _values(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [text for value in data.values() for text in _values(value)]
    if isinstance(data, list):
        return [text for value in data for text in _values(value)]
    return [] if data is None else [str(data)]


def test_what_a_paper_only_references_is_left_empty_with_its_url(tmp_path: Path) -> None:
    found = json.loads(KARLSRUHE.read_text(encoding="utf-8"))
    target, output = _import(tmp_path, found)
    text = target.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    # never an id in a name's place
    assert not [value for value in _values(data)
                if re.search(r"\b(882974|28964|28950|98394|98117|7321|7310)\b", value)]
    assert data["organisationseinheit"] is None
    assert (f"organisationseinheit:  # im RIS nur verlinkt: {KA}/organizations/at/882974 "
            in text)
    assert [(b["gremium"], b["sitzungstermine"], b["top"], b["rolle"])
            for b in data["beratungsfolge"]] == [
        (None, [], None, "Entscheidung"), (None, [], None, "Vorberatung")]  # file order
    for url in (f"{KA}/organizations/gr/28964", f"{KA}/meetings/7321",
                f"{KA}/agendaitems/98394"):
        assert re.search(rf"^\s*(- )?\w+:( \[\])?  # .*{re.escape(url)}", text, re.MULTILINE)
    assert "beratungsfolge: in der Reihenfolge des RIS" in output
    assert "Beratung 1: Gremium, Sitzungstermin, TOP im RIS nur verlinkt" in output
    # every auxiliaryFile an Anlage, but the paper itself and the minutes
    assert [(a["nummer"], a["titel"]) for a in data["anlagen"]] == [
        (1, "Lageplan Rintheimer Querallee"), (2, "Kostenberechnung"),
        (3, "Stellungnahme des Ortschaftsrats"), (4, "Stellungnahme des Behindertenbeirats")]
    assert ("anlagen:\n- nummer: 1\n  titel: Lageplan Rintheimer Querallee\n  datei:  # im "
            "RIS: https://sitzungsdienst-karlsruhe.de/getfile.asp?id=1263311&type=do\n") in text
    assert ("Datei nicht übernommen (Niederschrift einer Sitzung): Auszug aus der "
            "Niederschrift Planungsausschuss 09.10.2025") in output
    assert "(Niederschrift einer Sitzung): Protokoll Gemeinderat 21.10.2025" in output
    assert output.count("getfile.asp?id=1263310") == 1  # the mainFile, listed again: once
    # validate says what to fill in, field by field; filled in, the Vorlage is valid
    result = CliRunner().invoke(cli, ["validate", str(target)])
    assert result.exit_code == 2
    assert "beratungsfolge[0].gremium: darf nicht leer sein" in result.output
    assert "beratungsfolge[1].gremium: darf nicht leer sein" in result.output
    text = text.replace("- gremium:  #", "- gremium: Gemeinderat  #", 1)
    text = text.replace("- gremium:  #", "- gremium: Planungsausschuss  #", 1)
    target.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(target)])
    assert result.exit_code == 2
    assert "organisationseinheit: Pflichtfeld fehlt" in result.output
    target.write_text(text.replace("organisationseinheit:  #",
                                   "organisationseinheit: Tiefbauamt  #"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(target)])
    assert result.exit_code == 0, result.output


def test_what_a_paper_embeds_gives_names_days_and_numbers(tmp_path: Path) -> None:
    found = json.loads(KARLSRUHE.read_text(encoding="utf-8"))
    found["underDirectionOf"] = [{"id": f"{KA}/organizations/at/882974",
                                  "type": f"{SCHEMA}Organization", "name": "Tiefbauamt"}]
    embedded = {
        "28964": ("Gemeinderat", "7321", "Sitzung des Gemeinderats", "2025-10-21T15:30:00+02:00",
                  "3"),
        "28950": ("Planungsausschuss", "7310", "Sitzung des Planungsausschusses",
                  "2025-10-09T16:00:00+02:00", "5.1")}
    for consultation in found["consultation"]:
        organization = consultation["organization"][0]
        name, meeting, title, start, number = embedded[organization.rsplit("/", 1)[1]]
        consultation["organization"] = [{"id": organization, "name": name}]
        consultation["meeting"] = {"id": f"{KA}/meetings/{meeting}", "name": title,
                                   "start": start}
        consultation["agendaItem"] = {"id": consultation["agendaItem"], "number": number,
                                      "public": name == "Gemeinderat"}
    target, output = _import(tmp_path, found)
    vorlage = load_vorlage(target)
    assert vorlage.organisationseinheit == "Tiefbauamt"
    assert [(b.gremium, b.sitzungstermine, b.top, b.sitzung) for b in vorlage.beratungsfolge
            ] == [  # by meeting day, not in the order of the file
        ("Planungsausschuss", [date(2025, 10, 9)], "5.1", "Sitzung des Planungsausschusses"),
        ("Gemeinderat", [date(2025, 10, 21)], "3", "Sitzung des Gemeinderats")]
    assert [b.sitzungsart for b in vorlage.beratungsfolge] == ["nichtöffentlich", "öffentlich"]
    assert "beratungsfolge: nach Sitzungstermin geordnet" in output
    assert "im RIS nur verlinkt" not in target.read_text(encoding="utf-8")


def _paper_with_files(*names: str) -> dict[str, Any]:
    return {"id": f"{KA}/papers/vo/1", "type": f"{SCHEMA}Paper", "name": "Betreff",
            "reference": "2025/1049", "date": "2025-09-23", "paperType": "Beschlussvorlage",
            "mainFile": {"id": f"{KA}/files/1", "name": "Vorlage",
                         "accessUrl": f"{KA}/files/1/download"},
            "auxiliaryFile": [{"id": f"{KA}/files/{index}", "name": name,
                               "accessUrl": f"{KA}/files/{index}/download"}
                              for index, name in enumerate(names, 2)]}


@pytest.mark.parametrize(("name", "anlage"), [
    ("Anlage 1: Lageplan", (1, "Lageplan")),
    ("Anlage 1 - Lageplan", (1, "Lageplan")),
    ("Anlage 1 – Lageplan", (1, "Lageplan")),
    ("Anlage 1 Lageplan", (1, "Lageplan")),
    ("Anlage 01. Lageplan", (1, "Lageplan")),
    ("anlage 12:Lageplan", (12, "Lageplan")),
    ("Anlage 1a Lageplan", (1, "Anlage 1a Lageplan")),  # no number of its own: after
    ("Anlage 1.2 Lageplan", (1, "Anlage 1.2 Lageplan")),
    ("Anlage " + "9" * 5000 + ": Plan", (1, "Anlage " + "9" * 5000 + ": Plan")),  # no number
    ("Lageplan", (1, "Lageplan")),
    ("Stellungnahme zur Vorlage 2025/1049", (1, "Stellungnahme zur Vorlage 2025/1049")),
    ("Anlage 2: Protokoll der Bürgerversammlung", (2, "Protokoll der Bürgerversammlung")),
    ("Vorlage 2025/1049", None),  # the paper itself
    ("Beschlussvorlage 2025/1049", None),
    ("Vorlage Nr. 2025/1049", None),
    ("Niederschrift Gemeinderat 21.10.2025", None),  # minutes of a meeting
    ("Protokollauszug Gemeinderat", None),
    ("Sitzungsprotokoll", None),
    ("Auszug aus der Niederschrift", None),
    ("Auszug aus dem Protokoll des Planungsausschusses", None),
])
def test_which_files_become_anlagen(name: str, anlage: tuple[int, str] | None) -> None:
    text, notes = vorlage_text(_paper_with_files(name))
    anlagen = yaml.safe_load(text).get("anlagen", [])
    assert [(a["nummer"], a["titel"]) for a in anlagen] == ([anlage] if anlage else [])
    if anlage is None:
        assert any(note.startswith("Datei nicht übernommen") and name in note
                   for note in notes)


def test_anlagen_keep_their_numbers_and_the_rest_follow() -> None:
    text, _ = vorlage_text(_paper_with_files(
        "Stellungnahme", "Anlage 2: Plan", "Anlage 2: Plan", "Anlage 1: Kosten",
        "Anlage 2: Anderes", "Vorlage"))
    assert [(a["nummer"], a["titel"]) for a in yaml.safe_load(text)["anlagen"]] == [
        (1, "Kosten"), (2, "Plan"), (3, "Stellungnahme"), (4, "Anlage 2: Anderes")]


@pytest.mark.parametrize("name", ["Ergebnis {{ 7*7 }}", "a {{ b", "{% if x %}",
                                  "x {% endraw %} {{ y", "{# kein Kommentar"])
def test_imported_text_prints_literally(name: str, tmp_path: Path) -> None:
    found = json.loads(KARLSRUHE.read_text(encoding="utf-8"))
    found["name"] = name
    found["underDirectionOf"] = [{"name": "Tiefbauamt"}]
    for consultation in found["consultation"]:
        consultation["organization"] = [{"name": "Gemeinderat"}]
    target, _ = _import(tmp_path, found)
    result = CliRunner().invoke(cli, ["render", str(target), "-f", "docx", "-o",
                                      str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "out" / "2025-1049.docx"))
    assert name in [paragraph.text for paragraph in document.paragraphs]
    assert document.core_properties.title == name
    exported = CliRunner().invoke(cli, ["export", "oparl", str(target), "--base-url", BASE,
                                        "-f", "docx", "-o", str(tmp_path / "oparl")])
    assert exported.exit_code == 0, exported.output
    again = json.loads((tmp_path / "oparl" / "2025-1049.oparl.json").read_text("utf-8"))
    assert again["name"] == name


@given(st.text(alphabet="{}%#-+ aendrw\n", max_size=40))
def test_literal_text_renders_as_itself(text: str) -> None:
    assert TextRenderer({}).plain(literal(text)) == text


def _geheim_vorlage(tmp_path: Path) -> Path:
    (tmp_path / "gutachten.txt").write_text("Gutachten", encoding="utf-8")
    path = tmp_path / "vorlage.yaml"
    path.write_text("""\
art: Mitteilungsvorlage
organisationseinheit: Liegenschaftsamt
datum: 02.12.2026
drucksachen_nr: 2026/311
beratungsfolge:
  - gremium: Bauausschuss
titel: Verkauf des Grundstücks Hauptstraße 5
sachverhalt:
  - text: Die Stadt verkauft das Grundstück.
  - ueberschrift: Kaufpreis
    text: Der Käufer zahlt 412.000 Euro.
    nichtoeffentlich: true
anlagen:
  - titel: Lageplan
  - titel: Wertgutachten Hauptstraße 5
    datei: gutachten.txt
    nichtoeffentlich: true
""", encoding="utf-8")
    return path


@pytest.mark.parametrize("oeffentlich", [False, True])
def test_export_oeffentlich_describes_the_version_for_publication(
        oeffentlich: bool, tmp_path: Path) -> None:
    source = _geheim_vorlage(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", "oparl", str(source), "--base-url", BASE,
                                      "-f", "docx", "-o", str(out),
                                      *(["--oeffentlich"] if oeffentlich else [])])
    assert result.exit_code == 0, result.output
    stem = "2026-311_oeffentlich" if oeffentlich else "2026-311"
    found = json.loads((out / f"{stem}.oparl.json").read_text(encoding="utf-8"))
    assert list(_validator("Paper.json").iter_errors(found)) == []
    files = [found["mainFile"], *found.get("auxiliaryFile", [])]
    assert found["mainFile"]["fileName"] == f"{stem}.docx"
    assert sorted(f["fileName"] for f in files) == sorted(
        p.name for p in out.iterdir() if not p.name.endswith(".json"))
    texts = " ".join(paragraph.text for paragraph in docx.Document(
        str(out / f"{stem}.docx")).paragraphs)
    names = [f["name"] for f in files]
    if oeffentlich:
        assert "412.000" not in texts and "Wertgutachten" not in texts
        assert "Wertgutachten" not in json.dumps(found, ensure_ascii=False)
        assert names == ["Mitteilungsvorlage 2026/311"]
    else:
        assert "412.000" in texts and "Wertgutachten" in texts
        assert "Anlage 2: Wertgutachten Hauptstraße 5" in names


def test_a_paper_for_publication_holds_no_nichtoeffentliche_text() -> None:
    """Where the Paper says more than the document (the leading office of a Hausformat
    that does not print it), the Paper is searched too, names in URLs as they read."""
    vorlage = load_vorlage(EXAMPLE)
    found = paper(vorlage, [], BASE, titel="Integrationskonzept")
    found["underDirectionOf"] = [f"{BASE}/organization/Stabsstelle%20Gehei%C2%ADmes"]
    with pytest.raises(InputError, match=r"'Stabsstelle Geheimes' .* stünde im OParl-Paper"):
        check_public(found, {"Stabsstelle Geheimes": "test"}, "vorlage.yaml")
    check_public(found, {"Kreistag Nord": "test"}, "vorlage.yaml")


def test_a_url_shaped_like_an_export_with_a_number_is_still_an_id() -> None:
    """An endpoint whose Paper ids end in the Drucksachen-Nr. (``…/paper/1049``) and whose
    Organizations are ``…/organization/28964``: the number is no Gremium's name."""
    found = {"id": f"{BASE}/paper/1049", "type": f"{SCHEMA}Paper", "name": "Betreff",
             "reference": "1049", "date": "2025-09-23",
             "underDirectionOf": [f"{BASE}/organization/882974"],
             "consultation": [{"organization": [f"{BASE}/organization/28964"]}]}
    data = yaml.safe_load(vorlage_text(found)[0])
    assert data["organisationseinheit"] is None
    assert data["beratungsfolge"] == [{"gremium": None}]


def test_a_literal_title_prints_literally_in_the_hausformat_s_texts_too(
        tmp_path: Path) -> None:
    """A Hausformat's text that names ``{{ titel }}`` gets the title as printed, not the
    ``{% raw %}`` an import wrote around it."""
    standard = shipped_hausformate()["standard"].read_text(encoding="utf-8")
    (tmp_path / "mein.yaml").write_text(standard.replace(
        "\n  - art\n", '\n  - art\n  - text:\n      text: "Betreff: {{ titel }}"\n', 1),
        encoding="utf-8")
    (tmp_path / "vorlage.yaml").write_text(yaml.safe_dump({
        "hausformat": "mein.yaml", "art": "Mitteilungsvorlage", "organisationseinheit": "Amt",
        "datum": "02.12.2026", "drucksachen_nr": "2026/1",
        "beratungsfolge": [{"gremium": "Rat"}], "titel": literal("Ergebnis {{ 7*7 }}"),
        "sachverhalt": "Text"}, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(tmp_path / "vorlage.yaml"), "-f", "docx"])
    assert result.exit_code == 0, result.output
    texts = [p.text for p in docx.Document(str(tmp_path / "2026-1.docx")).paragraphs]
    assert "Betreff: Ergebnis {{ 7*7 }}" in texts


def test_line_breaks_in_a_paper_stay_inside_comments_and_values() -> None:
    """Names and URLs from the RIS are written into comments: a line break in them must
    not start a line of YAML of its own."""
    found = _paper_with_files("Protokoll\neingeschleust: 1", "Plan\neingeschleust: 2")
    found["mainFile"]["accessUrl"] += "\neingeschleust: 3"
    found["underDirectionOf"] = [f"{KA}/organizations/at/1\neingeschleust: 4"]
    found["consultation"] = [f"{KA}/consultations/1\r\neingeschleust: 5"]
    text, _ = vorlage_text(found)
    data = yaml.safe_load(text)
    assert "eingeschleust" not in data
    assert [a["titel"] for a in data["anlagen"]] == ["Plan eingeschleust: 2"]


@pytest.mark.parametrize("field,count,shown", [
    ("consultation", 100_000, "consultation: 100.000 Beratungen; ein Paper hat höchstens 1.000"),
    ("auxiliaryFile", 1_001, "auxiliaryFile: 1.001 Dateien; ein Paper hat höchstens 1.000"),
], ids=["100000-consultations", "1001-files"])
def test_a_paper_with_too_many_consultations_or_files_is_refused(
        tmp_path: Path, field: str, count: int, shown: str) -> None:
    found = {"type": SCHEMA + "Paper", "name": "Ein Paper", "reference": "2025/1",
             "date": "2025-03-01",
             field: [{"id": f"{KA}/x/{index}", "name": f"Anlage {index}"}
                     for index in range(count)]}
    source = tmp_path / "paper.json"
    source.write_text(json.dumps(found), encoding="utf-8")
    target = tmp_path / "vorlage.yaml"
    result = CliRunner().invoke(cli, ["import", "oparl", str(source), "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert f"paper.json: {shown}" in result.output
    assert not target.exists() and "Traceback" not in result.output


def test_a_paper_with_a_thousand_consultations_is_imported(tmp_path: Path) -> None:
    found = {"type": SCHEMA + "Paper", "name": "Ein Paper", "reference": "2025/1",
             "date": "2025-03-01",
             "consultation": [f"{KA}/consultations/{index}" for index in range(1_000)]}
    target, _ = _import(tmp_path, found)
    assert len(yaml.safe_load(target.read_text(encoding="utf-8"))["beratungsfolge"]) == 1_000


def test_a_number_of_a_hundred_thousand_digits_is_named_with_its_line(tmp_path: Path) -> None:
    source = tmp_path / "paper.json"
    digits = "9" * 100_000
    source.write_text(f'{{"type": "{SCHEMA}Paper",\n"name": "x",\n"reference": {digits}}}',
                      encoding="utf-8")
    target = tmp_path / "vorlage.yaml"
    result = CliRunner().invoke(cli, ["import", "oparl", str(source), "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert "paper.json: Zeile 3: kein gültiges JSON: eine Zahl mit mehr als 4300 Ziffern" \
        in result.output
    assert not target.exists() and "Traceback" not in result.output


@pytest.mark.parametrize("url", ["https://ris.example.de/oparl\nX-Injected: 1",
                                 "https://ris.example.de/\roparl", "https://ris.ex\tample.de",
                                 "https://ris.example.de/o\x00parl", "ftp://ris.example.de/oparl",
                                 "javascript://ris.example.de/%0Aalert(1)"])
def test_a_base_url_with_a_line_break_or_control_character_is_refused(
        tmp_path: Path, url: str) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", "oparl", str(EXAMPLE), "--base-url", url,
                                      "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "Steuerzeichen" in result.output or "ist keine http(s)-URL" in result.output
    assert "Traceback" not in result.output and not out.exists()


@pytest.mark.parametrize(("url", "said"), [
    ("http://[::1", "der Rechnername oder der Port ist fehlerhaft"),
    ("https://[zz]/o", "der Rechnername oder der Port ist fehlerhaft"),
    ("https://x:abc/o", "der Rechnername oder der Port ist fehlerhaft"),
    ("https://[::1]:99999/o", "der Rechnername oder der Port ist fehlerhaft"),
    ('https://ris.example.de/"<b>', "enthält ein Zeichen, das in keiner URL steht"),
])
def test_a_base_url_with_a_broken_host_port_or_character_is_refused(
        tmp_path: Path, url: str, said: str) -> None:
    """What ``urlsplit`` refuses (an IPv6 host left open, a port of letters) is a German
    input error, not a traceback; a quote or an angle bracket would be written into
    every id unencoded."""
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", "oparl", str(EXAMPLE), "--base-url", url,
                                      "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert "Traceback" not in result.output and not out.exists()
def _huertgenwald() -> dict[str, Any]:
    from tests.ris_huertgenwald import PAPER

    found: dict[str, Any] = json.loads(PAPER.read_text(encoding="utf-8"))
    return found


def _import_into(folder: Path, found: dict[str, Any], *options: str) -> tuple[int, Path, str]:
    source = folder / "paper.json"
    source.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
    target = folder / "2021-093" / "vorlage.yaml"
    result = CliRunner().invoke(cli, ["import", "oparl", str(source), "-o", str(target),
                                      *options])
    return result.exit_code, target, result.output


def test_an_import_takes_names_days_and_tops_from_the_ris_data(tmp_path: Path) -> None:
    from tests.ris_huertgenwald import HFA, P, write_ris

    write_ris(tmp_path)  # above the folder the Vorlage goes to
    found = _huertgenwald()  # Hürtgenwald's Paper 93/2021 (OParl 1.0): URLs only
    code, target, output = _import_into(tmp_path, found)
    assert code == 0, output
    text = target.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["organisationseinheit"] == "Abteilung 3"  # underDirectionOf 3-187
    assert data["beratungsfolge"] == [
        {"gremium": "Ausschuss für Gemeindeentwicklung und Nachhaltigkeit",
         "sitzungstermine": ["24.06.2021"], "top": "5."},  # the number, not its id 9910
        {"gremium": "Gemeinderat", "sitzungstermine": ["01.07.2021"], "top": "7.5"}]
    # never an id in a name's place, no URL left to look up
    assert not [value for value in _values(data)
                if re.search(r"\b(1-17|1-8|3-187|2507|2524|9910|9889)\b", value)]
    assert "im RIS nur verlinkt" not in text
    assert f"Namen, Sitzungstermine und TOPs aus den RIS-Daten: Gemeinde Hürtgenwald ({P})" \
        in output
    # and validate, which checks the same RIS data, finds nothing to say
    result = CliRunner().invoke(cli, ["validate", str(target)])
    assert result.exit_code == 0 and "Hinweis" not in result.output, result.output
    # by meeting day, whatever the order of the file; a Gremium it does not know: its URL
    found["consultation"].reverse()
    found["consultation"][1]["organization"] = [f"{P}/organization/1-99"]
    target.unlink()
    code, target, output = _import_into(tmp_path, found)
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert [(b["gremium"], b["sitzungstermine"]) for b in data["beratungsfolge"]] == [
        (None, ["24.06.2021"]), ("Gemeinderat", ["01.07.2021"])]
    assert f"- gremium:  # im RIS nur verlinkt: {P}/organization/1-99 – bitte eintragen" \
        in target.read_text(encoding="utf-8")
    assert "beratungsfolge: nach Sitzungstermin geordnet" in output
    assert HFA not in target.read_text(encoding="utf-8")


def test_what_the_ris_data_does_not_know_stays_empty_with_its_url(tmp_path: Path) -> None:
    from tests.ris_huertgenwald import HUERTGENWALD, MEETING_GR_5, TOP_GR

    ris = HUERTGENWALD.model_copy(update={"sitzungen": tuple(
        sitzung for sitzung in HUERTGENWALD.sitzungen if sitzung.id != MEETING_GR_5)})
    text, notes = vorlage_text(_huertgenwald(), ris=ris)
    data = yaml.safe_load(text)
    assert data["beratungsfolge"][1] == {"gremium": "Gemeinderat", "sitzungstermine": [],
                                         "top": None}
    assert f"sitzungstermine: []  # Sitzung im RIS nur verlinkt: {MEETING_GR_5}" in text
    assert f"top:  # TOP im RIS nur verlinkt: {TOP_GR}" in text
    assert "Beratung 2: Sitzungstermin, TOP im RIS nur verlinkt, bitte eintragen" in notes
    assert "beratungsfolge: in der Reihenfolge des RIS (Sitzungstermine nicht alle " \
           "bekannt), bitte prüfen" in notes


def test_a_consultation_found_on_an_agenda_gets_its_meeting_and_top() -> None:
    from tests.ris_huertgenwald import HUERTGENWALD

    found = _huertgenwald()
    for consultation in found["consultation"]:  # as SD.NET sometimes publishes it
        del consultation["meeting"], consultation["agendaItem"], consultation["organization"]
    data = yaml.safe_load(vorlage_text(found, ris=HUERTGENWALD)[0])
    assert [(b["gremium"], b["sitzungstermine"], b["top"]) for b in data["beratungsfolge"]] \
        == [("Ausschuss für Gemeindeentwicklung und Nachhaltigkeit", ["24.06.2021"], "5."),
            ("Gemeinderat", ["01.07.2021"], "7.5")]


def test_the_meeting_s_name_where_the_hausformat_prints_it() -> None:
    from tests.ris_huertgenwald import HUERTGENWALD

    shipped = shipped_hausformate()
    eimsbuettel = load_hausformat(shipped["hamburg-eimsbuettel"])  # a column sitzung
    data = yaml.safe_load(vorlage_text(_huertgenwald(), "Paper", "hamburg-eimsbuettel",
                                       eimsbuettel, ris=HUERTGENWALD)[0])
    assert [b.get("sitzung") for b in data["beratungsfolge"]] == [
        "Ausschuss für Gemeindeentwicklung und Nachhaltigkeit (4. Sitzung)",
        "Gemeinderat (5. Sitzung)"]
    standard = load_hausformat(shipped["standard"])  # no such column: not taken
    data = yaml.safe_load(vorlage_text(_huertgenwald(), "Paper", "standard", standard,
                                       ris=HUERTGENWALD)[0])
    assert [b.get("sitzung") for b in data["beratungsfolge"]] == [None, None]


def test_an_import_below_a_broken_ris_yaml_names_it_and_writes_nothing(tmp_path: Path
                                                                       ) -> None:
    from tests.ris_huertgenwald import write_ris

    ris = write_ris(tmp_path)
    ris.write_text(ris.read_text(encoding="utf-8").replace("koerperschaft:", "koerper:"),
                   encoding="utf-8")
    code, target, output = _import_into(tmp_path, _huertgenwald())
    assert code == 2, output
    assert f"Fehler in {ris}" in output and "neu schreiben lassen" in output
    assert not target.exists()

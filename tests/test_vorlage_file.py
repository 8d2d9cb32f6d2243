"""Saving from the form keeps the comments of a file made by ``vorlagen new`` with the
keys they explain: a new key takes the place of its commented sample, a new row stays in
its list, a removed key leaves the next key's comments alone, and every sample left can
still be switched on by removing its #."""

from __future__ import annotations

import re
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLE
from tests.test_serve import BASE, PORT, form_of, log_in, parse, send
from vorlagen.cli import cli
from vorlagen.readfile import read_file
from vorlagen.schema import FELDER
from vorlagen.serve import create_app, vorlage_file
from vorlagen.serve.security import Access

with warnings.catch_warnings():  # starlette's notice about httpx's successor
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ADDED = {"tagesordnungspunkt": "5", "hausformat": "standard", "status": "öffentlich",
         "finanzielle_auswirkungen": "Keine.",
         "anlagen": [{"titel": "Lageplan", "datei": "lageplan.pdf"}]}
"""What the form adds to a new Beschlussvorlage, each where the file has a sample."""

SAMPLE = re.compile(r"^# ?([a-z_]+):")


def new_file(folder: Path, *arguments: str) -> Path:
    """A new Beschlussvorlage exactly as ``vorlagen new`` writes it."""
    result = CliRunner().invoke(cli, ["new", "Beschlussvorlage", str(folder), *arguments])
    assert result.exit_code == 0, result.output
    return folder / "vorlage.yaml"


def form_data(path: Path) -> dict[str, Any]:
    """What the form holds of the file as saved (the form's own conversion)."""
    data = vorlage_file.as_text(vorlage_file.read(path).nodes)
    assert isinstance(data, dict)
    return data


def save(path: Path, data: dict[str, Any]) -> str:
    vorlage_file.save(vorlage_file.read(path), data)
    return path.read_text(encoding="utf-8")


def explained(text: str) -> dict[str, str]:
    """Each field's explaining comment line (as ``vorlagen new`` writes it) and the line
    below it."""
    lines = text.splitlines()
    return {key: lines[lines.index(f"# {FELDER[key]}") + 1] for key in FELDER
            if f"# {FELDER[key]}" in lines}


def assert_comments_with_their_keys(text: str, removed: tuple[str, ...] = ()) -> None:
    """Every explaining comment stands directly above its own key or its sample (a
    removed key's above the next key's comments, after a blank line)."""
    for key, below in explained(text).items():
        if key in removed:
            assert below == "", (key, below)
        else:
            assert below.startswith((f"{key}:", f"# {key}:")), (key, below)


def samples(text: str) -> list[tuple[int, int]]:
    """The commented samples in ``text``: their first line and the line after them."""
    lines = text.splitlines()
    found = []
    for start, line in enumerate(lines):
        match = SAMPLE.match(line)
        if match and match.group(1) in FELDER:
            stop = start + 1
            while stop < len(lines) and re.match(r"#( ?\s| ?- )", lines[stop]):
                stop += 1
            found.append((start, stop))
    return found


def assert_samples_can_be_switched_on(text: str, tmp_path: Path) -> None:
    """Removing the # of any sample left (the file header's instruction) gives a file
    that ``vorlagen validate`` reads, with that field."""
    lines = text.splitlines(keepends=True)
    for start, stop in samples(text):
        key = SAMPLE.match(lines[start]).group(1)  # type: ignore[union-attr]
        switched = [re.sub(r"^# ?", "", line) if start <= index < stop else line
                    for index, line in enumerate(lines)]
        path = tmp_path / "eingeschaltet" / "vorlage.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text("".join(switched), encoding="utf-8")
        data = read_file(path).data
        assert data is not None and key in data, key


def test_a_new_vorlage_saves_back_as_it_was(tmp_path: Path) -> None:
    path = new_file(tmp_path / "neu")
    before = path.read_text(encoding="utf-8")
    data = form_data(path)
    assert save(path, data) == before  # unchanged: not written
    data["drucksachen_nr"] = "2026/099"
    after = save(path, data).splitlines()
    changed = [(old, new) for old, new in zip(before.splitlines(), after, strict=True)
               if old != new]
    assert changed == [(changed[0][0], "drucksachen_nr: 2026/099")]


@pytest.mark.parametrize("arguments", [(), ("--hausformat", "landkreis-konstanz")])
def test_new_keys_take_the_place_of_their_samples(tmp_path: Path,
                                                  arguments: tuple[str, ...]) -> None:
    path = new_file(tmp_path / "neu", *arguments)
    data = form_data(path)
    data["beratungsfolge"].append({"gremium": "Kreistag", "sitzungstermine": ["15.01.2027"]})
    text = save(path, data | {"tagesordnungspunkt": "5"})  # the form's key last
    assert "# Der Tagesordnungspunkt (TOP)\ntagesordnungspunkt: '5'\n" in text
    assert "# tagesordnungspunkt:" not in text
    rows = text[text.index("beratungsfolge:"):text.index("# Der Tagesordnungspunkt")]
    assert "- gremium: Kreistag" in rows  # the new row inside the list
    assert_comments_with_their_keys(text)
    for key, value in ADDED.items():
        data = form_data(path)
        text = save(path, data | {key: value})
        assert not re.search(rf"^# ?{key}:", text, re.MULTILINE), key
        assert explained(text)[key].startswith(f"{key}:"), key
        assert_comments_with_their_keys(text)
        assert_samples_can_be_switched_on(text, tmp_path)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert "kein gültiges YAML" not in result.output


def test_all_added_at_once_and_a_key_removed(tmp_path: Path) -> None:
    path = new_file(tmp_path / "neu")
    data = form_data(path) | ADDED
    data["beratungsfolge"] = [*data["beratungsfolge"], {"gremium": "Kreistag"}]
    text = save(path, data)
    assert_comments_with_their_keys(text)
    assert_samples_can_be_switched_on(text, tmp_path)
    assert text.endswith("# Ein Block je Plugin (vorlagen plugins), unter dem Namen des "
                         "Plugins\n# plugins: {}\n")
    assert "# Die Anlagen: titel und, wenn es eine Datei gibt, datei\nanlagen:\n" in text
    del data["organisationseinheit"]  # the field emptied in the form
    removed = save(path, data)
    assert "organisationseinheit:" not in removed
    assert "# Das Amt, das die Vorlage erstellt\n\n# Das Datum der Vorlage, TT.MM.JJJJ\n" \
           "datum:" in removed
    assert_comments_with_their_keys(removed, removed=("organisationseinheit",))
    assert_samples_can_be_switched_on(removed, tmp_path)
    del data["anlagen"]
    del data["art"]  # the first key: the file's header stays on top
    again = save(path, data)
    assert again.startswith("# yaml-language-server: $schema=vorlage.schema.json\n")
    assert "# Die Anlagen: titel und, wenn es eine Datei gibt, datei\n\n# Ein Block" in again
    assert_comments_with_their_keys(again, removed=("organisationseinheit", "art", "anlagen"))


def test_a_key_without_a_sample_goes_after_the_one_before_it(tmp_path: Path) -> None:
    path = new_file(tmp_path / "neu")
    data = form_data(path)
    keys = list(data)
    at = keys.index("datum") + 1
    data = dict([*list(data.items())[:at], ("kurzfassung", "In einem Satz."),
                 *list(data.items())[at:]])
    text = save(path, data)
    assert "datum: " in text and "\n\nkurzfassung: In einem Satz.\n\n# Die Drucksachen-" \
           "Nummer, z. B. 2025/014\ndrucksachen_nr:" in text
    assert_comments_with_their_keys(text)


def test_a_comment_on_a_values_line_or_indented_into_it_stays_with_it(
        tmp_path: Path) -> None:
    path = tmp_path / "vorlage.yaml"
    path.write_text("art: Beschlussvorlage  # die Art\n"
                    "beratungsfolge:\n"
                    "  - gremium: Rat\n"
                    "    # rolle: Entscheidung\n"
                    "\n"
                    "# Der Betreff\n"
                    "titel: Alt\n", encoding="utf-8")
    data = form_data(path)
    data["beratungsfolge"].append({"gremium": "Kreistag"})
    assert save(path, data | {"titel": "Neu"}) == (
        "art: Beschlussvorlage  # die Art\n"
        "beratungsfolge:\n"
        "  - gremium: Rat\n"
        "    # rolle: Entscheidung\n"
        "  - gremium: Kreistag\n"
        "\n"
        "# Der Betreff\n"
        "titel: Neu\n")


def test_every_example_saves_a_change_and_nothing_else(tmp_path: Path) -> None:
    for source in sorted(EXAMPLE.parent.parent.glob("*/vorlage.yaml")):
        path = tmp_path / source.parent.name / "vorlage.yaml"
        path.parent.mkdir()
        shutil.copy(source, path)
        before = path.read_text(encoding="utf-8").splitlines()
        data = form_data(path)
        assert save(path, data).splitlines() == before
        after = save(path, data | {"drucksachen_nr": "2099/999"}).splitlines()
        assert len(after) == len(before), source
        assert [line for line in after if line not in before] == [
            "drucksachen_nr: 2099/999"], source


def test_the_form_adds_a_beratung_and_the_top_where_the_new_file_says(
        tmp_path: Path) -> None:
    access = Access.new(PORT)
    with TestClient(create_app(tmp_path, access=access), base_url=BASE) as client:
        log_in(client, access)
        csrf = parse(client.get("/").text).xpath('//input[@name="_csrf"]')[0].get("value")
        made = client.post("/neu", data={"_csrf": csrf, "art": "Beschlussvorlage",
                                         "ordner": "neu", "hausformat": ""})
        assert made.status_code == 200
        url = "/bearbeiten?datei=neu/vorlage.yaml"
        added = send(client, form_of(client.get(url).text), "hinzufuegen:beratungsfolge",
                     url=url)
        saved = send(client, form_of(added.text), "speichern", {
            "beratungsfolge[1].gremium": "Kreistag",
            "beratungsfolge[1].sitzungstermine": "15.01.2027",
            "tagesordnungspunkt": "5"}, url=url)
        assert "Gespeichert in vorlage.yaml." in saved.text
    path = tmp_path / "neu" / "vorlage.yaml"
    text = path.read_text(encoding="utf-8")
    assert "# Der Tagesordnungspunkt (TOP)\ntagesordnungspunkt: '5'\n\n" \
           "# Der Status, wie das Hausformat ihn druckt, z. B. öffentlich\n" \
           "# status: öffentlich\n\n# Der Betreff der Vorlage\ntitel:" in text
    rows = text[text.index("beratungsfolge:"):text.index("# Der Tagesordnungspunkt")]
    assert "  - gremium: Kreistag\n" in rows and "15.01.2027" in rows
    assert_comments_with_their_keys(text)
    # the file's own instruction: remove the # to use a field
    path.write_text(text.replace("# status: öffentlich", "status: öffentlich"),
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output


def test_a_toml_file_takes_a_new_key_in_place_of_its_sample(tmp_path: Path) -> None:
    path = tmp_path / "vorlage.toml"
    path.write_text('# Kopf\n\n# Die Art\nart = "Beschlussvorlage"\n\n'
                    '# Der Tagesordnungspunkt (TOP)\n# tagesordnungspunkt = 4\n\n'
                    '# Der Betreff\ntitel = "Betreff"\n\n'
                    '# Die Gremien\n[[beratungsfolge]]\ngremium = "Hauptausschuss"\n',
                    encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    data = form_data(path)
    assert save(path, data) == before
    text = save(path, data | {"tagesordnungspunkt": "5"})
    assert text == before.replace("# tagesordnungspunkt = 4", 'tagesordnungspunkt = "5"')
    assert read_file(path).data == data | {"tagesordnungspunkt": "5"}

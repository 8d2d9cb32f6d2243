"""``vorlagen new``: for every Hausformat and each of its kinds of paper, a file that
validates, renders, explains every field in German and never replaces a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from tests.reading import docx_text, open_docx
from vorlagen.cli import cli
from vorlagen.hausformate import load_hausformat, shipped_hausformate
from vorlagen.model import Vorlage
from vorlagen.schema import FELDER


def _cases() -> list[object]:
    return [pytest.param(layout, art.name, id=f"{layout}-{art.name}")
            for layout, path in sorted(shipped_hausformate().items())
            for art in load_hausformat(path).arten]


@pytest.mark.parametrize(("layout", "art"), _cases())
def test_a_new_vorlage_validates_and_renders_as_it_is(tmp_path: Path, layout: str,
                                                      art: str) -> None:
    folder = tmp_path / "neu"
    result = CliRunner().invoke(cli, ["new", art, str(folder), "--hausformat", layout])
    assert result.exit_code == 0, result.output
    text = (folder / "vorlage.yaml").read_text(encoding="utf-8")
    for name in Vorlage.model_fields:  # every field that is there is explained
        if f"\n{name}:" in text or f"\n# {name}:" in text:
            assert f"# {FELDER[name]}\n{'' if name in data_fields(text) else '# '}{name}:" \
                in text, name
    result = CliRunner().invoke(cli, ["validate", str(folder / "vorlage.yaml")])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["render", str(folder / "vorlage.yaml"), "-o",
                                      str(folder / "out"), "-f", "docx"])
    assert result.exit_code == 0, result.output
    (paper,) = (folder / "out").glob("*.docx")
    assert "Betreff der Vorlage" in docx_text(paper.read_bytes())
    assert open_docx(paper.read_bytes()).core_properties.language == "de-DE"
    schema = json.loads((folder / "vorlage.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load(text)
    assert list(Draft202012Validator(schema).iter_errors(data)) == []


def test_an_unknown_kind_or_an_existing_file_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["new", "Beschlusvorlage", str(tmp_path / "a")])
    assert result.exit_code == 2
    assert "'Beschlusvorlage' ist keine Vorlagenart des Hausformats 'standard'" in result.output
    assert not (tmp_path / "a").exists()
    folder = tmp_path / "b"
    assert CliRunner().invoke(cli, ["new", "Mitteilungsvorlage", str(folder)]).exit_code == 0
    (folder / "vorlage.yaml").write_text("meins", encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", "Mitteilungsvorlage", str(folder)])
    assert result.exit_code == 2 and "gibt es schon" in result.output
    assert (folder / "vorlage.yaml").read_text(encoding="utf-8") == "meins"


def test_a_layout_file_is_copied_beside_the_new_vorlage(tmp_path: Path) -> None:
    layout = tmp_path / "unser-layout.yaml"
    layout.write_text(shipped_hausformate()["landau"].read_text(encoding="utf-8"), "utf-8")
    folder = tmp_path / "neu"
    result = CliRunner().invoke(cli, ["new", "Sitzungsvorlage", str(folder), "--hausformat",
                                      str(layout)])
    assert result.exit_code == 0, result.output
    assert "\nhausformat: unser-layout.yaml\n" in (folder / "vorlage.yaml").read_text("utf-8")
    assert CliRunner().invoke(cli, ["validate", str(folder / "vorlage.yaml")]).exit_code == 0


def data_fields(text: str) -> set[str]:
    """The fields a Vorlage file gives (not commented out)."""
    return set(yaml.safe_load(text) or {})


def _uncommented(text: str) -> str:
    """A new Vorlage with every field it offers commented out switched on."""
    blocks = []
    for block in text.split("\n\n")[1:]:
        described, *rest = block.splitlines()
        blocks.append("\n".join([described, *(line.removeprefix("# ") for line in rest)]))
    return "\n\n".join(blocks) + "\n"


@pytest.mark.parametrize(("layout", "art"), _cases())
def test_a_new_vorlage_offers_exactly_what_its_hausformat_prints(
        tmp_path: Path, layout: str, art: str) -> None:
    """Every field offered, switched on, validates: nothing the Hausformat refuses."""
    folder = tmp_path / "neu"
    result = CliRunner().invoke(cli, ["new", art, str(folder), "--hausformat", layout])
    assert result.exit_code == 0, result.output
    (folder / "lageplan.pdf").write_bytes(b"%PDF-1.4\n")
    everything = _uncommented((folder / "vorlage.yaml").read_text(encoding="utf-8"))
    (folder / "vorlage.yaml").write_text(everything, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(folder / "vorlage.yaml")])
    assert result.exit_code == 0, result.output + everything
    schema = json.loads((folder / "vorlage.schema.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(yaml.safe_load(everything))) == []


def test_standard_offers_neither_unterzeichnung_nor_klimaschutz(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["new", "Beschlussvorlage", str(tmp_path / "neu")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "neu" / "vorlage.yaml").read_text(encoding="utf-8")
    for refused in ("unterzeichnung", "einreicher", "kurzfassung", "angaben", "telefon",
                    "abschnitte", "klimaschutz", "kenntnisnahme"):
        assert refused not in text, refused
    assert "# tagesordnungspunkt: 4" in text and "# anlagen:" in text
    schema = json.loads((tmp_path / "neu" / "vorlage.schema.json").read_text("utf-8"))
    assert "unterzeichnung" not in schema["properties"]
    assert "angaben" not in schema["properties"]


def test_nordstemmen_offers_its_telefon(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["new", "Beschlussvorlage", str(tmp_path / "neu"),
                                      "--hausformat", "nordstemmen"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "neu" / "vorlage.yaml").read_text(encoding="utf-8")
    assert "# angaben:\n#   telefon: 0123 456-789" in text
    schema = json.loads((tmp_path / "neu" / "vorlage.schema.json").read_text("utf-8"))
    assert list(schema["properties"]["angaben"]["properties"]) == ["telefon"]
    assert schema["properties"]["angaben"]["additionalProperties"] is False


def test_a_misspelled_kind_names_the_closest_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["new", "beschlussvorlage", str(tmp_path / "neu")])
    assert result.exit_code == 2
    assert "gemeint ist vielleicht 'Beschlussvorlage'" in result.output
    assert not (tmp_path / "neu").exists()


def test_the_next_free_number_follows_the_years_highest() -> None:
    from vorlagen.new import next_number

    assert next_number([], 2026) == "2026/001"
    assert next_number(["2026/001", " 2026 / 7 ", "2025/100", "DS 12", "2026/02"], 2026) \
        == "2026/008"

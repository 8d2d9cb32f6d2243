"""Every hook, exercised through a plugin manager the test builds itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import BaseModel, ConfigDict

from tests.conftest import EXAMPLE
from tests.reading import docx_paragraphs, docx_text, odt_text, open_docx
from vorlagen import (
    Blocks,
    Content,
    DocumentType,
    GeneratedAnlage,
    InputError,
    PluginConfig,
    PluginError,
    Vorlage,
    build,
    hookimpl,
    load_vorlage,
    plugin_manager,
    render,
    render_files,
)
from vorlagen.blocks import cell, paragraph
from vorlagen.cli import cli
from vorlagen.draft import Draft
from vorlagen.plugins import DEFAULT_PLUGINS
from vorlagen.tree import Block, ListBlock, Paragraph, Table, Text

# The deprecated vorlagen_document_types hook still works; its warning is tested in
# test_plugin_registry.py.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Plugin .* vorlagen_document_types:DeprecationWarning")


def manager(*plugins: object) -> Any:
    """Built-in plugins plus ``plugins``; installed ones left out so tests are exact."""
    return plugin_manager(entry_points=False, plugins=plugins)


class ZaehlerConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    anzahl: int
    einheit: str = "Stück"


class Zaehler:
    """A plugin with a configuration block, a variable and content for both places."""

    @hookimpl
    def vorlagen_config(self) -> PluginConfig:
        return PluginConfig("zaehler", ZaehlerConfig)

    @hookimpl
    def vorlagen_variables(self, vorlage: Vorlage) -> dict[str, Any] | None:
        config = vorlage.plugin_config("zaehler", ZaehlerConfig)
        if config is None:
            return None
        liste = ListBlock(False, ((Paragraph((Text("erster Punkt"),)),),
                                  (Paragraph((Text("zweiter Punkt"),)),)))
        return {"zaehler": {"anzahl": config.anzahl, "einheit": config.einheit,
                            "roh": "{{ 7*7 }} *kein Fett* 1. keine Liste",
                            "liste": Blocks((liste,))}}

    @hookimpl
    def vorlagen_content(self, vorlage: Vorlage) -> list[Content] | None:
        if vorlage.plugin_config("zaehler", ZaehlerConfig) is None:
            return None
        return [
            Content("sachverhalt", (paragraph("Vom Zähler geschrieben."),), "Zählung"),
            Content("finanzielle_auswirkungen", (paragraph("Keine Kosten."),)),
        ]


def test_config_block_is_validated_by_the_plugin_model(minimal: dict[str, Any]) -> None:
    minimal["plugins"] = {"zaehler": {"anzahl": "3"}}
    vorlage = load_vorlage(minimal, plugins=manager(Zaehler()))
    config = vorlage.plugin_config("zaehler", ZaehlerConfig)
    assert config == ZaehlerConfig(anzahl=3)


def test_config_errors_name_field_and_line(tmp_path: Path, minimal: dict[str, Any]) -> None:
    import yaml

    minimal["plugins"] = {"zaehler": {"anzahl": "viele", "farbe": "rot"}}
    path = tmp_path / "v.yaml"
    path.write_text(yaml.safe_dump(minimal, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_vorlage(path, plugins=manager(Zaehler()))
    lines = path.read_text(encoding="utf-8").splitlines()
    found = {(p.field, p.line) for p in caught.value.problems}
    assert found == {
        ("plugins.zaehler.anzahl", 1 + lines.index("    anzahl: viele")),
        ("plugins.zaehler.farbe", 1 + lines.index("    farbe: rot")),
    }
    assert caught.value.source == str(path)


def test_unknown_plugin_block_lists_the_installed(minimal: dict[str, Any]) -> None:
    minimal["plugins"] = {"zahler": {"anzahl": 1}}
    with pytest.raises(InputError) as caught:
        load_vorlage(minimal, plugins=manager(Zaehler()))
    assert caught.value.problems[0].field == "plugins.zahler"
    assert "kein Plugin 'zahler' installiert (installiert: zaehler)" in str(caught.value)


def test_variables_fill_text_and_data_is_never_a_template(minimal: dict[str, Any]) -> None:
    minimal["plugins"] = {"zaehler": {"anzahl": 178}}
    minimal["titel"] = "Bericht über {{ zaehler.anzahl }} {{ zaehler.einheit }}"
    minimal["sachverhalt"] = [{"ueberschrift": "Stand", "text": (
        "Es sind {{ zaehler.anzahl }} {{ zaehler.einheit }}.\n\n"
        "Roh: {{ zaehler.roh }}\n\n{{ zaehler.liste }}\n\nEnde.")}]
    plugins = manager(Zaehler())
    vorlage = load_vorlage(minimal, plugins=plugins)
    for text in (docx_text(render(vorlage, "docx", plugins=plugins)),
                 odt_text(render(vorlage, "odt", plugins=plugins))):
        assert "Bericht über 178 Stück" in text
        assert "Es sind 178 Stück." in text
        assert "Roh: {{ 7*7 }} *kein Fett* 1. keine Liste" in text
        assert "49" not in text
        assert "erster Punkt\nzweiter Punkt\nEnde." in text
    document = open_docx(render(vorlage, "docx", plugins=plugins))
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["erster Punkt"] == "List Bullet"
    assert not any(run.bold for p in document.paragraphs if p.text.startswith("Roh")
                   for run in p.runs)


@pytest.mark.parametrize(("text", "message"), [
    ("{{ zaehler.anzahll }}", "unbekannte Variable 'anzahll'; gemeint ist vielleicht "
                               "'zaehler.anzahl'"),
    ("{{ nichts }}", "unbekannte Variable 'nichts' (Variablen: zaehler)"),
    ("{% for %}", "Zeile 1 des Textes"),
    ("Liste: {{ zaehler.liste }}", "muss allein in einem Absatz stehen"),
    ("{{ ''.__class__ }}", "Vorlagentext fehlerhaft"),
    ("{% include 'x' %}", "Vorlagentext fehlerhaft"),
])
def test_bad_text_templates_name_the_field(
    minimal: dict[str, Any], text: str, message: str
) -> None:
    minimal["plugins"] = {"zaehler": {"anzahl": 1}}
    minimal["sachverhalt"] = [{"text": "Erster."}, {"ueberschrift": "Zwei", "text": text}]
    plugins = manager(Zaehler())
    vorlage = load_vorlage(minimal, plugins=plugins)
    with pytest.raises(InputError) as caught:
        build(vorlage, plugins)
    assert caught.value.problems[0].field == "sachverhalt[1].text"
    assert message in str(caught.value)
    assert caught.value.exit_code == 2


def test_content_goes_to_its_named_places(minimal: dict[str, Any]) -> None:
    minimal["plugins"] = {"zaehler": {"anzahl": 1}}
    plugins = manager(Zaehler())
    vorlage = load_vorlage(minimal, plugins=plugins)
    texts = [p.text for p in docx_paragraphs(open_docx(render(vorlage, "docx", plugins=plugins)))]
    anlass = texts.index("1. Anlass")
    assert texts[anlass:anlass + 5] == [
        "1. Anlass", "Ein Satz.", "2. Zählung", "Vom Zähler geschrieben.",
        "Finanzielle Auswirkungen"]
    assert texts[anlass + 5] == "Keine Kosten."


class Bericht:
    """A plugin that generates an Anlage with a table."""

    @hookimpl
    def vorlagen_anlagen(self, vorlage: Vorlage) -> list[GeneratedAnlage]:
        cells = tuple(tuple(cell(f"{r}/{c}") for c in range(2)) for r in range(3))
        return [GeneratedAnlage(f"Bericht zu {vorlage.drucksachen_nr}",
                                (paragraph("Inhalt der Anlage."),
                                 Table(cells, widths=(1, 1), header_rows=1)))]


def test_generated_anlagen_are_numbered_listed_and_written_in_every_format(
    minimal: dict[str, Any], tmp_path: Path
) -> None:
    datei = tmp_path / "plan.pdf"
    datei.write_bytes(b"%PDF-1.4 Plan")
    minimal["anlagen"] = [{"titel": "Lageplan", "datei": datei.name}]
    plugins = manager(Bericht())
    vorlage = load_vorlage(minimal, plugins=plugins, base_dir=tmp_path)
    files = dict(render_files(vorlage, ["docx", "odt"], plugins=plugins))
    assert sorted(files) == ["2024-001.docx", "2024-001.odt", "2024-001_Anlage_1.pdf",
                             "2024-001_Anlage_2.docx", "2024-001_Anlage_2.odt"]
    paper = docx_text(files["2024-001.docx"])
    assert "Anlage 1: Lageplan\nAnlage 2: Bericht zu 2024/001" in paper
    for text in (docx_text(files["2024-001_Anlage_2.docx"]),
                 odt_text(files["2024-001_Anlage_2.odt"])):
        assert text.startswith("Anlage 2 zur Mitteilungsvorlage Drucksachen-Nr. 2024/001\n"
                               "Bericht zu 2024/001\nInhalt der Anlage.")
        assert "2/1" in text
    anlage = open_docx(files["2024-001_Anlage_2.docx"])
    assert anlage.core_properties.title == "Bericht zu 2024/001"
    assert anlage.tables[0].rows[0]._tr.trPr.xpath("./w:tblHeader")


class Antragsarten:
    """A new kind of paper with a section of its own, and a reordered built-in one."""

    @hookimpl
    def vorlagen_sections(self) -> dict[str, Any]:
        def antragsteller(draft: Draft) -> list[Block]:
            return [paragraph(f"Antragsteller: {draft.vorlage.organisationseinheit}")]
        return {"antragsteller": antragsteller}

    @hookimpl
    def vorlagen_document_types(self) -> list[DocumentType]:
        return [
            DocumentType("Antrag", ("kopf", "antragsteller", "betreff", "beschlussvorschlag"),
                         beschlussvorschlag=True),
            DocumentType("Mitteilungsvorlage", ("betreff", "kopf", "sachverhalt")),
        ]


def test_document_types_and_sections_come_from_plugins(minimal: dict[str, Any]) -> None:
    plugins = manager(Antragsarten())
    antrag = dict(minimal, art="Antrag", beschlussvorschlag="Der Kreistag beschließt.")
    texts = [p.text for p in docx_paragraphs(open_docx(
        render(load_vorlage(antrag, plugins=plugins), "docx", plugins=plugins)))]
    assert texts[0] == "Antrag"
    order = ["Drucksachen-Nr.", "Antragsteller: Hauptamt", "Testvorlage", "Beschlussvorschlag",
             "Der Kreistag beschließt."]
    assert [texts.index(text) for text in order] == sorted(texts.index(t) for t in order)
    assert "Sachverhalt" not in texts

    umgestellt = [p.text for p in docx_paragraphs(open_docx(
        render(load_vorlage(minimal, plugins=plugins), "docx", plugins=plugins)))]
    assert umgestellt[:2] == ["Testvorlage", "Mitteilungsvorlage"]
    assert "Tagesordnungspunkt" not in " ".join(umgestellt)

    with pytest.raises(InputError, match="'Gutachten' ist nicht erlaubt, erwartet: "
                                         "Mitteilungsvorlage, Beschlussvorlage, "
                                         "Informationsvorlage oder Antrag"):
        load_vorlage(dict(minimal, art="Gutachten"), plugins=plugins)
    with pytest.raises(InputError, match="eine Antrag braucht einen beschlussvorschlag"):
        load_vorlage(dict(minimal, art="Antrag"), plugins=plugins)


class Kaputt:
    @hookimpl
    def vorlagen_variables(self) -> dict[str, Any]:
        raise ZeroDivisionError("durch null")


class Doppelt:
    @hookimpl
    def vorlagen_variables(self) -> dict[str, Any]:
        return {"zaehler": 1}


def test_a_failing_plugin_is_named_with_its_hook(minimal: dict[str, Any]) -> None:
    plugins = plugin_manager(entry_points=False)
    plugins.register(Kaputt(), name="kaputt")
    with pytest.raises(PluginError) as caught:
        render(load_vorlage(minimal, plugins=plugins), "docx", plugins=plugins)
    assert caught.value.plugin == "kaputt"
    assert caught.value.hook == "vorlagen_variables"
    assert caught.value.exit_code == 3
    assert "ZeroDivisionError: durch null" in str(caught.value)


def test_two_plugins_may_not_claim_one_variable(minimal: dict[str, Any]) -> None:
    minimal["plugins"] = {"zaehler": {"anzahl": 1}}
    plugins = manager(Zaehler())
    plugins.register(Doppelt(), name="doppelt")
    with pytest.raises(PluginError, match="'zaehler' liefert schon"):
        build(load_vorlage(minimal, plugins=plugins), plugins)


def test_cli_reports_a_failing_plugin_with_exit_3_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def with_broken_plugin(**kwargs: Any) -> Any:
        plugins = plugin_manager(entry_points=True)
        plugins.register(Kaputt(), name="kaputt")
        return plugins

    monkeypatch.setattr("vorlagen.plugins.plugin_manager", with_broken_plugin)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 3
    assert result.output.strip() == ("vorlagen: Plugin 'kaputt' ist im Hook vorlagen_variables "
                                     "fehlgeschlagen: ZeroDivisionError: durch null")
    assert not out.exists()


def test_plugins_command_lists_name_version_and_hooks() -> None:
    result = CliRunner().invoke(cli, ["plugins"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    index = lines.index("massnahmen  (vorlagen-massnahmen 0.1.0)")
    assert lines[index + 1].split(", ") == [
        "    vorlagen_anlagen", "vorlagen_config", "vorlagen_variables"]
    assert "foerderung  (vorlagen-foerderung 0.1.0)" in lines
    assert "verteiler  (vorlagen-verteiler 0.1.0)" in lines
    builtin = lines.index("vorlagen.default_plugins.writers  (eingebaut, vorlagen 0.1.0)")
    assert lines[builtin + 1] == "    vorlagen_writers"


def test_plugins_command_lists_the_installed_before_the_built_in() -> None:
    """An administrator looks for what was installed: those plugins come first, the
    built-in ones after them, each marked as such."""
    result = CliRunner().invoke(cli, ["plugins"])
    assert result.exit_code == 0, result.output
    names = [line for line in result.output.splitlines() if not line.startswith(" ")]
    built_in = [line for line in names if "(eingebaut, vorlagen " in line]
    assert [line.split()[0] for line in built_in] == list(DEFAULT_PLUGINS)
    assert names[-len(built_in):] == built_in
    assert names[0] == "beratungsergebnis  (vorlagen-formulare 0.1.0)"


def test_managers_are_independent(minimal: dict[str, Any]) -> None:
    """A block for a plugin one manager has is unknown to another."""
    minimal["plugins"] = {"zaehler": {"anzahl": 1}}
    load_vorlage(minimal, plugins=manager(Zaehler()))
    with pytest.raises(InputError, match="kein Plugin 'zaehler'"):
        load_vorlage(minimal, plugins=manager())


class KaputtesModell(BaseModel):
    wert: int = 0

    def model_post_init(self, context: Any) -> None:
        raise KeyError("fehlt")


class KaputteTeile:
    """A plugin whose configuration model, section and writer have bugs."""

    @hookimpl
    def vorlagen_config(self) -> PluginConfig:
        return PluginConfig("kaputt", KaputtesModell)

    @hookimpl
    def vorlagen_sections(self) -> dict[str, Any]:
        def abschnitt(draft: Draft) -> list[Block]:
            raise RuntimeError("Abschnitt kaputt")
        return {"kaputt": abschnitt}

    @hookimpl
    def vorlagen_document_types(self) -> list[DocumentType]:
        return [DocumentType("Informationsvorlage", ("kopf", "gibt_es_nicht")),
                DocumentType("Kaputtvorlage", ("kopf", "kaputt"))]

    @hookimpl
    def vorlagen_writers(self) -> list[Any]:
        class Schreiber:
            format, extension, media_type, design_file = "txt", ".txt", "text/plain", "x"

            def write(self, document: Any, template: Path) -> bytes:
                raise OSError("Schreiber kaputt")
        return [Schreiber()]


@pytest.mark.parametrize(("change", "hook", "message"), [
    ({"plugins": {"kaputt": {}}}, "vorlagen_config", "KeyError: 'fehlt'"),
    ({"art": "Kaputtvorlage"}, "vorlagen_sections", "RuntimeError: Abschnitt kaputt"),
    ({"art": "Informationsvorlage"}, "vorlagen_document_types",
     "Abschnitt gibt_es_nicht ist von keinem Plugin registriert"),
    ({"format": "txt"}, "vorlagen_writers", "OSError: Schreiber kaputt"),
])
def test_bugs_in_any_part_of_a_plugin_name_it(
    minimal: dict[str, Any], change: dict[str, Any], hook: str, message: str
) -> None:
    plugins = plugin_manager(entry_points=False)
    plugins.register(KaputteTeile(), name="kaputte-teile")
    format = change.pop("format", "docx")
    with pytest.raises(PluginError) as caught:
        render(load_vorlage({**minimal, **change}, plugins=plugins), format, plugins=plugins)
    assert (caught.value.plugin, caught.value.hook) == ("kaputte-teile", hook)
    assert message in str(caught.value)


class Faelscher:
    """A list variable, and a text variable whose value looks like the marker that once
    placed block variable 0."""

    @hookimpl
    def vorlagen_variables(self) -> dict[str, Any]:
        liste = ListBlock(False, ((Paragraph((Text("echter Punkt"),)),),))
        return {"f": {"liste": Blocks((liste,)), "name": "\ue0000\ue001"}}


def test_the_block_marker_cannot_be_forged(minimal: dict[str, Any]) -> None:
    """Neither the Vorlage's text nor a data value can put a block variable's blocks
    where the administrator did not write the variable."""
    minimal["sachverhalt"] = [{"text": (
        "{{ f.liste }}\n\n{{ f.name }}\n\n\ue0000\ue001\n\n\ue000x:0\ue001")}]
    plugins = manager(Faelscher())
    vorlage = load_vorlage(minimal, plugins=plugins)
    for text in (docx_text(render(vorlage, "docx", plugins=plugins)),
                 odt_text(render(vorlage, "odt", plugins=plugins))):
        assert text.count("echter Punkt") == 1
        assert text.count("\ue0000\ue001") == 2

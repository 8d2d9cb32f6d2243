"""Plugins through pluggy's public surface: answers attributed through
``get_hookimpls()`` with pluggy's functions left as the plugins made them, a registry
asked once per manager, the deprecated ``vorlagen_document_types`` hook, and
``VORLAGEN_PLUGINS`` / ``VORLAGEN_TRACE_PLUGINS`` from the command line."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any, ClassVar

import pluggy
import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import EXAMPLE
from tests.reading import docx_text
from vorlagen import (
    DocumentType,
    PluginError,
    hookimpl,
    load_vorlage,
    plugin_api,
    plugin_manager,
    render,
    writers,
)
from vorlagen.cli import cli
from vorlagen.default_plugins.writers import BUILT_IN
from vorlagen.hookspecs import hookspec
from vorlagen.plugins import call, registry


class Zaehlend:
    """Counts how often each hook is asked."""

    def __init__(self) -> None:
        self.asked: dict[str, int] = {}

    def _count(self, hook: str) -> None:
        self.asked[hook] = self.asked.get(hook, 0) + 1

    @hookimpl
    def vorlagen_hausformate(self) -> dict[str, Path]:
        self._count("vorlagen_hausformate")
        return {}

    @hookimpl
    def vorlagen_designs(self) -> dict[str, Path]:
        self._count("vorlagen_designs")
        return {}

    @hookimpl
    def vorlagen_writers(self) -> list[Any]:
        self._count("vorlagen_writers")
        return []

    @hookimpl
    def vorlagen_sections(self) -> dict[str, Any]:
        self._count("vorlagen_sections")
        return {}

    @hookimpl
    def vorlagen_variables(self) -> dict[str, Any]:
        self._count("vorlagen_variables")
        return {"zaehler": {"wert": "gezählt"}}


def test_pluggy_calls_the_plugins_own_functions() -> None:
    """Nothing of pluggy is replaced: each HookImpl keeps the function the plugin wrote."""
    plugin = Zaehlend()
    manager = plugin_manager(entry_points=False, plugins=[plugin])
    for impl in manager.hook.vorlagen_variables.get_hookimpls():
        if impl.plugin is plugin:
            assert impl.function == plugin.vorlagen_variables
    for name in ("vorlagen.default_plugins.writers", "vorlagen.default_plugins.hausformate"):
        module = manager.get_plugin(name)
        for caller in manager.get_hookcallers(module) or ():
            for impl in caller.get_hookimpls():
                if impl.plugin is module:
                    assert impl.function is getattr(module, caller.name)


def test_the_registry_asks_each_hook_once_per_manager(minimal: dict[str, Any]) -> None:
    minimal["sachverhalt"] = [{"text": "{{ zaehler.wert }}"}]
    plugin = Zaehlend()
    manager = plugin_manager(entry_points=False, plugins=[plugin])
    for _ in range(3):
        docx = render(load_vorlage(minimal, plugins=manager), "docx", plugins=manager)
    assert "gezählt" in docx_text(docx)
    assert plugin.asked["vorlagen_variables"] == 3  # a Vorlage's hook: asked per paper
    for hook in ("vorlagen_hausformate", "vorlagen_writers", "vorlagen_sections"):
        assert plugin.asked[hook] == 1, hook
    assert plugin.asked.get("vorlagen_designs", 0) <= 1
    # A second manager asks afresh and keeps its own answers.
    other = plugin_manager(entry_points=False, plugins=[plugin])
    render(load_vorlage(minimal, plugins=other), "docx", plugins=other)
    assert plugin.asked["vorlagen_writers"] == 2
    assert registry(manager) is registry(manager) is not registry(other)


class Textformat:
    @hookimpl
    def vorlagen_writers(self) -> list[Any]:
        return [TextWriter()]


class TextWriter:
    format, extension, media_type, design_file = "txt", ".txt", "text/plain", "design.odt"

    def write(self, document: Any, template: Path) -> bytes:
        return b"text"


def test_registering_a_plugin_later_asks_again() -> None:
    manager = plugin_manager(entry_points=False)
    assert "txt" not in registry(manager).writers
    manager.register(Textformat())
    assert "txt" in registry(manager).writers
    manager.unregister(name="tests.test_plugin_registry.Textformat")
    assert "txt" not in registry(manager).writers


def test_writer_and_batch_writer_are_in_the_plugin_api() -> None:
    assert plugin_api.Writer is writers.Writer
    assert plugin_api.BatchWriter is writers.BatchWriter
    assert {"Writer", "BatchWriter"} <= set(plugin_api.__all__)
    assert isinstance(TextWriter(), plugin_api.Writer)
    assert not isinstance(TextWriter(), plugin_api.BatchWriter)


def test_the_built_in_writers_describe_themselves_as_the_writers_they_import() -> None:
    for lazy in BUILT_IN:
        real = lazy.writer
        for field in ("format", "extension", "media_type", "design_file"):
            assert getattr(lazy, field) == getattr(real, field), (lazy.path, field)
        assert isinstance(lazy, plugin_api.BatchWriter) == isinstance(real,
                                                                       plugin_api.BatchWriter)


@pytest.mark.subprocess
def test_validate_imports_no_writer() -> None:
    """A command that writes nothing does not import the writers (cold start)."""
    program = (
        "import sys\n"
        "from vorlagen.cli import cli\n"
        f"sys.argv = ['vorlagen', 'validate', {str(EXAMPLE)!r}]\n"
        "try:\n"
        "    cli.main()\n"
        "except SystemExit as end:\n"
        "    assert end.code == 0, end.code\n"
        "print(sorted(name for name in sys.modules if name.startswith('vorlagen.writers.')))\n")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                            check=True)
    assert "gültig" in result.stdout
    assert "vorlagen.writers.docx" not in result.stdout
    assert "vorlagen.writers.odt" not in result.stdout


class AlteArt:
    @hookimpl
    def vorlagen_document_types(self) -> list[DocumentType]:
        return [DocumentType("Altvorlage", ("kopf", "betreff", "sachverhalt"))]


def test_the_document_types_hook_is_deprecated_but_works(minimal: dict[str, Any]) -> None:
    with pytest.warns(DeprecationWarning,
                      match=r"Plugin 'alte-art' setzt den Hook vorlagen_document_types um, "
                            r"der veraltet ist.*Hausformat unter arten: und aufbau:"):
        manager = plugin_manager(entry_points=False)
        manager.register(AlteArt(), name="alte-art")
    minimal.pop("beschlussvorschlag", None)
    minimal["art"] = "Altvorlage"
    docx = render(load_vorlage(minimal, plugins=manager), "docx", plugins=manager)
    assert minimal["titel"] in docx_text(docx)


def test_a_plugin_without_the_deprecated_hook_does_not_warn() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plugin_manager(entry_points=False, plugins=[Zaehlend()])


class Probe:
    """Hooks with pluggy's firstresult, only for this test."""

    @hookspec(firstresult=True)
    def vorlagen_probe(self, wert: int) -> int | None:
        """The first plugin's answer."""


class Erste:
    @hookimpl
    def vorlagen_probe(self, wert: int) -> int:
        return wert + 1


class Zweite:
    @hookimpl(tryfirst=True)
    def vorlagen_probe(self) -> None:
        return None


class Verdoppler:
    @hookimpl(wrapper=True)
    def vorlagen_probe(self) -> Generator[None, int, int]:
        result = yield
        return result * 2


def test_firstresult_and_a_wrapper_hold_as_in_pluggy() -> None:
    ours = plugin_manager(entry_points=False)
    theirs = pluggy.PluginManager("vorlagen")
    for manager in (ours, theirs):
        manager.add_hookspecs(Probe)
        for plugin in (Erste(), Zweite(), Verdoppler()):
            manager.register(plugin)
    assert theirs.hook.vorlagen_probe(wert=20) == 42
    assert call(ours, "vorlagen_probe", wert=20) == [
        ("tests.test_plugin_registry.Verdoppler", 42)]


class KaputterAlterWrapper:
    @hookimpl(hookwrapper=True)
    def vorlagen_variables(self) -> Generator[None, Any, None]:
        yield
        raise RuntimeError("alt und kaputt")


def test_a_failing_old_style_wrapper_is_named(minimal: dict[str, Any]) -> None:
    plugins = plugin_manager(entry_points=False, plugins=[KaputterAlterWrapper()])
    with pytest.raises(PluginError) as caught:
        render(load_vorlage(minimal, plugins=plugins), "docx", plugins=plugins)
    assert caught.value.plugin.endswith("KaputterAlterWrapper")
    assert "alt und kaputt" in str(caught.value)


def _plugins(env: dict[str, str]) -> list[str]:
    result = CliRunner().invoke(cli, ["plugins"], env=env)
    assert result.exit_code == 0, result.output
    return [line.split()[0] for line in result.output.splitlines()
            if line and not line.startswith(" ") and "(eingebaut" not in line]


def test_vorlagen_plugins_restricts_the_installed_plugins() -> None:
    everything = _plugins({})
    assert {"massnahmen", "verteiler", "foerderung"} <= set(everything)
    # by entry-point name or by distribution name
    assert _plugins({"VORLAGEN_PLUGINS": "massnahmen, vorlagen-verteiler"}) == [
        "massnahmen", "verteiler"]
    assert _plugins({"VORLAGEN_PLUGINS": ""}) == []


def test_vorlagen_plugins_empty_still_has_the_built_in_ones(
        tmp_path: Path, minimal: dict[str, Any]) -> None:
    result = CliRunner().invoke(cli, ["validate", str(EXAMPLE)], env={"VORLAGEN_PLUGINS": ""})
    assert result.exit_code == 2
    assert "kein Plugin 'massnahmen'" in result.output  # its block is not known now
    vorlage = tmp_path / "vorlage.yaml"
    vorlage.write_text(yaml.safe_dump(minimal, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(vorlage), "-f", "docx", "-q"],
                                env={"VORLAGEN_PLUGINS": ""})
    assert result.exit_code == 0, result.output
    written = list(tmp_path.glob("*.docx"))
    assert len(written) == 1 and minimal["titel"] in docx_text(written[0].read_bytes())


def test_a_misspelled_plugin_in_vorlagen_plugins_is_said_in_german() -> None:
    result = CliRunner().invoke(cli, ["plugins"], env={"VORLAGEN_PLUGINS": "massnahme"})
    assert result.exit_code == 2
    assert result.output.startswith("vorlagen: Fehler in VORLAGEN_PLUGINS: nennt "
                                    "'massnahme', das nicht installiert ist; gemeint ist "
                                    "vielleicht 'massnahmen'")
    assert "Traceback" not in result.output


def test_the_trace_names_each_hook_and_the_plugin_that_answered() -> None:
    result = CliRunner().invoke(cli, ["validate", str(EXAMPLE)],
                                env={"VORLAGEN_TRACE_PLUGINS": "1"})
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert ("vorlagen: vorlagen_variables ← massnahmen: massnahmen") in lines
    assert any(line.startswith("vorlagen: vorlagen_hausformate ← "
                               "vorlagen.default_plugins.hausformate: ") for line in lines)
    assert "gültig" in result.stdout
    quiet = CliRunner().invoke(cli, ["validate", str(EXAMPLE)])
    assert "←" not in quiet.stderr


def test_an_argument_the_caller_does_not_give_names_the_plugin() -> None:
    plugins = plugin_manager(entry_points=False)
    plugins.add_hookspecs(Probe)
    plugins.register(Erste())
    with pytest.raises(PluginError) as caught:
        call(plugins, "vorlagen_probe")
    assert caught.value.plugin == "tests.test_plugin_registry.Erste"
    assert "verlangt wert, was der Hook nicht übergibt" in str(caught.value)


class AlterSchreiber:
    """A batch writer as plugins wrote them before hook version 3: ``template_name``."""

    format, extension, media_type, template_name = "txt", ".txt", "text/plain", "vorlage.odt"
    seen: ClassVar[list[Path]] = []

    def write(self, document: Any, template: Path) -> bytes:
        self.seen.append(template)
        return b"text"

    def write_many(self, jobs: Any) -> list[bytes]:
        return [self.write(document, template) for document, template in jobs]


class AlterSchreiberPlugin:
    @hookimpl
    def vorlagen_writers(self) -> list[Any]:
        return [AlterSchreiber()]


def test_a_writer_naming_its_design_file_template_name_still_works(
        minimal: dict[str, object]) -> None:
    from vorlagen.renamed import Renamed
    from vorlagen.templates import standard_design

    manager = plugin_manager(entry_points=False, plugins=[AlterSchreiberPlugin()])
    with pytest.warns(Renamed, match="'template_name' heißt jetzt 'design_file'"):
        writer = registry(manager).writers["txt"]
    assert writer.design_file == getattr(writer, "template_name") == "vorlage.odt"  # noqa: B009
    assert render(load_vorlage(minimal, plugins=manager), "txt", plugins=manager) == b"text"
    # its old name for the Design file finds the file by its new name
    assert AlterSchreiber.seen[-1] == standard_design() / "design.odt"
    assert isinstance(writer, plugin_api.BatchWriter)  # still a batch writer

"""The plugin runtime keeps pluggy's contract (wrappers, tryfirst/trylast, check_pending)
and still names the plugin and the hook when something goes wrong."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Generator
from typing import Any

import pluggy
import pytest
from pydantic import BaseModel

from tests.reading import docx_text
from vorlagen import (
    DocumentType,
    PluginConfig,
    PluginError,
    Vorlage,
    hookimpl,
    load_vorlage,
    plugin_manager,
    render,
)
from vorlagen.blocks import paragraph
from vorlagen.configure import hausformat_of
from vorlagen.draft import Draft
from vorlagen.plugins import document_types
from vorlagen.tree import Block

# The deprecated vorlagen_document_types hook still works; its warning is tested in
# test_plugin_registry.py.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Plugin .* vorlagen_document_types:DeprecationWarning")


def manager(*plugins: object) -> Any:
    return plugin_manager(entry_points=False, plugins=plugins)


class Variable:
    @hookimpl
    def vorlagen_variables(self) -> dict[str, Any]:
        return {"basis": {"wert": "aus dem Plugin"}}


class NeuerWrapper:
    """A new-style wrapper that adds a variable to what the other plugins give."""

    @hookimpl(wrapper=True)
    def vorlagen_variables(self) -> Generator[None, list[dict[str, Any]], list[dict[str, Any]]]:
        results = yield
        return [*results, {"wrapper": {"wert": f"{len(results)} Antwort(en) gewickelt"}}]


class AlterWrapper:
    """An old-style hookwrapper that changes the result through pluggy's Result."""

    @hookimpl(hookwrapper=True)
    def vorlagen_variables(self) -> Generator[None, Any, None]:
        outcome = yield
        outcome.force_result([*outcome.get_result(), {"alt": {"wert": "alt gewickelt"}}])


def test_wrappers_run_through_pluggy(minimal: dict[str, Any]) -> None:
    minimal["sachverhalt"] = [{"text": "{{ basis.wert }}, {{ wrapper.wert }}, {{ alt.wert }}"}]
    plugins = manager(Variable(), NeuerWrapper(), AlterWrapper())
    text = docx_text(render(load_vorlage(minimal, plugins=plugins), "docx", plugins=plugins))
    assert "aus dem Plugin, 1 Antwort(en) gewickelt, alt gewickelt" in text


class KaputterWrapper:
    @hookimpl(wrapper=True)
    def vorlagen_variables(self) -> Generator[None, Any, Any]:
        yield
        raise RuntimeError("kaputt nach dem yield")


def test_a_failing_wrapper_is_named(minimal: dict[str, Any]) -> None:
    plugins = manager(Variable(), KaputterWrapper())
    with pytest.raises(PluginError) as caught:
        render(load_vorlage(minimal, plugins=plugins), "docx", plugins=plugins)
    assert caught.value.plugin == "tests.test_plugin_runtime.KaputterWrapper"
    assert caught.value.hook == "vorlagen_variables"
    assert "kaputt nach dem yield" in str(caught.value)
    assert caught.value.exit_code == 3


def _kopf(text: str) -> Any:
    def section(draft: Draft) -> list[Block]:
        return [paragraph(text)]
    return section


class Art:
    """A plugin that replaces the Mitteilungsvorlage with one section saying its name."""

    def __init__(self, name: str) -> None:
        self.name = name

    @hookimpl
    def vorlagen_sections(self) -> dict[str, Any]:
        return {f"kopf_{self.name}": _kopf(f"Kopf von {self.name}")}

    @hookimpl
    def vorlagen_document_types(self) -> list[DocumentType]:
        return [DocumentType("Mitteilungsvorlage", (f"kopf_{self.name}",))]


class ErsteArt(Art):
    @hookimpl(tryfirst=True)
    def vorlagen_document_types(self) -> list[DocumentType]:
        return [DocumentType("Mitteilungsvorlage", (f"kopf_{self.name}",))]


class LetzteArt(Art):
    @hookimpl(trylast=True)
    def vorlagen_document_types(self) -> list[DocumentType]:
        return [DocumentType("Mitteilungsvorlage", (f"kopf_{self.name}",))]


def _winner(plugins: pluggy.PluginManager) -> tuple[str, ...]:
    return document_types(plugins)["Mitteilungsvorlage"].sections


def test_tryfirst_and_trylast_decide_which_override_wins(minimal: dict[str, Any]) -> None:
    # Without marks the plugin registered last wins (pluggy calls it first).
    assert _winner(manager(Art("a"), Art("b"))) == ("kopf_b",)
    # tryfirst wins although registered first; trylast loses although registered last.
    assert _winner(manager(ErsteArt("a"), Art("b"))) == ("kopf_a",)
    assert _winner(manager(Art("a"), LetzteArt("b"))) == ("kopf_a",)
    # The kinds of paper come from the Hausformat, so a plugin's type is never behind
    # a built-in one; it replaces the Hausformat's kind of that name.
    assert _winner(manager(LetzteArt("b"))) == ("kopf_b",)
    plugins = manager(ErsteArt("a"), Art("b"))
    layout = hausformat_of(load_vorlage(minimal, plugins=manager()), plugins)
    assert [getattr(baustein, "name", None) for baustein in layout.aufbau] == ["kopf_a"]


class Vertippt:
    @hookimpl
    def vorlagen_sektionen(self) -> dict[str, Any]:
        return {}


def test_a_misspelled_hook_is_an_error_naming_it() -> None:
    with pytest.raises(PluginError) as caught:
        manager(Vertippt())
    message = str(caught.value)
    assert "setzt den unbekannten Hook 'vorlagen_sektionen'" in message and "Vertippt" in message
    assert "gemeint ist vielleicht 'vorlagen_sections'" in message
    assert caught.value.exit_code == 3


class FalschesArgument:
    @hookimpl
    def vorlagen_variables(self, vorlag: Vorlage) -> dict[str, Any]:
        return {}


def test_a_hook_asking_for_an_unknown_argument_is_an_error_naming_it() -> None:
    with pytest.raises(PluginError) as caught:
        manager(FalschesArgument())
    assert "FalschesArgument" in str(caught.value) and caught.value.hook == "vorlagen_variables"
    assert "passt nicht zu den Hooks von vorlagen" in str(caught.value)


class FalscheForm:
    def __init__(self, hook: str, value: object) -> None:
        self.hook = hook
        self.value = value

    @hookimpl
    def vorlagen_variables(self) -> Any:
        return self.value if self.hook == "vorlagen_variables" else None

    @hookimpl
    def vorlagen_content(self) -> Any:
        return self.value if self.hook == "vorlagen_content" else None

    @hookimpl
    def vorlagen_anlagen(self) -> Any:
        return self.value if self.hook == "vorlagen_anlagen" else None

    @hookimpl
    def vorlagen_document_types(self) -> Any:
        return self.value if self.hook == "vorlagen_document_types" else None

    @hookimpl
    def vorlagen_writers(self) -> Any:
        return self.value if self.hook == "vorlagen_writers" else None

    @hookimpl
    def vorlagen_nichtoeffentlich(self) -> Any:
        return self.value if self.hook == "vorlagen_nichtoeffentlich" else None


@pytest.mark.parametrize(("hook", "value"), [
    ("vorlagen_variables", ["liste statt dict"]),
    ("vorlagen_content", {"place": "sachverhalt"}),
    ("vorlagen_anlagen", ["kein GeneratedAnlage"]),
    ("vorlagen_document_types", "Mitteilungsvorlage"),
    ("vorlagen_writers", [object()]),
    ("vorlagen_nichtoeffentlich", "ein Text statt einer Liste"),
])
def test_an_answer_of_the_wrong_shape_is_a_plugin_error(
        minimal: dict[str, Any], hook: str, value: object) -> None:
    plugins = manager(FalscheForm(hook, value))
    with pytest.raises(PluginError) as caught:
        render(load_vorlage(minimal, plugins=plugins), "docx", plugins=plugins)
    assert caught.value.hook == hook and "FalscheForm" in caught.value.plugin
    assert "erwartet" in str(caught.value) and caught.value.exit_code == 3


class Block1(BaseModel):
    a: int = 1


class Anspruch:
    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model

    @hookimpl
    def vorlagen_config(self) -> PluginConfig:
        return PluginConfig("gemeinsam", self.model)


def test_two_plugins_claiming_one_block_is_an_error(minimal: dict[str, Any]) -> None:
    plugins = manager(Anspruch(Block1), Anspruch(Block1))
    with pytest.raises(PluginError, match=r"plugins\.gemeinsam beansprucht schon das Plugin"):
        load_vorlage(minimal, plugins=plugins)


ALPHA = Art("alpha")
OMEGA = Art("omega")


class _Dist:
    """Just enough of an installed distribution for the entry-point loader."""

    def __init__(self, name: str, target: str) -> None:
        self.metadata = {"Name": f"vorlagen-{name}"}
        self.version = "1.0"
        self.entry_points = [importlib.metadata.EntryPoint(
            name=name, value=f"tests.test_plugin_runtime:{target}", group="vorlagen")]


@pytest.mark.parametrize("reverse", [False, True])
def test_the_winner_does_not_depend_on_the_order_entry_points_are_found(
        monkeypatch: pytest.MonkeyPatch, reverse: bool) -> None:
    dists = [_Dist("omega", "OMEGA"), _Dist("alpha", "ALPHA")]
    monkeypatch.setattr(importlib.metadata, "distributions",
                        lambda: list(reversed(dists)) if reverse else list(dists))
    plugins = plugin_manager()
    assert [name for name, _ in plugins.list_name_plugin()][-2:] == ["alpha", "omega"]
    assert _winner(plugins) == ("kopf_omega",)


def test_a_plugin_that_cannot_be_loaded_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.metadata, "distributions",
                        lambda: [_Dist("kaputt", "GIBT_ES_NICHT")])
    with pytest.raises(PluginError) as caught:
        plugin_manager()
    assert caught.value.plugin == "kaputt" and caught.value.exit_code == 3
    assert "lässt sich nicht laden (tests.test_plugin_runtime:GIBT_ES_NICHT)" in str(caught.value)

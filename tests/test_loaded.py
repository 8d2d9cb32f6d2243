"""Input and loaded paper are two things: ``load_vorlage`` gives a frozen
``LoadedVorlage`` (the Vorlage as written, where it came from, its Hausformat, Design
and plugin blocks), made once; the model carries nothing set by other modules."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from tests.conftest import EXAMPLE
from vorlagen import (
    LoadedVorlage,
    Vorlage,
    hookimpl,
    load_vorlage,
    plugin_manager,
    render,
    render_files,
)
from vorlagen import configure as configure_module
from vorlagen.templates import find_design


def test_load_vorlage_gives_the_vorlage_and_what_loading_found() -> None:
    loaded = load_vorlage(EXAMPLE)
    assert isinstance(loaded, LoadedVorlage)
    assert type(loaded.vorlage) is Vorlage
    assert loaded.quelle == str(EXAMPLE)
    assert loaded.ordner == EXAMPLE.parent
    assert loaded.hausformat.name == loaded.vorlage.layout == "landkreis-konstanz"
    assert loaded.vorlagenart is not None
    assert loaded.vorlagenart.name == loaded.vorlage.art == "Mitteilungsvorlage"
    assert loaded.design is None  # the standard Design
    assert set(loaded.plugins) == set(loaded.vorlage.plugins) != set()
    assert all(isinstance(block, BaseModel) for block in loaded.plugins.values())
    assert loaded.zeile("sachverhalt[0].text", 1) is not None
    assert loaded.titel == loaded.vorlage.titel  # the fields read as before
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.quelle = "anders"  # type: ignore[misc]


def test_the_model_holds_no_state_of_other_modules() -> None:
    """Nothing but the input: no private attributes another module sets."""
    assert Vorlage.__private_attributes__ == {}
    for name in ("quelle", "ordner", "hausformat", "zeile", "datei", "allow_outside"):
        assert not hasattr(load_vorlage(EXAMPLE).vorlage, name), name


def test_a_vorlage_is_configured_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading finds the Hausformat; building and writing take it from the loaded
    Vorlage and do not look for it again."""
    found: list[str] = []
    hausformat_of = configure_module.hausformat_of

    def counted(vorlage: Any, *arguments: Any, **keywords: Any) -> Any:
        found.append(vorlage.drucksachen_nr)
        return hausformat_of(vorlage, *arguments, **keywords)

    monkeypatch.setattr(configure_module, "hausformat_of", counted)
    loaded = load_vorlage(EXAMPLE)
    assert found == ["2018/077"]
    render(loaded, "docx")
    render_files(loaded, ["odt"])
    assert found == ["2018/077"]


def test_the_callers_hausformat_is_not_written_into_the_input(
        minimal: dict[str, object]) -> None:
    loaded = load_vorlage(minimal, hausformat="nordstemmen")
    assert loaded.vorlage.layout is None  # as written
    assert loaded.hausformat.name == "nordstemmen"
    assert load_vorlage(minimal).hausformat.name == "standard"


def test_the_hausformats_design_is_found_when_loading(tmp_path: Path,
                                                      minimal: dict[str, object]) -> None:
    (tmp_path / "haus.yaml").write_text("basis: standard\ndesign: briefkopf\n"
                                        "behoerde: Stadt Musterstadt\n", encoding="utf-8")
    loaded = load_vorlage({**minimal, "hausformat": "haus.yaml"}, base_dir=tmp_path)
    assert loaded.design == find_design("briefkopf", plugin_manager(), tmp_path)


class _Recorder:
    """A plugin as third parties write them: it asks for ``vorlage``."""

    def __init__(self) -> None:
        self.given: list[object] = []

    @hookimpl
    def vorlagen_variables(self, vorlage: Vorlage) -> dict[str, Any]:
        self.given.append(vorlage)
        return {}


def test_hooks_still_receive_the_vorlage_model(minimal: dict[str, object]) -> None:
    manager = plugin_manager()
    recorder = _Recorder()
    manager.register(recorder, name="recorder")
    render(load_vorlage(minimal, plugins=manager), "docx", plugins=manager)
    assert recorder.given and all(type(given) is Vorlage for given in recorder.given)


def test_a_vorlage_made_in_python_is_loaded_by_the_builder(
        minimal: dict[str, object]) -> None:
    made = Vorlage.model_validate(minimal)
    assert render(made, "docx")[:2] == b"PK"

"""The stable plugin API: one module is all a plugin needs, the shipped plugins use
nothing else, and what is renamed keeps working with a warning."""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLE, ROOT
from vorlagen import plugin_api
from vorlagen.cli import cli
from vorlagen.plugins import plugin_manager

PLUGIN_SOURCES = sorted([*ROOT.glob("plugins/*/src/**/*.py"),
                         *ROOT.glob("examples/plugin-kennzahlen/src/**/*.py")])


@pytest.mark.parametrize("source", PLUGIN_SOURCES,
                         ids=lambda path: str(path.relative_to(ROOT)))
def test_the_shipped_plugins_import_only_the_plugin_api(source: Path) -> None:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            used.add(node.module)
        elif isinstance(node, ast.Import):
            used.update(alias.name for alias in node.names)
    core = {module for module in used if module == "vorlagen" or module.startswith("vorlagen.")}
    assert core <= {"vorlagen.plugin_api"}, core


def test_every_name_of_the_api_is_there() -> None:
    assert len(plugin_api.__all__) == len(set(plugin_api.__all__)) >= 30
    for name in plugin_api.__all__:
        assert getattr(plugin_api, name) is not None, name
    assert plugin_manager(entry_points=False).hook_version == plugin_api.HOOK_VERSION == 3


def test_a_renamed_name_works_and_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(plugin_api._RENAMED, "lade_zeilen", "load_rows")
    with pytest.warns(DeprecationWarning, match="lade_zeilen heißt jetzt load_rows"):
        assert plugin_api.lade_zeilen is plugin_api.load_rows
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert plugin_api.load_rows is not None  # the current name: no warning
    with pytest.raises(AttributeError):
        _ = plugin_api.gibt_es_nicht


def test_the_old_template_dir_option_works_and_says_it_is_going(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["render", str(EXAMPLE), "-o", str(tmp_path), "-f",
                                      "docx", "--template-dir",
                                      str(ROOT / "templates" / "briefkopf")])
    assert result.exit_code == 0, result.output
    assert "'--template-dir' heißt jetzt '--design'" in result.output
    assert (tmp_path / "2018-077.docx").is_file()

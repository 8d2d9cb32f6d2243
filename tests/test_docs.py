"""The user guide (German) and the developer reference (English) do what they say.

Every fenced block of the two documents is taken in order, in one scratch folder that
holds a copy of ``examples/``, as a reader working through them would:

- ``sh``: each line is run by bash in that folder, with this environment's ``vorlagen``
  first on PATH; it must succeed, or end with the status an HTML comment
  ``<!-- exit: N -->`` right before the block names;
- ``python``: run as a script by this environment's Python in that folder;
- any block right after ``<!-- datei: PFAD -->`` is written to that file (a Vorlage, a
  CSV file, a layout), for the blocks after it;
- ``text`` right after ``<!-- ausgabe -->`` is output of the ``sh`` block before it:
  the whole output, line by line, except where it says ``…``: a line ``…`` stands for
  lines left out (any number), a ``…`` within a line for text left out (a date, a
  duration), so that a shortened output looks shortened to the reader too;
- other ``yaml`` and ``json`` blocks must at least parse; ``text`` blocks are shown only.

The developer guide for plugins (``docs/plugins.md``) is read the same way, in a folder of
its own: a ``python`` block right after ``<!-- modul: NAME -->`` is a part of the module
``NAME.py`` (the parts in order make the module), the entry points of its ``toml`` are
registered with a plugin manager and a Vorlage is rendered with each module.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
GUIDES = ("docs/anleitung.md", "docs/reference.md", "docs/hausformat.md")

_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```\s*$", re.DOTALL | re.MULTILINE)
_COMMENT = re.compile(r"<!--\s*(datei|exit|ausgabe|modul)\s*:?\s*([^>]*?)\s*-->\s*$")


@dataclass
class Block:
    language: str
    text: str
    line: int
    directive: str | None
    argument: str


def blocks(markdown: str) -> list[Block]:
    """The fenced blocks of ``markdown``, each with the directive in the comment on the
    line right before it, if any."""
    found = []
    for match in _FENCE.finditer(markdown):
        before = markdown[:match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        comment = _COMMENT.search(before)
        found.append(Block(match.group(1), match.group(2),
                           markdown.count("\n", 0, match.start()) + 1,
                           comment.group(1) if comment else None,
                           comment.group(2) if comment else ""))
    return found


def _environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environment['PATH']}"
    environment["SOURCE_DATE_EPOCH"] = "1700000000"
    environment.pop("COLUMNS", None)
    return environment


def _normalised(text: str) -> str:
    return " ".join(text.split())


CUT = "…"


def shown_as_printed(shown: str, printed: str) -> bool:
    """Whether ``shown`` is ``printed``, line by line and in order, with a line ``…``
    for lines left out and a ``…`` within a line for text left out; whitespace within
    a line does not count."""
    pattern = []
    for line in shown.splitlines():
        if not line.strip():
            continue
        if line.strip() == CUT:
            pattern.append(r"(?:[^\n]*\n)*?")
        else:
            parts = (re.escape(part.strip()) for part in _normalised(line).split(CUT))
            pattern.append(r"[^\n]*?".join(parts) + r"\n")
    lines = [_normalised(line) for line in printed.splitlines() if line.strip()]
    return re.fullmatch("".join(pattern), "".join(f"{line}\n" for line in lines)) is not None


@pytest.mark.subprocess
@pytest.mark.libreoffice
@pytest.mark.parametrize("guide", GUIDES)
def test_every_block_of_the_guide_runs(guide: str, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    environment = _environment()
    last_output: str | None = None
    ran = 0
    for block in blocks((ROOT / guide).read_text(encoding="utf-8")):
        where = f"{guide}, block at line {block.line}"
        if block.directive == "datei":
            target = tmp_path / block.argument
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.text, encoding="utf-8")
        elif block.directive == "ausgabe":
            assert last_output is not None, f"{where}: no command before this output"
            assert shown_as_printed(block.text, last_output), (
                f"{where}: shown\n{block.text}\nbut printed (mark what is left out with "
                f"{CUT}):\n{last_output}")
        elif block.language == "sh":
            expected = int(block.argument) if block.directive == "exit" else 0
            result = subprocess.run(["bash", "-c", "set -e\n" + block.text], cwd=tmp_path,
                                    env=environment, capture_output=True, text=True,
                                    timeout=600, stdin=subprocess.DEVNULL)
            last_output = result.stdout + result.stderr
            assert result.returncode == expected, (
                f"{where}: exit status {result.returncode}, expected {expected}:\n"
                f"{block.text}\n{last_output}")
            ran += 1
        elif block.language == "python":
            result = subprocess.run([sys.executable, "-c", block.text], cwd=tmp_path,
                                    env=environment, capture_output=True, text=True,
                                    timeout=600, stdin=subprocess.DEVNULL)
            last_output = result.stdout + result.stderr
            assert result.returncode == 0, f"{where} failed:\n{block.text}\n{last_output}"
            ran += 1
        elif block.language == "yaml":
            yaml.safe_load(block.text)
        elif block.language == "json":
            json.loads(block.text)
    assert ran >= 5, f"{guide}: only {ran} blocks run"


def test_the_directives_are_read() -> None:
    """The reader of the documents finds the comments that steer it (a misspelled one
    would make a block shown but not run)."""
    text = ("<!-- datei: a/vorlage.yaml -->\n```yaml\nart: x\n```\n\n<!-- exit: 2 -->\n"
            "```sh\nfalse\n```\n<!-- ausgabe -->\n```text\nfoo\n```\n```python\npass\n```\n")
    found = blocks(text)
    assert [(b.language, b.directive, b.argument) for b in found] == [
        ("yaml", "datei", "a/vorlage.yaml"), ("sh", "exit", "2"), ("text", "ausgabe", ""),
        ("python", None, "")]
    for guide in GUIDES:
        markdown = (ROOT / guide).read_text(encoding="utf-8")
        comments = re.findall(r"<!--\s*(\w+)", markdown)
        assert set(comments) <= {"datei", "exit", "ausgabe"}, (guide, comments)


@pytest.mark.parametrize(("shown", "fits"), [
    ("a\nb\nc\n", True), ("a\n", False), ("b\n", False), ("a\nc\n", False),
    ("c\nb\na\n", False), ("a\n…\n", True), ("…\nc\n", True), ("…\nb\n", False),
    ("a\n…\nc\n", True), ("a\n…\nb\n…\nc\n", True), ("c\n…\na\n", False),
    ("x\n…\n", False), ("a  \n  b\n…\n", True), ("…\n", True),
])
def test_an_output_is_whole_or_says_where_it_is_cut(shown: str, fits: bool) -> None:
    """A guide's output that leaves lines out says so with … where it does; one that
    does not is the whole output."""
    assert shown_as_printed(shown, "a\nb\n\nc\n") is fits


def test_a_cut_within_a_line_stands_for_any_text() -> None:
    printed = "vorlagen: 7 von 7 Vorlagen geschrieben, in 2,0 s\n"
    assert shown_as_printed("vorlagen: 7 von 7 Vorlagen geschrieben, in … s", printed)
    assert not shown_as_printed("Vorlagen geschrieben", printed)
    assert not shown_as_printed("vorlagen: … geschrieben", printed + "noch etwas\n")


@pytest.mark.parametrize("plugin", ["massnahmen", "foerderung", "verteiler"])
def test_the_guide_names_every_variable_of_the_shipped_plugins(plugin: str) -> None:
    """The guide lists each shipped plugin's variables in German, so that nobody has to
    read its English README: exactly those the plugin gives a Vorlage."""
    from vorlagen import load_vorlage, plugin_manager
    from vorlagen.plugins import call

    manager = plugin_manager()
    vorlage = load_vorlage(ROOT / "examples/integrationskonzept-2018-077/vorlage.yaml",
                           plugins=manager)
    given = {name for source, variables in call(manager, "vorlagen_variables",
                                                vorlage=vorlage, oeffentlich=False)
             if variables for top, values in variables.items() if top == plugin
             for name in values}
    guide = (ROOT / "docs/anleitung.md").read_text(encoding="utf-8")
    section = guide.split(f"### Plugin `{plugin}`", 1)[1].split("\n#", 1)[0]
    table = section.split("| Variable |", 1)[1].split("\n\n", 1)[0]
    named = set(re.findall(rf"^\| `{plugin}\.(\w+)`|, `{plugin}\.(\w+)`", table, re.MULTILINE))
    assert {name for pair in named for name in pair if name} == given


PLUGIN_GUIDE = ROOT / "docs/plugins.md"


@pytest.mark.subprocess
def test_every_block_of_the_plugin_guide_runs(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The code of the plugin guide, copied as it stands, makes plugins that work: the
    example plugin's module from its parts, the module of every hook's example, the test
    the guide shows, and the commands."""
    environment = _environment()
    environment["PYTHONPATH"] = os.pathsep.join([str(tmp_path), *filter(None, [
        environment.get("PYTHONPATH")])])
    modules: dict[str, str] = {}
    entry_points: dict[str, str] = {}
    ran = 0
    for block in blocks(PLUGIN_GUIDE.read_text(encoding="utf-8")):
        where = f"docs/plugins.md, block at line {block.line}"
        if block.directive == "modul":
            assert block.language == "python", where
            modules[block.argument] = modules.get(block.argument, "") + block.text + "\n\n"
            (tmp_path / f"{block.argument}.py").write_text(modules[block.argument],
                                                           encoding="utf-8")
        elif block.directive == "datei":
            target = tmp_path / block.argument
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.text, encoding="utf-8")
            if block.language == "toml":
                project = tomllib.loads(block.text)["project"]
                entry_points.update(project["entry-points"]["vorlagen"])
        elif block.language == "sh":
            for line in block.text.splitlines():
                command = line.split("#", 1)[0].strip()
                if command.startswith("pip install"):
                    # would change this environment: the folder or name must be the plugin's
                    installs = command.split()[-1]
                    assert (ROOT / installs / "pyproject.toml").is_file() or (
                        installs == "vorlagen-kennzahlen"), f"{where}: {line}"
                    continue
                result = subprocess.run(["bash", "-c", command], cwd=tmp_path,
                                        env=environment, capture_output=True, text=True,
                                        timeout=600, stdin=subprocess.DEVNULL)
                assert result.returncode == 0, f"{where}: {line}\n{result.stderr}"
                ran += 1
        elif block.language == "python":
            # a script, with the modules made so far importable (and syntax for the rest)
            result = subprocess.run([sys.executable, "-c", block.text], cwd=tmp_path,
                                    env=environment, capture_output=True, text=True,
                                    timeout=600, stdin=subprocess.DEVNULL)
            assert result.returncode == 0, f"{where} failed:\n{block.text}\n{result.stderr}"
            ran += 1
        elif block.language == "yaml":
            yaml.safe_load(block.text)
        elif block.language == "toml":
            tomllib.loads(block.text)
    assert ran >= 3
    assert set(modules) == {"vorlagen_kennzahlen", "beispiele"}
    assert entry_points == {"kennzahlen": "vorlagen_kennzahlen"}
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in modules:
        monkeypatch.delitem(sys.modules, name, raising=False)
    try:
        _render_with_the_guides_plugins(tmp_path, entry_points)
    finally:
        for name in modules:
            sys.modules.pop(name, None)


def _render_with_the_guides_plugins(folder: Path, entry_points: dict[str, str]) -> None:
    from vorlagen import load_vorlage, render, render_files, testing
    from vorlagen.errors import VorlagenError
    from vorlagen.plugins import DEFAULT_PLUGINS, PluginManager, installed

    (folder / "kennzahlen.csv").write_text(
        "Kennzahl;Wert;Vorjahr\nFälle;12;10\n", encoding="utf-8")
    # installed as the guide's pyproject.toml says: by its entry point
    kennzahlen = PluginManager()
    for name in DEFAULT_PLUGINS:
        kennzahlen.register(importlib.import_module(name), name=name)
    for name, module in entry_points.items():
        kennzahlen.register(importlib.import_module(module), name=name)
    kennzahlen.check()
    assert [p.hooks for p in installed(kennzahlen) if p.name == "kennzahlen"] == [
        ("vorlagen_config", "vorlagen_content", "vorlagen_variables")]
    data = testing.vorlage_data(sachverhalt='Es sind {{ kennzahlen.werte["Fälle"] }} Fälle.',
                                plugins={"kennzahlen": {"datei": "kennzahlen.csv"}})
    docx = render(load_vorlage(data, base_dir=folder, plugins=kennzahlen), "docx",
                  plugins=kennzahlen)
    assert "Es sind 12 Fälle." in testing.docx_paragraphs(docx)
    assert ["Fälle", "12", "10"] in testing.docx_tables(docx)[-1]

    # every hook's example, as one plugin
    from vorlagen import plugin_manager

    beispiele = plugin_manager(entry_points=False,
                               plugins=[importlib.import_module("beispiele")])
    data = {**testing.vorlage_data(
        sachverhalt="Die Tabelle heißt {{ kennzahlen.titel }}.",
        plugins={"kennzahlen": {"datei": "kennzahlen.csv"}}),
        "art": "Kennzahlenbericht", "hausformat": "kreis-musterstadt"}
    for unprinted in ("beschlussvorschlag", "organisationseinheit"):  # not in its aufbau
        data.pop(unprinted, None)
    vorlage = load_vorlage(data, base_dir=folder, plugins=beispiele)
    text = render(vorlage, "txt", plugins=beispiele).decode("utf-8")
    for expected in ("Kennzahlenbericht", "Stand: 04.04.2018", "Die Tabelle heißt Kennzahlen.",
                     "Stand: 31.12."):
        assert expected in text, text
    files = dict(render_files(vorlage, ["txt", "docx"], plugins=beispiele))
    anlage = files["2018-077_Anlage_1.txt"].decode("utf-8")
    assert "Fälle" in anlage and "Kennzahlen 2025" in anlage
    assert "2018-077.docx" in files  # written with the design the hook names
    data["sachverhalt"] = "Erika Muster hat berichtet."
    secret = load_vorlage(data, base_dir=folder, plugins=beispiele)
    with pytest.raises(VorlagenError, match="Erika Muster"):
        render(secret, "txt", plugins=beispiele, oeffentlich=True)

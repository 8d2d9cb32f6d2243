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
  each of its lines must be in what that block printed;
- other ``yaml`` and ``json`` blocks must at least parse; ``text`` blocks are shown only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
GUIDES = ("docs/anleitung.md", "docs/reference.md", "docs/hausformat.md")

_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```\s*$", re.DOTALL | re.MULTILINE)
_COMMENT = re.compile(r"<!--\s*(datei|exit|ausgabe)\s*:?\s*([^>]*?)\s*-->\s*$")


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
            for line in block.text.splitlines():
                if line.strip():
                    assert _normalised(line) in _normalised(last_output), (
                        f"{where}: {line!r} not in the output:\n{last_output}")
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

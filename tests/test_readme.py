"""The README's promises: the two commands first, and a library snippet that runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.reading import open_odt

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands() -> None:
    first_block = re.search(r"```\w*\n(.*?)```", README, re.S)
    assert first_block is not None
    assert README.index("```") < README.index("\n## ")
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert commands == ["make example", "make test"]


@pytest.mark.subprocess
def test_library_snippet_runs(tmp_path: Path) -> None:
    (snippet,) = re.findall(r"```python\n(.*?)```", README, re.S)
    result = subprocess.run([sys.executable, "-c", snippet], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120, check=False, env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    odt = tmp_path / "out" / "2025-014.odt"
    assert odt.is_file()
    assert open_odt(odt.read_bytes()) is not None
    assert str(odt.relative_to(tmp_path)) in result.stdout


def test_readme_fields_are_the_model_fields() -> None:
    from vorlagen import Vorlage
    from vorlagen.model import written_key

    for name in map(written_key, Vorlage.model_fields):  # as a Vorlage file writes them
        assert f"`{name}`" in README, name

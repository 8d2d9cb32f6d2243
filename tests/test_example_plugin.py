"""The example plugin as another Amt would use it: installed with pip, found through its
entry point, tested with its own tests, used by the ``vorlagen`` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.reading import docx_text

pytestmark = pytest.mark.subprocess

PLUGIN = ROOT / "examples" / "plugin-kennzahlen"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plugin installed into a folder of its own; the project's venv stays as it is."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(PLUGIN)],
        check=True, capture_output=True, text=True,
    )
    return target


def run(site: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, PYTHONPATH=str(site))
    return subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          env=environment, cwd=cwd, timeout=300)


VORLAGE = """\
art: Mitteilungsvorlage
organisationseinheit: Jobcenter
datum: 01.03.2024
drucksachen_nr: 2024/015
beratungsfolge:
  - gremium: Sozialausschuss
    sitzungsart: öffentlich
    sitzungstermine: 20.03.2024
titel: Jahresbericht
sachverhalt:
  - ueberschrift: Lage
    text: Betreut wurden {{ kennzahlen.werte["Bedarfsgemeinschaften"] }} Bedarfsgemeinschaften.
plugins:
  kennzahlen:
    datei: kennzahlen.csv
"""

CLI = "from vorlagen.cli import main; main()"


def test_installed_plugin_is_listed(site: Path) -> None:
    result = run(site, "-c", CLI, "plugins")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    index = lines.index("kennzahlen  (vorlagen-kennzahlen 0.1.0)")
    assert lines[index + 1] == "    vorlagen_config, vorlagen_content, vorlagen_variables"


def test_its_own_tests_pass(site: Path) -> None:
    result = run(site, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(PLUGIN / "tests"),
                 cwd=PLUGIN)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_the_command_renders_with_it(site: Path, tmp_path: Path) -> None:
    (tmp_path / "vorlage.yaml").write_text(VORLAGE, encoding="utf-8")
    (tmp_path / "kennzahlen.csv").write_text(
        "Kennzahl;Wert;Vorjahr\nBedarfsgemeinschaften;4.812;4.950\n", encoding="utf-8")
    result = run(site, "-c", CLI, "render", str(tmp_path / "vorlage.yaml"), "-f", "docx")
    assert result.returncode == 0, result.stderr
    text = docx_text((tmp_path / "2024-015.docx").read_bytes())
    assert "Betreut wurden 4.812 Bedarfsgemeinschaften." in text
    assert "2. Kennzahlen\nKennzahl\nWert\nVorjahr\nBedarfsgemeinschaften\n4.812\n4.950" in text

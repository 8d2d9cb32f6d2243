"""The Makefile installs what the project needs, each Debian package checked on its own:
LibreOffice on a machine does not mean its fonts or hyphenation patterns are there."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import ROOT


def _make(*arguments: str) -> str:
    make = shutil.which("make")
    if make is None:
        pytest.fail("make is not installed")
    result = subprocess.run([make, "--no-print-directory", "-C", str(ROOT), *arguments],
                            capture_output=True, text=True, timeout=60, check=True)
    return result.stdout


def test_only_the_missing_packages_are_installed() -> None:
    """With apt-get replaced by echo: the packages whose check fails, each once."""
    output = _make("system-packages", "APT=echo",
                   "TEST_PACKAGES='true' eins 'false' zwei 'false' zwei 'true' drei "
                   "'false' vier")
    assert "Debian-Pakete werden installiert: zwei vier" in output
    assert "install -y --no-install-recommends zwei vier" in output
    assert "eins" not in output and "drei" not in output
    assert "alle vorhanden" in _make("system-packages", "APT=echo", "TEST_PACKAGES='true' x")


@pytest.mark.parametrize("package", ["fonts-liberation2", "hyphen-de",
                                     "libreoffice-writer-nogui", "poppler-utils", "pandoc"])
def test_every_package_has_its_own_check(package: str) -> None:
    """Even with LibreOffice installed, the fonts and patterns are checked (and the other
    way round): each package is listed after a check of its own."""
    listed = _make("-s", "--eval=show: ; @printf '%s\\n' $(TEST_PACKAGES)", "show")
    lines = listed.splitlines()
    checks = dict(zip(lines[1::2], lines[0::2], strict=True))  # package: its check
    assert package in checks, listed
    assert checks[package].split()[0] in ("command", "test", "fc-list"), listed


def test_example_installs_the_fonts_too() -> None:
    plan = _make("-n", "example")
    assert "fonts-liberation2" in plan and "hyphen-de" in plan


def _markers() -> set[str]:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = config["tool"]["pytest"]["ini_options"]["markers"]
    return {line.split(":", 1)[0] for line in declared}


def test_the_fast_tier_leaves_out_every_tier_and_nothing_else() -> None:
    """``make test-fast`` deselects exactly the markers pyproject.toml registers."""
    import re

    plan = _make("-n", "test-fast")
    expression = re.search(r'pytest -q -m "not \(([^)]*)\)"', plan)
    assert expression is not None, plan
    assert set(expression.group(1).split(" or ")) == _markers()


def test_contributing_names_real_targets_and_markers() -> None:
    """CONTRIBUTING.md's blocks run the tests themselves, so they are not run by
    tests/test_docs.py; what they name must exist: each ``make`` target (``make -n``
    knows it) and each marker, in its table and in its ``-m`` expressions."""
    import re

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    targets = set(re.findall(r"^make (\S+)", text, re.MULTILINE))
    assert {"test-fast", "test", "fuzz"} <= targets
    for target in targets:
        _make("-n", target)  # fails for a target the Makefile does not have
    table = set(re.findall(r"^\| `(\w+)` \|", text, re.MULTILINE))
    assert table == _markers()
    for expression in re.findall(r"pytest\s+(?:--durations=\d+\s+)?-m\s+(\w+|\"[^\"]+\")",
                                 text):
        named = set(re.findall(r"\w+", expression)) - {"not", "and", "or"}
        assert named <= _markers(), expression

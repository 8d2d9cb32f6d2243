"""docs/architecture.md maps every module: a newcomer finds each one there, and the map
names no module that is gone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "vorlagen"
MAP = ROOT / "docs" / "architecture.md"


def _modules() -> set[str]:
    """Every module of the package, as the map names it (``builder.py``,
    ``writers/docx.py``); the packages' ``__init__`` and ``__main__`` aside."""
    return {path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
            if path.name not in ("__init__.py", "__main__.py")}


def _named() -> set[str]:
    named = re.findall(r"`([a-z_/]+\.py)`", MAP.read_text(encoding="utf-8"))
    return {name for name in named if not name.startswith("tests/")}


def test_every_module_is_on_the_map() -> None:
    missing = sorted(_modules() - _named())
    assert not missing, f"docs/architecture.md nennt diese Module nicht: {missing}"


def test_the_map_names_no_module_that_is_gone() -> None:
    gone = sorted(name for name in _named() if not (PACKAGE / name).is_file())
    assert not gone, f"docs/architecture.md nennt Module, die es nicht gibt: {gone}"

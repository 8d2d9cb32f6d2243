"""Where the Hausformate and designs that ship with vorlagen are, found without asking
the plugins: the built-in plugins offer them through the hooks like any plugin's, and
the core falls back on ``standard``.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

STANDARD = "standard"
"""The shipped Hausformat and design of a paper that names none."""

HAUSFORMATE_DIR = Path(__file__).parent / "layouts"
"""The Hausformat files that ship with vorlagen."""

DESIGNS = ("standard", "briefkopf")
"""The shipped Design folders."""


def shipped_hausformate() -> dict[str, Path]:
    """The shipped Hausformat files by name (the file's stem)."""
    return {path.stem: path for path in sorted(HAUSFORMATE_DIR.glob("*.yaml"))}


def _shipped_dir() -> Path:
    """Where the shipped Design folders are: inside an installed wheel's package, or
    in a source checkout (an editable install) the repository's ``templates``."""
    packaged = Path(str(files("vorlagen"))) / "templates"
    if (packaged / STANDARD).is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


def standard_design() -> Path:
    """The folder of the standard Design (``design.docx``, ``design.odt``)."""
    return _shipped_dir() / STANDARD


def shipped_designs() -> dict[str, Path]:
    """The shipped Design folders by name."""
    return {name: _shipped_dir() / name for name in DESIGNS}

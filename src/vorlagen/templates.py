"""Design folders: where a body's corporate design lives.

A Design folder holds ``design.docx`` and ``design.odt`` (``vorlage.docx`` and
``vorlage.odt`` before, still found), made and edited in Word and LibreOffice. The
shipped ones (``standard``, ``briefkopf``) and those of plugins are offered through the
``vorlagen_designs`` hook and chosen by name; a folder is chosen by its path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pluggy

from vorlagen import renamed
from vorlagen.plugins import registry
from vorlagen.shipped import STANDARD as STANDARD
from vorlagen.shipped import shipped_designs as shipped_designs
from vorlagen.shipped import standard_design as standard_design


def available_designs(manager: pluggy.PluginManager) -> dict[str, Path]:
    """Every Design folder a plugin offers, by name; a later plugin's replaces an
    earlier one."""
    return dict(registry(manager).designs)


def looks_like_path(value: str) -> bool:
    """Whether a design is named by its folder rather than by its name."""
    return "/" in value or "\\" in value or value.startswith(".")


def find_design(value: str | Path, manager: pluggy.PluginManager,
                  base_dir: Path | None = None) -> Path:
    """The Design folder ``value`` names: a name, or a folder (relative to
    ``base_dir``). Raises ValueError, naming the known ones, for neither."""
    if isinstance(value, Path) or looks_like_path(value):
        folder = Path(value)
        if not folder.is_absolute() and base_dir is not None:
            folder = base_dir / folder
        if not folder.is_dir():
            raise ValueError(f"Design-Ordner {str(value)!r} nicht gefunden ({folder})")
        return folder
    known = available_designs(manager)
    if value not in known:
        folder = Path(value)
        if base_dir is not None and (base_dir / folder).is_dir():
            return base_dir / folder
        if folder.is_dir():
            return folder
        listed = ", ".join(sorted(known)) or "keins"
        raise ValueError(f"kein Design {value!r} (bekannt: {listed}; oder der Pfad eines "
                         "Ordners mit design.docx und design.odt)")
    return known[value]


_OLD_NAMES = {"available_templates": "available_designs", "find_template": "find_design",
              "standard_template_dir": "standard_design",
              "shipped_templates": "shipped_designs"}
"""This module's functions by their old names (docs/woerter.md)."""


def __getattr__(name: str) -> Any:
    """An old name still gives its function, with a ``Renamed`` warning."""
    if name in _OLD_NAMES:
        renamed.warn(f"vorlagen.templates.{name}", f"vorlagen.templates.{_OLD_NAMES[name]}")
        return globals()[_OLD_NAMES[name]]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

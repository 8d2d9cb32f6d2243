"""Template folders (designs): where a body's corporate design lives.

A template folder holds ``design.docx`` and ``design.odt`` (``vorlage.docx`` and
``vorlage.odt`` before, still found), made and edited in Word and
LibreOffice. The shipped ones (``standard``, ``briefkopf``) and those of plugins are
offered through the ``vorlagen_designs`` hook and chosen by name; a folder is chosen by
its path.
"""

from __future__ import annotations

from pathlib import Path

import pluggy

from vorlagen.plugins import registry
from vorlagen.shipped import STANDARD as STANDARD
from vorlagen.shipped import shipped_templates as shipped_templates
from vorlagen.shipped import standard_template_dir as standard_template_dir


def available_templates(manager: pluggy.PluginManager) -> dict[str, Path]:
    """Every template folder a plugin offers, by name; a later plugin's replaces an
    earlier one."""
    return dict(registry(manager).designs)


def looks_like_path(value: str) -> bool:
    """Whether a design is named by its folder rather than by its name."""
    return "/" in value or "\\" in value or value.startswith(".")


def find_template(value: str | Path, manager: pluggy.PluginManager,
                  base_dir: Path | None = None) -> Path:
    """The template folder ``value`` names: a name, or a folder (relative to
    ``base_dir``). Raises ValueError, naming the known ones, for neither."""
    if isinstance(value, Path) or looks_like_path(value):
        folder = Path(value)
        if not folder.is_absolute() and base_dir is not None:
            folder = base_dir / folder
        if not folder.is_dir():
            raise ValueError(f"Design-Ordner {str(value)!r} nicht gefunden ({folder})")
        return folder
    known = available_templates(manager)
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

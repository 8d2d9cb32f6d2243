"""vorlagen: Sitzungsvorlagen as DOCX and ODT from structured data.

The library API::

    from vorlagen import load_vorlage, render, render_to_file

    vorlage = load_vorlage("vorlage.yaml")      # or a dict
    docx_bytes = render(vorlage, "docx")
    render_to_file(vorlage, "out/2018-077.odt")
    render_to_folder(vorlage, "out/")           # the paper and its Anlagen, DOCX and ODT
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    __version__: str
    from vorlagen.builder import Builder
    from vorlagen.contributions import (
        Blocks,
        Content,
        DocumentType,
        GeneratedAnlage,
        PluginConfig,
    )
    from vorlagen.errors import InputError, PluginError, Problem, VorlagenError
    from vorlagen.hookspecs import hookimpl
    from vorlagen.load import load_vorlage
    from vorlagen.loaded import LoadedVorlage
    from vorlagen.model import Abschnitt, Anlage, Beratung, Vorlage
    from vorlagen.paper import Paper, build
    from vorlagen.plugins import plugin_manager
    from vorlagen.render import (
        render,
        render_document,
        render_files,
        render_to_file,
        render_to_folder,
    )

_HOMES = {
    "Blocks": "contributions", "Content": "contributions", "DocumentType": "contributions",
    "GeneratedAnlage": "contributions", "PluginConfig": "contributions",
    "Builder": "builder", "LoadedVorlage": "loaded",
    "InputError": "errors", "PluginError": "errors", "Problem": "errors",
    "VorlagenError": "errors", "hookimpl": "hookspecs", "load_vorlage": "load",
    "Abschnitt": "model", "Anlage": "model", "Beratung": "model", "Vorlage": "model",
    "Paper": "paper", "build": "paper", "plugin_manager": "plugins", "render": "render",
    "render_document": "render", "render_files": "render", "render_to_file": "render",
    "render_to_folder": "render",
}
"""Where each public name lives. Importing ``vorlagen`` imports none of them, so a
command or a program that needs one part does not pay for pydantic, python-docx and
odfpy at start-up; each is imported on first use (PEP 562)."""


def __getattr__(name: str) -> Any:
    if name == "__version__":  # the installed distribution's, from its metadata
        from importlib.metadata import version

        globals()[name] = version("vorlagen")
        return globals()[name]
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'vorlagen' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"vorlagen.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])


__all__ = [
    "Abschnitt",
    "Anlage",
    "Beratung",
    "Blocks",
    "Builder",
    "Content",
    "DocumentType",
    "GeneratedAnlage",
    "InputError",
    "LoadedVorlage",
    "Paper",
    "PluginConfig",
    "PluginError",
    "Problem",
    "Vorlage",
    "VorlagenError",
    "build",
    "hookimpl",
    "load_vorlage",
    "plugin_manager",
    "render",
    "render_document",
    "render_files",
    "render_to_file",
    "render_to_folder",
]

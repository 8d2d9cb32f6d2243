"""vorlagen: Sitzungsvorlagen as DOCX and ODT from structured data.

The library API::

    from vorlagen import load_vorlage, render, render_to_file

    vorlage = load_vorlage("vorlage.yaml")      # or a dict
    docx_bytes = render(vorlage, "docx")
    render_to_file(vorlage, "out/2018-077.odt")
    render_to_folder(vorlage, "out/")           # the paper and its Anlagen, DOCX and ODT
"""

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

__all__ = [
    "Abschnitt",
    "Anlage",
    "Beratung",
    "Blocks",
    "Content",
    "DocumentType",
    "GeneratedAnlage",
    "InputError",
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

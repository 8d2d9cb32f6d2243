"""vorlagen: Sitzungsvorlagen as DOCX and ODT from structured data.

The library API::

    from vorlagen import load_vorlage, render, render_to_file

    vorlage = load_vorlage("vorlage.yaml")      # or a dict
    docx_bytes = render(vorlage, "docx")
    render_to_file(vorlage, "out/2018-077.odt")
"""

from vorlagen.compose import compose
from vorlagen.errors import InputError, PluginError, Problem, VorlagenError
from vorlagen.hookspecs import hookimpl
from vorlagen.load import load_vorlage
from vorlagen.model import Abschnitt, Anlage, Beratung, Vorlage
from vorlagen.plugins import plugin_manager
from vorlagen.render import render, render_document, render_to_file

__all__ = [
    "Abschnitt",
    "Anlage",
    "Beratung",
    "InputError",
    "PluginError",
    "Problem",
    "Vorlage",
    "VorlagenError",
    "compose",
    "hookimpl",
    "load_vorlage",
    "plugin_manager",
    "render",
    "render_document",
    "render_to_file",
]

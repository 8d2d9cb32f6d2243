"""Everything a plugin may use, in one module: the stable surface for plugins.

A plugin imports only from here (``from vorlagen.plugin_api import hookimpl, ...``); the
plugins in ``plugins/`` do, and a test checks it. What is not here is internal and may
change in any release. A name here is renamed only with the old one kept for a while,
warning (``DeprecationWarning``) that it is going; CHANGELOG.md lists every change.

``HOOK_VERSION`` counts changes to the hooks (``vorlagen.hookspecs``): it grows when a
hook is added or gets a new argument, which existing plugins need not take. A plugin
that needs a newer one checks it: ``HOOK_VERSION >= 2``.
"""

from __future__ import annotations

import warnings
from typing import Any

from vorlagen.blocks import (
    NICHTOEFFENTLICH,
    bullets,
    cell,
    header_row,
    heading,
    marked,
    paragraph,
)
from vorlagen.contributions import (
    Blocks,
    Content,
    DocumentType,
    GeneratedAnlage,
    PluginConfig,
    Section,
)
from vorlagen.daten import Betrag, DataFile, Datum, JaNein, load_rows
from vorlagen.draft import Draft, datum
from vorlagen.errors import InputError, Problem
from vorlagen.hookspecs import HOOK_VERSION, hookimpl
from vorlagen.janein import JaOderNein
from vorlagen.model import Vorlage
from vorlagen.templating import betrag, kreuz
from vorlagen.tree import (
    Block,
    Cell,
    Document,
    Field,
    Heading,
    LineBreak,
    ListBlock,
    PageBreak,
    Paragraph,
    Table,
    Text,
    document_texts,
    plain_text,
    walk,
)
from vorlagen.writers import BatchWriter, Writer

_RENAMED: dict[str, str] = {}
"""Old name → new name of what was renamed; the old one still works, with a warning."""


def __getattr__(name: str) -> Any:
    if name in _RENAMED:
        new = _RENAMED[name]
        warnings.warn(f"vorlagen.plugin_api.{name} heißt jetzt {new}; der alte Name "
                      "fällt in einer späteren Version weg", DeprecationWarning, stacklevel=2)
        return globals()[new]
    raise AttributeError(f"module 'vorlagen.plugin_api' has no attribute {name!r}")


__all__ = [
    "HOOK_VERSION",
    "NICHTOEFFENTLICH",
    "BatchWriter",
    "Betrag",
    "Block",
    "Blocks",
    "Cell",
    "Content",
    "DataFile",
    "Datum",
    "Document",
    "DocumentType",
    "Draft",
    "Field",
    "GeneratedAnlage",
    "Heading",
    "InputError",
    "JaNein",
    "JaOderNein",
    "LineBreak",
    "ListBlock",
    "PageBreak",
    "Paragraph",
    "PluginConfig",
    "Problem",
    "Section",
    "Table",
    "Text",
    "Vorlage",
    "Writer",
    "betrag",
    "bullets",
    "cell",
    "datum",
    "document_texts",
    "header_row",
    "heading",
    "hookimpl",
    "kreuz",
    "load_rows",
    "marked",
    "paragraph",
    "plain_text",
    "walk",
]

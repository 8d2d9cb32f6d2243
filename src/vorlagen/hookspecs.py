"""The hooks a plugin can implement, each with what it receives and returns.

Every hook is named ``vorlagen_*``; a plugin implements any of them with
``@vorlagen.hookimpl`` and asks only for the arguments it needs. Built-in behaviour
(the three kinds of paper, their sections, the DOCX and ODT writers) uses the same hooks,
see ``vorlagen.default_plugins``. A hook may return ``None`` to contribute nothing.

Hooks that receive ``vorlage`` get it with every plugin block already validated, so a
plugin reads its own configuration with ``vorlage.plugin_config(name, Model)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pluggy

from vorlagen.contributions import (
    Content,
    DocumentType,
    GeneratedAnlage,
    PluginConfig,
    Section,
)
from vorlagen.model import Vorlage
from vorlagen.renamed import Renamed, said
from vorlagen.writers import Writer

HOOK_VERSION = 3
"""Which hooks there are, counted: 1 the hooks of vorlagen's first plugins (config,
variables, content, anlagen, nichtoeffentlich, sections, document_types, writers); 2
``vorlagen_layouts`` and ``vorlagen_templates`` added, and writers may write many
documents at once (``write_many``); 3 those two named ``vorlagen_hausformate`` and
``vorlagen_designs``, and a writer's ``template_name`` ``design_file`` (the old names
still work, with a ``Renamed`` warning). It grows
with every hook added or argument given; a plugin that needs a newer one checks it
(``vorlagen.plugin_api.HOOK_VERSION``)."""

hookspec = pluggy.HookspecMarker("vorlagen")
hookimpl = pluggy.HookimplMarker("vorlagen")


@hookspec
def vorlagen_writers() -> list[Writer] | None:
    """Output formats this plugin provides.

    Returns writers (see ``vorlagen.writers.Writer``); each is looked up by its
    ``format`` name, e.g. ``"docx"``. A later plugin's writer for the same format wins.
    """


@hookspec
def vorlagen_document_types() -> list[DocumentType] | None:
    """Kinds of paper this plugin provides (``art`` in the Vorlage) and their sections.

    A later plugin's type of the same name replaces an earlier one. Deprecated: a plugin
    that implements it gets a ``DeprecationWarning``; a paper's structure comes from its
    Hausformat's kinds (``arten`` and ``aufbau``), which a plugin ships with
    ``vorlagen_hausformate``.
    """


@hookspec
def vorlagen_hausformate() -> dict[str, Path] | None:
    """Hausformate this plugin provides: name → Hausformat file (YAML, see
    ``vorlagen.hausformat``), e.g. ``{"kreis-musterstadt": Path(__file__).parent /
    "kreis-musterstadt.yaml"}``. A Vorlage chooses one with ``hausformat: name``; a later
    plugin's Hausformat of the same name replaces an earlier one.
    """


@hookspec(warn_on_impl=Renamed(said("vorlagen_layouts", "vorlagen_hausformate",
                                    "der Hook ")))
def vorlagen_layouts() -> dict[str, Path] | None:
    """The old name of ``vorlagen_hausformate``: still asked, after it."""


@hookspec(warn_on_impl=Renamed(said("vorlagen_templates", "vorlagen_designs", "der Hook ")))
def vorlagen_templates() -> dict[str, Path] | None:
    """The old name of ``vorlagen_designs``: still asked, after it."""


@hookspec
def vorlagen_designs() -> dict[str, Path] | None:
    """Designs this plugin provides: name → Design folder holding ``design.docx``
    and ``design.odt`` (old: ``vorlage.docx``, ``vorlage.odt``; see
    ``vorlagen.templates``). A Hausformat chooses one with ``design: name``, the
    command line with ``--design name``; a later plugin's design of the same name
    replaces an earlier one.
    """


@hookspec
def vorlagen_sections() -> dict[str, Section] | None:
    """Sections by name, for document types to list.

    A section is a function of the ``vorlagen.draft.Draft`` that returns blocks of the
    document tree; it returns no blocks to be left out.
    """


@hookspec
def vorlagen_config() -> PluginConfig | None:
    """The name of this plugin's block in the Vorlage and the pydantic model that
    validates it.

    A Vorlage may then carry ``plugins: {name: {...}}``; the block is checked with the
    model when the Vorlage is loaded, with ``base_dir`` (the Vorlage's folder) in the
    validation context. Errors are reported with the Vorlage file, field and line.
    """


@hookspec
def vorlagen_variables(vorlage: Vorlage, oeffentlich: bool) -> dict[str, Any] | None:
    """Variables for the text fields, e.g. ``{"massnahmen": {"anzahl": 178}}``.

    Text fields use them as ``{{ massnahmen.anzahl }}`` (Jinja2, sandboxed). Values are
    inserted as text, never evaluated as templates; a ``vorlagen.contributions.Blocks``
    value inserts whole blocks where it stands alone in a paragraph. Names from different
    plugins must not clash.

    ``oeffentlich`` is true when the version for publication is built: leave out what is
    nichtöffentlich (and name it in ``vorlagen_nichtoeffentlich``). A hook implementation
    may leave out any argument it does not need.
    """


@hookspec
def vorlagen_content(vorlage: Vorlage, oeffentlich: bool) -> list[Content] | None:
    """Blocks for named places of the paper: a new Sachverhalt subsection, or an
    addition to Finanzielle Auswirkungen (see ``vorlagen.contributions.Content``).
    Content marked ``nichtoeffentlich`` is left out of the version for publication."""


@hookspec
def vorlagen_anlagen(vorlage: Vorlage, oeffentlich: bool) -> list[GeneratedAnlage] | None:
    """Anlagen made from data.

    Each is numbered after the Anlagen of the Vorlage file, listed under "Anlagen" and
    written as a document of its own in every requested format.
    """


@hookspec
def vorlagen_nichtoeffentlich(vorlage: Vorlage) -> list[str] | None:
    """Texts of this plugin's data that are nichtöffentlich, e.g. the names of persons.

    The version for publication must not contain any of them: the core checks every
    text of it and refuses to write it if one is there. A paper whose full version holds
    any of them says on every page that it is not for publication.
    """

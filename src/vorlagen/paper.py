"""A Vorlage and everything plugins contribute, made into document trees.

This is the one place where the hooks meet: variables for the text fields, content for
named places, generated Anlagen, the document type's sections. The result is the paper
and its generated Anlagen as neutral trees, ready for any writer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pluggy

from vorlagen.blocks import paragraph
from vorlagen.compose import FOOTER, Draft, compose, created
from vorlagen.configure import configure
from vorlagen.contributions import Content, GeneratedAnlage
from vorlagen.errors import PluginError
from vorlagen.model import Vorlage
from vorlagen.plugins import call, layout, plugin_manager
from vorlagen.templating import TextRenderer
from vorlagen.tree import Block, Document, Metadata, Paragraph, Text


@dataclass(frozen=True, slots=True)
class AnlageDocument:
    """A generated Anlage with its number, written next to the paper."""

    nummer: int
    titel: str
    document: Document


@dataclass(frozen=True, slots=True)
class Paper:
    """The paper and the Anlagen generated for it."""

    document: Document
    anlagen: tuple[AnlageDocument, ...] = ()


def build(vorlage: Vorlage, plugins: pluggy.PluginManager | None = None) -> Paper:
    """The document trees of a Vorlage, with the contributions of ``plugins`` (by default
    the built-in and installed plugins)."""
    manager = plugins or plugin_manager()
    vorlage = configure(vorlage, manager)
    document_type, available = layout(manager, vorlage.art)
    generated = _generated(vorlage, manager)
    files = [(nummer, anlage.titel) for nummer, anlage in vorlage.nummerierte_anlagen()]
    draft = Draft(
        vorlage,
        text=TextRenderer(_variables(vorlage, manager)),
        content=tuple(_content(vorlage, manager)),
        anlagen=tuple(files + [(nummer, anlage.titel) for nummer, anlage in generated]),
    )
    document = compose(draft, document_type.sections, available)
    return Paper(document, tuple(
        AnlageDocument(nummer, anlage.titel, _anlage_document(vorlage, nummer, anlage))
        for nummer, anlage in generated
    ))


def _variables(vorlage: Vorlage, manager: pluggy.PluginManager) -> dict[str, Any]:
    variables: dict[str, Any] = {}
    owner: dict[str, str] = {}
    for plugin, offered in call(manager, "vorlagen_variables", vorlage=vorlage):
        for name, value in offered.items():
            if name in variables:
                raise PluginError(plugin, "vorlagen_variables", ValueError(
                    f"die Variable {name!r} liefert schon das Plugin {owner[name]!r}"))
            variables[name] = value
            owner[name] = plugin
    return variables


def _content(vorlage: Vorlage, manager: pluggy.PluginManager) -> list[Content]:
    # pluggy answers newest plugin first; content goes in the order plugins were added.
    answers = reversed(call(manager, "vorlagen_content", vorlage=vorlage))
    return [content for _, contents in answers for content in contents]


def _generated(
    vorlage: Vorlage, manager: pluggy.PluginManager
) -> list[tuple[int, GeneratedAnlage]]:
    """Generated Anlagen, numbered after (and around) the numbers the file uses."""
    taken = {nummer for nummer, _ in vorlage.nummerierte_anlagen()}
    answers = reversed(call(manager, "vorlagen_anlagen", vorlage=vorlage))
    numbered: list[tuple[int, GeneratedAnlage]] = []
    nummer = 1
    for _, anlagen in answers:
        for anlage in anlagen:
            while nummer in taken:
                nummer += 1
            taken.add(nummer)
            numbered.append((nummer, anlage))
    return numbered


def _anlage_document(vorlage: Vorlage, nummer: int, anlage: GeneratedAnlage) -> Document:
    """An Anlage as a document of its own: which paper it belongs to, its title, body."""
    kopf: list[Block] = [
        paragraph(f"Anlage {nummer} zur {vorlage.art} Drucksachen-Nr. {vorlage.drucksachen_nr}",
                  "label"),
        Paragraph((Text(anlage.titel, bold=True),), role="subject"),
    ]
    metadata = Metadata(
        title=anlage.titel,
        subject=f"Anlage {nummer} zur Drucksache {vorlage.drucksachen_nr}",
        author=vorlage.federfuehrung or vorlage.organisationseinheit,
        keywords=("Anlage", vorlage.drucksachen_nr),
        created=created(vorlage),
    )
    return Document(metadata, (*kopf, *anlage.body), FOOTER)


"""A Vorlage and everything plugins contribute, made into document trees.

This is the one place where the hooks meet: variables for the text fields, content for
named places, generated Anlagen, the document type's sections. The result is the paper
and its generated Anlagen as neutral trees, ready for any writer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pluggy

from vorlagen.blocks import marked, paragraph
from vorlagen.compose import FOOTER, compose, created, unbroken_outline
from vorlagen.configure import configure
from vorlagen.contributions import Content, GeneratedAnlage
from vorlagen.draft import Draft
from vorlagen.errors import InputError, PluginError, Problem, VorlagenError
from vorlagen.loaded import LoadedVorlage
from vorlagen.model import Vorlage
from vorlagen.plugins import call, hausformat_sections, plugin_manager
from vorlagen.sandbox import one_paper
from vorlagen.templating import TextRenderer
from vorlagen.tree import Block, Document, Metadata, Paragraph, Text, document_texts
from vorlagen.veroeffentlichung import found


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
    nichtoeffentlich: tuple[tuple[str, str], ...] = ()
    """The texts plugins name as nichtöffentlich, each with its plugin: what the version
    for publication must not hold, in its documents nor in the Anlage files beside it."""
    design: Path | None = None
    """The template folder the Hausformat chooses (``design``); None: the standard one."""


NICHT_OEFFENTLICH = "Nichtöffentlich – nicht zur Veröffentlichung bestimmt"
"""The header of every page of a full version that holds nichtöffentliche content."""


def build(
    vorlage: Vorlage | LoadedVorlage, plugins: pluggy.PluginManager | None = None, *,
    oeffentlich: bool = False, anlagen: bool = True,
) -> Paper:
    """The document trees of a Vorlage, with the contributions of ``plugins`` (by default
    the built-in and installed plugins). A Vorlage not loaded by ``load_vorlage`` is
    checked against them first (``configure``); a loaded one is taken as it is.

    ``oeffentlich`` builds the version for publication: without the Sachverhalt
    subsections, Anlagen, plugin content and plugin data marked nichtöffentlich. Anlagen
    keep their numbers. The full version (the default) holds everything and, if any of
    it is nichtöffentlich, says so at the top of every page. Whether the version for
    publication still holds a nichtöffentliche text is checked by the builder
    (``vorlagen.builder.check_public``). Without ``anlagen`` the documents of the
    generated Anlagen are not made (the paper alone is written).
    """
    manager = plugins or plugin_manager()
    return _built(configure(vorlage, manager), manager, oeffentlich, anlagen)


def text_problems(vorlage: LoadedVorlage, plugins: pluggy.PluginManager | None = None
                  ) -> list[Problem]:
    """What building finds wrong in the text fields of a Vorlage that has other errors
    (``load_vorlage(more_problems=...)``), given with its wrong values taken out and its
    Hausformat found: so that one run names these with the rest. None where building
    fails for another reason (a plugin, the Hausformat): that is said once the Vorlage
    loads."""
    manager = plugins or plugin_manager()
    try:
        _built(vorlage, manager, oeffentlich=False)
    except InputError as error:
        if error.source == vorlage.quelle and error.mention is None:
            return error.problems
    except VorlagenError:
        pass
    return []


def _built(loaded: LoadedVorlage, manager: pluggy.PluginManager, oeffentlich: bool,
           anlagen_documents: bool = True) -> Paper:
    """The paper of a Vorlage already checked against its Hausformat and plugins; its
    texts together within one budget (``vorlagen.sandbox.one_paper``)."""
    with one_paper():
        return _built_within(loaded, manager, oeffentlich, anlagen_documents)


def _built_within(loaded: LoadedVorlage, manager: pluggy.PluginManager, oeffentlich: bool,
                  anlagen_documents: bool) -> Paper:
    chosen, vorlage = loaded.hausformat, loaded.vorlage
    available = hausformat_sections(manager, chosen.aufbau, chosen.from_plugin, chosen.quelle)
    generated = _generated(vorlage, manager, oeffentlich)
    files = vorlage.nummerierte_anlagen()
    content = _content(vorlage, manager, oeffentlich)
    nichtoeffentlich = _nichtoeffentlich(vorlage, manager)
    holds_marked = bool(nichtoeffentlich) or any([
        *(abschnitt.nichtoeffentlich for abschnitt in vorlage.sachverhalt),
        *(anlage.nichtoeffentlich for _, anlage in files),
        *(anlage.nichtoeffentlich for _, anlage in generated),
        *(item.nichtoeffentlich for item in content)])
    header: tuple[Paragraph, ...] = ()
    if oeffentlich:
        # Sachverhalt subsections and plugin content stay in the draft, whose sections
        # leave them out but keep their numbers.
        files = [(nummer, anlage) for nummer, anlage in files if not anlage.nichtoeffentlich]
        generated = [(nummer, anlage) for nummer, anlage in generated
                     if not anlage.nichtoeffentlich]
    elif holds_marked:
        header = (Paragraph((Text(NICHT_OEFFENTLICH, bold=True),), role="footer"),)
    draft = Draft(
        vorlage,
        text=TextRenderer(_variables(vorlage, manager, oeffentlich)),
        content=tuple(content),
        anlagen=tuple(sorted(
            [(nummer, marked(anlage.titel, anlage.nichtoeffentlich)) for nummer, anlage in files]
            + [(nummer, marked(anlage.titel, anlage.nichtoeffentlich))
               for nummer, anlage in generated])),
        oeffentlich=oeffentlich,
        hausformat=chosen.hausformat,
        art=chosen.art,
        hausformat_quelle=chosen.quelle,
        quelle=loaded.quelle,
        zeilen=loaded.zeilen,
    )
    document = replace(compose(draft, chosen.aufbau, available), header=header)
    anlagen = []
    for nummer, anlage in generated if anlagen_documents else ():
        made = replace(_anlage_document(vorlage, nummer, anlage),
                       placeholders=document.placeholders)  # the same letterhead
        if header and (anlage.nichtoeffentlich or _holds(made, nichtoeffentlich)):
            made = replace(made, header=header)
        anlagen.append(AnlageDocument(nummer, anlage.titel, made))
    return Paper(document, tuple(anlagen), tuple(nichtoeffentlich.items()), loaded.design)


def anlage_titles(vorlage: Vorlage | LoadedVorlage, paper: Paper) -> dict[int, str]:
    """Each Anlage's title by its number: the Vorlage file's and those plugins made."""
    titles = {nummer: anlage.titel for nummer, anlage in vorlage.nummerierte_anlagen()}
    titles.update((anlage.nummer, anlage.titel) for anlage in paper.anlagen)
    return titles


def _nichtoeffentlich(vorlage: Vorlage, manager: pluggy.PluginManager) -> dict[str, str]:
    """The texts plugins name as nichtöffentlich, each with the plugin that named it."""
    named: dict[str, str] = {}
    for plugin, texts in call(manager, "vorlagen_nichtoeffentlich", vorlage=vorlage):
        for text in texts:
            if text.strip():
                named.setdefault(text.strip(), plugin)
    return named


def _holds(document: Document, nichtoeffentlich: dict[str, str]) -> bool:
    """Whether ``document`` holds one of the nichtöffentliche texts, however written."""
    return bool(found(document_texts(document), nichtoeffentlich))


def _variables(
    vorlage: Vorlage, manager: pluggy.PluginManager, oeffentlich: bool
) -> dict[str, Any]:
    variables: dict[str, Any] = {}
    owner: dict[str, str] = {}
    for plugin, offered in call(manager, "vorlagen_variables", vorlage=vorlage,
                                oeffentlich=oeffentlich):
        for name, value in offered.items():
            if name in variables:
                raise PluginError(plugin, "vorlagen_variables", ValueError(
                    f"die Variable {name!r} liefert schon das Plugin {owner[name]!r}"))
            variables[name] = value
            owner[name] = plugin
    return variables


def _content(vorlage: Vorlage, manager: pluggy.PluginManager, oeffentlich: bool
             ) -> list[Content]:
    # pluggy answers newest plugin first; content goes in the order plugins were added.
    answers = reversed(call(manager, "vorlagen_content", vorlage=vorlage,
                            oeffentlich=oeffentlich))
    return [content for _, contents in answers for content in contents]


def _generated(
    vorlage: Vorlage, manager: pluggy.PluginManager, oeffentlich: bool
) -> list[tuple[int, GeneratedAnlage]]:
    """Generated Anlagen, numbered after (and around) the numbers the file uses."""
    taken = {nummer for nummer, _ in vorlage.nummerierte_anlagen()}
    answers = reversed(call(manager, "vorlagen_anlagen", vorlage=vorlage,
                            oeffentlich=oeffentlich))
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
        Paragraph((Text(marked(anlage.titel, anlage.nichtoeffentlich), bold=True),),
                  role="subject"),
    ]
    metadata = Metadata(
        title=anlage.titel,
        subject=f"Anlage {nummer} zur Drucksache {vorlage.drucksachen_nr}",
        author=vorlage.federfuehrung or vorlage.organisationseinheit or "",
        keywords=("Anlage", vorlage.drucksachen_nr),
        created=created(vorlage),
    )
    return Document(metadata, tuple(unbroken_outline([*kopf, *anlage.body])), FOOTER,
                    landscape=anlage.querformat)


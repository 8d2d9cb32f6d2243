"""From a Vorlage to the neutral document tree, one section at a time.

A paper is a sequence of Bausteine (Kopf, Beratungsfolge, Sachverhalt, ...) in the
order and with the labels of its Hausformat (``vorlagen.hausformat``); each makes blocks
from the ``Draft`` (the Vorlage plus what plugins contributed, ``vorlagen.draft``), see
``vorlagen.bausteine``. A plugin's section is a function of the Draft too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, time

from vorlagen.bausteine import render_baustein
from vorlagen.contributions import Section
from vorlagen.draft import ALIGNMENTS, Draft, datum
from vorlagen.errors import InputError, Problem
from vorlagen.hausformat import Baustein
from vorlagen.messages import field_path
from vorlagen.model import Vorlage
from vorlagen.tree import (
    Block,
    Document,
    Field,
    Heading,
    Inline,
    Metadata,
    Paragraph,
    Text,
)

FOOTER = (
    Paragraph((Text("Seite "), Field("page"), Text(" von "), Field("pages")), role="footer"),
)


def metadata(draft: Draft) -> Metadata:
    vorlage = draft.vorlage
    return Metadata(
        title=" ".join(draft.plain("titel", vorlage.titel).split()),
        subject=f"{vorlage.art} Drucksachen-Nr. {vorlage.drucksachen_nr}",
        author=vorlage.federfuehrung or vorlage.organisationseinheit or "",
        keywords=(vorlage.art, vorlage.drucksachen_nr),
        created=created(vorlage),
    )


def created(vorlage: Vorlage) -> datetime:
    """The creation date of the paper's files: the Vorlage's date, at midnight UTC."""
    return datetime.combine(vorlage.datum, time(), tzinfo=UTC)


def _located(draft: Draft, error: InputError, prefix: tuple[int | str, ...]) -> InputError:
    """A problem in a Baustein's text, its place made the whole path in the Hausformat file
    (``aufbau[3].felder.felder[2].wert``), with the file's line."""
    located = []
    for problem in error.problems:
        loc = (*prefix, *(int(part) if part.isdigit() else part
                          for part in re.findall(r"[^.\[\]]+", problem.field)))
        located.append(Problem(field_path(loc), problem.message,
                               draft.hausformat.zeile(loc)))
    return InputError(draft.hausformat.datei(prefix) or error.source, located)


def page_paragraph(template: str, ausrichtung: str | None = None) -> Paragraph:
    """A header or footer line of the Hausformat, its ``{{ variables }}`` filled in:
    ``{seite}`` and ``{seiten}`` become the page number and the number of pages."""
    inlines: list[Inline] = []
    for part in re.split(r"(\{seite\}|\{seiten\})", template):
        if part == "{seite}":
            inlines.append(Field("page"))
        elif part == "{seiten}":
            inlines.append(Field("pages"))
        elif part:
            inlines.append(Text(part))
    return Paragraph(tuple(inlines), role="footer",
                     align=ALIGNMENTS[ausrichtung] if ausrichtung else None)


def compose(
    draft: Draft, aufbau: Iterable[Baustein | str], sections: Mapping[str, Section]
) -> Document:
    """The document tree of a paper: the Bausteine of its Hausformat, in order. A name
    is a section of ``sections`` (registered by plugins)."""
    body: list[Block] = []
    for index, baustein in enumerate(aufbau):
        if isinstance(baustein, str):
            body.extend(sections[baustein](draft))
            continue
        try:
            body.extend(render_baustein(draft, baustein, sections))
        except InputError as error:
            if error.source != draft.hausformat_quelle:
                raise
            raise _located(draft, error, (*draft.hausformat.aufbau_loc(draft.vorlagenart),
                                          index, baustein.typ)) from None
    body = unbroken_outline(body)
    seite = draft.hausformat.seite
    footer = (page_paragraph(draft.hausformat_text("seite.fuss", seite.fuss),
                             seite.fuss_ausrichtung),) if seite.fuss else ()
    following = (page_paragraph(draft.hausformat_text("seite.kopf_folgeseiten",
                                                  seite.kopf_folgeseiten),
                                seite.kopf_ausrichtung),) if seite.kopf_folgeseiten else ()
    meta = metadata(draft)
    placeholders = letterhead(draft, meta.title)
    draft.check()
    return Document(metadata=meta, body=tuple(body), footer=footer,
                    header_following=following, placeholders=placeholders)


def unbroken_outline(blocks: list[Block]) -> list[Block]:
    """The blocks with each heading at most one level below the heading before it (the
    first at level 1): an outline without gaps, which screen readers and a tagged PDF's
    structure need (BITV 2.0). A Sachverhalt without a heading of its own has its
    subsections' headings at level 2, which become level 1 here."""
    outlined: list[Block] = []
    previous = 0
    for block in blocks:
        if isinstance(block, Heading):
            if block.level > previous + 1:
                block = Heading(previous + 1, block.inlines)
            previous = block.level
        outlined.append(block)
    return outlined


PLATZHALTER = ("behoerde", "organisationseinheit", "drucksachen_nr", "datum", "bearbeiter",
               "federfuehrung", "verantwortlich", "aktenzeichen", "art", "titel", "status")
"""What a template's letterhead may show (``{{ behoerde }}``), besides ``angaben.*``."""


def letterhead(draft: Draft, titel: str) -> tuple[tuple[str, str], ...]:
    """The values of ``PLATZHALTER`` and of the Vorlage's ``angaben`` for a template's
    placeholders, as the paper writes them (dates 04.04.2018; ``titel`` as the document's
    metadata has it, filled in and on one line); "" where a Vorlage has
    none, so that one template serves papers with and without a Bearbeiter."""
    vorlage = draft.vorlage
    variables = draft.hausformat_variables()
    values = {name: variables.get(name) for name in PLATZHALTER}
    values.update(behoerde=draft.hausformat.behoerde, datum=datum(vorlage.datum),
                  titel=titel)
    found = [(name, "" if value is None else str(value)) for name, value in values.items()]
    found += [(f"angaben.{name}", str(value)) for name, value in vorlage.angaben.items()]
    return tuple(found)

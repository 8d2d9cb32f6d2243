"""From a Vorlage to the neutral document tree, one section at a time.

A paper is a sequence of Bausteine (Kopf, Beratungsfolge, Sachverhalt, ...) in the
order and with the labels of its Hausformat (``vorlagen.hausformat``); each makes blocks
from the ``Draft`` (the Vorlage plus what plugins contributed), see
``vorlagen.bausteine``. A plugin's section is a function of the Draft too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cached_property
from typing import Any

from babel.dates import format_date

from vorlagen.contributions import Content, Place, Section
from vorlagen.errors import InputError, Problem, in_line_order
from vorlagen.hausformat import Baustein, Hausformat, Vorlagenart
from vorlagen.markdown import MarkdownError
from vorlagen.messages import field_path
from vorlagen.model import Vorlage
from vorlagen.templating import TextError, TextRenderer
from vorlagen.textcheck import NOT_IN_LAYOUT_TEXTS
from vorlagen.tree import (
    Alignment,
    Block,
    Document,
    Field,
    Heading,
    Inline,
    LineBreak,
    Metadata,
    Paragraph,
    Text,
)


@dataclass(frozen=True)
class Draft:
    """Everything the sections of one paper are made from."""

    vorlage: Vorlage
    text: TextRenderer = field(default_factory=lambda: TextRenderer({}))
    """The text fields' variables, from the ``vorlagen_variables`` hook."""
    content: tuple[Content, ...] = ()
    """What plugins put into named places (``vorlagen_content``)."""
    anlagen: tuple[tuple[int, str], ...] = ()
    """Number and title of every Anlage, from the file and generated (``build`` fills it);
    in the full version a nichtöffentliche one's title is marked."""
    oeffentlich: bool = False
    """The version for publication: what is marked nichtöffentlich is left out, numbers
    stay (a gap), so that cross-references hold in both versions."""
    hausformat: Hausformat = field(default_factory=lambda: default_hausformat())
    """The body's layout (``vorlagen.hausformat``); by default ``standard``."""
    art: Vorlagenart | None = None
    """The kind of paper, as the Hausformat describes it; None: found by ``art``."""
    hausformat_quelle: str = "Hausformat"
    """The layout file, for messages about its texts."""
    quelle: str = "Vorlage"
    """The Vorlage's file, for messages about its text fields."""
    zeilen: Callable[[str, int], int | None] | None = None
    """The line of a text field's line in the Vorlage's file
    (``vorlagen.loaded.LoadedVorlage.zeile``)."""
    problems: list[Problem] = field(default_factory=list, compare=False)
    """The Vorlage's text fields that could not be made: each is left empty and the
    paper made on, so that ``compose`` names them all at once, not only the first."""

    @property
    def vorlagenart(self) -> Vorlagenart:
        """The kind of paper as the Hausformat describes it (a plain one if it has none
        of that name)."""
        return (self.art or self.hausformat.art(self.vorlage.art)
                or Vorlagenart(name=self.vorlage.art,
                               beschluss=bool(self.vorlage.beschlussvorschlag)))

    def layout_variables(self) -> dict[str, Any]:
        """What the Hausformat's texts may name: the Vorlage's fields, ``titel`` as printed
        (its own variables filled in, a ``{% raw %}`` block as its text) and ``behoerde``."""
        return dict(self._layout_variables)

    @cached_property
    def _layout_variables(self) -> dict[str, Any]:
        """Made once per paper: every text of the Hausformat (each cell, each ``wenn``)
        asks for them."""
        variables = layout_variables(self.vorlage, self.vorlagenart.name)
        variables["titel"] = self.plain("titel", self.vorlage.titel)
        variables["behoerde"] = self.hausformat.behoerde or ""
        return variables

    def layout_text(self, where: str, template: str, **extra: Any) -> str:
        """A text of the Hausformat, its ``{{ variables }}`` filled in from the Vorlage
        (and ``extra``)."""
        variables = {**self.layout_variables(), **extra}
        try:
            return TextRenderer(variables).plain(template)
        except TextError as error:
            loc = tuple(where.split("."))
            line = self.hausformat.zeile(loc) if where.startswith("seite.") else None
            place = f" (Zeile {error.line} des Textes)" if error.line and "\n" in template \
                else ""
            quelle = self.hausformat.datei(loc) or self.hausformat_quelle
            raise InputError(quelle, [Problem(where, f"{error}{place}", line)]) from None

    def shows(self, nichtoeffentlich: bool) -> bool:
        """Whether content so marked belongs in this version."""
        return not (self.oeffentlich and nichtoeffentlich)

    def markdown(self, where: str, text: str) -> list[Block]:
        """The Markdown text field ``where`` (e.g. ``sachverhalt[0].text``) as blocks, its
        variables filled in; none if it cannot be made (noted in ``problems``)."""
        try:
            return self.text.markdown(text)
        except TextError as error:
            self._text_error(where, error)
        except MarkdownError as error:
            line = self._zeile(where, error.line) if error.line else None
            place = f" (Zeile {error.line} des Textes)" if error.line and not line else ""
            self._found(Problem(where, f"{error}{place}", line))
        return []

    def plain(self, where: str, text: str) -> str:
        """A one-line text field (title, heading), its variables filled in; "" if it
        cannot be made (noted in ``problems``)."""
        try:
            return self.text.plain(text)
        except TextError as error:
            self._text_error(where, error)
        return ""

    def _text_error(self, where: str, error: TextError) -> None:
        """A text field's error with the line of the Vorlage file where it stands."""
        line = self._zeile(where, error.line or 1)
        place = f" (Zeile {error.line} des Textes)" if error.line and not line else ""
        self._found(Problem(where, f"{error}{place}", line))

    def _zeile(self, where: str, line_in_text: int) -> int | None:
        return self.zeilen(where, line_in_text) if self.zeilen is not None else None

    def _found(self, problem: Problem) -> None:
        """Note a problem of a text field once (the title is made for several places)."""
        if problem not in self.problems:
            self.problems.append(problem)

    def check(self) -> None:
        """Raise the problems of the Vorlage's text fields found so far, in line order."""
        if self.problems:
            raise InputError(self.quelle, in_line_order(list(self.problems)))

    def content_for(self, place: Place) -> list[Content]:
        return [content for content in self.content if content.place == place]

    def numbered_anlagen(self) -> list[tuple[int, str]]:
        return sorted(self.anlagen)


def datum(value: date) -> str:
    """A date as German official papers write it: 04.04.2018."""
    return format_date(value, "dd.MM.yyyy", locale="de_DE")


def layout_variables(vorlage: Vorlage, art: str) -> dict[str, Any]:
    """What a Hausformat's texts may name: the Vorlage's fields (dates as dates, written
    04.04.2018, or ``| lang`` 4. April 2018), ``art`` as the paper prints it, ``status``
    (by default that of the first Beratung) and each Beratung's ``termin`` (its first)."""
    variables = vorlage.model_dump(exclude=set(NOT_IN_LAYOUT_TEXTS))
    variables["art"] = art
    variables["angaben"] = _Angaben(variables["angaben"])
    for beratung in variables["beratungsfolge"]:
        beratung["termin"] = next(iter(beratung["sitzungstermine"]), None)
    first = vorlage.beratungsfolge[0].sitzungsart if vorlage.beratungsfolge else "öffentlich"
    variables["status"] = vorlage.status or first
    return variables


class _Angaben(dict[str, Any]):
    """The Vorlage's ``angaben``: one a Vorlage does not give is empty, not an error, so
    that a layout can name values only some papers have (``{{ angaben.telefon }}``)."""

    def __missing__(self, key: str) -> str:
        return ""


def default_hausformat() -> Hausformat:
    """The ``standard`` layout, as shipped."""
    from vorlagen.hausformate import STANDARD, load_hausformat, shipped_layouts

    return load_hausformat(shipped_layouts()[STANDARD])


def lines(text: str, *, bold: bool = False) -> tuple[Inline, ...]:
    """Text whose newlines are line breaks."""
    inlines: list[Inline] = []
    for number, line in enumerate(text.split("\n")):
        if number:
            inlines.append(LineBreak())
        inlines.append(Text(line.strip(), bold=bold))
    return tuple(inlines)


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
    """A problem in a Baustein's text, its place made the whole path in the layout file
    (``aufbau[3].felder.felder[2].wert``), with the file's line."""
    located = []
    for problem in error.problems:
        loc = (*prefix, *(int(part) if part.isdigit() else part
                          for part in re.findall(r"[^.\[\]]+", problem.field)))
        located.append(Problem(field_path(loc), problem.message,
                               draft.hausformat.zeile(loc)))
    return InputError(draft.hausformat.datei(prefix) or error.source, located)


ALIGNMENTS: dict[str, Alignment] = {"links": "left", "mitte": "center", "rechts": "right"}
"""The Hausformat's words for where a line stands, as the tree says it."""


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
    from vorlagen.bausteine import render_baustein

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
    footer = (page_paragraph(draft.layout_text("seite.fuss", seite.fuss),
                             seite.fuss_ausrichtung),) if seite.fuss else ()
    following = (page_paragraph(draft.layout_text("seite.kopf_folgeseiten",
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
    variables = draft.layout_variables()
    values = {name: variables.get(name) for name in PLATZHALTER}
    values.update(behoerde=draft.hausformat.behoerde, datum=datum(vorlage.datum),
                  titel=titel)
    found = [(name, "" if value is None else str(value)) for name, value in values.items()]
    found += [(f"angaben.{name}", str(value)) for name, value in vorlage.angaben.items()]
    return tuple(found)

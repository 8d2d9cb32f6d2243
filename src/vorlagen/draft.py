"""The ``Draft``: one paper's Vorlage with what plugins contributed and its Hausformat,
from which every Baustein and every plugin's section makes its blocks; with the helpers
they share (dates as papers write them, lines, alignments).

A module of its own so that ``compose`` (the order of the Bausteine) and ``bausteine``
(what each makes) both build on it without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from typing import Any

from babel.dates import format_date

from vorlagen.contributions import Content, Place
from vorlagen.errors import InputError, Problem, in_line_order
from vorlagen.hausformat import Hausformat, Vorlagenart
from vorlagen.markdown import MarkdownError
from vorlagen.model import Vorlage
from vorlagen.readfile import read_file
from vorlagen.shipped import STANDARD, shipped_hausformate
from vorlagen.templating import TextError, TextRenderer
from vorlagen.textcheck import NOT_IN_LAYOUT_TEXTS
from vorlagen.tree import Alignment, Block, Inline, LineBreak, Text


@cache
def default_hausformat() -> Hausformat:
    """The ``standard`` Hausformat, as shipped. Read here rather than by
    ``hausformate.load_hausformat``, which may ask the plugins (for a ``basis`` by name),
    whose built-in sections are made from Drafts; ``standard`` builds on none."""
    return Hausformat.model_validate(read_file(shipped_hausformate()[STANDARD]).data)


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
    """The body's Hausformat (``vorlagen.hausformat``); by default ``standard``."""
    art: Vorlagenart | None = None
    """The kind of paper, as the Hausformat describes it; None: found by ``art``."""
    hausformat_quelle: str = "Hausformat"
    """The Hausformat file, for messages about its texts."""
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

    def hausformat_variables(self) -> dict[str, Any]:
        """What the Hausformat's texts may name: the Vorlage's fields, ``titel`` as printed
        (its own variables filled in, a ``{% raw %}`` block as its text) and ``behoerde``."""
        return dict(self._layout_variables)

    @cached_property
    def _layout_variables(self) -> dict[str, Any]:
        """Made once per paper: every text of the Hausformat (each cell, each ``wenn``)
        asks for them."""
        variables = hausformat_variables(self.vorlage, self.vorlagenart.name)
        variables["titel"] = self.plain("titel", self.vorlage.titel)
        variables["behoerde"] = self.hausformat.behoerde or ""
        return variables

    def hausformat_text(self, where: str, template: str, **extra: Any) -> str:
        """A text of the Hausformat, its ``{{ variables }}`` filled in from the Vorlage
        (and ``extra``)."""
        variables = {**self.hausformat_variables(), **extra}
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


def hausformat_variables(vorlage: Vorlage, art: str) -> dict[str, Any]:
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
    that a Hausformat can name values only some papers have (``{{ angaben.telefon }}``)."""

    def __missing__(self, key: str) -> str:
        return ""


def lines(text: str, *, bold: bool = False) -> tuple[Inline, ...]:
    """Text whose newlines are line breaks."""
    inlines: list[Inline] = []
    for number, line in enumerate(text.split("\n")):
        if number:
            inlines.append(LineBreak())
        inlines.append(Text(line.strip(), bold=bold))
    return tuple(inlines)


ALIGNMENTS: dict[str, Alignment] = {"links": "left", "mitte": "center", "rechts": "right"}
"""The Hausformat's words for where a line stands, as the tree says it."""

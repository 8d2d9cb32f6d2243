"""From a Vorlage to the neutral document tree, one section at a time.

A paper is a sequence of named sections (Kopf, Beratungsfolge, Sachverhalt, ...). Each
section is a function of the ``Draft`` (the Vorlage plus what plugins contributed) that
returns blocks; which sections, in which order, is the document type's layout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import partial

from babel.dates import format_date

from vorlagen.blocks import NICHTOEFFENTLICH, heading, marked, paragraph
from vorlagen.contributions import Content, Place, Section
from vorlagen.errors import InputError, Problem
from vorlagen.markdown import MarkdownError
from vorlagen.model import Vorlage
from vorlagen.templating import TextError, TextRenderer
from vorlagen.tree import (
    Block,
    Cell,
    Document,
    Field,
    Inline,
    LineBreak,
    ListBlock,
    Metadata,
    Paragraph,
    Table,
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

    def shows(self, nichtoeffentlich: bool) -> bool:
        """Whether content so marked belongs in this version."""
        return not (self.oeffentlich and nichtoeffentlich)

    def markdown(self, where: str, text: str) -> list[Block]:
        """The Markdown text field ``where`` (e.g. ``sachverhalt[0].text``) as blocks, its
        variables filled in."""
        try:
            return self.text.markdown(text)
        except TextError as error:
            raise InputError(self.vorlage.quelle, [Problem(where, str(error))]) from None
        except MarkdownError as error:
            line = self.vorlage.zeile(where, error.line) if error.line else None
            place = f" (Zeile {error.line} des Textes)" if error.line and not line else ""
            raise InputError(self.vorlage.quelle, [Problem(where, f"{error}{place}", line)]
                             ) from None

    def plain(self, where: str, text: str) -> str:
        """A one-line text field (title, heading), its variables filled in."""
        try:
            return self.text.plain(text)
        except TextError as error:
            raise InputError(self.vorlage.quelle, [Problem(where, str(error))]) from None

    def content_for(self, place: Place) -> list[Content]:
        return [content for content in self.content if content.place == place]

    def numbered_anlagen(self) -> list[tuple[int, str]]:
        return sorted(self.anlagen)


def datum(value: date) -> str:
    """A date as German official papers write it: 04.04.2018."""
    return format_date(value, "dd.MM.yyyy", locale="de_DE")


def lines(text: str, *, bold: bool = False) -> tuple[Inline, ...]:
    """Text whose newlines are line breaks."""
    inlines: list[Inline] = []
    for number, line in enumerate(text.split("\n")):
        if number:
            inlines.append(LineBreak())
        inlines.append(Text(line.strip(), bold=bold))
    return tuple(inlines)


def kopf(draft: Draft) -> list[Block]:
    """The kind of paper and the header fields (Organisationseinheit, Datum, Nr.)."""
    vorlage = draft.vorlage
    blocks: list[Block] = [paragraph(vorlage.art, "title")]
    if vorlage.ergaenzung_zu:
        blocks.append(paragraph(f"Ergänzung zur Drucksache {vorlage.ergaenzung_zu}"))
    felder: list[tuple[str, str]] = [
        ("Organisationseinheit", vorlage.organisationseinheit),
        ("Datum", datum(vorlage.datum)),
        ("Drucksachen-Nr.", vorlage.drucksachen_nr),
    ]
    optional = [
        ("Federführung", vorlage.federfuehrung),
        ("Beteiligung", ", ".join(vorlage.beteiligungen)),
        ("Verantwortlich", vorlage.verantwortlich),
        ("Bearbeiter/-in", vorlage.bearbeiter),
        ("Aktenzeichen", vorlage.aktenzeichen),
        ("Haushalt/Produkt", ", ".join(vorlage.haushalt_produkte)),
    ]
    felder += [(label, value) for label, value in optional if value]
    cells = [
        Cell((paragraph(label, "label"), paragraph(value)))
        for label, value in felder
    ]
    while len(cells) % 3:
        cells.append(Cell(()))
    rows = tuple(tuple(cells[start : start + 3]) for start in range(0, len(cells), 3))
    blocks.append(Table(rows=rows, widths=(2, 1, 1), role="fields"))
    return blocks


def beratungsfolge(draft: Draft) -> list[Block]:
    """The bodies that deal with the paper, as a table whose header repeats."""
    vorlage = draft.vorlage
    with_rolle = any(beratung.rolle for beratung in vorlage.beratungsfolge)
    header = ["Beratungsfolge", "Sitzungsart", "Sitzungstermin/e"]
    if with_rolle:
        header.append("Zuständigkeit")
    rows = [tuple(Cell((paragraph(text, "table-header"),)) for text in header)]
    for beratung in vorlage.beratungsfolge:
        termine = lines("\n".join(datum(termin) for termin in beratung.sitzungstermine))
        row = [
            Cell((paragraph(beratung.gremium, "table-cell"),)),
            Cell((paragraph(beratung.sitzungsart, "table-cell"),)),
            Cell((Paragraph(termine, role="table-cell"),)),
        ]
        if with_rolle:
            row.append(Cell((paragraph(beratung.rolle or "", "table-cell"),)))
        rows.append(tuple(row))
    return [Table(rows=tuple(rows), header_rows=1)]


def tagesordnungspunkt(draft: Draft) -> list[Block]:
    if draft.vorlage.tagesordnungspunkt is None:
        return []
    return [
        Paragraph(
            (Text(f"Tagesordnungspunkt {draft.vorlage.tagesordnungspunkt}"),),
            keep_with_next=True,
        )
    ]


def betreff(draft: Draft) -> list[Block]:
    """The paper's title, bold, with its line breaks kept."""
    return [Paragraph(lines(draft.plain("titel", draft.vorlage.titel), bold=True),
                      role="subject")]


def beschlussvorschlag(draft: Draft) -> list[Block]:
    if not draft.vorlage.beschlussvorschlag:
        return []
    punkte = [draft.markdown(f"beschlussvorschlag[{index}]", punkt)
              for index, punkt in enumerate(draft.vorlage.beschlussvorschlag)]
    body: list[Block] = (
        punkte[0] if len(punkte) == 1
        else [ListBlock(ordered=True, items=tuple(tuple(punkt) for punkt in punkte))]
    )
    return [heading(1, "Beschlussvorschlag"), *body]


def sachverhalt(draft: Draft) -> list[Block]:
    """The Sachverhalt (or Begründung) with its subsections numbered 1., 2., ...;
    subsections from plugins follow those of the Vorlage.

    A nichtöffentliche subsection is marked in the full version and left out of the
    version for publication, where its number stays unused.
    """
    vorlage = draft.vorlage
    blocks: list[Block] = [heading(1, vorlage.sachverhalt_ueberschrift)]
    nummer = 0

    def subsection(titel: Callable[[], str] | None, nichtoeffentlich: bool,
                   body: Callable[[], list[Block]]) -> None:
        """One subsection, the Vorlage's or a plugin's; a hidden one keeps its number,
        and its text is not even read."""
        nonlocal nummer
        nummer += titel is not None
        if not draft.shows(nichtoeffentlich):
            return
        if titel is not None:
            blocks.append(heading(2, marked(f"{nummer}. {titel()}", nichtoeffentlich)))
        elif nichtoeffentlich:
            blocks.append(paragraph(NICHTOEFFENTLICH, bold=True))
        blocks.extend(body())

    for index, abschnitt in enumerate(vorlage.sachverhalt):
        ueberschrift = abschnitt.ueberschrift
        subsection(partial(draft.plain, f"sachverhalt[{index}].ueberschrift", ueberschrift)
                   if ueberschrift else None, abschnitt.nichtoeffentlich,
                   partial(draft.markdown, f"sachverhalt[{index}].text", abschnitt.text))
    for content in draft.content_for("sachverhalt"):
        subsection(partial(str, content.ueberschrift) if content.ueberschrift else None,
                   content.nichtoeffentlich, partial(list, content.blocks))
    return blocks


def finanzielle_auswirkungen(draft: Draft) -> list[Block]:
    text = draft.vorlage.finanzielle_auswirkungen
    added: list[Block] = []
    for content in draft.content_for("finanzielle_auswirkungen"):
        if draft.shows(content.nichtoeffentlich):
            if content.nichtoeffentlich:
                added.append(paragraph(NICHTOEFFENTLICH, bold=True))
            added.extend(content.blocks)
    if text is None and not added:
        return []
    blocks: list[Block] = [heading(1, "Finanzielle Auswirkungen")]
    if text is not None:
        blocks.extend(draft.markdown("finanzielle_auswirkungen", text))
    return blocks + added


def anlagen(draft: Draft) -> list[Block]:
    numbered = draft.numbered_anlagen()
    if not numbered:
        return []
    return [
        heading(1, "Anlagen"),
        *(paragraph(f"Anlage {nummer}: {titel}") for nummer, titel in numbered),
    ]


SECTIONS: Mapping[str, Section] = {
    "kopf": kopf,
    "beratungsfolge": beratungsfolge,
    "tagesordnungspunkt": tagesordnungspunkt,
    "betreff": betreff,
    "beschlussvorschlag": beschlussvorschlag,
    "sachverhalt": sachverhalt,
    "finanzielle_auswirkungen": finanzielle_auswirkungen,
    "anlagen": anlagen,
}
"""Every section the core knows, by name."""


FOOTER = (
    Paragraph((Text("Seite "), Field("page"), Text(" von "), Field("pages")), role="footer"),
)


def metadata(draft: Draft) -> Metadata:
    vorlage = draft.vorlage
    return Metadata(
        title=" ".join(draft.plain("titel", vorlage.titel).split()),
        subject=f"{vorlage.art} Drucksachen-Nr. {vorlage.drucksachen_nr}",
        author=vorlage.federfuehrung or vorlage.organisationseinheit,
        keywords=(vorlage.art, vorlage.drucksachen_nr),
        created=created(vorlage),
    )


def created(vorlage: Vorlage) -> datetime:
    """The creation date of the paper's files: the Vorlage's date, at midnight UTC."""
    return datetime.combine(vorlage.datum, time(), tzinfo=UTC)


def compose(
    draft: Draft, layout: Iterable[str], sections: Mapping[str, Section] = SECTIONS
) -> Document:
    """The document tree of a paper: the layout's sections, in order."""
    body: list[Block] = []
    for name in layout:
        body.extend(sections[name](draft))
    return Document(metadata=metadata(draft), body=tuple(body), footer=FOOTER)

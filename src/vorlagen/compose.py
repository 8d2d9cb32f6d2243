"""From a Vorlage to the neutral document tree, one section at a time.

A paper is a sequence of named sections (Kopf, Beratungsfolge, Sachverhalt, ...). Each
section is a function of the Vorlage that returns blocks; the order of the sections is
the paper's layout and lives in one tuple.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from babel.dates import format_date

from vorlagen.markdown import to_blocks
from vorlagen.model import Vorlage
from vorlagen.tree import (
    Block,
    Cell,
    Document,
    Field,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    Metadata,
    Paragraph,
    ParagraphRole,
    Table,
    Text,
)

Section = Callable[[Vorlage], list[Block]]


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


def paragraph(text: str, role: ParagraphRole = "body") -> Paragraph:
    return Paragraph((Text(text),), role=role)


def kopf(vorlage: Vorlage) -> list[Block]:
    """The kind of paper and the header fields (Organisationseinheit, Datum, Nr.)."""
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


def beratungsfolge(vorlage: Vorlage) -> list[Block]:
    """The bodies that deal with the paper, as a table whose header repeats."""
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
    widths = (5, 3, 3.5, 3) if with_rolle else (2, 1, 1)
    return [Table(rows=tuple(rows), widths=widths, header_rows=1)]


def tagesordnungspunkt(vorlage: Vorlage) -> list[Block]:
    if vorlage.tagesordnungspunkt is None:
        return []
    return [
        Paragraph(
            (Text(f"Tagesordnungspunkt {vorlage.tagesordnungspunkt}"),), keep_with_next=True
        )
    ]


def betreff(vorlage: Vorlage) -> list[Block]:
    """The paper's title, bold, with its line breaks kept."""
    return [Paragraph(lines(vorlage.titel, bold=True), role="subject")]


def beschlussvorschlag(vorlage: Vorlage) -> list[Block]:
    if not vorlage.beschlussvorschlag:
        return []
    punkte = [to_blocks(punkt) for punkt in vorlage.beschlussvorschlag]
    body: list[Block] = (
        list(punkte[0]) if len(punkte) == 1 else [ListBlock(ordered=True, items=tuple(punkte))]
    )
    return [heading(1, "Beschlussvorschlag"), *body]


def sachverhalt(vorlage: Vorlage) -> list[Block]:
    """The Sachverhalt (or Begründung) with its subsections numbered 1., 2., ..."""
    blocks: list[Block] = [heading(1, vorlage.sachverhalt_ueberschrift)]
    nummer = 0
    for abschnitt in vorlage.sachverhalt:
        if abschnitt.ueberschrift:
            nummer += 1
            blocks.append(heading(2, f"{nummer}. {abschnitt.ueberschrift}"))
        blocks.extend(to_blocks(abschnitt.text))
    return blocks


def finanzielle_auswirkungen(vorlage: Vorlage) -> list[Block]:
    if vorlage.finanzielle_auswirkungen is None:
        return []
    return [heading(1, "Finanzielle Auswirkungen"), *to_blocks(vorlage.finanzielle_auswirkungen)]


def anlagen(vorlage: Vorlage) -> list[Block]:
    if not vorlage.anlagen:
        return []
    return [
        heading(1, "Anlagen"),
        *(paragraph(f"Anlage {nummer}: {anlage.titel}") for nummer, anlage
          in vorlage.nummerierte_anlagen()),
    ]


def heading(level: int, text: str) -> Heading:
    return Heading(level, (Text(text),))


SECTIONS: dict[str, Section] = {
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

STANDARD_LAYOUT = tuple(SECTIONS)
"""The order of sections in a Sitzungsvorlage."""

FOOTER = (
    Paragraph((Text("Seite "), Field("page"), Text(" von "), Field("pages")), role="footer"),
)


def metadata(vorlage: Vorlage) -> Metadata:
    return Metadata(
        title=" ".join(vorlage.titel.split()),
        subject=f"{vorlage.art} Drucksachen-Nr. {vorlage.drucksachen_nr}",
        author=vorlage.federfuehrung or vorlage.organisationseinheit,
        keywords=(vorlage.art, vorlage.drucksachen_nr),
    )


def compose(vorlage: Vorlage, layout: Iterable[str] = STANDARD_LAYOUT) -> Document:
    """The document tree of a Vorlage: its sections in the layout's order."""
    body: list[Block] = []
    for name in layout:
        body.extend(SECTIONS[name](vorlage))
    return Document(metadata=metadata(vorlage), body=tuple(body), footer=FOOTER)

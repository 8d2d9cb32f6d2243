"""The Bausteine of the core: what each kind of a Hausformat's ``aufbau`` makes.

Each takes the ``Draft`` and its options (``vorlagen.hausformat``) and returns blocks of
the neutral tree; none returns blocks for what the Vorlage does not have. The sections
older Hausformate and plugins name (``kopf``, ``beschlussvorschlag``, ...) are Bausteine
with the options of the ``standard`` Hausformat, see ``SECTIONS``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from vorlagen import hausformat as hf
from vorlagen.blocks import NICHTOEFFENTLICH, heading, marked, paragraph
from vorlagen.contributions import Section
from vorlagen.draft import ALIGNMENTS, Draft, datum, lines
from vorlagen.model import Beratung
from vorlagen.tree import (
    Block,
    Cell,
    ListBlock,
    PageBreak,
    Paragraph,
    ParagraphRole,
    Table,
    Text,
)

_ROLES: dict[str, ParagraphRole] = {
    "titel": "title", "betreff": "subject", "text": "body", "label": "label", "fett": "body"}


def _headed(ueberschrift: str | None, level: int = 1) -> list[Block]:
    return [heading(level, ueberschrift)] if ueberschrift else []


def text(draft: Draft, baustein: hf.Text | hf.Art, where: str = "text") -> list[Block]:
    """A line of the Hausformat; left out where it comes out empty."""
    if isinstance(baustein, hf.Text) and baustein.wenn and not _filled(draft, baustein.wenn):
        return []
    value = draft.hausformat_text(where, baustein.text).strip()
    if not value:
        return []
    bold = baustein.stil in ("betreff", "fett")
    keep = isinstance(baustein, hf.Text) and baustein.mit_naechstem
    ausrichtung = baustein.ausrichtung if isinstance(baustein, hf.Text) else None
    return [Paragraph(lines(value, bold=bold), role=_ROLES[baustein.stil], keep_with_next=keep,
                      align=ALIGNMENTS[ausrichtung] if ausrichtung else None)]


def _filled(draft: Draft, wenn: str) -> bool:
    """Whether the field ``wenn`` names (``einreicher``, ``angaben.telefon``) has a
    value."""
    value: Any = draft.hausformat_variables()
    for part in wenn.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return bool(value)


def felder(draft: Draft, baustein: hf.Felder) -> list[Block]:
    """Header fields whose value is not empty, in the Hausformat's form."""
    filled = [(feld.label, value) for index, feld in enumerate(baustein.felder)
              if (value := draft.hausformat_text(f"felder[{index}].wert", feld.wert).strip())]
    if baustein.form == "zeilen":
        return [Paragraph((Text(f"{label} " if label else ""), *lines(value)))
                for label, value in filled]
    if baustein.form == "untereinander":
        return [block for label, value in filled
                for block in ([paragraph(label, "label")] if label else [])
                + [Paragraph(lines(value))]]
    cells = [Cell((paragraph(label, "label"), Paragraph(lines(value))))
             for label, value in filled]
    if not cells:
        return []
    while len(cells) % baustein.spalten:
        cells.append(Cell(()))
    step = baustein.spalten
    rows = tuple(tuple(cells[start : start + step]) for start in range(0, len(cells), step))
    return [Table(rows=rows, widths=baustein.breiten, role="fields")]


def _beratung_variables(beratung: Beratung) -> dict[str, Any]:
    """What a Beratungsfolge column's ``wert`` may name of its Beratung."""
    return {**beratung.model_dump(), "termin": next(iter(beratung.sitzungstermine), None),
            "oe": "Ö" if beratung.sitzungsart == "öffentlich" else "N"}


def _spalte(beratung: Beratung, feld: hf.Spaltenfeld) -> str:
    values: dict[str, str | None] = {
        "gremium": beratung.gremium,
        "sitzungstermin": "\n".join(datum(termin) for termin in beratung.sitzungstermine),
        "sitzungsart": beratung.sitzungsart,
        "oe": "Ö" if beratung.sitzungsart == "öffentlich" else "N",
        "rolle": beratung.rolle,
        "top": beratung.top,
        "sitzung": beratung.sitzung,
        "ergebnis": beratung.ergebnis,
        "leer": "",
    }
    return values[feld] or ""


def beratungsfolge(draft: Draft, baustein: hf.Beratungsfolge) -> list[Block]:
    """The bodies that deal with the paper, as a table whose header repeats."""
    folge = draft.vorlage.beratungsfolge
    if not folge:
        return []

    def value(beratung: Beratung, index: int, spalte: hf.Spalte) -> str:
        if spalte.wert is None:
            return _spalte(beratung, spalte.feld)
        return draft.hausformat_text(f"spalten[{index}].wert", spalte.wert,
                                 **_beratung_variables(beratung)).strip()

    spalten = [(index, spalte) for index, spalte in enumerate(baustein.spalten)
               if not spalte.nur_wenn_angegeben
               or any(value(beratung, index, spalte) for beratung in folge)]
    rows: list[tuple[Cell, ...]] = []
    if baustein.kopfzeile:
        rows.append(tuple(Cell((paragraph(spalte.titel, "table-header"),))
                          for _, spalte in spalten))
    for beratung in folge:
        rows.append(tuple(Cell((Paragraph(lines(value(beratung, index, spalte)),
                                          role="table-cell"),)) for index, spalte in spalten))
    caption: list[Block] = []
    if baustein.ueberschrift:
        caption = [Paragraph((Text(baustein.ueberschrift, bold=True),), keep_with_next=True)]
    return [*caption, Table(rows=tuple(rows), widths=baustein.breiten,
                            header_rows=int(baustein.kopfzeile))]


def tabelle(draft: Draft, baustein: hf.Tabelle) -> list[Block]:
    """A form or table the Hausformat gives cell by cell."""
    if baustein.wenn and not _filled(draft, baustein.wenn):
        return []
    role: ParagraphRole = "table-cell" if baustein.rahmen else "body"
    rows = []
    for row_index, zeile in enumerate(baustein.zeilen):
        header = baustein.kopfzeile and row_index == 0
        rows.append(tuple(
            Cell((Paragraph(lines(draft.hausformat_text(f"zeilen[{row_index}][{index}]",
                                                    zelle).strip()),
                            role="table-header" if header else role),))
            for index, zelle in enumerate(zeile)))
    caption: list[Block] = []
    if baustein.ueberschrift:
        caption = [Paragraph((Text(baustein.ueberschrift, bold=True),), keep_with_next=True)]
    return [*caption, Table(rows=tuple(rows), widths=baustein.breiten,
                            header_rows=int(baustein.kopfzeile),
                            role="grid" if baustein.rahmen else "fields")]


def betreff(draft: Draft, baustein: hf.Betreff) -> list[Block]:
    """The paper's title, bold, with its line breaks kept."""
    label: list[Block] = []
    if baustein.label:
        label = [Paragraph((Text(baustein.label, bold=True),), keep_with_next=True)]
    return [*label, Paragraph(lines(draft.plain("titel", draft.vorlage.titel), bold=True),
                              role="subject")]


def nummer(index: int, nummerierung: hf.Nummerierung) -> str:
    """The label of the ``index``-th point (from 1): 1., 1), (1), I., a) or none."""
    if nummerierung == "keine":
        return ""
    if nummerierung == "I.":
        return f"{_roman(index)}."
    if nummerierung == "a)":
        letters = ""
        while index:
            index, rest = divmod(index - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return f"{letters})"
    return nummerierung.replace("1", str(index))


def _roman(number: int) -> str:
    digits = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
              (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    text = ""
    for value, letters in digits:
        count, number = divmod(number, value)
        text += letters * count
    return text


def _labelled(label: str, blocks: list[Block]) -> list[Block]:
    """``blocks`` with ``label`` before the first paragraph's text."""
    if not label:
        return blocks
    if blocks and isinstance(blocks[0], Paragraph):
        first = blocks[0]
        return [Paragraph((Text(f"{label} "), *first.inlines), first.role,
                          first.keep_with_next), *blocks[1:]]
    return [paragraph(label), *blocks]


def beschluss(draft: Draft, baustein: hf.Beschluss) -> list[Block]:
    """The decision text under the heading of its kind of paper; for a kind without a
    decision, its Kenntnisnahme text, if it has one."""
    vorlage, art = draft.vorlage, draft.vorlagenart
    if not art.beschluss or not vorlage.beschlussvorschlag:
        request = vorlage.kenntnisnahme or art.kenntnisnahme
        if art.beschluss or request is None:
            return []
        text_field = "kenntnisnahme" if vorlage.kenntnisnahme else "arten.kenntnisnahme"
        return [*_headed(art.beschluss_ueberschrift), *draft.markdown(text_field, request)]
    punkte = [draft.markdown(f"beschlussvorschlag[{index}]", punkt)
              for index, punkt in enumerate(vorlage.beschlussvorschlag)]
    body: list[Block]
    if len(punkte) == 1 and baustein.nummerierung == "1.":
        body = punkte[0]  # one point is not numbered, unless the Hausformat labels its parts
    elif baustein.nummerierung == "1.":
        body = [ListBlock(ordered=True, items=tuple(tuple(punkt) for punkt in punkte))]
    else:
        body = [block for index, punkt in enumerate(punkte, 1)
                for block in _labelled(nummer(index, baustein.nummerierung), punkt)]
    return [*_headed(art.beschluss_ueberschrift), *body]


def sachverhalt(draft: Draft, baustein: hf.Sachverhalt) -> list[Block]:
    """The Sachverhalt with its headed subsections numbered; subsections from plugins
    follow those of the Vorlage.

    A nichtöffentliche subsection is marked in the full version and left out of the
    version for publication, where its number stays unused.
    """
    vorlage = draft.vorlage
    blocks: list[Block] = _headed(vorlage.sachverhalt_ueberschrift or baustein.ueberschrift)
    zaehler = 0

    def subsection(titel: Callable[[], str] | None, nichtoeffentlich: bool,
                   body: Callable[[], list[Block]]) -> None:
        """One subsection, the Vorlage's or a plugin's; a hidden one keeps its number,
        and its text is not even read."""
        nonlocal zaehler
        zaehler += titel is not None
        if not draft.shows(nichtoeffentlich):
            return
        if titel is not None:
            label = nummer(zaehler, baustein.nummerierung)
            text = f"{label} {titel()}" if label else titel()
            blocks.append(heading(2, marked(text, nichtoeffentlich)))
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


def kurzfassung(draft: Draft, baustein: hf.Kurzfassung) -> list[Block]:
    text_value = draft.vorlage.kurzfassung
    if text_value is None:
        return []
    return [*_headed(baustein.ueberschrift), *draft.markdown("kurzfassung", text_value)]


def abschnitt(draft: Draft, baustein: hf.Abschnitt) -> list[Block]:
    """A further section of the Vorlage by its name; the Vorlage's heading wins."""
    teil = draft.vorlage.abschnitte.get(baustein.name)
    if teil is None:
        if baustein.leer is None:
            return []
        return [*_headed(baustein.ueberschrift), paragraph(baustein.leer)]
    return [*_headed(teil.ueberschrift or baustein.ueberschrift),
            *draft.markdown(f"abschnitte.{baustein.name}.text", teil.text)]


def finanzen(draft: Draft, baustein: hf.Finanzen) -> list[Block]:
    """The Vorlage's text on finances, then what plugins add there."""
    text_value = draft.vorlage.finanzielle_auswirkungen
    added: list[Block] = []
    for content in draft.content_for("finanzielle_auswirkungen"):
        if draft.shows(content.nichtoeffentlich):
            if content.nichtoeffentlich:
                added.append(paragraph(NICHTOEFFENTLICH, bold=True))
            added.extend(content.blocks)
    if text_value is None and not added:
        if baustein.leer is None:
            return []
        return [*_headed(baustein.ueberschrift), paragraph(baustein.leer)]
    blocks = _headed(baustein.ueberschrift)
    if text_value is not None:
        blocks.extend(draft.markdown("finanzielle_auswirkungen", text_value))
    return blocks + added


def anlagen(draft: Draft, baustein: hf.Anlagen) -> list[Block]:
    """The list of Anlagen, each as the Hausformat's ``eintrag`` says."""
    numbered = draft.numbered_anlagen()
    if not numbered:
        if baustein.keine is None:
            return []
        return [*_headed(baustein.ueberschrift), paragraph(baustein.keine)]
    return [*_headed(baustein.ueberschrift),
            *(Paragraph(lines(draft.hausformat_text("eintrag", baustein.eintrag,
                                                nummer=nummer_, titel=titel)))
              for nummer_, titel in numbered)]


def render_baustein(draft: Draft, baustein: hf.Baustein, sections: Mapping[str, Section]
                    ) -> list[Block]:
    """The blocks of one Baustein; a ``plugin`` one is the plugin's section."""
    if isinstance(baustein, hf.Text | hf.Art):
        return text(draft, baustein)
    if isinstance(baustein, hf.Seitenumbruch):
        return [PageBreak()]
    if isinstance(baustein, hf.Plugin):
        return sections[baustein.name](draft)
    return _KINDS[type(baustein)](draft, baustein)


_KINDS: dict[type[Any], Callable[[Draft, Any], list[Block]]] = {
    hf.Felder: felder, hf.Beratungsfolge: beratungsfolge, hf.Tabelle: tabelle,
    hf.Betreff: betreff,
    hf.Beschluss: beschluss, hf.Sachverhalt: sachverhalt, hf.Kurzfassung: kurzfassung,
    hf.Abschnitt: abschnitt, hf.Finanzen: finanzen, hf.Anlagen: anlagen,
}


def _kopf(draft: Draft) -> list[Block]:
    return [*text(draft, hf.Art()), *text(draft, ERGAENZUNG), *felder(draft, hf.Felder())]


ERGAENZUNG = hf.Text(text="Ergänzung zur Drucksache {{ ergaenzung_zu }}", wenn="ergaenzung_zu")
TAGESORDNUNGSPUNKT = hf.Text(text="Tagesordnungspunkt {{ tagesordnungspunkt }}",
                             wenn="tagesordnungspunkt", mit_naechstem=True)

SECTIONS: Mapping[str, Section] = {
    "kopf": _kopf,
    "beratungsfolge": partial(beratungsfolge, baustein=hf.Beratungsfolge()),
    "tagesordnungspunkt": partial(text, baustein=TAGESORDNUNGSPUNKT),
    "betreff": partial(betreff, baustein=hf.Betreff()),
    "beschlussvorschlag": partial(beschluss, baustein=hf.Beschluss()),
    "sachverhalt": partial(sachverhalt, baustein=hf.Sachverhalt()),
    "finanzielle_auswirkungen": partial(finanzen, baustein=hf.Finanzen()),
    "anlagen": partial(anlagen, baustein=hf.Anlagen()),
}
"""The sections by the names a plugin's ``DocumentType`` lists: Bausteine with the
options of the ``standard`` Hausformat."""

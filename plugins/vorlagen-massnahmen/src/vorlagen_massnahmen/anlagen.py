"""The two Anlagen made from a measure list, as blocks of the document tree."""

from __future__ import annotations

from collections import defaultdict

from vorlagen.plugin_api import Block, Cell, Heading, Paragraph, Table, Text, cell, header_row
from vorlagen_massnahmen.massnahmen import Massnahme, counts


def _group(text: str, columns: int) -> tuple[Cell, ...]:
    """A row across the whole table that opens a group (a quarter, a Handlungsfeld)."""
    return (cell(text, bold=True, span=columns),)


def _anzahl(n: int) -> str:
    return f"{n} Maßnahme" if n == 1 else f"{n} Maßnahmen"


def jahresplanung(massnahmen: list[Massnahme], jahre: list[int]) -> tuple[Block, ...]:
    """Per year a table of the measures planned in it, by quarter, with their Nr."""
    blocks: list[Block] = []
    for jahr in jahre:
        geplant = [m for m in massnahmen if jahr in m.jahre]
        blocks.append(Heading(1, (Text(str(jahr)),)))
        if not geplant:
            blocks.append(Paragraph((Text(f"Für {jahr} sind keine Maßnahmen geplant."),)))
            continue
        blocks.append(Paragraph((Text(f"{_anzahl(len(geplant))} geplant."),)))
        by_quarter: dict[int | None, list[Massnahme]] = defaultdict(list)
        for massnahme in geplant:
            quarter = massnahme.geplantes_quartal if len(massnahme.jahre) == 1 else None
            by_quarter[quarter].append(massnahme)
        rows = [header_row("Nr.", "Maßnahme", "Handlungsfeld", "Zuständigkeit")]
        for quarter in sorted(by_quarter, key=lambda q: 5 if q is None else q):
            label = "ganzjährig" if quarter is None else f"{quarter}. Quartal {jahr}"
            rows.append(_group(f"{label} ({_anzahl(len(by_quarter[quarter]))})", 4))
            rows.extend((
                cell(massnahme.nr),
                cell(massnahme.titel),
                cell(massnahme.handlungsfeld),
                cell(massnahme.zustaendigkeit or ""),
            ) for massnahme in by_quarter[quarter])
        blocks.append(Table(tuple(rows), header_rows=1))
    return tuple(blocks)


def gesamtuebersicht(massnahmen: list[Massnahme]) -> tuple[Block, ...]:
    """All measures in one table, grouped by Handlungsfeld; the header repeats per page."""
    felder = counts([m.handlungsfeld for m in massnahmen])
    intro = Paragraph((Text(
        f"{_anzahl(len(massnahmen))} in {len(felder)} "
        f"{'Handlungsfeld' if len(felder) == 1 else 'Handlungsfeldern'}."),))
    by_feld: dict[str, list[Massnahme]] = {}
    for massnahme in massnahmen:  # one pass, not one per Handlungsfeld
        by_feld.setdefault(massnahme.handlungsfeld, []).append(massnahme)
    rows = [header_row("Nr.", "Maßnahme", "Zuständigkeit", "Zeitraum", "Priorität", "Status")]
    for feld, anzahl in felder.items():
        rows.append(_group(f"Handlungsfeld {feld} ({_anzahl(anzahl)})", 6))
        rows.extend((
            cell(massnahme.nr),
            cell(massnahme.titel),
            cell(massnahme.zustaendigkeit or ""),
            cell(_zeitraum(massnahme)),
            cell(massnahme.prioritaet or ""),
            cell(massnahme.status),
        ) for massnahme in by_feld[feld])
    return (intro, Table(tuple(rows), header_rows=1))


def _zeitraum(massnahme: Massnahme) -> str:
    if massnahme.zeitraum:
        return massnahme.zeitraum
    if massnahme.jahr is not None and massnahme.quartal is not None:
        return f"Q{massnahme.quartal}/{massnahme.jahr}"
    return str(massnahme.jahr or "")

"""Form blocks many bodies print: check boxes, label/value lines and empty grids.

Each block is a plugin of its own (an entry point), with its own block in the Vorlage
and a section of the same name that a Hausformat places (``- beratungsergebnis``).
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from vorlagen.plugin_api import Block, Paragraph, Table, Text, cell
from vorlagen.plugin_api import betrag as core_betrag

JA = "☒"
NEIN = "☐"


class Formular(BaseModel):
    """A form block's configuration: unknown keys are errors, as everywhere."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def kaestchen(checked: bool) -> str:
    """A check box as it is printed: ☒ ticked, ☐ not."""
    return JA if checked else NEIN


def ja_nein(value: bool | None, ja: str = "Ja", nein: str = "Nein") -> str:
    """"Ja ☒ Nein ☐": the answer as two boxes, neither ticked while unanswered."""
    return f"{ja} {kaestchen(value is True)} {nein} {kaestchen(value is False)}"


def betrag(value: Decimal | str) -> str:
    """An amount as a German paper writes it (5.000,00 €, by the core's ``| betrag``);
    a text stays as written."""
    return str(core_betrag(value))


def zeile(label: str, value: str, *, bold_label: bool = False) -> Paragraph:
    """A "Label: Wert" line."""
    return Paragraph((Text(f"{label} ", bold=bold_label), Text(value)))


def ueberschrift(text: str) -> Paragraph:
    return Paragraph((Text(text, bold=True),), keep_with_next=True)


def raster(rows: list[list[str]], header: bool = True) -> Table:
    """A grid whose first row is its header, repeated on every page."""
    return Table(rows=tuple(tuple(cell(text, header=header and index == 0) for text in row)
                            for index, row in enumerate(rows)),
                 header_rows=1 if header else 0)


def felder(rows: list[list[str]]) -> Block:
    """Rows of cells without borders, e.g. a question and its two boxes."""
    return Table(rows=tuple(tuple(cell(text) for text in row) for row in rows), role="fields")

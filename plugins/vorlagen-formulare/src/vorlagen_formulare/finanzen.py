"""Finanzielle Auswirkungen as a form: costs, Haushaltsjahr, Produkt/Haushaltsstelle,
whether the means are available, and expected income and expenses per year. Amounts
are written the German way by Babel (5.000,00 €); a text amount stays as written.

In the Vorlage::

    plugins:
      finanzformular:
        ueberschrift: "Finanzielle Auswirkung:"
        produktkonto: "2212.52543"
        haushaltsjahr: 2023 ff
        betrag: bis zu 5.000,00 € jährlich

and in the Hausformat's ``aufbau``: ``- finanzformular``. Only what is given is printed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field

from vorlagen.plugin_api import Block, Draft, JaOderNein, PluginConfig, Section, hookimpl
from vorlagen_formulare import Formular, betrag, felder, ja_nein, raster, ueberschrift, zeile

NAME = "finanzformular"


def _amount(value: Any) -> Any:
    """A number (or a text of one: 1200, 1200.50, "1.200,50") is an amount; any other
    text ("bis zu 5.000,00 € jährlich") stays text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    if isinstance(value, str):
        plain = value.strip().replace(".", "").replace(",", ".") if "," in value else value
        try:
            return Decimal(plain.strip())
        except ArithmeticError:
            return value
    return value


Betrag = Annotated[Decimal | str, BeforeValidator(_amount)]


class Jahr(Formular):
    """Expected income and expenses of one year."""

    model_config = ConfigDict(title="Jahr")

    jahr: Annotated[str, BeforeValidator(str)] = Field(title="Jahr")
    einnahmen: Betrag | None = Field(None, title="Einnahmen")
    ausgaben: Betrag | None = Field(None, title="Ausgaben")
    haushaltsstelle: str | None = Field(None, title="Haushaltsstelle")


class Finanzformular(Formular):
    """The ``plugins.finanzformular`` block."""

    model_config = ConfigDict(title="Formular Finanzielle Auswirkungen")

    ueberschrift: str = Field("Finanzielle Auswirkungen", title="Überschrift des Formulars")
    auswirkungen: JaOderNein | None = Field(
        None, title="Finanzielle Auswirkungen",
        description="Ja oder Nein, gedruckt als Kästchen; leer: die Zeile fehlt.")
    """"Finanzielle Auswirkungen: Ja ☒ Nein ☐"; printed where given."""
    gesamtkosten: Betrag | None = Field(
        None, title="Gesamtkosten",
        description="Ein Betrag (5000 oder 5.000,00) oder ein Text wie „bis zu 5.000 €“.")
    investiv: Betrag | None = Field(None, title="Davon investiv")
    konsumtiv: Betrag | None = Field(None, title="Davon konsumtiv")
    folgekosten: JaOderNein | Betrag | None = Field(
        None, title="Folgekosten", description="Ja, Nein oder ein Betrag.")
    haushaltsjahr: Annotated[str, BeforeValidator(str)] | None = Field(
        None, title="Haushaltsjahr")
    produkt: str | None = Field(None, title="Produkt")
    produktkonto: str | None = Field(None, title="Produktkonto")
    haushaltsstelle: str | None = Field(None, title="Haushaltsstelle")
    betrag: Betrag | None = Field(None, title="Betrag")
    mittel_verfuegbar: JaOderNein | None = Field(None, title="Mittel verfügbar")
    jahre: tuple[Jahr, ...] = Field(
        (), title="Einnahmen und Ausgaben je Jahr",
        description="Je Jahr die erwarteten Einnahmen und Ausgaben, als Tabelle gedruckt.")


def section(draft: Draft) -> list[Block]:
    config = draft.vorlage.plugin_config(NAME, Finanzformular)
    if config is None:
        return []
    blocks: list[Block] = [ueberschrift(config.ueberschrift)]
    if config.auswirkungen is not None:
        blocks.append(felder([["Finanzielle Auswirkungen", ja_nein(config.auswirkungen)]]))
    lines: list[tuple[str, str]] = []
    for label, value in (("Gesamtkosten:", config.gesamtkosten),
                         ("davon investiv:", config.investiv),
                         ("davon konsumtiv:", config.konsumtiv)):
        if value is not None:
            lines.append((label, betrag(value)))
    if isinstance(config.folgekosten, bool):
        lines.append(("Folgekosten:", ja_nein(config.folgekosten)))
    elif config.folgekosten is not None:
        lines.append(("Folgekosten:", betrag(config.folgekosten)))
    for label, text in (("Produkt:", config.produkt), ("Produktkonto:", config.produktkonto),
                        ("Haushaltsstelle:", config.haushaltsstelle),
                        ("Haushaltsjahr:", config.haushaltsjahr)):
        if text is not None:
            lines.append((label, text))
    if config.betrag is not None:
        lines.append(("Betrag:", betrag(config.betrag)))
    blocks += [zeile(label, value) for label, value in lines]
    if config.mittel_verfuegbar is not None:
        blocks.append(felder([["Mittel stehen zur Verfügung", ja_nein(config.mittel_verfuegbar)]]))
    if config.jahre:
        blocks.append(raster([["Jahr", "Einnahmen", "Ausgaben", "Haushaltsstelle"], *(
            [jahr.jahr, betrag(jahr.einnahmen) if jahr.einnahmen is not None else "",
             betrag(jahr.ausgaben) if jahr.ausgaben is not None else "",
             jahr.haushaltsstelle or ""] for jahr in config.jahre)]))
    return blocks


@hookimpl
def vorlagen_config() -> PluginConfig:
    return PluginConfig(NAME, Finanzformular)


@hookimpl
def vorlagen_sections() -> dict[str, Section]:
    return {NAME: section}

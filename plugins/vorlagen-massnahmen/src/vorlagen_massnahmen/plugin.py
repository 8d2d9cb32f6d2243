"""The hooks: figures for the text, and the Jahresplanung and Gesamtübersicht Anlagen.

In the Vorlage::

    plugins:
      massnahmen:
        datei: massnahmen.xlsx        # or .csv, .yaml; relative to the Vorlage
        jahre: [2018, 2019]           # default: the Vorlage's year and the next
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from vorlagen.plugin_api import (
    DataFile,
    GeneratedAnlage,
    PluginConfig,
    Vorlage,
    betrag,
    hookimpl,
)
from vorlagen_massnahmen import anlagen
from vorlagen_massnahmen.massnahmen import (
    Massnahme,
    counts,
    jahre_text,
    read_massnahmen,
    ungefaehr,
)

NAME = "massnahmen"
AnlageArt = Literal["jahresplanung", "gesamtuebersicht"]


class MassnahmenConfig(BaseModel):
    """The ``plugins.massnahmen`` block of a Vorlage."""

    model_config = ConfigDict(extra="forbid", title="Maßnahmenliste")

    datei: DataFile = Field(
        title="Datei der Maßnahmenliste",
        description="Die Liste der Maßnahmen als Excel-, CSV- oder YAML-Datei; aus ihr "
                    "entstehen die Zahlen im Text und die Anlagen Jahresplanung und "
                    "Gesamtübersicht.")
    """The measure list."""
    blatt: str | None = Field(
        None, title="Tabellenblatt",
        description="Das Blatt einer Excel-Datei; leer: das erste mit den Spalten einer "
                    "Maßnahme (ein Deckblatt wird übersprungen).")
    """The sheet of an Excel file; default: the first whose header row has the columns
    of a measure (a cover sheet is skipped)."""
    jahre: list[int] | None = Field(
        None, title="Jahre der Jahresplanung",
        description="Leer: das Jahr der Vorlage und das folgende.")
    """The years of the Jahresplanung; default: the Vorlage's year and the next."""
    anlagen: list[AnlageArt] = Field(
        ["jahresplanung", "gesamtuebersicht"], title="Erzeugte Anlagen",
        description="Welche Anlagen aus der Liste entstehen, in dieser Reihenfolge: "
                    "Jahresplanung, Gesamtübersicht.")
    """Which Anlagen to generate, in this order."""
    jahresplanung_titel: str | None = Field(
        None, title="Titel der Jahresplanung",
        description="Leer: „Jahresplanung“ mit den Jahren, z. B. Jahresplanung 2018/19.")
    """Default: "Jahresplanung 2018/19" for the planning years."""
    jahresplanung_zustaendigkeit: str | None = Field(
        None, title="Nur Maßnahmen dieser Zuständigkeit",
        description="In der Jahresplanung nur die Maßnahmen eines Amts oder Referats; "
                    "leer: alle.")
    """Only the measures of this Zuständigkeit in the Jahresplanung (an Amt's or Referat's
    own planning); default: all."""
    gesamtuebersicht_titel: str = Field("Gesamtübersicht Maßnahmen",
                                        title="Titel der Gesamtübersicht")

    _massnahmen: list[Massnahme] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _read(self) -> MassnahmenConfig:
        # Read while the Vorlage is checked, so a bad list is found by `vorlagen validate`.
        self._massnahmen = read_massnahmen(self.datei, blatt=self.blatt)
        return self

    @property
    def massnahmen(self) -> list[Massnahme]:
        return self._massnahmen

    def planungsjahre(self, vorlage: Vorlage) -> list[int]:
        return self.jahre or [vorlage.datum.year, vorlage.datum.year + 1]


def _config(vorlage: Vorlage) -> MassnahmenConfig | None:
    return vorlage.plugin_config(NAME, MassnahmenConfig)


@hookimpl
def vorlagen_config() -> PluginConfig:
    return PluginConfig(NAME, MassnahmenConfig)


@hookimpl
def vorlagen_variables(vorlage: Vorlage) -> dict[str, Any] | None:
    config = _config(vorlage)
    if config is None:
        return None
    massnahmen = config.massnahmen
    jahre = config.planungsjahre(vorlage)
    return {NAME: {
        "anzahl": len(massnahmen),
        "anzahl_gerundet": ungefaehr(len(massnahmen)),
        "je_handlungsfeld": counts([m.handlungsfeld for m in massnahmen]),
        "je_status": counts([m.status for m in massnahmen]),
        "handlungsfelder": list(counts([m.handlungsfeld for m in massnahmen])),
        "geplant": sum(1 for m in massnahmen if set(m.jahre) & set(jahre)),
        "jahre": jahre_text(jahre),
        # the column summed here, so that a total in the text is never typed by hand
        "kosten_summe": betrag(sum((m.kosten for m in massnahmen if m.kosten is not None),
                                   Decimal(0))),
    }}


@hookimpl
def vorlagen_anlagen(vorlage: Vorlage) -> list[GeneratedAnlage] | None:
    config = _config(vorlage)
    if config is None:
        return None
    jahre = config.planungsjahre(vorlage)
    made: list[GeneratedAnlage] = []
    for art in config.anlagen:
        if art == "jahresplanung":
            titel = config.jahresplanung_titel or f"Jahresplanung {jahre_text(jahre)}"
            eigene = [m for m in config.massnahmen
                      if config.jahresplanung_zustaendigkeit in (None, m.zustaendigkeit)]
            made.append(GeneratedAnlage(titel, anlagen.jahresplanung(eigene, jahre)))
        else:
            # Six columns: in landscape, so that no column is narrower than its words.
            made.append(GeneratedAnlage(config.gesamtuebersicht_titel,
                                        anlagen.gesamtuebersicht(config.massnahmen),
                                        querformat=True))
    return made

"""The hooks: the programmes for running text, sums per status, and a table for
Finanzielle Auswirkungen once amounts are known.

In the Vorlage::

    plugins:
      foerderung:
        datei: foerderantraege.csv    # or .xlsx, .yaml; relative to the Vorlage
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from vorlagen.plugin_api import (
    Content,
    DataFile,
    JaOderNein,
    PluginConfig,
    Table,
    Vorlage,
    cell,
    datum,
    header_row,
    hookimpl,
    load_rows,
)
from vorlagen_foerderung.antraege import STATUS, Foerderantrag, euro, summen

NAME = "foerderung"


class FoerderungConfig(BaseModel):
    """The ``plugins.foerderung`` block of a Vorlage."""

    model_config = ConfigDict(extra="forbid", title="Förderanträge")

    datei: DataFile = Field(
        title="Datei der Förderanträge",
        description="Die Liste der Förderanträge als Excel-, CSV- oder YAML-Datei.")
    """The list of funding applications."""
    blatt: str | None = Field(
        None, title="Tabellenblatt",
        description="Das Blatt einer Excel-Datei; leer: das erste mit den Spalten eines "
                    "Antrags.")
    """The sheet of an Excel file; default: the first whose header row has the columns."""
    bezeichnung: str = Field(
        "Förderantrag", title="Bezeichnung im Text",
        description="Wie ein Programm im Text heißt, z. B. Förderantrag AMIF.")
    """What each programme is called in running text: "Förderantrag AMIF"."""
    tabelle: JaOderNein = Field(
        True, title="Tabelle unter Finanzielle Auswirkungen",
        description="Sobald ein Betrag bekannt ist, eine Tabelle der Anträge unter "
                    "Finanzielle Auswirkungen.")
    """Add a table to Finanzielle Auswirkungen when any amount is known."""

    _antraege: list[Foerderantrag] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _read(self) -> FoerderungConfig:
        self._antraege = load_rows(self.datei, Foerderantrag, blatt=self.blatt)
        return self

    @property
    def antraege(self) -> list[Foerderantrag]:
        return self._antraege


def _config(vorlage: Vorlage) -> FoerderungConfig | None:
    return vorlage.plugin_config(NAME, FoerderungConfig)


@hookimpl
def vorlagen_config() -> PluginConfig:
    return PluginConfig(NAME, FoerderungConfig)


@hookimpl
def vorlagen_variables(vorlage: Vorlage) -> dict[str, Any] | None:
    config = _config(vorlage)
    if config is None:
        return None
    antraege = config.antraege
    programme = list(dict.fromkeys(a.programm for a in antraege))
    totals = summen(antraege)
    return {NAME: {
        "anzahl": len(antraege),
        "programme": programme,
        "antraege": ", ".join(f"{config.bezeichnung} {p}" for p in programme),
        "je_status": {s: sum(1 for a in antraege if a.status == s) for s in STATUS},
        "summe": {status: euro(total) for status, total in totals.items()},
        "offen": any(a.status == "beantragt" for a in antraege),
    }}


@hookimpl
def vorlagen_content(vorlage: Vorlage) -> list[Content] | None:
    config = _config(vorlage)
    if config is None or not config.tabelle:
        return None
    antraege = config.antraege
    if not any(a.summe is not None or a.eigenanteil is not None for a in antraege):
        return None  # amounts not known yet: the text says so, a table would be empty
    return [Content("finanzielle_auswirkungen", (_table(antraege),))]


def _table(antraege: list[Foerderantrag]) -> Table:
    titles = ("Programm", "Fördergeber", "beantragt am", "Summe", "Eigenanteil", "Status")
    rows = [header_row(*titles)]
    for antrag in antraege:
        rows.append((
            cell(antrag.programm),
            cell(antrag.foerdergeber),
            cell(datum(antrag.beantragt_am) if antrag.beantragt_am else ""),
            cell(euro(antrag.summe) if antrag.summe is not None else ""),
            cell(euro(antrag.eigenanteil) if antrag.eigenanteil is not None else ""),
            cell(antrag.status),
        ))
    for status, total in summen(antraege).items():
        rows.append((cell(f"Summe {status}", bold=True), cell(""), cell(""),
                     cell(euro(total), bold=True), cell(""), cell("")))
    return Table(tuple(rows), header_rows=1)

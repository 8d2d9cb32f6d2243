"""An example vorlagen plugin: key figures (Kennzahlen) from a CSV file.

A Vorlage names the file::

    plugins:
      kennzahlen:
        datei: kennzahlen.csv        # columns Kennzahl, Wert, Vorjahr (optional)

and gets a variable per figure for its texts, ``{{ kennzahlen.werte["Fallzahl"] }}``,
and a Sachverhalt subsection "Kennzahlen" with the figures as a table.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from vorlagen.plugin_api import (
    Content,
    DataFile,
    PluginConfig,
    Table,
    Vorlage,
    cell,
    header_row,
    hookimpl,
    load_rows,
)

NAME = "kennzahlen"


class Kennzahl(BaseModel):
    """One row of the file; headers are matched loosely (``Kennzahl``, ``kennzahl``)."""

    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)

    kennzahl: str
    wert: str
    vorjahr: str | None = None


class KennzahlenConfig(BaseModel):
    """The ``plugins.kennzahlen`` block; unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", title="Kennzahlen")

    datei: DataFile = Field(
        title="Datei der Kennzahlen",
        description="Eine CSV-Datei mit den Spalten Kennzahl, Wert und Vorjahr.")
    ueberschrift: str = Field("Kennzahlen", title="Überschrift der Tabelle")

    _zeilen: list[Kennzahl] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _read(self) -> KennzahlenConfig:
        # Read when the Vorlage is checked, so `vorlagen validate` finds a bad file.
        self._zeilen = load_rows(self.datei, Kennzahl)
        return self

    @property
    def zeilen(self) -> list[Kennzahl]:
        return self._zeilen


@hookimpl
def vorlagen_config() -> PluginConfig:
    return PluginConfig(NAME, KennzahlenConfig)


@hookimpl
def vorlagen_variables(vorlage: Vorlage) -> dict[str, Any] | None:
    config = vorlage.plugin_config(NAME, KennzahlenConfig)
    if config is None:
        return None  # this Vorlage does not use the plugin
    return {NAME: {"werte": {z.kennzahl: z.wert for z in config.zeilen},
                   "anzahl": len(config.zeilen)}}


@hookimpl
def vorlagen_content(vorlage: Vorlage) -> list[Content] | None:
    config = vorlage.plugin_config(NAME, KennzahlenConfig)
    if config is None:
        return None
    rows = [header_row("Kennzahl", "Wert", "Vorjahr")]
    rows += [(cell(z.kennzahl), cell(z.wert), cell(z.vorjahr or "")) for z in config.zeilen]
    table = Table(tuple(rows), header_rows=1)
    return [Content("sachverhalt", (table,), ueberschrift=config.ueberschrift)]

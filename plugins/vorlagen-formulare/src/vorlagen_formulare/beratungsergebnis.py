"""Beratungsergebnis: an empty grid per Gremium of the Beratungsfolge, for the minutes
(Einstimmig, Ja, Nein, Enthaltung, lt. Beschlussvorschlag, abweichender Beschluss).

The Hausformat places it (``- beratungsergebnis``); a Vorlage may change its heading or
columns::

    plugins:
      beratungsergebnis:
        spalten: [Einstimmig, Ja, Nein, Enthaltung]
"""

from __future__ import annotations

from pydantic import ConfigDict, Field

from vorlagen.plugin_api import Block, Draft, PluginConfig, Section, hookimpl
from vorlagen_formulare import Formular, raster, ueberschrift

NAME = "beratungsergebnis"


class Beratungsergebnis(Formular):
    """The ``plugins.beratungsergebnis`` block (optional)."""

    model_config = ConfigDict(title="Raster Beratungsergebnis")

    ueberschrift: str = Field("Beratungsergebnis:", title="Überschrift des Rasters")
    spalten: tuple[str, ...] = Field(
        ("Einstimmig", "Ja", "Nein", "Enthaltung", "lt. Beschlussvorschlag",
         "abweichender Beschluss"),
        title="Spalten des Rasters",
        description="Die Spalten, die das Protokoll je Gremium ausfüllt; leer: Einstimmig, "
                    "Ja, Nein, Enthaltung, lt. Beschlussvorschlag, abweichender Beschluss.")


def section(draft: Draft) -> list[Block]:
    config = draft.vorlage.plugin_config(NAME, Beratungsergebnis) or Beratungsergebnis()
    folge = draft.vorlage.beratungsfolge
    if not folge:
        return []
    rows = [["Gremium", *config.spalten],
            *([beratung.gremium, *("" for _ in config.spalten)] for beratung in folge)]
    return [ueberschrift(config.ueberschrift), raster(rows)]


@hookimpl
def vorlagen_config() -> PluginConfig:
    return PluginConfig(NAME, Beratungsergebnis)


@hookimpl
def vorlagen_sections() -> dict[str, Section]:
    return {NAME: section}

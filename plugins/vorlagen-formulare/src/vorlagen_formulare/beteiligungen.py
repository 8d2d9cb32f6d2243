"""Beteiligungen: whether the Personalrat, the Gleichstellungsbeauftragte and others
took part, as Ja/Nein boxes, and the offices that co-sign (Mitzeichnung) as a grid.

In the Vorlage::

    plugins:
      beteiligungen:
        personalrat: false
        gleichstellung: false
        mitzeichnung: [Kämmerei, Rechtsamt]

and in the Hausformat's ``aufbau``: ``- beteiligungen``.
"""

from __future__ import annotations

from pydantic import Field

from vorlagen.plugin_api import Block, Draft, JaOderNein, PluginConfig, Section, hookimpl
from vorlagen_formulare import Formular, felder, ja_nein, raster

NAME = "beteiligungen"


class Beteiligungen(Formular):
    """The ``plugins.beteiligungen`` block."""

    personalrat: JaOderNein | None = None
    gleichstellung: JaOderNein | None = None
    weitere: dict[str, JaOderNein] = Field(default_factory=dict)
    """Further parties by their name, e.g. ``Schwerbehindertenvertretung: true``."""
    mitzeichnung: tuple[str, ...] = ()
    """Offices that co-sign: a grid with a row each for date and signature."""
    beschriftung: str = "Beteiligung"


def section(draft: Draft) -> list[Block]:
    config = draft.vorlage.plugin_config(NAME, Beteiligungen)
    if config is None:
        return []
    parties = [("Personalrat", config.personalrat), ("Gleichstellung", config.gleichstellung),
               *config.weitere.items()]
    rows = [[f"{config.beschriftung} {name}", ja_nein(value)]
            for name, value in parties if value is not None]
    blocks: list[Block] = [felder(rows)] if rows else []
    if config.mitzeichnung:
        blocks.append(raster([["Mitzeichnung", "Datum", "Unterschrift"],
                              *([stelle, "", ""] for stelle in config.mitzeichnung)]))
    return blocks


@hookimpl
def vorlagen_config() -> PluginConfig:
    return PluginConfig(NAME, Beteiligungen)


@hookimpl
def vorlagen_sections() -> dict[str, Section]:
    return {NAME: section}

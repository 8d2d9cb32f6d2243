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

from pydantic import ConfigDict, Field

from vorlagen.plugin_api import Block, Draft, JaOderNein, PluginConfig, Section, hookimpl
from vorlagen_formulare import Formular, felder, ja_nein, raster

NAME = "beteiligungen"


class Beteiligungen(Formular):
    """The ``plugins.beteiligungen`` block."""

    model_config = ConfigDict(title="Beteiligung Personalrat, Gleichstellung, Mitzeichnung")

    personalrat: JaOderNein | None = Field(None, title="Personalrat beteiligt")
    gleichstellung: JaOderNein | None = Field(None, title="Gleichstellung beteiligt")
    weitere: dict[str, JaOderNein] = Field(
        default_factory=dict, title="Weitere Beteiligte",
        description="Je Beteiligte ihr Name und ob sie beteiligt ist, z. B. "
                    "Schwerbehindertenvertretung: ja.")
    """Further parties by their name, e.g. ``Schwerbehindertenvertretung: true``."""
    mitzeichnung: tuple[str, ...] = Field(
        (), title="Mitzeichnung",
        description="Die Stellen, die mitzeichnen: je eine Zeile mit Datum und "
                    "Unterschrift.")
    """Offices that co-sign: a grid with a row each for date and signature."""
    beschriftung: str = Field(
        "Beteiligung", title="Wort vor den Beteiligten",
        description="Steht vor jedem Namen, z. B. Beteiligung Personalrat.")


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

"""Klima-, CO2- and Nachhaltigkeitsrelevanz: a Ja/Nein question, the direction and size
of the effect as boxes, and a Begründung.

In the Vorlage::

    plugins:
      klimarelevanz:
        ueberschrift: "Nachhaltigkeitseinschätzung:"
        frage: "Die Nachhaltigkeitseinschätzung ist in der Anlage beigefügt:"
        relevant: true
        wirkung: positiv
        ausmass: geringfügig
        begruendung: Weniger Fahrten mit dem Auto.

and in the Hausformat's ``aufbau``: ``- klimarelevanz``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from vorlagen.plugin_api import Block, Draft, JaOderNein, PluginConfig, Section, hookimpl
from vorlagen_formulare import Formular, felder, ja_nein, kaestchen, ueberschrift, zeile

NAME = "klimarelevanz"


class Klimarelevanz(Formular):
    """The ``plugins.klimarelevanz`` block."""

    model_config = ConfigDict(title="Klimarelevanz")

    ueberschrift: str = Field("Klimarelevanz", title="Überschrift")
    frage: str = Field("Klimarelevant:", title="Frage",
                       description="Die Frage, hinter der Ja und Nein als Kästchen stehen.")
    relevant: JaOderNein | None = Field(None, title="Klimarelevant")
    wirkung: Literal["positiv", "negativ"] | None = Field(None, title="Wirkung")
    ausmass: Literal["geringfügig", "erheblich"] | None = Field(None, title="Ausmaß")
    begruendung: str | None = Field(
        None, title="Begründung",
        description="Die Begründung der Einschätzung; „Begründung:“ steht auch ohne sie da, "
                    "zum Ausfüllen.")
    """Markdown; "Begründung:" stands there even without it, to be filled in."""


def section(draft: Draft) -> list[Block]:
    config = draft.vorlage.plugin_config(NAME, Klimarelevanz)
    if config is None:
        return []
    rows = [[config.frage, ja_nein(config.relevant, nein="/ Nein")]]
    if config.wirkung is not None:
        rows.append(["Wirkung:", " ".join(f"{kaestchen(config.wirkung == value)} {value}"
                                          for value in ("positiv", "negativ"))])
    if config.ausmass is not None:
        rows.append(["Ausmaß:", " ".join(f"{kaestchen(config.ausmass == value)} {value}"
                                         for value in ("geringfügig", "erheblich"))])
    blocks: list[Block] = [ueberschrift(config.ueberschrift), felder(rows),
                           zeile("Begründung:", "")]
    if config.begruendung:
        blocks += draft.markdown(f"plugins.{NAME}.begruendung", config.begruendung)
    return blocks


@hookimpl
def vorlagen_config() -> PluginConfig:
    return PluginConfig(NAME, Klimarelevanz)


@hookimpl
def vorlagen_sections() -> dict[str, Section]:
    return {NAME: section}

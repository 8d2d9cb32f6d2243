"""The hooks: the recipient list and the presentation list as text variables.

In the Vorlage::

    plugins:
      verteiler:
        empfaenger: verteiler.csv       # one column "Gruppe"
        vorstellungen: vorstellungen.csv  # Name, Art, Datum or Monat, Notiz

and in a text, each list alone in its paragraph::

    {{ verteiler.empfaenger }}
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from vorlagen.plugin_api import (
    Blocks,
    DataFile,
    PluginConfig,
    Vorlage,
    bullets,
    hookimpl,
    load_rows,
    marked,
)
from vorlagen_verteiler.verteiler import Empfaenger, Vorstellung

NAME = "verteiler"


class VerteilerConfig(BaseModel):
    """The ``plugins.verteiler`` block of a Vorlage."""

    model_config = ConfigDict(extra="forbid", title="Verteiler und Vorstellungen")

    empfaenger: DataFile | None = Field(
        None, title="Datei der Empfängergruppen",
        description="Eine CSV- oder Excel-Datei mit der Spalte Gruppe: die Empfänger als "
                    "Liste im Text.")
    vorstellungen: DataFile | None = Field(
        None, title="Datei der Vorstellungen",
        description="Eine CSV- oder Excel-Datei mit Name, Art, Datum oder Monat und Notiz: "
                    "die geplanten Vorstellungen als Liste im Text.")

    _empfaenger: list[Empfaenger] = PrivateAttr(default_factory=list)
    _vorstellungen: list[Vorstellung] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _read(self) -> VerteilerConfig:
        if self.empfaenger is None and self.vorstellungen is None:
            raise ValueError("braucht empfaenger oder vorstellungen (eine Datei)")
        if self.empfaenger is not None:
            self._empfaenger = load_rows(self.empfaenger, Empfaenger)
        if self.vorstellungen is not None:
            self._vorstellungen = load_rows(self.vorstellungen, Vorstellung)
        return self

    @property
    def gruppen(self) -> list[Empfaenger]:
        return self._empfaenger

    @property
    def termine(self) -> list[Vorstellung]:
        return self._vorstellungen


def _bullets(items: list[str]) -> Blocks:
    return Blocks((bullets(items),))


@hookimpl
def vorlagen_config() -> PluginConfig:
    return PluginConfig(NAME, VerteilerConfig)


@hookimpl
def vorlagen_variables(vorlage: Vorlage, oeffentlich: bool) -> dict[str, Any] | None:
    config = vorlage.plugin_config(NAME, VerteilerConfig)
    if config is None:
        return None
    stichtag = vorlage.datum
    gruppen = [e for e in config.gruppen if not (oeffentlich and e.nichtoeffentlich)]
    termine = [v for v in config.termine if not (oeffentlich and v.nichtoeffentlich)]
    vorgestellt = [v for v in termine if not v.geplant(stichtag)]
    geplant = sorted((v for v in termine if v.geplant(stichtag)), key=lambda v: v.tag)
    # In the full version a nichtöffentliche row is marked where it stands.
    return {NAME: {
        "empfaenger": _bullets([marked(e.gruppe, e.nichtoeffentlich) for e in gruppen]),
        "vorstellungen": _bullets([marked(v.eintrag(stichtag), v.nichtoeffentlich)
                                   for v in [*vorgestellt, *geplant]]),
        "vorgestellt": _bullets([marked(v.eintrag(stichtag), v.nichtoeffentlich)
                                 for v in vorgestellt]),
        "geplant": _bullets([marked(v.eintrag(stichtag), v.nichtoeffentlich)
                             for v in geplant]),
        "anzahl_empfaenger": len(gruppen),
        "anzahl_vorgestellt": len(vorgestellt),
        "anzahl_geplant": len(geplant),
    }}


@hookimpl
def vorlagen_nichtoeffentlich(vorlage: Vorlage) -> list[str] | None:
    """The recipients and presentations marked nichtöffentlich, by name."""
    config = vorlage.plugin_config(NAME, VerteilerConfig)
    if config is None:
        return None
    return ([e.gruppe for e in config.gruppen if e.nichtoeffentlich]
            + [v.name for v in config.termine if v.nichtoeffentlich])

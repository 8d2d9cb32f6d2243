"""A body's Gremien, Verwaltungseinheiten and Sitzungen as its Ratsinformationssystem
publishes them over OParl, kept beside the Vorlagen as ``ris.yaml``.

``vorlagen ris abrufen`` writes the file; ``validate``, ``import oparl`` and the form read
it. It is found like the Hausformat: in a Vorlage's folder or the nearest folder above.
The file is plain YAML an administrator can read; its ids are the RIS's OParl URLs, so a
second run knows what changed.
"""

from __future__ import annotations

import difflib
import functools
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from vorlagen.errors import InputError, Problem
from vorlagen.files import write_atomic
from vorlagen.inputs import nearest_above
from vorlagen.messages import problems
from vorlagen.readfile import read_file

RIS_DATEI = "ris.yaml"
"""The RIS data of every Vorlage in its folder and the folders below."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Gremium(_Model):
    """A body that deals with papers (an OParl Organization of a Gremium's type)."""

    id: str
    """Its OParl URL."""
    name: str
    kurzname: str | None = None
    art: str | None = None
    """As the RIS calls it (``organizationType``/``classification``), e.g. "Ausschuss"."""
    bis: date | None = None
    """The day it ended (``endDate``): no longer offered, still known."""


class Verwaltungseinheit(_Model):
    """An Amt or Dezernat (an OParl Organization of the administration), which a Paper
    names as ``underDirectionOf``."""

    id: str
    name: str
    kurzname: str | None = None


class Tagesordnungspunkt(_Model):
    """An item on a meeting's agenda (an OParl AgendaItem)."""

    id: str
    nummer: str | None = None
    """As the agenda prints it, e.g. "3" or "10.1" (OParl ``number``)."""
    name: str | None = None
    oeffentlich: bool | None = None
    ergebnis: str | None = None
    """What the Gremium decided, e.g. "ungeändert beschlossen" (OParl ``result``)."""
    beratung: str | None = None
    """The OParl URL of the Consultation dealt with here."""


class Sitzung(_Model):
    """A meeting (an OParl Meeting) of one or more Gremien."""

    id: str
    name: str | None = None
    beginn: datetime | date | None = None
    ende: datetime | date | None = None
    gremien: tuple[str, ...] = ()
    """The ids of the Gremien meeting (OParl ``organization``)."""
    abgesagt: bool = False
    tagesordnung: tuple[Tagesordnungspunkt, ...] = ()

    @property
    def tag(self) -> date | None:
        """The meeting's day, as its own time zone has it."""
        if isinstance(self.beginn, datetime):
            return self.beginn.date()
        return self.beginn


class Ris(_Model):
    """What ``vorlagen ris abrufen`` keeps of one body."""

    quelle: str
    """The OParl URL of the Body read."""
    koerperschaft: str
    """The body's name, e.g. "Gemeinde Hürtgenwald"."""
    abgerufen: datetime | None = None
    """When the lists were last read completely: a later run asks only for what changed
    since (OParl ``modified_since``)."""
    gremien: tuple[Gremium, ...] = ()
    verwaltungseinheiten: tuple[Verwaltungseinheit, ...] = ()
    sitzungen: tuple[Sitzung, ...] = ()

    def gremium(self, name: str) -> Gremium | None:
        """The Gremium called ``name`` (its name or short name, case and spaces as
        written aside), if the body has one."""
        named = self.gremien_named(name)
        return named[0] if named else None

    def gremien_named(self, name: str) -> list[Gremium]:
        """Every Gremium called ``name`` (its name or short name, case and spaces as
        written aside): one of an earlier term may share it."""
        wanted = _key(name)
        return [gremium for gremium in self.gremien
                if wanted in (_key(gremium.name), _key(gremium.kurzname or ""))]

    def aehnlich(self, name: str) -> str | None:
        """The name of the Gremium ``name`` most likely means, if one is close."""
        names = {_key(gremium.name): gremium.name for gremium in self.gremien}
        close = difflib.get_close_matches(_key(name), list(names), n=1, cutoff=0.75)
        return names[close[0]] if close else None

    def sitzungen_von(self, gremium: Gremium) -> list[Sitzung]:
        """The meetings of ``gremium`` in the order of their days (undated last)."""
        found = [sitzung for sitzung in self.sitzungen
                 if gremium.id in sitzung.gremien and not sitzung.abgesagt]
        return sorted(found, key=lambda sitzung: (sitzung.tag is None,
                                                  sitzung.tag or date.min))

    def by_id(self) -> dict[str, Gremium | Verwaltungseinheit | Sitzung | Tagesordnungspunkt]:
        """Every object by its OParl URL."""
        found: dict[str, Any] = {}
        for gremium in self.gremien:
            found[gremium.id] = gremium
        for einheit in self.verwaltungseinheiten:
            found[einheit.id] = einheit
        for sitzung in self.sitzungen:
            found[sitzung.id] = sitzung
            for punkt in sitzung.tagesordnung:
                found[punkt.id] = punkt
        return found


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def nearest(folder: Path) -> Path | None:
    """The ``ris.yaml`` in ``folder`` or the nearest folder above it, if any."""
    return nearest_above(folder, RIS_DATEI)


def load_ris(path: Path) -> Ris:
    """The RIS data in ``path``; an InputError naming each line that is not as
    ``vorlagen ris abrufen`` writes it."""
    hint = Problem("", "die Datei mit 'vorlagen ris abrufen' neu schreiben lassen")
    try:
        parsed = read_file(path)
    except InputError as error:  # no YAML (a syntax error, an alias bomb): fetch it anew
        raise InputError(error.source, [*error.problems, hint],
                         mention=error.mention) from None
    try:
        return Ris.model_validate(parsed.data)
    except ValidationError as error:
        found = problems(error, Ris, line_of=parsed.line_of)
        raise InputError(str(path), [*found, hint]) from None


def ris_for(folder: Path) -> Ris | None:
    """The RIS data that applies to the Vorlagen in ``folder``, if any."""
    path = nearest(folder)
    return read_ris(path) if path is not None else None


def read_ris(path: Path) -> Ris:
    """``load_ris``, once per version of the file: the check of every Vorlage of a
    batch and every page of the form ask for it."""
    state = path.stat()
    return _read(str(path.resolve()), state.st_mtime_ns, state.st_size)


@functools.lru_cache(maxsize=8)
def _read(path: str, mtime_ns: int, size: int) -> Ris:
    return load_ris(Path(path))


HEADER = ("# Gremien, Verwaltungseinheiten und Sitzungen aus dem Ratsinformationssystem,\n"
          "# geschrieben von 'vorlagen ris abrufen'. Nicht von Hand ändern: der nächste\n"
          "# Abruf schreibt die Datei neu.\n")


def ris_text(ris: Ris) -> str:
    """``ris`` as the YAML ``ris.yaml`` holds: readable, in the RIS's order, without
    empty values."""
    data = ris.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data = {"quelle": ris.quelle, "koerperschaft": ris.koerperschaft, **data}
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the same text, 4 times faster
    return HEADER + yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False,
                              width=100)


def save_ris(path: Path, ris: Ris) -> None:
    """Write ``ris`` to ``path`` whole or not at all."""
    write_atomic(path, ris_text(ris).encode("utf-8"))

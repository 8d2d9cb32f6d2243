"""The body's Gremien and their next meetings as the form's choices (issue 26, point 4).

Where the Vorlage's folder or a folder above it has RIS data (``ris.yaml``, see
``vorlagen.ris``), each Beratung's Gremium offers the body's current Gremien (a
``<datalist>``: typing a name not in it stays possible) and its Sitzungstermine the next
meeting days of the Gremium chosen, each a button that adds the day to the field. The
buttons send the form (without JavaScript the server adds the day, ``take``);
``static/ris.js`` adds it in the page and redraws the days when the Gremium changes, from
the days of every Gremium the page carries (``Choices.by_name``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from vorlagen import ris as ris_file
from vorlagen.errors import VorlagenError
from vorlagen.ris import Gremium, Ris
from vorlagen.serve import fields as fe

TAKE = "termin"
"""The action of a day's button: ``termin:beratungsfolge[0].sitzungstermine:10.12.2026``."""
NEXT = 6
"""How many of a Gremium's next meeting days are offered."""
LIST_ID = "ris-gremien"
"""The id of the page's ``<datalist>`` of the body's Gremien."""
DAY = re.compile(r"\d{2}\.\d{2}\.\d{4}")


@dataclass(frozen=True)
class Dates:
    """What the Sitzungstermine field of one Beratung offers."""

    gremium_id: str
    """The id of the row's Gremium control (``static/ris.js`` follows its changes)."""
    row: str
    """The row's label, e.g. "Beratung 1"."""
    gremium: str = ""
    """The Gremium's name as the RIS has it; "" where the RIS does not know the one named."""
    days: tuple[str, ...] = ()
    """Its next meeting days, from today on, as TT.MM.JJJJ."""


@dataclass
class Choices:
    """What the page offers from the RIS data: the current Gremien, every Gremium's next
    meeting days by its name's key, where the data come from."""

    gremien: list[tuple[str, str]] = field(default_factory=list)
    """(name, short name) of each current Gremium, by name."""
    by_name: dict[str, dict[str, Any]] = field(default_factory=dict)
    """``{key: {"name": …, "termine": [TT.MM.JJJJ, …]}}`` by the key of each Gremium's name
    and short name (``key``), for ``static/ris.js``."""
    note: str = ""
    """Where the choices come from (or why there are none), for the Beratungsfolge's help."""


def key(name: str) -> str:
    """A Gremium's name as ``static/ris.js`` compares it: lower case, ß as ss, single
    spaces (as ``Ris.gremium`` compares, for the names a body gives its Gremien)."""
    return " ".join(name.lower().replace("ß", "ss").split())


def offer(fields: list[fe.Field], folder: Path, today: date | None = None
          ) -> Choices | None:
    """Put the RIS data that apply to ``folder`` into the Beratungsfolge's controls (the
    Gremien's list, each row's next days) and its help; None where there are none. Where
    ``ris.yaml`` cannot be read the help says so and nothing is offered."""
    beratungsfolge = next((f for f in fields if f.path == ("beratungsfolge",)), None)
    try:
        known = _known(folder)
    except (VorlagenError, OSError) as error:
        if beratungsfolge is not None:
            _describe(beratungsfolge, "Die Gremien und Sitzungstermine aus dem "
                      f"Ratsinformationssystem fehlen hier: {_first_line(error)}")
        return None
    if known is None or beratungsfolge is None:  # (a paper without Beratungen: nothing)
        return None
    ris = known.ris
    today = today or date.today()
    choices = _choices(known, today)
    _describe(beratungsfolge, choices.note)
    for row in beratungsfolge.children:
        if not row.row or row.kind != "group":
            continue
        cells = {str(cell.path[-1]): cell for cell in row.children}
        gremium_cell, dates_cell = cells.get("gremium"), cells.get("sitzungstermine")
        if gremium_cell is not None and gremium_cell.kind == "text":
            gremium_cell.datalist = LIST_ID
        if dates_cell is None or dates_cell.kind != "dates":
            continue
        named = ris.gremium(gremium_cell.value) if gremium_cell is not None else None
        dates_cell.offer = Dates(
            gremium_id=gremium_cell.id if gremium_cell is not None else "", row=row.label,
            gremium=named.name if named is not None else "",
            days=_next_days(known, named, today) if named is not None else ())
    return choices


def take(state: dict[str, Any], action: str) -> tuple[str | None, str]:
    """A day's button without JavaScript: the day added to the row's Sitzungstermine (once);
    the control to focus then and what is announced. A button without a day (the redraw
    of the offered days) changes nothing; anything else (a forged action) is ignored."""
    _, _, rest = action.partition(":")
    name, _, day = rest.rpartition(":")
    path = fe.split(name)
    if (len(path) != 3 or path[0] != "beratungsfolge" or not isinstance(path[1], int)
            or path[2] != "sitzungstermine" or not isinstance(fe.at(state, path[:2]), dict)):
        return None, ""
    target = fe.Field(path, "", "dates").id
    if not day:
        return target, ""
    if not DAY.fullmatch(day):
        return None, ""
    before = fe.at(state, path)
    days = (fe.split_dates(before) if isinstance(before, str)
            else [str(item) for item in before] if isinstance(before, list) else [])
    row = f"Beratung {path[1] + 1}"
    if _same(day) in {_same(other) for other in days}:
        return target, f"{day} steht bei {row} schon unter den Sitzungsterminen."
    fe.put(state, path, ", ".join([*days, day]))
    return target, f"{day} als Sitzungstermin von {row} übernommen."


def _same(day: str) -> str:
    """A day as TT.MM.JJJJ however the field has it (1.2.2027, 2027-02-01), to compare."""
    german = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", day)
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", day)
    if german:
        return f"{int(german[1]):02d}.{int(german[2]):02d}.{german[3]}"
    if iso:
        return f"{int(iso[3]):02d}.{int(iso[2]):02d}.{iso[1]}"
    return day


def _choices(known: _Known, today: date) -> Choices:
    ris = known.ris
    current = sorted((gremium for gremium in ris.gremien
                      if gremium.bis is None or gremium.bis >= today),
                     key=lambda gremium: key(gremium.name))
    by_name: dict[str, dict[str, Any]] = {}
    for gremium in ris.gremien:
        entry = {"name": gremium.name, "termine": list(_next_days(known, gremium, today))}
        for name in (gremium.name, gremium.kurzname or ""):
            if key(name):
                by_name.setdefault(key(name), entry)
    return Choices(
        gremien=[(gremium.name, gremium.kurzname or "") for gremium in current],
        by_name=by_name,
        note=(f"Zur Auswahl stehen die Gremien der Körperschaft „{ris.koerperschaft}“ und "
              "ihre nächsten Sitzungstermine, aus dem Ratsinformationssystem, abgerufen "
              f"{_when(ris.abgerufen)}. Ein Gremium, das die Liste nicht anbietet, lässt "
              "sich auch eintippen."))


def _next_days(known: _Known, gremium: Gremium, today: date) -> tuple[str, ...]:
    days = known.days.get(gremium.id, [])
    coming = days[bisect.bisect_left(days, today):][:NEXT]
    return tuple(day.strftime("%d.%m.%Y") for day in coming)


def _when(fetched: datetime | None) -> str:
    if fetched is None:
        return "zu unbekannter Zeit"
    if fetched.tzinfo is not None:  # as the clock on the wall here shows it
        fetched = fetched.astimezone()
    return f"am {fetched:%d.%m.%Y} um {fetched:%H:%M} Uhr"


def _describe(control: fe.Field, text: str) -> None:
    own = control.description.strip().rstrip(".")
    control.description = f"{own}. {text}" if own else text


def _first_line(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 300 else text[:297] + " …"


@dataclass(frozen=True)
class _Known:
    """The RIS data of one version of ``ris.yaml``, with each Gremium's meeting days."""

    ris: Ris
    days: dict[str, list[date]]
    """The days each Gremium meets (by its id), in order, each once, as
    ``Ris.sitzungen_von`` has its meetings (no cancelled one)."""


def _known(folder: Path) -> _Known | None:
    """The RIS data for ``folder``, read once per version of the file."""
    path = ris_file.nearest(folder)
    if path is None:
        return None
    info = path.stat()
    return _loaded(path, info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=8)
def _loaded(path: Path, mtime_ns: int, size: int) -> _Known:
    """One pass over the meetings (a city's RIS has tens of thousands), not one per Gremium
    on every page."""
    ris = ris_file.read_ris(path)
    days: dict[str, set[date]] = {}
    for meeting in ris.sitzungen:
        if meeting.tag is not None and not meeting.abgesagt:
            for gremium in meeting.gremien:
                days.setdefault(gremium, set()).add(meeting.tag)
    return _Known(ris, {gremium: sorted(found) for gremium, found in days.items()})

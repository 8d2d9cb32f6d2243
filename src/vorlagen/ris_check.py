"""Checking a Vorlage's Beratungsfolge against its body's RIS data (``ris.yaml``).

Where a ``ris.yaml`` lies in a Vorlage's folder or above it, each Beratung's ``gremium``
is looked up among the body's Gremien, as ``configure`` checks its ``rolle`` against the
Hausformat's: a name close to a Gremium's is a misspelling (an error that names the
Gremium meant). A name far from every Gremium may be a body outside the RIS (the
Kreistag in a Gemeinde's paper), a Gremium that has ended may be right for an old paper,
a Sitzungstermin may not be fixed in the RIS yet: each of these is a ``Hinweis``, said
with the file and line, and stops nothing. Without a ``ris.yaml`` nothing is checked.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from vorlagen.errors import Hinweis, Problem
from vorlagen.messages import Loc
from vorlagen.model import Beratung, Vorlage
from vorlagen.ris import Ris, Sitzung, nearest, read_ris

AROUND = 3
"""How many of a Gremium's meetings a hint names around a Sitzungstermin that is none."""


def ris_problems(vorlage: Vorlage, folder: Path, line: Callable[[Loc], int | None],
                 quelle: str, today: date | None = None) -> list[Problem]:
    """What is wrong in the Beratungsfolge by the ``ris.yaml`` that applies in
    ``folder``: each Gremium the body does not have but names almost alike. What is only
    doubtful is warned of (``Hinweis``). ``quelle`` names the Vorlage in the warnings;
    ``today`` decides which Gremien have ended. A broken ``ris.yaml`` is an
    ``InputError`` naming it and its line."""
    path = nearest(folder)
    if path is None:
        return []
    ris = read_ris(path)
    found: list[Problem] = []
    for index, beratung in enumerate(vorlage.beratungsfolge):
        found += _beratung(ris, path, index, beratung, line, quelle, today or date.today())
    return found


def _beratung(ris: Ris, path: Path, index: int, beratung: Beratung,
              line: Callable[[Loc], int | None], quelle: str, today: date) -> list[Problem]:
    field = f"beratungsfolge[{index}].gremium"
    at = line(("beratungsfolge", index, "gremium"))
    where = f"im RIS ({ris.koerperschaft}, {path})"
    named = ris.gremien_named(beratung.gremium)
    if not named:
        close = ris.aehnlich(beratung.gremium)
        if close is not None:
            return [Problem(field, f"{beratung.gremium!r} ist kein Gremium {where}; "
                                   f"gemeint ist vielleicht {close!r}", at)]
        _hint(quelle, at, field, f"{beratung.gremium!r} ist kein Gremium {where}; ein "
              "Gremium außerhalb des RIS (etwa der Kreistag) ist so richtig, sonst den "
              "Namen prüfen")
        return []
    ended = [gremium.bis for gremium in named if gremium.bis is not None]
    bis = max(ended) if len(ended) == len(named) else None  # all of that name have ended
    termine = beratung.sitzungstermine
    if bis is not None and bis < today and (not termine or max(termine) > bis):
        _hint(quelle, at, field, f"{beratung.gremium!r} besteht laut RIS ({path}) nur bis "
              f"{bis:%d.%m.%Y}; das Gremium prüfen, das an seine Stelle getreten ist")
    if not ris.sitzungen:  # the RIS data holds no meetings: nothing to compare
        return []
    meetings = [sitzung for sitzung in ris.sitzungen
                if any(gremium.id in sitzung.gremien for gremium in named)]
    for number, termin in enumerate(termine):
        loc: Loc = ("beratungsfolge", index, "sitzungstermine", number)
        said = _not_a_meeting(beratung.gremium, termin, meetings)
        if said:
            _hint(quelle, line(loc) or line(loc[:-1]),
                  f"beratungsfolge[{index}].sitzungstermine[{number}]", f"{said} ({path})")
    return []


def _not_a_meeting(name: str, termin: date, meetings: Sequence[Sitzung]) -> str | None:
    """What is doubtful about ``termin`` as a meeting of the Gremium ``name``; None if
    the RIS has a meeting of it that day."""
    that_day = [sitzung for sitzung in meetings if sitzung.tag == termin]
    if any(not sitzung.abgesagt for sitzung in that_day):
        return None
    held = sorted({sitzung.tag for sitzung in meetings
                   if sitzung.tag is not None and not sitzung.abgesagt})
    day = f"{termin:%d.%m.%Y}"
    what = (f"die Sitzung von {name!r} am {day} ist laut RIS abgesagt" if that_day
            else f"am {day} hat {name!r} laut RIS keine Sitzung")
    if not held:
        return f"{what}; im RIS steht keine Sitzung dieses Gremiums"
    before = [tag for tag in held if tag < termin][-1:]
    after = [tag for tag in held if tag > termin][:AROUND - len(before)]
    around = ", ".join(f"{tag:%d.%m.%Y}" for tag in [*before, *after])
    return f"{what}; seine Sitzungen um diesen Tag: {around}"


def _hint(quelle: str, line: int | None, field: str, message: str) -> None:
    warnings.warn(Hinweis(quelle, Problem(field, message, line)), stacklevel=2)

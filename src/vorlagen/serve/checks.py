"""The form's checks: exactly what ``vorlagen validate`` does, on what the form holds.

``vorlagen validate`` loads a Vorlage (``load_vorlage``) and builds its paper
(``paper.build``: plugin data, text variables, Markdown). The form does the same with its
data, so the user gets the same German messages; each is shown at the control its field
path names, or at the nearest one above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy

from vorlagen.builder import Builder
from vorlagen.errors import InputError, VorlagenError
from vorlagen.loaded import LoadedVorlage
from vorlagen.serve.fields import PAAR, Feld, Path_, split


@dataclass
class Finding:
    """One message of the check, where it belongs."""

    feld: str
    """The field path (``beratungsfolge[1].gremium``), "" for the Vorlage as a whole."""
    text: str
    datei: str = ""
    """The data file it concerns, if not the Vorlage (an Excel list of a plugin)."""
    control: str | None = None
    """The id of the control it is shown at (None: only in the summary)."""
    ort: str = ""
    """Where that control is, by the labels the user sees (``Beratungsfolge, Beratung 3,
    Gremium``)."""

    @property
    def zeile(self) -> str:
        where = ", ".join(part for part in (self.datei, self.feld) if part)
        return f"{where}: {self.text}" if where else self.text


@dataclass
class Outcome:
    meldungen: list[Finding] = field(default_factory=list)
    vorlage: LoadedVorlage | None = None

    @property
    def gueltig(self) -> bool:
        return not self.meldungen


def check(data: dict[str, Any], datei: Path, manager: pluggy.PluginManager) -> Outcome:
    """Check ``data`` as the Vorlage file ``datei`` would be checked by ``validate``."""
    try:
        builder = Builder(plugins=manager)
        vorlage = builder.load(data, base_dir=datei.parent)
        builder.paper(vorlage)
    except InputError as error:
        if error.source in ("<dict>", str(datei)):
            return Outcome([Finding(problem.field, problem.message)
                             for problem in error.problems])
        return Outcome([Finding("", str(problem), datei=Path(error.source).name)
                         for problem in error.problems])
    except VorlagenError as error:
        return Outcome([Finding("", str(error))])
    return Outcome(vorlage=vorlage)


def assign(ergebnis: Outcome, felder: list[Feld]) -> None:
    """Put each message at its control (``Feld.fehler``, ``Finding.control``)."""
    by_path: dict[Path_, Feld] = {}
    for top in felder:
        for feld in top.walk():
            by_path[feld.path] = feld
            if len(feld.path) >= 2 and str(feld.path[-1]).startswith(PAAR):
                # a row of a mapping with free keys: its messages name the key
                name = next((child.wert for child in feld.kinder
                             if child.path[-1] == "name"), "")
                wert = next((child for child in feld.kinder if child.path[-1] == "wert"), feld)
                if name:
                    by_path[(*feld.path[:-1], name)] = wert
    files = {Path(feld.wert).name: feld for feld in by_path.values()
             if feld.art == "datei" and feld.wert}
    for meldung in ergebnis.meldungen:
        if meldung.datei in files:
            files[meldung.datei].fehler.append(f"{meldung.datei}: {meldung.text}")
            meldung.control = files[meldung.datei].id
            continue
        path = split(meldung.feld)
        while path and path not in by_path:
            path = path[:-1]
        target = by_path.get(path) if path else None
        if target is not None:
            target.fehler.append(meldung.text)
            meldung.control = target.id
            meldung.ort = ", ".join(by_path[path[:end]].label for end in range(1, len(path) + 1)
                                     if path[:end] in by_path)

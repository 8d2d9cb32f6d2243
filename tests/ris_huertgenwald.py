"""RIS data of Gemeinde Hürtgenwald for tests, as ``vorlagen ris abrufen`` keeps it: a
few of its real Gremien, Abteilungen, meetings and agenda items, with their real names,
ids and dates, taken from the recording of its OParl endpoint
(``konstin/oparl-validator-rs``, ``test-data/cache_huertgenwald.tar.zst``, see
tests/data/oparl/README.md): ``body/1/organization`` and the meeting pages 14 and 15.
The agenda items are those Paper 93/2021 (tests/data/oparl/huertgenwald-paper-3736.json)
references."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from vorlagen.ris import Gremium, Ris, Sitzung, Tagesordnungspunkt, Verwaltungseinheit, save_ris

P = "https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0/body/1"
PAPER = Path(__file__).parent / "data" / "oparl" / "huertgenwald-paper-3736.json"

HFA, GR, GUN, SCHA = (f"{P}/organization/{number}" for number in ("1-2", "1-8", "1-17",
                                                                   "1-3"))
ABTEILUNG_3 = f"{P}/organization/3-187"
MEETING_GUN_4, MEETING_GR_5 = f"{P}/meeting/2507", f"{P}/meeting/2524"
TOP_GUN, TOP_GR = f"{P}/agendaitem/9910", f"{P}/agendaitem/9889"


def _sitzung(number: int, name: str, beginn: str, gremium: str,
             *tagesordnung: Tagesordnungspunkt) -> Sitzung:
    return Sitzung(id=f"{P}/meeting/{number}", name=name,
                   beginn=datetime.fromisoformat(beginn), gremien=(gremium,),
                   tagesordnung=tagesordnung)


TITEL = ("Mögliche Herstellung einer Fahrbahnverengung am Ortseingang Bergstein im Zuge der "
         "Fahrbahnsanierung der L 11 durch den Landesbetrieb Straßenbau NRW;\nhier: "
         "Installation einer zusätzlichen Straßenleuchte")

HUERTGENWALD = Ris(
    quelle=P,
    koerperschaft="Gemeinde Hürtgenwald",
    abgerufen=datetime.fromisoformat("2021-09-06T11:57:00+02:00"),
    gremien=(
        Gremium(id=HFA, name="Haupt- und Finanzausschuss", kurzname="HFA", art="Gremium"),
        Gremium(id=SCHA, name="Schulausschuss", kurzname="SchA", art="Gremium",
                bis=date(2020, 10, 31)),
        Gremium(id=GR, name="Gemeinderat", kurzname="GR", art="Gremium"),
        Gremium(id=GUN, name="Ausschuss für Gemeindeentwicklung und Nachhaltigkeit",
                kurzname="GUN", art="Gremium"),
    ),
    verwaltungseinheiten=(
        Verwaltungseinheit(id=f"{P}/organization/3-184", name="Abteilung 1"),
        Verwaltungseinheit(id=ABTEILUNG_3, name="Abteilung 3"),
    ),
    sitzungen=(
        _sitzung(2424, "Gemeinderat (1. Sitzung)", "2020-11-05T18:00:00+01:00", GR),
        _sitzung(2487, "Haupt- und Finanzausschuss (2. Sitzung)",
                 "2021-01-28T18:00:00+01:00", HFA),
        _sitzung(2504, "Haupt- und Finanzausschuss (3. Sitzung)",
                 "2021-03-25T18:00:00+01:00", HFA),
        _sitzung(2508, "Haupt- und Finanzausschuss (4. Sitzung)",
                 "2021-04-15T18:00:00+02:00", HFA),
        _sitzung(2460, "Haupt- und Finanzausschuss (5. Sitzung)",
                 "2021-04-29T18:00:00+02:00", HFA),
        _sitzung(2509, "Haupt- und Finanzausschuss (6. Sitzung)",
                 "2021-05-06T18:00:00+02:00", HFA),
        _sitzung(2507, "Ausschuss für Gemeindeentwicklung und Nachhaltigkeit (4. Sitzung)",
                 "2021-06-24T18:37:00+02:00", GUN,
                 Tagesordnungspunkt(id=TOP_GUN, nummer="5.", name=TITEL,
                                    ergebnis="11 Ja-Stimmen, 0 Nein-Stimmen, 4 Enthaltungen",
                                    beratung=f"{P}/consultation/4716")),
        _sitzung(2524, "Gemeinderat (5. Sitzung)", "2021-07-01T18:00:00+02:00", GR,
                 Tagesordnungspunkt(id=TOP_GR, nummer="7.5", name=TITEL,
                                    beratung=f"{P}/consultation/4717")),
        _sitzung(2527, "Ausschuss für Gemeindeentwicklung und Nachhaltigkeit (5. Sitzung)",
                 "2021-07-08T19:00:00+02:00", GUN),
        _sitzung(2528, "Gemeinderat (6. Sitzung)", "2021-07-29T18:00:00+02:00", GR),
        _sitzung(2532, "Haupt- und Finanzausschuss (7. Sitzung)",
                 "2021-11-11T18:00:00+01:00", HFA),
    ),
)
"""Gemeinde Hürtgenwald as its RIS published it on 2021-09-06 (a part)."""


def write_ris(folder: Path, ris: Ris = HUERTGENWALD) -> Path:
    """``ris`` saved as the ``ris.yaml`` of ``folder``."""
    path = folder / "ris.yaml"
    save_ris(path, ris)
    return path

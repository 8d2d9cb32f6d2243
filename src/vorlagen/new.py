"""``vorlagen new``: a new Vorlage file to fill in, every field explained in German.

An administrator starts from a file that already validates and renders: the fields a
paper of this kind needs in its Hausformat hold sample values to replace, every other
field the Hausformat prints for this kind stands there commented out with what it is for
(and nothing it would refuse), and the JSON Schema beside the file lets an editor check
and complete it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import pluggy

from vorlagen.configure import OPTIONAL_PRINTED, PRINTED_BY_TEXTS, printed
from vorlagen.draft import datum
from vorlagen.errors import InputError, Problem
from vorlagen.hausformat import Hausformat, Vorlagenart
from vorlagen.messages import meant
from vorlagen.model import Vorlage, written_key
from vorlagen.plugins import document_types
from vorlagen.schema import FELDER, schema_text

SCHEMA_NAME = "vorlage.schema.json"

_SAMPLES: dict[str, str] = {
    "organisationseinheit": "organisationseinheit: Hauptamt",
    "ergaenzung_zu": "ergaenzung_zu: 2025/001",
    "federfuehrung": "federfuehrung: Dezernat I",
    "beteiligungen": "beteiligungen: [Kämmerei, Rechtsamt]",
    "verantwortlich": "verantwortlich: Erika Muster",
    "bearbeiter": "bearbeiter: Max Beispiel",
    "aktenzeichen": "aktenzeichen: \"022.31\"",
    "haushalt_produkte": "haushalt_produkte: [1.1.1.01]",
    "tagesordnungspunkt": "tagesordnungspunkt: 4",
    "status": "status: öffentlich",
    "einreicher": "einreicher: Die Bürgermeisterin",
    "unterzeichnung": "unterzeichnung: i. V. Erika Muster",
    "kurzfassung": "kurzfassung: Worum es in einem Satz geht.",
    "beschlussvorschlag": ("beschlussvorschlag:\n"
                           "  - Der Ausschuss stimmt dem Vorhaben zu.\n"
                           "  - Die Verwaltung wird beauftragt, es umzusetzen."),
    "kenntnisnahme": "kenntnisnahme: Um Kenntnisnahme wird gebeten.",
    "sachverhalt_ueberschrift": "sachverhalt_ueberschrift: Begründung",
    "finanzielle_auswirkungen": "finanzielle_auswirkungen: Keine.",
    "anlagen": "anlagen:\n  - titel: Lageplan\n    datei: lageplan.pdf",
    "plugins": "plugins: {}",
}
"""A sample of each field that a new Vorlage shows commented out."""

_ANGABEN_SAMPLES = {"telefon": "0123 456-789"}

OPTIONAL = frozenset({*OPTIONAL_PRINTED, *PRINTED_BY_TEXTS, "beschlussvorschlag",
                      "sachverhalt_ueberschrift", "angaben", "abschnitte"})
"""The fields a new Vorlage shows only where its Hausformat prints them."""


def next_number(taken: Iterable[str], year: int) -> str:
    """The next free Drucksachen-Nr. of ``year`` after those ``taken`` (``2026/003``
    after ``2026/002``), so that a new paper does not repeat one already in the folder."""
    pattern = re.compile(rf"\s*{year}\s*/\s*0*(\d{{1,6}})\s*")
    numbers = [int(found[1]) for text in taken if (found := pattern.fullmatch(text))]
    return f"{year}/{max(numbers, default=0) + 1:03d}"


def new_vorlage(art: str, hausformat: Hausformat, hausformat_name: str | None,
                manager: pluggy.PluginManager, today: date | None = None, *,
                name: str | None = None, taken: Iterable[str] = ()) -> str:
    """The text of a new Vorlage file of the kind ``art`` in ``hausformat`` (named
    ``hausformat_name``; None: the one that applies without, which the file then does
    not name, called ``name`` in messages, by default ``standard``), numbered after the
    Drucksachen-Nrn. ``taken``."""
    kind = hausformat.art(art)
    known = [name for found in hausformat.arten for name in (found.name, *found.auch)]
    if kind is None and art not in document_types(manager):
        raise InputError("vorlagen new", [Problem("ART", (
            f"{art!r} ist keine Vorlagenart des Hausformats "
            f"{hausformat_name or name or 'standard'!r} (bekannt: {', '.join(known)})"
            f"{meant(art, known, 0.8)}"))])
    kind = kind or Vorlagenart(name=art)
    shown = printed(hausformat, kind)
    day = today or date.today()
    needed = {"art", "datum", "drucksachen_nr", "titel", "sachverhalt",
              *hausformat.pflichtfelder}
    if kind.beschluss:
        needed.add("beschlussvorschlag")
    if hausformat_name:
        needed.add("hausformat")
    values = {
        "hausformat": f"hausformat: {hausformat_name or 'standard'}" + (
            f"  # ohne dieses Feld gilt {name}" if name and not hausformat_name else ""),
        "art": f"art: {art}",
        "datum": f"datum: {datum(day)}",
        "drucksachen_nr": f"drucksachen_nr: {next_number(taken, day.year)}",
        "titel": "titel: Betreff der Vorlage",
        "beratungsfolge": _beratungsfolge(hausformat, day),
        "sachverhalt": ("sachverhalt:\n"
                        "  - ueberschrift: Anlass\n"
                        "    text: |\n"
                        "      Hier steht der Sachverhalt, in Markdown: **fett**, *kursiv*,\n"
                        "      Listen mit - am Zeilenanfang, Absätze durch eine Leerzeile.\n"
                        "  - ueberschrift: Vorschlag der Verwaltung\n"
                        "    text: Ein zweiter, nummerierter Abschnitt."),
        "angaben": _angaben(hausformat, shown.angaben),
        "abschnitte": "abschnitte:\n" + "".join(
            f"  {teil}: Text des Abschnitts.\n" for teil in shown.abschnitte).rstrip(),
    }
    offered = {*shown.felder, *(["angaben"] if shown.angaben else []),
               *(["abschnitte"] if shown.abschnitte else [])}
    lines = [f"# yaml-language-server: $schema={SCHEMA_NAME}",
             f"# Neue {art}, angelegt mit 'vorlagen new'. Felder mit # davor sind",
             "# abgeschaltet: # entfernen, um sie zu nutzen. Prüfen: vorlagen validate",
             "# vorlage.yaml; erzeugen: vorlagen render vorlage.yaml (-f pdf für ein PDF).", ""]
    for field in map(written_key, Vorlage.model_fields):
        if field in OPTIONAL and field not in offered and field not in needed:
            continue  # the Hausformat would refuse it, or not print it
        sample = values.get(field) or _SAMPLES.get(field, f"{field}: …")
        lines.append(f"# {FELDER[field]}")
        if field in needed:
            lines.append(sample)
        else:
            lines += [f"# {line}" for line in sample.splitlines()]
        lines.append("")
    return "\n".join(lines)


def _angaben(hausformat: Hausformat, keys: tuple[str, ...]) -> str:
    """A sample of the ``angaben`` the Hausformat prints, each with what it declares."""
    lines = ["angaben:"]
    for key in keys:
        declared = hausformat.angaben.get(key)
        werte = declared.werte if declared is not None else ()
        value = werte[0] if werte else _ANGABEN_SAMPLES.get(key, "…")
        notes = [declared.beschreibung] if declared is not None and declared.beschreibung \
            else []
        if werte:
            notes.append(f"erlaubt: {', '.join(werte)}")
        lines.append(f"  {key}: {value}" + (f"  # {'; '.join(notes)}" if notes else ""))
    return "\n".join(lines)


def _beratungsfolge(hausformat: Hausformat, day: date) -> str:
    rolle = f"\n    rolle: {hausformat.rollen[0]}" if hausformat.rollen else ""
    termin = datum(day + timedelta(days=21))
    return ("beratungsfolge:\n"
            f"  - gremium: Hauptausschuss\n    sitzungsart: öffentlich\n"
            f"    sitzungstermine: [{termin}]{rolle}")


def write_new(folder: Path, text: str, manager: pluggy.PluginManager,
              hausformat: Hausformat, hausformat_name: str | None,
              hausformat_file: Path | None = None, *, name: str | None = None) -> list[Path]:
    """Write the new Vorlage and its schema into ``folder`` (and a copy of
    ``hausformat_file``, which the Vorlage names); never over existing files."""
    from vorlagen.files import write_new_files

    files = [(folder / "vorlage.yaml", text.encode("utf-8")),
             (folder / SCHEMA_NAME,
              schema_text(manager, hausformat, hausformat_name or name or "standard"
                          ).encode("utf-8"))]
    if hausformat_file is not None:
        files.append((folder / hausformat_file.name, hausformat_file.read_bytes()))
    return write_new_files(folder, files)

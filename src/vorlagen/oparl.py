"""OParl 1.1, the open standard of Ratsinformationssysteme: a paper as a ``Paper`` and back.

Export: the Vorlage's fields as an OParl Paper (name, reference, date, paperType,
underDirectionOf), its Beratungsfolge as embedded Consultations, and each written file as
a File with size and SHA-512 of its bytes. Every object carries ``created`` and
``modified``, embedded ones too, as the specification requires. Ids are URLs below a base
URL the caller gives; names stand in them percent-encoded, so that an import reads them
back unchanged.

Import: a Paper (with its Consultations embedded, or only their URLs, as some endpoints
publish them) as the text of a Vorlage file, for the fields a Paper holds; the rest (the
Sachverhalt) is for the administrator to write.
"""

from __future__ import annotations

import dataclasses
import hashlib
import mimetypes
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import pluggy
import yaml

from vorlagen.configure import hausformat_texts
from vorlagen.errors import InputError, Problem
from vorlagen.hausformat import Beratungsfolge, Hausformat, Vorlagenart
from vorlagen.loaded import LoadedVorlage
from vorlagen.model import Beratung, Vorlage
from vorlagen.readfile import texts_in
from vorlagen.ris import Gremium, Ris, Sitzung, Tagesordnungspunkt, Verwaltungseinheit
from vorlagen.templating import literal
from vorlagen.veroeffentlichung import found as found_in

SCHEMA = "https://schema.oparl.org/1.1/"
PAPER_TYPES = (SCHEMA + "Paper", "https://schema.oparl.org/1.0/Paper")
"""The types of a Paper an import reads: OParl 1.1's and 1.0's, which many RIS still
publish (their Paper has the same fields, its Consultations no ``role``)."""
TO_FILL_IN = "(bitte eintragen)"
"""What an import writes into a field the Hausformat requires but a Paper does not hold."""
MIME_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".pdf": "application/pdf",
}
MAX_ITEMS = 1_000
"""The most Consultations and the most auxiliaryFiles an imported Paper may have (a real
one has a few), counted before any is read."""
ENTSCHEIDEND = ("entscheid", "beschluss")
"""Words of a role that make a Consultation authoritative (where a decision is taken)."""


def _url(base: str, *parts: str) -> str:
    return "/".join([base.rstrip("/"), *(quote(part, safe="") for part in parts)])


def _moment(day: date) -> str:
    return datetime.combine(day, time(), tzinfo=UTC).isoformat().replace("+00:00", "Z")


def paper(vorlage: Vorlage | LoadedVorlage, files: Sequence[tuple[str, bytes]], base_url: str,
          *, stem: str | None = None, anlagen: Mapping[int, str] | None = None,
          titel: str | None = None,
          plugins: pluggy.PluginManager | None = None) -> dict[str, Any]:
    """The OParl Paper of ``vorlage`` with a File for each of ``files`` (name, bytes as
    written); the first file whose name is the paper's own (``stem``) is its mainFile.
    ``anlagen``: each Anlage's title by its number; ``titel``: the title as printed
    (its variables filled in); by default both as the paper built with ``plugins`` has
    them."""
    _check_base(base_url)
    from vorlagen import paper as papers
    from vorlagen.render import output_stem

    if anlagen is None or titel is None:
        built = papers.build(vorlage, plugins)
        anlagen = papers.anlage_titles(vorlage, built) if anlagen is None else anlagen
        titel = built.document.metadata.title if titel is None else titel
    vorlage = vorlage.vorlage if isinstance(vorlage, LoadedVorlage) else vorlage
    own = stem or output_stem(vorlage)
    stamp = _moment(vorlage.datum)
    paper_id = _url(base_url, "paper", vorlage.drucksachen_nr)
    found: dict[str, Any] = {
        "id": paper_id,
        "type": SCHEMA + "Paper",
        "name": " ".join(titel.split()),
        "reference": vorlage.drucksachen_nr,
        "date": vorlage.datum.isoformat(),
        "paperType": vorlage.art,
    }
    leading = vorlage.federfuehrung or vorlage.organisationseinheit
    if leading:
        found["underDirectionOf"] = [_url(base_url, "organization", leading)]
    consultations = [_consultation(vorlage, index, beratung, paper_id, base_url, stamp)
                     for index, beratung in enumerate(vorlage.beratungsfolge)]
    if consultations:
        found["consultation"] = consultations
    titles = dict(anlagen)
    made = [_file(vorlage, name, data, base_url, stamp, own, titles) for name, data in files]
    main = next((file for (name, _), file in zip(files, made, strict=True)
                 if name.rsplit(".", 1)[0] == own), None)
    if main is not None:
        found["mainFile"] = main
    auxiliary = [file for file in made if file is not main]
    if auxiliary:
        found["auxiliaryFile"] = auxiliary
    found["created"] = found["modified"] = stamp
    return found


def check_public(found: Any, nichtoeffentlich: Mapping[str, str], quelle: str) -> None:
    """Refuse a Paper of the version for publication whose texts (a title, a file's
    name) hold one of the nichtöffentlichen texts ``nichtoeffentlich`` (each with the
    plugin that named it), however written (``vorlagen.veroeffentlichung``)."""
    texts: list[str] = []
    for item in texts_in(found):  # a name in a URL: also as it reads
        texts += [item, unquote(item)] if "%" in item else [item]
    problems = [Problem("", (
        f"die nichtöffentliche Angabe {angabe!r} (Plugin {plugin}) stünde im OParl-Paper "
        "der Fassung zur Veröffentlichung (auch anders geschrieben zählt sie)"))
        for angabe, plugin in found_in(texts, nichtoeffentlich)]
    if problems:
        raise InputError(quelle, problems)


def anlage_titles(vorlage: Vorlage | LoadedVorlage, plugins: pluggy.PluginManager | None = None
                  ) -> dict[int, str]:
    """Each Anlage's title by its number: the Vorlage file's and those plugins generate."""
    from vorlagen import paper as papers

    return papers.anlage_titles(vorlage, papers.build(vorlage, plugins))


_NOT_IN_URLS = set(' "<>\\^`{|}')
"""Characters a URL never holds as they are (RFC 3986): they would be percent-encoded."""


def _check_base(base_url: str) -> None:
    """Refuse a ``--base-url`` that would write ids no client can follow."""
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in base_url) or " " in base_url.strip():
        raise InputError("--base-url", [Problem("", (
            f"{base_url!r} enthält einen Zeilenumbruch, ein Leerzeichen oder ein "
            "Steuerzeichen; bitte die URL ohne sie angeben, z. B. https://ris.example.de/oparl"))])
    if any(c in _NOT_IN_URLS for c in base_url.strip()):
        raise InputError("--base-url", [Problem("", (
            f"{base_url!r} enthält ein Zeichen, das in keiner URL steht (etwa \" < > {{ }} | "
            "\\); bitte die URL angeben, wie der Browser sie zeigt, z. B. "
            "https://ris.example.de/oparl"))])
    try:
        parts = urlsplit(base_url)
        host, _ = parts.hostname, parts.port  # a bad host ("[zz]") or port raises here
    except ValueError:
        raise InputError("--base-url", [Problem("", (
            f"{base_url!r} ist keine gültige URL: der Rechnername oder der Port ist "
            "fehlerhaft; z. B. https://ris.example.de/oparl oder "
            "https://ris.example.de:8443/oparl"))]) from None
    if parts.scheme not in ("http", "https") or not host:
        raise InputError("--base-url", [Problem("", (
            f"{base_url!r} ist keine http(s)-URL; die Ids der OParl-Objekte stehen unter ihr, "
            "z. B. https://ris.example.de/oparl"))])


def _consultation(vorlage: Vorlage, index: int, beratung: Beratung, paper_id: str,
                  base_url: str, stamp: str) -> dict[str, Any]:
    """One Beratung as an OParl Consultation. Its ``ergebnis`` is not exported: OParl
    1.1 has no result on a Consultation, only on the AgendaItem (``result``), which is
    the RIS's object, here only linked; ``vorlagen ris ergebnisse`` takes it from there."""
    last = index == len(vorlage.beratungsfolge) - 1
    role = beratung.rolle
    authoritative = (any(word in role.lower() for word in ENTSCHEIDEND) if role
                     else last and bool(vorlage.beschlussvorschlag))
    found: dict[str, Any] = {
        "id": f"{paper_id}/consultation/{index + 1}",
        "type": SCHEMA + "Consultation",
        "paper": paper_id,
        "organization": [_url(base_url, "organization", beratung.gremium)],
        "authoritative": authoritative,
    }
    if role:
        found["role"] = role
    if beratung.sitzungstermine:
        meeting = _url(base_url, "meeting", beratung.gremium,
                       beratung.sitzungstermine[0].isoformat())
        found["meeting"] = meeting
        if beratung.top:
            found["agendaItem"] = f"{meeting}/agendaitem/{quote(beratung.top, safe='')}"
    found["created"] = found["modified"] = stamp
    return found


def _file(vorlage: Vorlage, name: str, data: bytes, base_url: str, stamp: str,
          own: str, titles: Mapping[int, str]) -> dict[str, Any]:
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    stem = name.rsplit(".", 1)[0]
    title = f"{vorlage.art} {vorlage.drucksachen_nr}"
    nummer = stem.rsplit("_Anlage_", 1)[1] if "_Anlage_" in stem else ""
    if stem != own and nummer.isdigit():
        title = f"Anlage {nummer}: {titles.get(int(nummer), '')}".rstrip(": ")
    return {
        "id": _url(base_url, "file", name),
        "type": SCHEMA + "File",
        "name": title,
        "fileName": name,
        "mimeType": MIME_TYPES.get(suffix) or mimetypes.guess_type(name)[0]
        or "application/octet-stream",
        "size": len(data),
        "sha512Checksum": hashlib.sha512(data).hexdigest(),
        "date": vorlage.datum.isoformat(),
        "accessUrl": _url(base_url, "file", name, "download"),
        "created": stamp,
        "modified": stamp,
    }


def _listed(value: Any) -> list[Any]:
    """A list as OParl gives it (URLs or embedded objects); a single value, as some
    endpoints write it, as a list of one, never a URL's characters one by one."""
    if isinstance(value, str | dict):
        return [value] if value else []
    return [item for item in value if isinstance(item, str | dict) and item] \
        if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    """A name or number from the JSON as text; None for what is none."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return " ".join(str(value).split()) or None


def _reference(value: Any) -> str:
    """Where an object a Paper only references is found: its URL (an embedded object
    without what is looked for: its id)."""
    return str(value.get("id") or "") if isinstance(value, dict) else str(value)


@dataclass(frozen=True, slots=True)
class _Names:
    """Names of what a Paper only references by URL: looked up in the body's RIS data
    (``ris.yaml``, by the objects' OParl URLs), or read from the URLs where ``vorlagen
    export oparl`` wrote the Paper: its URLs carry the names, percent-encoded, below the
    base its Paper's id stands under (``…/paper/<Drucksachen-Nr.>``). Any other URL is an
    opaque id of its system (Stadt Karlsruhe: ``…/organizations/gr/28964``), never a
    name."""

    base: str | None
    known: Mapping[str, Gremium | Verwaltungseinheit | Sitzung | Tagesordnungspunkt]
    """The RIS's objects by their URLs; none without RIS data."""
    meeting_names: bool = True
    """Whether a meeting's name from the RIS is taken (the Hausformat prints it)."""
    held_in: Mapping[str, Sitzung] = dataclasses.field(default_factory=dict)
    """The meeting of each agenda item and each Consultation dealt with there, by URL."""

    @classmethod
    def of(cls, found: dict[str, Any], ris: Ris | None = None,
           meeting_names: bool = True) -> _Names:
        ident = str(found.get("id") or "")
        own = "/paper/" + quote(str(found["reference"]), safe="")
        held_in = {key: sitzung for sitzung in (ris.sitzungen if ris is not None else ())
                   for punkt in sitzung.tagesordnung
                   for key in (punkt.id, punkt.beratung) if key}
        return cls(ident.removesuffix(own) if ident.endswith(own) else None,
                   ris.by_id() if ris is not None else {}, meeting_names, held_in)

    def parts(self, url: Any, kind: str, count: int) -> list[str] | None:
        """The ``count`` names after ``<base>/<kind>/`` in ``url``; None for another URL."""
        prefix = f"{self.base}/{kind}/"
        if self.base is None or not isinstance(url, str) or not url.startswith(prefix):
            return None
        parts = url.removeprefix(prefix).split("/")
        return [unquote(part) for part in parts] if len(parts) == count and all(parts) \
            else None

    def organization(self, value: Any) -> str | None:
        if isinstance(value, dict) and (_text(value.get("name"))
                                        or _text(value.get("shortName"))):
            return _text(value.get("name")) or _text(value.get("shortName"))
        known = self.known.get(_reference(value))
        if isinstance(known, Gremium | Verwaltungseinheit):
            return known.name
        found = self.parts(value, "organization", 1)
        return found[0] if found and not found[0].isdigit() else None  # a number: an id

    def meeting(self, value: Any) -> tuple[date | None, str | None]:
        """The meeting's day and, where the Paper embeds it (or the RIS data has it and
        the Hausformat prints it), its name."""
        known = self.known.get(_reference(value))
        if isinstance(value, dict) and (value.get("start") or not isinstance(known, Sitzung)):
            return _day(value.get("start")), _text(value.get("name"))
        if isinstance(known, Sitzung):
            return known.tag, known.name if self.meeting_names else None
        found = self.parts(value, "meeting", 2)
        return (_day(found[1]) if found else None), None

    def agenda_item(self, value: Any) -> tuple[str | None, bool | None]:
        """The TOP (the agenda item's number, never its id) and whether it is public."""
        known = self.known.get(_reference(value))
        if isinstance(value, dict) and (value.get("number")
                                        or not isinstance(known, Tagesordnungspunkt)):
            public = value.get("public")
            return _text(value.get("number")), public if isinstance(public, bool) else None
        if isinstance(known, Tagesordnungspunkt):
            return known.nummer, known.oeffentlich
        found = self.parts(value, "meeting", 4)
        return (found[3] if found and found[2] == "agendaitem" else None), None

    def sitzung_of(self, *urls: Any) -> Sitzung | None:
        """The meeting in the RIS data that has the agenda item or Consultation one of
        ``urls`` names on its agenda."""
        return next((self.held_in[url] for url in urls
                     if isinstance(url, str) and url in self.held_in), None)

    def gremium_of(self, sitzung: Sitzung | None) -> str | None:
        """The name of the (first) Gremium that meets in ``sitzung``."""
        for ident in sitzung.gremien if sitzung is not None else ():
            known = self.known.get(ident)
            if isinstance(known, Gremium):
                return known.name
        return None


def _day(value: Any) -> date | None:
    """The day of an OParl date or date-time (as its own offset has it)."""
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


class _Empty:
    """Values an import leaves empty, each with the comment its line gets (which URL the
    Paper only references): a token stands in for each while the YAML is written."""

    def __init__(self) -> None:
        self.token = f"leer{secrets.token_hex(8)}n"
        self.comments: list[tuple[str, str]] = []

    def __call__(self, comment: str, shown: str = "") -> str:
        self.comments.append((shown, comment))
        return f"{self.token}{len(self.comments) - 1}"

    def fill(self, text: str) -> str:
        def comment(match: re.Match[str]) -> str:
            shown, said = self.comments[int(match.group(1))]
            return f":{' ' + shown if shown else ''}  # {_one_line(said)}"

        return re.sub(rf": {self.token}(\d+)$", comment, text, flags=re.MULTILINE)


def _one_line(text: str) -> str:
    """Text from the JSON as a YAML comment: on one line, whatever it holds."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def vorlage_text(found: Any, source: str = "Paper", hausformat_name: str | None = None,
                 hausformat: Hausformat | None = None, *, ris: Ris | None = None
                 ) -> tuple[str, list[str]]:
    """The text of a Vorlage file (in the Hausformat ``hausformat_name``, if given, whose
    ``hausformat`` says which kinds of paper need a Beschlussvorschlag) from an OParl
    Paper (1.1, or 1.0 as many RIS publish it), and what could not be taken over.

    What the Paper only references by URL (the leading Organization, a Consultation's
    Organization, Meeting and AgendaItem) is looked up in ``ris``, the body's RIS data
    (``vorlagen.ris.ris_for`` of the folder the Vorlage goes to): the Gremium's and the
    Amt's names, the meeting's day (and its name, where the Hausformat prints it), the
    TOP's number; the Beratungen then follow their meetings' days. What is not found
    there is left empty with a comment naming the URL: an id never stands where a name
    belongs. Embedded objects give their names, days and numbers. Text from the Paper
    prints as written (``templating.literal``)."""
    if not isinstance(found, dict) or found.get("type") not in PAPER_TYPES:
        raise InputError(source, [Problem("type", (
            f"kein OParl-1.1-Paper (type muss {PAPER_TYPES[0]} sein, von OParl 1.0: "
            f"{PAPER_TYPES[1]})"))])
    problems = [Problem(field, "fehlt") for field in ("name", "reference", "date")
                if not found.get(field)]
    if problems:
        raise InputError(source, problems)
    _check_counts(found, source)
    notes: list[str] = []
    empty = _Empty()
    data: dict[str, Any] = {"hausformat": hausformat_name} if hausformat_name else {}
    data["art"] = found.get("paperType") or "Mitteilungsvorlage"
    kind = hausformat.art(data["art"]) if hausformat is not None else None
    names = _Names.of(found, ris, hausformat is None or _shows_sitzung(hausformat, kind))
    if ris is not None:
        notes.append(f"Namen, Sitzungstermine und TOPs aus den RIS-Daten: {ris.koerperschaft}"
                     f" ({ris.quelle})")
    texts = hausformat_texts(hausformat, kind) if hausformat and kind else ""
    leading = _listed(found.get("underDirectionOf"))
    if leading:  # the field the Hausformat prints
        field = next((name for name in ("organisationseinheit", "federfuehrung")
                      if re.search(rf"\b{name}\b", texts)), "organisationseinheit")
        name = names.organization(leading[0])
        if name is None:
            url = _reference(leading[0])
            data[field] = empty(f"im RIS nur verlinkt: {url} – bitte eintragen")
            notes.append(f"{field}: im RIS nur verlinkt ({url}), bitte eintragen")
        else:
            data[field] = name
    data["datum"] = _german(str(found["date"]))
    data["drucksachen_nr"] = str(found["reference"])
    beratungen = _beratungen(_listed(found.get("consultation")), names, empty, notes)
    if beratungen:
        data["beratungsfolge"] = beratungen
    data["titel"] = literal(str(found["name"]))
    decided = any(isinstance(item, dict) and item.get("authoritative") and not item.get("role")
                  for item in found.get("consultation") or [])
    if (kind is not None and kind.beschluss) or (kind is None and decided):
        data["beschlussvorschlag"] = ["Den Beschlussvorschlag hier einfügen."]
    data["sachverhalt"] = "Der Sachverhalt steht im Ratsinformationssystem; hier einfügen."
    anlagen = _anlagen(found, empty, notes)
    if anlagen and (kind is None or hausformat is None or any(
            baustein.typ == "anlagen" for baustein in hausformat.aufbau_for(kind))):
        data["anlagen"] = anlagen
    for name in hausformat.pflichtfelder if hausformat is not None else ():
        if name not in data and name != "beratungsfolge":  # a Paper does not hold it
            data[name] = TO_FILL_IN
            notes.append(f"{name}: Pflichtfeld des Hausformats, bitte eintragen")
    header = [f"# Aus OParl übernommen: {_one_line(str(found.get('id', source)))}",
              *(f"# {_one_line(note)}" for note in notes)]
    text = "\n".join(header) + "\n" + empty.fill(yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=100))
    return text, notes


def _shows_sitzung(hausformat: Hausformat, kind: Vorlagenart | None) -> bool:
    """Whether the Hausformat prints a meeting's name in the Beratungsfolge (a column
    ``sitzung``) for ``kind`` (None: for any of its kinds)."""
    kinds = [kind] if kind is not None else list(hausformat.arten)
    return any(spalte.feld == "sitzung" or re.search(r"\bsitzung\b", spalte.wert or "")
               for art in kinds for baustein in hausformat.aufbau_for(art)
               if isinstance(baustein, Beratungsfolge) for spalte in baustein.spalten)


def _check_counts(found: dict[str, Any], source: str) -> None:
    """Refuse a Paper with more Consultations or auxiliaryFiles than ``MAX_ITEMS``."""
    for field, what in (("consultation", "Beratungen"), ("auxiliaryFile", "Dateien")):
        items = found.get(field)
        if isinstance(items, list) and len(items) > MAX_ITEMS:
            count, most = (f"{number:,}".replace(",", ".") for number in (len(items), MAX_ITEMS))
            raise InputError(source, [Problem(field, (
                f"{count} {what}; ein Paper hat höchstens {most} (meist wenige): so ist "
                "es kein einzelnes Paper; das Paper einzeln aus dem RIS laden"))])


def _beratungen(items: list[Any], names: _Names, empty: _Empty,
                notes: list[str]) -> list[dict[str, Any]]:
    """The Beratungsfolge from the Consultations: by meeting day where every day is
    known, else in the order of the file (and a note says so)."""
    beratungen: list[tuple[date | None, dict[str, Any]]] = []
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict):
            beratungen.append((None, {"gremium": empty(
                f"Beratung im RIS nur verlinkt: {item} – Gremium bitte eintragen")}))
            notes.append(f"Beratung {index} nur als URL angegeben ({item}), bitte eintragen")
            continue
        day, beratung, missing = _beratung(item, names, empty)
        if missing:
            notes.append(f"Beratung {index}: {', '.join(missing)} im RIS nur verlinkt, "
                         "bitte eintragen")
        beratungen.append((day, beratung))
    if len(beratungen) > 1:
        if all(day is not None for day, _ in beratungen):
            beratungen.sort(key=lambda pair: pair[0] or date.min)
            notes.append("beratungsfolge: nach Sitzungstermin geordnet")
        else:
            notes.append("beratungsfolge: in der Reihenfolge des RIS (Sitzungstermine nicht "
                         "alle bekannt), bitte prüfen")
    return [beratung for _, beratung in beratungen]


def _beratung(item: dict[str, Any], names: _Names, empty: _Empty
              ) -> tuple[date | None, dict[str, Any], list[str]]:
    """A Beratung, its meeting's day, and what the Consultation only references."""
    missing: list[str] = []
    meeting, agenda = item.get("meeting"), item.get("agendaItem")
    held = names.sitzung_of(_reference(agenda) if agenda else None, item.get("id"))
    if held is not None:  # the RIS data has the Consultation on a meeting's agenda
        if not meeting or (isinstance(meeting, str) and meeting not in names.known):
            meeting = held.id
        agenda = agenda or next((punkt.id for punkt in held.tagesordnung
                                 if punkt.beratung and punkt.beratung == item.get("id")),
                                None)
    organizations = _listed(item.get("organization"))
    gremium = names.organization(organizations[0]) if organizations \
        else names.gremium_of(held)
    beratung: dict[str, Any] = {"gremium": gremium}
    if gremium is None:
        url = _reference(organizations[0]) if organizations else ""
        beratung["gremium"] = empty(f"im RIS nur verlinkt: {url} – bitte eintragen" if url
                                    else "im RIS nicht angegeben – bitte eintragen")
        missing.append("Gremium")
    day, sitzung = names.meeting(meeting) if meeting else (None, None)
    if day is not None:
        beratung["sitzungstermine"] = [day.strftime("%d.%m.%Y")]
    elif meeting:
        beratung["sitzungstermine"] = empty(
            f"Sitzung im RIS nur verlinkt: {_reference(meeting)}", shown="[]")
        missing.append("Sitzungstermin")
    if sitzung:
        beratung["sitzung"] = sitzung
    if item.get("role"):
        beratung["rolle"] = str(item["role"])
    top, public = names.agenda_item(agenda) if agenda else (None, None)
    if top is not None:
        beratung["top"] = top
    elif agenda:
        beratung["top"] = empty(f"TOP im RIS nur verlinkt: {_reference(agenda)}")
        missing.append("TOP")
    if public is False:
        beratung["sitzungsart"] = "nichtöffentlich"
    return day, beratung, missing


_ANLAGE = re.compile(r"Anlage\s+0*(\d{1,9})(?:\s*[:\-–—]|\.(?=\s)|(?=\s)|$)\s*(.*)",
                     re.IGNORECASE | re.DOTALL)
"""An Anlage's number and title in a file's name: "Anlage 1: Titel", "Anlage 1 - Titel",
"Anlage 1 Titel", "Anlage 1. Titel"; not "Anlage 1a" or "Anlage 1.2" (those keep their
name as title)."""
_NIEDERSCHRIFT = re.compile(r"(auszug\s+(aus\s+)?(der\s+|dem\s+)?)?(sitzungs|beschluss|"
                            r"ergebnis)?(niederschrift|protokoll)", re.IGNORECASE)
"""The name of the minutes of a meeting (published after it, no Anlage of the paper):
Niederschrift…, Protokoll…, Sitzungs-/Beschluss-/Ergebnisprotokoll…, Auszug aus der
Niederschrift…, Auszug aus dem Protokoll…"""


def _anlagen(found: dict[str, Any], empty: _Empty, notes: list[str]
             ) -> list[dict[str, Any]]:
    """Every auxiliaryFile as an Anlage, numbered as its name says ("Anlage 2: Titel")
    or after those, its name its title; not the paper itself (mainFile, or a file named
    only by its Drucksachen-Nr. and kind) nor minutes of a meeting. Files are not
    downloaded: each Anlage's ``datei`` is left empty with a comment naming its URL."""
    main = found.get("mainFile") if isinstance(found.get("mainFile"), dict) else None
    if main is not None:
        notes.append(f"die Vorlage selbst (mainFile, nicht übernommen): "
                     f"{main.get('accessUrl') or main.get('id') or main.get('name')}")
    numbered: dict[int, tuple[str, list[str]]] = {}
    unnumbered: dict[str, list[str]] = {}
    for file in [f for f in found.get("auxiliaryFile") or [] if isinstance(f, dict)]:
        url = str(file.get("accessUrl") or file.get("downloadUrl") or file.get("id") or "")
        name = _text(file.get("name")) or _text(file.get("fileName")) or ""
        match = _ANLAGE.fullmatch(name)
        nummer = int(match.group(1)) if match and int(match.group(1)) > 0 else None
        if nummer is not None and match is not None:
            titel = match.group(2).strip() or _stem(file) or name
            known = numbered.setdefault(nummer, (titel, []))
            if known[0] == titel:  # the same Anlage in several formats: once
                known[1].append(url)
                continue
        if main is not None and any(file.get(key) and file.get(key) == main.get(key)
                                    for key in ("id", "accessUrl")):
            continue  # the mainFile again
        if not name:
            notes.append(f"Datei ohne Namen nicht übernommen ({url})")
        elif nummer is None and _is_the_paper(name, found):
            notes.append(f"Datei nicht übernommen (die Vorlage selbst): {name} ({url})")
        elif nummer is None and _NIEDERSCHRIFT.match(name):
            notes.append(f"Datei nicht übernommen (Niederschrift einer Sitzung): {name} "
                         f"({url})")
        else:
            unnumbered.setdefault(name, []).append(url)
    anlagen = [(nummer, titel, urls) for nummer, (titel, urls) in numbered.items()]
    after = max(numbered, default=0)
    anlagen += [(after + index, titel, urls)
                for index, (titel, urls) in enumerate(unnumbered.items(), 1)]
    if anlagen:
        notes.append("anlagen: die Dateien sind nicht heruntergeladen (ihre Adressen stehen "
                     "bei datei)")
    return [{"nummer": nummer, "titel": titel,
             "datei": empty(f"im RIS: {', '.join(url for url in urls if url) or '?'}")}
            for nummer, titel, urls in sorted(anlagen)]


def _stem(file: dict[str, Any]) -> str | None:
    name = _text(file.get("fileName"))
    return name.rsplit(".", 1)[0] if name else None


def _words(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def _is_the_paper(name: str, found: dict[str, Any]) -> bool:
    """Whether a file is the paper itself: named by no more than the paper's
    Drucksachen-Nr., its kind and words such as Vorlage."""
    words = f" {_words(name)} "
    for part in (str(found["reference"]), str(found.get("paperType") or "")):
        if _words(part):
            words = words.replace(f" {_words(part)} ", " ")
    return not re.sub(r"\b\w*(vorlage|drucksache)\b|\bnr\b", " ", words).strip()


def _german(iso: str) -> str:
    """An OParl date (2018-04-04, or a date-time) as a Vorlage writes it: 04.04.2018."""
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return day.strftime("%d.%m.%Y")

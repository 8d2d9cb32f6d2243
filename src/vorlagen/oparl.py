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

import hashlib
import mimetypes
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import pluggy
import yaml

from vorlagen.configure import layout_texts
from vorlagen.errors import InputError, Problem
from vorlagen.hausformat import Hausformat
from vorlagen.model import Beratung, Vorlage

SCHEMA = "https://schema.oparl.org/1.1/"
TO_FILL_IN = "(bitte eintragen)"
"""What an import writes into a field the Hausformat requires but a Paper does not hold."""
MIME_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".pdf": "application/pdf",
}
ENTSCHEIDEND = ("entscheid", "beschluss")
"""Words of a role that make a Consultation authoritative (where a decision is taken)."""


def _url(base: str, *parts: str) -> str:
    return "/".join([base.rstrip("/"), *(quote(part, safe="") for part in parts)])


def _moment(day: date) -> str:
    return datetime.combine(day, time(), tzinfo=UTC).isoformat().replace("+00:00", "Z")


def paper(vorlage: Vorlage, files: Sequence[tuple[str, bytes]], base_url: str,
          *, stem: str | None = None, anlagen: Mapping[int, str] | None = None,
          plugins: pluggy.PluginManager | None = None) -> dict[str, Any]:
    """The OParl Paper of ``vorlage`` with a File for each of ``files`` (name, bytes as
    written); the first file whose name is the paper's own (``stem``) is its mainFile.
    ``anlagen``: each Anlage's title by its number; by default those of the Vorlage
    file and those ``plugins`` generate (``anlage_titles``)."""
    _check_base(base_url)
    from vorlagen.render import output_stem

    own = stem or output_stem(vorlage)
    stamp = _moment(vorlage.datum)
    paper_id = _url(base_url, "paper", vorlage.drucksachen_nr)
    found: dict[str, Any] = {
        "id": paper_id,
        "type": SCHEMA + "Paper",
        "name": " ".join(vorlage.titel.split()),
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
    titles = dict(anlagen) if anlagen is not None else anlage_titles(vorlage, plugins)
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


def anlage_titles(vorlage: Vorlage, plugins: pluggy.PluginManager | None = None
                  ) -> dict[int, str]:
    """Each Anlage's title by its number: the Vorlage file's and those plugins generate."""
    from vorlagen import paper as papers

    return papers.anlage_titles(vorlage, papers.build(vorlage, plugins))


def _check_base(base_url: str) -> None:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError("--base-url", [Problem("", (
            f"{base_url!r} ist keine http(s)-URL; die Ids der OParl-Objekte stehen unter ihr, "
            "z. B. https://ris.example.de/oparl"))])


def _consultation(vorlage: Vorlage, index: int, beratung: Beratung, paper_id: str,
                  base_url: str, stamp: str) -> dict[str, Any]:
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


def _urls(value: Any) -> list[str]:
    """A list of URLs as OParl gives it; a single URL (as some endpoints write it) as a
    list of one, never its characters one by one."""
    if isinstance(value, str):
        return [value] if value else []
    return [str(item) for item in value] if isinstance(value, list) else []


def _last(url: str) -> str:
    return unquote(url.rstrip("/").rsplit("/", 1)[-1])


def vorlage_text(found: Any, source: str = "Paper", layout: str | None = None,
                 hausformat: Hausformat | None = None) -> tuple[str, list[str]]:
    """The text of a Vorlage file (in the Hausformat ``layout``, if given, whose
    ``hausformat`` says which kinds of paper need a Beschlussvorschlag) from an OParl
    Paper, and what could not be taken over (Consultations given only as URLs, Files,
    which are not downloaded)."""
    if not isinstance(found, dict) or found.get("type") != SCHEMA + "Paper":
        raise InputError(source, [Problem("type", (
            f"kein OParl-1.1-Paper (type muss {SCHEMA}Paper sein)"))])
    problems = [Problem(field, "fehlt") for field in ("name", "reference", "date")
                if not found.get(field)]
    if problems:
        raise InputError(source, problems)
    notes: list[str] = []
    data: dict[str, Any] = {"layout": layout} if layout else {}
    data["art"] = found.get("paperType") or "Mitteilungsvorlage"
    kind = hausformat.art(data["art"]) if hausformat is not None else None
    texts = layout_texts(hausformat, kind) if hausformat and kind else ""
    leading = _urls(found.get("underDirectionOf"))
    if leading:  # the field the Hausformat prints
        field = next((name for name in ("organisationseinheit", "federfuehrung")
                      if re.search(rf"\b{name}\b", texts)), "organisationseinheit")
        data[field] = _last(leading[0])
    data["datum"] = _german(str(found["date"]))
    data["drucksachen_nr"] = str(found["reference"])
    beratungen = []
    for index, item in enumerate(found.get("consultation") or []):
        if not isinstance(item, dict):
            notes.append(f"Beratung {index + 1} nur als URL angegeben: {item}")
            continue
        beratungen.append(_beratung(item))
    if beratungen:
        data["beratungsfolge"] = beratungen
    data["titel"] = str(found["name"])
    decided = any(isinstance(item, dict) and item.get("authoritative") and not item.get("role")
                  for item in found.get("consultation") or [])
    if (kind is not None and kind.beschluss) or (kind is None and decided):
        data["beschlussvorschlag"] = ["Den Beschlussvorschlag hier einfügen."]
    data["sachverhalt"] = "Der Sachverhalt steht im Ratsinformationssystem; hier einfügen."
    anlagen: list[dict[str, Any]] = []
    files = [found["mainFile"]] if isinstance(found.get("mainFile"), dict) else []
    files += [f for f in found.get("auxiliaryFile") or [] if isinstance(f, dict)]
    for file in files:
        title = str(file.get("name") or file.get("fileName") or "")
        if title.startswith("Anlage "):
            nummer, _, rest = title.removeprefix("Anlage ").partition(": ")
            anlage: dict[str, Any] = {"titel": rest or title}
            if nummer.isdigit():
                anlage["nummer"] = int(nummer)
            if anlage not in anlagen:  # the same Anlage in several formats: once
                anlagen.append(anlage)
        notes.append(f"Datei nicht übernommen: {title} ({file.get('accessUrl', '')})")
    if anlagen and (kind is None or hausformat is None or any(
            baustein.typ == "anlagen" for baustein in hausformat.aufbau_for(kind))):
        data["anlagen"] = anlagen
    for name in hausformat.pflichtfelder if hausformat is not None else ():
        if name not in data and name != "beratungsfolge":  # a Paper does not hold it
            data[name] = TO_FILL_IN
            notes.append(f"{name}: Pflichtfeld des Hausformats, bitte eintragen")
    header = [f"# Aus OParl übernommen: {found.get('id', source)}",
              *(f"# {note}" for note in notes)]
    text = "\n".join(header) + "\n" + yaml.safe_dump(data, allow_unicode=True,
                                                      sort_keys=False, width=100)
    return text, notes


def _beratung(item: dict[str, Any]) -> dict[str, Any]:
    organizations = _urls(item.get("organization"))
    beratung: dict[str, Any] = {"gremium": _last(organizations[0]) if organizations
                                else "Gremium"}
    meeting = item.get("meeting")
    if meeting:
        *_, day = str(meeting).rstrip("/").rsplit("/", 1)
        if len(day) == 10 and day[4] == "-":
            beratung["sitzungstermine"] = [_german(day)]
    if item.get("role"):
        beratung["rolle"] = str(item["role"])
    agenda = item.get("agendaItem")
    if agenda:
        beratung["top"] = _last(str(agenda))
    return beratung


def _german(iso: str) -> str:
    """An OParl date (2018-04-04, or a date-time) as a Vorlage writes it: 04.04.2018."""
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return day.strftime("%d.%m.%Y")

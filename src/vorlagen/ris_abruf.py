"""``vorlagen ris abrufen``: a body's Gremien, Verwaltungseinheiten and Sitzungen read from
its OParl endpoint (1.0 or 1.1) into ``ris.yaml``; a later run asks only for what changed
(``modified_since``) and merges it. Also the few objects one Paper only references, for
``import oparl --ris``.

The HTTP side (paging, limits, messages) is ``oparl_client``; this module maps OParl's
objects to ``vorlagen.ris``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from vorlagen.errors import InputError, OutputError, Problem
from vorlagen.oparl_client import OparlClient, OparlError, is_tombstone, is_type
from vorlagen.ris import (
    RIS_DATEI,
    Gremium,
    Ris,
    Sitzung,
    Tagesordnungspunkt,
    Verwaltungseinheit,
    load_ris,
    save_ris,
)

GREMIUM_STARTS = ("gremi", "ortsvorsteher", "kuratori")
GREMIUM_ENDS = ("ausschuss", "ausschüsse", "rat", "räte", "kommission", "konferenz",
                "versammlung", "vertretung", "beirat")
"""How the words of an Organization's ``organizationType``/``classification`` start or
end that make it a Gremium (Hürtgenwald: "Gremium"/"Gremien"; Karlsruhe: "Beschließender
Ausschuss"); an Organization a meeting names is one too."""
FRAKTION_STARTS = ("fraktion", "partei", "gruppe", "einzelmandat", "einzelratsmitglied")
"""Words that make it a political group, neither Gremium nor Verwaltungseinheit."""
VERWALTUNG_STARTS = ("dienststelle", "verwaltung", "amt", "ämter", "dezernat", "fachbereich",
                     "abteilung", "referat", "stabsstelle", "eigenbetrieb", "sachgebiet",
                     "fachdienst", "organisationseinheit")
"""Words that make it a unit of the administration (Hürtgenwald: "Dienststellen"); so
is an Organization of no type that no meeting names (Karlsruhe's offices)."""

SINCE_MARGIN = timedelta(hours=1)
"""How much earlier than the last run a later run asks for changes (``modified_since``):
what changed while the last run read, or by a server whose clock is behind ours, is read
again rather than missed; reading an object twice does no harm."""


def abrufen(url: str, ordner: Path, *, client: OparlClient | None = None) -> Ris:
    """Read the body at ``url`` (an OParl System with one Body, or a Body) into
    ``ordner``/``ris.yaml`` (``ordner`` made if missing) and return what the file now
    holds. Where the file already holds this body, only what changed since its
    ``abgerufen`` is asked for and merged; deleted objects leave it. A file of another
    body, or one that is not as a run wrote it, is replaced by the body read whole.
    Written whole or not at all: an InputError (an ``OparlError`` for the endpoint)
    leaves the file as it was."""
    path = ordner / RIS_DATEI
    stored = stored_ris(ordner)  # not as a run wrote it: read the body whole
    own = client or OparlClient()
    try:
        ris = _read(url, stored, own)
    finally:
        if client is None:
            own.close()
    try:  # a folder not there yet is made (as render -o does), only once all is read
        ordner.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(ordner, error) from None
    save_ris(path, ris)
    return ris


def stored_ris(ordner: Path) -> Ris | None:
    """The ``ris.yaml`` in ``ordner`` as a run wrote it, or None (none there, or not
    readable as written: a run then reads the body whole)."""
    path = ordner / RIS_DATEI
    try:
        return load_ris(path) if path.is_file() else None
    except InputError:
        return None


KINDS = (("sitzungen", "Sitzung", "Sitzungen"), ("gremien", "Gremium", "Gremien"),
         ("verwaltungseinheiten", "Verwaltungseinheit", "Verwaltungseinheiten"))


def aenderungen(vorher: Ris | None, nachher: Ris) -> str:
    """What a run did, in German: "neu abgerufen" where there was no file of this body
    before, else "aktualisiert: 3 Sitzungen geändert, 1 entfernt; 1 Gremium neu" (or
    "aktualisiert: nichts geändert")."""
    if vorher is None or vorher.quelle != nachher.quelle:
        return "neu abgerufen"
    said: list[str] = []
    for field, one, many in KINDS:
        old = {each.id: each for each in getattr(vorher, field)}
        new = {each.id: each for each in getattr(nachher, field)}
        counts = [(len(new.keys() - old.keys()), "neu"),
                  (sum(1 for key in new.keys() & old.keys() if new[key] != old[key]),
                   "geändert"),
                  (len(old.keys() - new.keys()), "entfernt")]
        parts = [(count, word) for count, word in counts if count]
        if parts:  # the noun after the first number: "3 Sitzungen geändert, 1 entfernt"
            (count, word), *rest = parts
            said.append(", ".join([f"{count} {one if count == 1 else many} {word}",
                                   *(f"{n} {w}" for n, w in rest)]))
    return "aktualisiert: " + ("; ".join(said) or "nichts geändert")


def _read(url: str, stored: Ris | None, client: OparlClient) -> Ris:
    started = datetime.now(UTC)
    body = _body(url, client)
    body_id = str(body["id"])
    if stored is not None and stored.quelle != body_id:
        stored = None  # another body: read it whole
    since = stored.abgerufen - SINCE_MARGIN if stored and stored.abgerufen else None

    sitzungen: dict[str, Sitzung] = {s.id: s for s in stored.sitzungen} if stored else {}
    for item in _list(body, "meeting", client, since):  # mapped as they come, page by page
        # a changed one keeps its place, a new one comes last
        if is_tombstone(item) or not is_type(item, "Meeting"):
            sitzungen.pop(str(item["id"]), None)
        else:
            sitzungen[str(item["id"])] = _sitzung(item)
    met = {gremium for sitzung in sitzungen.values() for gremium in sitzung.gremien}

    gremien: dict[str, Gremium] = {g.id: g for g in stored.gremien} if stored else {}
    einheiten: dict[str, Verwaltungseinheit] = (
        {e.id: e for e in stored.verwaltungseinheiten} if stored else {})
    for item in _list(body, "organization", client, since):
        key = str(item["id"])
        kind = None if is_tombstone(item) or not is_type(item, "Organization") \
            else _kind(item, met)
        if kind != "gremium":
            gremien.pop(key, None)
        if kind != "verwaltung":
            einheiten.pop(key, None)
        if kind == "gremium":
            gremien[key] = _gremium(item)
        elif kind == "verwaltung":
            einheiten[key] = _einheit(item)
    return Ris(quelle=body_id, koerperschaft=_text(body.get("name")) or body_id,
               abgerufen=started, gremien=tuple(gremien.values()),
               verwaltungseinheiten=tuple(einheiten.values()),
               sitzungen=tuple(sitzungen.values()))


def _body(url: str, client: OparlClient) -> dict[str, Any]:
    """The Body ``url`` names: itself, the one Body of a System, or the one Body of the
    list of Bodies (a System's ``body``)."""
    found = client.get(url, lists=True)
    if is_type(found, "Body"):
        return found
    if is_type(found, "System"):
        bodies_url = found.get("body")
        if not isinstance(bodies_url, str):
            raise OparlError(url, "das OParl-System nennt keine Liste der Körperschaften "
                                  "(body)")
        holder, instead = "das OParl-System", "statt der des Systems"
    elif "type" not in found:  # a list's page: the list of Bodies
        bodies_url, holder, instead = url, "die Liste", "statt der Adresse der Liste"
    else:
        raise OparlError(url, (
            "das ist weder ein OParl-System noch eine Körperschaft (Body); die Adresse des "
            "Systems oder der Körperschaft angeben"))
    bodies = [item for item in client.items(bodies_url)
              if not is_tombstone(item) and is_type(item, "Body")]
    if not bodies:
        raise OparlError(url, f"{holder} nennt keine Körperschaft")
    if len(bodies) > 1:
        listed = "; ".join(f"{_text(each.get('name')) or '?'}: {each['id']}"
                           for each in bodies)
        raise OparlError(url, (
            f"{holder} hat {len(bodies)} Körperschaften ({listed}); die Adresse "
            f"der gewünschten Körperschaft {instead} angeben"))
    return bodies[0]


def _list(body: dict[str, Any], field: str, client: OparlClient,
          since: datetime | None) -> Iterator[dict[str, Any]]:
    url = body.get(field)
    if url is None:
        return iter(())
    if not isinstance(url, str):
        raise OparlError(str(body["id"]), f"die Körperschaft nennt {field} nicht als Adresse "
                                          "einer Liste")
    return client.items(url, modified_since=since)


def _kind(item: dict[str, Any], met: set[str]) -> str | None:
    """"gremium", "verwaltung" or None (a Fraktion, a party) for an Organization: by its
    ``organizationType``/``classification``; one a meeting names, or with meetings of its
    own, is a Gremium; one of no type by its name ("Bauausschuss", "Ortschaftsrat
    Durlach"), else a Verwaltungseinheit."""
    words = _words(_text(item.get("organizationType")), _text(item.get("classification")))
    if any(word.startswith(FRAKTION_STARTS) for word in words):
        return None
    if item["id"] in met or isinstance(item.get("meeting"), str | list) \
            or _gremium_words(words):
        return "gremium"
    if any(word.startswith(VERWALTUNG_STARTS) for word in words):
        return "verwaltung"
    if words:
        return None
    named = _words(_text(item.get("name")))
    if any(word.startswith(FRAKTION_STARTS) for word in named):
        return None
    return "gremium" if _gremium_words(named) else "verwaltung"


def _words(*texts: str | None) -> list[str]:
    return re.findall(r"\w+", " ".join(text.casefold() for text in texts if text))


def _gremium_words(words: list[str]) -> bool:
    return any(word.startswith(GREMIUM_STARTS)
               or (word.endswith(GREMIUM_ENDS) and not word.endswith("referat"))
               for word in words)


def _gremium(item: dict[str, Any]) -> Gremium:
    return Gremium(id=str(item["id"]), name=_text(item.get("name")) or str(item["id"]),
                   kurzname=_text(item.get("shortName")),
                   art=_text(item.get("classification")) or _text(item.get("organizationType")),
                   bis=_day(item.get("endDate")))


def _einheit(item: dict[str, Any]) -> Verwaltungseinheit:
    return Verwaltungseinheit(id=str(item["id"]),
                              name=_text(item.get("name")) or str(item["id"]),
                              kurzname=_text(item.get("shortName")))


def _sitzung(item: dict[str, Any]) -> Sitzung:
    organizations = item.get("organization")
    if isinstance(organizations, str):
        organizations = [organizations]
    gremien = tuple(each for each in organizations or () if isinstance(each, str))
    punkte = item.get("agendaItem")
    return Sitzung(id=str(item["id"]), name=_text(item.get("name")),
                   beginn=_moment(item.get("start")), ende=_moment(item.get("end")),
                   gremien=gremien, abgesagt=item.get("cancelled") is True,
                   tagesordnung=tuple(_punkt(each) for each in _objects(punkte)))


def _punkt(item: dict[str, Any]) -> Tagesordnungspunkt:
    public = item.get("public")
    return Tagesordnungspunkt(id=str(item["id"]), nummer=_text(item.get("number")),
                              name=_text(item.get("name")),
                              oeffentlich=public if isinstance(public, bool) else None,
                              ergebnis=_text(item.get("result")),
                              beratung=_text(item.get("consultation")))


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    for each in value if isinstance(value, list) else ():
        if isinstance(each, dict) and isinstance(each.get("id"), str):
            yield each


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if isinstance(value, str) else None
    except ValueError:
        return None


def _moment(value: Any) -> datetime | date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    except ValueError:
        return None


def referenced_ris(paper: dict[str, Any], client: OparlClient, *,
                   endpoint: str | None = None) -> Ris:
    """The objects ``paper`` (an OParl Paper) only references, fetched through
    ``client``: each Consultation's Gremien (``organization``), its meeting with the
    agenda item in it, and the Verwaltungseinheiten it is ``underDirectionOf``; as a
    ``Ris`` for ``import oparl`` to resolve them. Consultations the Paper only links
    are fetched too. With ``endpoint``, only URLs on its server are asked for (a Paper
    file cannot send the client elsewhere). An object the endpoint does not have (404,
    410) is left out, to stay unresolved; any other failure is an OparlError."""
    origin = _origin(endpoint) if endpoint else None
    deadline = client.deadline(endpoint or str(paper.get("id", "")), objects=True)
    cache: dict[str, dict[str, Any] | None] = {}

    def fetch(url: Any) -> dict[str, Any] | None:
        if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
            return None
        if origin is not None and _origin(url) != origin:
            return None
        if url not in cache:
            try:
                cache[url] = client.get(url, deadline=deadline)
            except OparlError as error:
                if error.status not in (404, 410):
                    raise
                cache[url] = None
        return cache[url]

    consultations: list[dict[str, Any]] = []
    for each in _listed(paper.get("consultation")):
        found = each if isinstance(each, dict) else fetch(each)
        if found is not None:
            consultations.append(found)

    gremien: dict[str, Gremium] = {}
    sitzungen: dict[str, Sitzung] = {}
    for consultation in consultations:
        for url in _listed(consultation.get("organization")):
            organization = fetch(url)
            if organization is not None and is_type(organization, "Organization"):
                gremien[str(organization["id"])] = _gremium(organization)
        meeting = fetch(consultation.get("meeting"))
        if meeting is None or not is_type(meeting, "Meeting"):
            continue
        sitzung = sitzungen.get(str(meeting["id"])) or _sitzung(meeting)
        wanted = consultation.get("agendaItem")
        if isinstance(wanted, str) and wanted not in {p.id for p in sitzung.tagesordnung}:
            item = fetch(wanted)
            if item is not None and is_type(item, "AgendaItem"):
                sitzung = sitzung.model_copy(
                    update={"tagesordnung": (*sitzung.tagesordnung, _punkt(item))})
        sitzungen[sitzung.id] = sitzung

    einheiten: dict[str, Verwaltungseinheit] = {}
    for url in _listed(paper.get("underDirectionOf")):
        organization = fetch(url)
        if organization is not None and is_type(organization, "Organization"):
            einheiten[str(organization["id"])] = _einheit(organization)
    body_url = _text(paper.get("body"))
    body = fetch(body_url)
    name = _text(body.get("name")) if body is not None and is_type(body, "Body") else None
    quelle = (str(body["id"]) if body is not None else None) or endpoint or body_url \
        or _text(paper.get("id")) or ""
    return Ris(quelle=quelle, koerperschaft=name or quelle, gremien=tuple(gremien.values()),
               verwaltungseinheiten=tuple(einheiten.values()),
               sitzungen=tuple(sitzungen.values()))


def paper_addresses(paper: dict[str, Any]) -> list[str]:
    """The http(s) addresses ``paper`` references that ``referenced_ris`` would ask for
    first: linked Consultations, and in embedded ones the Gremien, meeting and agenda
    item; the Verwaltungseinheiten and the Body. In the Paper's order, each once."""
    found: list[Any] = []
    for each in _listed(paper.get("consultation")):
        if isinstance(each, dict):
            found += [*_listed(each.get("organization")), each.get("meeting"),
                      each.get("agendaItem")]
        else:
            found.append(each)
    found += [*_listed(paper.get("underDirectionOf")), paper.get("body")]
    return list(dict.fromkeys(
        each for each in found
        if isinstance(each, str) and each.lower().startswith(("http://", "https://"))))


def elsewhere(addresses: Iterable[str], endpoint: str) -> list[str]:
    """Those of ``addresses`` not on the server of ``endpoint`` (another scheme, host or
    port): ``referenced_ris`` does not ask for them."""
    return [each for each in addresses if _origin(each) != _origin(endpoint)]


def server(url: str) -> str:
    """The server part of ``url``, e.g. ``https://ris.example.de``."""
    scheme, netloc = _origin(url)
    return f"{scheme}://{netloc}"


def _listed(value: Any) -> Iterable[Any]:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def checked_url(url: str) -> str:
    """``url`` if it is an http(s) address; an InputError saying what to give instead."""
    try:
        parts = urlsplit(url.strip())
        _ = parts.port  # a port of letters, an IPv6 host left open: no address
    except ValueError:
        parts = urlsplit("")
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise InputError(url, [Problem("", (
            "keine Adresse einer OParl-Schnittstelle; die Adresse des OParl-Systems oder "
            "der Körperschaft angeben, z. B. https://ris.example.de/oparl/v1.1/system"))])
    return url.strip()

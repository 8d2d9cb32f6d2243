"""Reading an OParl endpoint over HTTP (httpx): single objects and paged lists, within
bounds on time, pages and bytes, every failure a German message.

It knows OParl's envelope (``data``, ``links.next``, tombstones, ``modified_since``) and
nothing of Vorlagen: ``ris_abruf`` makes the body's objects into ``ris.yaml``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from http import HTTPStatus
from types import TracebackType
from typing import Any

import httpx

from vorlagen.errors import InputError, Problem

CONNECT_SECONDS = 5.0
"""How long a connection to the endpoint may take."""
READ_SECONDS = 10.0
"""How long the endpoint may stay silent while it answers one request."""
LIST_SECONDS = 30.0
"""How long one list (all of its pages) or one set of single objects may take in all: a
list that never ends is refused within this time."""
MAX_PAGES = 1_000
"""The most pages one list may have (at 25 objects a page, 25,000 objects)."""
MAX_BYTES = 16 * 1024 * 1024
"""The most bytes one answer may have; counted while it arrives (a real page of 25
meetings has 300 KB)."""
MAX_LIST_BYTES = 64 * 1024 * 1024
"""The most bytes all pages of one list may have (a municipality's 367 meetings: 4.3 MB)."""
MAX_OBJECTS = 500
"""The most single objects one client fetches (the references of one Paper)."""

_WHAT_TO_DO = "die Adresse prüfen oder später noch einmal versuchen"
_STATUS = {
    400: "ungültige Anfrage",
    401: "Anmeldung nötig",
    403: "Zugriff verweigert",
    404: "nicht gefunden",
    410: "nicht mehr vorhanden",
    429: "zu viele Anfragen",
    500: "interner Fehler des Servers",
    502: "Fehler eines vorgeschalteten Servers",
    503: "Dienst nicht verfügbar",
    504: "Zeitüberschreitung eines vorgeschalteten Servers",
}


class OparlError(InputError):
    """An endpoint that cannot be read: down, slow, not OParl, an error status, a list
    that never ends, an answer too big. Exit status 2; the message names the URL."""

    def __init__(self, url: str, message: str, *, status: int | None = None) -> None:
        self.url = url
        self.status = status
        super().__init__(url, [Problem("", message)])


@dataclass(frozen=True)
class Limits:
    """The bounds of one client; by default the module's constants as they are when the
    client is made."""

    connect: float = field(default_factory=lambda: CONNECT_SECONDS)
    read: float = field(default_factory=lambda: READ_SECONDS)
    list_seconds: float = field(default_factory=lambda: LIST_SECONDS)
    pages: int = field(default_factory=lambda: MAX_PAGES)
    bytes: int = field(default_factory=lambda: MAX_BYTES)
    list_bytes: int = field(default_factory=lambda: MAX_LIST_BYTES)
    objects: int = field(default_factory=lambda: MAX_OBJECTS)


def is_type(found: Any, name: str) -> bool:
    """Whether ``found`` is an OParl object of type ``name`` ("Body", "Meeting"), in any
    OParl version (``https://schema.oparl.org/1.0/Body``, ``…/1.1/Body``)."""
    kind = found.get("type") if isinstance(found, dict) else None
    return isinstance(kind, str) and kind.rstrip("/").rsplit("/", 1)[-1] == name


def is_tombstone(found: Any) -> bool:
    """Whether ``found`` is a deleted object as a list names it (``deleted: true``)."""
    return isinstance(found, dict) and found.get("deleted") is True


class Deadline:
    """A bound on the time of several requests: one list's pages, or the objects one
    Paper references (``objects``)."""

    def __init__(self, seconds: float, url: str, *, objects: bool = False) -> None:
        self.seconds = seconds
        self.url = url
        self.objects = objects
        self.end = time.monotonic() + seconds
        self.bytes = 0
        """What the requests within it read."""

    def left(self) -> float:
        """The seconds left; an OparlError when none are."""
        left = self.end - time.monotonic()
        if left > 0:
            return left
        if self.objects:
            raise OparlError(self.url, (
                f"die Objekte sind nach {_seconds(self.seconds)} noch nicht alle "
                f"abgerufen; {_WHAT_TO_DO}"))
        raise OparlError(self.url, (
            f"die Liste ist nach {_seconds(self.seconds)} noch nicht zu Ende (sie endet "
            "vielleicht nie); nichts übernommen. Die Schnittstelle des "
            "Ratsinformationssystems prüfen lassen"))


def _seconds(value: float) -> str:
    shown = f"{value:g}".replace(".", ",")
    return "1 Sekunde" if value == 1 else f"{shown} Sekunden"


class OparlClient:
    """An HTTP client for one OParl endpoint, with the bounds of ``limits``. Use it as a
    context manager, or call ``close``."""

    def __init__(self, limits: Limits | None = None, *,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.limits = limits or Limits()
        self.fetched = 0
        self._http = httpx.Client(
            timeout=httpx.Timeout(self.limits.read, connect=self.limits.connect),
            follow_redirects=True, max_redirects=5, transport=transport,
            headers={"Accept": "application/json"})

    def __enter__(self) -> OparlClient:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def get(self, url: str, *, deadline: Deadline | None = None,
            lists: bool = False) -> dict[str, Any]:
        """The OParl object at ``url`` (anything with an OParl ``type``), within
        ``deadline`` (by default a list's time), counted against the limit on single
        objects; an OparlError for an answer that is none. With ``lists``, a list's page
        (``data`` without a ``type``) is returned too."""
        self.fetched += 1
        if self.fetched > self.limits.objects:
            raise OparlError(url, (
                f"mehr als {self.limits.objects} einzelne Objekte abzurufen; nichts "
                "übernommen"))
        deadline = deadline or self.deadline(url)
        found = self._json(url, deadline)
        if deadline.bytes > self.limits.list_bytes:
            raise OparlError(url, (
                f"die abgerufenen Objekte sind zusammen größer als {self.limits.list_bytes:,} "
                "Bytes; nichts übernommen").replace(",", "."))
        if lists and isinstance(found, dict) and "type" not in found \
                and isinstance(found.get("data"), list):
            return found
        if not isinstance(found, dict) or not isinstance(found.get("type"), str) \
                or "oparl" not in found["type"].lower():
            raise OparlError(url, _not_oparl("JSON ohne OParl-Typ (type)"))
        return found

    def deadline(self, url: str, *, objects: bool = False) -> Deadline:
        """A bound on the time of several requests, as long as one list may take."""
        return Deadline(self.limits.list_seconds, url, objects=objects)

    def items(self, url: str, *, modified_since: datetime | None = None
              ) -> Iterator[dict[str, Any]]:
        """Every object of the list at ``url``, page by page (``links.next``), tombstones
        included; with ``modified_since`` only those changed since then. An OparlError for
        a list with more pages than the limit, one that loops or does not end in time."""
        first = url
        if modified_since is not None:
            first = _with_since(url, modified_since)
        deadline = Deadline(self.limits.list_seconds, url)
        seen: set[str] = set()
        page: str | None = first
        count = 0
        while page is not None:
            count += 1
            if count > self.limits.pages:
                raise OparlError(url, (
                    f"die Liste hat mehr als {self.limits.pages} Seiten (sie endet "
                    "vielleicht nie); nichts übernommen. Die Schnittstelle des "
                    "Ratsinformationssystems prüfen lassen"))
            seen.add(page)
            found = self._json(page, deadline)
            if deadline.bytes > self.limits.list_bytes:
                raise OparlError(url, (
                    f"die Liste ist größer als {self.limits.list_bytes:,} Bytes; nichts "
                    "übernommen. Die Schnittstelle des Ratsinformationssystems prüfen "
                    "lassen").replace(",", "."))
            data, following = _page(found, page)
            yield from data
            if following is not None and modified_since is not None \
                    and "modified_since" not in following:
                following = _with_since(following, modified_since)
            if following is not None and following in seen:
                raise OparlError(url, (
                    f"die Liste endet nie: Seite {count} verweist auf eine schon gelesene "
                    f"Seite ({following}); nichts übernommen. Die Schnittstelle des "
                    "Ratsinformationssystems prüfen lassen"))
            page = following

    def _json(self, url: str, deadline: Deadline) -> Any:
        data = self._bytes(url, deadline)
        try:
            return json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            start = data[:200].lstrip().lower()
            what = ("eine HTML-Seite" if start.startswith((b"<!doctype html", b"<html"))
                    or b"<html" in start else "kein JSON")
            raise OparlError(url, _not_oparl(what)) from None

    def _bytes(self, url: str, deadline: Deadline) -> bytes:
        if not url.lower().startswith(("http://", "https://")):
            raise OparlError(url, "keine Adresse einer OParl-Schnittstelle (sie beginnt "
                                  "nicht mit http:// oder https://)")
        left = deadline.left()
        timeout = httpx.Timeout(min(self.limits.read, left),
                                connect=min(self.limits.connect, left))
        try:
            with self._http.stream("GET", url, timeout=timeout) as answer:
                if answer.status_code >= 400:
                    reason = _STATUS.get(answer.status_code) or _phrase(answer.status_code)
                    raise OparlError(url, (
                        f"der Server antwortet mit Fehler {answer.status_code} ({reason}); "
                        f"{_WHAT_TO_DO}"), status=answer.status_code)
                size = answer.headers.get("content-length", "")
                if size.isdigit() and int(size) > self.limits.bytes:
                    raise _too_big(url, self.limits.bytes)
                chunks: list[bytes] = []
                total = 0
                for chunk in answer.iter_bytes():
                    total += len(chunk)
                    if total > self.limits.bytes:
                        raise _too_big(url, self.limits.bytes)
                    chunks.append(chunk)
                    deadline.left()
                deadline.bytes += total
                return b"".join(chunks)
        except httpx.TimeoutException:
            if deadline.end <= time.monotonic():
                deadline.left()
            raise OparlError(url, (
                "der Server antwortet nicht rechtzeitig (Zeitüberschreitung); "
                f"{_WHAT_TO_DO}")) from None
        except httpx.TooManyRedirects:
            raise OparlError(url, "zu viele Weiterleitungen; die Adresse prüfen") from None
        except httpx.ConnectError:
            raise OparlError(url, (
                "der Server ist nicht erreichbar (keine Verbindung); die Adresse und die "
                "Netzverbindung prüfen oder später noch einmal versuchen")) from None
        except httpx.InvalidURL:
            raise OparlError(url, "keine gültige Adresse; die Adresse prüfen") from None
        except (httpx.HTTPError, httpx.StreamError):
            raise OparlError(url, (
                "die Verbindung zum Server ist abgebrochen; später noch einmal "
                "versuchen")) from None


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Fehler"


def _too_big(url: str, limit: int) -> OparlError:
    return OparlError(url, (
        f"die Antwort ist größer als {limit:,} Bytes; nichts übernommen. Die Schnittstelle "
        "des Ratsinformationssystems prüfen lassen").replace(",", "."))


def _not_oparl(what: str) -> str:
    return (f"keine OParl-Schnittstelle: die Antwort ist {what}. Die Adresse der "
            "OParl-Schnittstelle des Ratsinformationssystems angeben (das System oder die "
            "Körperschaft, z. B. https://ris.example.de/oparl/v1.1/system)")


def _page(found: Any, url: str) -> tuple[list[dict[str, Any]], str | None]:
    """The objects of a list page and the URL of the next page, if any."""
    if not isinstance(found, dict) or not isinstance(found.get("data"), list):
        raise OparlError(url, _not_oparl("keine OParl-Liste (data fehlt)"))
    items = found["data"]
    for item in items:
        if not is_tombstone(item) and not (isinstance(item, dict)
                                           and isinstance(item.get("id"), str)
                                           and isinstance(item.get("type"), str)):
            raise OparlError(url, _not_oparl("eine Liste mit Einträgen ohne OParl-Typ"))
    links = found.get("links")
    following = links.get("next") if isinstance(links, dict) else None
    return items, following if isinstance(following, str) and following else None


def _with_since(url: str, since: datetime) -> str:
    return str(httpx.URL(url).copy_merge_params({"modified_since": since.isoformat()}))

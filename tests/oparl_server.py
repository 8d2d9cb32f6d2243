"""A local OParl endpoint for tests: the recorded pages of Gemeinde Hürtgenwald's RIS
(tests/data/oparl-huertgenwald, see its README) served on 127.0.0.1, with the recorded
URL prefix replaced by the server's own, paged as the real endpoint paged them.

- An unchanged list page is served as its recorded bytes (prefix replaced).
- The recorded meeting pages are 1, 2, 14 and 15 of 15: the chain is served whole by
  pointing page 2's ``links.next`` at page 14 (the only change to recorded bytes).
- Each object in a recorded list is also served at its own URL, as OParl requires.
- ``modified_since`` is answered by filtering the list's objects on ``modified`` (the
  recording holds no filtered answer), 25 to a page, the filter kept in ``links.next``.
- ``change`` and ``delete`` alter an object as the RIS would (``modified`` set to now; a
  deleted one becomes a tombstone in its list).
- ``routes`` serve a path with a test's own handler (a slow, broken or endless endpoint);
  ``requests`` records every request's path and query.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

PREFIX = "https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0/"
"""How the recorded URLs begin."""
DATA = Path(__file__).resolve().parent / "data" / "oparl-huertgenwald"
MOUNT = "/oparl/"
"""Where the server serves what was under ``PREFIX``."""
PAGE_SIZE = 25

Handler = Callable[[BaseHTTPRequestHandler], None]


def original_url(name: str) -> str:
    """The URL a recorded file's bytes were fetched from (``body-1-meeting.page-2.json``
    → ``PREFIX + body/1/meeting?page=2``)."""
    stem, _, page = name.removesuffix(".json").partition(".page-")
    url = PREFIX + stem.replace("-", "/")
    return f"{url}?page={page}" if page else url


class Endpoint:
    """The recorded endpoint's state, and what it was asked."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        self.chains: dict[str, list[str]] = {}
        self.objects: dict[str, dict[str, Any]] = {}
        self.list_of: dict[str, str] = {}
        self.changed: set[str] = set()
        self.requests: list[str] = []
        self.routes: dict[str, Handler] = {}
        self.released = threading.Event()
        """Set when the server stops: a handler that waits lets go."""
        self.base = ""
        for path in sorted(DATA.glob("*.json")):
            url = original_url(path.name)
            self.pages[url] = path.read_bytes()
            if url == PREFIX + "system":
                continue
            found = json.loads(self.pages[url])
            listed = url.partition("?")[0]
            self.chains.setdefault(listed, []).append(url)
            for item in found["data"]:
                self.objects[item["id"]] = item
                self.list_of[item["id"]] = listed
        for chain in self.chains.values():
            chain.sort(key=lambda url: int(parse_qs(urlsplit(url).query).get("page",
                                                                             ["1"])[0]))

    def url(self, path: str = "") -> str:
        """The served URL of ``path`` below the prefix (``body/1``)."""
        return self.base + path

    def local(self, url: str) -> str:
        """A recorded URL as this server serves it."""
        return url.replace(PREFIX, self.base)

    def change(self, object_id: str, **fields: Any) -> None:
        """Change a recorded object (by its recorded id), as an edit in the RIS does."""
        item = dict(self.objects[object_id], **fields)
        item["modified"] = _now()
        self.objects[object_id] = item
        self.changed.add(self.list_of[object_id])

    def delete(self, object_id: str) -> None:
        """Delete a recorded object: its list then holds its tombstone."""
        item = self.objects[object_id]
        self.objects[object_id] = {"id": object_id, "created": item.get("created"),
                                   "modified": _now(), "deleted": True}
        self.changed.add(self.list_of[object_id])

    def answer(self, target: str) -> tuple[int, bytes]:
        """Status and body for the request target (path and query)."""
        url = PREFIX + target.removeprefix(MOUNT)
        listed, _, query = url.partition("?")
        asked = parse_qs(query)
        if "modified_since" in asked and listed in self.chains:
            return 200, self._filtered(listed, asked)
        if url in self.pages or (listed in self.chains and not query):
            key = url if url in self.pages else self.chains[listed][0]
            return 200, self._page(key)
        if url in self.objects:
            return 200, self._served(json.dumps(self.objects[url], ensure_ascii=False))
        return 404, b'{"error": "not found"}'

    def _next(self, key: str) -> str | None:
        chain = self.chains[key.partition("?")[0]]
        place = chain.index(key)
        return chain[place + 1] if place + 1 < len(chain) else None

    def _page(self, key: str) -> bytes:
        if key not in self.chains.get(key.partition("?")[0], []):  # the System
            return self.pages[key].replace(PREFIX.encode(), self.base.encode())
        listed = key.partition("?")[0]
        following = self._next(key)
        if listed not in self.changed:
            data = self.pages[key]
            recorded = json.loads(data)["links"].get("next")
            if recorded is not None and recorded != following:  # a page not recorded
                data = data.replace(json.dumps(recorded).encode(),
                                    json.dumps(following).encode())
            return data.replace(PREFIX.encode(), self.base.encode())
        found = json.loads(self.pages[key])
        found["data"] = [self.objects[item["id"]] for item in found["data"]]
        if following is None:
            found["links"].pop("next", None)
        else:
            found["links"]["next"] = following
        return self._served(json.dumps(found, ensure_ascii=False))

    def _filtered(self, listed: str, asked: dict[str, list[str]]) -> bytes:
        since = datetime.fromisoformat(asked["modified_since"][0])
        every = [self.objects[item["id"]] for key in self.chains[listed]
                 for item in json.loads(self.pages[key])["data"]]
        chosen = [item for item in every
                  if datetime.fromisoformat(item["modified"]) >= since]
        page = int(asked.get("page", ["1"])[0])
        pages = max(1, -(-len(chosen) // PAGE_SIZE))
        filtered = {"modified_since": asked["modified_since"][0]}
        links = {"first": f"{listed}?{urlencode({**filtered, 'page': 1})}",
                 "self": f"{listed}?{urlencode({**filtered, 'page': page})}",
                 "last": f"{listed}?{urlencode({**filtered, 'page': pages})}"}
        if page < pages:
            links["next"] = f"{listed}?{urlencode({**filtered, 'page': page + 1})}"
        found = {"data": chosen[(page - 1) * PAGE_SIZE:page * PAGE_SIZE],
                 "pagination": {"totalElements": len(chosen), "elementsPerPage": PAGE_SIZE,
                                "currentPage": page, "totalPages": pages},
                 "links": links}
        return self._served(json.dumps(found, ensure_ascii=False))

    def _served(self, text: str) -> bytes:
        return text.replace(PREFIX, self.base).encode("utf-8")

    def asked(self, path: str) -> list[str]:
        """The queries of the requests for ``path`` (below the prefix), in order."""
        return [request.partition("?")[2] for request in self.requests
                if request.partition("?")[0] == MOUNT + path]


def _now() -> str:
    return datetime.now(UTC).isoformat()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    endpoint: Endpoint

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hung up early (a test's limit): nothing to report


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        endpoint = self.server.endpoint
        endpoint.requests.append(self.path)
        route = endpoint.routes.get(self.path.partition("?")[0])
        if route is not None:
            route(self)
            return
        status, body = endpoint.answer(self.path)
        send(self, status, body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes,
         kind: str = "application/json; charset=utf-8", *, length: bool = True) -> None:
    """Answer with ``body``; without a Content-Length if not ``length`` (its end is the
    connection's)."""
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    if length:
        handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.wfile.write(body)


def serving() -> Iterator[Endpoint]:
    """The endpoint served until the generator is closed (a fixture's body)."""
    endpoint = Endpoint()
    server = _Server(("127.0.0.1", 0), _Handler)
    server.endpoint = endpoint
    endpoint.base = f"http://127.0.0.1:{server.server_address[1]}{MOUNT}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        endpoint.released.set()
        server.shutdown()
        server.server_close()
        thread.join()

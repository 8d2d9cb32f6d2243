"""What keeps the form safe on a shared workstation.

The server listens on 127.0.0.1 only, but every program and every web page the user
opens can reach that address. So a request is answered only if

- its Host header is the server's own address (a web page that rebinds its DNS name to
  127.0.0.1 sends its own name: refused);
- it carries the session secret of this launch in a cookie (HttpOnly, SameSite=Strict)
  named after the port (a browser keeps the cookies of 127.0.0.1 for all ports alike: a
  cookie of one name would let a second ``vorlagen serve`` replace the first one's).
  The URL ``vorlagen serve`` prints and opens has a one-time code instead: the first
  request that brings it gets the cookie, with a separate random secret, and is sent on
  to the address without the code; the code is then spent, so whoever reads it later
  (the browser's command line in ``ps``, the terminal, the history) gets nothing;
- for a POST, its Origin (if sent) is the server's own, the browser does not call it
  cross-site, and the form's CSRF token (derived from the session secret, checked where
  the form is read) is right;
- its body is not larger than ``MAX_BODY_BYTES``.

Every answer says ``Cache-Control: no-store`` (the papers are not for the disk cache of
a shared browser profile) and forbids framing, foreign scripts and sniffing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE_PREFIX = "vorlagen_zugang"
"""The start of the session cookie's name; ``Access.cookie`` is the whole name."""
TOKEN_PARAMETER = "zugang"
CSRF_FIELD = "_csrf"
CSRF_HEADER = "x-csrf-token"
MAX_BODY_BYTES = 64 * 1024 * 1024
"""The largest request: the uploads of one form (``MAX_UPLOAD_BYTES`` each) and its text."""
HEADERS = {
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
}


class Access:
    """The secrets of one launch and the addresses it answers on: the one-time code of
    the printed address and, once it is redeemed, the session secret of the browser
    that did."""

    def __init__(self, hosts: frozenset[str], cookie: str = COOKIE_PREFIX) -> None:
        self.hosts = hosts
        self.cookie = cookie
        """The name of the session cookie: one per port, so that servers side by side
        (two folders) in one browser keep their sessions apart."""
        self.code = secrets.token_urlsafe(24)
        """For the address ``vorlagen serve`` prints and opens; valid once."""
        self._session: str | None = None
        self._lock = threading.Lock()

    @classmethod
    def new(cls, port: int, extra_hosts: tuple[str, ...] = ()) -> Access:
        hosts = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", *extra_hosts}
        return cls(frozenset(hosts), f"{COOKIE_PREFIX}_{port}")

    def redeem(self, code: str) -> str | None:
        """The session secret for the cookie, if ``code`` is this launch's code and was
        not redeemed before; None otherwise (the code works once)."""
        with self._lock:
            if self._session is not None or not _equal(code, self.code):
                return None
            self._session = secrets.token_urlsafe(32)
            return self._session

    def session_ok(self, value: str) -> bool:
        """Whether ``value`` (the cookie) is the secret of the redeemed session."""
        session = self._session
        return session is not None and _equal(value, session)

    @property
    def csrf(self) -> str:
        """The form's CSRF token: derived from the session secret, so it cannot be
        guessed without it, and differs from it, so a page never shows the secret."""
        session = self._session or secrets.token_urlsafe(32)  # before any session: nothing
        return hmac.new(session.encode(), b"csrf", hashlib.sha256).hexdigest()

    def csrf_ok(self, value: object) -> bool:
        return (self._session is not None and isinstance(value, str)
                and _equal(value, self.csrf))


def _equal(given: str, secret: str) -> bool:
    """Compared in constant time, as bytes: what a client sends may hold any character."""
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), secret.encode())


class Guard:
    """The ASGI middleware that refuses what ``Access`` does not allow."""

    def __init__(self, app: ASGIApp, access: Access) -> None:
        self.app = app
        self.access = access

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        send = _with_headers(send)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, _limited(receive), send)

    def _refusal(self, scope: Scope) -> Response | None:
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        if host not in self.access.hosts:
            return _refused(400, f"Unbekannte Adresse {host!r}: vorlagen serve antwortet nur "
                                  "unter 127.0.0.1 und localhost.")
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                          keep_blank_values=True)
        given = dict(query).get(TOKEN_PARAMETER)
        cookie = _cookies(headers).get(self.access.cookie, "")
        if given is not None:
            rest = urlencode([(k, v) for k, v in query if k != TOKEN_PARAMETER])
            response = RedirectResponse(scope["path"] + (f"?{rest}" if rest else ""), 303)
            session = self.access.redeem(given)
            if session is not None:
                response.set_cookie(self.access.cookie, session, httponly=True,
                                    samesite="strict", path="/")
            elif not self.access.session_ok(cookie):
                return _used_up()
            return response  # the browser that redeemed it follows the address again
        if not self.access.session_ok(cookie):
            return _refused(403, "Kein Zugang: bitte die Adresse öffnen, die vorlagen serve "
                                  "beim Start ausgegeben hat (sie enthält den Zugangscode).")
        if scope["method"] not in ("GET", "HEAD", "POST"):
            return _refused(405, "Diese Anfrage kennt vorlagen serve nicht.")
        if scope["method"] == "POST":
            origin = headers.get("origin")
            if origin is not None and origin.split("://", 1)[-1] not in self.access.hosts:
                return _refused(403, "Abgelehnt: die Anfrage kommt von einer anderen Seite.")
            if headers.get("sec-fetch-site") == "cross-site":
                return _refused(403, "Abgelehnt: die Anfrage kommt von einer anderen Seite.")
            length = headers.get("content-length")
            if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
                return _refused(413, f"Zu groß: höchstens {MAX_BODY_BYTES // 2**20} MB auf "
                                      "einmal hochladen.")
        return None


def _refused(status: int, text: str) -> Response:
    return PlainTextResponse(text, status)


def _used_up() -> Response:
    """The answer to a code spent or unknown, for someone who has no session."""
    return HTMLResponse(
        '<!doctype html><html lang="de"><head><meta charset="utf-8">'
        "<title>Adresse nicht mehr gültig – vorlagen</title></head><body><main>"
        "<h1>Diese Adresse ist schon benutzt</h1>"
        "<p>Die Adresse, die <code>vorlagen serve</code> beim Start ausgibt, öffnet das "
        "Formular nur einmal: in dem Browserfenster, das sie zuerst geöffnet hat. "
        "Bitte dort weiterarbeiten. (Eine Adresse von einem früheren Start gilt "
        "ebenfalls nicht mehr.)</p>"
        "<p>Ist kein solches Fenster offen, oder haben Sie es nicht selbst geöffnet: "
        "<code>vorlagen serve</code> im Terminal mit Strg+C beenden und neu starten; "
        "es gibt dann eine neue Adresse.</p></main></body></html>", 403)


def _cookies(headers: Headers) -> dict[str, str]:
    found: dict[str, str] = {}
    for header in headers.getlist("cookie"):
        for part in header.split(";"):
            name, _, value = part.strip().partition("=")
            found.setdefault(name, value)
    return found


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", [])
                       if k.decode("latin-1").lower() not in HEADERS]
            headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
            message = {**message, "headers": headers}
        await send(message)
    return sending


class TooLarge(Exception):
    """A request body beyond ``MAX_BODY_BYTES`` (sent without a Content-Length)."""


def _limited(receive: Receive) -> Receive:
    seen = 0

    async def receiving() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > MAX_BODY_BYTES:
                raise TooLarge
        return message
    return receiving

"""A request whose client gave up stops its work (issue 27.1).

A preview or a download takes seconds (the check, the paper written, the PDF from
LibreOffice, the page pictures); a browser that closed the tab, or went on to the next
preview, no longer waits for it. While a request's work runs in a thread, a task watches
the request's ``receive`` for ``http.disconnect`` (the ASGI message a server sends once
the client has closed the connection, the way Starlette's ``StreamingResponse`` listens
for it) and sets the request's ``Watch``. The work asks ``check()`` at each step boundary
(between check, render, conversion and pictures, and before anything is written): once
the client is gone it raises ``Gone``, so the thread ends at the next boundary, writes
nothing (no draft, no file, no upload) and is free for the next request. A step under
way is not interrupted: the warm LibreOffice finishes its conversion and stays running.

The watch reaches the thread through a context variable (``asyncio.to_thread`` runs the
work in a copy of the request's context), so the steps need no parameter for it; outside
a request (the command line, tests calling the functions) nothing is ever gone.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from starlette.exceptions import HTTPException
from starlette.requests import Request

T = TypeVar("T")

GONE_TEXT = "Die Anfrage wurde abgebrochen."
"""The answer to a request whose client is gone (nobody reads it)."""


class Gone(Exception):
    """The client of the request being worked on has closed its connection."""


class Watch:
    """Whether the client of one request is gone; set from the event loop, read by the
    request's thread."""

    def __init__(self) -> None:
        self._gone = threading.Event()

    def gone(self) -> bool:
        return self._gone.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the client is gone (or ``timeout`` seconds passed); whether it is."""
        return self._gone.wait(timeout)

    def set(self) -> None:
        self._gone.set()


_NOBODY = Watch()
"""The watch outside a request: never gone."""
_current: ContextVar[Watch] = ContextVar("vorlagen_serve_watch", default=_NOBODY)


def current() -> Watch:
    """The watch of the request being worked on (outside a request one never gone)."""
    return _current.get()


def check() -> None:
    """A step boundary: raise ``Gone`` if the client of the request has gone."""
    if _current.get().gone():
        raise Gone


async def worked(request: Request, work: Callable[..., T], *args: Any) -> T:
    """``work(*args)`` in a thread while a task watches ``request`` for its client going;
    the work stops at its next ``check()`` then, and the answer is 400 (nobody reads it).
    Call it once the request's body is read: the watching reads what comes after it."""
    watch = Watch()

    async def watching() -> None:
        while (await request.receive())["type"] != "http.disconnect":
            pass  # the body is read already: only the disconnect can come
        watch.set()

    token = _current.set(watch)  # copied into the thread's context and the task's
    watcher = asyncio.create_task(watching())
    try:
        return await asyncio.to_thread(work, *args)
    except Gone:
        raise HTTPException(400, GONE_TEXT) from None
    finally:
        _current.reset(token)
        watcher.cancel()
        await asyncio.wait([watcher])  # its end awaited, a cancel of this one not swallowed
        if not watcher.cancelled():
            watcher.exception()  # a failed watch only leaves the work to finish

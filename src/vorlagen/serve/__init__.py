"""``vorlagen serve``: the Vorlagen of a folder as a form in the browser.

For administrators who never see YAML: the form is made from the models, checks as
``vorlagen validate`` does while the user types, shows the pages and hands out the files;
what it saves is the same YAML file the command line reads. Needs the extra
``vorlagen[serve]`` (Starlette, uvicorn, ruamel.yaml).
"""

from __future__ import annotations

import socket
import threading
import time
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pluggy

from vorlagen.serve.app import create_app
from vorlagen.serve.security import TOKEN_PARAMETER, Access

HOST = "127.0.0.1"
STOPPED = "vorlagen serve beendet."

__all__ = ["create_app", "running", "serve"]


def serve(folder: Path, *, port: int = 0, open_browser: bool = True,
          manager: pluggy.PluginManager | None = None,
          announce: Callable[[str], None] = print) -> None:
    """Serve ``folder`` on 127.0.0.1 until interrupted; ``port`` 0 takes a free one.
    ``announce`` gets the address with the one-time code of this launch (the browser
    opened here redeems it at once; a later use of it is refused) and, once the server
    has stopped (Ctrl+C: after the clean-up, LibreOffice ended), that it has."""
    sock, server, url = _server(folder, port, manager)
    announce(f"vorlagen serve: {folder.resolve()}\n"
             f"Im Browser öffnen: {url}\n"
             "Die Adresse gilt einmal: für den Browser, der sie zuerst öffnet.\n"
             "Beenden mit Strg+C.")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    try:
        server.run(sockets=[sock])  # a signal that stopped it is raised again on its way out
    finally:
        if server.started:
            announce(STOPPED)


@contextmanager
def running(folder: Path, *, manager: pluggy.PluginManager | None = None) -> Iterator[str]:
    """``vorlagen serve`` for ``folder`` in a thread of this process, on a free port, for
    as long as the ``with`` block runs; yields the address with the one-time code (for
    tests, benchmarks and tools that open the form themselves)."""
    sock, server, url = _server(folder, 0, manager)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        time.sleep(0.02)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=60)


def _server(folder: Path, port: int, manager: pluggy.PluginManager | None
            ) -> tuple[socket.socket, Any, str]:
    """The listening socket on 127.0.0.1, the uvicorn server of the application and the
    address with this launch's one-time code."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    port = sock.getsockname()[1]
    access = Access.new(port)
    app = create_app(folder, access=access, manager=manager)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    return sock, uvicorn.Server(config), f"http://{HOST}:{port}/?{TOKEN_PARAMETER}={access.code}"

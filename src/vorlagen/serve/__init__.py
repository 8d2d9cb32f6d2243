"""``vorlagen serve``: the Vorlagen of a folder as a form in the browser.

For administrators who never see YAML: the form is made from the models, checks as
``vorlagen validate`` does while the user types, shows the pages and hands out the files;
what it saves is the same YAML file the command line reads. Needs the extra
``vorlagen[serve]`` (Starlette, uvicorn, ruamel.yaml).
"""

from __future__ import annotations

import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

import pluggy

from vorlagen.serve.app import create_app
from vorlagen.serve.sicherheit import TOKEN_PARAMETER, Zugang

HOST = "127.0.0.1"

__all__ = ["create_app", "serve"]


def serve(folder: Path, *, port: int = 0, open_browser: bool = True,
          manager: pluggy.PluginManager | None = None,
          announce: Callable[[str], None] = print) -> None:
    """Serve ``folder`` on 127.0.0.1 until interrupted; ``port`` 0 takes a free one.
    ``announce`` gets the address with the access token of this launch."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    port = sock.getsockname()[1]
    zugang = Zugang.neu(port)
    app = create_app(folder, zugang=zugang, manager=manager)
    url = f"http://{HOST}:{port}/?{TOKEN_PARAMETER}={zugang.token}"
    announce(f"vorlagen serve: {folder.resolve()}\n"
             f"Im Browser öffnen: {url}\n"
             "Beenden mit Strg+C.")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])

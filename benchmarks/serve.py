"""Case f: ``vorlagen serve`` as the browser meets it, over HTTP on 127.0.0.1.

Targets (issue "vorlagen serve"): the form page of the example within 100 ms, the live
check of a field within 200 ms, the preview within 2 s once LibreOffice has started.
The server runs in a thread of this process (uvicorn, as ``vorlagen serve`` runs it);
the requests are what the browser sends.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from lxml import html as lxml_html

from benchmarks.measure import Figure, median_seconds
from vorlagen.serve import create_app
from vorlagen.serve.sicherheit import COOKIE, Zugang

CASE = "serve"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "integrationskonzept-2018-077"
FORM, CHECK, PREVIEW = "form page", "live check", "preview"


def run(work: Path, repeat: int, log: Callable[[str], None]) -> list[Figure]:
    folder = work / "serve"
    shutil.copytree(EXAMPLE, folder / "ik")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    zugang = Zugang.neu(port)
    server = uvicorn.Server(uvicorn.Config(create_app(folder, zugang=zugang),
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}/bearbeiten?datei=ik/vorlage.yaml"
    check = f"http://127.0.0.1:{port}/pruefen?datei=ik/vorlage.yaml"
    try:
        with httpx.Client(cookies={COOKIE: zugang.token}, timeout=300) as client:
            page = client.get(url).text  # the first reads the data files
            tree: Any = lxml_html.fromstring(page)
            form = tree.get_element_by_id("formular")
            values = dict(form.form_values())
            edited = values | {"titel": "Integrationskonzept;\nSachstandsbericht 2"}
            client.post(url, data=values | {"_aktion": "vorschau:voll"})  # LibreOffice starts
            figures = [
                Figure(CASE, FORM, 1, median_seconds(lambda: client.get(url), repeat * 4)),
                Figure(CASE, CHECK, 1, median_seconds(
                    lambda: client.post(check, data=edited), repeat * 4)),
                Figure(CASE, PREVIEW, 1, median_seconds(
                    lambda: client.post(url, data=edited | {"_aktion": "vorschau:voll"}),
                    max(repeat, 3))),
            ]
    finally:
        server.should_exit = True
        thread.join(timeout=60)
    for figure in figures:
        log(f"  {figure.contender}: {figure.value * 1000:.0f} ms")
    return figures

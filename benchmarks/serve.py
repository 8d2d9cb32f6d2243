"""Case f: ``vorlagen serve`` as the browser meets it, over HTTP on 127.0.0.1.

Targets (issue "vorlagen serve"): the form page of the example within 100 ms, the live
check of a field within 200 ms, the preview within 2 s once LibreOffice has started;
(issue 24) a PDF download within 3 s once LibreOffice has started (it goes through the
LibreOffice the server keeps running), its median and 95th percentile over 20; (issue 25)
the live preview's refresh after an edit within 1 s (its pages' pictures fetched too, as
the browser does before it shows them), median and 95th percentile over 20 edits.
The server runs in a thread of this process (``vorlagen.serve.running``: uvicorn, as
``vorlagen serve`` runs it); the requests are what the browser sends, cookie included.
"""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from lxml import html as lxml_html

from benchmarks.measure import Figure, median_seconds
from vorlagen.serve import running

CASE = "serve"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "integrationskonzept-2018-077"
FORM, CHECK, PREVIEW = "form page", "live check", "preview"
DOWNLOAD, DOWNLOAD_P95 = "PDF download", "PDF download, 95th percentile"
DOWNLOADS = 20
LIVE, LIVE_P95 = "live preview after an edit", "live preview after an edit, 95th percentile"
EDITS = 20


def run(work: Path, repeat: int, log: Callable[[str], None]) -> list[Figure]:
    folder = work / "serve"
    shutil.copytree(EXAMPLE, folder / "ik")
    with running(folder) as address, httpx.Client(timeout=300,
                                                 follow_redirects=True) as client:
        base = address.split("/?")[0]
        url = f"{base}/bearbeiten?datei=ik/vorlage.yaml"
        check = f"{base}/pruefen?datei=ik/vorlage.yaml"
        live = f"{base}/vorschau?datei=ik/vorlage.yaml"
        client.get(address)  # the one-time code becomes the cookie, as in the browser
        page = client.get(url).text  # the first reads the data files
        tree: Any = lxml_html.fromstring(page)
        values = dict(tree.get_element_by_id("formular").form_values())
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

        def download() -> float:
            started = time.perf_counter()
            answer = client.post(url, data=values | {"_aktion": "herunterladen:pdf:voll"})
            took = time.perf_counter() - started
            if not answer.content.startswith(b"%PDF-"):  # the paper itself
                raise RuntimeError(f"the download is no PDF: {answer.headers}")
            return took

        def refresh(number: int) -> float:
            """One edit of the title and the live preview's answer with its pictures."""
            edit = values | {"titel": f"Integrationskonzept;\nSachstandsbericht {number}"}
            started = time.perf_counter()
            answer = client.post(live, data=edit)
            pictures: Any = lxml_html.fromstring(answer.text).xpath("//img/@src")
            if not pictures:
                raise RuntimeError(f"the live preview has no pages: {answer.text[:300]}")
            for picture in pictures:
                client.get(f"{base}{picture}").raise_for_status()
            return time.perf_counter() - started

        times = [download() for _ in range(DOWNLOADS if repeat > 1 else 2)]
        figures += [Figure(CASE, DOWNLOAD, 1, statistics.median(times)),
                    Figure(CASE, DOWNLOAD_P95, 1, statistics.quantiles(times, n=20)[-1])]
        times = [refresh(number) for number in range(EDITS if repeat > 1 else 2)]
        figures += [Figure(CASE, LIVE, 1, statistics.median(times)),
                    Figure(CASE, LIVE_P95, 1, statistics.quantiles(times, n=20)[-1])]
    for figure in figures:
        log(f"  {figure.contender}: {figure.value * 1000:.0f} ms")
    return figures

"""A request the client gave up on stops its work (issue 27.1): ``vorlagen serve`` runs
under uvicorn on 127.0.0.1; a request is sent over a raw socket, one of its steps
(monkeypatched) waits until the server has seen the socket closed by the test, and the
later steps (conversion, pictures, saving, the draft) never run; the thread is free
again and the next request is answered."""

from __future__ import annotations

import http.client
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

from tests.conftest import EXAMPLE
from tests.test_serve import form_of
from vorlagen.builder import Builder
from vorlagen.serve import app as app_module
from vorlagen.serve import checks, disconnect, drafts, running, vorlage_file
from vorlagen.serve.preview import Converter

FILE = "ik/vorlage.yaml"
WAIT = 30
"""Seconds a step waits for the server to see the client gone, at most: a bound on a
failing test, never a pause of a passing one (each waits on an event)."""


@dataclass
class Served:
    folder: Path
    port: int
    cookie: str

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)

    def get(self, path: str) -> tuple[int, str]:
        connection = self.connection()
        try:
            connection.request("GET", path, headers={"Cookie": self.cookie})
            answer = connection.getresponse()
            return answer.status, answer.read().decode()
        finally:
            connection.close()

    def post(self, path: str, items: list[tuple[str, str]]) -> tuple[int, str]:
        connection = self.connection()
        try:
            connection.request("POST", path, body=urlencode(items), headers={
                "Cookie": self.cookie,
                "Content-Type": "application/x-www-form-urlencoded"})
            answer = connection.getresponse()
            return answer.status, answer.read().decode()
        finally:
            connection.close()

    def form(self) -> list[tuple[str, str]]:
        status, page = self.get(f"/bearbeiten?datei={FILE}")
        assert status == 200
        return form_of(page)

    def abandoned(self, path: str, items: list[tuple[str, str]],
                  entered: threading.Event) -> None:
        """Send a POST over a raw socket and close the socket once the work has reached
        the blocking step (``entered``), without reading an answer."""
        body = urlencode(items).encode()
        head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                f"Cookie: {self.cookie}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", self.port), timeout=WAIT) as sock:
            sock.sendall(head + body)
            assert entered.wait(WAIT), "the work did not reach the blocking step"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("disconnect")
    shutil.copytree(EXAMPLE.parent, folder / "ik")
    with running(folder) as url:
        address = urlsplit(url)
        port = address.port
        assert port is not None
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        connection.request("GET", f"/?{address.query}")
        answer = connection.getresponse()
        answer.read()
        assert answer.status == 303
        cookie = answer.getheader("set-cookie", "").split(";")[0]
        connection.close()
        yield Served(folder, port, cookie)


class Steps:
    """What the monkeypatched steps saw: which ran, and whether the blocking one saw
    the client gone."""

    def __init__(self) -> None:
        self.ran: list[str] = []
        self.entered = threading.Event()
        self.finished = threading.Event()
        self.saw_gone: bool | None = None
        self.ended_by: BaseException | None = None

    def blocking(self, original: Callable[..., Any]) -> Callable[..., Any]:
        """``original``, which the first time waits until the request's client is gone."""
        def step(*args: Any, **kwargs: Any) -> Any:
            if not self.entered.is_set():
                watch = disconnect.current()
                self.entered.set()
                self.saw_gone = watch.wait(WAIT)
            return original(*args, **kwargs)
        return step

    def recorded(self, name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def step(*args: Any, **kwargs: Any) -> Any:
            self.ran.append(name)
            return original(*args, **kwargs)
        return step

    def watched(self, original: Callable[..., Any]) -> Callable[..., Any]:
        """The request's work, its end noted (the worker thread is free then)."""
        def work(*args: Any, **kwargs: Any) -> Any:
            try:
                return original(*args, **kwargs)
            except BaseException as error:
                self.ended_by = error
                raise
            finally:
                self.finished.set()
        return work

    def ended_at_a_boundary(self) -> None:
        assert self.finished.wait(2 * WAIT), "the worker is still busy"
        assert self.ran == [], "later steps ran for a client that is gone"
        assert self.saw_gone is True, "the server did not see the client go"
        assert isinstance(self.ended_by, disconnect.Gone)


@pytest.fixture
def steps() -> Steps:
    return Steps()


def next_request_answered(served: Served) -> None:
    status, _ = served.post(f"/pruefen?datei={FILE}", served.form())
    assert status == 200
    status, page = served.get("/")
    assert status == 200 and "vorlage.yaml" in page


@pytest.mark.parametrize("blocked", ["render", "conversion"])
def test_a_preview_given_up_on_stops_at_the_next_step(
        served: Served, steps: Steps, monkeypatch: pytest.MonkeyPatch, blocked: str) -> None:
    values = served.form()  # read before a step is patched: the form page checks too
    pdf = steps.recorded("pdf", lambda *_: b"%PDF-")
    if blocked == "render":  # then no conversion, no pictures, no page texts
        monkeypatch.setattr(Builder, "document", steps.blocking(Builder.document))
    else:  # LibreOffice's conversion is not interrupted; no pictures made of it
        pdf = steps.blocking(lambda *_: b"%PDF-")
    monkeypatch.setattr(Converter, "pdf", pdf)
    monkeypatch.setattr(app_module, "pages", steps.recorded("pages", lambda *_: []))
    monkeypatch.setattr(app_module, "page_texts", steps.recorded("texts", lambda *_: []))
    monkeypatch.setattr(app_module, "_live_preview", steps.watched(app_module._live_preview))
    served.abandoned(f"/vorschau?datei={FILE}", [*values, ("_fassung", "voll")],
                     steps.entered)
    steps.ended_at_a_boundary()
    next_request_answered(served)


def test_a_preview_button_given_up_on_makes_no_pdf(
        served: Served, steps: Steps, monkeypatch: pytest.MonkeyPatch) -> None:
    values = served.form()  # read before a step is patched: the form page checks too
    monkeypatch.setattr(Builder, "document", steps.blocking(Builder.document))
    monkeypatch.setattr(Converter, "pdf", steps.recorded("pdf", lambda *_: b"%PDF-"))
    monkeypatch.setattr(app_module, "pages", steps.recorded("pages", lambda *_: []))
    monkeypatch.setattr(app_module, "_submitted", steps.watched(app_module._submitted))
    served.abandoned(f"/bearbeiten?datei={FILE}",
                     [*values, ("_aktion", "vorschau:voll")], steps.entered)
    steps.ended_at_a_boundary()
    next_request_answered(served)


@pytest.mark.parametrize("format", ["pdf", "zip", "docx"])
def test_a_download_given_up_on_is_not_converted(
        served: Served, steps: Steps, monkeypatch: pytest.MonkeyPatch, format: str) -> None:
    values = served.form()
    monkeypatch.setattr(Builder, "plan", steps.blocking(Builder.plan))
    monkeypatch.setattr(Builder, "finish", steps.recorded("finish", Builder.finish))
    monkeypatch.setattr(app_module, "_zip", steps.recorded("zip", app_module._zip))
    monkeypatch.setattr(app_module, "_submitted", steps.watched(app_module._submitted))
    served.abandoned(f"/bearbeiten?datei={FILE}",
                     [*values, ("_aktion", f"herunterladen:{format}:voll")],
                     steps.entered)
    steps.ended_at_a_boundary()  # no PDF from LibreOffice, no ZIP
    next_request_answered(served)


def test_a_save_given_up_on_writes_nothing(
        served: Served, steps: Steps, monkeypatch: pytest.MonkeyPatch) -> None:
    file = served.folder / FILE
    before = file.read_bytes()
    items = [(k, "Ein anderer Titel" if k == "titel" else v) for k, v in served.form()]
    assert ("titel", "Ein anderer Titel") in items
    monkeypatch.setattr(app_module, "check", steps.blocking(checks.check))
    monkeypatch.setattr(vorlage_file, "save", steps.recorded("save", vorlage_file.save))
    monkeypatch.setattr(app_module, "_submitted", steps.watched(app_module._submitted))
    served.abandoned(f"/bearbeiten?datei={FILE}", [*items, ("_aktion", "speichern")],
                     steps.entered)
    steps.ended_at_a_boundary()
    assert file.read_bytes() == before
    assert not drafts.path_of(file).exists()
    next_request_answered(served)


def test_a_draft_given_up_on_is_not_written(
        served: Served, steps: Steps, monkeypatch: pytest.MonkeyPatch) -> None:
    file = served.folder / FILE
    items = [(k, "Ein anderer Titel" if k == "titel" else v) for k, v in served.form()]
    monkeypatch.setattr(drafts, "unsaved", steps.blocking(drafts.unsaved))
    monkeypatch.setattr(drafts, "write", steps.recorded("write", drafts.write))
    monkeypatch.setattr(app_module, "_draft_kept", steps.watched(app_module._draft_kept))
    served.abandoned(f"/entwurf?datei={FILE}", items, steps.entered)
    steps.ended_at_a_boundary()
    assert not drafts.path_of(file).exists()
    next_request_answered(served)


def test_outside_a_request_nothing_is_gone() -> None:
    disconnect.check()  # the command line and direct callers: never stopped
    assert not disconnect.current().gone()

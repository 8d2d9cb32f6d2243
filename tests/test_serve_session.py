"""The session of ``vorlagen serve`` beside other launches, and its end: two servers (two
folders) in one browser keep their sessions apart (a cookie per port), the page can ask
whether its server still answers it, and Ctrl+C says that the server has stopped."""

from __future__ import annotations

import shutil
import warnings
from http.cookiejar import CookieJar
from pathlib import Path

import httpx
import pytest

from tests.conftest import EXAMPLE
from tests.test_serve import FILE, URL, form_of, log_in, send
from vorlagen.serve import create_app
from vorlagen.serve.security import Access

with warnings.catch_warnings():  # starlette's notice about httpx's successor
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PORTS = (8765, 8766)


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    for name in ("a", "b"):
        shutil.copytree(EXAMPLE.parent, tmp_path / name / "ik")
    return tmp_path / "a", tmp_path / "b"


def test_two_servers_in_one_browser_keep_their_sessions(folders: tuple[Path, Path]) -> None:
    """One cookie jar for both, as a browser keeps the cookies of 127.0.0.1 for every
    port: the second server's session does not replace the first one's."""
    accesses = [Access.new(port) for port in PORTS]
    jar = CookieJar()  # shared, not copied
    first, second = (TestClient(create_app(folder, access=access),
                                base_url=f"http://127.0.0.1:{port}", cookies=jar)
                     for folder, access, port in zip(folders, accesses, PORTS, strict=True))
    with first, second:
        log_in(first, accesses[0])
        assert first.get(URL).status_code == 200
        log_in(second, accesses[1])
        assert {cookie.name for cookie in jar} == {
            "vorlagen_zugang_8765", "vorlagen_zugang_8766"}
        for client in (first, second, first):
            assert client.get(URL).status_code == 200  # back and forth: both still open
        # the first one's form is still sent with its own CSRF token
        checked = send(first, form_of(first.get(URL).text), "pruefen")
        assert checked.status_code == 200 and "Die Vorlage ist gültig." in checked.text
        # the printed address of the first is not "schon benutzt" for its own browser
        assert first.get(f"/?zugang={accesses[0].code}", follow_redirects=False
                         ).status_code == 303


def test_the_cookie_is_named_after_the_port_and_stays_protected(
        folders: tuple[Path, Path]) -> None:
    accesses = [Access.new(port) for port in PORTS]
    with TestClient(create_app(folders[0], access=accesses[0]),
                    base_url=f"http://127.0.0.1:{PORTS[0]}") as client:
        given = client.get(f"/?zugang={accesses[0].code}", follow_redirects=False)
        cookie = given.headers["set-cookie"]
        assert cookie.startswith("vorlagen_zugang_8765=")
        assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
        secret = client.cookies[accesses[0].cookie]
    with TestClient(create_app(folders[1], access=accesses[1]),
                    base_url=f"http://127.0.0.1:{PORTS[1]}") as other:
        # the first server's secret opens nothing at the second, under either name
        other.cookies.set(accesses[0].cookie, secret)
        assert other.get("/").status_code == 403
        other.cookies.set(accesses[1].cookie, secret)
        assert other.get("/").status_code == 403
        other.cookies.clear()
        log_in(other, accesses[1])
        assert other.get("/").status_code == 200


def test_the_page_asks_whether_its_server_still_answers_it(folders: tuple[Path, Path]) -> None:
    """What static/connection.js asks before a form is sent: a HEAD of itself, answered
    for the page's session, refused without it."""
    access = Access.new(PORTS[0])
    with TestClient(create_app(folders[0], access=access),
                    base_url=f"http://127.0.0.1:{PORTS[0]}") as client:
        assert client.head("/static/connection.js").status_code == 403
        log_in(client, access)
        answer = client.head("/static/connection.js")
        assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
        page = client.get(URL).text
        assert '<script src="/static/connection.js" defer></script>' in page
        assert page.index("/static/connection.js") < page.index("/static/preview.js")
        assert page.index("/static/connection.js") < page.index("/static/draft.js")


def test_the_list_s_checking_threads_end_with_the_server(folders: tuple[Path, Path]) -> None:
    """Not cut off by the interpreter's exit within a check (which can abort the process:
    "FATAL: exception not rethrown"), nor left waiting for work."""
    import threading

    def checking() -> set[threading.Thread]:
        return {t for t in threading.enumerate() if t.name == "vorlagen-liste"} - before

    before: set[threading.Thread] = set()
    before = checking()  # another test's, if any
    access = Access.new(PORTS[0])
    with TestClient(create_app(folders[0], access=access),
                    base_url=f"http://127.0.0.1:{PORTS[0]}") as client:
        log_in(client, access)
        assert "ik/vorlage.yaml" in client.get("/").text
        assert checking()
    assert checking() == set()


@pytest.mark.subprocess
@pytest.mark.libreoffice
def test_ctrl_c_says_the_server_stopped(folders: tuple[Path, Path]) -> None:
    """Ctrl+C: LibreOffice ended, a German line, exit status 0 (it is how the form is
    closed). Waits on what the process says and on its end, not on a clock."""
    import os
    import signal
    import subprocess
    import sys
    import time

    folder = folders[0]
    for number in range(2, 9):  # checks under way in the list's threads when it is stopped
        shutil.copytree(folder / "ik", folder / f"ik{number}")
    tmp = folder / "tmp"
    tmp.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "vorlagen", "serve", str(folder), "--no-browser"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TMPDIR": str(tmp)})
    try:
        assert process.stdout is not None
        lines: list[str] = []
        while not lines or lines[-1] != "Beenden mit Strg+C.":
            line = process.stdout.readline()
            assert line, process.communicate(timeout=60)
            lines.append(line.strip())
        url = next(line.split(": ", 1)[1] for line in lines
                   if line.startswith("Im Browser öffnen"))
        deadline = time.monotonic() + 120  # a bound against a hang, not a measure
        while True:  # until it answers: its handlers for Ctrl+C are in place then
            try:
                answer = httpx.get(url, follow_redirects=True, timeout=120)
                break
            except httpx.ConnectError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
        assert answer.status_code == 200 and FILE in answer.text
        process.send_signal(signal.SIGINT)
        rest, said = process.communicate(timeout=120)
    finally:
        process.kill()  # a test that failed leaves no process behind
    assert process.returncode == 0, said
    assert rest.strip().splitlines() == ["vorlagen serve beendet."]
    assert "Traceback" not in said and "abgebrochen" not in said
    assert not list(tmp.glob("vorlagen-serve-*"))  # LibreOffice's profile with the rest
    left = [path for path in Path("/proc").glob("[0-9]*/cmdline")
            if _reads(path).find(str(tmp).encode()) >= 0]
    assert left == []  # no LibreOffice of it still running


def _reads(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:  # a process that ended meanwhile
        return b""

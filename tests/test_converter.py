"""The one converter: PDFs through a LibreOffice kept running by unoserver (``vorlagen
serve`` for its lifetime, ``render -f pdf`` for the run), ``soffice --convert-to`` where
no Python with LibreOffice's ``uno`` module is found; a stuck conversion stopped with a
German message, a stop leaving no LibreOffice behind."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests import soffice
from tests.conftest import EXAMPLE
from vorlagen import libreoffice, load_vorlage, render
from vorlagen.cli import cli
from vorlagen.libreoffice import LibreOfficeError, WarmConverter
from vorlagen.serve.preview import Converter

DEADLINE = 180.0
"""How long a test waits for a process state before it fails: generous, it is no timing."""

FAKE_SERVER = '''
import argparse, os, subprocess, sys, time
from xmlrpc.server import SimpleXMLRPCServer

parser = argparse.ArgumentParser()
parser.add_argument("--port")
arguments, _ = parser.parse_known_args()
server = SimpleXMLRPCServer(("127.0.0.1", int(arguments.port)), allow_none=True,
                            logRequests=False)
server.register_function(lambda: {"api": "3", "unoserver": "0", "import_filters": {},
                                  "export_filters": {"writer_pdf_Export": "x"}}, "info")

def convert(inpath, indata, outpath, *rest):
    if os.environ["FAKE"] == "muell":
        with open(outpath, "wb") as out:
            out.write(b"<html>Fehler</html>")
        return None
    child = subprocess.Popen(["sleep", "1000"])
    with open(os.environ["MARKER"], "a") as marker:
        marker.write(f"{os.getpid()} {child.pid}\\n")
    time.sleep(1000)

server.register_function(convert, "convert")
server.serve_forever()
'''

pytestmark = pytest.mark.libreoffice


def _script(path: Path, body: str) -> Path:
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def _logging_soffice(folder: Path) -> tuple[Path, Path]:
    """A soffice that notes its arguments and its process id, then is the real one."""
    real = soffice.soffice()
    assert real is not None, "LibreOffice (soffice) is not installed; `make test` installs it"
    log = folder / "soffice.log"
    return _script(folder / "soffice", f'echo "$$ $*" >> "{log}"\nexec "{real}" "$@"'), log


def _fake_uno_python(folder: Path, behaviour: str, marker: Path) -> Path:
    """A "Python with uno" whose unoserver answers but, by ``behaviour``, hangs in each
    conversion (with a child process) or leaves junk instead of a PDF."""
    package = folder / "fake" / "unoserver"
    package.mkdir(parents=True)
    (folder / "fake" / "uno.py").write_text("", encoding="utf-8")
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "server.py").write_text(FAKE_SERVER, encoding="utf-8")
    return _script(folder / "python", f'export FAKE={behaviour} MARKER="{marker}"\n'
                                      f'PYTHONPATH="{folder / "fake"}:$PYTHONPATH" '
                                      f'exec "{sys.executable}" "$@"')


def _alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def _session_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[3])


def _session(leader: int) -> list[int]:
    """The live processes of a session (zombies count as gone)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[3]) == leader:
            found.append(int(entry.name))
    return found


def _wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def _pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "gelesen.pdf"
    path.write_bytes(pdf)
    return "\n".join(soffice.pdf_pages(path))


@pytest.fixture
def kept_libreoffice() -> Iterator[WarmConverter]:
    program = libreoffice.program()
    python = libreoffice.uno_python(program)
    assert python is not None, "no Python with uno (Debian: python3-uno; `make test`)"
    converter = WarmConverter(python, program)
    try:
        yield converter
    finally:
        converter.close()


def test_the_libreoffice_kept_running_converts_docx_and_odt_to_pdf(
        kept_libreoffice: WarmConverter, example_docx: bytes, example_odt: bytes,
        tmp_path: Path) -> None:
    kept_libreoffice.start()
    for name, data in (("beispiel.docx", example_docx), ("beispiel.odt", example_odt)):
        pdf = kept_libreoffice.convert(name, data)
        assert pdf.startswith(b"%PDF-")
        text = _pdf_text(pdf, tmp_path)
        assert "Integrationskonzept" in text and "Seite 2 von 2" in text


def _download_pdfs(folder: Path) -> list[bytes]:
    """The form's PDF download of the example, once the server's LibreOffice is started."""
    import io
    import shutil
    import warnings
    import zipfile

    from lxml import html as lxml_html

    from vorlagen.serve import create_app
    from vorlagen.serve.security import Access

    with warnings.catch_warnings():  # starlette's notice about httpx's successor
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    shutil.copytree(EXAMPLE.parent, folder / "ik")
    access = Access.new(8765)
    app = create_app(folder, access=access)
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        client.get(f"/?zugang={access.code}", follow_redirects=False)
        app.state.server.starting.join()
        url = "/bearbeiten?datei=ik/vorlage.yaml"
        page: Any = lxml_html.fromstring(client.get(url).text)
        form = page.get_element_by_id("formular")
        answer = client.post(url, data={**dict(form.form_values()),
                                        "_aktion": "herunterladen:zip:voll"})
    assert answer.status_code == 200, answer.text[:500]
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:  # every file, PDFs too
        return [archive.read(name) for name in sorted(archive.namelist())
                if name.endswith(".pdf")]


def test_the_form_s_pdf_download_goes_through_the_libreoffice_kept_running(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    python = libreoffice.uno_python(libreoffice.program())
    assert python is not None, "no Python with uno (Debian: python3-uno; `make test`)"
    program, log = _logging_soffice(tmp_path)
    monkeypatch.setenv("VORLAGEN_SOFFICE", str(program))
    monkeypatch.setenv("VORLAGEN_UNO_PYTHON", python)  # the wrapper has no Python beside it
    pdfs = _download_pdfs(tmp_path / "ordner")
    starts = log.read_text(encoding="utf-8").splitlines()
    assert len(starts) == 1 and "--accept=" in starts[0] and "--convert-to" not in starts[0]
    assert len(pdfs) == 3 and "Integrationskonzept" in _pdf_text(pdfs[0], tmp_path)
    _wait_until(lambda: not _alive(int(starts[0].split()[0])), "LibreOffice stopped")


def test_without_a_python_with_uno_the_form_s_pdf_takes_soffice_convert_to(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program, log = _logging_soffice(tmp_path)
    monkeypatch.setenv("VORLAGEN_SOFFICE", str(program))
    monkeypatch.setenv("VORLAGEN_UNO_PYTHON", sys.executable)  # this venv has no uno
    assert libreoffice.uno_python(str(program)) is None
    pdfs = _download_pdfs(tmp_path / "ordner")
    starts = log.read_text(encoding="utf-8").splitlines()
    assert len(starts) == 1 and "--convert-to" in starts[0] and "--accept=" not in starts[0]
    assert len(pdfs) == 3 and "Integrationskonzept" in _pdf_text(pdfs[0], tmp_path)


def test_render_pdf_takes_one_soffice_convert_to_start_for_the_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run of the command line starts no unoserver: its seven seconds of waiting
    cost more than one ``soffice --convert-to`` start for all the run's files."""
    program, log = _logging_soffice(tmp_path)
    monkeypatch.setenv("VORLAGEN_SOFFICE", str(program))
    monkeypatch.delenv("VORLAGEN_UNO_PYTHON", raising=False)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(EXAMPLE), "-o", str(out), "-f", "pdf"])
    assert result.exit_code == 0, result.output
    starts = log.read_text(encoding="utf-8").splitlines()
    assert len(starts) == 1 and "--convert-to" in starts[0]
    assert "Integrationskonzept" in _pdf_text((out / "2018-077.pdf").read_bytes(), tmp_path)


def test_a_stuck_conversion_in_the_kept_libreoffice_is_stopped_with_its_children(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "konvertiert"
    monkeypatch.setenv("VORLAGEN_UNO_PYTHON", str(_fake_uno_python(tmp_path, "haengt",
                                                                     marker)))
    monkeypatch.setenv("VORLAGEN_SOFFICE_TIMEOUT", "2")
    converter = Converter(tmp_path / "work")
    try:
        converter.start()  # its first conversion (LibreOffice's warm-up) is stopped too
        with pytest.raises(LibreOfficeError) as raised:
            converter.pdf("vorlage.odt", render(load_vorlage(EXAMPLE), "odt"))
    finally:
        converter.close()
    assert str(raised.value) == (
        "LibreOffice hat nach 2 Sekunden nicht fertig umgewandelt und wurde beendet "
        "(vorlage.odt); mehr Zeit gibt VORLAGEN_SOFFICE_TIMEOUT=SEKUNDEN")
    pids = [int(pid) for line in marker.read_text().splitlines() for pid in line.split()]
    assert len(pids) == 4  # two servers, each with its child
    _wait_until(lambda: not any(_alive(pid) for pid in pids), "the stuck servers ended")


def test_a_pdf_the_kept_libreoffice_leaves_as_junk_is_refused_in_the_preview(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The LibreOffice kept running for previews answers "done" but leaves junk: the
    preview says so, as a render would, instead of handing it on."""
    monkeypatch.setenv("VORLAGEN_UNO_PYTHON", str(_fake_uno_python(
        tmp_path, "muell", tmp_path / "marker")))
    converter = Converter(tmp_path / "work")
    try:
        converter.start()
        with pytest.raises(LibreOfficeError) as raised:
            converter.pdf("vorlage.odt", render(load_vorlage(EXAMPLE), "odt"))
    finally:
        converter.close()
    assert str(raised.value) == ("LibreOffice hat vorlage.odt nicht umgewandelt: das "
                                 "Ergebnis ist keine PDF-Datei (sie beginnt nicht mit %PDF-)")
    assert libreoffice._kept is None


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_a_stopped_serve_leaves_no_libreoffice_behind(tmp_path: Path, name: str) -> None:
    """``vorlagen serve`` starts LibreOffice (through unoserver) when it starts; stopped,
    it ends the server with LibreOffice and every process they started."""
    python = libreoffice.uno_python(libreoffice.program())
    assert python is not None, "no Python with uno (Debian: python3-uno; `make test`)"
    program, log = _logging_soffice(tmp_path)
    env = {**os.environ, "VORLAGEN_SOFFICE": str(program), "VORLAGEN_UNO_PYTHON": python}
    process = subprocess.Popen([sys.executable, "-m", "vorlagen", "serve", str(tmp_path),
                                "--no-browser"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env,
                               start_new_session=True)
    session = 0
    try:
        _wait_until(lambda: log.exists() and log.read_text().strip() != "",
                    "LibreOffice started")
        session = _session_of(int(log.read_text().split()[0]))
        assert session != process.pid  # the server's own session, not the form's
        process.send_signal(getattr(signal, name))
        _wait_until(lambda: process.poll() is not None, "vorlagen serve stopped")
        assert process.stderr is not None
        assert "Traceback" not in process.stderr.read()
        _wait_until(lambda: not _session(session), "LibreOffice and unoserver ended")
    finally:
        for leader in (process.pid, session):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                if leader:
                    os.killpg(leader, signal.SIGKILL)

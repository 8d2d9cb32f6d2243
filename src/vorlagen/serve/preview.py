"""The pages of a paper as pictures: the document → PDF (LibreOffice) → PNG (pdftoppm).

The form shows the paper as it will print. A LibreOffice start costs seconds, so the
server keeps one running where it can (``uno_helfer``, run by the system's Python with
Debian's ``python3-uno``), and each preview after the first is a conversion only.
Without ``python3-uno`` each preview starts LibreOffice the way ``vorlagen render -f pdf``
does: slower, the same pages.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import select
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

from vorlagen import libreoffice
from vorlagen.libreoffice import LibreOfficeError
from vorlagen.pdffile import pdf_problem

HELPER = Path(__file__).with_name("uno_helfer.py")
SYSTEM_PYTHON = "/usr/bin/python3"
"""The Python with LibreOffice's ``uno`` module (Debian: ``python3-uno``)."""
START_SECONDS = 120.0
CONVERT_SECONDS = 60.0
RESOLUTION = 80
"""Pixels per inch of the page pictures: an A4 page 661 by 935 pixels."""


class Converter:
    """Converts a document to PDF, through one LibreOffice kept running if it can.

    Thread-safe: conversions take turns. ``close`` stops LibreOffice.
    """

    def __init__(self, work: Path) -> None:
        self._work = work
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._warm = _has_uno()
        self._closed = False

    @property
    def warm(self) -> bool:
        """Whether LibreOffice is kept running between conversions."""
        return self._warm

    def pdf(self, name: str, data: bytes) -> bytes:
        """The PDF of the document ``data`` (its type by ``name``'s suffix)."""
        if not self._warm:
            result = libreoffice.convert([(name, data)], libreoffice.pdf_filter())[0]
            if isinstance(result, LibreOfficeError):
                raise result
            return result
        with self._lock:
            folder = self._work / secrets.token_hex(8)
            folder.mkdir(parents=True)
            try:
                source = folder / f"dokument{Path(name).suffix}"
                target = folder / "dokument.pdf"
                source.write_bytes(data)
                self._ask(source, target)
                if not target.is_file() or target.stat().st_size == 0:
                    raise LibreOfficeError(f"LibreOffice hat {name} nicht umgewandelt")
                data = target.read_bytes()
                if problem := pdf_problem(data):
                    raise LibreOfficeError(f"LibreOffice hat {name} nicht umgewandelt: {problem}")
                return data
            finally:
                shutil.rmtree(folder, ignore_errors=True)

    def _ask(self, source: Path, target: Path) -> None:
        process = self._started()
        assert process.stdin is not None
        try:
            process.stdin.write((json.dumps({"in": str(source), "out": str(target)})
                                 + "\n").encode())
            process.stdin.flush()
            answer = _answer(process, CONVERT_SECONDS)
        except (OSError, LibreOfficeError):
            self._stop()
            raise LibreOfficeError(
                "LibreOffice hat die Vorschau nicht umgewandelt; beim nächsten Versuch "
                "wird es neu gestartet") from None
        if "error" in answer:
            raise LibreOfficeError(f"LibreOffice: {answer['error']}")

    def _started(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        if self._closed:
            raise LibreOfficeError("vorlagen serve wird beendet")
        soffice = libreoffice.program()
        profile = self._work / "profil"
        pipe = f"vorlagen-{os.getpid()}-{secrets.token_hex(4)}"
        process = self._process = subprocess.Popen(
            [SYSTEM_PYTHON, str(HELPER), soffice, profile.as_uri(), pipe],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            start_new_session=True)
        if self._closed:  # closed while this started: stop it and what it made
            self.close()
            raise LibreOfficeError("vorlagen serve wird beendet")
        try:
            _answer(process, START_SECONDS)
        except LibreOfficeError:
            if not self._closed:
                self._stop()
                self._warm = False  # go on the slow way rather than not at all
            raise
        return process

    def start(self) -> None:
        """Start LibreOffice now, so that the first preview does not wait for it."""
        if self._warm:
            with self._lock, contextlib.suppress(LibreOfficeError):
                self._started()

    def close(self) -> None:
        """Stop LibreOffice and remove its profile; a start still under way stops too."""
        self._closed = True
        self._stop()
        shutil.rmtree(self._work, ignore_errors=True)
        with contextlib.suppress(OSError):  # the server's folder, if LibreOffice made it again
            self._work.parent.rmdir()

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(OSError):
            if process.stdin is not None:
                process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _answer(process: subprocess.Popen[bytes], seconds: float) -> dict[str, object]:
    """The helper's next answer, within ``seconds``."""
    assert process.stdout is not None
    deadline = time.monotonic() + seconds
    while True:
        ready, _, _ = select.select([process.stdout], [], [], max(0.0, deadline
                                                                   - time.monotonic()))
        if not ready:
            raise LibreOfficeError(f"LibreOffice hat nach {seconds:g} Sekunden nicht "
                                   "geantwortet")
        line = process.stdout.readline()
        if not line:
            raise LibreOfficeError("LibreOffice wurde unerwartet beendet")
        with contextlib.suppress(ValueError):
            answer = json.loads(line)
            if isinstance(answer, dict):
                return answer


def _has_uno() -> bool:
    """Whether the system's Python has LibreOffice's ``uno`` module."""
    if not Path(SYSTEM_PYTHON).is_file():
        return False
    try:
        return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True,
                              timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def pages(pdf: bytes, folder: Path) -> list[Path]:
    """The pages of ``pdf`` as PNG files in ``folder`` (made for it), in order."""
    program = shutil.which("pdftoppm")
    if program is None:
        raise LibreOfficeError("Die Vorschau braucht pdftoppm; unter Debian/Ubuntu: "
                               "sudo apt-get install -y poppler-utils")
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "vorschau.pdf"
    source.write_bytes(pdf)
    try:
        subprocess.run([program, "-png", "-r", str(RESOLUTION), str(source),
                        str(folder / "seite")], check=True, capture_output=True, timeout=60)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        raise LibreOfficeError(f"pdftoppm: {error}") from None
    finally:
        source.unlink(missing_ok=True)
    return sorted(folder.glob("seite-*.png"), key=lambda path: int(path.stem.split("-")[-1]))

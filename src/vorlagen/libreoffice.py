"""LibreOffice headless, the converter to PDF.

A LibreOffice start costs seconds, a conversion a fraction of one: so every file of a run
is converted by one ``soffice --convert-to`` call (or, for many files, by a few in
parallel), never one start per file. Each call gets a profile folder of its own (two
LibreOffice processes sharing one block each other), a timeout after which its whole
process group is stopped, and a check that every output exists and, for a PDF, is one
(its header and its structure, read by qpdf); several renders at once are therefore safe.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from vorlagen.errors import VorlagenError, os_reason
from vorlagen.pdffile import pdf_problem

INSTALL_HINT = ("LibreOffice installieren, unter Debian/Ubuntu: sudo apt-get install -y "
                "libreoffice-writer-nogui (oder 'make test' im Projektordner)")
PROGRAM_VARIABLE = "VORLAGEN_SOFFICE"
"""The environment variable that names the soffice program, if it is not on the PATH."""
TIMEOUT_VARIABLE = "VORLAGEN_SOFFICE_TIMEOUT"
START_SECONDS = 120.0
"""What one LibreOffice call may take to start, before its files' time is added."""
SECONDS_PER_FILE = 30.0
FILES_PER_PROCESS = 8
"""More files than this in a run are shared among several processes."""
MAX_PROCESSES = 4


class LibreOfficeError(VorlagenError):
    """LibreOffice is missing, failed, or took too long."""

    exit_code = 2


def program() -> str:
    """The soffice program to run; a LibreOfficeError with the install hint if none."""
    named = os.environ.get(PROGRAM_VARIABLE)
    found = shutil.which(named) if named else (shutil.which("soffice")
                                               or shutil.which("libreoffice"))
    if found is None:
        missing = f"{named!r} ({PROGRAM_VARIABLE})" if named else "soffice"
        raise LibreOfficeError(f"PDF braucht LibreOffice, aber {missing} ist nicht zu finden. "
                               f"{INSTALL_HINT}.")
    return found


def pdf_filter(pdfa: bool = False) -> str:
    """The PDF export filter with its options (LibreOffice 7.4 and later read them as
    JSON): a tagged PDF with PDF/UA's checks (structure tree, language, title shown),
    bookmarks from the headings, and with ``pdfa`` PDF/A-2b."""
    options: dict[str, dict[str, str]] = {
        "UseTaggedPDF": {"type": "boolean", "value": "true"},
        "PDFUACompliance": {"type": "boolean", "value": "true"},
        "ExportBookmarks": {"type": "boolean", "value": "true"},
    }
    if pdfa:
        options["SelectPdfVersion"] = {"type": "long", "value": "2"}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def convert(files: Sequence[tuple[str, bytes]], filter: str, suffix: str = ".pdf",
            *, processes: int | None = None) -> list[bytes | LibreOfficeError]:
    """Each of ``files`` (name, bytes) converted with the LibreOffice ``filter``, in
    order: the converted bytes, or a LibreOfficeError for one that failed.

    All files go through as few LibreOffice starts as there are processes: one, or for
    more than ``FILES_PER_PROCESS`` files up to ``processes`` (by default as many as the
    machine has cores, at most ``MAX_PROCESSES``) at once.
    """
    if not files:
        return []
    soffice = program()
    count = processes or min(os.cpu_count() or 1, MAX_PROCESSES)
    count = max(1, min(count, -(-len(files) // FILES_PER_PROCESS)))
    chunks = [list(range(start, len(files), count)) for start in range(count)]
    results: list[bytes | LibreOfficeError] = [LibreOfficeError("nicht umgewandelt")] * len(
        files)
    with tempfile.TemporaryDirectory(prefix="vorlagen-soffice-") as work:
        folder = Path(work)

        calls = _Calls()

        def run(number: int, indices: list[int]) -> None:
            for index, result in zip(indices, _run(soffice, folder / str(number),
                                                   [files[i] for i in indices], filter,
                                                   suffix, calls), strict=True):
                results[index] = result

        with ThreadPoolExecutor(max_workers=len(chunks)) as pool:
            try:
                for future in [pool.submit(run, n, chunk) for n, chunk in enumerate(chunks)]:
                    future.result()
            except BaseException:  # Ctrl+C, SIGTERM: every call ends now, not at its timeout
                calls.stop()
                raise
    return results


class _Calls:
    """The LibreOffice processes of one ``convert``. They run on threads; a stop (Ctrl+C,
    SIGTERM) reaches the main thread only, which ends them all through this."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._processes: list[subprocess.Popen[bytes]] = []
        self._stopped = False

    def start(self, command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        """Start one call in a process group of its own; none once stopped."""
        with self._lock:
            if self._stopped:
                raise LibreOfficeError("abgebrochen")
            process = subprocess.Popen(command, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       start_new_session=True, env=env)
            self._processes.append(process)
            return process

    def stop(self) -> None:
        """End every call started, with every process it started."""
        with self._lock:
            self._stopped = True
            for process in self._processes:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGKILL)


def _timeout(files: int) -> float:
    configured = os.environ.get(TIMEOUT_VARIABLE)
    if configured:
        try:
            return float(configured)
        except ValueError:
            raise LibreOfficeError(f"{TIMEOUT_VARIABLE}={configured!r} ist keine Zahl von "
                                   "Sekunden") from None
    return START_SECONDS + SECONDS_PER_FILE * files


def _run(soffice: str, folder: Path, files: list[tuple[str, bytes]], filter: str,
         suffix: str, calls: _Calls) -> list[bytes | LibreOfficeError]:
    """One LibreOffice process for ``files``, with its own profile and folders."""
    sources, outputs, profile = folder / "ein", folder / "aus", folder / "profil"
    scratch = folder / "tmp"  # LibreOffice's own lu*.tmp, gone with the folder when stopped
    for made in (sources, outputs, profile, scratch):
        made.mkdir(parents=True)
    paths = []
    for index, (name, data) in enumerate(files):
        path = sources / f"{index:05d}{Path(name).suffix}"
        path.write_bytes(data)
        paths.append(path)
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
               "--convert-to", filter, "--outdir", str(outputs), *map(str, paths)]
    limit = _timeout(len(files))
    try:
        process = calls.start(command, {**os.environ, "TMPDIR": str(scratch)})
    except OSError as error:
        raise LibreOfficeError(f"LibreOffice ({soffice}) startet nicht: {os_reason(error)}. "
                               f"{INSTALL_HINT}.") from None
    try:
        said, _ = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        _stop(process)
        failure = LibreOfficeError(
            f"LibreOffice hat nach {limit:g} Sekunden nicht fertig umgewandelt und wurde "
            f"beendet ({', '.join(name for name, _ in files)}); mehr Zeit gibt "
            f"{TIMEOUT_VARIABLE}=SEKUNDEN")
        return [failure] * len(files)
    except BaseException:  # Ctrl+C, SIGTERM: no LibreOffice left behind
        _stop(process)
        raise
    results: list[bytes | LibreOfficeError] = []
    for (name, _), path in zip(files, paths, strict=True):
        output = outputs / (path.stem + suffix)
        if output.is_file() and output.stat().st_size > 0:
            data = output.read_bytes()
            problem = pdf_problem(data) if suffix == ".pdf" else None
            results.append(data if problem is None else LibreOfficeError(
                f"LibreOffice hat {name} nicht umgewandelt: {problem} (Rückgabewert "
                f"{process.returncode})"))
        else:
            detail = said.decode("utf-8", "replace").strip().splitlines()[-3:]
            results.append(LibreOfficeError(
                f"LibreOffice hat {name} nicht umgewandelt (Rückgabewert "
                f"{process.returncode}{': ' + ' / '.join(detail) if detail else ''})"))
    return results


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a LibreOffice call and every process it started."""
    with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()

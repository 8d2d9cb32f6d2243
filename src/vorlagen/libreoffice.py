"""LibreOffice headless, the converter to PDF.

A LibreOffice start costs seconds, a conversion a fraction of one. So ``vorlagen serve``
keeps one LibreOffice running from its start to its end (``WarmConverter``: unoserver,
its server run by a Python that has LibreOffice's ``uno`` module), and its previews and
downloads are conversions only. Elsewhere, and where no such Python is found, every file
of a run is converted by one ``soffice --convert-to`` call (or, for many files, by a few
in parallel), never one start per file. Either way each LibreOffice gets a profile folder
of its own (two LibreOffice processes sharing one block each other), a timeout after
which it is stopped with every process it started, and a check that every output exists
and, for a PDF, is one (its header and its structure, read by qpdf); several renders at
once are therefore safe.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import importlib.util
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

from vorlagen.errors import VorlagenError, os_reason
from vorlagen.pdffile import pdf_problem

INSTALL_HINT = ("LibreOffice installieren, unter Debian/Ubuntu: sudo apt-get install -y "
                "libreoffice-writer-nogui (oder 'make test' im Projektordner)")
PROGRAM_VARIABLE = "VORLAGEN_SOFFICE"
"""The environment variable that names the soffice program, if it is not on the PATH."""
TIMEOUT_VARIABLE = "VORLAGEN_SOFFICE_TIMEOUT"
PYTHON_VARIABLE = "VORLAGEN_UNO_PYTHON"
"""The environment variable that names the Python with LibreOffice's ``uno`` module which
runs unoserver; unset, one is looked for (``uno_python``)."""
START_SECONDS = 120.0
"""What one LibreOffice call may take to start, before its files' time is added."""
SECONDS_PER_FILE = 30.0
FILES_PER_PROCESS = 8
"""More files than this in a run are shared among several processes."""
MAX_PROCESSES = 4
SESSIONS = hasattr(os, "killpg")
"""Whether the platform has process groups (POSIX): each LibreOffice starts a session of
its own, so that a stop reaches every process it started."""
NEW_GROUP = 0 if SESSIONS else getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
"""Windows: a process group of its own, so that Ctrl+C in the console is vorlagen's."""
CALL_VARIABLE = "VORLAGEN_LIBREOFFICE_CALL"
"""Set, with a mark of its own, in the environment of each LibreOffice started: every
process it starts inherits it, also one that left its process group for a session of its
own (``setsid``), and a stop ends each process that carries the mark (where ``/proc``
shows the processes' environments)."""
SAID_CHARACTERS = 300
"""The most of what LibreOffice said that a message quotes: the end of it."""
_SAID_BYTES = 4 * SAID_CHARACTERS
"""What is kept of LibreOffice's output while it runs: its end alone, however much it
writes."""
_marks: dict[int, str] = {}
"""The mark (``CALL_VARIABLE``) of each process started, by its process id."""
_marks_lock = threading.Lock()


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
    options = {name: {"type": kind, "value": value}
               for name, (kind, value) in _pdf_options(pdfa).items()}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def _pdf_options(pdfa: bool) -> dict[str, tuple[str, str]]:
    """The PDF export's options, each with its type: the same for both ways of converting."""
    options = {"UseTaggedPDF": ("boolean", "true"), "PDFUACompliance": ("boolean", "true"),
               "ExportBookmarks": ("boolean", "true")}
    if pdfa:
        options["SelectPdfVersion"] = ("long", "2")
    return options


def convert_pdf(files: Sequence[tuple[str, bytes]], pdfa: bool = False
                ) -> list[bytes | LibreOfficeError]:
    """Each of ``files`` (name, bytes) as PDF, in order, or a LibreOfficeError for one
    that failed: through the LibreOffice this process keeps running (``keep_running``,
    as ``vorlagen serve`` does), else through one ``soffice --convert-to`` start for all
    of them. A run of the command line takes the latter: unoserver's start alone waits
    seven seconds, more than one ``soffice --convert-to`` start of a run's files takes
    (docs/benchmarks.md)."""
    if not files:
        return []
    kept = _kept
    if kept is not None and kept.usable:
        results = [kept.convert_each(name, data, pdfa) for name, data in files]
        if kept.usable:
            return results
        # it did not start (while these waited for it): the slow way
    return convert(files, pdf_filter(pdfa))


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
            process = _marked_popen(command, env, stdout=subprocess.PIPE)
            self._processes.append(process)
            return process

    def stop(self) -> None:
        """End every call started, with every process it started."""
        with self._lock:
            self._stopped = True
            for process in self._processes:
                _kill_tree(process)


MAX_TIMEOUT = 86400.0
"""The most seconds ``VORLAGEN_SOFFICE_TIMEOUT`` may give (a day)."""


def _timeout(files: int) -> float:
    """The seconds one LibreOffice call may take: ``VORLAGEN_SOFFICE_TIMEOUT`` if set (a
    number of seconds above 0, at most a day; anything else is an input error), else
    ``START_SECONDS`` plus ``SECONDS_PER_FILE`` for each file."""
    configured = os.environ.get(TIMEOUT_VARIABLE)
    if configured:
        try:
            seconds = float(configured)
        except ValueError:
            seconds = math.nan
        if not 0 < seconds <= MAX_TIMEOUT:  # also nan, inf, -1
            raise LibreOfficeError(
                f"Die Umgebungsvariable {TIMEOUT_VARIABLE}={configured.strip()[:40]!r} "
                f"ist keine erlaubte Zeit: erlaubt ist eine Zahl von Sekunden größer als 0 "
                f"und höchstens {MAX_TIMEOUT:g} (ein Tag), etwa {TIMEOUT_VARIABLE}=300; "
                "ohne die Variable gilt eine Zeit nach der Zahl der Dateien")
        return seconds
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
    tail = _Tail(process)
    try:
        process.wait(timeout=limit)
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
    _end_marked(process.pid)  # what it started and left running: its output ends too
    said = tail.said()
    results: list[bytes | LibreOfficeError] = []
    for (name, _), path in zip(files, paths, strict=True):
        output = outputs / (path.stem + suffix)
        if output.is_file() and output.stat().st_size > 0:
            results.append(_checked(name, output, suffix, f" (Rückgabewert "
                                                          f"{process.returncode})"))
        else:
            detail = said.strip().splitlines()[-3:]
            results.append(LibreOfficeError(
                f"LibreOffice hat {name} nicht umgewandelt (Rückgabewert "
                f"{process.returncode}{': ' + ' / '.join(detail) if detail else ''})"))
    return results


def _checked(name: str, output: Path, suffix: str, detail: str = ""
             ) -> bytes | LibreOfficeError:
    """The converted file, or why it is none (for a PDF: not a PDF)."""
    data = output.read_bytes()
    problem = pdf_problem(data) if suffix == ".pdf" else None
    return data if problem is None else LibreOfficeError(
        f"LibreOffice hat {name} nicht umgewandelt: {problem}{detail}")


def _marked_popen(command: list[str], env: dict[str, str], stdout: int | IO[bytes]
                  ) -> subprocess.Popen[bytes]:
    """Start ``command`` in a session (a process group) of its own, its environment
    marked (``CALL_VARIABLE``) so that a stop finds every process it started."""
    mark = os.urandom(12).hex()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=stdout,
                               stderr=subprocess.STDOUT, env={**env, CALL_VARIABLE: mark},
                               start_new_session=SESSIONS, creationflags=NEW_GROUP)
    with _marks_lock:
        _marks[process.pid] = mark
    return process


class _Tail:
    """The end of what a process writes to its output, read on a thread while it runs:
    at most ``_SAID_BYTES`` are kept, however much it writes."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._kept = b""
        self._stream = process.stdout
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        if self._stream is None:
            return
        with contextlib.suppress(OSError, ValueError):
            while chunk := os.read(self._stream.fileno(), 65536):
                self._kept = (self._kept + chunk)[-_SAID_BYTES:]

    def said(self) -> str:
        """The last ``SAID_CHARACTERS`` characters written (once the output is closed; a
        process that keeps it open longer is not waited for beyond a few seconds)."""
        self._thread.join(10)
        text = self._kept.decode("utf-8", "replace")
        return text[-SAID_CHARACTERS:]


def _processes() -> dict[int, int]:
    """Each live process this user may see in ``/proc``, with its parent; empty where the
    platform has no ``/proc``."""
    found = {}
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    fields = stat.read().rsplit(b")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if fields and fields[0] != b"Z":
                found[int(entry.name)] = int(fields[1])
    return found


def _carries(pid: int, mark: bytes) -> bool:
    try:
        with open(f"/proc/{pid}/environ", "rb") as environ:
            return mark in environ.read(1 << 20).split(b"\0")
    except OSError:  # gone, or another user's
        return False


def _end_marked(pid: int, first: set[int] | None = None) -> None:
    """End each process that carries the mark of the process ``pid`` started, and each
    of ``first`` (its descendants, found while it still ran), until none is left."""
    with _marks_lock:
        mark = _marks.pop(pid, None)
    if mark is None:
        return
    needle = f"{CALL_VARIABLE}={mark}".encode()
    left = set(first or ())
    for _ in range(100):  # a process may start another while it is stopped: again
        left |= {found for found in _processes() if _carries(found, needle)}
        left.discard(os.getpid())
        if not left:
            return
        for found in left:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(found, signal.SIGKILL)
        left = set()


def _descendants(pid: int) -> set[int]:
    """The processes ``pid`` started, and theirs (where ``/proc`` shows them)."""
    parents = _processes()
    found: set[int] = set()
    new = {pid}
    while new:
        new = {child for child, parent in parents.items()
               if parent in new and child not in found}
        found |= new
    return found


def _kill_tree(process: subprocess.Popen[bytes]) -> None:
    """End ``process`` and every process it started: its process group where the
    platform has them, else (Windows) through ``taskkill /T``, else the process alone;
    and every process that carries its mark (``CALL_VARIABLE``) or descends from it, also
    one in a session of its own."""
    if hasattr(os, "killpg"):
        started = _descendants(process.pid)
        with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
            os.killpg(process.pid, signal.SIGKILL)
        _end_marked(process.pid, started)
        return
    taskkill = shutil.which("taskkill")
    if taskkill is not None:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run([taskkill, "/F", "/T", "/PID", str(process.pid)],
                           capture_output=True, timeout=30, check=False)
    with contextlib.suppress(OSError):
        process.kill()
    _end_marked(process.pid)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a LibreOffice call and every process it started."""
    _kill_tree(process)
    process.wait()


def uno_python(soffice: str | None = None) -> str | None:
    """The Python that has LibreOffice's ``uno`` module, to run unoserver with, or None.

    ``VORLAGEN_UNO_PYTHON`` names it; else the first of: this Python, the Python next to
    ``soffice`` (LibreOffice's own ``program/python``, on macOS ``Resources/python``;
    Debian's ``/usr/bin/python3`` beside ``/usr/bin/soffice``), ``python3`` on the PATH.
    """
    named = os.environ.get(PYTHON_VARIABLE)
    if named:
        found = shutil.which(named)
        return found if found is not None and _has_uno(found) else None
    candidates = [sys.executable] if importlib.util.find_spec("uno") is not None else []
    if soffice is not None:
        names = ("python.exe",) if os.name == "nt" else ("python", "python3")
        for folder in (Path(soffice).parent, Path(os.path.realpath(soffice)).parent):
            for place in (folder, folder.parent / "Resources"):
                candidates += [str(place / name) for name in names
                               if (place / name).is_file()]
    candidates += [found for found in [shutil.which("python3")] if found is not None]
    return next((python for python in dict.fromkeys(candidates) if _has_uno(python)), None)


@functools.lru_cache(maxsize=32)
def _has_uno(python: str) -> bool:
    try:
        return subprocess.run([python, "-c", "import uno"], capture_output=True,
                              stdin=subprocess.DEVNULL, timeout=60).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


_kept: WarmConverter | None = None
"""The LibreOffice this process keeps running (``vorlagen serve``), which every PDF of
the process goes through."""


def keep_running(work: Path | None = None) -> WarmConverter | None:
    """The LibreOffice that every PDF of this process goes through until
    ``stop_running``, not started yet (``WarmConverter.start``); None (and
    ``soffice --convert-to`` for each) if there is no LibreOffice or no Python with
    ``uno``. Registered before it is ready: a conversion asked for meanwhile waits for it
    rather than starting another."""
    global _kept
    try:
        soffice = program()
    except LibreOfficeError:
        return None
    python = uno_python(soffice)
    if python is None:
        return None
    converter = _kept = WarmConverter(python, soffice, work)
    return converter


def stop_running(converter: WarmConverter | None) -> None:
    """Stop what ``keep_running`` started."""
    global _kept
    if converter is None:
        return
    if _kept is converter:
        _kept = None
    converter.close()


class WarmConverter:
    """One LibreOffice kept running by unoserver, converting file after file to PDF.

    unoserver's server runs under ``python`` (which has ``uno``) from a copy of the
    installed unoserver package alone, its client (XML-RPC) in this process. Thread-safe:
    conversions take turns. A conversion that takes longer than the timeout stops
    LibreOffice; the next one starts it again. ``close`` stops it with its children.
    """

    def __init__(self, python: str, soffice: str, work: Path | None = None) -> None:
        self._python, self._soffice = python, soffice
        if work is not None:
            work.mkdir(parents=True, exist_ok=True)
        self._work = Path(tempfile.mkdtemp(prefix="vorlagen-unoserver-", dir=work))
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._port = 0
        self._count = 0
        self._closed = False
        self.usable = True
        """False once it failed to start: conversions take ``soffice --convert-to``."""

    def start(self) -> None:
        """Start LibreOffice now and wait until it is ready, so that the first
        conversion does not wait for it."""
        with self._lock:
            self._started()

    def _started(self) -> int:
        """The port of the running unoserver, started first if need be."""
        if self._process is not None and self._process.poll() is None:
            return self._port
        if self._closed or not self.usable:
            raise LibreOfficeError("LibreOffice wird gerade beendet" if self._closed else
                                   "LibreOffice ist über unoserver nicht gestartet")
        site, scratch = self._work / "unoserver", self._work / "tmp"
        if not site.exists():
            try:
                _copy_unoserver(site)
            except OSError as error:  # its folder removed by a close meanwhile, or full
                if self._closed:
                    raise LibreOfficeError("LibreOffice wird gerade beendet") from None
                self.usable = False
                raise LibreOfficeError(f"unoserver lässt sich nicht bereitlegen: "
                                       f"{os_reason(error)}") from None
        scratch.mkdir(exist_ok=True)
        self._port, uno_port = _free_port(), _free_port()
        command = [self._python, "-m", "unoserver.server", "--interface", "127.0.0.1",
                   "--port", str(self._port), "--uno-interface", "127.0.0.1",
                   "--uno-port", str(uno_port), "--executable", self._soffice,
                   "--user-installation", str(self._work / "profil"), "--quiet"]
        env = {**os.environ, "PYTHONPATH": str(site), "TMPDIR": str(scratch)}
        with open(self._work / "unoserver.log", "ab") as log:
            try:
                process = self._process = _marked_popen(command, env, stdout=log)
            except OSError as error:
                self.usable = False
                raise LibreOfficeError(f"LibreOffice ({self._python} -m unoserver.server) "
                                       f"startet nicht: {os_reason(error)}") from None
        limit = max(START_SECONDS, _timeout(0))  # unoserver alone waits 7 s
        deadline = time.monotonic() + limit
        try:
            while not self._closed and process.poll() is None:
                with contextlib.suppress(OSError, xmlrpc.client.Error):
                    xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self._port}").info()
                    return self._port
                if time.monotonic() > deadline:
                    break
                time.sleep(0.1)
        except BaseException:  # Ctrl+C, SIGTERM while it starts: none left behind
            self._stop()
            raise
        self._stop()
        self.usable = False
        raise LibreOfficeError(f"LibreOffice ist nach {limit:g} Sekunden nicht bereit "
                               f"({self._soffice}, über unoserver)")

    def convert_each(self, name: str, data: bytes, pdfa: bool = False
                     ) -> bytes | LibreOfficeError:
        """``convert``, its failure returned rather than raised."""
        try:
            return self.convert(name, data, pdfa)
        except LibreOfficeError as error:
            return error

    def convert(self, name: str, data: bytes, pdfa: bool = False) -> bytes:
        """The PDF of the document ``data`` (its type by ``name``'s suffix)."""
        with self._lock:
            port = self._started()
            self._count += 1
            folder = self._work / f"{self._count:05d}"
            folder.mkdir()
            source, target = folder / f"ein{Path(name).suffix}", folder / "aus.pdf"
            source.write_bytes(data)
            try:
                self._ask(port, name, source, target, pdfa)
                if not target.is_file() or target.stat().st_size == 0:
                    raise LibreOfficeError(f"LibreOffice hat {name} nicht umgewandelt")
                result = _checked(name, target, ".pdf")
                if isinstance(result, LibreOfficeError):
                    raise result
                return result
            finally:
                shutil.rmtree(folder, ignore_errors=True)

    def _ask(self, port: int, name: str, source: Path, target: Path, pdfa: bool) -> None:
        """Have unoserver convert ``source`` into ``target``, within the timeout. The
        call waits on a thread of its own, so that a stop reaches this one at once."""
        from unoserver.client import UnoClient  # its import costs: only when converting

        client = UnoClient(server="127.0.0.1", port=str(port), host_location="local")
        failed: list[Exception] = []
        done = threading.Event()

        def call() -> None:
            try:
                client.convert(inpath=str(source), outpath=str(target), convert_to="pdf",
                               filtername="writer_pdf_Export",
                               filter_options=[f"{option}={value}" for option, (_, value)
                                               in _pdf_options(pdfa).items()],
                               update_index=False)
            except Exception as error:  # said by the waiting thread
                failed.append(error)
            finally:
                done.set()

        threading.Thread(target=call, daemon=True).start()
        limit = _timeout(1)
        try:
            finished = done.wait(limit)
        except BaseException:  # Ctrl+C, SIGTERM: no LibreOffice left behind
            self._stop()
            raise
        if not finished:
            self._stop()
            raise LibreOfficeError(
                f"LibreOffice hat nach {limit:g} Sekunden nicht fertig umgewandelt und wurde "
                f"beendet ({name}); mehr Zeit gibt {TIMEOUT_VARIABLE}=SEKUNDEN")
        if failed:
            error = failed[0]
            if isinstance(error, xmlrpc.client.Fault):
                said = error.faultString.strip().splitlines()[-1:]
                raise LibreOfficeError(f"LibreOffice hat {name} nicht umgewandelt"
                                       f"{': ' + said[0] if said else ''}")
            self._stop()
            raise LibreOfficeError(f"LibreOffice wurde beim Umwandeln von {name} unerwartet "
                                   "beendet; beim nächsten Versuch wird es neu gestartet")

    def close(self) -> None:
        """Stop LibreOffice and remove its files; a start still under way stops too."""
        self._closed = True
        self._stop()
        shutil.rmtree(self._work, ignore_errors=True)

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            _stop(process)


def _copy_unoserver(folder: Path) -> None:
    """The installed unoserver (its package and its metadata, which its server reads)
    copied into ``folder`` alone: put on the ``uno`` Python's path, it brings nothing else
    of this environment, whose packages may not suit that Python."""
    distribution = importlib.metadata.distribution("unoserver")
    for file in distribution.files or []:
        top = file.parts[0]
        if (top == "unoserver" or top.startswith("unoserver-")) and file.suffix != ".pyc":
            target = folder.joinpath(*file.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(str(distribution.locate_file(file))), target)


def _free_port() -> int:
    """A TCP port on 127.0.0.1 free now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port

"""Writing files atomically: a reader sees the old file or the new one, never a part."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vorlagen.errors import InputError, OutputError, Problem, os_reason

NEW_FILE_MODE = 0o644


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder (one
    rename puts it in place: no journal needed)."""
    temporary = _stage(path, data)
    try:
        os.replace(temporary, path)
    except OSError as error:
        raise OutputError(path, error) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def write_new_files(folder: Path, files: Sequence[tuple[Path, bytes]]) -> list[Path]:
    """Write ``files`` into ``folder`` (made if missing), all or none, and only where no
    file stands yet: a copy to start from never replaces what someone already edited."""
    from vorlagen.errors import InputError, Problem

    existing = [str(path) for path, _ in files if path.exists()]
    if existing:
        raise InputError(str(folder), [Problem("", (
            f"{', '.join(existing)} gibt es schon; nichts überschrieben (einen anderen "
            "Ordner wählen)"))])
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(folder, error) from None
    write_all_atomic(files)
    return [path for path, _ in files]


def write_all_atomic(files: Sequence[tuple[Path, bytes]], *,
                     remove: Sequence[Path] = (),
                     placed: Callable[[], None] | None = None) -> None:
    """Write several files of one folder as one set: afterwards the folder holds all of
    the new files or, on an error, every target as it was; ``remove`` names files of the
    folder that leave with the old set (an Anlage no longer there).

    Each file is first written in full to a set folder beside its target
    (``.vorlagen-satz-*``); only when all are on disk, and a journal saying so, are they
    moved into place (renames, which do not fail for want of space), the files they
    replace into the set folder. If one cannot be put in place (a folder of that name, a
    file that may not be replaced), the files put in place before it are taken back. A
    replaced file keeps its permissions. SIGINT and SIGTERM wait until the renames are
    done; a run killed during them (SIGKILL, a power cut) leaves the journal, from which
    ``recover`` completes the set. Interrupted before, the set folder is removed.
    ``placed`` is called once the set is in place, before a held signal is delivered:
    what a caller counts as written is then what the folder holds.
    """
    if not files and not remove:
        if placed is not None:
            placed()
        return
    folder = (files[0][0] if files else remove[0]).parent
    if any(path.parent != folder for path, _ in files) or any(
            path.parent != folder for path in remove):
        raise ValueError("write_all_atomic: alle Dateien eines Satzes in einem Ordner")
    files = list({path.name: (path, data) for path, data in files}.values())  # last wins
    names = [path.name for path, _ in files]
    gone = [path.name for path in remove if path.name not in names]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=SET_PREFIX, dir=folder))
    except OSError as error:
        raise OutputError(folder, error) from None
    try:
        with _locked(work):
            (work / NEW).mkdir()
            (work / OLD).mkdir()
            for path, data in files:
                _stage_into(work / NEW / path.name, path, data)
            _write_journal(work, names, gone)
            with _uninterrupted():
                try:
                    _forward(folder, work, names, gone)
                except OSError as error:
                    (work / BACK).touch()
                    _backward(folder, work, names, gone)
                    failed = getattr(error, "filename", None)  # the target's name
                    raise OutputError(folder / Path(failed).name if failed else folder,
                                      error) from None
                _sync_folder(folder)
                if placed is not None:
                    placed()
                shutil.rmtree(work, ignore_errors=True)  # done: gone before a held stop
    except OSError as error:
        raise OutputError(folder, error) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


SET_PREFIX = ".vorlagen-satz-"
"""The name of the folder a set of files is written to before it is put in place."""
NEW, OLD, JOURNAL, BACK, LOCK = "neu", "alt", "journal.json", "zurueck", "sperre"


def _stage_into(temporary: Path, path: Path, data: bytes) -> None:
    """Write ``data`` to ``temporary``, on disk, with the permissions of ``path``."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = NEW_FILE_MODE
    try:
        with open(temporary, "xb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
    except OSError as error:
        raise OutputError(path, error) from None


def _write_journal(work: Path, names: list[str], gone: list[str]) -> None:
    """The journal: which files the set puts in place and which it removes. Written
    whole (temporary file, rename) and on disk before the first rename: a set folder
    with a journal holds every new file."""
    text = json.dumps({"version": 1, "dateien": names, "entfernt": gone},
                      ensure_ascii=False, indent=1)
    temporary = work / (JOURNAL + ".tmp")
    with open(temporary, "w", encoding="utf-8") as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, work / JOURNAL)
    _sync_folder(work)


def _forward(folder: Path, work: Path, names: list[str], gone: list[str]) -> None:
    """Put each new file in place, the file it replaces into the set folder; a file to
    remove too. Done again after a kill, it takes up where it stopped."""
    for name in [*names, *gone]:
        target, new, old = folder / name, work / NEW / name, work / OLD / name
        fresh = name in names
        if fresh and not new.exists():
            continue  # already in place
        if os.path.lexists(target) and not os.path.isdir(target) and not old.exists():
            os.replace(target, old)
        if fresh:
            os.replace(new, target)


def _backward(folder: Path, work: Path, names: list[str], gone: list[str]) -> None:
    """Undo ``_forward``, as far as it came: each new file back into the set folder,
    each old one back in place."""
    for name in reversed([*names, *gone]):
        target, new, old = folder / name, work / NEW / name, work / OLD / name
        with contextlib.suppress(OSError):
            if name in names and not new.exists() and os.path.lexists(target) \
                    and not os.path.isdir(target):
                os.replace(target, new)
            if old.exists():
                os.replace(old, target)


def _sync_folder(folder: Path) -> None:
    """The renames in ``folder`` on disk (where a file system can say so)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


@contextlib.contextmanager
def _locked(work: Path) -> Iterator[None]:
    """Hold the set folder's lock while it is written: ``recover``, run by another
    process writing into the same folder, leaves it alone."""
    handle = os.open(work / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        with contextlib.suppress(OSError):  # a file system without locks: none
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """SIGINT and SIGTERM held back while a set is put in place (a moment), then
    delivered: stopped by either, a folder holds the old set or the new one. Only the
    main thread can set signal handlers; elsewhere the journal stands alone."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous: dict[signal.Signals, Any] = {}
    for number in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(number)
        if handler is not None and handler is not signal.SIG_IGN:
            previous[number] = signal.signal(number, lambda got, _: held.append(got))
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for got in held[:1]:
            signal.raise_signal(got)


@dataclass(frozen=True)
class Unfinished:
    """A set of files a killed run left half put in place, and what was done with it:
    ``"vervollständigt"`` (the new set in place), ``"zurückgenommen"`` (the old one), or
    ``"verworfen"`` (killed before any file was replaced: only its temporary files)."""

    folder: Path
    names: tuple[str, ...]
    done: str

    def __str__(self) -> str:
        shown = ", ".join(self.names) or "-"
        if self.done == "verworfen":
            return (f"Hinweis: {self.folder}: unfertige Dateien eines abgebrochenen Laufs "
                    f"entfernt ({shown}); ersetzt war noch nichts")
        which = "die neuen Dateien" if self.done == "vervollständigt" else "wieder die alten"
        return (f"Hinweis: {self.folder}: ein abgebrochener Lauf hatte {shown} nicht "
                f"fertig ersetzt; jetzt {self.done}: dort stehen {which} vollständig")


def unfinished(folder: Path) -> list[Path]:
    """The set folders a killed run left in ``folder`` (none if it is no folder)."""
    try:
        return sorted(path for path in folder.iterdir()
                      if path.name.startswith(SET_PREFIX) and path.is_dir())
    except OSError:
        return []


def recover(folder: Path) -> list[Unfinished]:
    """Complete (or, where a file cannot be put in place, take back) each set of files a
    killed run left half written in ``folder``, and remove its temporary files; what was
    done, for the user. A set another process is writing right now is left alone."""
    _remove_left_over(folder)
    done: list[Unfinished] = []
    for work in unfinished(folder):
        try:
            handle = os.open(work / LOCK, os.O_RDWR)
        except FileNotFoundError:
            handle = None
        except OSError as error:
            raise OutputError(work, error) from None
        try:
            if handle is not None:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # being written
                except OSError:
                    pass
            done.append(_recovered(folder, work))
        finally:
            if handle is not None:
                os.close(handle)
    return done


_LEFT_OVER = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
"""The name of a temporary file ``write_atomic`` writes beside its target
(``.vorlage.docx.k3j_9x2a.tmp``, as ``_stage`` has ``tempfile.mkstemp`` make it)."""
_STARTED = time.time()
"""When this run started: a temporary file older than it is no other file's in the
making of this run."""


def _remove_left_over(folder: Path) -> None:
    """Remove the temporary files of ``write_atomic`` a killed run left in ``folder``:
    only regular files of exactly that name, older than this run, never a link or a
    folder; one that cannot be removed stays (it harms nothing)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not _LEFT_OVER.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            state = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(state.st_mode) and state.st_mtime < _STARTED:
                os.unlink(entry.path)


def _recovered(folder: Path, work: Path) -> Unfinished:
    try:
        journal = json.loads((work / JOURNAL).read_text(encoding="utf-8"))
        names = [str(name) for name in journal["dateien"]]
        gone = [str(name) for name in journal["entfernt"]]
    except FileNotFoundError:  # killed while staging: nothing was replaced yet
        staged = sorted(path.name for path in (work / NEW).glob("*")) \
            if (work / NEW).is_dir() else []
        shutil.rmtree(work, ignore_errors=True)
        return Unfinished(folder, tuple(staged), "verworfen")
    except (OSError, ValueError, KeyError, TypeError) as error:
        cause = os_reason(error) if isinstance(error, OSError) else (
            "beschädigt (kein JSON mit den Listen 'dateien' und 'entfernt')")
        raise InputError(str(work / JOURNAL), [Problem("", (
            f"das Journal eines abgebrochenen Laufs ist {cause}; die neuen Dateien in "
            f"{work / NEW} und die alten in {work / OLD} von Hand prüfen, an ihren Platz "
            f"legen und dann den Ordner {work} löschen"))]) from None
    state = "zurückgenommen"
    if not (work / BACK).exists():
        try:
            _forward(folder, work, names, gone)
            state = "vervollständigt"
        except OSError:
            (work / BACK).touch()
    if state == "zurückgenommen":
        _backward(folder, work, names, gone)
    _sync_folder(folder)
    shutil.rmtree(work, ignore_errors=True)
    return Unfinished(folder, tuple(names + gone), state)


def _stage(path: Path, data: bytes) -> str:
    """Write ``data`` to a new temporary file beside ``path``; its name."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = NEW_FILE_MODE
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        return temporary
    except BaseException as error:
        if temporary is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        if isinstance(error, OSError):
            raise OutputError(path, error) from None
        raise

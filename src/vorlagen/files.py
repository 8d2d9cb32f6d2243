"""Writing files atomically: a reader sees the old file or the new one, never a part."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from vorlagen.errors import OutputError

NEW_FILE_MODE = 0o644


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    write_all_atomic([(path, data)])


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


def write_all_atomic(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write several files so that a failed write leaves every target as it was.

    Each file is first written in full to a temporary file beside its target; only when
    all are on disk are they moved into place (a rename, which does not fail for want of
    space). Each file it replaces is kept aside until all are in place: if one cannot be
    put in place (a folder of that name, a file that may not be replaced), the files put
    in place before it are taken back and the old ones restored. A replaced file keeps
    its permissions. Interrupted (Ctrl+C, SIGTERM through the command line), the
    temporary files are removed.
    """
    staged: list[tuple[str, Path]] = []
    moved: list[tuple[Path, str | None]] = []
    """Each target put in place, with where its old file was kept (None: there was none)."""
    try:
        for path, data in files:
            staged.append((_stage(path, data), path))
        for temporary, path in staged:
            try:
                kept = _keep_aside(path)
            except OutputError:
                _take_back(moved)
                raise
            try:
                os.replace(temporary, path)
            except OSError as error:
                if kept is not None:
                    os.replace(kept, path)
                _take_back(moved)
                raise OutputError(path, error) from None
            moved.append((path, kept))
        for _, kept in moved:
            if kept is not None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(kept)
    finally:
        for temporary, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)


def _keep_aside(path: Path) -> str | None:
    """Move the file at ``path`` (if there is one) to a new name beside it; that name."""
    if not os.path.lexists(path) or os.path.isdir(path):
        return None
    handle, kept = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".alt")
    os.close(handle)
    try:
        os.replace(path, kept)
    except OSError as error:
        os.unlink(kept)
        raise OutputError(path, error) from None
    return kept


def _take_back(moved: list[tuple[Path, str | None]]) -> None:
    """Undo the targets put in place: the old file back, or the new one removed."""
    for path, kept in reversed(moved):
        with contextlib.suppress(OSError):
            if kept is not None:
                os.replace(kept, path)
            else:
                os.unlink(path)


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

"""Limits on what input files a Vorlage may name and how big they may be.

A Vorlage may come from someone else (a web form, a colleague's share). The files it
names are read from its own folder only, unless whoever runs vorlagen allows more, so a
Vorlage cannot quietly pull ``/etc/passwd`` or a neighbour's data into a paper. Packages
(.xlsx data, .docx/.odt templates) are checked before a library opens them, so that a
zip bomb is an error message, not an exhausted machine.
"""

from __future__ import annotations

import difflib
import errno
import io
import os
import stat
import zipfile
from pathlib import Path
from typing import Any

from pydantic import ValidationInfo

from vorlagen.errors import InputError, Problem, os_reason

MAX_FILE_BYTES = 200 * 1024 * 1024
"""The largest input file read: a data file, an Anlage, a template."""
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
"""The most a package (.xlsx, .docx, .odt) may unpack to."""
MAX_RATIO = 200
"""The most an entry of a package may be compressed; office files stay far below."""
MAX_ROWS = 100_000
"""The most rows read from a data file: twice the largest measure list rendered in the
benchmarks (50,000), far beyond a paper's lists."""
MAX_CELLS = 2_000_000
"""The most cells read from a CSV or Excel data file, counted while it is read."""
MAX_DATA_FILE_BYTES = 50 * 1024 * 1024
"""The largest CSV or Excel data file read: a file beyond it is refused before a row is
read, as one within it but past ``MAX_ROWS`` or ``MAX_CELLS`` is refused where the
count passes them."""
MAX_SHARED_STRINGS_BYTES = 50 * 1024 * 1024
"""The most a spreadsheet's shared strings may unpack to (openpyxl keeps them all)."""
MAX_TEXT_FILE_BYTES = 20 * 1024 * 1024
"""The largest Vorlage or Hausformat file (and YAML/JSON data file) read: far more than any
paper needs, far less than a parser should be handed."""
MAX_DEPTH = 64
"""The deepest nesting of lists and mappings a YAML, JSON or TOML file may have."""
MAX_HAUSFORMAT_BYTES = 1024 * 1024
"""The largest Hausformat file read (the shipped ones have a few KB): reading a YAML file
of 20 MB (``MAX_TEXT_FILE_BYTES``) alone takes seconds per MB."""
MAX_BAUSTEINE = 2_000
"""The most Bausteine in one ``aufbau`` of a Hausformat file (the shipped ones have about
20), counted before they are checked."""
MAX_HAUSFORMAT_VALUES = 20_000
"""The most values (texts, numbers, lists, mappings) in one Hausformat file (the shipped
ones have a few hundred), counted before they are checked."""
MAX_BASIS_CHAIN = 10
"""The most Hausformat files one Hausformat is made of: itself and those it builds on
(``basis``), so that a chain of them does not multiply the limits above."""

ALLOW_OUTSIDE = "allow_outside"
"""The validation-context key that lets a Vorlage name files outside its folder."""


def resolve_input(value: Path, info: ValidationInfo) -> Path:
    """A file named in a Vorlage, resolved against its folder and kept inside it.

    Absolute paths, ``..`` and symbolic links that lead out of the folder are refused
    unless the context allows them (``allow_outside``); the file must exist. This is the
    one place the path is joined to the folder: what reads the file takes the path as
    it is (``inside`` checks it again there). Without a folder in the context the path
    is kept as written, relative to the current folder.
    """
    context: dict[str, Any] = info.context or {}
    base = context.get("base_dir")
    allowed = bool(context.get(ALLOW_OUTSIDE))
    if base is None:
        return value
    if value.is_absolute() and not allowed:
        raise ValueError(f"absoluter Pfad {value} nicht erlaubt: Dateien müssen im Ordner "
                         "der Vorlage liegen (--allow-outside-files erlaubt andere)")
    resolved = confined(value, Path(base), allowed)
    try:
        found = resolved.stat()
    except FileNotFoundError:
        raise ValueError(f"Datei nicht gefunden: {resolved}; die Datei dorthin legen oder den "
                         f"Namen in der Vorlage berichtigen{_close(resolved)}") from None
    except OSError as error:
        raise ValueError(unreadable(resolved, error)) from None
    if stat.S_ISDIR(found.st_mode):
        raise ValueError(f"ist ein Ordner, keine Datei: {resolved}")
    if not stat.S_ISREG(found.st_mode):
        raise ValueError(f"Datei nicht gefunden: {resolved}; die Datei dorthin legen oder den "
                         f"Namen in der Vorlage berichtigen{_close(resolved)}")
    if found.st_size > MAX_FILE_BYTES:
        raise ValueError(f"{resolved} ist größer als {MAX_FILE_BYTES // 2**20} MB")
    return resolved


def nearest_above(folder: Path, name: str) -> Path | None:
    """The file ``name`` in ``folder`` or the nearest folder above it, if any: how a
    Vorlage finds its folder's ``hausformat.yaml`` and ``ris.yaml``."""
    start = Path(os.path.abspath(folder))  # without ".." in what messages show
    for place in (start, *start.parents):
        candidate = place / name
        if candidate.is_file():
            return candidate
    return None


def unreadable(path: Path, error: OSError) -> str:
    """Why ``path`` cannot be read, in German, with what to do: a name too long or a
    loop of symbolic links is the input's fault, not the program's."""
    what = {errno.ENAMETOOLONG: "den Namen kürzen",
            errno.ELOOP: "die Datei selbst statt eines Links dorthin legen"}.get(
        error.errno or 0, "die Datei und ihre Rechte prüfen")
    return f"{path} ist nicht lesbar: {os_reason(error)}; {what}"


def _resolved(path: Path) -> Path:
    """``path`` with its symbolic links followed; a loop or a name too long is a
    ValueError in German."""
    try:
        return path.resolve()
    except RuntimeError:  # Python 3.11 reports a loop of links so
        raise ValueError(unreadable(path, OSError(errno.ELOOP, "loop"))) from None
    except OSError as error:
        raise ValueError(unreadable(path, error)) from None


def _close(path: Path) -> str:
    """"; gemeint ist vielleicht 'NAME'" for the file beside ``path`` whose name is
    closest to its own, if one is close; else ""."""
    try:
        names = [entry.name for entry in path.parent.iterdir() if entry.is_file()]
    except OSError:
        return ""
    close = difflib.get_close_matches(path.name, names, n=1)
    return f"; gemeint ist vielleicht {close[0]!r}" if close else ""


def confined(value: Path, base: Path, allowed: bool) -> Path:
    """``value`` as written in a file of ``base``, resolved against ``base``; unless
    ``allowed``, it must lead (symbolic links followed) to a place inside ``base``, or a
    ValueError says where it leads."""
    return inside(value if value.is_absolute() else base / value, base, allowed, value)


def inside(path: Path, base: Path, allowed: bool, written: Path | None = None) -> Path:
    """``path`` (already resolved against ``base``, or relative to the current folder)
    unchanged; unless ``allowed``, it must lead to a place inside ``base``, or a
    ValueError names it (as ``written``, if given) and says where it leads."""
    if not allowed and not _resolved(path).is_relative_to(base.resolve()):
        shown = written if written is not None else path
        beneath = path.absolute().is_relative_to(base.absolute())  # as written, no link
        link = beneath and ".." not in path.absolute().relative_to(base.absolute()).parts
        how = "über einen symbolischen Link " if link else ""
        raise ValueError(f"{shown} führt {how}aus dem Ordner der Vorlage hinaus "
                         "(--allow-outside-files erlaubt das)")
    return path


def check_package(path: Path, invalid: str, data: bytes | None = None) -> None:
    """Refuse a zip package that would unpack to far more than it is (a zip bomb);
    ``invalid`` starts the message, e.g. ``"keine gültige DOCX-Datei"``. ``data``, if
    given, is the file's content already read, so that it is not read again."""
    try:
        with zipfile.ZipFile(io.BytesIO(data) if data is not None else path) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        raise InputError(str(path), [Problem("", (
            f"{invalid}: kein Zip-Paket, wie es Office-Dateien sind (beschädigt oder nur "
            "umbenannt?); im Programm öffnen, das sie geschrieben hat, und neu speichern"))]
                         ) from None
    except OSError as error:
        raise InputError(str(path), [Problem("", f"{invalid} ({os_reason(error)})")]
                         ) from None
    size = len(data) if data is not None else path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(str(path), [Problem(
            "", f"{invalid}: größer als {MAX_FILE_BYTES // 2**20} MB")])
    total = sum(entry.file_size for entry in entries)
    packed = [entry for entry in entries if entry.file_size > 1024 * 1024
              and entry.file_size > MAX_RATIO * max(entry.compress_size, 1)]
    if total > MAX_UNPACKED_BYTES or packed:
        raise InputError(str(path), [Problem(
            "", f"{invalid}: entpackt {total // 2**20} MB"
                + (f", {packed[0].filename} über {MAX_RATIO}-fach gepackt" if packed else "")
                + " (Zip-Bombe?)")])
    _no_entities(path, invalid, data, entries)


def _no_entities(path: Path, invalid: str, data: bytes | None,
                 entries: list[zipfile.ZipInfo]) -> None:
    """Refuse XML parts that declare a DTD: office files never do, and entities defined
    there can expand a few bytes into gigabytes (the "billion laughs")."""
    with zipfile.ZipFile(io.BytesIO(data) if data is not None else path) as archive:
        for entry in entries:
            if not entry.filename.endswith((".xml", ".rels")):
                continue
            with archive.open(entry) as stream:
                head = stream.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise InputError(str(path), [Problem("", (
                    f"{invalid}: {entry.filename} erklärt eine DTD oder Entitäten "
                    "(<!DOCTYPE); Office-Dateien tun das nie (Entity-Bombe?)"))])

"""Zip packages (DOCX, ODT) written entry by entry, with some entries' bytes replaced.

Both writers let their library handle the package's small parts and put the large body
in as bytes built once; this module does the zip writing for both. A template's images
never reach the libraries (they open a copy with them emptied): they are carried from the
template's package into each written one as bytes, streamed, never decoded. Entries keep their
order, ``mimetype`` (ODF) is stored first and uncompressed as ODF requires, and every
entry gets the same fixed timestamp, so the same input gives the same bytes.
"""

from __future__ import annotations

import functools
import io
import shutil
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry; a file's real dates live in its metadata."""


COMPRESSION = 3
"""zlib's level for every entry: compressing took a fifth of writing a paper at the
default (6); level 3 takes half of that for files about a tenth larger (measured on the
example's papers and Anlagen: 77 instead of 68 KB for all six files, 6 instead of 11 ms)."""

_CHUNK = 1 << 20
"""Characters gathered before a streamed entry is encoded and compressed."""


@dataclass(frozen=True)
class Carried:
    """The entry ``name`` of the zip package ``package``, carried into the written package
    as its bytes: streamed from one package to the other a chunk at a time, never decoded
    and never held whole (a design's letterhead image of several megabytes, once)."""

    package: bytes
    name: str


Entry = bytes | Iterable[str] | Carried
"""What a written entry holds: its bytes, XML text to stream, or another package's entry."""

_SHRUNK = 0.9
"""A carried entry whose source packed it to more than this share of its size (a PNG or
JPEG, packed already) is stored, not deflated again: deflating it gains nothing and took
most of the time of writing a paper with a large letterhead image."""


@functools.lru_cache(maxsize=8)
def blanked(package: bytes, prefix: str) -> bytes:
    """``package`` with every entry under ``prefix`` (its images: ``word/media/``,
    ``Pictures/``) emptied, once per package in a process: what a library opens to read
    the styles and fill the placeholders, so that it never holds the images; the writer
    carries them over from ``package`` (``Carried``)."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        if not any(name.startswith(prefix) for name in source.namelist()):
            return package
        return write_package((name, b"" if name.startswith(prefix) else source.read(name))
                             for name in source.namelist())


def carried(package: bytes, prefix: str) -> dict[str, Carried]:
    """Each entry of ``package`` under ``prefix``, to be carried over, by name."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        return {name: Carried(package, name) for name in source.namelist()
                if name.startswith(prefix)}


def rezip(package: bytes, replaced: Mapping[str, Entry]) -> bytes:
    """``package`` written again, each entry named in ``replaced`` with those bytes, or
    with the XML text an iterable yields, streamed into the entry piece by piece, or with
    another package's entry (``Carried``); the others are carried over from ``package``.

    Streaming is what keeps a long document's memory small: its XML exists only a chunk
    at a time, and only compressed as a whole. Entries named in ``replaced`` but missing
    from ``package`` are an error: a writer only replaces parts it knows are there.
    """
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        names = source.namelist()
        missing = set(replaced) - set(names)
        if missing:
            raise KeyError(f"not in the package: {', '.join(sorted(missing))}")
    return write_package((name, replaced[name] if name in replaced else Carried(package, name))
                         for name in names)


def write_package(entries: Iterable[tuple[str, Entry]]) -> bytes:
    """A zip package of ``entries`` (name and bytes, or XML text to stream), in their
    order but ``mimetype`` first (stored, as ODF requires), every entry dated the same."""
    entries = list(entries)
    entries.sort(key=lambda entry: entry[0] != "mimetype")  # stable: the rest keep order
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compresslevel=COMPRESSION) as target:
        for name, data in entries:
            entry = zipfile.ZipInfo(name, FIXED_TIME)
            entry.external_attr = 0o644 << 16
            entry.compress_type = (zipfile.ZIP_STORED if name == "mimetype"
                                   else zipfile.ZIP_DEFLATED)
            if isinstance(data, Carried):
                _carry(target, entry, data)
            elif isinstance(data, bytes):
                target.writestr(entry, data)
            else:
                _stream(target, entry, data)
    return out.getvalue()


def _carry(target: zipfile.ZipFile, entry: zipfile.ZipInfo, carried: Carried) -> None:
    with zipfile.ZipFile(io.BytesIO(carried.package)) as source:
        info = source.getinfo(carried.name)
        if info.compress_type == zipfile.ZIP_STORED or (
                info.compress_size > _SHRUNK * info.file_size):
            entry.compress_type = zipfile.ZIP_STORED
        with source.open(info) as stream, target.open(entry, "w") as written:
            shutil.copyfileobj(stream, written, _CHUNK)


def _stream(target: zipfile.ZipFile, entry: zipfile.ZipInfo, pieces: Iterable[str]) -> None:
    with target.open(entry, "w") as stream:  # no zip64: Word and LibreOffice read plain zip
        gathered: list[str] = []
        size = 0
        for piece in pieces:
            gathered.append(piece)
            size += len(piece)
            if size >= _CHUNK:
                stream.write("".join(gathered).encode())
                gathered, size = [], 0
        stream.write("".join(gathered).encode())


_TEMPLATES: dict[tuple[str, str], tuple[tuple[int, int, int], bytes]] = {}
"""The templates read in this process: bytes, checked, by file and state."""


def design_bytes(template: Path, invalid: str) -> bytes:
    """A template's bytes, read and checked (a zip, not a zip bomb) once per process
    while the file stays as it is: a batch of papers reads its templates once, not once
    per paper. ``invalid`` starts the message of one that is no package."""
    from vorlagen.errors import InputError, Problem
    from vorlagen.inputs import check_package

    try:
        state = template.stat()
    except OSError:
        raise InputError(str(template), [Problem("", "Design-Datei nicht gefunden")]
                         ) from None
    if not template.is_file():
        from vorlagen.design_files import NOT_A_FILE

        raise InputError(str(template), [Problem("", NOT_A_FILE if template.exists() else
                                                 "Design-Datei nicht gefunden")])
    key = (str(template.resolve()), invalid)
    stamp = (state.st_ino, state.st_size, state.st_mtime_ns)
    cached = _TEMPLATES.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    data = template.read_bytes()
    check_package(template, invalid, data)
    from vorlagen.design_files import check_images

    check_images(template, data)
    _TEMPLATES[key] = (stamp, data)
    return data

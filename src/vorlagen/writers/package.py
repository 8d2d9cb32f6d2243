"""Zip packages (DOCX, ODT) written entry by entry, with some entries' bytes replaced.

Both writers let their library handle the package's small parts and put the large body
in as bytes built once; this module does the zip writing for both. Entries keep their
order, ``mimetype`` (ODF) is stored first and uncompressed as ODF requires, and every
entry gets the same fixed timestamp, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry; a file's real dates live in its metadata."""


COMPRESSION = 3
"""zlib's level for every entry: compressing took a fifth of writing a paper at the
default (6); level 3 takes half of that for files about a tenth larger (measured on the
example's papers and Anlagen: 77 instead of 68 KB for all six files, 6 instead of 11 ms)."""

_CHUNK = 1 << 20
"""Characters gathered before a streamed entry is encoded and compressed."""


def rezip(package: bytes, replaced: Mapping[str, bytes | Iterable[str]]) -> bytes:
    """``package`` written again, each entry named in ``replaced`` with those bytes, or
    with the XML text an iterable yields, streamed into the entry piece by piece.

    Streaming is what keeps a long document's memory small: its XML exists only a chunk
    at a time, and only compressed as a whole. Entries named in ``replaced`` but missing
    from ``package`` are an error: a writer only replaces parts it knows are there.
    """
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        names = source.namelist()
        missing = set(replaced) - set(names)
        if missing:
            raise KeyError(f"not in the package: {', '.join(sorted(missing))}")
        return write_package((name, replaced[name] if name in replaced else source.read(name))
                             for name in names)


def write_package(entries: Iterable[tuple[str, bytes | Iterable[str]]]) -> bytes:
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
            if isinstance(data, bytes):
                target.writestr(entry, data)
            else:
                _stream(target, entry, data)
    return out.getvalue()


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

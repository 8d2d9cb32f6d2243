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

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry; a file's real dates live in its metadata."""


_CHUNK = 1 << 20
"""Characters gathered before a streamed entry is encoded and compressed."""


def rezip(package: bytes, replaced: Mapping[str, bytes | Iterable[str]]) -> bytes:
    """``package`` written again, each entry named in ``replaced`` with those bytes, or
    with the XML text an iterable yields, streamed into the entry piece by piece.

    Streaming is what keeps a long document's memory small: its XML exists only a chunk
    at a time, and only compressed as a whole. Entries named in ``replaced`` but missing
    from ``package`` are an error: a writer only replaces parts it knows are there.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        names = source.namelist()
        missing = set(replaced) - set(names)
        if missing:
            raise KeyError(f"not in the package: {', '.join(sorted(missing))}")
        if "mimetype" in names:
            names.remove("mimetype")
            names.insert(0, "mimetype")
        with zipfile.ZipFile(out, "w") as target:
            for name in names:
                data = replaced[name] if name in replaced else source.read(name)
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

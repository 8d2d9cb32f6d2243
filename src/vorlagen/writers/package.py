"""Zip packages (DOCX, ODT) written entry by entry, with some entries' bytes replaced.

Both writers let their library handle the package's small parts and put the large body
in as bytes built once; this module does the zip writing for both. Entries keep their
order, ``mimetype`` (ODF) is stored first and uncompressed as ODF requires, and every
entry gets the same fixed timestamp, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry; a file's real dates live in its metadata."""


def rezip(package: bytes, replaced: Mapping[str, bytes]) -> bytes:
    """``package`` written again, each entry named in ``replaced`` with those bytes.

    Entries named in ``replaced`` but missing from ``package`` are an error: a writer
    only replaces parts it knows are there.
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
                target.writestr(entry, data)
    return out.getvalue()

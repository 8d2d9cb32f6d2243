"""PDF files LibreOffice wrote, read and finished with qpdf (pikepdf): whether a file is
a PDF at all, and the same bytes for the same document (its dates and file ID).

Imported only where PDFs are made: pikepdf takes a noticeable time to load.
"""

from __future__ import annotations

import io
import struct
from datetime import UTC, datetime

import pikepdf

_DATES = ("xmp:CreateDate", "xmp:ModifyDate")
"""The dates in the XMP metadata; pikepdf sets /CreationDate and /ModDate from them."""
_ICC_DATE = slice(24, 36)
"""Where an ICC profile's header holds the time it was made (ICC.1, 7.2.1): LibreOffice
makes the sRGB profile of a PDF/A at each conversion."""
_ICC_ID = slice(84, 100)


def pdf_problem(data: bytes) -> str | None:
    """What keeps ``data`` from being a usable PDF, or None: a converter that says it
    succeeded may still leave a file that is none (a message, a file cut short)."""
    if not data.startswith(b"%PDF-"):
        return "das Ergebnis ist keine PDF-Datei (sie beginnt nicht mit %PDF-)"
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
            repaired = bool(pdf.get_warnings())
    except pikepdf.PdfError:
        return "das Ergebnis hat keine lesbare PDF-Struktur"
    if repaired:
        return "das Ergebnis ist eine beschädigte PDF-Datei"
    if pages == 0:
        return "das Ergebnis ist eine PDF-Datei ohne Seiten"
    return None


def reproducible(pdf: bytes, created: datetime | None) -> bytes:
    """The PDF ``pdf`` with ``created`` as its creation and modification date (in its
    document information and its XMP metadata alike, as PDF/A requires; none if None)
    and a file ID computed from its content, in place of the time and the random ID
    LibreOffice gave it. Nothing else changes: qpdf rewrites the same objects."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        with document.open_metadata(set_pikepdf_as_editor=False) as metadata:
            for key in _DATES:
                if created is None:
                    metadata.pop(key, None)
                else:
                    metadata[key] = created.astimezone(UTC).isoformat()
        for intent in document.Root.get("/OutputIntents", pikepdf.Array()):
            profile = intent.get("/DestOutputProfile")
            if isinstance(profile, pikepdf.Stream):
                _date_profile(profile, created)
        for key in ("/ID", "/DocChecksum"):  # LibreOffice's: random, and of the old dates
            if key in document.trailer:
                del document.trailer[key]
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
    return out.getvalue()


def _date_profile(profile: pikepdf.Stream, created: datetime | None) -> None:
    """Give an ICC profile ``created`` as the time it was made (zeros for None)."""
    data = bytearray(profile.read_bytes())
    if len(data) < 128 or data[36:40] != b"acsp":
        return  # no ICC profile header
    moment = created.astimezone(UTC) if created is not None else None
    data[_ICC_DATE] = struct.pack(">6H", *(
        (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
        if moment is not None else (0,) * 6))
    data[_ICC_ID] = bytes(16)  # "not calculated" (7.2.18): an MD5 of the old date
    profile.write(bytes(data))

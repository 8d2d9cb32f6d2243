"""The files of a Design folder: ``design.docx`` and ``design.odt``.

They were called ``vorlage.docx`` and ``vorlage.odt``, but a Vorlage is the council
paper, not its Word file (docs/woerter.md). A folder with the old names still works,
with a ``Renamed`` warning; a writer that still asks for an old name gets the new file.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from vorlagen import renamed
from vorlagen.errors import InputError, Problem

DOCX = "design.docx"
ODT = "design.odt"
NAMES = (DOCX, ODT)
"""The Design files, in the order they are looked at."""

NOT_A_FILE = ("keine gewöhnliche Datei (ein Gerät, eine benannte Pipe oder ein Link darauf); "
              "die Design-Datei aus Word oder LibreOffice als Datei hierher speichern")
"""Why a Design file that is there is not read: ``render`` and ``design check`` alike."""

MAX_IMAGE_BYTES = 10 * 1024 * 1024
"""The largest image (a logo, a picture in the letterhead) a Design file may hold, as
unpacked; a logo needs far less, and each paper carries a copy of it (docs/design.md)."""

_MEDIA = ("word/media/", "Pictures/", "media/")
"""Where a DOCX or ODT package keeps its images."""


def check_images(path: Path, data: bytes) -> None:
    """An InputError naming the first image of the Design file ``path`` (its ``data``)
    that is larger than ``MAX_IMAGE_BYTES``: read before anything is written, for
    ``render`` and ``design check`` alike. A file that is no package is left to the
    check that says so."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    for entry in entries:
        if entry.filename.startswith(_MEDIA) and entry.file_size > MAX_IMAGE_BYTES:
            size = entry.file_size / 2**20
            raise InputError(str(path), [Problem("", (
                f"das Bild {entry.filename} ist {size:.0f} MB groß, erlaubt sind "
                f"{MAX_IMAGE_BYTES // 2**20} MB je Bild; das Bild verkleinert einfügen "
                "(Word: Bild anklicken → Bildformat → Bilder komprimieren; LibreOffice: "
                "Rechtsklick → Bild komprimieren)"))])


OLD_NAMES = {"vorlage.docx": DOCX, "vorlage.odt": ODT}
"""The old name of each Design file → its name now."""

_warned: set[Path] = set()
"""The old files warned about already: a run looks a file up once per document."""


def design_file(folder: Path, name: str) -> Path:
    """The Design file ``name`` (e.g. ``design.docx``) of ``folder``: the file by its
    name now, else by its old name (with a ``Renamed`` warning, once per file). Neither
    there: the path by its name now, for the message that it is missing."""
    new = OLD_NAMES.get(name, name)
    path = folder / new
    if path.is_file():
        return path
    for old, current in OLD_NAMES.items():
        if current == new and (folder / old).is_file():
            if folder / old not in _warned:
                _warned.add(folder / old)
                renamed.warn(old, new, f"Design-Ordner {folder}: ", stacklevel=2)
            return folder / old
    return path


def present(folder: Path) -> list[Path]:
    """The Design files ``folder`` holds, by either name, in the order of ``NAMES``."""
    return [path for path in (design_file(folder, name) for name in NAMES)
            if path.is_file()]

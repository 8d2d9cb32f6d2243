"""The files of a Design folder: ``design.docx`` and ``design.odt``.

They were called ``vorlage.docx`` and ``vorlage.odt``, but a Vorlage is the council
paper, not its Word file (docs/woerter.md). A folder with the old names still works,
with a ``Renamed`` warning; a writer that still asks for an old name gets the new file.
"""

from __future__ import annotations

from pathlib import Path

from vorlagen import renamed

DOCX = "design.docx"
ODT = "design.odt"
NAMES = (DOCX, ODT)
"""The Design files, in the order they are looked at."""

NOT_A_FILE = ("keine gewöhnliche Datei (ein Gerät, eine benannte Pipe oder ein Link darauf); "
              "die Design-Datei aus Word oder LibreOffice als Datei hierher speichern")
"""Why a Design file that is there is not read: ``render`` and ``design check`` alike."""

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

"""Where template folders are: the standard one ships with the package."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def standard_template_dir() -> Path:
    """The folder of the standard templates (``vorlage.docx``, ``vorlage.odt``).

    An installed wheel carries them inside the package; a source checkout (an editable
    install) has them in the repository's ``templates/standard``.
    """
    packaged = Path(str(files("vorlagen"))) / "templates" / "standard"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates" / "standard"

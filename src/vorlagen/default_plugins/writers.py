"""The DOCX and ODT writers, offered through the ``vorlagen_writers`` hook."""

from __future__ import annotations

from vorlagen.hookspecs import hookimpl
from vorlagen.writers import Writer
from vorlagen.writers.docx import DocxWriter
from vorlagen.writers.odt import OdtWriter


@hookimpl
def vorlagen_writers() -> list[Writer]:
    return [DocxWriter(), OdtWriter()]

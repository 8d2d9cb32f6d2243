"""The DOCX, ODT and PDF writers, offered through the ``vorlagen_writers`` hook."""

from __future__ import annotations

from vorlagen.hookspecs import hookimpl
from vorlagen.writers import Writer
from vorlagen.writers.docx import DocxWriter
from vorlagen.writers.odt import OdtWriter
from vorlagen.writers.pdf import PdfWriter


@hookimpl
def vorlagen_writers() -> list[Writer]:
    return [DocxWriter(), OdtWriter(), PdfWriter(), PdfWriter(pdfa=True)]

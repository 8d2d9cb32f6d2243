"""The PDF writer: the ODT writer's file, converted by LibreOffice headless.

A PDF is what a body publishes; LibreOffice makes it from the ODT (its own format, so
nothing is lost on the way) as a tagged PDF with the document's language and title, and
as PDF/A-2b for archiving. Starting LibreOffice is slow, so this writer also converts
many documents at once (``write_many``), which a batch uses: one LibreOffice start for
all, or none where ``vorlagen serve`` keeps one running (``vorlagen.libreoffice``).

LibreOffice stamps every PDF with the time of the conversion and a random file ID. Like
the DOCX and ODT writers, this one gives the PDF the document's date instead (the
Vorlage's ``datum``, or SOURCE_DATE_EPOCH) and an ID computed from its content
(``vorlagen.pdffile``), so that the same Vorlage gives the same bytes (with the same
LibreOffice and fonts).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vorlagen.tree import Document
from vorlagen.writers.odt import OdtWriter


class PdfWriter:
    extension = ".pdf"
    media_type = "application/pdf"
    design_file = OdtWriter.design_file

    def __init__(self, pdfa: bool = False) -> None:
        self.pdfa = pdfa
        """PDF/A-2b, for archiving, rather than a plain (tagged) PDF."""

    @property
    def format(self) -> str:
        return "pdfa" if self.pdfa else "pdf"

    def write(self, document: Document, template: Path) -> bytes:
        result = self.write_many([(document, template)])[0]
        if isinstance(result, Exception):
            raise result
        return result

    def write_many(self, jobs: Sequence[tuple[Document, Path]]
                   ) -> Sequence[bytes | Exception]:
        """The PDF of each document (or why LibreOffice failed on it), all converted
        by as few LibreOffice starts as possible (``libreoffice.convert_pdf``)."""
        # imported here: a plugin manager registers this writer for every command
        from vorlagen.libreoffice import convert_pdf
        from vorlagen.pdffile import reproducible

        odt = OdtWriter()
        files = [(f"{document.metadata.title or 'Dokument'}.odt", odt.write(document, template))
                 for document, template in jobs]
        converted = convert_pdf(files, self.pdfa)
        return [result if isinstance(result, Exception) else reproducible(
            result, document.metadata.created)
            for result, (document, _) in zip(converted, jobs, strict=True)]

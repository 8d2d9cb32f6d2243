"""The pages of a paper as pictures: the document → PDF (LibreOffice) → PNG (pdftoppm).

The form shows the paper as it will print. A LibreOffice start costs seconds, so the
server keeps one running from its start to its end (``vorlagen.libreoffice.keep_running``:
unoserver, run by a Python with LibreOffice's ``uno`` module), and each preview and each
PDF download is a conversion only. Without such a Python each starts LibreOffice the way
``vorlagen render -f pdf`` does: slower, the same pages.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
from pathlib import Path

from vorlagen import libreoffice
from vorlagen.libreoffice import LibreOfficeError, WarmConverter

RESOLUTION = 80
"""Pixels per inch of the page pictures: an A4 page 661 by 935 pixels."""


class Converter:
    """The server's LibreOffice: ``start`` keeps one running for every PDF of the process
    (previews and downloads alike), ``close`` stops it. Thread-safe."""

    def __init__(self, work: Path) -> None:
        self._work = work
        self._kept: WarmConverter | None = None
        self._closed = False

    def pdf(self, name: str, data: bytes) -> bytes:
        """The PDF of the document ``data`` (its type by ``name``'s suffix)."""
        result = libreoffice.convert_pdf([(name, data)])[0]
        if isinstance(result, LibreOfficeError):
            raise result
        return result

    def start(self) -> None:
        """Start LibreOffice now, so that the first preview does not wait for it."""
        if self._closed:
            return
        kept = self._kept = libreoffice.keep_running(self._work)
        try:
            if kept is not None and not self._closed:
                with contextlib.suppress(LibreOfficeError):  # then the slow way is taken
                    kept.start()
                    kept.convert("probe.odt", _probe())  # loads Writer and the fonts now
        finally:
            if self._closed:  # closed meanwhile: what the start made goes again
                self.close()

    def close(self) -> None:
        """Stop LibreOffice (a start still under way too) and remove its files."""
        self._closed = True
        libreoffice.stop_running(self._kept)
        shutil.rmtree(self._work, ignore_errors=True)
        with contextlib.suppress(OSError):  # the server's folder, if a late start made it again
            self._work.parent.rmdir()


def _probe() -> bytes:
    """A one-line ODT: its conversion makes LibreOffice load what every paper needs."""
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text="Vorschau"))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def pages(pdf: bytes, folder: Path) -> list[Path]:
    """The pages of ``pdf`` as PNG files in ``folder`` (made for it), in order."""
    program = shutil.which("pdftoppm")
    if program is None:
        raise LibreOfficeError("Die Vorschau braucht pdftoppm; unter Debian/Ubuntu: "
                               "sudo apt-get install -y poppler-utils")
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "preview.pdf"
    source.write_bytes(pdf)
    try:
        subprocess.run([program, "-png", "-r", str(RESOLUTION), str(source),
                        str(folder / "page")], check=True, capture_output=True, timeout=60)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        raise LibreOfficeError(f"pdftoppm: {error}") from None
    finally:
        source.unlink(missing_ok=True)
    return sorted(folder.glob("page-*.png"), key=lambda path: int(path.stem.split("-")[-1]))

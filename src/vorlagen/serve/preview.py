"""The pages of a paper as pictures: the document → PDF (LibreOffice) → JPEG (pdftoppm),
and on which page each part of the form is printed (pdftotext).

The form shows the paper as it will print. A LibreOffice start costs seconds, so the
server keeps one running from its start to its end (``vorlagen.libreoffice.keep_running``:
unoserver, run by a Python with LibreOffice's ``uno`` module), and each preview and each
PDF download is a conversion only. Without such a Python each starts LibreOffice the way
``vorlagen render -f pdf`` does: slower, the same pages.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from vorlagen import libreoffice
from vorlagen.libreoffice import LibreOfficeError, WarmConverter

RESOLUTION = 80
"""Pixels per inch of the page pictures: an A4 page 661 by 935 pixels."""
JPEG_QUALITY = 90
"""The pictures are JPEG: pdftoppm writes a page as PNG ten times slower (its zlib
compression took most of a live preview's time, docs/benchmarks.md); at this quality
the text is as legible."""


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
        try:
            kept = self._kept = libreoffice.keep_running(self._work)
        except OSError:  # its folder gone: the server stopped meanwhile (Ctrl+C at once)
            return
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
    """The pages of ``pdf`` as JPEG files in ``folder`` (made for it), in order."""
    program = shutil.which("pdftoppm")
    if program is None:
        raise LibreOfficeError("Die Vorschau braucht pdftoppm; unter Debian/Ubuntu: "
                               "sudo apt-get install -y poppler-utils")
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "preview.pdf"
    source.write_bytes(pdf)
    try:
        subprocess.run([program, "-jpeg", "-jpegopt", f"quality={JPEG_QUALITY}",
                        "-r", str(RESOLUTION), str(source),
                        str(folder / "page")], check=True, capture_output=True, timeout=60)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        raise LibreOfficeError(f"pdftoppm: {error}") from None
    finally:
        source.unlink(missing_ok=True)
    return sorted(folder.glob("page-*.jpg"), key=lambda path: int(path.stem.split("-")[-1]))


@dataclass(frozen=True)
class Part:
    """A part of the form to find on the pages: its control's (or group's) id, the
    label the paper may print as its heading, the text typed into it, and the id of the
    group it belongs to ("" at the top)."""

    id: str
    label: str
    value: str
    parent: str = ""


MIN_LETTERS = 6
"""A value shorter than this (as letters and digits) says too little to find its page."""
SNIPPET = 40
"""How many letters and digits of a value are looked for on the pages."""
TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page of ``pdf`` (pdftotext; none where it is missing)."""
    program = shutil.which("pdftotext")
    if program is None:
        return []
    try:
        done = subprocess.run([program, "-enc", "UTF-8", "-", "-"], input=pdf,
                              capture_output=True, check=True, timeout=30)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
        return []
    texts = done.stdout.decode("utf-8", "replace").split("\f")
    return texts[:-1] if texts and not texts[-1].strip() else texts


def _letters(text: str) -> str:
    """Letters and digits alone, lower case: a word hyphenated at a line's end, a bullet
    or Markdown's marks do not keep a value from being found on its page."""
    return "".join(char for char in text.casefold() if char.isalnum())


def places(parts: Iterable[Part], texts: list[str]) -> dict[str, int]:
    """The page (1, 2, …) each part is printed on: where its value begins; for a group,
    where the first of its members is printed, else where the paper prints its label
    (its heading); for a member whose value is not printed, where its group is. A part
    found nowhere is left out (the preview then stays where it is). ``parts`` in the
    form's order, each group before its members."""
    pages_ = [_letters(text) for text in texts]
    parts = list(parts)
    parent = {part.id: part.parent for part in parts}

    def first(needle: str) -> int | None:
        if len(needle) < MIN_LETTERS:
            return None
        return next((index + 1 for index, page in enumerate(pages_) if needle in page), None)

    by_value: dict[str, int] = {}
    for part in parts:
        value = _letters(TEMPLATE_CODE.sub(" ", part.value))
        page = first(value[:SNIPPET]) or first(value[:SNIPPET // 2])
        if page is not None:
            by_value[part.id] = page
    inside: dict[str, int] = {}  # a group's first page that one of its members is on
    for id, page in by_value.items():
        up = parent.get(id, "")
        while up:
            inside[up] = min(page, inside.get(up, page))
            up = parent.get(up, "")
    found: dict[str, int] = {}
    for part in parts:
        page = (by_value.get(part.id) or inside.get(part.id)
                or (found.get(part.parent) if part.parent else first(_letters(part.label)))
                or first(_letters(part.label)))
        if page is not None:
            found[part.id] = page
    return found

"""LibreOffice, the real client: converting files headless, each call with its own profile."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

TIMEOUT_SECONDS = 180
TEXT = "txt:Text (encoded):UTF8"
"""The filter for plain UTF-8 text, with list labels as LibreOffice numbers them."""


def save(outputs: Mapping[str, bytes], folder: Path, stem: str) -> list[Path]:
    """Write each format's bytes as ``{stem}-{format}.{format}``, ready to convert."""
    paths = []
    for format, data in outputs.items():
        paths.append(folder / f"{stem}-{format}.{format}")
        paths[-1].write_bytes(data)
    return paths


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(sources: list[Path], target: str, outdir: Path) -> list[Path]:
    """Convert ``sources`` in one LibreOffice run; the converted files, checked to exist.

    ``target`` is a LibreOffice filter such as ``pdf`` or ``TEXT``.
    A profile folder of its own keeps concurrent runs apart.
    """
    program = soffice()
    if program is None:
        raise RuntimeError("LibreOffice (soffice) is not installed; `make test` installs it")
    suffix = "." + target.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="vorlagen-lo-profile-") as profile:
        result = subprocess.run(
            [program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
             "--norestore", "--convert-to", target, "--outdir", str(outdir),
             *map(str, sources)],
            capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False,
        )
    outputs = [outdir / (source.stem + suffix) for source in sources]
    missing = [path.name for path in outputs if not path.is_file() or path.stat().st_size == 0]
    if result.returncode != 0 or missing:
        raise AssertionError(
            f"LibreOffice failed (exit {result.returncode}, missing {missing}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return outputs


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF, as poppler's pdftotext lays it out."""
    program = shutil.which("pdftotext")
    if program is None:
        raise RuntimeError("pdftotext (poppler-utils) is not installed; `make test` installs it")
    result = subprocess.run([program, "-layout", str(pdf), "-"], capture_output=True,
                            text=True, timeout=TIMEOUT_SECONDS, check=True)
    pages = result.stdout.split("\f")  # pdftotext ends every page with a form feed
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Width and height in points of each page of a PDF, as poppler's pdfinfo reads them."""
    program = shutil.which("pdfinfo")
    if program is None:
        raise RuntimeError("pdfinfo (poppler-utils) is not installed; `make test` installs it")
    result = subprocess.run([program, "-f", "1", "-l", "9999", str(pdf)], capture_output=True,
                            text=True, timeout=TIMEOUT_SECONDS, check=True)
    sizes = []
    for line in result.stdout.splitlines():
        if line.startswith("Page") and "size:" in line:
            width, _, height = line.split("size:", 1)[1].split()[:3]
            sizes.append((float(width), float(height)))
    return sizes


def unbroken(text: str, words: list[str]) -> list[str]:
    """The ``words`` that ``text`` (a PDF's text) shows broken inside: neither whole
    nor hyphenated (the first part ending in "-" at a line's end, the rest starting a
    token), e.g. "Kindertageseinrichtunge" + "n"."""
    tokens = text.split()
    whole = set(tokens)
    broken = []
    for word in dict.fromkeys(words):
        if any(word in token for token in whole):
            continue
        hyphenated = any(
            any(token.endswith(word[:cut] + "-") for token in whole)
            and any(token.startswith(word[cut:]) for token in whole)
            for cut in range(2, len(word) - 1) if word[cut - 1] != "-")
        if not hyphenated:
            broken.append(word)
    return broken

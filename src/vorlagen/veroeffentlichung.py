"""What the version for publication may hold: none of the texts plugins name as
nichtöffentlich, however they are written.

A name pasted from a PDF may carry a soft hyphen, a zero-width space, a non-breaking
space or hyphen, another case or a line break after a hyphen; each such spelling is
the same name to a reader. Texts are therefore compared normalised (Unicode NFKC, case
folded, invisible characters dropped, hyphens and white space unified), in the paper and
in the Anlage files copied beside it (text, DOCX, ODT and other office files, PDF).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePath

_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e"
                        "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff]")
"""Characters a reader does not see: soft hyphen, zero-width and joiner characters,
direction marks, variation selectors, the byte-order mark."""
_HYPHENS = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d-]")
_HYPHEN_BREAKS = re.compile(r"\s*-\s*")
_SPACES = re.compile(r"\s+")

TEXT_SUFFIXES = (".txt", ".md", ".csv", ".tsv", ".json", ".yaml", ".yml", ".xml", ".html",
                 ".htm", ".rtf")
PACKAGE_SUFFIXES = (".docx", ".odt", ".xlsx", ".ods", ".pptx", ".odp")
_TAGS = re.compile(rb"<[^>]*>")
_XML_PARTS = re.compile(r"(^|/)(document|content|styles|header\d*|footer\d*|sharedStrings|"
                        r"sheet\d+|slide\d+|footnotes|endnotes|comments|core|app|meta)\.xml$")


def normalised(text: str) -> str:
    """``text`` as it is compared: NFKC, case folded, invisible characters dropped, every
    hyphen with the white space around it dropped (so "Geheim-\\nbold" is "geheimbold"),
    other white space one space."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    text = _HYPHEN_BREAKS.sub("", _HYPHENS.sub("-", text))
    return _SPACES.sub(" ", text).casefold().strip()


def found(texts: Iterable[str], geheim: Mapping[str, str]) -> list[tuple[str, str]]:
    """The nichtöffentliche texts (with the plugin that named each) that ``texts`` hold,
    also where one is split over two texts (two runs, two cells)."""
    haystack = normalised(" ".join(texts))
    return [(secret, plugin) for secret, plugin in geheim.items()
            if (needle := normalised(secret)) and needle in haystack]


def file_text(name: str, data: bytes) -> str | None:
    """The text of an Anlage file: a text file, an office document's XML, a PDF's text;
    None for what holds no text (an image). A package or PDF that cannot be read is a
    ValueError: what cannot be read cannot be checked."""
    suffix = PurePath(name).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return _decoded(data)
    if suffix in PACKAGE_SUFFIXES or (suffix not in (".pdf",) and zipfile.is_zipfile(
            io.BytesIO(data))):
        from vorlagen.inputs import check_package

        check_package(Path(name), "als Office-Datei nicht prüfbar", data)  # no zip bomb
        return _package_text(data)
    if suffix == ".pdf" or data.startswith(b"%PDF-"):
        return _pdf_text(data)
    return None


def _decoded(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") \
            else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


def _package_text(data: bytes) -> str:
    """The text of an office package's XML parts, tags dropped (a tag may split a word:
    runs are joined without a space, paragraphs end with one)."""
    parts: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for entry in package.infolist():
                if _XML_PARTS.search(entry.filename):
                    xml = package.read(entry)
                    xml = re.sub(rb"</(w:p|text:p|text:h|a:p|si|c|table:table-cell)>", b" ",
                                 xml)
                    parts.append(_entities(_TAGS.sub(b"", xml).decode("utf-8", "replace")))
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as error:
        raise ValueError(f"als Office-Datei nicht lesbar ({error})") from None
    return " ".join(parts)


def _entities(text: str) -> str:
    import html

    return html.unescape(text)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        # what a PDF shows besides its pages: its document properties (title, author, ...)
        properties = [str(value) for value in (reader.metadata or {}).values()]
        return "\n".join([*properties, *(page.extract_text() or "" for page in reader.pages)])
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValueError(f"als PDF nicht lesbar ({type(error).__name__})") from None

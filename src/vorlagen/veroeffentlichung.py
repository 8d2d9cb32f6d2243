"""What the version for publication may hold: none of the texts plugins name as
nichtöffentlich, however they are written.

A name pasted from a PDF may carry a soft hyphen, a zero-width space, a non-breaking
space or hyphen, another case or a line break after a hyphen; each such spelling is
the same name to a reader. Texts are therefore compared normalised (Unicode NFKC, case
folded, invisible characters dropped, hyphens and white space unified), in the paper and
in the Anlage files copied beside it (text, CSV, JSON, YAML, RTF, HTML and XML with their
entities and escapes decoded, DOCX, ODT and other office files, PDF).

What cannot be searched (an image, an archive, a scanned PDF, a file of another type)
is ``NotSearchable``: it is published only once a person has checked it.
"""

from __future__ import annotations

import contextlib
import html
import io
import logging
import re
import threading
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePath

_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e"
                        "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff]")
"""Characters a reader does not see: soft hyphen, zero-width and joiner characters,
direction marks, variation selectors, the byte-order mark."""
_HYPHENS = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d-]")
_HYPHEN_BREAKS = re.compile(r"\s*-\s*")
_SPACES = re.compile(r"\s+")

TEXT_SUFFIXES = (".txt", ".md", ".csv", ".tsv", ".json", ".yaml", ".yml", ".rtf")
MARKUP_SUFFIXES = (".html", ".htm", ".xhtml", ".xml")
"""Text files whose tags are dropped and entities (``&uuml;``, ``&#252;``) decoded."""
PACKAGE_SUFFIXES = (".docx", ".odt", ".xlsx", ".ods", ".pptx", ".odp")
SEARCHABLE_SUFFIXES = (*TEXT_SUFFIXES, *MARKUP_SUFFIXES, *PACKAGE_SUFFIXES, ".pdf")
"""The Anlage files searched for nichtöffentliche texts; any other is ``NotSearchable``."""
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".webp", ".svg",
                  ".heic")
_OLD_OFFICE = {".doc": ".docx", ".xls": ".xlsx", ".ppt": ".pptx"}
ARCHIVE_SUFFIXES = (".zip", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz")
_TAGS = re.compile(rb"<[^>]*>")
_MARKUP_TAGS = re.compile(r"<[^>]*>")
_ESCAPES = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|x([0-9a-fA-F]{2}))")
"""``\\u00fc``, ``\\U000000fc``, ``\\xfc``: how JSON and YAML may write a letter."""
_LINE_ESCAPES = re.compile(r"\\[nrt]")
_RTF_ESCAPES = re.compile(r"\\'([0-9a-fA-F]{2})|\\u(-?\d+) ?(?:\\'[0-9a-fA-F]{2}|\?)?")
_RTF_CONTROLS = re.compile(r"\\[a-zA-Z]+-?\d* ?|\\[^a-zA-Z]|[{}]")
_XML_PARTS = re.compile(r"(^|/)(document|content|styles|header\d*|footer\d*|sharedStrings|"
                        r"sheet\d+|slide\d+|footnotes|endnotes|comments|core|app|meta)\.xml$")


def normalised(text: str) -> str:
    """``text`` as it is compared: NFKC, case folded, invisible characters dropped, every
    hyphen with the white space around it dropped (so "Geheim-\\nbold" is "geheimbold"),
    other white space one space."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    text = _HYPHEN_BREAKS.sub("", _HYPHENS.sub("-", text))
    return _SPACES.sub(" ", text).casefold().strip()


def found(texts: Iterable[str], nichtoeffentlich: Mapping[str, str]) -> list[tuple[str, str]]:
    """The nichtöffentliche texts (with the plugin that named each) that ``texts`` hold,
    also where one is split over two texts (two runs, two cells)."""
    haystack = normalised(" ".join(texts))
    return [(angabe, plugin) for angabe, plugin in nichtoeffentlich.items()
            if (needle := normalised(angabe)) and needle in haystack]


class NotSearchable(ValueError):
    """A file whose text vorlagen cannot search, or not all of it: an image, an archive,
    another type, a scanned page. ``text`` is what could be read of it (a PDF's other
    pages), to be searched all the same."""

    def __init__(self, reason: str, text: str = "") -> None:
        super().__init__(reason)
        self.text = text


def file_text(name: str, data: bytes) -> str:
    """The text of an Anlage file as a reader may see it: a text file's (in HTML and XML
    also with tags dropped, entities decoded in every text file, escapes in JSON, YAML
    and RTF), an office document's XML, a PDF's text and properties.

    ``NotSearchable`` (the reason in German) for a file of a kind not searched, an
    archive included (what it holds is not unpacked), and for a scanned PDF. A
    ValueError for a file of a searchable kind that cannot be read as one: what cannot
    be read cannot be checked.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix not in SEARCHABLE_SUFFIXES:
        raise NotSearchable(_kind(suffix))
    if suffix in PACKAGE_SUFFIXES:
        from vorlagen.errors import InputError
        from vorlagen.inputs import check_package

        try:
            check_package(Path(name), "als Office-Datei nicht prüfbar", data)  # no zip bomb
        except InputError as error:
            raise ValueError("; ".join(problem.message for problem in error.problems)
                             ) from None
        return _package_text(data)
    if suffix == ".pdf":
        return _pdf_text(data)
    text = _text_file(data)
    if suffix in MARKUP_SUFFIXES:
        return _markup_text(text)
    if suffix == ".rtf":
        return _rtf_text(text)
    return " ".join([text, _unescaped(text), html.unescape(text)])  # Markdown: &uuml;


def _kind(suffix: str) -> str:
    """Why a file of ``suffix`` is not searched, in German."""
    if suffix in IMAGE_SUFFIXES:
        return "ist ein Bild; was darauf steht, kann vorlagen nicht durchsuchen"
    if suffix in ARCHIVE_SUFFIXES:
        return "ist ein Archiv; was es enthält, durchsucht vorlagen nicht"
    if not suffix:
        return "hat keine Endung; vorlagen weiß nicht, wie die Datei zu durchsuchen ist"
    if suffix in _OLD_OFFICE:
        return (f"ist im alten Office-Format {suffix}, das vorlagen nicht durchsucht (als "
                f"{_OLD_OFFICE[suffix]} gespeichert wird sie durchsucht)")
    return f"ist eine Datei des Typs {suffix}, den vorlagen nicht durchsucht"


def _text_file(data: bytes) -> str:
    """A text file's text; a ValueError for one that holds binary data (an image or an
    archive under a text file's name)."""
    if b"\x00" in data and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        raise ValueError("ist keine Textdatei (enthält Binärdaten)")
    return _decoded(data)


def _markup_text(text: str) -> str:
    """HTML or XML as a reader may see it, entities decoded: as written (comments and
    attributes such as ``alt`` are published too), and with the tags dropped, once
    joining what they separate (``Arbeits<b>kreis</b>``) and once with a space between
    (``<td>Arbeitskreis</td><td>Xylophon</td>``)."""
    return " ".join([html.unescape(text), html.unescape(_MARKUP_TAGS.sub("", text)),
                     html.unescape(_MARKUP_TAGS.sub(" ", text))])


def _unescaped(text: str) -> str:
    """``text`` with the escapes of JSON and YAML strings decoded (``M\\u00fcller``)."""

    def letter(match: re.Match[str]) -> str:
        code = int(next(group for group in match.groups() if group), 16)
        return chr(code) if code <= 0x10FFFF else match.group()

    return _LINE_ESCAPES.sub(" ", _ESCAPES.sub(letter, text))


def _rtf_text(text: str) -> str:
    """An RTF file's text: as written, and with its escapes (``\\'fc``, ``\\u252?``)
    decoded and its control words and groups dropped."""

    def letter(match: re.Match[str]) -> str:
        byte, code = match.groups()
        if byte is not None:
            return bytes([int(byte, 16)]).decode("cp1252", errors="replace")
        number = int(code) % 65536  # RTF writes code points above 32767 as negative
        return chr(number)

    special = {"\\~": " ", "\\-": "", "\\_": "-"}  # no-break space, soft and hard hyphen
    decoded = _RTF_ESCAPES.sub(letter, text)
    for control, replacement in special.items():
        decoded = decoded.replace(control, replacement)
    return " ".join([text, _RTF_CONTROLS.sub("", decoded)])


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
    return html.unescape(text)


def _pdf_text(data: bytes) -> str:
    """A PDF's text and document properties; ``NotSearchable`` for one with a page that
    shows an image but no text (a scan): what the image shows is not searched."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with _quiet_pypdf():
            reader = PdfReader(io.BytesIO(data))
            # what a PDF shows besides its pages: its document properties (title, ...)
            properties = [str(value) for value in (reader.metadata or {}).values()]
            pages = [page.extract_text() or "" for page in reader.pages]
            scanned = [number for number, (page, text)
                       in enumerate(zip(reader.pages, pages, strict=True), 1)
                       if not text.strip() and len(page.images) > 0]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValueError(f"als PDF nicht lesbar ({type(error).__name__})") from None
    text = "\n".join([*properties, *pages])
    if scanned:
        raise NotSearchable(f"ist ein PDF, dessen Seite {scanned[0]} nur ein Bild zeigt "
                            "(gescannt?); was darauf steht, kann vorlagen nicht durchsuchen",
                            text)
    return text


_quiet_threads: dict[int, int] = {}
"""The threads reading a PDF now (``_quiet_pypdf``), each with how many reads deep."""
_quiet_lock = threading.Lock()


class _QuietPypdf(logging.Handler):
    """On pypdf's logger while a thread reads a PDF: that thread's records ("EOF marker
    not found", "invalid pdf header") are dropped, the German message says what is wrong.
    Being a handler at all keeps Python's last resort from printing them; a record of
    another thread is printed by the last resort still where no handler of the host
    program takes it, as without this handler."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread in _quiet_threads:
            return
        logger: logging.Logger | None = logging.getLogger(record.name)
        while logger is not None:
            if any(not isinstance(handler, _QuietPypdf) for handler in logger.handlers):
                return  # the host program's own handlers have it
            logger = logger.parent if logger.propagate else None
        last = logging.lastResort
        if last is not None and record.levelno >= last.level:
            last.handle(record)


_QUIET = _QuietPypdf()


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """While this thread reads a PDF, pypdf's English warnings of this thread do not
    reach standard error (the host program's own logging handlers still get them); the
    handler is on pypdf's logger only during such reads, nothing stays behind."""
    thread = threading.get_ident()
    pypdf_logger = logging.getLogger("pypdf")
    with _quiet_lock:
        _quiet_threads[thread] = _quiet_threads.get(thread, 0) + 1
        if _QUIET not in pypdf_logger.handlers:
            pypdf_logger.addHandler(_QUIET)
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_threads[thread] -= 1
            if not _quiet_threads[thread]:
                del _quiet_threads[thread]
            if not _quiet_threads:
                pypdf_logger.removeHandler(_QUIET)

"""``vorlagen design check``: a Design's files checked before anyone renders.

Word and LibreOffice give no warning when a placeholder is misspelled, nor when they
split one over several runs (spell checking, an edit in the middle of the name). This
check opens both templates of a folder and names every such placeholder with where it
stands (the file, which header or footer, which paragraph), and every style the writer
needs but the template lacks.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from vorlagen.compose import PLATZHALTER
from vorlagen.design_files import DOCX, NOT_A_FILE, ODT, check_images, design_file
from vorlagen.errors import InputError, Problem, VorlagenError
from vorlagen.inputs import check_package
from vorlagen.writers import placeholders

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"

KNOWN = sorted({*PLATZHALTER, "angaben", *placeholders.SLOTS})
"""Every name a placeholder may use."""

_DOCX_PARTS = {("headerReference", "default"): "Kopfzeile",
               ("headerReference", "first"): "Kopfzeile der ersten Seite",
               ("headerReference", "even"): "Kopfzeile gerader Seiten",
               ("footerReference", "default"): "Fußzeile",
               ("footerReference", "first"): "Fußzeile der ersten Seite",
               ("footerReference", "even"): "Fußzeile gerader Seiten"}
_ODT_PARTS = {"header": "Kopfzeile", "header-first": "Kopfzeile der ersten Seite",
              "header-left": "Kopfzeile linker Seiten", "footer": "Fußzeile",
              "footer-first": "Fußzeile der ersten Seite",
              "footer-left": "Fußzeile linker Seiten"}
BODY = "Textkörper"


def check_folder(folder: Path) -> list[tuple[Path, list[Problem]]]:
    """Each template of ``folder`` with the problems found in it (none: it is fine).
    A folder without any template is an InputError."""
    found = []
    for name, check in ((DOCX, check_docx), (ODT, check_odt)):
        path = design_file(folder, name)
        if path.exists() and not path.is_file():  # refused unread, as ``render`` does
            found.append((path, [Problem("", NOT_A_FILE)]))
        elif path.is_file():
            try:
                found.append((path, check(path)))
            except InputError as error:
                found.append((path, error.problems))
    if not found:
        raise InputError(str(folder), [Problem("", (
            "weder design.docx noch design.odt gefunden (ein Ordner wie ihn "
            "'vorlagen design export standard ORDNER' anlegt)"))])
    return found


def check_docx(path: Path) -> list[Problem]:
    """Placeholders and styles of a DOCX template."""
    from vorlagen.writers.docx import design_problems

    check_package(path, "keine gültige DOCX-Datei")
    check_images(path, path.read_bytes())
    problems: list[Problem] = []
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _docx_parts(archive)
            for label, xml in parts:
                problems += _paragraph_problems(
                    label, (list(_docx_runs(p)) for p in
                            etree.fromstring(xml).iter(f"{{{W}}}p")))
    except (KeyError, etree.XMLSyntaxError) as error:
        raise InputError(str(path), [Problem("", f"keine gültige DOCX-Datei ({error})")]
                         ) from None
    if not problems:
        problems += _filled_docx(path)
    return problems + design_problems(path)


SAMPLE = tuple((name, "") for name in PLATZHALTER)
"""The values the check fills placeholders with: each empty, as for a paper without them."""


def _filled_docx(path: Path) -> list[Problem]:
    """What ``render`` refuses when it fills the DOCX template's placeholders (a sandbox
    escape, a result too long, too many loop steps): the same fill, the same message."""
    from vorlagen.writers.docx import filled

    try:
        filled(path, path.read_bytes(), SAMPLE)
    except InputError as error:
        return error.problems
    return []


def _filled_odt(path: Path, styles: str) -> list[Problem]:
    """What ``render`` refuses when it fills the ODT template's placeholders, as for the
    DOCX template."""
    start, end = styles.find("<office:master-styles"), styles.find("</office:master-styles>")
    if start < 0 or end < 0:
        return []
    try:
        placeholders.render(placeholders.merged(styles[start:end]), SAMPLE, str(path),
                            "Kopf- und Fußzeilen")
    except InputError as error:
        return error.problems
    return []


def _docx_parts(archive: zipfile.ZipFile) -> list[tuple[str, bytes]]:
    """The main part and each header and footer, with what Word calls them."""
    main = "word/document.xml"
    document = archive.read(main)
    targets: dict[str, str] = {}
    rels_name = "word/_rels/document.xml.rels"
    if rels_name in archive.namelist():
        for relationship in etree.fromstring(archive.read(rels_name)):
            targets[relationship.get("Id", "")] = relationship.get("Target", "")
    labels: dict[str, str] = {}
    for reference in etree.fromstring(document).iter(f"{{{W}}}headerReference",
                                                     f"{{{W}}}footerReference"):
        kind = (etree.QName(reference).localname, reference.get(f"{{{W}}}type", "default"))
        target = targets.get(reference.get(f"{{{R}}}id", ""), "")
        if target:
            labels.setdefault("word/" + target.lstrip("/").removeprefix("word/"),
                              _DOCX_PARTS.get(kind, kind[0]))
    parts = [(BODY, document)]
    parts += [(label, archive.read(name)) for name, label in sorted(labels.items())
              if name in archive.namelist()]
    return parts


def _docx_runs(paragraph: etree._Element) -> Iterator[str]:
    """The text of each run of a paragraph, in order (its w:t pieces joined)."""
    for run in paragraph.iter(f"{{{W}}}r"):
        yield "".join(text.text or "" for text in run.iter(f"{{{W}}}t"))


def check_odt(path: Path) -> list[Problem]:
    """Placeholders and styles of an ODT template."""
    from vorlagen.writers.odt import design_problems

    check_package(path, "keine gültige ODT-Datei")
    check_images(path, path.read_bytes())
    problems: list[Problem] = []
    try:
        with zipfile.ZipFile(path) as archive:
            styles_xml = archive.read("styles.xml")
            styles = etree.fromstring(styles_xml)
            content = etree.fromstring(archive.read("content.xml"))
    except (KeyError, etree.XMLSyntaxError) as error:
        raise InputError(str(path), [Problem("", f"keine gültige ODT-Datei ({error})")]
                         ) from None
    masters = list(styles.iter(f"{{{STYLE}}}master-page"))
    for master in masters:
        page = master.get(f"{{{STYLE}}}name", "")
        for part in master:
            local = etree.QName(part).localname
            if local in _ODT_PARTS:
                label = _ODT_PARTS[local] + (f" ({page})" if len(masters) > 1 else "")
                problems += _paragraph_problems(label, (
                    _texts(p) for p in part.iter(f"{{{TEXT}}}p", f"{{{TEXT}}}h")))
    problems += _paragraph_problems(BODY, (
        _texts(p) for p in content.iter(f"{{{TEXT}}}p", f"{{{TEXT}}}h")))
    if not problems:
        problems += _filled_odt(path, styles_xml.decode("utf-8", "replace"))
    return problems + design_problems(path)


def _texts(paragraph: etree._Element) -> list[str]:
    """The text nodes of an ODF paragraph, in order: a span or a space element ends one."""
    return [str(text) for text in paragraph.itertext()]


def _paragraph_problems(label: str, paragraphs: Iterator[list[str]]) -> list[Problem]:
    """What is wrong with the placeholders of one part's paragraphs, each given as the
    texts of its runs."""
    problems = []
    header = label.startswith("Kopfzeile")
    footer = label.startswith("Fußzeile")
    for number, pieces in enumerate(paragraphs, start=1):
        where = f"{label}, Absatz {number}"
        for found in placeholders.placeholders(pieces):
            if found.error is not None:
                problems.append(Problem(where, f"{found.text} ist fehlerhaft: {found.error}"))
                continue
            if label == BODY:
                problems.append(Problem(where, (
                    f"{found.text} steht im Textkörper; den schreibt vorlagen neu, der "
                    "Platzhalter würde nicht gefüllt. Platzhalter gehören in Kopf- und "
                    "Fußzeilen")))
                continue
            for name in found.names:
                if name not in KNOWN:
                    problems.append(Problem(where, placeholders.unknown(name, KNOWN)))
                elif (name == "kopfzeile" and not header) or (name == "fusszeile"
                                                              and not footer):
                    place = "eine Kopfzeile" if name == "kopfzeile" else "eine Fußzeile"
                    problems.append(Problem(where, f"{{{{ {name} }}}} gehört in {place}"))
                elif name in placeholders.PARAGRAPH_SLOTS and \
                        "".join(pieces).strip() != found.text:
                    problems.append(Problem(where, (
                        f"{{{{ {name} }}}} muss allein in seinem Absatz stehen (er wird "
                        "durch ganze Absätze ersetzt)")))
            if found.split:
                problems.append(Problem(where, (
                    f"{found.text} ist über mehrere Textabschnitte verteilt (verschieden "
                    "formatiert oder von der Rechtschreibprüfung geteilt); neu und in einem "
                    "Zug tippen, oder formatieren, damit er einheitlich aussieht")))
    return problems


def checked(folder: Path) -> tuple[list[Path], list[VorlagenError]]:
    """The templates of ``folder`` that are fine, and an InputError for each that is not."""
    fine: list[Path] = []
    errors: list[VorlagenError] = []
    for path, problems in check_folder(folder):
        if problems:
            errors.append(InputError(str(path), problems))
        else:
            fine.append(path)
    return fine, errors

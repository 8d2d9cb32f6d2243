"""The DOCX writer and its package: the template opened and filled, its styles and
list numbering looked up, the page furniture (headers, footers, landscape) and the
metadata set, and the whole saved with the body streamed into its main part.

python-docx opens the template and saves the package's small parts; the body, built as
XML text by ``vorlagen.writers.docx_body``, is streamed into the main part, never
parsed, which keeps long tables linear in their rows (python-docx's ``add_row`` is not)
and small in memory, and puts all escaping in one place. python-docx has no API for
numbered lists, page fields or repeating header rows, so those are written as the
WordprocessingML that Word itself writes.
"""

from __future__ import annotations

import copy
import functools
import io
import itertools
import re
import zipfile
from collections.abc import Iterator, Mapping
from datetime import UTC
from pathlib import Path
from typing import Any

from vorlagen.errors import InputError, Problem
from vorlagen.tree import (
    Block,
    Document,
    Field,
    FieldKind,
    Heading,
    ListBlock,
    Text,
    walk,
)
from vorlagen.writers import placeholders
from vorlagen.writers.docx_body import (
    BULLET_STYLES,
    HEADING_STYLES,
    NUMBER_STYLES,
    ROLE_STYLES,
    TABLE_STYLE,
    DocxBody,
)
from vorlagen.writers.package import (
    Carried,
    blanked,
    carried,
    design_bytes,
    rezip,
    write_package,
)
from vorlagen.writers.xmltext import clean

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

REQUIRED_HEADINGS = 3
"""Heading 1 to 3 every paper may use; 4 to 6 only a paper with such nested headings
needs, so a template saved by Word without them is reported only then."""

GERMAN_UI_NAMES = {
    "Body Text": "Textkörper",
    "Title": "Titel",
    "Heading 1": "Überschrift 1",
    "Heading 2": "Überschrift 2",
    "Heading 3": "Überschrift 3",
    "Heading 4": "Überschrift 4",
    "Heading 5": "Überschrift 5",
    "Heading 6": "Überschrift 6",
    "List Bullet": "Aufzählungszeichen",
    "List Bullet 2": "Aufzählungszeichen 2",
    "List Bullet 3": "Aufzählungszeichen 3",
    "List Number": "Listennummer",
    "List Number 2": "Listennummer 2",
    "List Number 3": "Listennummer 3",
    "Footer": "Fußzeile",
    "Table Grid": "Tabellenraster",
}
"""How German Word shows the built-in styles, so a message names what the user sees."""

REQUIRED_STYLES = (
    *ROLE_STYLES.values(), *HEADING_STYLES[:REQUIRED_HEADINGS], *BULLET_STYLES,
    *NUMBER_STYLES, TABLE_STYLE
)


class DocxWriter:
    format = "docx"
    extension = ".docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    design_file = "design.docx"

    def write(self, document: Document, template: Path) -> bytes:
        package, media = _open_design(template, document.placeholders)
        deepest, numbered = _outline(document.body)
        styles = _style_ids(package, template, HEADING_STYLES[REQUIRED_HEADINGS:deepest])
        body = package.element.body
        section = package.sections[0]
        if document.landscape:
            _turn(section)
        text_width = (section.page_width - section.left_margin - section.right_margin) / 12700
        cell_font = package.styles[ROLE_STYLES["table-cell"]].font.size
        numbering = _Numbering(package, template)
        builder = DocxBody(styles, numbering.bullet_num, text_width,
                           cell_font.pt if cell_font is not None else 10.0)

        from docx.oxml.ns import qn

        _furnish(package, document, builder)
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        # Before saving: the numbering part must hold every list's numbering instance.
        builder.number_lists([numbering.restarted() for _ in range(numbered)])
        _set_metadata(package, document)
        return _save(package, builder.blocks(document.body), media)


def _outline(blocks: tuple[Block, ...]) -> tuple[int, int]:
    """The deepest heading level and the number of numbered lists, in one walk."""
    deepest = numbered = 0
    for block in walk(blocks):
        if isinstance(block, Heading):
            deepest = max(deepest, block.level)
        elif isinstance(block, ListBlock) and block.ordered:
            numbered += 1
    return deepest, numbered


def _turn(section: Any) -> None:
    """The section's page in landscape: width and height swapped, margins kept."""
    from docx.enum.section import WD_ORIENT

    width, height = section.page_width, section.page_height
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = max(width, height), min(width, height)


def _furnish(package: Any, document: Document, builder: DocxBody) -> None:
    """The page furniture: the template's headers and footers, their slots filled, and
    vorlagen's own lines where the template leaves them out.

    The first page gets the document's ``header``; the others ``header`` and
    ``header_following``; all of them the ``footer``. A header or footer of the template
    keeps what it holds: the lines go into its ``{{ kopfzeile }}``/``{{ fusszeile }}``
    slot, or, without one, a header gets them on top and a footer below, unless it
    numbers its pages itself. An empty one gets the lines alone.
    """
    section = package.sections[0]
    had_first = section.different_first_page_header_footer
    first_page = had_first or bool(document.header_following)
    section.different_first_page_header_footer = first_page
    lines = {("hdr", False): (*document.header, *document.header_following),
             ("hdr", True): document.header,
             ("ftr", False): document.footer, ("ftr", True): document.footer}
    for tag, following, first in (("hdr", section.header, section.first_page_header),
                                  ("ftr", section.footer, section.first_page_footer)):
        pages = [(following, False)]
        if first_page:
            if not had_first:  # the template's pages all alike: the first a copy of them
                _copy_part(following, first)
            pages.append((first, True))
        for part, is_first in pages:
            if part.is_linked_to_previous and not lines[tag, is_first]:
                continue  # neither the template nor vorlagen has anything for it
            part.is_linked_to_previous = False
            xml = "".join(builder.paragraph(p) for p in lines[tag, is_first])
            _fill(part.part.element, tag, xml)
            _fields(part.part.element)


def _copy_part(source: Any, target: Any) -> None:
    """``target`` (a header or footer) made a copy of ``source``, its pictures and links
    related to the new part."""
    import copy

    from docx.oxml.ns import qn

    source_linked = source.is_linked_to_previous
    target.is_linked_to_previous = False
    element = target.part.element
    for child in list(element):
        element.remove(child)
    if source_linked:
        return
    source_part, target_part = source.part, target.part
    relationship_attributes = [qn(name) for name in ("r:embed", "r:id", "r:link", "r:pict")]
    for child in source.part.element:
        copied = copy.deepcopy(child)
        for node in copied.iter():
            for attribute in relationship_attributes:
                old = node.get(attribute)
                if old is not None and old in source_part.rels:
                    relationship = source_part.rels[old]
                    node.set(attribute, target_part.relate_to(
                        relationship.target_ref if relationship.is_external
                        else relationship.target_part,
                        relationship.reltype, is_external=relationship.is_external))
        element.append(copied)


def _fill(element: Any, tag: str, xml: str) -> None:
    """One header (``hdr``) or footer (``ftr``) with vorlagen's lines ``xml`` put in."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    ours = list(parse_xml(f'<w:{tag} xmlns:w="{W_NS}">{xml}</w:{tag}>'))
    slot = placeholders.marker("kopfzeile" if tag == "hdr" else "fusszeile")
    slots = [p for p in element.iter(qn("w:p")) if slot in _text(p)]
    for other in placeholders.PARAGRAPH_SLOTS:  # the wrong kind of slot here: left empty
        if placeholders.marker(other) != slot:
            for p in element.iter(qn("w:p")):
                _clear_marker(p, placeholders.marker(other))
    placeholders.put_lines(element, ours, slots, header=tag == "hdr",
                           holds_content=_holds_content(element),
                           numbers_pages=_numbers_pages(element),
                           clear=lambda place: _clear_marker(place, slot))
    if not any(child.tag in (qn("w:p"), qn("w:tbl")) for child in element):
        element.append(parse_xml(f'<w:p xmlns:w="{W_NS}"/>'))


def _text(element: Any) -> str:
    from docx.oxml.ns import qn

    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _clear_marker(element: Any, mark: str) -> None:
    from docx.oxml.ns import qn

    for text in element.iter(qn("w:t")):
        if text.text and mark in text.text:
            text.text = text.text.replace(mark, "")


def _holds_content(element: Any) -> bool:
    """Whether a header or footer shows anything: text, a picture, a field."""
    from docx.oxml.ns import qn

    if _text(element).strip():
        return True
    shown = {qn(name) for name in ("w:drawing", "w:pict", "w:object", "w:fldSimple",
                                   "w:instrText", "w:sym")}
    return any(node.tag in shown for node in element.iter())


def _numbers_pages(element: Any) -> bool:
    """Whether a footer shows page numbers itself (a PAGE field or ``{{ seite }}``)."""
    from docx.oxml.ns import qn

    instructions = [node.text or "" for node in element.iter(qn("w:instrText"))]
    instructions += [node.get(qn("w:instr"), "") for node in element.iter(qn("w:fldSimple"))]
    return (any(re.search(r"\bPAGE\b", text) for text in instructions)
            or placeholders.marker("seite") in _text(element))


def _fields(element: Any) -> None:
    """Every ``{{ seite }}``/``{{ seiten }}`` marker in ``element`` made a field, in runs
    that look like the run it stood in."""
    import copy

    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    kinds: dict[str, FieldKind] = {"seite": "page", "seiten": "pages"}
    for text in list(element.iter(qn("w:t"))):
        if not text.text or not placeholders.MARKER.search(text.text):
            continue
        run = text.getparent()
        look = run.find(qn("w:rPr"))
        pieces = placeholders.MARKER.split(text.text)
        xml = "".join(
            (run(Field(kinds[piece])) if piece in kinds else "") if index % 2
            else (run(Text(piece)) if piece else "")
            for index, piece in enumerate(pieces))
        for made in parse_xml(f'<w:p xmlns:w="{W_NS}">{xml}</w:p>'):
            if look is not None:
                made.insert(0, copy.deepcopy(look))
            run.addprevious(made)
        run.remove(text)
        if all(child.tag == qn("w:rPr") for child in run):
            run.getparent().remove(run)


_BODY_MARK = "vorlagen-body"


def _save(package: Any, body: Iterator[str], media: dict[str, Carried]) -> bytes:
    """The package's bytes with the XML ``body`` yields as the main document's body, and
    the template's images (``media``, emptied in ``package``) carried over as they are.

    python-docx serialises the package's parts with a marker where the body goes; the
    main part is then written around the body, streamed into the zip as it is built. The
    long part of a paper is never parsed into or serialised from an object tree, nor held
    as one string, which keeps tables of any length linear in their rows and small in
    memory.
    """
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from lxml import etree

    root = package.part.element
    section_properties = root.body.find(qn("w:sectPr"))
    if root.nsmap.get("w") != W_NS:  # "w" means something else here: the slow, general way
        body_xml = "".join(body)
        for child in list(parse_xml(f'<w:body xmlns:w="{W_NS}">{body_xml}</w:body>')):
            if section_properties is not None:
                section_properties.addprevious(child)
            else:
                root.body.append(child)
        saved = _saved(package)
        with zipfile.ZipFile(io.BytesIO(saved)) as written:  # python-docx drops orphans
            kept = {name: entry for name, entry in media.items()
                    if name in written.namelist()}
        return rezip(saved, {**_application(package), **kept})
    marker = etree.Comment(_BODY_MARK)
    if section_properties is not None:
        section_properties.addprevious(marker)
    else:
        root.body.append(marker)
    name = package.part.partname.lstrip("/")
    entries = _entries(package, {**_application(package), **media})
    main = dict(entries)[name]
    if not isinstance(main, bytes):  # only images are carried over
        raise RuntimeError(f"{name} is not XML")
    part = main.decode("utf-8")
    mark = f"<!--{_BODY_MARK}-->"
    if part.count(mark) != 1:
        raise RuntimeError(f"body marker not found once in {name}")
    before, after = part.split(mark)
    return write_package(
        (entry, itertools.chain((before,), body, (after,)) if entry == name else data)
        for entry, data in entries)


def _entries(package: Any, replaced: Mapping[str, bytes | Carried]
             ) -> list[tuple[str, bytes | Carried]]:
    """The zip entries python-docx's ``save`` writes, in its order, without zipping
    them (which the body, streamed in afterwards, would make a second time): the
    content types, the package's relationships, then each part (or its bytes in
    ``replaced``) and its relationships."""
    from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI

    opc = package.part.package
    parts = list(opc.iter_parts())
    for part in parts:
        part.before_marshal()
    entries: list[tuple[str, bytes | Carried]] = [
        (CONTENT_TYPES_URI.membername, _content_types(parts)),
        (PACKAGE_URI.rels_uri.membername, opc.rels.xml)]
    for part in parts:
        entries.append((part.partname.membername,
                        replaced.get(part.partname.membername, part.blob)))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, part.rels.xml))
    return entries


_CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def _content_types(parts: list[Any]) -> bytes:
    """``[Content_Types].xml`` of a package of ``parts``, as python-docx writes it: a
    Default per extension whose content type is the usual one for it (OPC's table in
    ``docx.opc.spec``), an Override per other part, both sorted."""
    from docx.opc.constants import CONTENT_TYPE
    from docx.opc.spec import default_content_types
    from lxml import etree

    defaults = {"rels": CONTENT_TYPE.OPC_RELATIONSHIPS, "xml": CONTENT_TYPE.XML}
    overrides: dict[str, str] = {}
    for part in parts:
        extension = part.partname.ext
        if (extension.lower(), part.content_type) in default_content_types:
            defaults[extension.lower()] = part.content_type
        else:
            overrides[str(part.partname)] = part.content_type
    types = etree.fromstring(f'<Types xmlns="{_CONTENT_TYPES_NS}"/>')
    for extension in sorted(defaults):
        etree.SubElement(types, f"{{{_CONTENT_TYPES_NS}}}Default",
                         {"Extension": extension, "ContentType": defaults[extension]})
    for partname in sorted(overrides):
        etree.SubElement(types, f"{{{_CONTENT_TYPES_NS}}}Override",
                         {"PartName": partname, "ContentType": overrides[partname]})
    return etree.tostring(types, encoding="UTF-8", standalone=True)


def _saved(package: Any) -> bytes:
    out = io.BytesIO()
    package.save(out)
    return out.getvalue()


def _open_design(template: Path, values: tuple[tuple[str, str], ...] = ()
                 ) -> tuple[Any, dict[str, Carried]]:
    """The template as a python-docx document, its placeholders filled by docxtpl if it
    has any (a template without them is a copy of the one opened first, which is quicker),
    and its images: the document holds them empty, the writer carries them over as bytes."""
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    data = design_bytes(template, "keine gültige DOCX-Datei")
    try:
        media = carried(data, _MEDIA)
        opened = blanked(data, _MEDIA)
        if not _has_placeholders(opened):
            return copy.deepcopy(_pristine(opened)), media
        return filled(template, opened, values), media
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError,
            LxmlError) as error:
        raise InputError(
            str(template), [Problem("", f"keine gültige DOCX-Datei ({error})")]
        ) from None


@functools.lru_cache(maxsize=8)
def _pristine(template: bytes) -> Any:
    """The template opened by python-docx once per process; each file starts from a
    copy of it (copying takes half the time of opening)."""
    from docx import Document as open_document

    return open_document(io.BytesIO(template))


@functools.lru_cache(maxsize=8)
def _has_placeholders(template: bytes) -> bool:
    """Whether the main part, a header or a footer of the template holds ``{{``/``{%``;
    looked at once per template (``design_bytes`` hands out the same bytes object,
    whose hash Python keeps)."""
    with zipfile.ZipFile(io.BytesIO(template)) as archive:
        return any(placeholders.HAS_PLACEHOLDER.search(archive.read(name))
                   for name in archive.namelist() if _TEMPLATED_PART.fullmatch(name))


_MEDIA = "word/media/"
"""Where a DOCX package keeps its images."""
_TEMPLATED_PART = re.compile(r"word/(document|header\d*|footer\d*)\.xml")


def filled(template: Path, data: bytes, values: tuple[tuple[str, str], ...]) -> Any:
    """The template (``data``, read from ``template``) with docxtpl's rendering of its
    placeholders, in the sandbox with every value escaped; slots become markers that
    ``_furnish`` replaces."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    filled = DocxTemplate(io.BytesIO(data))
    names = placeholders.context(values)
    try:
        filled.render(names, jinja_env=placeholders.environment(), autoescape=True)
    except (TemplateError, *placeholders.RENDER_ERRORS) as error:
        raise placeholders.template_error(error, names, str(template),
                                          "Kopf- und Fußzeilen") from None
    # docxtpl swaps the header and footer parts behind python-docx's back: a fresh
    # python-docx document of what it rendered sees them all.
    from docx import Document as open_document

    out = io.BytesIO()
    filled.save(out)
    return open_document(out)


def design_problems(template: Path) -> list[Problem]:
    """What a DOCX template lacks that this writer needs: styles, list numbering."""
    from docx import Document as open_document

    try:
        package = open_document(str(template))
        _style_ids(package, template)
        _Numbering(package, template)
    except InputError as error:
        return error.problems
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        return [Problem("", f"keine gültige DOCX-Datei ({error})")]
    return []


def _style_ids(package: Any, template: Path, also: tuple[str, ...] = ()) -> dict[str, str]:
    """The style ids of the styles the writer uses (and of ``also``, styles this
    document needs); all missing ones reported at once."""
    ids: dict[str, str] = {}
    missing: list[str] = []
    from docx.oxml.ns import qn
    from docx.styles import BabelFish

    present: dict[str, str] = {}  # by name as stored, first one wins, as python-docx finds
    for element in package.styles.element.iterchildren(qn("w:style")):
        name_element = element.find(qn("w:name"))
        if name_element is not None:
            present.setdefault(name_element.get(qn("w:val")), element.get(qn("w:styleId")))
    for name in (*REQUIRED_STYLES, *also):
        stored = BabelFish.ui2internal(name)  # "Heading 1" is stored as "heading 1"
        if stored in present:
            ids[name] = present[stored]
        else:
            missing.append(_shown(name))
    if missing:
        raise InputError(
            str(template),
            [Problem("", "Formatvorlage fehlt: " + ", ".join(missing) + ". In Word einmal "
                     "anwenden und die Design-Datei speichern, dann ist sie enthalten.")],
        )
    return ids


def _shown(style_name: str) -> str:
    """A style's name as a message shows it, with the name German Word uses beside it."""
    german = GERMAN_UI_NAMES.get(style_name)
    return f"{style_name!r} (in deutschem Word: {german!r})" if german else repr(style_name)


class _Numbering:
    """Numbering instances: one per numbered list so that each list restarts at 1."""

    def __init__(self, package: Any, template: Path) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self._element = package.part.numbering_part.element
        nums = self._element.findall(qn("w:num"))
        self._next_id = max((int(n.get(qn("w:numId"))) for n in nums), default=0) + 1
        self._last_num = nums[-1] if nums else None
        self._package = package
        bullet_num = self._style_num(BULLET_STYLES[0])
        number_abstract = self._abstract_of(self._style_num(NUMBER_STYLES[0]))
        if bullet_num is None or number_abstract is None:
            unnumbered = [name for name, found in ((BULLET_STYLES[0], bullet_num),
                                                   (NUMBER_STYLES[0], number_abstract))
                          if found is None]
            named = ", ".join(_shown(name) for name in unnumbered)
            raise InputError(str(template), [Problem(
                "", f"Formatvorlage ohne Aufzählung/Nummerierung: {named}. In Word der "
                    "Formatvorlage eine Liste zuweisen und die Design-Datei speichern.")])
        self.bullet_num = bullet_num
        self._number_abstract = number_abstract

    def _style_num(self, style_name: str) -> int | None:
        qn = self._qn
        num_id = self._package.styles[style_name].element.find(
            f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}"
        )
        return int(num_id.get(qn("w:val"))) if num_id is not None else None

    def _abstract_of(self, num_id: int | None) -> int | None:
        qn = self._qn
        for num in self._element.findall(qn("w:num")):
            if int(num.get(qn("w:numId"))) == num_id:
                abstract = num.find(qn("w:abstractNumId"))
                return int(abstract.get(qn("w:val"))) if abstract is not None else None
        return None

    def restarted(self) -> int:
        """A new numbering instance for one numbered list, starting at 1 on every level."""
        from docx.oxml import parse_xml

        num_id = self._next_id
        self._next_id += 1
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="1"/></w:lvlOverride>'
            for level in range(9)
        )
        num = parse_xml(
            f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{self._number_abstract}"/>{overrides}</w:num>'
        )
        # The schema wants every w:num after the w:abstractNum definitions and before
        # whatever Word may put last (w:numIdMacAtCleanup). A template with a numbered
        # list style has at least one w:num, so there is always a last one.
        assert self._last_num is not None
        self._last_num.addnext(num)
        self._last_num = num
        return num_id


def _set_metadata(package: Any, document: Document) -> None:
    from docx.oxml.ns import qn

    meta = document.metadata
    properties = package.core_properties
    properties.title = _property(meta.title)
    properties.subject = _property(meta.subject)
    properties.author = _property(meta.author)
    properties.last_modified_by = _property(meta.author)
    properties.keywords = _property(", ".join(meta.keywords))
    properties.language = meta.language
    properties.comments = ""
    if meta.created is not None:
        moment = meta.created.astimezone(UTC).replace(tzinfo=None)
        properties.created = properties.modified = moment
    # The language of theme fonts; the element has a fixed place in settings.xml, so it
    # is changed where the template has it, never appended.
    settings = package.settings.element
    for theme_language in settings.findall(qn("w:themeFontLang")):
        theme_language.set(qn("w:val"), meta.language)
    # The body is written as Word 2013 and later write it: no compatibility mode.
    for setting in settings.findall(f"{qn('w:compat')}/{qn('w:compatSetting')}"):
        if setting.get(qn("w:name")) == "compatibilityMode" and \
                int(setting.get(qn("w:val"), "0") or 0) < COMPATIBILITY_MODE:
            setting.set(qn("w:val"), str(COMPATIBILITY_MODE))


COMPATIBILITY_MODE = 15
"""Word 2013 and later; a lower value opens the paper in compatibility mode."""
_APPLICATION = re.compile(r"<Application>[^<]*</Application>|<AppVersion>[^<]*</AppVersion>")


def _application(package: Any) -> dict[str, bytes]:
    """The application properties naming vorlagen as the program that wrote the file,
    where the template may name another (Word, LibreOffice) with its version, by zip
    entry (none if the template has no such part)."""
    replaced = {}
    for relationship in package.part.package.rels.values():
        if relationship.reltype.endswith("/extended-properties"):
            part = relationship.target_part
            xml = part.blob.decode("utf-8")
            named = _APPLICATION.sub("", xml)
            close = named.index(">", named.index("<Properties")) + 1
            replaced[part.partname.membername] = (
                named[:close] + "<Application>vorlagen</Application>" + named[close:]
            ).encode("utf-8")
    return replaced


_PROPERTY_LENGTH = 255
"""The most characters Word's document properties hold (python-docx refuses more)."""


def _property(value: str) -> str:
    """A document property: XML-legal, and cut to 255 characters with an ellipsis."""
    text = clean(value)
    return text if len(text) <= _PROPERTY_LENGTH else text[: _PROPERTY_LENGTH - 1] + "…"

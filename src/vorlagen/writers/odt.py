"""The ODT writer and its package: the template read, its styles checked, the page
furniture (headers, footers, landscape) and the metadata set, and content.xml,
styles.xml and meta.xml written into the template's zip.

odfpy loads the template (its named styles, page layout and master page) once per
process; what the writer needs of it is kept as text (``_Design``), so a batch of
papers does not load it again for each file. The body is built as XML text by
``vorlagen.writers.odt_body``, never as odfpy elements (which cost about 0.3 s per
1,000 table rows), and streamed into content.xml piece by piece.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError

from vorlagen.errors import InputError, Problem
from vorlagen.tree import (
    Document,
)
from vorlagen.writers import placeholders
from vorlagen.writers.odt_body import (
    CELL_STYLES,
    HEADING_STYLES,
    LIST_PARAGRAPH_STYLES,
    LIST_STYLES,
    ROLE_STYLES,
    OdtBody,
)
from vorlagen.writers.package import blanked, design_bytes, rezip
from vorlagen.writers.xmltext import clean, escape

REQUIRED_HEADINGS = 3
"""Heading 1 to 3 every paper may use; 4 to 6 only a paper with such nested headings."""

GERMAN_UI_NAMES = {
    "Text_20_body": "Textkörper",
    "Title": "Titel",
    "Heading_20_1": "Überschrift 1",
    "Heading_20_2": "Überschrift 2",
    "Heading_20_3": "Überschrift 3",
    "Heading_20_4": "Überschrift 4",
    "Heading_20_5": "Überschrift 5",
    "Heading_20_6": "Überschrift 6",
    "Footer": "Fußzeile",
}
"""How German LibreOffice shows its built-in styles, so a message names what the user sees."""

REQUIRED_STYLES = (
    *ROLE_STYLES.values(), *HEADING_STYLES[:REQUIRED_HEADINGS], *LIST_PARAGRAPH_STYLES.values(),
    *LIST_STYLES.values(), *CELL_STYLES.values(),
)


class OdtWriter:
    format = "odt"
    extension = ".odt"
    media_type = "application/vnd.oasis.opendocument.text"
    design_file = "design.odt"

    def write(self, document: Document, template: Path) -> bytes:
        prepared = _open_design(template, document.landscape)
        builder = OdtBody(prepared.text_width, prepared.font_size, prepared.cell_styles,
                          prepared.list_levels)
        builder.prepare(document.body)
        _check_styles(prepared.present, template,
                      HEADING_STYLES[REQUIRED_HEADINGS:builder.deepest_heading])
        lines = {kind: "".join(builder.paragraph(p) for p in paragraphs) for kind, paragraphs in (
            ("header", (*document.header, *document.header_following)),
            ("header-first", document.header),
            ("footer", document.footer), ("footer-first", document.footer))}
        styles, version = _styles_xml(prepared.styles_xml, lines,
                                      bool(document.header_following),
                                      document.placeholders, template)
        return rezip(prepared.data, {
            "content.xml": _content_xml(prepared.fonts, builder.automatic_styles,
                                        builder.blocks(document.body), version),
            "styles.xml": _with_text_styles(styles, builder.text_styles),
            "meta.xml": _generator(_declared(_meta_xml(prepared.meta_xml, document),
                                             "office:document-meta", version)).encode(),
        })


@dataclass(frozen=True)
class _Design:
    """What the writer takes from an ODT template, as text: made once per template (and
    page orientation) in a process, and never changed by writing a file."""

    data: bytes
    present: frozenset[str]
    """The names of its named styles."""
    styles_xml: str
    """styles.xml, the table-cell styles taken out (they go to the automatic styles)."""
    cell_styles: tuple[str, ...]
    fonts: str
    """Its font declarations, for content.xml."""
    meta_xml: str
    """meta.xml without what ``_meta_xml`` sets for each file."""
    text_width: float
    font_size: float
    """The table cells' font size, in points."""
    list_levels: Mapping[str, Mapping[str, str]]
    """The level definitions of each of its list styles, by level number."""


def _open_design(template: Path, landscape: bool = False) -> _Design:
    """The template as the writer needs it, read once per process while the file stays
    as it is (``design_bytes`` hands out the same bytes object each time)."""
    data = design_bytes(template, "keine gültige ODT-Datei")
    try:
        return _prepared(data, landscape)
    except (zipfile.BadZipFile, KeyError, ExpatError, ValueError) as error:
        raise InputError(
            str(template), [Problem("", f"keine gültige ODT-Datei ({error})")]
        ) from None


@functools.lru_cache(maxsize=16)
def _prepared(data: bytes, landscape: bool) -> _Design:
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    # odfpy reads every picture into memory: it gets the template with its pictures
    # emptied; ``rezip`` carries them over from ``data`` as they are.
    package = load(io.BytesIO(blanked(data, "Pictures/")))
    named = [style for style in package.styles.childNodes
             if style.nodeType == style.ELEMENT_NODE]
    # LibreOffice applies table-cell styles only as automatic styles: the template's named
    # ones (their borders, padding, shading) are carried over unchanged.
    font_size = _font_size(package, ROLE_STYLES["table-cell"])
    cells = [style for style in named if _style_name(style) in CELL_STYLES.values()]
    cell_styles = tuple(_xml(style) for style in cells)
    for style in cells:
        package.styles.removeChild(style)
    list_levels = {
        _style_name(style): {str(child.attributes.get((TEXTNS, "level"))): _xml(child)
                             for child in style.childNodes
                             if child.nodeType == child.ELEMENT_NODE}
        for style in named if style.qname[1] == "list-style"}
    text_width = _text_width(package, landscape)  # turns the page first, if asked to
    replaced = {"title", "subject", "creator", "language", "initial-creator", "keyword",
                "description", "creation-date", "date"}
    for child in list(package.meta.childNodes):
        if child.qname[1] in replaced:
            package.meta.removeChild(child)
    return _Design(
        data=data,
        present=frozenset(_style_name(style) for style in named),
        styles_xml=package.stylesxml(),
        cell_styles=cell_styles,
        fonts=_xml(package.fontfacedecls) if package.fontfacedecls.hasChildNodes() else "",
        meta_xml=package.metaxml(),
        text_width=text_width,
        font_size=font_size,
        list_levels=list_levels,
    )


def design_problems(template: Path) -> list[Problem]:
    """What an ODT template lacks that this writer needs: its named styles."""
    try:
        _check_styles(_open_design(template).present, template)
    except InputError as error:
        return error.problems
    return []


def _style_name(element: Any) -> str:
    from odf.namespaces import STYLENS

    return str(element.attributes.get((STYLENS, "name"), ""))


def _check_styles(present: AbstractSet[str], template: Path, also: tuple[str, ...] = ()) -> None:
    """Every style the writer uses (and ``also``, those this document needs) is among the
    template's ``present`` ones; all missing ones reported at once."""
    missing = []
    for name in (*REQUIRED_STYLES, *also):
        if name not in present:
            shown = name.replace("_20_", " ")
            german = GERMAN_UI_NAMES.get(name)
            missing.append(f"{shown!r} (in deutschem LibreOffice: {german!r})" if german
                           else repr(shown))
    if missing:
        raise InputError(
            str(template),
            [Problem("", "Formatvorlage fehlt: " + ", ".join(missing) + ". In LibreOffice "
                     "unter Formatvorlagen anlegen und die Design-Datei speichern.")],
        )


def _text_width(package: Any, landscape: bool) -> float:
    """The width between the margins of the template's page, in points; with
    ``landscape`` the page is turned first (width and height swapped)."""
    from odf.namespaces import FONS, STYLENS

    properties = _page_properties(package)
    if properties is None:
        return _A4_TEXT_WIDTH
    attributes = properties.attributes
    width = _points(attributes.get((FONS, "page-width")))
    height = _points(attributes.get((FONS, "page-height")))
    if landscape and width is not None and height is not None:
        width, height = max(width, height), min(width, height)
        attributes[(FONS, "page-width")] = f"{width:.2f}pt"
        attributes[(FONS, "page-height")] = f"{height:.2f}pt"
        attributes[(STYLENS, "print-orientation")] = "landscape"
    if width is None:
        return _A4_TEXT_WIDTH
    margins = [_points(attributes.get((FONS, side))) or 0.0
               for side in ("margin-left", "margin-right")]
    return width - sum(margins)


_A4_TEXT_WIDTH = 16.5 / 2.54 * 72
"""Points between the margins of an A4 page with 2.5 and 2.0 cm margins, for a template
that names no page size."""


def _page_properties(package: Any) -> Any:
    """The page-layout properties of the template's standard master page, or None."""
    from odf.namespaces import STYLENS

    masters = [m for m in package.masterstyles.childNodes if m.qname[1] == "master-page"]
    if not masters:
        return None
    master = next((m for m in masters if _style_name(m) == "Standard"), masters[0])
    layout_name = master.attributes.get((STYLENS, "page-layout-name"))
    for layout in package.automaticstyles.childNodes:
        if layout.qname[1] == "page-layout" and _style_name(layout) == layout_name:
            return next((child for child in layout.childNodes
                         if child.qname[1] == "page-layout-properties"), None)
    return None


_UNITS = {"pt": 1.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0, "pc": 12.0, "px": 0.75}


def _points(length: object) -> float | None:
    """An ODF length (``21cm``, ``8.5in``, ``595pt``) in points."""
    match = re.fullmatch(r"\s*(-?[0-9.]+)\s*([a-z]+)\s*", str(length or ""))
    if match is None or match.group(2) not in _UNITS:
        return None
    return float(match.group(1)) * _UNITS[match.group(2)]


def _font_size(package: Any, style: str) -> float:
    """The font size of a named paragraph style, following its parents; 10 pt if none."""
    from odf.namespaces import FONS, STYLENS

    named = {_style_name(element): element for element in package.styles.childNodes
             if element.nodeType == element.ELEMENT_NODE}
    seen: set[str] = set()
    while style in named and style not in seen:
        seen.add(style)
        element = named[style]
        for child in element.childNodes:
            if child.qname[1] == "text-properties":
                size = _points(child.attributes.get((FONS, "font-size")))
                if size is not None:
                    return size
        style = str(element.attributes.get((STYLENS, "parent-style-name"), ""))
    return 10.0


def _xml(element: Any) -> str:
    """An odfpy element (from the template) as XML text."""
    out = io.StringIO()
    element.toXml(1, out)  # level 0 would declare namespaces again
    return out.getvalue()




def _content_xml(fonts: str, automatic_styles: str, body: Iterator[str],
                 version: str = "1.2") -> Iterator[str]:
    """content.xml in pieces: the template's font declarations, our automatic styles, then
    the body as it is built.

    Written here rather than by odfpy, which keeps only the automatic styles it sees in
    use and would need the body as an object tree.
    """
    yield (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f'<office:document-content{_namespaces()} office:version="{version}">{fonts}'
        f"<office:automatic-styles>{automatic_styles}</office:automatic-styles>"
        "<office:body><office:text>"
    )
    yield from body
    yield "</office:text></office:body></office:document-content>"


OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
DRAW_NS = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_PAGE_PARTS = ("header", "header-left", "header-first", "footer", "footer-left",
               "footer-first")
"""The header and footer elements of a master page, in the order ODF wants them."""


def _styles_xml(xml: str, lines: dict[str, str], first_page: bool,
                values: tuple[tuple[str, str], ...], template: Path) -> tuple[str, str]:
    """styles.xml with the page furniture of the template's standard master page, its
    placeholders filled and vorlagen's ``lines`` put in (as the DOCX writer does, see
    ``vorlagen.writers.docx._furnish``), and the ODF version it needs: 1.3 for a first
    page of its own (``style:header-first``, which LibreOffice reads)."""
    from lxml import etree

    start, end = xml.find("<office:master-styles"), xml.find("</office:master-styles>")
    if start >= 0 and end >= 0 and placeholders.HAS_PLACEHOLDER.search(
            xml[start:end].encode()):
        filled = placeholders.render(placeholders.merged(xml[start:end]), values,
                                     str(template), "Kopf- und Fußzeilen")
        xml = xml[:start] + filled + xml[end:]
    xml = xml.replace(placeholders.marker("seite"), _PAGE_NUMBER).replace(
        placeholders.marker("seiten"), _PAGE_COUNT)
    root = etree.fromstring(_declared(xml, "office:document-styles").encode())
    masters = root.findall(f".//{{{STYLE_NS}}}master-page")
    version = "1.2"
    if masters:
        master = next((m for m in masters if m.get(f"{{{STYLE_NS}}}name") == "Standard"),
                      masters[0])
        parts = {etree.QName(child).localname: child for child in master
                 if etree.QName(child).localname in _PAGE_PARTS}
        first_page = first_page or "header-first" in parts or "footer-first" in parts
        kinds = ("header", "footer", *(("header-first", "footer-first") if first_page else ()))
        for kind in reversed(kinds):  # a first page's copy before the others' is filled
            base = kind.removesuffix("-first")
            if kind not in parts and (lines[kind] or lines[base] or base in parts):
                parts[kind] = _page_part(master, kind, parts.get(base))
        for kind in kinds:  # neither the template nor vorlagen has anything for one missing
            if kind in parts:
                _fill(parts[kind], kind.removesuffix("-first"), lines[kind])
        if any(kind.endswith("-first") for kind in parts):
            version = "1.3"
    root.set(f"{{{OFFICE_NS}}}version", version)
    return etree.tostring(root, encoding="unicode"), version


_PAGE_NUMBER = '<text:page-number text:select-page="current">1</text:page-number>'
_PAGE_COUNT = "<text:page-count>1</text:page-count>"


def _page_part(master: Any, kind: str, like: Any) -> Any:
    """A new header or footer element of ``master``, in its place among the others; a
    first page's a copy of ``like`` (the other pages'), if there is one."""
    import copy

    from lxml import etree

    made = etree.Element(f"{{{STYLE_NS}}}{kind}")
    if like is not None:
        made.extend(copy.deepcopy(child) for child in like)
    later = _PAGE_PARTS[_PAGE_PARTS.index(kind) + 1:]
    following = next((child for child in master
                      if etree.QName(child).localname in later), None)
    if following is not None:
        following.addprevious(made)
    else:
        master.insert(sum(1 for child in master
                          if etree.QName(child).localname in _PAGE_PARTS), made)
    return made


def _fill(element: Any, kind: str, xml: str) -> None:
    """One header or footer with vorlagen's lines ``xml`` put in: into the template's
    ``{{ kopfzeile }}``/``{{ fusszeile }}`` slot, else on top of a header and below a
    footer that does not number its pages itself, or alone into an empty one."""
    from lxml import etree

    ours = list(etree.fromstring(f"<wrap{_namespaces()}>{xml}</wrap>"))
    slot = placeholders.marker("kopfzeile" if kind == "header" else "fusszeile")
    paragraphs = list(element.iter(f"{{{TEXT_NS}}}p", f"{{{TEXT_NS}}}h"))
    slots = [p for p in paragraphs if slot in "".join(p.itertext())]
    for other in placeholders.PARAGRAPH_SLOTS:  # the wrong kind of slot here: left empty
        if placeholders.marker(other) != slot:
            _remove_text(element, placeholders.marker(other))
    placeholders.put_lines(element, ours, slots, header=kind == "header",
                           holds_content=_holds_content(element),
                           numbers_pages=any(True for _ in element.iter(
                               f"{{{TEXT_NS}}}page-number")),
                           clear=lambda place: _remove_text(place, slot))
    if not len(element):
        etree.SubElement(element, f"{{{TEXT_NS}}}p")


def _remove_text(element: Any, text: str) -> None:
    """``text`` taken out of everything ``element`` holds."""
    for node in element.iter():
        if node.text and text in node.text:
            node.text = node.text.replace(text, "")
        if node is not element and node.tail and text in node.tail:
            node.tail = node.tail.replace(text, "")


def _holds_content(element: Any) -> bool:
    """Whether a header or footer shows anything: text, a picture, a field."""
    if "".join(element.itertext()).strip():
        return True
    return any(str(node.tag).startswith(f"{{{DRAW_NS}}}") or
               str(node.tag) in (f"{{{TEXT_NS}}}page-number", f"{{{TEXT_NS}}}page-count")
               for node in element.iter())


def _with_text_styles(styles_xml: str, text_styles: str) -> bytes:
    """styles.xml with the automatic text styles that headers and footers may use."""
    if "</office:automatic-styles>" in styles_xml:
        styles_xml = _replace_once(styles_xml, "</office:automatic-styles>",
                                   text_styles + "</office:automatic-styles>")
    return styles_xml.encode("utf-8")


_GENERATOR = re.compile("<meta:generator>[^<]*</meta:generator>")


def _generator(meta_xml: str) -> str:
    """meta.xml naming vorlagen as the program that wrote the file: odfpy puts its own
    name there whenever it writes meta.xml (ODF 1.2, 3.1.1: not the template's program)."""
    return _GENERATOR.sub("<meta:generator>vorlagen</meta:generator>", meta_xml, count=1)


def _namespaces() -> str:
    """Declarations of every namespace odfpy knows (the template's included), in a fixed
    order; what odfpy itself declares depends on the elements made so far in the process."""
    from odf.namespaces import nsdict

    return "".join(f' xmlns:{prefix}="{uri}"' for uri, prefix in sorted(nsdict.items()))


def _declared(xml: str, root: str, version: str = "1.2") -> str:
    """``xml`` from odfpy with its root element declaring ``_namespaces()``."""
    start = xml.index(f"<{root}")
    end = xml.index(">", start)
    return f'{xml[:start]}<{root}{_namespaces()} office:version="{version}">{xml[end + 1:]}'


def _replace_once(xml: str, old: str, new: str) -> str:
    if xml.count(old) != 1:
        raise RuntimeError(f"{old!r} not found once in what odfpy wrote")
    return xml.replace(old, new)


def _meta_xml(template_meta: str, document: Document) -> str:
    """The template's meta.xml with the document's metadata added to ``office:meta``."""
    data = document.metadata
    fields = [("dc:title", data.title), ("dc:subject", data.subject),
              ("dc:creator", data.author), ("meta:initial-creator", data.author),
              ("dc:language", data.language),
              *(("meta:keyword", keyword) for keyword in data.keywords)]
    if data.created is not None:
        moment = data.created.astimezone(UTC).replace(tzinfo=None).isoformat()
        fields += [("meta:creation-date", moment), ("dc:date", moment)]
    added = "".join(f"<{tag}>{escape(clean(value))}</{tag}>" for tag, value in fields)
    if "</office:meta>" in template_meta:
        return _replace_once(template_meta, "</office:meta>", added + "</office:meta>")
    return _replace_once(template_meta, "<office:meta/>",
                         f"<office:meta>{added}</office:meta>")

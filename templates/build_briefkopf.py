"""Build templates/briefkopf/design.docx and design.odt, the second shipped design.

It shows what a body's corporate design does with the standard templates: another font
(Liberation Serif, metric-compatible with Times New Roman), coloured headings, and a
letterhead on the first page with a coat of arms (a picture with alt text) and the
paper's values as placeholders (``{{ behoerde }}``, ``{{ drucksachen_nr }}``, ...); the
following pages carry a short running header, every page the Hausformat's footer
(``{{ fusszeile }}``). Run once when the design changes
(``python templates/build_briefkopf.py``); from then on people edit the files in Word or
LibreOffice, as docs/design.md describes.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from pathlib import Path

from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

sys.path.insert(0, str(Path(__file__).parent))
from build_standard import build_docx, build_odt

HERE = Path(__file__).parent / "briefkopf"
FONT = "Liberation Serif"
COLOUR = (0x1F, 0x3A, 0x68)
"""The design's dark blue, for the Behörde's name, the title and the headings."""
ALT_TEXT = "Wappen der Behörde"
LOGO_MM = (16, 19)

LETTERHEAD = (
    ("{{ behoerde }}", "name"),
    ("{{ organisationseinheit }}", "line"),
    ("Drucksache {{ drucksachen_nr }} vom {{ datum }}", "line"),
    ("{% if bearbeiter %}Bearbeitung: {{ bearbeiter }}{% endif %}", "rule"),
)
"""The first page's letterhead beside the coat of arms: text and look of each line."""
RUNNING_HEADER = "{{ behoerde }} · Drucksache {{ drucksachen_nr }}"


def coat_of_arms() -> bytes:
    """A small PNG: a shield, blue above and gold below, with a white rim."""
    width, height = 160, 190
    blue, gold, white = bytes(COLOUR), bytes((0xE8, 0xB4, 0x23)), bytes((255, 255, 255))
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter type: none
        for x in range(width):
            # the shield: a rectangle on top, a half ellipse below
            inside = y < 110 or ((x - 80) / 80) ** 2 + ((y - 110) / 80) ** 2 <= 1
            rim = inside and (x < 8 or x >= width - 8 or y < 8 or (
                y >= 110 and ((x - 80) / 72) ** 2 + ((y - 110) / 72) ** 2 > 1))
            if not inside:
                row += white
            elif rim:
                row += white if y % 2 else bytes((0xDD, 0xDD, 0xDD))
            else:
                row += blue if y < 95 else gold
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


# --------------------------------------------------------------------------- DOCX


def build_docx_design(target: Path, logo: bytes) -> None:
    build_docx(target, FONT)
    document = Document(str(target))
    styles = document.styles
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        styles[name].font.color.rgb = RGBColor(*COLOUR)
    styles["Title"].font.size = Pt(18)
    section = document.sections[0]
    section.top_margin = Mm(20)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True

    first = section.first_page_header
    first.is_linked_to_previous = False
    text_start = Mm(LOGO_MM[0] + 4)
    for index, (text, look) in enumerate(LETTERHEAD):
        paragraph = first.paragraphs[0] if index == 0 else first.add_paragraph()
        paragraph.paragraph_format.left_indent = text_start
        paragraph.paragraph_format.space_after = Pt(0)
        if index == 0:  # the coat of arms, floating left of the lines, as Word anchors it
            paragraph.paragraph_format.first_line_indent = -text_start
            paragraph.paragraph_format.tab_stops.add_tab_stop(text_start, WD_TAB_ALIGNMENT.LEFT)
            picture = paragraph.add_run()
            picture.add_picture(io.BytesIO(logo), width=Mm(LOGO_MM[0]), height=Mm(LOGO_MM[1]))
            picture.add_tab()
        run = paragraph.add_run(text)
        run.font.size = Pt(15 if look == "name" else 9.5)
        run.font.bold = look == "name"
        if look == "name":
            run.font.color.rgb = RGBColor(*COLOUR)
        if look == "rule":
            paragraph.paragraph_format.space_after = Pt(10)
            _bottom_rule(paragraph)
    slot = first.add_paragraph("{{ kopfzeile }}")
    slot.paragraph_format.space_after = Pt(6)
    for inline in first._element.iter(qn("wp:docPr")):
        inline.set("descr", ALT_TEXT)
        inline.set("title", ALT_TEXT)
        inline.set("name", "Wappen")

    following = section.header
    following.is_linked_to_previous = False
    running = following.paragraphs[0]
    running.text = RUNNING_HEADER
    running.runs[0].font.size = Pt(9)
    running.runs[0].font.color.rgb = RGBColor(*COLOUR)
    _bottom_rule(running)
    following.add_paragraph("{{ kopfzeile }}")

    for footer in (section.footer, section.first_page_footer):
        footer.is_linked_to_previous = False
        footer.paragraphs[0].text = "{{ fusszeile }}"
        footer.paragraphs[0].style = styles["Footer"]
    document.core_properties.title = "Sitzungsvorlage (Design Briefkopf)"
    document.save(str(target))


def _bottom_rule(paragraph: object) -> None:
    """A thin line under a paragraph, in the design's colour."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    properties = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    colour = "".join(f"{part:02X}" for part in COLOUR)
    properties.append(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="4" '
        f'w:color="{colour}"/></w:pBdr>'))


# --------------------------------------------------------------------------- ODT

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
PICTURE = "Pictures/wappen.png"


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def build_odt_design(target: Path, logo: bytes) -> None:
    build_odt(target, FONT, "roman")
    with zipfile.ZipFile(target) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    styles = etree.fromstring(parts["styles.xml"])
    styles.set(_q("office:version"), "1.3")  # style:header-first is ODF 1.3
    for name in ("Title", "Heading_20_1", "Heading_20_2", "Heading_20_3"):
        for properties in styles.iterfind(
                f".//style:style[@style:name='{name}']/style:text-properties", NS):
            properties.set(_q("fo:color"), "#{:02x}{:02x}{:02x}".format(*COLOUR))
    for properties in styles.iterfind(".//style:style[@style:name='Title']/"
                                      "style:text-properties", NS):
        properties.set(_q("fo:font-size"), "18pt")
    automatic = styles.find("office:automatic-styles", NS)
    assert automatic is not None
    automatic.append(_fragment(
        '<style:style style:name="Briefkopf_Name" style:family="paragraph" '
        'style:parent-style-name="Standard"><style:paragraph-properties fo:margin-left="2cm" '
        'fo:margin-bottom="0cm"/><style:text-properties fo:font-size="15pt" '
        f'fo:font-weight="bold" fo:color="#{bytes(COLOUR).hex()}"/></style:style>'))
    automatic.append(_fragment(
        '<style:style style:name="Briefkopf_Zeile" style:family="paragraph" '
        'style:parent-style-name="Standard"><style:paragraph-properties fo:margin-left="2cm" '
        'fo:margin-bottom="0cm"/><style:text-properties fo:font-size="9.5pt"/></style:style>'))
    automatic.append(_fragment(
        '<style:style style:name="Briefkopf_Linie" style:family="paragraph" '
        'style:parent-style-name="Standard"><style:paragraph-properties fo:margin-left="2cm" '
        f'fo:margin-bottom="0.35cm" fo:border-bottom="0.5pt solid #{bytes(COLOUR).hex()}" '
        'fo:padding-bottom="0.1cm"/><style:text-properties fo:font-size="9.5pt"/>'
        '</style:style>'))
    automatic.append(_fragment(
        '<style:style style:name="Briefkopf_Folgeseite" style:family="paragraph" '
        'style:parent-style-name="Standard"><style:paragraph-properties '
        f'fo:border-bottom="0.5pt solid #{bytes(COLOUR).hex()}" fo:padding-bottom="0.1cm"/>'
        f'<style:text-properties fo:font-size="9pt" fo:color="#{bytes(COLOUR).hex()}"/>'
        '</style:style>'))
    automatic.append(_fragment(
        '<style:style style:name="Briefkopf_Bild" style:family="graphic"><style:graphic-'
        'properties style:wrap="right" style:vertical-pos="top" style:vertical-rel="paragraph" '
        'style:horizontal-pos="left" style:horizontal-rel="page-start-margin"/></style:style>'))
    layout = automatic.find("style:page-layout", NS)
    assert layout is not None
    layout.insert(1, _fragment(
        '<style:header-style><style:header-footer-properties fo:min-height="0cm" '
        'fo:margin-bottom="0.4cm"/></style:header-style>'))
    master = styles.find(".//style:master-page", NS)
    assert master is not None
    width, height = LOGO_MM
    logo_frame = (
        f'<draw:frame draw:name="Wappen" draw:style-name="Briefkopf_Bild" '
        f'text:anchor-type="paragraph" svg:x="0cm" svg:y="0cm" svg:width="{width / 10}cm" '
        f'svg:height="{height / 10}cm"><draw:image xlink:href="{PICTURE}" xlink:type="simple" '
        f'xlink:show="embed" xlink:actuate="onLoad"/><svg:title>{ALT_TEXT}</svg:title>'
        "</draw:frame>")
    styles_by_look = {"name": "Briefkopf_Name", "line": "Briefkopf_Zeile",
                      "rule": "Briefkopf_Linie"}
    letterhead = "".join(
        f'<text:p text:style-name="{styles_by_look[look]}">'
        f'{logo_frame if index == 0 else ""}{text}</text:p>'
        for index, (text, look) in enumerate(LETTERHEAD))
    master.insert(0, _fragment(
        f'<style:header><text:p text:style-name="Briefkopf_Folgeseite">{RUNNING_HEADER}'
        '</text:p><text:p text:style-name="Footer">{{ kopfzeile }}</text:p></style:header>'))
    master.insert(1, _fragment(
        f'<style:header-first>{letterhead}<text:p text:style-name="Footer">'
        "{{ kopfzeile }}</text:p></style:header-first>"))
    for footer in master.iterfind("style:footer", NS):
        for child in list(footer):
            footer.remove(child)
        footer.append(_fragment('<text:p text:style-name="Footer">{{ fusszeile }}</text:p>'))
        footer.addnext(_fragment('<style:footer-first><text:p text:style-name="Footer">'
                                 "{{ fusszeile }}</text:p></style:footer-first>"))
    parts["styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8")
    parts[PICTURE] = logo
    manifest = etree.fromstring(parts["META-INF/manifest.xml"])
    manifest.append(_fragment(f'<manifest:file-entry manifest:full-path="{PICTURE}" '
                              'manifest:media-type="image/png"/>'))
    parts["META-INF/manifest.xml"] = etree.tostring(manifest, xml_declaration=True,
                                                    encoding="UTF-8")
    for name in ("content.xml", "meta.xml"):  # the same version throughout the package
        parts[name] = parts[name].replace(b'office:version="1.2"', b'office:version="1.3"')
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype"
                             else zipfile.ZIP_DEFLATED)


def _fragment(xml: str) -> etree._Element:
    declarations = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())
    wrapped = etree.fromstring(f"<wrap {declarations}>{xml}</wrap>")
    return wrapped[0]


if __name__ == "__main__":
    HERE.mkdir(parents=True, exist_ok=True)
    picture = coat_of_arms()
    build_docx_design(HERE / "design.docx", picture)
    build_odt_design(HERE / "design.odt", picture)
    print(f"written: {HERE / 'design.docx'}, {HERE / 'design.odt'}")

"""Build templates/standard/design.docx and design.odt, the shipped style documents.

Run once when the standard look changes (``python templates/build_standard.py``); the
results are committed, and from then on people edit them in Word or LibreOffice. They
hold the named styles the writers use, an A4 page with DIN 5008-like margins, German as
the document language, and numbering definitions for bullet and numbered lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from odf import style as odfstyle
from odf import text as odftext
from odf.opendocument import OpenDocumentText

HERE = Path(__file__).parent / "standard"
FONT = "Arial"
MARGINS_MM = {"top": 20, "bottom": 20, "left": 25, "right": 20}
BULLETS = ("•", "–", "▪")


# --------------------------------------------------------------------------- DOCX


def _numbering_xml(abstract_id: int, ordered: bool, font: str = FONT) -> str:
    levels = []
    for level in range(9):
        indent = 360 * (level + 1)
        if ordered:
            fmt, text = [("decimal", f"%{level + 1}."), ("lowerLetter", f"%{level + 1})"),
                         ("lowerRoman", f"%{level + 1}.")][level % 3]
            look = ""
        else:
            fmt, text = "bullet", BULLETS[level % 3]
            look = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>'
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr>{look}</w:lvl>'
        )
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{"".join(levels)}</w:abstractNum>'
    )


def build_docx(target: Path, font: str = FONT) -> None:
    """The DOCX template, its text in ``font``."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(10)

    styles_element = document.styles.element
    defaults = styles_element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(defaults):
        defaults.remove(child)
    defaults.append(parse_xml(
        f'<w:rFonts {nsdecls("w")} w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" '
        f'w:eastAsia="{font}"/>'
    ))
    defaults.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="22"/>'))
    defaults.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="de-DE" w:eastAsia="de-DE" '
                              'w:bidi="ar-SA"/>'))
    # Theme fonts and colours would override Arial/black; the styles inherit instead.
    for rpr in styles_element.iter(qn("w:rPr")):
        for tag in ("w:rFonts", "w:color", "w:lang"):
            for element in rpr.findall(qn(tag)):
                if rpr is not defaults:
                    rpr.remove(element)
    for style in document.styles:
        ppr = style.element.find(qn("w:pPr"))
        if ppr is not None:
            for border in ppr.findall(qn("w:pBdr")):
                ppr.remove(border)

    styles = document.styles
    normal = styles["Normal"]
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    body = styles["Body Text"]
    body.paragraph_format.space_after = Pt(8)
    body.paragraph_format.line_spacing = 1.15

    def paragraph_style(name: str, size: float, bold: bool, before: float, after: float,
                        base: str = "Normal") -> None:
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles[base]
            style.quick_style = True
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)

    paragraph_style("Title", 16, True, 0, 12)
    paragraph_style("Heading 1", 12, True, 14, 6)
    paragraph_style("Heading 2", 11, True, 12, 6)
    paragraph_style("Heading 3", 11, True, 10, 4)
    paragraph_style("Heading 4", 11, True, 8, 4)
    paragraph_style("Heading 5", 11, False, 8, 4)
    styles["Heading 5"].font.italic = True
    paragraph_style("Heading 6", 11, False, 6, 3)
    paragraph_style("Betreff", 12, True, 12, 12)
    styles["Betreff"].paragraph_format.keep_with_next = True
    paragraph_style("Feldname", 8, False, 0, 0)
    styles["Feldname"].font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    paragraph_style("Tabellenkopf", 10, True, 2, 2)
    paragraph_style("Tabelleninhalt", 10, False, 2, 2)
    paragraph_style("Footer", 8, False, 0, 0)
    for level in range(1, 7):
        styles[f"Heading {level}"].paragraph_format.keep_with_next = True

    numbering = document.part.numbering_part.element
    for num in numbering.findall(qn("w:num")):
        numbering.remove(num)
    for abstract in numbering.findall(qn("w:abstractNum")):
        numbering.remove(abstract)
    for abstract_id, ordered in ((1, False), (2, True)):
        numbering.append(parse_xml(_numbering_xml(abstract_id, ordered, font)))
    for num_id in (1, 2):
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/>'
            "</w:num>"
        ))
    for base_name, num_id in (("List Bullet", 1), ("List Number", 2)):
        for level, suffix in enumerate(("", " 2", " 3")):
            style = styles[base_name + suffix]
            ppr = style.element.get_or_add_pPr()
            for old in ppr.findall(qn("w:numPr")) + ppr.findall(qn("w:ind")):
                ppr.remove(old)
            ppr.insert(0, parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                f'<w:numId w:val="{num_id}"/></w:numPr>'
            ))
            style.paragraph_format.space_after = Pt(3)
            style.base_style = styles["Body Text"]

    properties = document.core_properties
    properties.title = "Sitzungsvorlage (Standardvorlage)"
    properties.author = "vorlagen"
    properties.language = "de-DE"
    properties.comments = "Formatvorlagen für vorlagen; in Word oder LibreOffice bearbeitbar."
    # python-docx's template carries a fixed date from 2013; leave none.
    properties.revision = 1
    _german_current_word(document)
    _drop_legacy_parts(document)
    _drop_table_styles(document)
    document.save(str(target))


def _german_current_word(document: Any) -> None:
    """Settings of a current German Word document: no compatibility mode (Word 2013 and
    later, compatibilityMode 15), automatic hyphenation, German theme-font language, the
    decimal comma and the semicolon as list separator; and no other program's name in the
    document's application properties (python-docx's template names Word for Mac)."""
    settings = document.settings.element
    for setting in settings.findall(qn("w:compat") + "/" + qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    tab_stop = settings.find(qn("w:defaultTabStop"))
    tab_stop.set(qn("w:val"), "709")  # 1.25 cm, as German Word has it
    tab_stop.addnext(parse_xml(f'<w:autoHyphenation {nsdecls("w")}/>'))
    settings.find(qn("w:themeFontLang")).set(qn("w:val"), "de-DE")
    settings.find(qn("w:decimalSymbol")).set(qn("w:val"), ",")
    settings.find(qn("w:listSeparator")).set(qn("w:val"), ";")
    for relationship in document.part.package.rels.values():
        if relationship.reltype.endswith("/extended-properties"):
            relationship.target_part._blob = _APP_XML.encode("utf-8")


_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    'docPropsVTypes"><Application>vorlagen</Application><DocSecurity>0</DocSecurity>'
    "<ScaleCrop>false</ScaleCrop><Company/><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


_LEGACY_PARTS = ("/stylesWithEffects", "/metadata/thumbnail")
"""Parts of python-docx's own template that a paper does not need: a Word 2010 copy of
the styles (438 KB that every written file would carry and compress again; Word 2013 and
later neither need nor write it) and a thumbnail of an empty page."""


def _drop_legacy_parts(document: Any) -> None:
    for owner in (document.part, document.part.package):
        for r_id, relationship in list(owner.rels.items()):
            if relationship.reltype.endswith(_LEGACY_PARTS):
                del owner.rels[r_id]


def _drop_table_styles(document: Any) -> None:
    """python-docx's template defines 100 table styles (320 KB of the 330 KB styles
    part) that a paper never uses; every file written would parse, carry and compress
    them. Word saves only the styles a document uses, and offers the others again from
    its latent styles, which stay. Kept: the default table style and the writer's."""
    root = document.styles.element
    for style in root.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if (style.get(qn("w:type")) == "table" and style.get(qn("w:default")) != "1"
                and (name is None or name.get(qn("w:val")) != "Table Grid")):
            root.remove(style)


# --------------------------------------------------------------------------- ODT


def _paragraph_style(name: str, display: str, *, size: str = "11pt", bold: bool = False,
                     before: str = "0cm", after: str = "0.2cm", parent: str = "Standard",
                     keep: bool = False, color: str = "#000000",
                     outline: int | None = None, italic: bool = False) -> odfstyle.Style:
    attributes = {"name": name, "displayname": display, "family": "paragraph",
                  "parentstylename": parent}
    if outline:
        attributes["defaultoutlinelevel"] = str(outline)
    style = odfstyle.Style(**attributes)
    paragraph_props = {"margintop": before, "marginbottom": after}
    if keep:
        paragraph_props["keepwithnext"] = "always"
    style.addElement(odfstyle.ParagraphProperties(**paragraph_props))
    text_props = {"fontsize": size, "color": color}
    if bold:
        text_props.update(fontweight="bold", fontweightasian="bold", fontweightcomplex="bold")
    if italic:
        text_props.update(fontstyle="italic", fontstyleasian="italic", fontstylecomplex="italic")
    style.addElement(odfstyle.TextProperties(**text_props))
    return style


def _list_style(name: str, display: str, ordered: bool) -> odftext.ListStyle:
    list_style = odftext.ListStyle(name=name, displayname=display)
    for level in range(1, 11):
        indent = f"{0.635 * level:.3f}cm"
        if ordered:
            fmt, suffix = [("1", "."), ("a", ")"), ("i", ".")][(level - 1) % 3]
            item = odftext.ListLevelStyleNumber(level=level, numformat=fmt, numsuffix=suffix)
        else:
            item = odftext.ListLevelStyleBullet(level=level,
                                                bulletchar=BULLETS[(level - 1) % 3])
        properties = odfstyle.ListLevelProperties(listlevelpositionandspacemode="label-alignment")
        properties.addElement(odfstyle.ListLevelLabelAlignment(
            labelfollowedby="listtab", listtabstopposition=indent,
            textindent="-0.635cm", marginleft=indent))
        item.addElement(properties)
        list_style.addElement(item)
    return list_style


def build_odt(target: Path, font: str = FONT, generic: str = "swiss") -> None:
    """The ODT template, its text in ``font`` (of the ``generic`` family)."""
    document = OpenDocumentText()
    styles = document.styles

    default = odfstyle.DefaultStyle(family="paragraph")
    # German hyphenation: the language says which patterns, fo:hyphenate switches it on.
    default.addElement(odfstyle.ParagraphProperties(hyphenationladdercount="no-limit"))
    default.addElement(odfstyle.TextProperties(
        fontname=font, fontfamily=font, fontsize="11pt", language="de", country="DE",
        languageasian="de", countryasian="DE", languagecomplex="de", countrycomplex="DE",
        hyphenate="true", hyphenationremaincharcount="2", hyphenationpushcharcount="2"))
    styles.addElement(default)
    document.fontfacedecls.addElement(odfstyle.FontFace(
        name=font, fontfamily=font, fontfamilygeneric=generic, fontpitch="variable"))

    standard = odfstyle.Style(name="Standard", family="paragraph", attributes={"class": "text"})
    standard.addElement(odfstyle.TextProperties(fontname=font, fontsize="11pt"))
    styles.addElement(standard)
    for style in (
        _paragraph_style("Text_20_body", "Text body", before="0cm", after="0.28cm"),
        _paragraph_style("Title", "Title", size="16pt", bold=True, after="0.42cm"),
        _paragraph_style("Heading_20_1", "Heading 1", size="12pt", bold=True, before="0.5cm",
                         keep=True, outline=1),
        _paragraph_style("Heading_20_2", "Heading 2", size="11pt", bold=True, before="0.42cm",
                         keep=True, outline=2),
        _paragraph_style("Heading_20_3", "Heading 3", size="11pt", bold=True, before="0.35cm",
                         keep=True, outline=3),
        _paragraph_style("Heading_20_4", "Heading 4", size="11pt", bold=True, before="0.28cm",
                         keep=True, outline=4),
        _paragraph_style("Heading_20_5", "Heading 5", size="11pt", before="0.28cm",
                         keep=True, outline=5, italic=True),
        _paragraph_style("Heading_20_6", "Heading 6", size="11pt", before="0.21cm",
                         keep=True, outline=6),
        _paragraph_style("Betreff", "Betreff", size="12pt", bold=True, before="0.42cm",
                         after="0.42cm", keep=True),
        _paragraph_style("Feldname", "Feldname", size="8pt", after="0cm", color="#555555"),
        _paragraph_style("Tabellenkopf", "Tabellenkopf", size="10pt", bold=True,
                         before="0.07cm", after="0.07cm"),
        _paragraph_style("Tabelleninhalt", "Tabelleninhalt", size="10pt", before="0.07cm",
                         after="0.07cm"),
        _paragraph_style("Footer", "Footer", size="8pt", after="0cm"),
        _paragraph_style("List_20_Bullet", "List Bullet", after="0.1cm",
                         parent="Text_20_body"),
        _paragraph_style("List_20_Number", "List Number", after="0.1cm",
                         parent="Text_20_body"),
    ):
        styles.addElement(style)
    styles.addElement(_list_style("Aufzaehlung", "Aufzählung", ordered=False))
    styles.addElement(_list_style("Nummerierung", "Nummerierung", ordered=True))

    for name, border, background in (("Tabellenzelle", "0.5pt solid #000000", None),
                                      ("Tabellenkopfzelle", "0.5pt solid #000000", "#e6e6e6"),
                                      ("Kopfdatenzelle", "none", None)):
        cell = odfstyle.Style(name=name, family="table-cell")
        properties = {"border": border, "paddingtop": "0cm", "paddingbottom": "0cm",
                      "paddingleft": "0.15cm", "paddingright": "0.15cm"}
        if background:
            properties["backgroundcolor"] = background
        cell.addElement(odfstyle.TableCellProperties(**properties))
        styles.addElement(cell)

    layout = odfstyle.PageLayout(name="A4")
    layout.addElement(odfstyle.PageLayoutProperties(
        pagewidth="21cm", pageheight="29.7cm", printorientation="portrait",
        margintop=f"{MARGINS_MM['top'] / 10}cm", marginbottom="1cm",
        marginleft=f"{MARGINS_MM['left'] / 10}cm", marginright=f"{MARGINS_MM['right'] / 10}cm"))
    footer_style = odfstyle.FooterStyle()
    footer_style.addElement(odfstyle.HeaderFooterProperties(minheight="0.5cm",
                                                            margintop="0.5cm"))
    layout.addElement(footer_style)
    document.automaticstyles.addElement(layout)
    master = odfstyle.MasterPage(name="Standard", pagelayoutname=layout)
    footer = odfstyle.Footer()  # empty: the writer puts the Hausformat's footer in
    footer.addElement(odftext.P(stylename="Footer"))
    master.addElement(footer)
    document.masterstyles.addElement(master)

    from odf import dc, meta

    document.meta.addElement(dc.Title(text="Sitzungsvorlage (Standardvorlage)"))
    document.meta.addElement(dc.Language(text="de-DE"))
    document.meta.addElement(meta.InitialCreator(text="vorlagen"))
    document.text.addElement(odftext.P(stylename="Text_20_body"))
    document.save(str(target))


if __name__ == "__main__":
    HERE.mkdir(parents=True, exist_ok=True)
    build_docx(HERE / "design.docx")
    build_odt(HERE / "design.odt")
    print(f"written: {HERE / 'design.docx'}, {HERE / 'design.odt'}")

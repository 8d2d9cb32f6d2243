"""The writers' bodies are pure: the document tree to XML text without a package, every
block and inline type of ``vorlagen.tree`` written (mypy checks the match is complete)."""

from __future__ import annotations

from lxml import etree

from vorlagen.tree import (
    Cell,
    Field,
    Heading,
    LineBreak,
    ListBlock,
    PageBreak,
    Paragraph,
    Table,
    Text,
)
from vorlagen.writers import docx_body, odt_body

BLOCKS = (
    Heading(1, (Text("Sachverhalt"),)),
    Paragraph((Text("fett & ", bold=True), LineBreak(), Text("kursiv", italic=True),
               Field("page")), "body"),
    ListBlock(True, ((Paragraph((Text("eins"),), "body"),
                      ListBlock(False, ((Paragraph((Text("innen"),), "body"),),))),)),
    Table(((Cell((Paragraph((Text("Kopf"),), "table-header"),)),),
           (Cell((Paragraph((Text("Zelle"),), "table-cell"),)),)), (), 1, "grid"),
    PageBreak(),
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ODF = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
       "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
       "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}


def test_the_docx_body_is_written_without_a_package() -> None:
    styles = {name: name.replace(" ", "") for name in (
        *docx_body.ROLE_STYLES.values(), *docx_body.HEADING_STYLES, *docx_body.BULLET_STYLES,
        *docx_body.NUMBER_STYLES, docx_body.TABLE_STYLE)}
    body = docx_body.DocxBody(styles, bullet_num=7, text_width=450.0, font_size=10.0)
    body.number_lists([12])
    xml = "".join(body.blocks(BLOCKS))
    root = etree.fromstring(f'<w:body xmlns:w="{W}">{xml}</w:body>')
    texts = "".join(text.text or "" for text in root.iter(f"{{{W}}}t"))
    assert texts == "Sachverhaltfett & kursiv1einsinnenKopfZelle"
    assert " PAGE " in "".join(str(part) for part in root.itertext())
    assert [n.get(f"{{{W}}}val") for n in root.iter(f"{{{W}}}numId")] == ["12", "7"]
    assert root.find(f".//{{{W}}}tblHeader") is not None
    assert root.find(f'.//{{{W}}}br[@{{{W}}}type="page"]') is not None


def test_the_odt_body_is_written_without_a_package() -> None:
    body = odt_body.OdtBody(text_width=450.0, font_size=10.0, cell_styles=(),
                            list_levels={})
    body.prepare(BLOCKS)
    xml = "".join(body.blocks(BLOCKS))
    declared = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in ODF.items())
    root = etree.fromstring(f"<office:text {declared}>{xml}</office:text>")
    written = "".join(str(part) for part in root.itertext())
    assert written == "Sachverhaltfett & kursiv1einsinnenKopfZelle"
    assert root.find("text:h", ODF) is not None
    assert root.find(".//table:table-header-rows", ODF) is not None
    assert "vorlagen_liste_na" in body.automatic_styles  # a bullet list in a numbered one

"""The ODT writer: the document tree as OpenDocument text, inside a template's package.

odfpy loads the template (its named styles, page layout and master page) and saves the
package. Paragraph roles map to the template's named paragraph styles; bold and italic
runs use automatic text styles, as LibreOffice itself writes them.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError

from vorlagen.errors import InputError, Problem
from vorlagen.tree import (
    Block,
    Document,
    Field,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    PageBreak,
    Paragraph,
    ParagraphRole,
    Table,
    Text,
)
from vorlagen.writers.xmltext import clean

ROLE_STYLES: dict[ParagraphRole, str] = {
    "body": "Text_20_body",
    "title": "Title",
    "subject": "Betreff",
    "label": "Feldname",
    "table-header": "Tabellenkopf",
    "table-cell": "Tabelleninhalt",
    "footer": "Footer",
}
HEADING_STYLES = ("Heading_20_1", "Heading_20_2", "Heading_20_3")
LIST_PARAGRAPH_STYLES = {False: "List_20_Bullet", True: "List_20_Number"}
LIST_STYLES = {False: "Aufzaehlung", True: "Nummerierung"}
CELL_STYLES = {"header": "Tabellenkopfzelle", "grid": "Tabellenzelle", "fields": "Kopfdatenzelle"}

GERMAN_UI_NAMES = {
    "Text_20_body": "Textkörper",
    "Title": "Titel",
    "Heading_20_1": "Überschrift 1",
    "Heading_20_2": "Überschrift 2",
    "Heading_20_3": "Überschrift 3",
    "Footer": "Fußzeile",
}
"""How German LibreOffice shows its built-in styles, so a message names what the user sees."""

REQUIRED_STYLES = (
    *ROLE_STYLES.values(), *HEADING_STYLES, *LIST_PARAGRAPH_STYLES.values(),
    *LIST_STYLES.values(), *CELL_STYLES.values(),
)


class OdtWriter:
    format = "odt"
    extension = ".odt"
    media_type = "application/vnd.oasis.opendocument.text"
    template_name = "vorlage.odt"

    def write(self, document: Document, template: Path) -> bytes:
        package = _open_template(template)
        _check_styles(package, template)
        builder = _BodyBuilder(package)
        body = package.text
        for child in list(body.childNodes):
            body.removeChild(child)
        for block in document.body:
            builder.block(block, body)
        _write_footer(package, builder, document)
        _set_metadata(package, document)
        out = io.BytesIO()
        package.save(out)
        return out.getvalue()


def _open_template(template: Path) -> Any:
    from odf.opendocument import load

    if not template.is_file():
        raise InputError(str(template), [Problem("", "Vorlagendatei nicht gefunden")])
    try:
        return load(str(template))
    except (zipfile.BadZipFile, KeyError, ExpatError, ValueError) as error:
        raise InputError(
            str(template), [Problem("", f"keine gültige ODT-Datei ({error})")]
        ) from None


def _style_name(element: Any) -> str:
    from odf.namespaces import STYLENS

    return str(element.attributes.get((STYLENS, "name"), ""))


def _check_styles(package: Any, template: Path) -> None:
    present = {_style_name(style) for style in package.styles.childNodes
               if style.nodeType == style.ELEMENT_NODE}
    missing = []
    for name in REQUIRED_STYLES:
        if name not in present:
            shown = name.replace("_20_", " ")
            german = GERMAN_UI_NAMES.get(name)
            missing.append(f"{shown!r} (in deutschem LibreOffice: {german!r})" if german
                           else repr(shown))
    if missing:
        raise InputError(
            str(template),
            [Problem("", "Formatvorlage fehlt: " + ", ".join(missing) + ". In LibreOffice "
                     "unter Formatvorlagen anlegen und die Vorlage speichern.")],
        )


class _BodyBuilder:
    """odfpy elements for blocks, appended to a parent element."""

    def __init__(self, package: Any) -> None:
        from odf import style as odfstyle

        self._tables = 0
        self._list_styles: set[str] = set()
        self._text_styles: dict[tuple[bool, bool], str] = {}
        self._package = package
        for bold, italic in ((True, False), (False, True), (True, True)):
            name = "vorlagen_" + ("fett" if bold else "") + ("kursiv" if italic else "")
            text_style = odfstyle.Style(name=name, family="text")
            properties: dict[str, str] = {}
            if bold:
                properties.update(fontweight="bold", fontweightasian="bold",
                                  fontweightcomplex="bold")
            if italic:
                properties.update(fontstyle="italic", fontstyleasian="italic",
                                  fontstylecomplex="italic")
            text_style.addElement(odfstyle.TextProperties(**properties))
            package.automaticstyles.addElement(text_style)
            self._text_styles[bold, italic] = name
        # LibreOffice applies table-cell styles only as automatic styles: carry the
        # template's named ones (its borders, padding, shading) over unchanged.
        for child in list(package.styles.childNodes):
            if child.nodeType == child.ELEMENT_NODE and _style_name(child) in CELL_STYLES.values():
                package.styles.removeChild(child)
                package.automaticstyles.addElement(child)
        page_break = odfstyle.Style(name="vorlagen_seitenumbruch", family="paragraph",
                                    parentstylename="Text_20_body")
        page_break.addElement(odfstyle.ParagraphProperties(breakbefore="page"))
        package.automaticstyles.addElement(page_break)

    def block(self, block: Block, parent: Any) -> None:
        from odf import text as odftext

        if isinstance(block, Paragraph):
            parent.addElement(self.paragraph(block))
        elif isinstance(block, Heading):
            level = min(block.level, len(HEADING_STYLES))
            heading = odftext.H(outlinelevel=level, stylename=HEADING_STYLES[level - 1])
            self._inlines(block.inlines, heading)
            parent.addElement(heading)
        elif isinstance(block, ListBlock):
            parent.addElement(self._list(block, top=True))
        elif isinstance(block, Table):
            parent.addElement(self._table(block))
        elif isinstance(block, PageBreak):
            parent.addElement(odftext.P(stylename="vorlagen_seitenumbruch"))
        else:
            raise TypeError(f"unknown block {block!r}")

    def paragraph(self, paragraph: Paragraph, style: str | None = None) -> Any:
        from odf import text as odftext

        element = odftext.P(stylename=style or ROLE_STYLES[paragraph.role])
        self._inlines(paragraph.inlines, element)
        return element

    def _inlines(self, inlines: tuple[Inline, ...], parent: Any) -> None:
        from odf import teletype
        from odf import text as odftext

        for inline in inlines:
            if isinstance(inline, Text):
                target = parent
                if inline.bold or inline.italic:
                    target = odftext.Span(stylename=self._text_styles[inline.bold, inline.italic])
                    parent.addElement(target)
                teletype.addTextToElement(target, clean(inline.text))
            elif isinstance(inline, LineBreak):
                parent.addElement(odftext.LineBreak())
            elif isinstance(inline, Field):
                field = (odftext.PageNumber(selectpage="current", text="1")
                         if inline.kind == "page" else odftext.PageCount(text="1"))
                parent.addElement(field)

    def _list(self, block: ListBlock, top: bool) -> Any:
        from odf import text as odftext

        element = (odftext.List(stylename=self._list_style(block)) if top
                   else odftext.List())
        for item in block.items:
            list_item = odftext.ListItem()
            for child in item:
                if isinstance(child, Paragraph):
                    list_item.addElement(
                        self.paragraph(child, LIST_PARAGRAPH_STYLES[block.ordered]))
                elif isinstance(child, ListBlock):
                    list_item.addElement(self._list(child, top=False))
                else:
                    self.block(child, list_item)
            element.addElement(list_item)
        return element

    def _list_style(self, block: ListBlock) -> str:
        """The list style of an outermost list.

        In ODF a nested list takes its numbering from the outermost list's style, so a
        bullet list inside a numbered one needs a style that numbers level 1 and bullets
        level 2. Such mixed styles are built as automatic styles from the levels of the
        template's two list styles, so the template still decides how they look.
        """
        kinds = _level_kinds(block)
        if all(kind == block.ordered for kind in kinds):
            return LIST_STYLES[block.ordered]
        name = "vorlagen_liste_" + "".join("n" if kind else "a" for kind in kinds)
        if name not in self._list_styles:
            from odf import text as odftext

            levels = {kind: self._template_levels(LIST_STYLES[kind]) for kind in (False, True)}
            mixed = odftext.ListStyle(name=name)
            for level in range(1, _LIST_LEVELS + 1):
                kind = kinds[level - 1] if level <= len(kinds) else block.ordered
                if (source := levels[kind].get(str(level))) is not None:
                    mixed.addElement(_clone(source))
            self._package.automaticstyles.addElement(mixed)
            self._list_styles.add(name)
        return name

    def _template_levels(self, list_style: str) -> dict[str, Any]:
        """The level definitions of one of the template's list styles, by level number."""
        from odf.namespaces import TEXTNS

        for style in self._package.styles.childNodes:
            if style.nodeType == style.ELEMENT_NODE and _style_name(style) == list_style:
                return {child.attributes.get((TEXTNS, "level")): child
                        for child in style.childNodes if child.nodeType == child.ELEMENT_NODE}
        return {}

    def _table(self, table: Table) -> Any:
        from odf import style as odfstyle
        from odf import table as odftable

        self._tables += 1
        name = f"Tabelle{self._tables}"
        table_style = odfstyle.Style(name=name, family="table")
        table_style.addElement(odfstyle.TableProperties(
            width="16.5cm", align="margins", marginbottom="0.3cm", bordermodel="collapsing"))
        self._package.automaticstyles.addElement(table_style)
        element = odftable.Table(name=name, stylename=name)
        for index, width in enumerate(table.widths):
            column_style = odfstyle.Style(name=f"{name}.{index}", family="table-column")
            column_style.addElement(odfstyle.TableColumnProperties(
                relcolumnwidth=f"{round(width * 1000)}*"))
            self._package.automaticstyles.addElement(column_style)
            element.addElement(odftable.TableColumn(stylename=column_style))
        header = odftable.TableHeaderRows() if table.header_rows else None
        if header is not None:
            element.addElement(header)
        for index, row in enumerate(table.rows):
            is_header = index < table.header_rows
            row_element = odftable.TableRow()
            cell_style = CELL_STYLES["header" if is_header else table.role]
            for cell in row:
                cell_element = odftable.TableCell(stylename=cell_style, valuetype="string")
                for child in cell.blocks:
                    self.block(child, cell_element)
                if not cell.blocks:
                    cell_element.addElement(self.paragraph(Paragraph((), "table-cell")))
                row_element.addElement(cell_element)
                if cell.span > 1:
                    cell_element.setAttribute("numbercolumnsspanned", cell.span)
                    for _ in range(cell.span - 1):
                        row_element.addElement(odftable.CoveredTableCell())
            (header if is_header and header is not None else element).addElement(row_element)
        return element


def _write_footer(package: Any, builder: _BodyBuilder, document: Document) -> None:
    from odf import style as odfstyle

    masters = [m for m in package.masterstyles.childNodes if m.qname[1] == "master-page"]
    if not masters:
        return
    master = next((m for m in masters if _style_name(m) == "Standard"), masters[0])
    footer = next((c for c in master.childNodes if c.qname[1] == "footer"), None)
    if footer is None:
        footer = odfstyle.Footer()
        master.addElement(footer)
    for child in list(footer.childNodes):
        footer.removeChild(child)
    for paragraph in document.footer:
        footer.addElement(builder.paragraph(paragraph))


def _set_metadata(package: Any, document: Document) -> None:
    from odf import dc, meta

    replaced = {"title", "subject", "creator", "language", "initial-creator", "keyword",
                "description"}
    for child in list(package.meta.childNodes):
        if child.qname[1] in replaced:
            package.meta.removeChild(child)
    data = document.metadata
    package.meta.addElement(dc.Title(text=clean(data.title)))
    package.meta.addElement(dc.Subject(text=clean(data.subject)))
    package.meta.addElement(dc.Creator(text=clean(data.author)))
    package.meta.addElement(meta.InitialCreator(text=clean(data.author)))
    package.meta.addElement(dc.Language(text=data.language))
    for keyword in data.keywords:
        package.meta.addElement(meta.Keyword(text=clean(keyword)))


_LIST_LEVELS = 10
"""ODF list styles define ten levels."""


def _level_kinds(block: ListBlock) -> list[bool]:
    """Whether each nesting level of a list is numbered, taken from its first list there."""
    kinds: list[bool] = []
    level: list[ListBlock] = [block]
    while level:
        kinds.append(level[0].ordered)
        level = [child for current in level for item in current.items for child in item
                 if isinstance(child, ListBlock)]
    return kinds[:_LIST_LEVELS]


def _clone(element: Any) -> Any:
    """A deep copy of an odfpy element (odfpy offers none)."""
    from odf.element import Element, Text

    copy = Element(qname=element.qname, qattributes=dict(element.attributes),
                   check_grammar=False)
    for child in element.childNodes:
        if child.nodeType == child.ELEMENT_NODE:
            copy.appendChild(_clone(child))
        elif child.nodeType == child.TEXT_NODE:
            copy.appendChild(Text(child.data))
    return copy

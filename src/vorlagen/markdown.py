"""Markdown in text fields, turned into blocks of the document tree.

CommonMark through markdown-it-py, with GitHub's pipe tables, and raw HTML switched off:
whatever looks like a tag stays literal text, so nothing in a Vorlage can inject markup
into the written file. What the writers cannot show (images, rules, footnotes) is an
error naming the line, never left out silently. Lines that begin with a lettered or
numbered point ("a)", "(1)", "2)") keep their own line, as in a paper's Beschluss.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from vorlagen.tree import (
    Block,
    Cell,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    Paragraph,
    ParagraphRole,
    Table,
    Text,
)
from vorlagen.writers.xmltext import clean


class MarkdownError(ValueError):
    """Markdown the writers cannot show; ``line`` counts from 1 within the text."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_POINT = re.compile(r"^\s*(\(?[a-zA-Z]\)|\(?\d{1,3}\)|\([ivx]{1,5}\))\s")
"""A lettered or numbered point at the start of a line: "a)", "(b)", "1)", "(2)", "(iv)"."""

_UNSUPPORTED = {
    "image": "Bilder werden nicht unterstützt; das Bild als Anlage beifügen",
    "hr": "Trennlinien (---, ***) werden nicht unterstützt; eine Überschrift gliedert "
          "den Text (Zeilen aus ===/--- unter Text machen ihn zur Überschrift)",
}


def to_blocks(source: str, heading_offset: int = 2) -> tuple[Block, ...]:
    """Blocks for a Markdown text; a ``#`` heading becomes level ``1 + heading_offset``.

    Characters XML cannot hold are dropped first, by the writers' own rule, so that
    markdown-it never turns one into something else (it makes U+FFFD of NUL). Raises
    ``MarkdownError`` for what cannot be shown.
    """
    text = clean(source)
    root = SyntaxTreeNode(_parser().parse(text))
    blocks = _blocks(root.children, heading_offset)
    for number, line in enumerate(text.split("\n"), 1):
        if _FOOTNOTE.search(line) and not _in_code(root, number - 1):
            raise MarkdownError("Fußnoten ([^1]) werden nicht unterstützt; den Hinweis in "
                                "Klammern in den Text schreiben", number)
    return blocks


def _in_code(root: SyntaxTreeNode, line: int) -> bool:
    """Whether a line (from 0) of the text lies in a code block, where anything goes."""
    return any(node.type in ("code_block", "fence") and node.map is not None
               and node.map[0] <= line < node.map[1] for node in root.walk())


def _blocks(nodes: list[SyntaxTreeNode], heading_offset: int) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for node in nodes:
        kind = node.type
        if kind == "paragraph":
            blocks.append(Paragraph(_inline_of(node)))
        elif kind == "heading":
            level = int(node.tag[1:]) + heading_offset
            blocks.append(Heading(min(level, 6), _inline_of(node)))
        elif kind == "bullet_list" or (kind == "ordered_list" and _plain_numbers(node)):
            items = tuple(_blocks(item.children, heading_offset) for item in node.children)
            blocks.append(ListBlock(ordered=kind == "ordered_list", items=items))
        elif kind == "ordered_list":
            blocks.extend(_labelled(node, heading_offset))
        elif kind == "blockquote":
            blocks.extend(_blocks(node.children, heading_offset))
        elif kind in ("code_block", "fence"):
            lines = node.content.rstrip("\n").split("\n")
            inlines: list[Inline] = []
            for number, line in enumerate(lines):
                if number:
                    inlines.append(LineBreak())
                inlines.append(Text(line))
            blocks.append(Paragraph(tuple(inlines)))
        elif kind == "table":
            blocks.append(_table(node))
        else:
            raise MarkdownError(_UNSUPPORTED.get(kind, f"{kind} wird nicht unterstützt"),
                                _line(node))
    return tuple(blocks)


def _line(node: SyntaxTreeNode) -> int | None:
    """The line (from 1) a node starts on, or its nearest block's."""
    current: SyntaxTreeNode | None = node
    while current is not None:
        if current.map is not None:
            return current.map[0] + 1
        current = current.parent
    return None


def _plain_numbers(node: SyntaxTreeNode) -> bool:
    """Whether an ordered list is numbered 1., 2., ... as the template's list style
    numbers it; "3." or "1)" keep their own labels instead."""
    return node.markup == "." and int(str(node.attrs.get("start", 1))) == 1


def _labelled(node: SyntaxTreeNode, heading_offset: int) -> list[Block]:
    """An ordered list whose labels the writers' list styles would change ("1)", a list
    from "3."): each point a paragraph that starts with its own label."""
    blocks: list[Block] = []
    for item in node.children:
        label = Text(f"{item.info}{node.markup} ")
        first, *rest = _blocks(item.children, heading_offset) or (Paragraph(()),)
        if isinstance(first, Paragraph):
            blocks.append(Paragraph(_merge([label, *first.inlines])))
        else:
            blocks += [Paragraph((label,)), first]
        blocks.extend(rest)
    return blocks


def _table(node: SyntaxTreeNode) -> Table:
    """A pipe table: its header row repeats on every page, widths from the content."""
    rows: list[tuple[Cell, ...]] = []
    header_rows = 0
    for part in node.children:
        for row in part.children:
            header = part.type == "thead"
            header_rows += header
            role: ParagraphRole = "table-header" if header else "table-cell"
            rows.append(tuple(Cell((Paragraph(_inline_of(cell), role=role),))
                              for cell in row.children))
    return Table(tuple(rows), header_rows=header_rows)


def _inline_of(node: SyntaxTreeNode) -> tuple[Inline, ...]:
    inline = node.children[0] if node.children else None
    if inline is None:
        return ()
    runs: list[Inline] = []
    _collect(inline.children, bold=False, italic=False, into=runs)
    return _merge(runs)


def _starts_point(nodes: list[SyntaxTreeNode], index: int) -> bool:
    """Whether the line after the soft break at ``index`` starts with a point ("b)")."""
    following = []
    for node in nodes[index + 1:]:
        if node.type == "softbreak":
            break
        following.append(node.content if node.type == "text" else
                         "".join(child.content for child in node.walk()
                                 if child.type == "text"))
        if len("".join(following)) > 8:
            break
    return bool(_POINT.match("".join(following) + " "))


def _collect(
    nodes: list[SyntaxTreeNode], *, bold: bool, italic: bool, into: list[Inline]
) -> None:
    for index, node in enumerate(nodes):
        kind = node.type
        if kind in ("text", "code_inline", "html_inline"):
            into.append(Text(node.content, bold=bold, italic=italic))
        elif kind == "softbreak" and _starts_point(nodes, index):
            into.append(LineBreak())
        elif kind == "softbreak":
            into.append(Text(" ", bold=bold, italic=italic))
        elif kind == "hardbreak":
            into.append(LineBreak())
        elif kind == "strong":
            _collect(node.children, bold=True, italic=italic, into=into)
        elif kind == "em":
            _collect(node.children, bold=bold, italic=True, into=into)
        elif kind == "link":
            _collect(node.children, bold=bold, italic=italic, into=into)
            href = str(node.attrs.get("href", ""))
            label = "".join(child.content for child in node.children)
            if href and href != label and href != f"mailto:{label}":
                into.append(Text(f" ({href})", bold=bold, italic=italic))
        else:
            raise MarkdownError(_UNSUPPORTED.get(kind, f"{kind} wird nicht unterstützt"),
                                _line(node))


def _merge(runs: list[Inline]) -> tuple[Inline, ...]:
    """Join neighbouring text runs of the same look, so writers emit fewer runs."""
    merged: list[Inline] = []
    for run in runs:
        last = merged[-1] if merged else None
        if (
            isinstance(run, Text)
            and isinstance(last, Text)
            and (last.bold, last.italic) == (run.bold, run.italic)
        ):
            merged[-1] = Text(last.text + run.text, last.bold, last.italic)
        elif not (isinstance(run, Text) and run.text == ""):
            merged.append(run)
    return tuple(merged)

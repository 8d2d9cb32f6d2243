"""Markdown in text fields, turned into blocks of the document tree.

CommonMark through markdown-it-py with raw HTML switched off: whatever looks like a tag
stays literal text, so nothing in a Vorlage can inject markup into the written file.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from vorlagen.tree import Block, Heading, Inline, LineBreak, ListBlock, Paragraph, Text
from vorlagen.writers.xmltext import clean


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


def to_blocks(source: str, heading_offset: int = 2) -> tuple[Block, ...]:
    """Blocks for a Markdown text; a ``#`` heading becomes level ``1 + heading_offset``.

    Characters XML cannot hold are dropped first, by the writers' own rule, so that
    markdown-it never turns one into something else (it makes U+FFFD of NUL).
    """
    root = SyntaxTreeNode(_parser().parse(clean(source)))
    return _blocks(root.children, heading_offset)


def _blocks(nodes: list[SyntaxTreeNode], heading_offset: int) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for node in nodes:
        kind = node.type
        if kind == "paragraph":
            blocks.append(Paragraph(_inline_of(node)))
        elif kind == "heading":
            level = int(node.tag[1:]) + heading_offset
            blocks.append(Heading(min(level, 6), _inline_of(node)))
        elif kind in ("bullet_list", "ordered_list"):
            items = tuple(_blocks(item.children, heading_offset) for item in node.children)
            blocks.append(ListBlock(ordered=kind == "ordered_list", items=items))
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
        # A thematic break ("---") carries no words; it is left out.
    return tuple(blocks)


def _inline_of(node: SyntaxTreeNode) -> tuple[Inline, ...]:
    inline = node.children[0] if node.children else None
    if inline is None:
        return ()
    runs: list[Inline] = []
    _collect(inline.children, bold=False, italic=False, into=runs)
    return _merge(runs)


def _collect(
    nodes: list[SyntaxTreeNode], *, bold: bool, italic: bool, into: list[Inline]
) -> None:
    for node in nodes:
        kind = node.type
        if kind in ("text", "code_inline", "html_inline"):
            into.append(Text(node.content, bold=bold, italic=italic))
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
        elif kind == "image":
            _collect(node.children, bold=bold, italic=italic, into=into)


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

from __future__ import annotations

from vorlagen.markdown import to_blocks
from vorlagen.tree import Heading, LineBreak, ListBlock, Paragraph, Text


def test_paragraphs_and_emphasis() -> None:
    blocks = to_blocks("Ein **fetter** und *kursiver* Satz.\n\nZweiter Absatz.")
    assert blocks == (
        Paragraph((Text("Ein "), Text("fetter", bold=True), Text(" und "),
                   Text("kursiver", italic=True), Text(" Satz."))),
        Paragraph((Text("Zweiter Absatz."),)),
    )


def test_nested_lists_and_hard_break() -> None:
    blocks = to_blocks("1. eins\n   - a\n   - b\n2. zwei  \n   weiter")
    assert len(blocks) == 1
    outer = blocks[0]
    assert isinstance(outer, ListBlock) and outer.ordered
    first, second = outer.items
    assert first[0] == Paragraph((Text("eins"),))
    assert first[1] == ListBlock(ordered=False, items=((Paragraph((Text("a"),)),),
                                                       (Paragraph((Text("b"),)),)))
    assert second[0] == Paragraph((Text("zwei"), LineBreak(), Text("weiter")))


def test_raw_html_stays_text() -> None:
    blocks = to_blocks("a <b>x</b> & <script>")
    assert blocks == (Paragraph((Text("a <b>x</b> & <script>"),)),)


def test_headings_are_shifted() -> None:
    assert to_blocks("# Titel") == (Heading(3, (Text("Titel"),)),)


def test_link_keeps_its_address() -> None:
    assert to_blocks("[Kreis](https://example.org)") == (
        Paragraph((Text("Kreis (https://example.org)"),)),)

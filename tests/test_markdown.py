from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from vorlagen.cli import cli
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


SACHVERHALT = """\
Die Kosten im Überblick:

| Maßnahme | Betrag |
|---|--:|
| Sprachkurse | 12.500,00 € |
| **Summe** | 12.500,00 € |

# Erste Ebene

## Zweite Ebene

### Dritte Ebene

Der Kreistag beschließt:
a) die Sprachkurse,
b) die Lotsen.
(1) Erstens gilt dies.
(2) Zweitens das.

Weiter:
1) erster Punkt
2) zweiter Punkt
"""


def _rendered(minimal: dict[str, object]) -> dict[str, bytes]:
    from vorlagen import load_vorlage, render

    minimal["sachverhalt"] = [{"ueberschrift": "Anlass", "text": SACHVERHALT}]
    vorlage = load_vorlage(minimal)
    return {format: render(vorlage, format) for format in ("docx", "odt")}


def test_pipe_tables_become_tables(minimal: dict[str, object]) -> None:
    from odf.table import Table as OdfTable
    from odf.table import TableHeaderRows, TableRow

    from tests.reading import W, open_docx, open_odt

    files = _rendered(minimal)
    docx = open_docx(files["docx"])
    table = docx.tables[-1]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Maßnahme", "Betrag"], ["Sprachkurse", "12.500,00 €"], ["Summe", "12.500,00 €"]]
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    odt = open_odt(files["odt"])
    tables = odt.text.getElementsByType(OdfTable)
    assert len(tables) == 3  # header fields, Beratungsfolge, this one
    header = tables[-1].getElementsByType(TableHeaderRows)[0]
    assert "Maßnahme" in str(header) and "Betrag" in str(header)
    assert len(tables[-1].getElementsByType(TableRow)) == 3


def test_nested_headings_keep_their_levels(minimal: dict[str, object]) -> None:
    from tests.reading import TEXT_NS, docx_paragraphs, odt_blocks, open_docx, open_odt

    files = _rendered(minimal)
    styles = {p.text: p.style.name for p in docx_paragraphs(open_docx(files["docx"]))}
    assert [styles[f"{name} Ebene"] for name in ("Erste", "Zweite", "Dritte")] == [
        "Heading 3", "Heading 4", "Heading 5"]
    levels = {str(block): block.attributes[(TEXT_NS, "outline-level")]
              for block in odt_blocks(open_odt(files["odt"])) if block.qname[1] == "h"}
    assert [levels[f"{name} Ebene"] for name in ("Erste", "Zweite", "Dritte")] == [
        "3", "4", "5"]


def test_lettered_and_numbered_points_keep_their_line(minimal: dict[str, object]) -> None:
    from tests.reading import docx_text, odt_text

    files = _rendered(minimal)
    for text in (docx_text(files["docx"]), odt_text(files["odt"])):
        lines = [line.strip() for line in text.splitlines()]
        for line in ("Der Kreistag beschließt:", "a) die Sprachkurse,", "b) die Lotsen.",
                     "(1) Erstens gilt dies.", "(2) Zweitens das.", "1) erster Punkt",
                     "2) zweiter Punkt"):
            assert line in lines, (line, lines)


def test_a_date_at_the_start_of_a_line_is_not_a_point() -> None:
    assert to_blocks("am\n16. April und\nz. B. so") == (
        Paragraph((Text("am 16. April und z. B. so"),)),)


@pytest.mark.parametrize(("markdown", "line", "message"), [
    ("Text\n\n![Plan](plan.png)", 3, "Bilder werden nicht unterstützt"),
    ("Oben\n\n---\n\nUnten", 3, "Trennlinien"),
    ("Siehe Fußnote.[^1]\n\n[^1]: Quelle", 1, "Fußnoten"),
])
def test_what_cannot_be_shown_is_an_error_naming_field_and_line(
        tmp_path: Path, minimal: dict[str, object], markdown: str, line: int,
        message: str) -> None:
    del minimal["sachverhalt"]
    path = tmp_path / "vorlage.yaml"
    block = "".join(f"      {row}\n" if row else "\n" for row in markdown.split("\n"))
    path.write_text(yaml.safe_dump(minimal, allow_unicode=True, sort_keys=False)
                    + "sachverhalt:\n  - ueberschrift: Anlass\n    text: |\n" + block,
                    encoding="utf-8")
    text_starts = next(number for number, row in enumerate(
        path.read_text(encoding="utf-8").splitlines(), 1) if "text:" in row)
    for command in (["validate", str(path)], ["render", str(path), "-o", str(tmp_path)]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 2, result.output
        assert "sachverhalt[0].text" in result.output and message in result.output
        assert f"Zeile {text_starts + line}" in result.output, (result.output,
                                                               path.read_text())
    assert not list(tmp_path.glob("*.docx"))

"""Lists: real list paragraphs, nesting of mixed kinds, numbering that restarts per list."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from odf.text import List as OdfList

from tests import soffice
from tests.conftest import MINIMAL
from tests.reading import (
    STYLE_NS,
    TEXT_NS,
    W,
    docx_paragraphs,
    odt_blocks,
    odt_style,
    open_docx,
    open_odt,
)
from vorlagen import load_vorlage, render

TEXT = """Erste Liste:

1. Alpha
2. Beta
   - Unterpunkt x
   - Unterpunkt y
3. Gamma

Zweite Liste:

1. Neu
2. Zwei
"""



@pytest.fixture(scope="module")
def outputs() -> dict[str, bytes]:
    data = dict(MINIMAL, sachverhalt=[{"ueberschrift": "Listen", "text": TEXT}])
    vorlage = load_vorlage(data)
    return {format: render(vorlage, format) for format in ("docx", "odt")}


def _num_id(paragraph: Any) -> str | None:
    num_id = paragraph._p.find(f"{W}pPr/{W}numPr/{W}numId")
    return None if num_id is None else str(num_id.get(f"{W}val"))


def test_docx_numbered_lists_restart(outputs: dict[str, bytes]) -> None:
    document = open_docx(outputs["docx"])
    by_text = {p.text: p for p in docx_paragraphs(document)}
    assert by_text["Alpha"].style.name == "List Number"
    assert by_text["Unterpunkt x"].style.name == "List Bullet 2"
    first, second = _num_id(by_text["Alpha"]), _num_id(by_text["Neu"])
    assert first is not None and second is not None and first != second
    assert _num_id(by_text["Gamma"]) == first
    numbering = document.part.numbering_part.element
    for num_id in (first, second):
        num = numbering.find(f"{W}num[@{W}numId='{num_id}']")
        assert num is not None
        start = num.find(f"{W}lvlOverride/{W}startOverride")
        assert start is not None and start.get(f"{W}val") == "1"


def test_odt_mixed_nesting_has_a_style_per_level(outputs: dict[str, bytes]) -> None:
    document = open_odt(outputs["odt"])
    styles = {odt_style(p): p for p in odt_blocks(document)}
    assert {"List_20_Number", "List_20_Bullet"} <= set(styles)
    outer = [element for element in document.text.getElementsByType(OdfList)
             if element.parentNode.qname != (TEXT_NS, "list-item")]
    assert len(outer) == 2
    mixed_name = outer[0].attributes[(TEXT_NS, "style-name")]
    assert outer[1].attributes[(TEXT_NS, "style-name")] == "Nummerierung"
    mixed = next(s for s in document.automaticstyles.childNodes
                 if s.attributes.get((STYLE_NS, "name")) == mixed_name)
    kinds = {child.attributes[(TEXT_NS, "level")]: child.qname[1] for child in mixed.childNodes}
    assert kinds["1"] == "list-level-style-number"
    assert kinds["2"] == "list-level-style-bullet"


@pytest.mark.libreoffice
@pytest.mark.parametrize("format", ["docx", "odt"])
def test_libreoffice_numbers_as_written(
    outputs: dict[str, bytes], format: str, tmp_path: Path
) -> None:
    (source,) = soffice.save({format: outputs[format]}, tmp_path, "listen")
    (text_file,) = soffice.convert([source], soffice.TEXT, tmp_path)
    lines = [line.strip() for line in text_file.read_text(encoding="utf-8-sig").splitlines()]
    labelled = {line.split(" ", 1)[1]: line.split(" ", 1)[0] for line in lines
                if re.match(r"^\S+ (Alpha|Beta|Gamma|Neu|Zwei|Unterpunkt [xy])$", line)}
    assert labelled["Alpha"] == "1."
    assert labelled["Gamma"] == "3."
    assert labelled["Neu"] == "1."
    assert labelled["Zwei"] == "2."
    assert not re.match(r"^[0-9a-z]+[.)]$", labelled["Unterpunkt x"])

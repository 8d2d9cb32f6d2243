"""Text that XML, Markdown or a template engine could trip over comes out as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import soffice
from tests.reading import docx_text, odt_text
from vorlagen import InputError, load_vorlage, render

# Text fields are templates (plugin variables); braces meant literally are written raw.
TITEL = "A & B <c> ]]> \x0bEnde \U0001f600 שלום {% raw %}{{ 7*7 }} {% include 'x' %}{% endraw %}"
TEXT = "Text & <b>fett</b> \x01\x0c **x** \\*wörtlich\\* `code`\n\n> Zitat\n\n[Link](https://example.org)"


@pytest.fixture(scope="module")
def outputs() -> dict[str, bytes]:
    from tests.conftest import MINIMAL

    data = dict(MINIMAL, titel=TITEL, sachverhalt=[{"ueberschrift": "Ü & <x>", "text": TEXT}])
    vorlage = load_vorlage(data)
    return {format: render(vorlage, format) for format in ("docx", "odt")}


@pytest.mark.parametrize("format", ["docx", "odt"])
def test_text_is_preserved_without_xml_illegal_characters(
    outputs: dict[str, bytes], format: str
) -> None:
    text = (docx_text if format == "docx" else odt_text)(outputs[format])
    assert "A & B <c> ]]> Ende \U0001f600 שלום {{ 7*7 }} {% include 'x' %}" in text
    assert "1. Ü & <x>" in text
    assert "Text & <b>fett</b>  x *wörtlich* code" in text
    assert "Zitat" in text
    assert "Link (https://example.org)" in text
    assert "\x0b" not in text and "\x01" not in text


@pytest.mark.libreoffice
def test_libreoffice_opens_them(outputs: dict[str, bytes], tmp_path: Path) -> None:
    sources = soffice.save(outputs, tmp_path, "sonderzeichen")
    for text_file in soffice.convert(sources, soffice.TEXT, tmp_path):
        assert "{{ 7*7 }}" in text_file.read_text(encoding="utf-8-sig")


def test_lone_surrogate_is_a_clear_error() -> None:
    from tests.conftest import MINIMAL

    with pytest.raises(InputError, match="titel: enthält Zeichen, die kein Unicode-Text sind"):
        load_vorlage(dict(MINIMAL, titel="x\ud800"))

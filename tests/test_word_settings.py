"""Word and LibreOffice see a current German document: no compatibility mode, no other
program named as its author, German language, hyphenation and the decimal comma."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

from tests.reading import replace_part
from vorlagen import Vorlage, render
from vorlagen.templates import standard_design


def _parts(data: bytes, *names: str) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [package.read(name).decode("utf-8") for name in names]


def test_docx_is_current_german_word(example_docx: bytes) -> None:
    settings, app, styles, core = _parts(example_docx, "word/settings.xml",
                                         "docProps/app.xml", "word/styles.xml",
                                         "docProps/core.xml")
    assert re.search(r'w:name="compatibilityMode" [^>]*w:val="15"', settings)
    assert "<w:autoHyphenation/>" in settings
    assert '<w:decimalSymbol w:val=","/>' in settings
    assert '<w:listSeparator w:val=";"/>' in settings
    assert '<w:themeFontLang w:val="de-DE"' in settings
    assert re.search(r'<w:rPrDefault>.*<w:lang w:val="de-DE"', styles, re.S)
    assert "<dc:language>de-DE</dc:language>" in core
    assert "<Application>vorlagen</Application>" in app
    assert "Microsoft" not in app and "AppVersion" not in app and "LibreOffice" not in app


def test_odt_is_german_with_hyphenation(example_odt: bytes) -> None:
    meta, styles = _parts(example_odt, "meta.xml", "styles.xml")
    assert "<meta:generator>vorlagen</meta:generator>" in meta
    assert "ODFPY" not in meta.upper()
    default = re.search(r'<style:default-style style:family="paragraph">.*?'
                        r"</style:default-style>", styles, re.S)
    assert default is not None
    for attribute in ('fo:hyphenate="true"', 'fo:language="de"', 'fo:country="DE"'):
        assert attribute in default.group(0)


def _as_word_2010(settings: bytes) -> bytes:
    changed = settings.replace(b'w:uri="http://schemas.microsoft.com/office/word" w:val="15"',
                               b'w:uri="http://schemas.microsoft.com/office/word" w:val="14"')
    assert changed != settings
    return changed


def _old_word_template(folder: Path) -> Path:
    """The standard templates, the DOCX one as Word 2010 saved it (compatibilityMode 14,
    its application properties naming Word)."""
    folder.mkdir()
    shutil.copy(standard_design() / "design.odt", folder / "design.odt")
    source = (standard_design() / "design.docx").read_bytes()
    source = replace_part(source, "word/settings.xml", _as_word_2010)
    source = replace_part(source, "docProps/app.xml", lambda xml: xml.replace(
        b"<Application>vorlagen</Application>",
        b"<Application>Microsoft Office Word</Application><AppVersion>14.0000</AppVersion>"))
    (folder / "design.docx").write_bytes(source)
    return folder


def test_an_old_template_gives_a_current_document(tmp_path: Path, example: Vorlage) -> None:
    data = render(example, "docx", design=_old_word_template(tmp_path / "alt"))
    settings, app = _parts(data, "word/settings.xml", "docProps/app.xml")
    assert re.search(r'w:name="compatibilityMode" [^>]*w:val="15"', settings)
    assert "<Application>vorlagen</Application>" in app
    assert "Microsoft" not in app and "AppVersion" not in app

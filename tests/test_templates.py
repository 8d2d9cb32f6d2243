"""Templates: the shipped ones hold every style; a template that lacks one is named clearly."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import docx
import pytest
from odf.opendocument import load as load_odt

from vorlagen import InputError, load_vorlage, render
from vorlagen.templates import standard_design
from vorlagen.writers.docx import REQUIRED_STYLES as DOCX_STYLES
from vorlagen.writers.odt import REQUIRED_STYLES as ODT_STYLES


def test_standard_templates_hold_every_style() -> None:
    folder = standard_design()
    package = docx.Document(str(folder / "design.docx"))
    names = {style.name for style in package.styles}
    assert set(DOCX_STYLES) <= names
    odt = load_odt(str(folder / "design.odt"))
    from odf.namespaces import STYLENS

    odt_names = {s.attributes.get((STYLENS, "name")) for s in odt.styles.childNodes
                 if s.nodeType == s.ELEMENT_NODE}
    assert set(ODT_STYLES) <= odt_names


def _template_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(standard_design(), folder)
    return folder


def _without_docx_styles(folder: Path, *names: str) -> None:
    """The folder's DOCX template without these styles, as Word saves one that never
    used them."""
    package = docx.Document(str(folder / "design.docx"))
    for name in names:
        element = package.styles[name].element
        element.getparent().remove(element)
    package.save(str(folder / "design.docx"))


def _without_odt_style(folder: Path, name: str) -> None:
    """The folder's ODT template without the named style ``name``."""
    from odf.namespaces import STYLENS

    package = load_odt(str(folder / "design.odt"))
    for style in list(package.styles.childNodes):
        if style.nodeType == style.ELEMENT_NODE and \
                style.attributes.get((STYLENS, "name")) == name:
            package.styles.removeChild(style)
    package.save(str(folder / "design.odt"))


def test_docx_template_without_list_bullet(tmp_path: Path, minimal: dict[str, object]) -> None:
    """As with a template saved by Word that never used the style."""
    folder = _template_copy(tmp_path)
    _without_docx_styles(folder, "List Bullet", "Heading 2")
    with pytest.raises(InputError) as caught:
        render(load_vorlage(minimal), "docx", design=folder)
    message = str(caught.value)
    assert str(folder / "design.docx") in message and "Formatvorlage fehlt" in message
    assert "'List Bullet' (in deutschem Word: 'Aufzählungszeichen')" in message
    assert "'Heading 2' (in deutschem Word: 'Überschrift 2')" in message


def test_odt_template_without_heading(tmp_path: Path, minimal: dict[str, object]) -> None:
    folder = _template_copy(tmp_path)
    _without_odt_style(folder, "Heading_20_1")
    with pytest.raises(InputError) as caught:
        render(load_vorlage(minimal), "odt", design=folder)
    assert "'Heading 1' (in deutschem LibreOffice: 'Überschrift 1')" in str(caught.value)


def test_heading_4_is_needed_only_by_a_paper_with_nested_headings(
        tmp_path: Path, minimal: dict[str, object]) -> None:
    """A template saved by Word without Heading 4 (nobody used it) serves every paper
    whose text has no "##"; one that has is told which style to add."""
    folder = _template_copy(tmp_path)
    _without_docx_styles(folder, "Heading 4")
    _without_odt_style(folder, "Heading_20_4")
    for format in ("docx", "odt"):
        assert render(load_vorlage(minimal), format, design=folder)
    minimal["sachverhalt"] = [{"ueberschrift": "Anlass", "text": "# Teil\n\n## Unterteil\n\nText"}]
    for format, german in (("docx", "deutschem Word"), ("odt", "deutschem LibreOffice")):
        with pytest.raises(InputError) as caught:
            render(load_vorlage(minimal), format, design=folder)
        assert f"'Heading 4' (in {german}: 'Überschrift 4')" in str(caught.value)


@pytest.mark.parametrize("format", ["docx", "odt"])
@pytest.mark.parametrize("content", [b"", b"kein Archiv", b"PK\x03\x04kaputt"])
def test_broken_or_missing_template(
    tmp_path: Path, minimal: dict[str, object], format: str, content: bytes
) -> None:
    vorlage = load_vorlage(minimal)
    with pytest.raises(InputError, match="Design-Datei nicht gefunden"):
        render(vorlage, format, design=tmp_path)
    (tmp_path / f"design.{format}").write_bytes(content)
    with pytest.raises(InputError, match=f"keine gültige {format.upper()}-Datei"):
        render(vorlage, format, design=tmp_path)


def test_a_template_of_the_other_format(tmp_path: Path, minimal: dict[str, object]) -> None:
    shutil.copy(standard_design() / "design.odt", tmp_path / "design.docx")
    shutil.copy(standard_design() / "design.docx", tmp_path / "design.odt")
    vorlage = load_vorlage(minimal)
    for format in ("docx", "odt"):
        with pytest.raises(InputError, match=f"keine gültige {format.upper()}-Datei"):
            render(vorlage, format, design=tmp_path)


def test_template_styles_carry_into_the_output(tmp_path: Path, minimal: dict[str, object]) -> None:
    """A corporate template changes the look without code: here the body font size."""
    folder = _template_copy(tmp_path)
    package = docx.Document(str(folder / "design.docx"))
    package.styles["Body Text"].font.size = docx.shared.Pt(13)
    package.save(str(folder / "design.docx"))
    out = docx.Document(io.BytesIO(render(load_vorlage(minimal), "docx", design=folder)))
    assert out.styles["Body Text"].font.size == docx.shared.Pt(13)


def test_docx_list_style_without_numbering(tmp_path: Path, minimal: dict[str, object]) -> None:
    folder = _template_copy(tmp_path)
    package = docx.Document(str(folder / "design.docx"))
    properties = package.styles["List Number"].element.pPr
    properties.remove(properties.numPr)
    package.save(str(folder / "design.docx"))
    with pytest.raises(InputError) as caught:
        render(load_vorlage(minimal), "docx", design=folder)
    assert "ohne Aufzählung/Nummerierung: 'List Number' (in deutschem Word: 'Listennummer')" \
        in str(caught.value)


def test_docx_numbering_definitions_stay_in_schema_order(minimal: dict[str, object]) -> None:
    """Word rejects a numbering part whose w:num come before a w:abstractNum."""
    minimal["sachverhalt"] = "1. a\n2. b\n\nText\n\n1. c\n"
    document = docx.Document(io.BytesIO(render(load_vorlage(minimal), "docx")))
    tags = [child.tag.rsplit("}", 1)[1] for child in document.part.numbering_part.element]
    assert tags == sorted(tags, key=lambda tag: tag != "abstractNum")
    assert tags.count("num") >= 4


def test_docx_template_with_another_prefix(tmp_path: Path, minimal: dict[str, object]) -> None:
    """WordprocessingML under a prefix other than "w" is still filled in correctly."""
    import re
    import zipfile

    source = standard_design() / "design.docx"
    target = tmp_path / "design.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(</?)w:", r"\1wx:", text)
                text = re.sub(r"(\s)w:(\w+=)", r"\1wx:\2", text).replace("xmlns:w=", "xmlns:wx=")
                assert "<w:" not in text
                data = text.encode("utf-8")
            new.writestr(item, data)
    out = docx.Document(io.BytesIO(render(load_vorlage(minimal), "docx", design=tmp_path)))
    texts = [p.text for p in out.paragraphs]
    assert "Testvorlage" in texts
    assert "Ein Satz." in texts
    assert out.paragraphs[-1].text == "Ein Satz."


def test_a_template_is_read_and_checked_once_while_unchanged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vorlagen import inputs
    from vorlagen.writers.package import design_bytes

    template = tmp_path / "design.docx"
    shutil.copy(standard_design() / "design.docx", template)
    checked: list[Path] = []
    original = inputs.check_package

    def counted(path: Path, invalid: str, data: bytes | None = None) -> None:
        checked.append(path)
        original(path, invalid, data)

    monkeypatch.setattr(inputs, "check_package", counted)
    first = design_bytes(template, "keine gültige DOCX-Datei")
    assert design_bytes(template, "keine gültige DOCX-Datei") == first
    assert len(checked) == 1
    template.write_bytes(first)  # written again, with another time stamp
    os.utime(template, ns=(1, 1))
    assert design_bytes(template, "keine gültige DOCX-Datei") == first
    assert len(checked) == 2
    template.write_bytes(b"kaputt")
    with pytest.raises(InputError, match="keine gültige DOCX-Datei"):
        design_bytes(template, "keine gültige DOCX-Datei")

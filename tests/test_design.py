"""Corporate design: a template's page furniture kept, its placeholders filled, and the
second shipped design (``briefkopf``) found in what Word, LibreOffice and a PDF show."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from docx import Document as open_docx
from docx.oxml.ns import qn
from lxml import etree

from tests import soffice
from tests.conftest import EXAMPLE, MINIMAL, ROOT
from vorlagen import load_vorlage, render
from vorlagen.cli import cli
from vorlagen.errors import InputError
from vorlagen.plugins import plugin_manager
from vorlagen.render import render_files
from vorlagen.templates import find_design

BRIEFKOPF = ROOT / "templates" / "briefkopf"
STANDARD = ROOT / "templates" / "standard"
EXAMPLES = sorted((ROOT / "examples").glob("*/vorlage.yaml"))
ALT_TEXT = "Wappen der Behörde"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
SVG = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"


def _docx_parts(data: bytes) -> dict[str, Any]:
    """The header and footer elements of a DOCX, by kind (``header-first``, ...)."""
    document = open_docx(io.BytesIO(data))
    section = document.sections[0]
    parts = {"header": section.header, "footer": section.footer}
    if section.different_first_page_header_footer:
        parts |= {"header-first": section.first_page_header,
                  "footer-first": section.first_page_footer}
    return {kind: part._element for kind, part in parts.items() if not part.is_linked_to_previous}


def _docx_text(element: Any) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                     for p in element.iter(qn("w:p")))


def _odt_parts(data: bytes) -> dict[str, Any]:
    """The header and footer elements of an ODT's standard master page, by kind."""
    styles = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("styles.xml"))
    master = next(m for m in styles.iter(f"{{{STYLE}}}master-page")
                  if m.get(f"{{{STYLE}}}name") == "Standard")
    return {etree.QName(child).localname: child for child in master}


def _odt_text(element: Any) -> str:
    return "\n".join("".join(p.itertext()) for p in element.iter(
        "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.parent.name)
def test_every_example_renders_in_both_designs(example: Path) -> None:
    vorlage = load_vorlage(example)
    behoerde = _behoerde(vorlage)
    nummer = vorlage.drucksachen_nr
    for folder in (STANDARD, BRIEFKOPF):
        docx = render(vorlage, "docx", design=folder)
        odt = render(vorlage, "odt", design=folder)
        docx_parts, odt_parts = _docx_parts(docx), _odt_parts(odt)
        if folder == BRIEFKOPF:
            first_docx, first_odt = (_docx_text(docx_parts["header-first"]),
                                     _odt_text(odt_parts["header-first"]))
            for first in (first_docx, first_odt):
                assert behoerde in first and f"Drucksache {nummer} vom" in first
                assert "{{" not in first and "\ue000" not in first
            pictures = [p for p in docx_parts["header-first"].iter(
                "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
            assert [p.get("descr") for p in pictures] == [ALT_TEXT]
            frames = list(odt_parts["header-first"].iter(f"{{{DRAW}}}frame"))
            assert [f.findtext(f"{{{SVG}}}title") for f in frames] == [ALT_TEXT]
            assert f"{behoerde} · Drucksache {nummer}" in _docx_text(docx_parts["header"])
            assert f"{behoerde} · Drucksache {nummer}" in _odt_text(odt_parts["header"])
            with zipfile.ZipFile(io.BytesIO(odt)) as archive:
                assert archive.read("Pictures/wappen.png").startswith(b"\x89PNG")
        else:
            assert behoerde not in _docx_text(docx_parts.get("header-first", etree.Element("x")))
            assert not list(etree.fromstring(
                zipfile.ZipFile(io.BytesIO(odt)).read("styles.xml")).iter(f"{{{DRAW}}}frame"))


def _behoerde(vorlage: Any) -> str:
    from vorlagen.configure import configure

    found = configure(vorlage).hausformat.hausformat.behoerde
    assert found
    return found


def test_the_hausformat_footer_goes_into_the_designs_slot() -> None:
    vorlage = load_vorlage(EXAMPLE)
    docx_parts = _docx_parts(render(vorlage, "docx", design=BRIEFKOPF))
    for kind in ("footer", "footer-first"):
        footer = docx_parts[kind]
        instructions = [node.text for node in footer.iter(qn("w:instrText"))]
        assert [i.strip() for i in instructions if i] == ["PAGE", "NUMPAGES"]
        assert "Seite" in _docx_text(footer) and "fusszeile" not in _docx_text(footer)
    odt_parts = _odt_parts(render(vorlage, "odt", design=BRIEFKOPF))
    for kind in ("footer", "footer-first"):
        xml = etree.tostring(odt_parts[kind], encoding="unicode")
        assert "page-number" in xml and "page-count" in xml and "\ue000" not in xml


@pytest.fixture(scope="module")
def briefkopf_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if soffice.soffice() is None:
        pytest.fail("LibreOffice (soffice) is not installed; `make test` installs it")
    folder = tmp_path_factory.mktemp("briefkopf")
    vorlage = load_vorlage(EXAMPLE)
    sources = soffice.save({f: render(vorlage, f, design=BRIEFKOPF)
                            for f in ("docx", "odt")}, folder, "briefkopf")
    return {path.stem.rsplit("-", 1)[1]: path for path in soffice.convert(sources, "pdf", folder)}


@pytest.mark.libreoffice
@pytest.mark.parametrize("format", ["docx", "odt"])
def test_libreoffice_shows_the_letterhead_on_the_first_page_only(
        briefkopf_pdfs: dict[str, Path], format: str) -> None:
    pdf = briefkopf_pdfs[format]
    pages = soffice.pdf_pages(pdf)
    assert len(pages) >= 2
    assert "Landkreis Konstanz" in pages[0] and "Drucksache 2018/077 vom 04.04.2018" in pages[0]
    assert all("vom 04.04.2018" not in page for page in pages[1:])
    assert all("Landkreis Konstanz · Drucksache 2018/077" in page for page in pages[1:])
    assert all(re.search(r"Seite\s+\d+\s+von\s+\d+", page) for page in pages)
    images = subprocess.run([shutil.which("pdfimages") or "pdfimages", "-list", str(pdf)],
                            capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert [line.split()[0] for line in images] == ["1"], images  # the coat of arms, page 1
    # the first page is set in the design's font
    fonts = subprocess.run([shutil.which("pdffonts") or "pdffonts", "-l", "1", str(pdf)],
                           capture_output=True, text=True, check=True).stdout
    assert "LiberationSerif" in fonts


def _template_with_own_furniture(folder: Path, *, numbered: bool) -> Path:
    """The standard DOCX with a header and a footer of its own, without placeholders."""
    document = open_docx(str(STANDARD / "design.docx"))
    section = document.sections[0]
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = "Stadt Musterhausen – Der Oberbürgermeister"
    section.footer.is_linked_to_previous = False
    footer = section.footer.paragraphs[0]
    footer.text = "Rathausplatz 1, 12345 Musterhausen"
    if numbered:
        run = footer.add_run()
        for xml in ('<w:fldChar w:fldCharType="begin"/>',
                    '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
                    '<w:fldChar w:fldCharType="end"/>'):
            run._r.append(etree.fromstring(
                f'<x xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f"{xml}</x>")[0])
    folder.mkdir(exist_ok=True)
    document.save(str(folder / "design.docx"))
    shutil.copy(STANDARD / "design.odt", folder / "design.odt")
    return folder


def test_a_templates_own_header_and_footer_stay(tmp_path: Path) -> None:
    vorlage = load_vorlage(EXAMPLE)
    folder = _template_with_own_furniture(tmp_path / "eigen", numbered=False)
    parts = _docx_parts(render(vorlage, "docx", design=folder))
    assert _docx_text(parts["header"]) == "Stadt Musterhausen – Der Oberbürgermeister"
    footer = _docx_text(parts["footer"])
    assert footer.startswith("Rathausplatz 1, 12345 Musterhausen\nSeite ")  # ours below


def test_a_footer_that_numbers_its_pages_gets_no_second_number(tmp_path: Path) -> None:
    vorlage = load_vorlage(EXAMPLE)
    folder = _template_with_own_furniture(tmp_path / "eigen", numbered=True)
    footer = _docx_parts(render(vorlage, "docx", design=folder))["footer"]
    assert _docx_text(footer) == "Rathausplatz 1, 12345 Musterhausen"
    assert [n.text.strip() for n in footer.iter(qn("w:instrText"))] == ["PAGE"]


def _example_copy(tmp_path: Path, **changes: Any) -> Path:
    """The example in a folder of its own, with ``changes`` to its fields."""
    folder = tmp_path / "beispiel"
    shutil.copytree(EXAMPLE.parent, folder)
    path = folder / "vorlage.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_nichtoeffentlich_notice_goes_above_a_templates_own_header(tmp_path: Path) -> None:
    example = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    marked = {"ueberschrift": "Personal", "text": "Vertraulich.", "nichtoeffentlich": True}
    path = _example_copy(tmp_path, sachverhalt=[*example["sachverhalt"], marked])
    folder = _template_with_own_furniture(tmp_path / "eigen", numbered=False)
    header = _docx_parts(render(load_vorlage(path), "docx", design=folder))["header"]
    lines = _docx_text(header).split("\n")
    assert lines[0].startswith("Nichtöffentlich") and lines[1].startswith("Stadt Musterhausen")


def _replace_in(package: Path, name: str, old: str, new: str) -> None:
    with zipfile.ZipFile(package) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(package, "w") as archive:
        for info, data in entries:
            if info.filename == name:
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            archive.writestr(info, data)


def _exported(tmp_path: Path, name: str = "briefkopf") -> Path:
    folder = tmp_path / "design"
    result = CliRunner().invoke(cli, ["design", "export", name, str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def test_placeholder_values_are_escaped(tmp_path: Path) -> None:
    path = _example_copy(tmp_path, organisationseinheit='Amt für <Bau> & "Umwelt"')
    vorlage = load_vorlage(path)
    docx = _docx_parts(render(vorlage, "docx", design=BRIEFKOPF))
    odt = _odt_parts(render(vorlage, "odt", design=BRIEFKOPF))
    assert 'Amt für <Bau> & "Umwelt"' in _docx_text(docx["header-first"]).split("\n")
    assert 'Amt für <Bau> & "Umwelt"' in _odt_text(odt["header-first"]).split("\n")


def test_a_placeholder_split_over_runs_is_filled_anyway(tmp_path: Path) -> None:
    folder = _exported(tmp_path)
    letterhead = next(name for name in ("word/header1.xml", "word/header2.xml")
                      if _has(folder / "design.docx", name, "vom {{ datum }}"))
    _replace_in(folder / "design.docx", letterhead, "{{ behoerde }}",
                '{{ beh</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>oerde }}')
    _replace_in(folder / "design.odt", "styles.xml", "{{ drucksachen_nr }} vom",
                '{{ drucksa<text:span text:style-name="T1">chen_nr</text:span> }} vom')
    vorlage = load_vorlage(EXAMPLE)
    docx = _docx_parts(render(vorlage, "docx", design=folder))
    odt = _odt_parts(render(vorlage, "odt", design=folder))
    assert "Landkreis Konstanz" in _docx_text(docx["header-first"]).split("\n")
    assert "Drucksache 2018/077 vom 04.04.2018" in _odt_text(odt["header-first"])
    result = CliRunner().invoke(cli, ["design", "check", str(folder)])
    assert result.exit_code == 2
    split = "ist über mehrere Textabschnitte verteilt"
    assert f"Kopfzeile der ersten Seite, Absatz 1: {{{{ behoerde }}}} {split}" in result.output
    assert "design.odt" in result.output
    assert f"{{{{ drucksachen_nr }}}} {split}" in result.output


def _has(package: Path, name: str, text: str) -> bool:
    with zipfile.ZipFile(package) as archive:
        return name in archive.namelist() and text.encode() in archive.read(name)


def test_template_check_names_misspelled_and_misplaced_placeholders(tmp_path: Path) -> None:
    folder = _exported(tmp_path)
    result = CliRunner().invoke(cli, ["design", "check", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.output.count("in Ordnung") == 2
    _replace_in(folder / "design.odt", "styles.xml", "{{ organisationseinheit }}",
                "{{ organisationseinheiten }}")
    _replace_in(folder / "design.odt", "styles.xml",
                '<style:footer><text:p text:style-name="Footer">{{ fusszeile }}',
                '<style:footer><text:p text:style-name="Footer">{{ kopfzeile }}')
    result = CliRunner().invoke(cli, ["design", "check", str(folder)])
    assert result.exit_code == 2
    assert ("Kopfzeile der ersten Seite, Absatz 2: unbekannter Platzhalter "
            "{{ organisationseinheiten }}; gemeint ist vielleicht {{ organisationseinheit }}"
            ) in result.output
    assert "Fußzeile, Absatz 1: {{ kopfzeile }} gehört in eine Kopfzeile" in result.output
    # rendering with it fails the same way, and writes nothing
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(EXAMPLE), "-o", str(out), "-f", "odt",
                                      "--design", str(folder)])
    assert result.exit_code == 2
    assert "unbekannter Platzhalter {{ organisationseinheiten }}" in result.output
    assert not out.exists() or not list(out.iterdir())


def test_template_check_reports_missing_styles_and_body_placeholders(tmp_path: Path) -> None:
    folder = tmp_path / "kaputt"
    folder.mkdir()
    document = open_docx()  # python-docx's own template: Word's styles, few used
    document.add_paragraph("{{ datum }}")
    document.save(str(folder / "design.docx"))
    result = CliRunner().invoke(cli, ["design", "check", str(folder)])
    assert result.exit_code == 2
    assert "Textkörper, Absatz 1: {{ datum }} steht im Textkörper" in result.output
    assert "Formatvorlage fehlt: 'Betreff'" in result.output
    result = CliRunner().invoke(cli, ["design", "check", str(tmp_path / "leer")])
    assert result.exit_code == 2 and "weder design.docx noch design.odt" in result.output


def test_template_export_copies_and_never_overwrites(tmp_path: Path) -> None:
    folder = _exported(tmp_path, "standard")
    assert (folder / "design.docx").read_bytes() == (STANDARD / "design.docx").read_bytes()
    assert (folder / "design.odt").read_bytes() == (STANDARD / "design.odt").read_bytes()
    (folder / "design.docx").write_bytes(b"changed")
    result = CliRunner().invoke(cli, ["design", "export", "briefkopf", str(folder)])
    assert result.exit_code == 2 and "gibt es schon" in result.output
    assert (folder / "design.docx").read_bytes() == b"changed"
    result = CliRunner().invoke(cli, ["design", "export", "briefkopff", str(tmp_path / "x")])
    assert result.exit_code == 2 and "kein Design 'briefkopff'" in result.output
    assert "briefkopf" in result.output and "standard" in result.output


def test_a_hausformat_chooses_its_design(tmp_path: Path) -> None:
    layout = (ROOT / "src" / "vorlagen" / "layouts" / "landkreis-konstanz.yaml").read_text("utf-8")
    path = _example_copy(tmp_path, hausformat="layout.yaml")
    (path.parent / "layout.yaml").write_text("design: briefkopf\n" + layout, encoding="utf-8")
    files = dict(render_files(load_vorlage(path), ["docx"]))
    assert "header-first" in _docx_parts(files["2018-077.docx"])
    (path.parent / "layout.yaml").write_text("design: briefkopff\n" + layout, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        render_files(load_vorlage(path), ["docx"])
    assert "Zeile 1, design: kein Design 'briefkopff'" in str(raised.value)


def test_designs_are_found_by_name_through_the_hook() -> None:
    manager = plugin_manager(entry_points=False)
    assert find_design("briefkopf", manager) == BRIEFKOPF
    assert find_design("standard", manager) == STANDARD
    with pytest.raises(ValueError, match="kein Design 'nix'"):
        find_design("nix", manager)


def test_a_broken_placeholder_is_named_with_its_file(tmp_path: Path) -> None:
    folder = _exported(tmp_path)
    _replace_in(folder / "design.odt", "styles.xml", "{{ drucksachen_nr }} vom",
                "{{ drucksachen_nr vom")
    with pytest.raises(InputError) as raised:
        render(load_vorlage(EXAMPLE), "odt", design=folder)
    assert "design.odt" in str(raised.value)
    assert "Kopf- und Fußzeilen: Platzhalter fehlerhaft: erwartet '}}', gefunden 'vom'" \
        in str(raised.value)  # German, not Jinja's "expected token 'end of print statement'"


def test_a_slot_must_stand_alone_in_its_paragraph(tmp_path: Path) -> None:
    folder = _exported(tmp_path)
    _replace_in(folder / "design.odt", "styles.xml",
                '<style:footer><text:p text:style-name="Footer">{{ fusszeile }}',
                '<style:footer><text:p text:style-name="Footer">Amt: {{ fusszeile }}')
    result = CliRunner().invoke(cli, ["design", "check", str(folder)])
    assert result.exit_code == 2
    assert ("Fußzeile, Absatz 1: {{ fusszeile }} muss allein in seinem Absatz stehen"
            in result.output)


def test_a_placeholder_that_fails_when_filled_is_german(tmp_path: Path) -> None:
    """What Jinja or Python raise while a letterhead is filled (a division by zero, a
    function called wrongly) is said in German, in ODT and DOCX alike."""
    folder = _exported(tmp_path)
    _replace_in(folder / "design.odt", "styles.xml", "{{ drucksachen_nr }} vom",
                "{{ 1 / 0 }} vom")
    with pytest.raises(InputError) as raised:
        render(load_vorlage(EXAMPLE), "odt", design=folder)
    assert "Platzhalter fehlerhaft: Division durch null" in str(raised.value)
    assert "division by zero" not in str(raised.value)


def _with_header(folder: Path, text: str) -> None:
    """``folder``'s design.docx with ``{{ behoerde }}`` in its first page's header
    replaced by ``text``; its design.odt removed."""
    path = folder / "design.docx"
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "word/header1.xml":
                assert b"<w:t>{{ behoerde }}</w:t>" in part
                part = part.replace(b"<w:t>{{ behoerde }}</w:t>",
                                    f"<w:t>{text}</w:t>".encode())
            target.writestr(info, part)
    (folder / "design.odt").unlink()


def _fifo(folder: Path) -> None:
    for name in ("design.docx", "design.odt"):
        (folder / name).unlink()
    import os
    os.mkfifo(folder / "design.docx")


def _dev_zero(folder: Path) -> None:
    for name in ("design.docx", "design.odt"):
        (folder / name).unlink()
    (folder / "design.docx").symlink_to("/dev/zero")


@pytest.mark.parametrize("make, fragment", [
    (lambda folder: _with_header(folder, "{{ ''.__class__ }}"),
     "der Zugriff auf '__class__' ist in Texten nicht erlaubt"),
    (lambda folder: _with_header(folder, "{% include 'x' %}"),
     "{% include %}, {% import %} und {% extends %} gibt es in Texten nicht"),
    (lambda folder: _with_header(folder, "{{ 'x' * 10**9 }}"),
     "Ergebnis zu lang: mehr als 100.000 Zeichen"),
    (lambda folder: _with_header(folder, "{% for a in range(100000) %}{% for b in "
                                         "range(100000) %}x{% endfor %}{% endfor %}"),
     "zu viele Schritte: mehr als 1.000.000 Schleifendurchläufe"),
    (lambda folder: _with_header(folder, "{{ lipsum(100000) }}"),
     "lipsum(…) ist in Texten nicht erlaubt"),
    (_fifo, "design.docx: keine gewöhnliche Datei"),
    (_dev_zero, "design.docx: keine gewöhnliche Datei"),
], ids=["escape", "include", "long", "loops", "lipsum", "fifo", "dev-zero"])
def test_design_check_refuses_what_render_refuses(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Any, fragment: str) -> None:
    """``design check`` agrees with ``render``: a header placeholder the sandbox refuses
    while filling, or a design file that is no regular file, fails both with exit 2 and
    the same German message; nothing is written."""
    folder = tmp_path / "briefkopf"
    shutil.copytree(ROOT / "templates" / "briefkopf", folder)
    make(folder)
    (tmp_path / "vorlage.yaml").write_text(yaml.safe_dump(MINIMAL, allow_unicode=True),
                                           encoding="utf-8")
    layout = yaml.safe_load((ROOT / "src/vorlagen/layouts/standard.yaml").read_text(
        encoding="utf-8"))
    layout.update(design="./briefkopf", behoerde="Stadt Musterstadt")
    (tmp_path / "hausformat.yaml").write_text(yaml.safe_dump(layout, allow_unicode=True),
                                              encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    checked = CliRunner().invoke(cli, ["design", "check", "briefkopf"])
    assert checked.exit_code == 2, checked.output
    assert fragment in checked.output
    rendered = CliRunner().invoke(cli, ["render", "vorlage.yaml", "-o", "aus", "-f", "docx"])
    assert rendered.exit_code == 2, rendered.output
    assert fragment in rendered.output
    assert not (tmp_path / "aus").exists()


def _big_image(folder: Path) -> None:
    """``folder``'s design.docx with an image of 11 MB beside its own; design.odt gone."""
    with zipfile.ZipFile(folder / "design.docx", "a") as package:
        package.writestr("word/media/luftbild.png", os.urandom(11 * 2**20))
    (folder / "design.odt").unlink()


def test_an_image_over_the_limit_in_a_design_is_refused_by_check_and_render(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A design whose image is larger than the limit (docs/design.md) is refused before
    the image is read into a paper, by ``design check`` and ``render`` alike."""
    test_design_check_refuses_what_render_refuses(
        tmp_path, monkeypatch, _big_image,
        "das Bild word/media/luftbild.png ist 11 MB groß, erlaubt sind 10 MB je Bild")

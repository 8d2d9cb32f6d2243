"""Confidentiality: what is marked nichtöffentlich is in no part of any file of the
version for publication, and the full version says on every page that it is not for
publication."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests import soffice
from tests.conftest import EXAMPLE
from vorlagen import InputError, load_vorlage, render_files
from vorlagen.cli import cli
from vorlagen.paper import NICHT_OEFFENTLICH

MARKED = {
    "section heading": "Personalangelegenheit Zeta",
    "section text": "Quirinus Geheimbold",
    "Anlage title": "Kostenaufstellung Omega",
    "Anlage file": "OMEGA-INHALT-8812",
    "recipient row": "Arbeitskreis Xylophon",
    "presentation row": "Runder Tisch Ypsilon",
}


@pytest.fixture
def vorlage(tmp_path: Path) -> Path:
    """The example with a marked subsection, Anlage, recipient and presentation."""
    folder = tmp_path / "vorlage"
    shutil.copytree(EXAMPLE.parent, folder)
    path = folder / "vorlage.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sachverhalt"].insert(1, {
        "ueberschrift": MARKED["section heading"],
        "text": f"{MARKED['section text']} erhält eine Zulage.", "nichtoeffentlich": True})
    (folder / "omega.txt").write_text(MARKED["Anlage file"], encoding="utf-8")
    data["anlagen"] = [{"titel": "Öffentlicher Plan", "datei": "plan.txt"},
                       {"titel": MARKED["Anlage title"], "datei": "omega.txt",
                        "nichtoeffentlich": True}]
    (folder / "plan.txt").write_text("Plan", encoding="utf-8")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    verteiler = folder / "verteiler.csv"
    rows = verteiler.read_text(encoding="utf-8").splitlines()
    verteiler.write_text("\n".join([f"{rows[0]};nichtöffentlich", *rows[1:],
                                    f"{MARKED['recipient row']};ja"]) + "\n", encoding="utf-8")
    vorstellungen = folder / "vorstellungen.csv"
    rows = vorstellungen.read_text(encoding="utf-8").splitlines()
    vorstellungen.write_text("\n".join([
        f"{rows[0]};nichtöffentlich", *rows[1:],
        f"{MARKED['presentation row']};Gremium;12.03.2018;;;ja"]) + "\n", encoding="utf-8")
    return path


def _every_part(folder: Path) -> dict[str, bytes]:
    """Every file, and every part of every package (XML, metadata, headers, footers,
    embedded files), by name."""
    parts: dict[str, bytes] = {}
    for path in sorted(folder.iterdir()):
        parts[path.name] = path.read_bytes()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for entry in archive.namelist():
                    parts[f"{path.name}/{entry}"] = archive.read(entry)
    return parts


def test_public_version_holds_nothing_marked(vorlage: Path, tmp_path: Path) -> None:
    out = tmp_path / "oeffentlich"
    result = CliRunner().invoke(cli, ["render", str(vorlage), "-o", str(out), "--oeffentlich"])
    assert result.exit_code == 0, result.output
    parts = _every_part(out)
    assert any(name.endswith("/word/document.xml") for name in parts)
    for what, marked in MARKED.items():
        for name, data in parts.items():
            assert marked.encode() not in data and marked not in name, (what, name)
    assert NICHT_OEFFENTLICH.encode() not in b"".join(parts.values())
    names = {path.name for path in out.iterdir()}
    assert all(name.startswith("2018-077_oeffentlich") for name in names), names
    assert "2018-077_oeffentlich_Anlage_1.txt" in names
    assert "2018-077_oeffentlich_Anlage_2.txt" not in names
    # Anlagen keep their numbers: the generated ones stay 3 and 4.
    assert {"2018-077_oeffentlich_Anlage_3.docx", "2018-077_oeffentlich_Anlage_4.odt"} <= names


@pytest.mark.libreoffice
def test_full_version_holds_everything_and_says_so(vorlage: Path, tmp_path: Path) -> None:
    out = tmp_path / "intern"
    result = CliRunner().invoke(cli, ["render", str(vorlage), "-o", str(out)])
    assert result.exit_code == 0, result.output
    everything = b"".join(_every_part(out).values())
    for marked in MARKED.values():
        assert marked.encode() in everything, marked
    parts = _every_part(out)
    headers = [name for name in parts if "/word/header" in name and name.endswith(".xml")]
    assert headers and all(NICHT_OEFFENTLICH.encode() in parts[name] for name in headers
                           if name.startswith("2018-077.docx/"))
    assert NICHT_OEFFENTLICH.encode() in parts["2018-077.odt/styles.xml"]
    # A generated Anlage without marked content carries no such header.
    assert NICHT_OEFFENTLICH.encode() not in b"".join(
        data for name, data in parts.items() if name.startswith("2018-077_Anlage_3.docx/"))
    pages_of = _pages(out, tmp_path)
    for name, pages in pages_of.items():
        assert all(NICHT_OEFFENTLICH in page for page in pages), name


def _pages(out: Path, work: Path) -> dict[str, list[str]]:
    if soffice.soffice() is None:
        pytest.fail("LibreOffice (soffice) is not installed; `make test` installs it")
    sources = [out / "2018-077.docx", out / "2018-077.odt"]
    folder = work / "pdf"
    folder.mkdir()
    copies = []
    for source in sources:
        copy = folder / f"{source.stem}-{source.suffix[1:]}{source.suffix}"
        shutil.copy(source, copy)
        copies.append(copy)
    return {pdf.name: soffice.pdf_pages(pdf) for pdf in soffice.convert(copies, "pdf", folder)}


def test_without_marked_content_there_is_no_header(tmp_path: Path) -> None:
    files = dict(render_files(load_vorlage(EXAMPLE)))
    with zipfile.ZipFile(__import__("io").BytesIO(files["2018-077.docx"])) as archive:
        assert not [name for name in archive.namelist() if "header" in name]


def test_a_marked_name_in_the_public_text_is_refused(vorlage: Path, tmp_path: Path) -> None:
    data = yaml.safe_load(vorlage.read_text(encoding="utf-8"))
    data["sachverhalt"].append({"text": f"Dank an den {MARKED['recipient row']}."})
    vorlage.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "oeffentlich"
    result = CliRunner().invoke(cli, ["render", str(vorlage), "-o", str(out), "--oeffentlich"])
    assert result.exit_code == 2
    assert MARKED["recipient row"] in result.output and "Veröffentlichung" in result.output
    assert not out.exists()
    with pytest.raises(InputError):
        render_files(load_vorlage(vorlage), oeffentlich=True)


def test_the_public_version_never_replaces_the_full_one(vorlage: Path, tmp_path: Path) -> None:
    """Both versions in one folder: each keeps its own files, and their names say which
    is which."""
    out = tmp_path / "beide"
    assert CliRunner().invoke(cli, ["render", str(vorlage), "-o", str(out)]).exit_code == 0
    full = {path.name: path.read_bytes() for path in out.iterdir()}
    result = CliRunner().invoke(cli, ["render", str(vorlage), "-o", str(out), "--oeffentlich"])
    assert result.exit_code == 0, result.output
    after = {path.name: path.read_bytes() for path in out.iterdir()}
    assert {name: after[name] for name in full} == full  # the full version is untouched
    public = sorted(set(after) - set(full))
    assert public and all("_oeffentlich" in name for name in public)
    assert "2018-077_oeffentlich.docx" in public and "2018-077_oeffentlich.odt" in public
    assert not any("_oeffentlich" in name for name in full)


def _text(data: bytes, name: str) -> str:
    from tests.reading import docx_text, odt_text

    return docx_text(data) if name.endswith(".docx") else odt_text(data)


def test_the_full_version_marks_each_part_where_it_stands(vorlage: Path) -> None:
    files = dict(render_files(load_vorlage(vorlage)))
    for name in ("2018-077.docx", "2018-077.odt"):
        text = _text(files[name], name)
        assert f"{MARKED['section heading']} (nichtöffentlich)" in text
        assert f"{MARKED['Anlage title']} (nichtöffentlich)" in text
        assert f"{MARKED['recipient row']} (nichtöffentlich)" in text
        assert f"{MARKED['presentation row']}" in text
        assert "Öffentlicher Plan (nichtöffentlich)" not in text
        assert text.count("(nichtöffentlich)") == 4, text


def _numbers(text: str) -> list[str]:
    import re

    return re.findall(r"^(\d+)\. (.+)$", text, re.MULTILINE)


def test_sachverhalt_numbers_are_the_same_in_both_versions(vorlage: Path) -> None:
    """The public version leaves a gap where the nichtöffentliche subsection was, as it
    does with Anlagen, so that "siehe Nr. 3" means the same in both."""
    from tests.reading import docx_paragraphs, open_docx

    full = dict(render_files(load_vorlage(vorlage), ["docx"]))["2018-077.docx"]
    public = dict(render_files(load_vorlage(vorlage), ["docx"], oeffentlich=True))[
        "2018-077_oeffentlich.docx"]

    def headings(data: bytes) -> dict[str, str]:
        found = {}
        for paragraph in docx_paragraphs(open_docx(data)):
            number, _, title = paragraph.text.partition(". ")
            if paragraph.style.name == "Heading 2" and number.isdigit():
                found[title.replace(" (nichtöffentlich)", "")] = number
        return found

    in_full, in_public = headings(full), headings(public)
    assert in_full[MARKED["section heading"]] == "2"
    assert MARKED["section heading"] not in in_public
    assert len(in_public) == len(in_full) - 1 >= 3
    assert all(in_full[title] == number for title, number in in_public.items())
    assert "2" not in in_public.values()


LOOK_ALIKES = {
    "soft hyphen": "Arbeits\u00adkreis Xylophon",
    "zero-width space": "Arbeitskreis\u200b Xylo\u200bphon",
    "no-break space": "Arbeitskreis\u00a0Xylophon",
    "other case": "ARBEITSKREIS xylophon",
    "full-width letters": "\uff21rbeitskreis Xylophon",
    "hyphen at a line end": "Arbeits-\nkreis Xylophon",
    "non-breaking hyphen": "Arbeits\u2011kreis Xylophon",
    "two spaces and a tab": "Arbeitskreis  \t Xylophon",
}


@pytest.mark.parametrize("spelling", list(LOOK_ALIKES.values()), ids=list(LOOK_ALIKES))
def test_a_marked_name_written_otherwise_is_refused(vorlage: Path, spelling: str) -> None:
    data = yaml.safe_load(vorlage.read_text(encoding="utf-8"))
    data["sachverhalt"].append({"text": f"Dank an den {spelling}."})
    vorlage.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError, match=r"'Arbeitskreis Xylophon' .*Veröffentlichung "
                                         r"\(auch anders geschrieben zählt sie\)"):
        render_files(load_vorlage(vorlage), oeffentlich=True)
    render_files(load_vorlage(vorlage))  # the full version may hold it


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1, the first its catalog) with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    return bytes(out)


def _minimal_pdf(text: str) -> bytes:
    """A one-page PDF whose page shows ``text`` in Helvetica, with a correct xref."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    return _pdf(objects)


def _docx_with(text: str) -> bytes:
    from docx import Document

    document = Document()
    paragraph = document.add_paragraph("Teilnehmer: ")
    paragraph.add_run("Arbeits")  # the name split over two runs
    paragraph.add_run(text[len("Arbeits"):])
    stream = __import__("io").BytesIO()
    document.save(stream)
    data: bytes = stream.getvalue()
    return data


@pytest.mark.parametrize("name,content", [
    ("liste.txt", b"Teilnehmer:\nArbeitskreis Xylophon\n"),
    ("liste.csv", b"Name;Ort\nARBEITSKREIS XYLOPHON;Konstanz\n"),
    ("liste.docx", _docx_with("Arbeitskreis Xylophon")),
    ("liste.pdf", _minimal_pdf("Arbeitskreis Xylophon")),
], ids=["text", "csv", "docx", "pdf"])
def test_a_public_anlage_file_holding_a_marked_name_is_refused(
        vorlage: Path, tmp_path: Path, name: str, content: bytes) -> None:
    (vorlage.parent / name).write_bytes(content)
    data = yaml.safe_load(vorlage.read_text(encoding="utf-8"))
    data["anlagen"][0]["datei"] = name
    vorlage.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "oeffentlich"
    result = CliRunner().invoke(cli, ["render", str(vorlage), "-o", str(out), "--oeffentlich"])
    assert result.exit_code == 2, result.output
    assert (f"anlagen[0].datei: {name} enthält die nichtöffentliche Angabe 'Arbeitskreis "
            "Xylophon' (Plugin verteiler) und würde so veröffentlicht"
            in result.output)
    assert not out.exists()
    assert render_files(load_vorlage(vorlage))  # the full version copies it


def test_the_pdf_check_reads_the_pdf(vorlage: Path) -> None:
    """The same PDF without the name passes: the refusal above is the name, not PDF."""
    (vorlage.parent / "plan.pdf").write_bytes(_minimal_pdf("Arbeitskreis Marimba"))
    data = yaml.safe_load(vorlage.read_text(encoding="utf-8"))
    data["anlagen"][0]["datei"] = "plan.pdf"
    vorlage.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    names = [name for name, _ in render_files(load_vorlage(vorlage), oeffentlich=True)]
    assert "2018-077_oeffentlich_Anlage_1.pdf" in names
    from vorlagen.veroeffentlichung import file_text

    assert "Arbeitskreis Marimba" in (file_text("plan.pdf", _minimal_pdf(
        "Arbeitskreis Marimba")) or "")


def test_an_anlage_that_cannot_be_read_is_not_published(vorlage: Path) -> None:
    (vorlage.parent / "kaputt.pdf").write_bytes(b"%PDF-1.4\nkein PDF")
    data = yaml.safe_load(vorlage.read_text(encoding="utf-8"))
    data["anlagen"][0]["datei"] = "kaputt.pdf"
    vorlage.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError, match=r"anlagen\[0\]\.datei: kaputt\.pdf: als PDF nicht "
                                         r"lesbar .*nicht prüfen"):
        render_files(load_vorlage(vorlage), oeffentlich=True)


def test_an_anlage_marked_since_leaves_the_public_folder(vorlage: Path, tmp_path: Path
                                                          ) -> None:
    out = tmp_path / "oeffentlich"
    args = ["render", str(vorlage), "-o", str(out), "--oeffentlich"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert (out / "2018-077_oeffentlich_Anlage_1.txt").exists()
    (out / "notiz.txt").write_text("bleibt", encoding="utf-8")
    data = yaml.safe_load(vorlage.read_text(encoding="utf-8"))
    data["anlagen"][0]["nichtoeffentlich"] = True
    vorlage.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert not (out / "2018-077_oeffentlich_Anlage_1.txt").exists()
    assert (out / "notiz.txt").read_text(encoding="utf-8") == "bleibt"
    assert (out / "2018-077_oeffentlich.docx").exists()


@pytest.mark.fuzz
def test_a_zip_bomb_anlage_is_refused_not_unpacked(vorlage: Path) -> None:
    import io

    package = io.BytesIO()
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * 600_000_000)
    (vorlage.parent / "bombe.docx").write_bytes(package.getvalue())
    data = yaml.safe_load(vorlage.read_text(encoding="utf-8"))
    data["anlagen"][0]["datei"] = "bombe.docx"
    vorlage.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError, match=r"als Office-Datei nicht prüfbar: entpackt 572 MB"):
        render_files(load_vorlage(vorlage), oeffentlich=True)


def _anlage(vorlage: Path, name: str, content: bytes, **fields: object) -> int:
    """Make ``name`` the first Anlage's file (with ``fields``); the line of its ``datei``."""
    (vorlage.parent / name).write_bytes(content)
    data = yaml.safe_load(vorlage.read_text(encoding="utf-8"))
    data["anlagen"][0] = {**data["anlagen"][0], "datei": name, **fields}
    vorlage.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                       encoding="utf-8")
    lines = vorlage.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1)
                if line.strip().removeprefix("- ") == f"datei: {name}")


def _zip_holding(name: str, text: str) -> bytes:
    import io

    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr(name, text)
    return stream.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def _scanned_pdf() -> bytes:
    """A one-page PDF that shows only an image (as a scan does), with a correct xref."""
    stream = b"q 200 0 0 200 72 500 cm /Im1 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
        + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream",
    ]
    return _pdf(objects)


UNSEARCHABLE = {
    "zip": ("liste.zip", _zip_holding("liste.txt", "Arbeitskreis Xylophon"),
            "liste.zip ist ein Archiv; was es enthält, durchsucht vorlagen nicht"),
    "png": ("foto.png", PNG, "foto.png ist ein Bild; was darauf steht, kann vorlagen nicht "
                             "durchsuchen"),
    "unknown type": ("plan.dwg", b"AC1032 Arbeitskreis",
                     "plan.dwg ist eine Datei des Typs .dwg, den vorlagen nicht durchsucht"),
    "old office format": ("brief.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64),
                          "brief.doc ist im alten Office-Format .doc, das vorlagen nicht "
                          "durchsucht (als .docx gespeichert wird sie durchsucht)"),
    "no suffix": ("liste", b"Arbeitskreis Xylophon",
                  "liste hat keine Endung; vorlagen weiß nicht"),
    "zip named .txt": ("liste.txt", _zip_holding("liste.txt", "Arbeitskreis Xylophon"),
                       "liste.txt: ist keine Textdatei (enthält Binärdaten); so lässt sich "
                       "nicht prüfen"),
    "broken PDF": ("kaputt.pdf", b"%PDF-1.4\nkein PDF", "kaputt.pdf: als PDF nicht lesbar"),
    "scanned PDF": ("scan.pdf", _scanned_pdf(), "scan.pdf ist ein PDF, dessen Seite 1 nur "
                                                "ein Bild zeigt (gescannt?)"),
}


@pytest.mark.parametrize("name,content,reason", list(UNSEARCHABLE.values()),
                         ids=list(UNSEARCHABLE))
def test_an_anlage_vorlagen_cannot_search_is_published_only_once_checked(
        vorlage: Path, tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    """An image, an archive, a file of another type or one that cannot be read: refused,
    with the Vorlage's file, the Anlage's line and how to mark it; published once a
    person has marked it checked."""
    line = _anlage(vorlage, name, content)
    out = tmp_path / "oeffentlich"
    args = ["render", str(vorlage), "-o", str(out), "--oeffentlich"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert f"Fehler in {vorlage}: Zeile {line}, anlagen[0].datei: {reason}" in result.output
    assert ("Ungeprüft wird die Datei nicht veröffentlicht: eine Person muss sie auf "
            "nichtöffentliche Angaben (Plugin verteiler) durchsehen und dann bei dieser "
            "Anlage „geprueft: true“ eintragen") in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    _anlage(vorlage, name, content, geprueft=True)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    copied = out / f"2018-077_oeffentlich_Anlage_1{Path(name).suffix}"
    assert copied.read_bytes() == content


def test_every_anlage_that_cannot_be_searched_is_named_at_once(vorlage: Path) -> None:
    (vorlage.parent / "foto.png").write_bytes(PNG)
    (vorlage.parent / "paket.zip").write_bytes(_zip_holding("a.txt", "a"))
    data = yaml.safe_load(vorlage.read_text(encoding="utf-8"))
    data["anlagen"] = [{"titel": "Foto", "datei": "foto.png"},
                       {"titel": "Paket", "datei": "paket.zip"},
                       {"titel": "Plan", "datei": "plan.txt"}]
    vorlage.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        render_files(load_vorlage(vorlage), oeffentlich=True)
    problems = raised.value.problems
    assert [problem.field for problem in problems] == ["anlagen[0].datei", "anlagen[1].datei"]
    lines = [problem.line or 0 for problem in problems]
    assert 0 < lines[0] < lines[1]


def test_a_checked_anlage_is_searched_all_the_same(vorlage: Path) -> None:
    """``geprueft`` lets through what vorlagen cannot search, not what it finds."""
    _anlage(vorlage, "liste.txt", b"Arbeitskreis Xylophon", geprueft=True)
    with pytest.raises(InputError, match=r"liste\.txt enthält die nichtöffentliche Angabe "
                                         r"'Arbeitskreis Xylophon'.*„geprueft: true“ "
                                         r"ändert daran nichts"):
        render_files(load_vorlage(vorlage), oeffentlich=True)


def test_without_anything_marked_there_is_nothing_to_search_for(tmp_path: Path) -> None:
    """A Vorlage that marks no text nichtöffentlich: its version for publication holds
    what the full one does, images too."""
    folder = tmp_path / "ohne"
    shutil.copytree(EXAMPLE.parent, folder)
    (folder / "foto.png").write_bytes(PNG)
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["anlagen"] = [{"titel": "Foto", "datei": "foto.png"}]
    (folder / "vorlage.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                         encoding="utf-8")
    names = [name for name, _ in render_files(load_vorlage(folder / "vorlage.yaml"),
                                              ["docx"], oeffentlich=True)]
    assert "2018-077_oeffentlich_Anlage_1.png" in names


ENCODED = {
    "html entities": ("seite.html", "<p>Arbeits&shy;kreis&nbsp;Xyl&#111;ph&#x6F;n</p>"),
    "html named umlaut": ("seite.htm", "<p>J&uuml;rgen Gr&#252;nwald</p>"),
    "html tags in a word": ("seite.html", "<p>Arbeits<b>kreis</b> <i>Xylophon</i></p>"),
    "html table cells": ("seite.html", "<tr><td>Arbeitskreis</td><td>Xylophon</td></tr>"),
    "html alt text": ("seite.html", '<img src="a.png" alt="Arbeitskreis Xylophon">'),
    "html comment": ("seite.html", "<!-- Arbeitskreis Xylophon --><p>Plan</p>"),
    "xml": ("daten.xml", "<?xml version='1.0'?><n>ARBEITSKREIS&#x20;XYLOPHON</n>"),
    "xml cdata": ("daten.xml", "<n><![CDATA[Arbeitskreis Xylophon]]></n>"),
    "json escapes": ("daten.json", '{"name": "J\\u00fcrgen Gr\\u00fcnwald"}'),
    "yaml escapes": ("daten.yaml", 'name: "J\\xFCrgen Gr\\xFCnwald"'),
    "rtf escapes": ("brief.rtf", "{\\rtf1\\ansi J\\'fcrgen Gr\\u252?nwald\\par}"),
    "markdown entity": ("notiz.md", "Dank an J&uuml;rgen Gr&uuml;nwald"),
}


@pytest.mark.parametrize("name,content", list(ENCODED.values()), ids=list(ENCODED))
def test_a_marked_name_encoded_in_a_text_anlage_is_found(vorlage: Path, tmp_path: Path,
                                                          name: str, content: str) -> None:
    verteiler = vorlage.parent / "verteiler.csv"
    with verteiler.open("a", encoding="utf-8") as file:
        file.write("Jürgen Grünwald;ja\n")
    line = _anlage(vorlage, name, content.encode())
    out = tmp_path / "oeffentlich"
    result = CliRunner().invoke(cli, ["render", str(vorlage), "-o", str(out), "--oeffentlich"])
    assert result.exit_code == 2, result.output
    assert f"Zeile {line}, anlagen[0].datei: {name} enthält die nichtöffentliche Angabe" \
        in result.output
    assert not out.exists()


def test_an_html_anlage_without_a_marked_name_is_published(vorlage: Path) -> None:
    _anlage(vorlage, "seite.html", b"<p>Arbeitskreis <b>Marimba</b> &amp; Co.</p>")
    names = [name for name, _ in render_files(load_vorlage(vorlage), ["docx"],
                                              oeffentlich=True)]
    assert "2018-077_oeffentlich_Anlage_1.html" in names


@pytest.mark.libreoffice
@pytest.mark.libreoffice  # "Alles als ZIP" holds the PDF too
def test_the_forms_public_download_follows_the_same_rule(tmp_path: Path) -> None:
    """``vorlagen serve`` takes .png Anlagen; its version for publication holds one only
    once it is marked checked, in the form."""
    import io
    import warnings

    from tests.test_serve import BASE, PORT, URL, control, form_of, log_in, send
    from vorlagen.serve import create_app
    from vorlagen.serve.security import Access

    with warnings.catch_warnings():  # starlette's notice about httpx's successor
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    shutil.copytree(EXAMPLE.parent, tmp_path / "ik")
    verteiler = tmp_path / "ik" / "verteiler.csv"
    rows = verteiler.read_text(encoding="utf-8").splitlines()
    verteiler.write_text("\n".join([f"{rows[0]};nichtöffentlich", *rows[1:],
                                    "Arbeitskreis Xylophon;ja"]) + "\n", encoding="utf-8")
    access = Access.new(PORT)
    with TestClient(create_app(tmp_path, access=access), base_url=BASE) as client:
        log_in(client, access)
        added = send(client, form_of(client.get(URL).text), "hinzufuegen:anlagen")
        uploaded = send(client, form_of(added.text), "hochladen",
                        {"anlagen[0].titel": "Foto"},
                        files={"hochladen:anlagen[0].datei": ("Foto.png", PNG, "image/png")})
        assert control(uploaded.text, "anlagen[0].datei").get("value").endswith(".png")
        refused = send(client, form_of(uploaded.text), "herunterladen:docx:oeffentlich")
        assert refused.headers["content-type"].startswith("text/html")
        assert "Nicht erstellt" in refused.text and "ist ein Bild" in refused.text
        assert "„Von einer Person geprüft“ „ja“ wählen" in refused.text
        geprueft = control(uploaded.text, "anlagen[0].geprueft")
        assert [option.get("value") for option in geprueft.xpath("option")] == [
            "", "true", "false"]
        paper = send(client, form_of(uploaded.text), "herunterladen:docx:oeffentlich",
                     {"anlagen[0].geprueft": "true"})
        assert paper.headers["content-disposition"].endswith("2018-077_oeffentlich.docx")
        public = send(client, form_of(uploaded.text), "herunterladen:zip:oeffentlich",
                      {"anlagen[0].geprueft": "true"})
        with zipfile.ZipFile(io.BytesIO(public.content)) as archive:
            assert archive.read("2018-077_oeffentlich_Anlage_1.png") == PNG


def test_a_checked_scan_s_readable_pages_are_searched_all_the_same(vorlage: Path) -> None:
    """A PDF with a scanned page needs ``geprueft``; its pages with text are still
    searched."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in (_minimal_pdf("Arbeitskreis Xylophon"), _scanned_pdf()):
        writer.append(PdfReader(io.BytesIO(part)))
    stream = io.BytesIO()
    writer.write(stream)
    _anlage(vorlage, "teils.pdf", stream.getvalue(), geprueft=True)
    with pytest.raises(InputError, match=r"teils\.pdf enthält die nichtöffentliche Angabe "
                                         r"'Arbeitskreis Xylophon'"):
        render_files(load_vorlage(vorlage), oeffentlich=True)
    _anlage(vorlage, "teils.pdf", stream.getvalue(), geprueft=False)
    with pytest.raises(InputError, match=r"teils\.pdf ist ein PDF, dessen Seite 2 nur ein "
                                         r"Bild zeigt"):
        render_files(load_vorlage(vorlage), oeffentlich=True)


@pytest.mark.subprocess
@pytest.mark.parametrize("content", [
    b"%PDF-1.4\nkein PDF",  # pypdf: "EOF marker not found"
    b"kein PDF",  # pypdf: "invalid pdf header", "EOF marker not found"
    b"xx%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF",  # "invalid pdf header"
], ids=["no EOF marker", "no header", "header not at the start"])
def test_a_broken_pdf_anlage_prints_no_english_library_line(
        vorlage: Path, tmp_path: Path, content: bytes) -> None:
    """The PDF library's own English warnings stay off standard error: the user reads
    the German message alone."""
    line = _anlage(vorlage, "kaputt.pdf", content)
    out = tmp_path / "oeffentlich"
    result = subprocess.run([sys.executable, "-m", "vorlagen", "render", str(vorlage),
                             "-o", str(out), "--oeffentlich"],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"vorlagen: Fehler in {vorlage}: Zeile {line}, "
                               "anlagen[0].datei: kaputt.pdf: als PDF nicht lesbar")
    assert "EOF marker" not in result.stderr and "invalid pdf header" not in result.stderr
    assert result.stdout == ""
    assert not out.exists()


def test_reading_a_broken_pdf_leaves_the_host_s_logging_as_it_was(
        caplog: pytest.LogCaptureFixture) -> None:
    """The library changes no logging of the program using it: pypdf's logger has no
    handler of vorlagen afterwards, and the host's own handlers still get its records."""
    from vorlagen.veroeffentlichung import file_text

    pypdf_logger = logging.getLogger("pypdf")
    before = list(pypdf_logger.handlers)
    with caplog.at_level(logging.WARNING, logger="pypdf"), \
            pytest.raises(ValueError, match="als PDF nicht lesbar"):
        file_text("kaputt.pdf", b"%PDF-1.4\nkein PDF")
    assert "EOF marker not found" in caplog.text
    assert pypdf_logger.handlers == before

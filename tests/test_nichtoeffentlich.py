"""Confidentiality: what is marked nichtöffentlich is in no part of any file of the
version for publication, and the full version says on every page that it is not for
publication."""

from __future__ import annotations

import shutil
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
    assert "2018-077_Anlage_1.txt" in names and "2018-077_Anlage_2.txt" not in names
    # Anlagen keep their numbers: the generated ones stay 3 and 4.
    assert {"2018-077_Anlage_3.docx", "2018-077_Anlage_4.odt"} <= names


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

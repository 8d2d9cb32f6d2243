"""Every file a Vorlage names (an Anlage, a plugin's data file, its layout file and the
design that names) is read from the Vorlage's folder, once: whatever the current folder,
whether the Vorlage is named by its file or by a folder, one by one or in a batch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import MINIMAL, ROOT
from tests.reading import docx_paragraphs, docx_text, open_docx
from vorlagen import Vorlage, load_vorlage, render_files
from vorlagen.cli import cli
from vorlagen.errors import InputError

NETZPLAN = b"%PDF-1.4\n% der Netzplan\n%%EOF\n"


def _radverkehr(folder: Path) -> Path:
    """A Vorlage in ``folder`` that names a file of each kind, all beside it."""
    folder.mkdir(parents=True)
    (folder / "netzplan.pdf").write_bytes(NETZPLAN)
    (folder / "massnahmen.csv").write_text(
        "Nr.;Handlungsfeld;Titel;Zuständigkeit;Zeitraum;Priorität;Status\n"
        "R-01;Radverkehr;Radweg Bahnhofstraße;Tiefbauamt;2025;hoch;in Umsetzung\n"
        "R-02;Radverkehr;Fahrradstraße Schulweg;Tiefbauamt;2026;mittel;geplant\n",
        encoding="utf-8")
    layout = yaml.safe_load((ROOT / "src/vorlagen/layouts/standard.yaml").read_text(
        encoding="utf-8"))
    layout.update(behoerde="Stadt Radhausen", design="./eigenes-design")
    (folder / "hausformat.yaml").write_text(yaml.safe_dump(layout, allow_unicode=True),
                                            encoding="utf-8")
    shutil.copytree(ROOT / "templates" / "briefkopf", folder / "eigenes-design")
    vorlage = dict(MINIMAL, hausformat="hausformat.yaml", drucksachen_nr="2025/031",
                   sachverhalt="Es sind {{ massnahmen.anzahl }} Maßnahmen geplant.",
                   anlagen=[{"titel": "Netzplan", "datei": "netzplan.pdf"}],
                   plugins={"massnahmen": {"datei": "massnahmen.csv"}})
    path = folder / "vorlage.yaml"
    path.write_text(yaml.safe_dump(vorlage, allow_unicode=True), encoding="utf-8")
    return path


def _header_text(data: bytes) -> str:
    document = open_docx(data)
    return " ".join(paragraph.text for section in document.sections
                    for header in (section.header, section.first_page_header)
                    for paragraph in docx_paragraphs(header))


def _assert_written(out: Path) -> None:
    """The paper was made from the Vorlage's own files: its Anlage copied, the plugin's
    count from its CSV, the Behörde from its layout file in its design's letterhead."""
    assert (out / "2025-031_Anlage_1.pdf").read_bytes() == NETZPLAN
    paper = (out / "2025-031.docx").read_bytes()
    assert "Es sind 2 Maßnahmen geplant." in docx_text(paper)
    assert "Stadt Radhausen" in _header_text(paper)


@pytest.mark.parametrize("cwd, argument", [
    ("amt", "radverkehr"),                # the guide's form: the folder, from its parent
    ("amt", "radverkehr/vorlage.yaml"),   # the file, from the parent
    (".", "amt"),                         # a batch over the folder above
    ("amt/radverkehr", "vorlage.yaml"),   # from the Vorlage's own folder
    ("amt/radverkehr", "."),
    ("anderswo", "../amt/radverkehr"),    # from another folder beside it
])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_files_a_vorlage_names_are_read_from_its_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cwd: str, argument: str,
        jobs: str) -> None:
    _radverkehr(tmp_path / "amt" / "radverkehr")
    (tmp_path / "anderswo").mkdir()
    monkeypatch.chdir(tmp_path / cwd)
    out = tmp_path / "ausgabe"
    result = CliRunner().invoke(cli, ["render", argument, "-o", str(out), "-j", jobs])
    assert result.exit_code == 0, result.output
    _assert_written(out)
    assert CliRunner().invoke(cli, ["validate", argument]).exit_code == 0


def test_export_oparl_from_the_parent_folder(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _radverkehr(tmp_path / "radverkehr")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", "oparl", "radverkehr/vorlage.yaml",
                                      "--base-url", "https://ris.example.de/oparl",
                                      "-o", "ausgabe"])
    assert result.exit_code == 0, result.output
    _assert_written(tmp_path / "ausgabe")


def test_a_vorlage_loaded_with_a_relative_folder_reads_its_anlage_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The library: ``base_dir`` relative to the current folder, as a program gives it."""
    _radverkehr(tmp_path / "radverkehr")
    monkeypatch.chdir(tmp_path)
    vorlage = load_vorlage(Path("radverkehr/vorlage.yaml"))
    assert vorlage.anlagen[0].datei == Path("radverkehr/netzplan.pdf")
    files = dict(render_files(vorlage, ["docx"]))
    assert files["2025-031_Anlage_1.pdf"] == NETZPLAN


def test_an_anlage_output_never_replaces_its_own_input(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An Anlage file that stands where its copy goes, named from the parent folder: the
    copy is recognised as the file itself and left alone, the paper written."""
    path = _radverkehr(tmp_path / "radverkehr")
    (path.parent / "netzplan.pdf").rename(path.parent / "2025-031_Anlage_1.pdf")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "netzplan.pdf", "2025-031_Anlage_1.pdf"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["render", "radverkehr"])
    assert result.exit_code == 0, result.output
    _assert_written(path.parent)


@pytest.mark.parametrize("make, reason", [
    (lambda path: None, "plan.pdf: Datei oder Ordner nicht gefunden"),
    (lambda path: path.mkdir(), "plan.pdf: ist ein Ordner, keine Datei"),
])
def test_an_anlage_that_cannot_be_read_is_said_in_german(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: object, reason: str) -> None:
    """A Vorlage made in a program (not checked against a folder), whose Anlage is gone
    or a folder when it is read: the message names the field and the file, in German."""
    monkeypatch.chdir(tmp_path)
    assert callable(make)
    make(tmp_path / "plan.pdf")
    vorlage = Vorlage.model_validate(dict(MINIMAL, anlagen=[
        {"titel": "Plan", "datei": "plan.pdf"}]))
    with pytest.raises(InputError) as raised:
        render_files(vorlage, ["docx"])
    assert str(raised.value) == f"Fehler in Vorlage: anlagen[0].datei: {reason}"


def test_an_anlage_turned_into_a_link_out_of_the_folder_is_refused_when_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checked when loaded and again when read: an Anlage replaced by a symbolic link to
    a file outside the folder in between is not copied, and the message says how it
    leads out, also for a Vorlage named by a path with ``..``."""
    path = _radverkehr(tmp_path / "amt" / "radverkehr")
    (tmp_path / "anderswo").mkdir()
    (tmp_path / "geheim.pdf").write_bytes(b"%PDF-1.4\n% geheim\n")
    monkeypatch.chdir(tmp_path / "anderswo")
    vorlage = load_vorlage(Path("../amt/radverkehr/vorlage.yaml"))
    anlage = path.parent / "netzplan.pdf"
    anlage.unlink()
    anlage.symlink_to(tmp_path / "geheim.pdf")
    with pytest.raises(InputError) as raised:
        render_files(vorlage, ["docx"])
    assert str(raised.value).endswith(
        "anlagen[0].datei: ../amt/radverkehr/netzplan.pdf führt über einen symbolischen "
        "Link aus dem Ordner der Vorlage hinaus (--allow-outside-files erlaubt das)")


def test_an_anlage_that_is_not_there_says_what_to_do(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "fehler" / "anlage").mkdir(parents=True)
    (tmp_path / "fehler" / "anlage" / "netzplan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "fehler" / "vorlage.yaml").write_text(yaml.safe_dump(
        dict(MINIMAL, anlagen=[{"titel": "Netzplan", "datei": "anlage/netzplan.pf"}])),
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "fehler"])
    assert result.exit_code == 2, result.output
    assert ("anlagen[0].datei: Datei nicht gefunden: fehler/anlage/netzplan.pf; die Datei "
            "dorthin legen oder den Namen in der Vorlage berichtigen; gemeint ist vielleicht "
            "'netzplan.pdf'") in result.output


def _bad_name(folder: Path, how: str) -> str:
    """A file name in ``folder`` that cannot be read: a symbolic link to itself or a name
    longer than the file system allows."""
    if how == "schleife":
        (folder / "kreis.yaml").symlink_to("kreis.yaml")
        return "kreis.yaml"
    return "x" * 300 + ".yaml"


@pytest.mark.parametrize("how, reason", [
    ("schleife", "zu viele symbolische Links (eine Schleife?)"),
    ("lang", "der Name ist zu lang"),
])
@pytest.mark.parametrize("field", ["anlagen[0].datei", "plugins.massnahmen.datei",
                                   "hausformat"])
def test_a_name_that_cannot_be_read_is_an_input_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, reason: str,
        field: str) -> None:
    """A symbolic link loop or a 300-character name as an Anlage, a data file or a
    Hausformat is the input's fault: a German message naming the field, exit 2, nothing
    written, no traceback."""
    path = _radverkehr(tmp_path / "radverkehr")
    name = _bad_name(path.parent, how)
    vorlage = yaml.safe_load(path.read_text(encoding="utf-8"))
    if field == "hausformat":
        vorlage["hausformat"] = name
    elif field.startswith("anlagen"):
        vorlage["anlagen"][0]["datei"] = name
    else:
        vorlage["plugins"]["massnahmen"]["datei"] = name
    path.write_text(yaml.safe_dump(vorlage, allow_unicode=True), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["render", "radverkehr", "-o", "aus"])
    assert result.exit_code == 2, result.output
    assert f"{field}: radverkehr/{name} ist nicht lesbar: {reason}" in result.output
    assert "Traceback" not in result.output and "Plugin" not in result.output
    assert not (tmp_path / "aus").exists()


def test_an_xlsx_damaged_inside_is_an_input_error(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """An .xlsx whose sheet fails its checksum (a bad CRC) names the data file and says
    what to do, exit 2; not a failure of the plugin that reads it."""
    import zipfile

    from openpyxl import Workbook
    path = _radverkehr(tmp_path / "radverkehr")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Nr.", "Handlungsfeld", "Titel", "Zuständigkeit", "Zeitraum", "Priorität",
                  "Status"])
    for number in range(50):
        sheet.append([f"R-{number}", "Radverkehr", "Radweg " * 5, "Tiefbauamt", "2025",
                      "hoch", "geplant"])
    xlsx = path.parent / "massnahmen.xlsx"
    workbook.save(xlsx)
    with zipfile.ZipFile(xlsx) as package:
        info = package.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(xlsx.read_bytes())
    data[info.header_offset + 30 + len(info.filename) + len(info.extra) + 20] ^= 0xFF
    xlsx.write_bytes(bytes(data))
    path.write_text(path.read_text(encoding="utf-8").replace("massnahmen.csv",
                                                               "massnahmen.xlsx"),
                    encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["render", "radverkehr", "-o", "aus"])
    assert result.exit_code == 2, result.output
    assert ("Fehler in radverkehr/massnahmen.xlsx (genannt in radverkehr/vorlage.yaml"
            in result.output)
    assert "keine Excel-Datei (.xlsx) oder beschädigt" in result.output
    assert "Plugin" not in result.output
    assert not (tmp_path / "aus").exists()

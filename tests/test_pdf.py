"""PDF and PDF/A through LibreOffice headless: what the files hold, one LibreOffice start
for a whole batch, a clear message when LibreOffice is missing or hangs, and the public
version's PDF searched for nichtöffentliche texts."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from tests import soffice
from tests.conftest import EXAMPLE, ROOT
from vorlagen import load_vorlage, render
from vorlagen.cli import cli
from vorlagen.libreoffice import INSTALL_HINT, LibreOfficeError, pdf_filter
from vorlagen.pdffile import pdf_problem
from vorlagen.veroeffentlichung import file_text

EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example as PDF, as PDF/A, and its version for publication as PDF."""
    if soffice.soffice() is None:
        pytest.fail("LibreOffice (soffice) is not installed; `make test` installs it")
    out: dict[str, Path] = {}
    for name, extra in (("pdf", []), ("pdfa", ["--pdfa"]), ("public", ["--oeffentlich"])):
        folder = tmp_path_factory.mktemp(name)
        result = CliRunner().invoke(cli, ["render", str(EXAMPLE), "-o", str(folder),
                                          "-f", "pdf", *extra])
        assert result.exit_code == 0, result.output
        out[name] = folder
    return out


def _catalog(reader: PdfReader) -> Any:
    """The PDF's document catalog (its root dictionary)."""
    return reader.trailer["/Root"]


def _xmp(reader: PdfReader) -> str:
    metadata = _catalog(reader).get("/Metadata")
    return metadata.get_object().get_data().decode("utf-8") if metadata is not None else ""


@pytest.mark.libreoffice
def test_a_pdf_of_the_paper_and_of_each_anlage(rendered: dict[str, Path]) -> None:
    names = sorted(path.name for path in rendered["pdf"].iterdir())
    assert names == ["2018-077.pdf", "2018-077_Anlage_1.pdf", "2018-077_Anlage_2.pdf"]
    pages = soffice.pdf_pages(rendered["pdf"] / "2018-077.pdf")
    text = " ".join(" ".join(page.split()) for page in pages)
    for expected in ("Mitteilungsvorlage", "Integrationskonzept; Sachstandsbericht",
                     "Sozialausschuss", "Seite 1 von"):
        assert expected in text
    anlage = " ".join(soffice.pdf_pages(rendered["pdf"] / "2018-077_Anlage_2.pdf"))
    assert "Gesamtübersicht" in anlage


@pytest.mark.libreoffice
def test_the_pdf_is_tagged_with_language_and_title(rendered: dict[str, Path]) -> None:
    reader = PdfReader(rendered["pdf"] / "2018-077.pdf")
    root = _catalog(reader)
    assert root["/Lang"] == "de-DE"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata is not None
    assert reader.metadata.title == "Integrationskonzept; Sachstandsbericht"
    assert "pdfaid:part" not in _xmp(reader)  # a plain PDF is no PDF/A


@pytest.mark.libreoffice
def test_pdfa_is_pdf_a_2b(rendered: dict[str, Path]) -> None:
    assert sorted(p.name for p in rendered["pdfa"].iterdir())[0] == "2018-077.pdf"
    reader = PdfReader(rendered["pdfa"] / "2018-077.pdf")
    xmp = _xmp(reader)
    assert re.search(r"pdfaid:part(>|=\")2", xmp), xmp[:500]
    assert re.search(r"pdfaid:conformance(>|=\")B", xmp)
    assert _catalog(reader)["/Lang"] == "de-DE"


@pytest.mark.libreoffice
def test_the_public_pdf_is_named_so(rendered: dict[str, Path]) -> None:
    assert sorted(p.name for p in rendered["public"].iterdir())[0] == "2018-077_oeffentlich.pdf"


def _wrapper(tmp_path: Path, body: str) -> Path:
    """A stand-in for soffice: a shell script (``VORLAGEN_SOFFICE``)."""
    script = tmp_path / "soffice-wrapper"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


@pytest.mark.libreoffice
def test_a_batch_converts_through_one_libreoffice_start(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    real = soffice.soffice()
    assert real is not None
    log = tmp_path / "starts.log"
    monkeypatch.setenv("VORLAGEN_SOFFICE", str(_wrapper(
        tmp_path, f'echo start >> "{log}"\nexec "{real}" "$@"')))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(EXAMPLES), "-o", str(out), "-f", "pdf"])
    assert result.exit_code == 0, result.output
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 7 and all(p.read_bytes().startswith(b"%PDF-") for p in pdfs)
    assert log.read_text().count("start") == 1


def test_without_libreoffice_the_message_says_how_to_install_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VORLAGEN_SOFFICE", str(tmp_path / "kein-soffice"))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(EXAMPLE), "-o", str(out), "-f", "docx",
                                      "-f", "pdf"])
    assert result.exit_code == 2
    assert "PDF braucht LibreOffice" in result.output and INSTALL_HINT in result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not list(out.iterdir())  # not even the DOCX: all or nothing
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("VORLAGEN_SOFFICE")
    with pytest.raises(LibreOfficeError, match="libreoffice-writer-nogui"):
        render(load_vorlage(EXAMPLE), "pdf")


def test_a_hanging_libreoffice_is_stopped(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    pid_file = tmp_path / "pid"
    monkeypatch.setenv("VORLAGEN_UNO_PYTHON", sys.executable)  # soffice --convert-to
    monkeypatch.setenv("VORLAGEN_SOFFICE", str(_wrapper(
        tmp_path, f'echo $$ > "{pid_file}"\nsleep 60 & wait')))
    monkeypatch.setenv("VORLAGEN_SOFFICE_TIMEOUT", "1")
    result = CliRunner().invoke(cli, ["render", str(EXAMPLE), "-o", str(tmp_path / "out"),
                                      "-f", "pdf"])
    assert result.exit_code == 2
    assert "nach 1 Sekunden nicht fertig umgewandelt" in result.output
    assert "VORLAGEN_SOFFICE_TIMEOUT" in result.output
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, waiting for its parent to note its end, does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_a_hanging_converter_s_child_in_a_session_of_its_own_is_stopped_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A process the converter started in a new session (``setsid``) has left its
    process group: the timeout's stop reaches it all the same."""
    pid_file = tmp_path / "pid"
    monkeypatch.setenv("VORLAGEN_UNO_PYTHON", sys.executable)  # soffice --convert-to
    monkeypatch.setenv("VORLAGEN_SOFFICE", str(_wrapper(tmp_path, (
        f"setsid sh -c 'echo $$ > \"{pid_file}.neu\"; mv \"{pid_file}.neu\" \"{pid_file}\"; "
        "exec sleep 1000' &\n"
        f'while [ ! -e "{pid_file}" ]; do sleep 0.01; done\nsleep 1000'))))
    monkeypatch.setenv("VORLAGEN_SOFFICE_TIMEOUT", "3")
    result = CliRunner().invoke(cli, ["render", str(EXAMPLE), "-o", str(tmp_path / "out"),
                                      "-f", "pdf"])
    assert result.exit_code == 2, result.output
    assert "nach 3 Sekunden nicht fertig umgewandelt" in result.output
    child = int(pid_file.read_text())
    try:
        deadline = time.monotonic() + 60  # the stop is done; this only waits for /proc
        while _alive(child):
            assert time.monotonic() < deadline, "the converter's child in its own session runs"
            time.sleep(0.05)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)


PEAK_AT_EXIT = """
import atexit, pathlib, runpy, sys
peak = pathlib.Path(sys.argv.pop(1))
def note() -> None:
    with open("/proc/self/status", encoding="ascii") as status:
        peak.write_text(next(line for line in status if line.startswith("VmHWM:")))
atexit.register(note)
sys.argv[0] = "vorlagen"
runpy.run_module("vorlagen", run_name="__main__")
"""
"""Runs ``vorlagen`` with its arguments and writes its peak memory (``VmHWM``, which
Linux starts afresh at exec; ``ru_maxrss`` of a child carries over the forking
process's peak) to the file named first."""


@pytest.mark.subprocess
def test_a_converter_that_writes_200_mb_makes_a_short_message_in_little_memory(
        tmp_path: Path) -> None:
    """200 MB on standard error: the message quotes its last few hundred characters, and
    vorlagen does not keep the rest in memory."""
    converter = _wrapper(tmp_path, "head -c 200000000 /dev/zero | tr '\\0' x >&2\n"
                                   "echo >&2\necho Das Ende >&2\nexit 1")
    env = {**os.environ, "VORLAGEN_SOFFICE": str(converter),
           "VORLAGEN_UNO_PYTHON": sys.executable}
    said_file = tmp_path / "stderr"
    peak_file = tmp_path / "peak"
    with said_file.open("wb") as stderr:
        status = subprocess.run(
            [sys.executable, "-c", PEAK_AT_EXIT, str(peak_file), "render", str(EXAMPLE),
             "-o", str(tmp_path / "out"), "-f", "pdf"],
            stdin=subprocess.DEVNULL, stdout=stderr, stderr=stderr, env=env,
            check=False).returncode
    said = said_file.read_text(encoding="utf-8", errors="replace")
    assert status == 2, said[-2000:]
    assert len(said) < 2000, len(said)
    peak_kb = int(peak_file.read_text().split()[1])  # VmHWM: this run's own peak
    assert peak_kb * 1024 < 150_000_000, peak_kb
    assert said.startswith("vorlagen: LibreOffice hat Integrationskonzept; "
                           "Sachstandsbericht.odt nicht umgewandelt (Rückgabewert 1: ")
    assert "Das Ende" in said and "xxxxxxxxxx" in said
    assert not (tmp_path / "out").exists()


@pytest.mark.libreoffice
def test_renders_at_the_same_time_do_not_disturb_each_other() -> None:
    vorlage = load_vorlage(EXAMPLE)
    results: list[bytes | BaseException] = []

    def one() -> None:
        try:
            results.append(render(vorlage, "pdf"))
        except BaseException as error:
            results.append(error)

    threads = [threading.Thread(target=one) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 3
    for result in results:
        assert isinstance(result, bytes), result
        reader = PdfReader(io.BytesIO(result))
        assert "Integrationskonzept" in (reader.pages[0].extract_text() or "")


@pytest.mark.libreoffice
def test_a_public_pdf_that_shows_a_nichtoeffentliche_text_is_refused(tmp_path: Path) -> None:
    from docx import Document as open_docx

    folder = tmp_path / "beispiel"
    shutil.copytree(EXAMPLE.parent, folder)
    verteiler = folder / "verteiler.csv"
    rows = verteiler.read_text(encoding="utf-8").splitlines()
    verteiler.write_text("\n".join([f"{rows[0]};nichtöffentlich", *rows[1:],
                                    "Arbeitskreis Xylophon;ja"]) + "\n", encoding="utf-8")
    design = tmp_path / "design"
    shutil.copytree(ROOT / "templates" / "standard", design)
    from zipfile import ZipFile

    with ZipFile(design / "design.odt") as archive:
        parts = {info: archive.read(info) for info in archive.infolist()}
    with ZipFile(design / "design.odt", "w") as archive:
        for info, data in parts.items():
            if info.filename == "styles.xml":
                data = data.replace(b'<style:footer><text:p text:style-name="Footer"/>',
                                    b'<style:footer><text:p text:style-name="Footer">'
                                    b"Verteiler: Arbeitskreis Xylophon</text:p>")
                assert b"Xylophon" in data
            archive.writestr(info, data)
    document = open_docx(str(design / "design.docx"))
    document.save(str(design / "design.docx"))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(folder / "vorlage.yaml"), "-o", str(out),
                                      "-f", "pdf", "--oeffentlich", "--design", str(design)])
    assert result.exit_code == 2, result.output
    assert "2018-077_oeffentlich.pdf enthält die nichtöffentliche Angabe 'Arbeitskreis " \
           "Xylophon'" in result.output
    assert not out.exists() or not list(out.glob("*.pdf"))
    # the full version names it, as it may
    result = CliRunner().invoke(cli, ["render", str(folder / "vorlage.yaml"), "-o", str(out),
                                      "-f", "pdf", "--design", str(design)])
    assert result.exit_code == 0, result.output


def test_a_pdfs_properties_are_searched_too() -> None:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Title": "Protokoll", "/Author": "Erika Geheim"})
    out = io.BytesIO()
    writer.write(out)
    text = file_text("x.pdf", out.getvalue())
    assert text is not None and "Erika Geheim" in text


def test_the_filter_asks_for_a_tagged_pdf_and_pdfa_only_when_asked() -> None:
    plain, archival = pdf_filter(), pdf_filter(pdfa=True)
    assert '"UseTaggedPDF":{"type":"boolean","value":"true"}' in plain
    assert "SelectPdfVersion" not in plain
    assert '"SelectPdfVersion":{"type":"long","value":"2"}' in archival


@pytest.mark.libreoffice
def test_a_hausformat_examples_pdf_holds_its_words(tmp_path: Path) -> None:
    """Every example through the PDF writer: the Betreff of each in its PDF."""
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(EXAMPLES), "-o", str(out), "-f", "pdf",
                                      "--design", "briefkopf"])
    assert result.exit_code == 0, result.output
    for vorlage_file in sorted(EXAMPLES.glob("*/vorlage.yaml")):
        data = yaml.safe_load(vorlage_file.read_text(encoding="utf-8"))
        stem = re.sub(r"[^\w.-]", "-", str(data["drucksachen_nr"]))
        pages = soffice.pdf_pages(out / f"{stem}.pdf")
        first_words = " ".join(str(data["titel"]).split()[:3])
        assert first_words in " ".join(" ".join(page.split()) for page in pages), stem


def test_a_file_libreoffice_leaves_out_is_named(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VORLAGEN_UNO_PYTHON", sys.executable)  # soffice --convert-to
    monkeypatch.setenv("VORLAGEN_SOFFICE", str(_wrapper(tmp_path, "echo Fehler >&2\nexit 1")))
    with pytest.raises(LibreOfficeError) as raised:
        render(load_vorlage(EXAMPLE), "pdf")
    assert "LibreOffice hat Integrationskonzept; Sachstandsbericht.odt nicht umgewandelt " \
           "(Rückgabewert 1: Fehler)" in str(raised.value)


@pytest.mark.parametrize("value", ["lang", "nan", "inf", "-1", "0", "1e9"])
def test_a_timeout_that_is_no_number_is_named(tmp_path: Path, value: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a number of seconds above 0 and at most a day: an input error naming the
    variable and what it allows, exit 2 with nothing written, not a plugin's failure."""
    monkeypatch.setenv("VORLAGEN_SOFFICE", str(_wrapper(tmp_path, "exit 1")))  # never run
    monkeypatch.setenv("VORLAGEN_SOFFICE_TIMEOUT", value)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(EXAMPLE), "-o", str(out), "-f", "pdf"])
    assert result.exit_code == 2, result.output
    assert result.output.strip() == (
        f"vorlagen: Die Umgebungsvariable VORLAGEN_SOFFICE_TIMEOUT={value!r} "
        "ist keine erlaubte Zeit: erlaubt ist eine Zahl von Sekunden größer als 0 und "
        "höchstens 86400 (ein Tag), etwa VORLAGEN_SOFFICE_TIMEOUT=300; ohne die "
        "Variable gilt eine Zeit nach der Zahl der Dateien")
    assert "Plugin" not in result.output
    assert not out.exists() or not any(out.iterdir())


_JUNK_CONVERTER = r"""out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) out="$2"; shift 2;;
    --convert-to) shift 2;;
    -*) shift;;
    *) name=$(basename "$1"); printf '%s' "$JUNK" > "$out/${name%.*}.pdf"; shift;;
  esac
done
exit 0"""
"""A converter that says it succeeded (exit 0) and leaves, for each file, ``$JUNK``."""


@pytest.mark.parametrize("junk", ["Fehler: keine Lizenz", "%PDF-1.7\nabgebrochen"])
@pytest.mark.parametrize("extra", [[], ["--oeffentlich"], ["--pdfa"]])
def test_a_converter_that_writes_no_pdf_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, junk: str, extra: list[str]) -> None:
    """Every version (full, for publication, PDF/A) checks what the converter left: no
    7-byte .pdf written, nor the DOCX of the same run; exit 2 and the file named."""
    monkeypatch.setenv("VORLAGEN_UNO_PYTHON", sys.executable)  # soffice --convert-to
    monkeypatch.setenv("VORLAGEN_SOFFICE", str(_wrapper(tmp_path, _JUNK_CONVERTER)))
    monkeypatch.setenv("JUNK", junk)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(EXAMPLE), "-o", str(out), "-f", "docx",
                                      "-f", "pdf", *extra])
    assert result.exit_code == 2, result.output
    assert "LibreOffice hat Integrationskonzept; Sachstandsbericht.odt nicht umgewandelt: " \
           "das Ergebnis " in result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not list(out.iterdir())


def test_the_library_refuses_a_converters_junk_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VORLAGEN_UNO_PYTHON", sys.executable)  # soffice --convert-to
    monkeypatch.setenv("VORLAGEN_SOFFICE", str(_wrapper(tmp_path, _JUNK_CONVERTER)))
    monkeypatch.setenv("JUNK", "kein PDF")
    with pytest.raises(LibreOfficeError) as raised:
        render(load_vorlage(EXAMPLE), "pdf")
    assert "nicht umgewandelt: das Ergebnis ist keine PDF-Datei" in str(raised.value)


@pytest.mark.parametrize("cut, problem", [
    (lambda pdf: pdf[:-40], "ist eine beschädigte PDF-Datei"),
    (lambda pdf: pdf[: len(pdf) // 2], "hat keine lesbare PDF-Struktur"),
    (lambda pdf: b"<html>Fehler</html>", "ist keine PDF-Datei"),
    (lambda pdf: pdf, None),
])
def test_what_makes_a_file_no_pdf(cut: Any, problem: str | None) -> None:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    found = pdf_problem(cut(out.getvalue()))
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_libreoffice_s_own_temporary_files_go_with_its_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """LibreOffice writes lu*.tmp folders to TMPDIR and leaves them when it is stopped:
    each call gets a TMPDIR inside vorlagen's own folder, which is removed."""
    seen = tmp_path / "tmpdir"
    monkeypatch.setenv("VORLAGEN_UNO_PYTHON", sys.executable)  # soffice --convert-to
    monkeypatch.setenv("VORLAGEN_SOFFICE", str(_wrapper(
        tmp_path, f'echo "$TMPDIR" > "{seen}"\nmkdir "$TMPDIR/lu123.tmp"\nexit 1')))
    result = CliRunner().invoke(cli, ["render", str(EXAMPLE), "-o", str(tmp_path / "out"),
                                      "-f", "pdf"])
    assert result.exit_code == 2, result.output
    scratch = Path(seen.read_text(encoding="utf-8").strip())
    assert scratch.name == "tmp" and scratch.parent.parent.name.startswith("vorlagen-soffice-")
    assert not scratch.exists() and not scratch.parent.parent.exists()

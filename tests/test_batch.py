"""Nothing lost: a batch renders every valid Vorlage and reports every invalid one,
rendering never changes its inputs, and a failed write leaves the old files."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import EXAMPLE
from vorlagen.cli import cli


def _copy_example(folder: Path, nr: str | None = None, broken: bool = False) -> Path:
    shutil.copytree(EXAMPLE.parent, folder)
    vorlage = folder / "vorlage.yaml"
    text = vorlage.read_text(encoding="utf-8")
    if nr:
        text = text.replace("drucksachen_nr: 2018/077", f"drucksachen_nr: {nr}")
    if broken:
        text = text.replace("datum: 04.04.2018", "datum: 31.04.2018")
    vorlage.write_text(text, encoding="utf-8")
    return vorlage


def _digests(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_folder_batch_writes_the_valid_and_reports_the_invalid(tmp_path: Path) -> None:
    sitzung = tmp_path / "sitzung"
    _copy_example(sitzung / "a", "2018/101")
    bad = _copy_example(sitzung / "b", "2018/102", broken=True)
    _copy_example(sitzung / "c", "2018/103")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(sitzung), "-o", str(out)])
    assert result.exit_code == 2
    assert f"Fehler in {bad}" in result.output and "datum" in result.output
    assert "2 von 3 Vorlagen geschrieben, 1 fehlerhaft" in result.output
    names = sorted(path.name for path in out.iterdir())
    assert names == sorted(f"2018-{nr}{anlage}.{fmt}" for nr in ("101", "103")
                           for anlage in ("", "_Anlage_1", "_Anlage_2")
                           for fmt in ("docx", "odt"))


def test_several_files_and_all_valid_exit_0(tmp_path: Path) -> None:
    first = _copy_example(tmp_path / "a", "2018/201")
    second = _copy_example(tmp_path / "b", "2018/202")
    result = CliRunner().invoke(cli, ["render", str(first), str(second)])
    assert result.exit_code == 0, result.output
    assert "2 von 2 Vorlagen geschrieben" in result.output
    assert (tmp_path / "a" / "2018-201.docx").is_file()
    assert (tmp_path / "b" / "2018-202.odt").is_file()


def test_same_drucksachen_nr_twice_keeps_the_first(tmp_path: Path) -> None:
    first = _copy_example(tmp_path / "a")
    second = _copy_example(tmp_path / "b")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(first), str(second), "-o", str(out)])
    assert result.exit_code == 2
    assert "schon von einer anderen Vorlage geschrieben" in result.output
    assert len(list(out.iterdir())) == 6


def test_a_folder_without_vorlagen_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["render", str(tmp_path)])
    assert result.exit_code == 2
    assert "keine Vorlage gefunden" in result.output


def test_rendering_never_changes_its_inputs(tmp_path: Path) -> None:
    vorlage = _copy_example(tmp_path / "v")
    before = _digests(vorlage.parent)
    for _ in range(2):  # the second run replaces the first run's outputs, nothing else
        result = CliRunner().invoke(cli, ["render", str(vorlage)])
        assert result.exit_code == 0, result.output
    after = _digests(vorlage.parent)
    assert {name: after[name] for name in before} == before
    assert len(after) == len(before) + 6


def test_an_output_never_replaces_an_input(tmp_path: Path) -> None:
    vorlage = _copy_example(tmp_path / "v")
    (vorlage.parent / "2018-077.docx").write_bytes(b"eine Anlage, die so heisst")
    text = vorlage.read_text(encoding="utf-8")
    vorlage.write_text(text + "\nanlagen:\n  - titel: Alt\n    datei: 2018-077.docx\n",
                       encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(vorlage)])
    assert result.exit_code == 2
    assert "Eingabedatei" in result.output
    assert (vorlage.parent / "2018-077.docx").read_bytes() == b"eine Anlage, die so heisst"


def test_a_failed_write_keeps_the_previous_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vorlage = _copy_example(tmp_path / "v")
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["render", str(vorlage), "-o", str(out)]).exit_code == 0
    before = _digests(out)
    text = vorlage.read_text(encoding="utf-8")
    vorlage.write_text(text.replace("Sachstandsbericht", "Zwischenbericht"), encoding="utf-8")
    calls = 0
    real_fsync = os.fsync

    def failing_fsync(descriptor: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 4:  # the disk fills up while the fourth file is written
            raise OSError(28, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr("vorlagen.files.os.fsync", failing_fsync)
    result = CliRunner().invoke(cli, ["render", str(vorlage), "-o", str(out)])
    assert result.exit_code == 2
    assert "kein Platz mehr auf dem Datenträger" in result.output
    assert _digests(out) == before  # no partial file, nothing replaced, no temporary left


def test_a_target_that_cannot_be_replaced_restores_the_files_before_it(
    tmp_path: Path,
) -> None:
    """The paper's DOCX is put in place, then a folder stands where the ODT goes: the new
    DOCX is taken back and the old one restored; every file as before, no leftovers."""
    vorlage = _copy_example(tmp_path / "v")
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["render", str(vorlage), "-o", str(out)]).exit_code == 0
    (out / "2018-077.odt").unlink()
    (out / "2018-077.odt").mkdir()  # in the way
    before = _digests(out)
    text = vorlage.read_text(encoding="utf-8")
    vorlage.write_text(text.replace("Sachstandsbericht", "Zwischenbericht"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(vorlage), "-o", str(out)])
    assert result.exit_code == 2
    assert "2018-077.odt" in result.output
    assert _digests(out) == before
    assert sorted(path.name for path in out.iterdir()) == sorted([*before, "2018-077.odt"])


def test_writing_all_or_nothing_restores_new_files_too(tmp_path: Path) -> None:
    from vorlagen.errors import OutputError
    from vorlagen.files import write_all_atomic

    (tmp_path / "alt.txt").write_text("alt", encoding="utf-8")
    (tmp_path / "ordner").mkdir()
    with pytest.raises(OutputError, match="ordner"):
        write_all_atomic([(tmp_path / "neu.txt", b"neu"), (tmp_path / "alt.txt", b"neu"),
                          (tmp_path / "ordner", b"neu")])
    assert sorted(path.name for path in tmp_path.iterdir()) == ["alt.txt", "ordner"]
    assert (tmp_path / "alt.txt").read_text(encoding="utf-8") == "alt"


def test_no_paper_of_a_run_overwrites_another_s_input(tmp_path: Path) -> None:
    """Paper B would be written as 2024-002.docx, which paper A names as its Anlage: B is
    refused (although it comes first), A is written, the Anlage is unchanged."""
    from vorlagen import testing

    (tmp_path / "2024-002.docx").write_bytes(b"Anlage von A")
    a = testing.vorlage_data(drucksachen_nr="2024/001",
                             anlagen=[{"titel": "Plan", "datei": "2024-002.docx"}])
    b = testing.vorlage_data(drucksachen_nr="2024/002")
    for name, data in (("a.yaml", a), ("b.yaml", b)):
        (tmp_path / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(tmp_path / "b.yaml"),
                                      str(tmp_path / "a.yaml"), "-f", "docx"])
    assert result.exit_code == 2
    assert ("2024-002.docx ist eine Eingabedatei einer Vorlage dieses Laufs und wird nicht "
            "überschrieben") in result.output
    assert (tmp_path / "2024-002.docx").read_bytes() == b"Anlage von A"
    assert (tmp_path / "2024-001.docx").exists()


@pytest.mark.parametrize("stem", ["design", "vorlage"])  # the Design files' old name too
def test_a_template_in_use_is_never_overwritten(tmp_path: Path, stem: str) -> None:
    from vorlagen import testing
    from vorlagen.templates import standard_design

    templates = tmp_path / "vorlagen"
    templates.mkdir()
    for name in ("docx", "odt"):
        shutil.copy(standard_design() / f"design.{name}", templates / f"{stem}.{name}")
    before = _digests(templates)
    (tmp_path / "v.yaml").write_text(yaml.safe_dump(testing.vorlage_data(
        drucksachen_nr=stem), allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(tmp_path / "v.yaml"), "-o", str(templates),
                                      "--design", str(templates)])
    assert result.exit_code == 2
    assert "ist eine Design-Datei (--design)" in result.output
    assert _digests(templates) == before


@pytest.mark.subprocess
@pytest.mark.parametrize("jobs", ["1", "2", "3"])
def test_several_processes_write_what_one_writes(tmp_path: Path, jobs: str) -> None:
    """Made on several processes, written by one in the order given: the same files,
    the same failures, the same first-wins rule for a Drucksachen-Nr. given twice."""
    sitzung = tmp_path / "sitzung"
    _copy_example(sitzung / "a", "2018/301")
    bad = _copy_example(sitzung / "b", "2018/302", broken=True)
    _copy_example(sitzung / "c", "2018/303")
    _copy_example(sitzung / "d", "2018/301")  # the same number as a: a is kept
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(sitzung), "-o", str(out), "-j", jobs])
    assert result.exit_code == 2
    assert f"Fehler in {bad}" in result.output and "31.04.2018" in result.output
    assert "schon von einer anderen Vorlage geschrieben" in result.output
    assert re.search(r"2 von 4 Vorlagen geschrieben, 2 fehlerhaft, in \d+,\d s",
                     result.output)
    reference = tmp_path / "einzeln"
    for name, nr in (("a", "2018/301"), ("c", "2018/303")):
        folder = tmp_path / "ref" / name
        single = CliRunner().invoke(cli, ["render", str(_copy_example(folder, nr)), "-o",
                                          str(reference)])
        assert single.exit_code == 0, single.output
    assert _digests(out) == _digests(reference)


def test_quiet_prints_no_file_names(tmp_path: Path) -> None:
    first = _copy_example(tmp_path / "a", "2018/401")
    second = _copy_example(tmp_path / "b", "2018/402")
    result = CliRunner().invoke(cli, ["render", str(first), str(second), "-q"])
    assert result.exit_code == 0, result.output
    assert ".docx" not in result.output and "2 von 2 Vorlagen geschrieben" in result.output


def test_a_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from vorlagen import cli as cli_module

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    with cli_module._Terminal().progress(3) as tick:
        for _ in range(3):
            tick()
    assert "Vorlagen" in screen.getvalue() and "3/3" in screen.getvalue()
    log = io.StringIO()  # a pipe, a log file: nothing
    monkeypatch.setattr(sys, "stderr", log)
    with cli_module._Terminal().progress(3) as tick:
        tick()
    assert log.getvalue() == ""


def test_a_data_file_is_read_once_while_unchanged(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from vorlagen import daten
    from vorlagen_verteiler.verteiler import Empfaenger

    path = tmp_path / "verteiler.csv"
    path.write_text("Empfänger\nKreistag\n", encoding="utf-8")
    reads: list[Path] = []
    original = daten._records
    def counted(*args: Any) -> Any:
        reads.append(args[0])
        return original(*args)

    monkeypatch.setattr(daten, "_records", counted)
    first = daten.load_rows(path, Empfaenger)
    assert daten.load_rows(path, Empfaenger) == first and len(reads) == 1
    path.write_text("Empfänger\nKreistag\nSozialausschuss\n", encoding="utf-8")
    assert len(daten.load_rows(path, Empfaenger)) == 2 and len(reads) == 2


# Stopping a run (Ctrl+C, SIGTERM) and a run killed outright (SIGKILL). Each test runs the
# real command in a process of its own session, waits (with generous bounds, never a
# measured time) until it is really at work, then stops it.

DEADLINE = 120.0
"""Seconds a stopped process may take to go: a bound against a hang, not a measure."""


def _session(leader: int) -> list[int]:
    """The live processes of the session ``leader`` started (zombies count as gone)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[3]) == leader:
            found.append(int(entry.name))
    return found


def _started(pid: int) -> str:
    """When process ``pid`` started (clock ticks since boot), "" if it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:200]
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def _wait_until(condition: Any, what: str) -> None:
    import time

    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


@pytest.fixture
def start() -> Iterator[Callable[..., Any]]:
    """Starts ``vorlagen ARGUMENTS`` in a new session, after ``script`` (a test's hook);
    whatever a failed test leaves of its process groups is killed at its end."""
    import signal
    import subprocess

    started: list[int] = []

    def starting(script: str, *arguments: str, env: dict[str, str] | None = None) -> Any:
        code = (f"{script}\nimport sys\nfrom vorlagen.cli import main\n"
                f"sys.argv = ['vorlagen', *{list(arguments)!r}]\nmain()\n")
        process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True,
                                   start_new_session=True, env={**os.environ, **(env or {})})
        started.append(process.pid)
        return process

    yield starting
    for group in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)


WORKERS_HANG = """
import threading
import vorlagen.batch as batch
made = batch._made_in_worker
def slow(path, options):
    if path.parent.name != "a":
        threading.Event().wait()  # a paper that takes for ever
    return made(path, options)
slow.__qualname__, slow.__module__ = made.__qualname__, made.__module__
batch._made_in_worker = slow
"""


@pytest.mark.subprocess
@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_a_stopped_batch_ends_its_workers_and_writes_whole_sets(
        tmp_path: Path, name: str, start: Callable[..., Any]) -> None:
    """Stopped while its workers make papers, a batch ends them at once (Ctrl+C reaches
    the whole process group, SIGTERM only the main process), says so in German with the
    shell's status (130, 143) and leaves each paper's set whole or absent, no temporary
    file."""
    import signal

    sitzung = tmp_path / "sitzung"
    for letter, nr in zip("abcd", ("2018/501", "2018/502", "2018/503", "2018/504"),
                          strict=True):
        _copy_example(sitzung / letter, nr)
    out = tmp_path / "out"
    process = start(WORKERS_HANG, "render", str(sitzung), "-o", str(out), "-j", "2")
    _wait_until(lambda: out.is_dir() and any(not path.name.startswith(".")
                                             for path in out.iterdir()), "paper a written")
    _wait_until(lambda: len(_session(process.pid)) >= 3, "workers started")
    if name == "SIGINT":
        os.killpg(process.pid, signal.SIGINT)  # Ctrl+C in a terminal
    else:
        process.send_signal(signal.SIGTERM)
    _wait_until(lambda: process.poll() is not None, "the run stopped")
    said = process.stderr.read()
    assert process.returncode == 128 + getattr(signal, name), said
    assert "abgebrochen" in said and "Traceback" not in said
    assert "1 von 4 Vorlagen geschrieben, dann abgebrochen" in said
    _wait_until(lambda: not _session(process.pid), "no worker left")
    assert sorted(path.name for path in out.iterdir()) == sorted(
        f"2018-501{anlage}.{fmt}" for anlage in ("", "_Anlage_1", "_Anlage_2")
        for fmt in ("docx", "odt"))


@pytest.mark.subprocess
def test_a_batch_killed_outright_leaves_no_worker_behind(
        tmp_path: Path, start: Callable[..., Any]) -> None:
    """SIGKILL gives a batch no chance to end its workers: they end with it (the kernel
    is told to end each worker when the process that started it ends), instead of
    waiting for work for ever and holding their memory."""
    import signal

    sitzung = tmp_path / "sitzung"
    for letter, nr in zip("abcd", ("2018/501", "2018/502", "2018/503", "2018/504"),
                          strict=True):
        _copy_example(sitzung / letter, nr)
    out = tmp_path / "out"
    process = start(WORKERS_HANG, "render", str(sitzung), "-o", str(out), "-j", "2")
    _wait_until(lambda: len(_session(process.pid)) >= 3, "workers started")
    workers = [(pid, _started(pid)) for pid in _session(process.pid) if pid != process.pid]
    assert workers
    process.send_signal(signal.SIGKILL)
    process.wait()

    def left() -> list[tuple[int, str]]:  # by pid and start time: a pid may come again
        return [(pid, _command(pid)) for pid, since in workers
                if _alive(pid) and _started(pid) == since]

    try:
        _wait_until(lambda: not left(), "the workers ended")
    except AssertionError:
        raise AssertionError(left()) from None


@pytest.mark.subprocess
@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_a_stopped_pdf_run_ends_libreoffice_with_its_children(
        tmp_path: Path, name: str, start: Callable[..., Any]) -> None:
    """Stopped while LibreOffice converts (here a stand-in that starts a child and never
    ends), the run ends the call's whole process group at once rather than at its
    timeout, and writes nothing."""
    import signal
    import stat

    marker = tmp_path / "gestartet"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 1000 &\necho $! $$ > {marker}.tmp\n"
                    f"mv {marker}.tmp {marker}\nwait\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    vorlage = _copy_example(tmp_path / "v")
    out = tmp_path / "out"
    process = start("", "render", str(vorlage), "-o", str(out), "-f", "pdf",
                     env={"VORLAGEN_SOFFICE": str(fake), "VORLAGEN_UNO_PYTHON": sys.executable,
                          "VORLAGEN_SOFFICE_TIMEOUT": "86400"})
    _wait_until(marker.exists, "LibreOffice started")
    converters = [int(pid) for pid in marker.read_text().split()]
    try:
        assert all(_alive(pid) for pid in converters)
        process.send_signal(getattr(signal, name))
        _wait_until(lambda: process.poll() is not None, "the run stopped")
        assert process.stderr is not None
        said = process.stderr.read()
        assert process.returncode == 128 + getattr(signal, name), said
        assert "abgebrochen" in said and "Traceback" not in said
        _wait_until(lambda: not any(_alive(pid) for pid in converters), "LibreOffice ended")
    finally:
        for pid in converters:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    assert not out.exists() or list(out.iterdir()) == []


KILLED_BETWEEN_RENAMES = """
import os, signal
import vorlagen.files as files
real = os.replace
placed = []
def replace(source, target):
    if "/neu/" in str(source):
        placed.append(target)
        if len(placed) == 2:  # the paper is in place, its Anlagen not yet
            os.kill(os.getpid(), signal.SIGKILL)
    real(source, target)
files.os.replace = replace
"""


@pytest.mark.subprocess
def test_a_run_killed_between_renames_is_completed_by_the_next(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: Callable[..., Any]) -> None:
    """SIGKILL while a paper's new set replaces the old one (the paper new, its Anlagen
    old): ``validate`` says so, the next ``render`` into the folder completes the new
    set from the journal and says so; no temporary file is left."""
    import signal

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the same bytes each time
    vorlage = _copy_example(tmp_path / "v")
    folder = vorlage.parent
    inputs = set(_digests(folder))
    assert CliRunner().invoke(cli, ["render", str(vorlage)]).exit_code == 0

    def outputs() -> dict[str, str]:
        return {name: digest for name, digest in _digests(folder).items()
                if name not in inputs and not name.startswith(".")}

    old = outputs()
    text = vorlage.read_text(encoding="utf-8")
    vorlage.write_text(text.replace("Sachstandsbericht", "Zwischenbericht"), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # a new date in every file
    expected = tmp_path / "erwartet"
    assert CliRunner().invoke(cli, ["render", str(vorlage), "-o", str(expected)]
                              ).exit_code == 0
    new = _digests(expected)
    assert set(new) == set(old) and all(new[name] != old[name] for name in new)

    process = start(KILLED_BETWEEN_RENAMES, "render", str(vorlage), "-j", "1")
    _wait_until(lambda: process.poll() is not None, "the run was killed")
    assert process.returncode == -signal.SIGKILL
    mixed = outputs()
    assert {name for name in mixed if mixed[name] == new[name]} == {"2018-077.docx"}
    left = [path.name for path in folder.iterdir() if path.name.startswith(".")]
    assert len(left) == 1 and left[0].startswith(".vorlagen-satz-")

    checked = CliRunner().invoke(cli, ["validate", str(vorlage)])
    assert checked.exit_code == 0, checked.output
    assert "ein abgebrochener Lauf hat hier Dateien nicht fertig geschrieben" in checked.output
    assert outputs() == mixed  # validate writes nothing

    other = _copy_example(tmp_path / "andere", "2018/078")  # recovery alone, no rewrite
    result = CliRunner().invoke(cli, ["render", str(other), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    assert "ein abgebrochener Lauf hatte 2018-077.docx" in result.output
    assert "jetzt vervollständigt: dort stehen die neuen Dateien vollständig" in result.output
    assert {name: digest for name, digest in outputs().items()
            if name.startswith("2018-077")} == new
    assert not [path for path in folder.iterdir() if path.name.startswith(".")]


KILLED_WHILE_STAGING = """
import os, signal
import vorlagen.files as files
real = os.fsync
def fsync(descriptor):
    real(descriptor)
    os.kill(os.getpid(), signal.SIGKILL)  # the first new file is on disk, no journal yet
files.os.fsync = fsync
"""


@pytest.mark.subprocess
def test_recover_removes_a_set_killed_before_its_journal_and_takes_back_a_blocked_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: Callable[..., Any]) -> None:
    """Killed while its files are still being written (no journal), a run replaced
    nothing: the next removes its files. Killed between renames, where the next cannot
    put a file in place (a folder now stands there), the next takes the set back: the
    old files stand again, the new ones are gone."""
    import signal

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    vorlage = _copy_example(tmp_path / "v")
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["render", str(vorlage), "-o", str(out)]).exit_code == 0
    old = _digests(out)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    other = _copy_example(tmp_path / "andere", "2018/078")

    def killed(script: str) -> None:
        process = start(script, "render", str(vorlage), "-o", str(out), "-j", "1")
        _wait_until(lambda: process.poll() is not None, "the run was killed")
        assert process.returncode == -signal.SIGKILL
        assert [path.name.startswith(".vorlagen-satz-") for path in out.iterdir()
                if path.name.startswith(".")] == [True]

    killed(KILLED_WHILE_STAGING)
    assert {name: digest for name, digest in _digests(out).items()
            if not name.startswith(".")} == old
    result = CliRunner().invoke(cli, ["render", str(other), "-o", str(out), "-f", "docx"])
    assert result.exit_code == 0, result.output
    assert "unfertige Dateien eines abgebrochenen Laufs entfernt" in result.output
    assert not [path for path in out.iterdir() if path.name.startswith(".")]

    killed(KILLED_BETWEEN_RENAMES)  # 2018-077.docx new, its Anlagen old
    blocked = out / "2018-077_Anlage_2.odt"
    blocked.unlink()
    blocked.mkdir()
    result = CliRunner().invoke(cli, ["render", str(other), "-o", str(out), "-f", "docx"])
    assert result.exit_code == 0, result.output
    assert "jetzt zurückgenommen: dort stehen wieder die alten vollständig" in result.output
    now = _digests(out)
    assert {name: now[name] for name in old if name != blocked.name} == {
        name: digest for name, digest in old.items() if name != blocked.name}
    assert not [path for path in out.iterdir() if path.name.startswith(".")]


def test_a_broken_journal_is_said_in_german_with_what_to_do(tmp_path: Path) -> None:
    from vorlagen.errors import InputError
    from vorlagen.files import JOURNAL, SET_PREFIX, recover

    work = tmp_path / f"{SET_PREFIX}kaputt"
    work.mkdir()
    (work / JOURNAL).write_text("{", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        recover(tmp_path)
    said = str(raised.value)
    assert str(work / JOURNAL) in said and "ist beschädigt (kein JSON" in said
    assert "von Hand prüfen" in said and "Expecting" not in said
    assert work.is_dir()  # nothing removed on a guess

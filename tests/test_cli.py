"""The ``vorlagen`` command as a user runs it: files on success, a message and no file on error."""

from __future__ import annotations

import importlib.metadata
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import EXAMPLE
from tests.reading import docx_text, odt_text
from vorlagen.cli import cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """The example in a folder of its own, so a test may change it."""
    folder = tmp_path / "vorlage"
    shutil.copytree(EXAMPLE.parent, folder)
    return folder / EXAMPLE.name


def _write_yaml(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_render_writes_paper_and_anlagen_in_both_formats(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "2018-077.docx", "2018-077.odt",
        "2018-077_Anlage_1.docx", "2018-077_Anlage_1.odt",
        "2018-077_Anlage_2.docx", "2018-077_Anlage_2.odt",
    ]
    assert "Integrationskonzept" in docx_text((out / "2018-077.docx").read_bytes())
    assert "Integrationskonzept" in odt_text((out / "2018-077.odt").read_bytes())
    for read, suffix in ((docx_text, ".docx"), (odt_text, ".odt")):
        assert "Jahresplanung 2018/19 Referat Integration" in read(
            (out / f"2018-077_Anlage_1{suffix}").read_bytes())
        assert "Gesamtübersicht Maßnahmen Integrationskonzept" in read(
            (out / f"2018-077_Anlage_2{suffix}").read_bytes())
    assert str(out / "2018-077.docx") in result.output


def test_render_defaults_to_the_vorlage_folder(runner: CliRunner, example_copy: Path) -> None:
    result = runner.invoke(cli, ["render", str(example_copy), "-f", "ODT"])
    assert result.exit_code == 0, result.output
    assert (example_copy.parent / "2018-077.odt").is_file()
    assert not (example_copy.parent / "2018-077.docx").exists()


def test_render_copies_anlage_files(
    runner: CliRunner, tmp_path: Path, minimal: dict[str, object]
) -> None:
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4 Plan")
    minimal["anlagen"] = [{"titel": "Plan", "datei": "plan.pdf"}]
    source = _write_yaml(tmp_path / "vorlage.yaml", minimal)
    result = runner.invoke(cli, ["render", str(source), "-o", str(tmp_path / "out"), "-f", "docx"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "2024-001_Anlage_1.pdf").read_bytes() == b"%PDF-1.4 Plan"


def test_validate(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(EXAMPLE)])
    assert result.exit_code == 0
    assert "gültig" in result.output
    assert "2018/077" in result.output


@pytest.mark.parametrize("command", ["render", "validate"])
def test_invalid_input_exit_2_with_file_field_and_line(
    runner: CliRunner, example_copy: Path, command: str
) -> None:
    text = example_copy.read_text(encoding="utf-8")
    example_copy.write_text(text.replace("sitzungsart: öffentlich", "sitzungsart: offen", 1),
                            encoding="utf-8")
    out = example_copy.parent / "out"
    args = [command, str(example_copy)] + (["-o", str(out)] if command == "render" else [])
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert str(example_copy) in result.output
    assert "beratungsfolge[0].sitzungsart" in result.output
    line = 1 + text.splitlines().index("    sitzungsart: öffentlich")
    assert f"Zeile {line}" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_invalid_input_leaves_existing_output_alone(
    runner: CliRunner, example_copy: Path
) -> None:
    out = example_copy.parent / "out"
    assert runner.invoke(cli, ["render", str(example_copy), "-o", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    text = example_copy.read_text(encoding="utf-8")
    example_copy.write_text(text.replace("datum: 04.04.2018", "datum: 31.04.2018"),
                            encoding="utf-8")
    result = runner.invoke(cli, ["render", str(example_copy), "-o", str(out)])
    assert result.exit_code == 2
    assert "datum" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["render", str(tmp_path / "fehlt.yaml")])
    assert result.exit_code == 2
    assert "fehlt.yaml" in result.output
    assert "nicht gefunden" in result.output


def test_unknown_format_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", str(EXAMPLE), "-o", str(out), "-f", "docx",
                                 "-f", "rtf"])
    assert result.exit_code == 2
    assert "unbekanntes Format 'rtf'" in result.output
    assert "docx, odt" in result.output
    assert not out.exists()


def test_output_folder_that_is_a_file(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("kein Ordner")
    result = runner.invoke(cli, ["render", str(EXAMPLE), "-o", str(blocker / "sub")])
    assert result.exit_code == 2
    assert "nicht schreiben" in result.output
    assert "Traceback" not in result.output
    assert blocker.read_text() == "kein Ordner"


def test_broken_template_is_named(runner: CliRunner, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "design.docx").write_text("kein Word-Dokument")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", str(EXAMPLE), "-o", str(out),
                                 "--design", str(templates)])
    assert result.exit_code == 2
    assert str(templates / "design.docx") in result.output
    assert "keine gültige DOCX-Datei" in result.output
    assert not out.exists()


@pytest.mark.parametrize("args", [[], ["render"], ["validate"]])
def test_help_on_every_command(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(cli, [*args, "--help"])
    assert result.exit_code == 0
    assert "Aufruf:" in result.output and "Optionen:" in result.output
    if args == ["render"]:
        assert "--format" in result.output
        assert "--output" in result.output


_WRITER_LIBRARIES = ("docx", "odf", "docxtpl")  # lxml: openpyxl reads .xlsx with it


@pytest.mark.subprocess
@pytest.mark.parametrize("args", [["--help"], ["validate", str(EXAMPLE)]])
def test_help_and_validate_do_not_load_the_writers_libraries(args: list[str]) -> None:
    """Start-up stays fast because python-docx and odfpy load only for writing."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from vorlagen.cli import cli\n"
        f"try:\n    cli({args!r}, prog_name='vorlagen')\n"
        "except SystemExit as end:\n    assert not end.code, end.code\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    loaded = result.stdout.strip().splitlines()[-1]
    assert "'click'" in loaded
    for library in _WRITER_LIBRARIES:
        assert f"'{library}'" not in loaded, library


ENGLISH = re.compile(r"\b(Usage|Options|Commands|Error|Missing|Try|Show this|No such|"
                     r"does not exist|requires an argument|unexpected extra|Did you mean|"
                     r"Invalid value|not in the range|is not a valid)\b|, version ")


@pytest.mark.parametrize("args", [
    [], ["--help"], ["render", "--help"], ["validate", "-h"], ["plugins", "--help"],
    ["render"], ["validate"], ["rendr"], ["render", "--bogus", "x.yaml"],
    ["render", "-o"], ["render", "--template-dir", "/gibt/es/nicht", "x.yaml"],
    ["render", "-f"], ["plugins", "zuviel"], ["--version"], ["serve", "--port", "99999"],
    ["serve", "--port", "acht"], ["render", "-j", "0", "x.yaml"],
])
def test_help_and_usage_errors_are_german(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code in (0, 2), result.output
    assert not ENGLISH.search(result.output), result.output
    if result.exit_code == 2 and args:
        assert "Fehler:" in result.output


def _command_paths(group: click.Group, path: tuple[str, ...] = ()
                   ) -> Iterator[tuple[str, ...]]:
    """Every command and subcommand of ``group``, as the words that call it."""
    yield path
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _command_paths(command, (*path, name))
        else:
            yield (*path, name)


_CLICK_ENGLISH = re.compile(
    r"\b(Usage|Options|Commands|Arguments|Show this|Show the version|default|required|"
    r"env var|INTEGER|FLOAT|RANGE|TEXT|BOOLEAN|PATH|FILE|DIRECTORY|DEPRECATED|"
    r"dynamic)\b|<=|>=|x<|x>")


@pytest.mark.parametrize("words", list(_command_paths(cli)), ids=" ".join)
def test_the_help_of_every_command_is_german(runner: CliRunner,
                                             words: tuple[str, ...]) -> None:
    """No word of click's own English in any help, the extras click adds to an option
    (``[default: 0; 0<=x<=65535]``) and the metavars of its types (``DIRECTORY``)
    included."""
    result = runner.invoke(cli, [*words, "--help"], prog_name="vorlagen")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Aufruf: {' '.join(('vorlagen', *words))} ")
    assert not _CLICK_ENGLISH.search(result.output), result.output
    assert not ENGLISH.search(result.output), result.output


def test_what_click_adds_to_an_option_is_german(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["serve", "--help"])
    assert "--port PORT" in result.output
    assert "[Standard: 0; 0 bis 65535]" in " ".join(result.output.split())
    result = runner.invoke(cli, ["render", "--help"])
    assert "[mindestens 1]" in result.output
    assert "-o, --output ORDNER" in result.output
    result = runner.invoke(cli, ["export", "oparl", "--help"])
    assert "[Pflichtangabe]" in " ".join(result.output.split())


def test_usage_error_names_the_problem_in_german(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["rendr"], prog_name="vorlagen")
    assert result.exit_code == 2
    assert "Aufruf: vorlagen [OPTIONEN] BEFEHL [ARGUMENTE]..." in result.output
    assert "Unbekannter Befehl 'rendr'. Gemeint ist vielleicht 'render'?" in result.output
    result = runner.invoke(cli, ["render", "--bogus", "x.yaml"], prog_name="vorlagen")
    assert "Unbekannte Option '--bogus'." in result.output
    assert "Hilfe: 'vorlagen render --help'" in result.output


def test_what_the_help_and_the_usage_errors_say_fits(runner: CliRunner, tmp_path: Path) -> None:
    """The help points to the German guide and names PDF; a number out of range says
    what it must be; an unknown format lists those the help names, PDF/A as --pdfa."""
    result = runner.invoke(cli, ["--help"])
    assert "docs/anleitung.md" in result.output and "README" not in result.output
    result = runner.invoke(cli, ["render", "--help"])
    text = " ".join(result.output.split())
    assert "als DOCX, ODT und/oder PDF schreiben" in text
    assert "docx, odt, pdf (Standard: docx und odt). PDF braucht LibreOffice; PDF/A mit " \
        "--pdfa." in text
    result = runner.invoke(cli, ["schema", "--help"])
    assert "Standard: Ausgabe)" not in result.output
    assert "erscheint im Terminal" in " ".join(result.output.split())
    result = runner.invoke(cli, ["render", "-j", "0", str(EXAMPLE)])
    assert result.exit_code == 2
    assert "Fehler: Ungültiger Wert für '-j' / '--jobs': 0 ist zu klein: muss mindestens 1 " \
        "sein." in result.output
    result = runner.invoke(cli, ["serve", "--port", "99999"])
    assert "99999 liegt nicht zwischen 0 und 65535." in result.output
    for command in (["render", str(EXAMPLE), "-o", str(tmp_path / "out")],
                    ["export", "oparl", str(EXAMPLE), "--base-url", "https://ris.example.de",
                     "-o", str(tmp_path / "out")]):
        result = runner.invoke(cli, [*command, "-f", "doc"])
        assert result.exit_code == 2, result.output
        assert ("Fehler: Ungültiger Wert für -f: unbekanntes Format 'doc' (bekannt: docx, "
                "odt, pdf; PDF/A mit --pdfa); gemeint ist vielleicht 'docx'") in result.output
        assert not (tmp_path / "out").exists()


def test_validate_takes_several_vorlagen_and_folders(runner: CliRunner, tmp_path: Path,
                                                     example_copy: Path) -> None:
    bad = tmp_path / "kaputt" / "vorlage.yaml"
    bad.parent.mkdir()
    bad.write_text("art: Mitteilungsvorlage\n", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(example_copy.parent), str(bad)])
    assert result.exit_code == 2
    assert f"{example_copy}: gültig (Mitteilungsvorlage 2018/077)" in result.output
    assert f"Fehler in {bad}" in result.output and "Pflichtfeld fehlt" in result.output
    assert "1 von 2 Vorlagen gültig, 1 fehlerhaft" in result.output
    ok = runner.invoke(cli, ["validate", str(example_copy), str(example_copy.parent)])
    assert ok.exit_code == 0, ok.output


@pytest.mark.parametrize(("text", "cause"), [
    ("art: Mitteilungsvorlage\ntitel:\n\tText\n", "Tabulator"),
    ("art: Mitteilungsvorlage\ntitel: Haushalt: Entwurf\n", "Doppelpunkt mitten in einem Wert"),
    ("art: Mitteilungsvorlage\ntitel: \"offen\n", "Anführungszeichen wird nicht geschlossen"),
    ("art: x\n  titel: y\n", "Doppelpunkt mitten in einem Wert"),
    ("a:\n  - b\n  c: 1\n", "Einrückung passt nicht"),
])
def test_yaml_syntax_errors_are_explained_in_german(runner: CliRunner, tmp_path: Path,
                                                    text: str, cause: str) -> None:
    path = tmp_path / "vorlage.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert "kein gültiges YAML" in result.output and cause in result.output, result.output
    assert "Zeile " in result.output


def test_version_and_bad_load_argument() -> None:
    import vorlagen
    from vorlagen import load_vorlage

    assert vorlagen.__version__ == importlib.metadata.version("vorlagen")
    with pytest.raises(TypeError, match=r"erwartet einen Pfad .* oder ein Mapping .* nicht int"):
        load_vorlage(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="nicht list"):
        load_vorlage([("art", "x")])  # type: ignore[arg-type]


def test_messages_never_echo_control_characters(tmp_path: Path) -> None:
    """A file name quoted in a message is shown with its control characters escaped: no
    escape sequence reaches the terminal."""
    path = tmp_path / "v\x1b[31m\x07.yaml"
    path.write_text("art: Mitteilungsvorlage\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "v\\x1b[31m\\x07.yaml" in result.output


@pytest.mark.subprocess
@pytest.mark.parametrize("name", ["SIGTERM", "SIGINT"])
def test_a_stopped_render_removes_its_temporary_files(tmp_path: Path, name: str) -> None:
    """A render stopped by SIGTERM or Ctrl+C while it writes leaves no file behind, says
    so in German and exits with the shell's status (143, 130). Waits on what the process
    says and on its end, with generous bounds: no timing, whatever the machine's load."""
    import signal
    import subprocess
    import sys

    stop = getattr(signal, name)
    folder = tmp_path / "v"
    shutil.copytree(EXAMPLE.parent, folder)
    out = tmp_path / "out"
    out.mkdir()
    script = (
        "import os, sys, threading\n"
        "import vorlagen.files as files\n"
        "real = os.fsync\n"
        "def slow(fd):\n"
        "    real(fd)\n"
        "    print('staged', flush=True)\n"
        "    threading.Event().wait()  # until stopped\n"
        "files.os.fsync = slow\n"
        "from vorlagen.cli import main\n"
        f"sys.argv = ['vorlagen', 'render', {str(folder / 'vorlage.yaml')!r}, '-o', "
        f"{str(out)!r}]\n"
        "main()\n")
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    try:
        assert process.stdout.readline().strip() == "staged"  # a temporary file is there
        assert [path.name.startswith(".vorlagen-satz-") for path in out.iterdir()] == [True]
        process.send_signal(stop)
        _, said = process.communicate(timeout=120)
    finally:
        process.kill()  # a test that failed leaves no process behind
    assert process.returncode == 128 + stop, said
    assert "vorlagen: abgebrochen" in said and "Traceback" not in said
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(("name", "said"), [("SIGTERM", "SIGTERM"), ("SIGINT", "Strg+C")])
def test_a_stop_is_said_in_german_with_the_shell_s_status(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        name: str, said: str) -> None:
    """The command as the shell runs it (``main``), stopped while it writes: the
    message says so, the status is 128 + the signal's number, nothing is written."""
    import signal
    import sys

    from vorlagen import cli as cli_module
    from vorlagen import files

    stop = getattr(signal, name)
    out = tmp_path / "out"
    monkeypatch.setattr(sys, "argv", ["vorlagen", "render", str(EXAMPLE), "-o", str(out)])
    monkeypatch.setattr(files, "_stage_into", lambda *_: signal.raise_signal(stop))
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, stop)}
    try:
        with pytest.raises(SystemExit) as ended:
            cli_module.main()
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    assert ended.value.code == 128 + stop
    assert f"vorlagen: abgebrochen ({said})" in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_an_output_name_holds_no_control_characters(tmp_path: Path) -> None:
    """An Anlage file whose name's suffix holds an escape sequence and a newline is
    copied under a plain name."""
    folder = tmp_path / "v"
    shutil.copytree(EXAMPLE.parent, folder)
    odd = "plan.t\x1b[2Jx\nt"
    (folder / odd).write_text("Plan", encoding="utf-8")
    data = yaml.safe_load((folder / "vorlage.yaml").read_text(encoding="utf-8"))
    data["anlagen"] = [{"titel": "Plan", "datei": odd}]
    (folder / "vorlage.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                         encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(folder / "vorlage.yaml"), "-o", str(out),
                                      "-f", "docx"])
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in out.iterdir())
    assert "2018-077_Anlage_1.t2Jxt" in names
    assert not any(ord(c) < 32 or c == "\x7f" for name in names for c in name)


@pytest.mark.subprocess
def test_on_a_terminal_each_file_name_has_its_own_line_above_the_progress_bar(
        tmp_path: Path) -> None:
    """On a terminal, standard output and the bar on standard error share one screen:
    a file name printed while the bar shows starts a line of its own."""
    import os
    import pty
    import subprocess
    import sys

    from tests.conftest import MINIMAL

    for number in range(3):
        folder = tmp_path / "vorlagen" / f"v{number}"
        folder.mkdir(parents=True)
        data = {**MINIMAL, "drucksachen_nr": f"2025/00{number}"}
        (folder / "vorlage.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                             encoding="utf-8")
    parent, child = pty.openpty()
    vorlagen = Path(sys.executable).with_name("vorlagen")
    process = subprocess.Popen(
        [str(vorlagen), "render", "vorlagen", "-o", "aus", "-f", "docx", "-j", "1"],
        cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=child, stderr=child,
        env={**os.environ, "COLUMNS": "100"})
    os.close(child)
    printed = b""
    while True:
        try:
            chunk = os.read(parent, 65536)
        except OSError:  # the terminal closes with the process
            break
        if not chunk:
            break
        printed += chunk
    os.close(parent)
    assert process.wait(timeout=120) == 0
    screen = [line.split("\r")[-1].replace("\x1b[K", "")
              for line in printed.decode("utf-8").replace("\r\n", "\n").split("\n")]
    names = [f"aus/2025-00{number}.docx" for number in range(3)]
    assert all(name in screen for name in names), screen
    assert "Vorlagen  [" in printed.decode("utf-8")  # the bar showed
    summary = next(line for line in printed.decode("utf-8").replace("\r\n", "\n").split("\n")
                   if "3 von 3 Vorlagen geschrieben" in line)
    assert summary.split("\r")[-1].replace("\x1b[K", "").startswith("vorlagen: 3 von 3")
    assert "\r\x1b[K" in summary  # written on an emptied line: nothing of the bar stays


@pytest.mark.parametrize("command", [["validate", "{v}"], ["render", "{v}"], ["schema"],
                                     ["new", "Mitteilungsvorlage", "{d}/neu"]])
def test_a_layout_option_that_names_none_is_one_usage_error(
        runner: CliRunner, tmp_path: Path, minimal: dict[str, object],
        monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    """A typo in --hausformat is the option's, said once, not each Vorlage's at a line of
    its file; a path is looked for from the current folder."""
    folder = tmp_path / "stapel"
    folder.mkdir()
    for name in ("v01", "v02"):
        (folder / name).mkdir()
        _write_yaml(folder / name / "vorlage.yaml", minimal)
    (tmp_path / "hausformat.yaml").write_text("basis: standard\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = [part.format(v="stapel", d=str(tmp_path)) for part in command]
    result = runner.invoke(cli, [*args, "--hausformat", "nordstemen"])
    assert result.exit_code == 2, result.output
    assert ("Fehler: Ungültiger Wert für --hausformat: kein Hausformat 'nordstemen' (bekannt: "
            in result.output)
    assert "gemeint ist vielleicht 'nordstemmen'" in result.output
    assert "vorlage.yaml" not in result.output and "Zeile" not in result.output
    result = runner.invoke(cli, [*args, "--hausformat", "hausformt.yaml"])
    assert result.exit_code == 2, result.output
    assert ("Ungültiger Wert für --hausformat: Hausformat-Datei 'hausformt.yaml' nicht gefunden "
            f"(gesucht vom aktuellen Ordner aus: {tmp_path / 'hausformt.yaml'}); gemeint ist "
            "vielleicht 'hausformat.yaml'") in result.output
    assert "vorlage.yaml" not in result.output
    assert not list(folder.rglob("*.docx")) and not (tmp_path / "neu").exists()
    # the path is the current folder's, also for a Vorlage in another folder
    result = runner.invoke(cli, [*args, "--hausformat", "hausformat.yaml"])
    assert "--hausformat" not in result.output


@pytest.mark.parametrize("command", ["validate", "render", "layouts", "export oparl"])
def test_a_path_that_is_neither_file_nor_folder(runner: CliRunner, tmp_path: Path,
                                                minimal: dict[str, object],
                                                monkeypatch: pytest.MonkeyPatch,
                                                command: str) -> None:
    (tmp_path / "2025-031").mkdir()
    _write_yaml(tmp_path / "2025-031" / "vorlage.yaml", minimal)
    monkeypatch.chdir(tmp_path)
    extra = ["--base-url", "https://ris.example.de/oparl"] if command == "export oparl" else []
    result = runner.invoke(cli, [*command.split(), "2025-03", *extra])
    assert result.exit_code == 2, result.output
    assert ("vorlagen: Fehler in 2025-03: Datei oder Ordner nicht gefunden; gemeint ist "
            "vielleicht '2025-031'") in result.output
    assert "Dateiendung" not in result.output
    result = runner.invoke(cli, [*command.split(), "gibtsnicht", *extra])
    assert result.exit_code == 2, result.output
    assert result.output.strip().endswith(
        "vorlagen: Fehler in gibtsnicht: Datei oder Ordner nicht gefunden")
    assert not list(tmp_path.rglob("*.docx"))

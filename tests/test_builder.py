"""One builder: every way from a Vorlage to its files goes through
``vorlagen.builder.Builder``, a batch keeps its worker pool for PDFs too, and the pool
starts the platform's way (spawn on Windows and macOS)."""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLE
from tests.soffice import soffice
from vorlagen import batch, load_vorlage, paper, render, render_files
from vorlagen.builder import Builder, Options
from vorlagen.cli import cli
from vorlagen.errors import InputError


def _copy_example(folder: Path, nr: str) -> Path:
    shutil.copytree(EXAMPLE.parent, folder)
    vorlage = folder / "vorlage.yaml"
    vorlage.write_text(vorlage.read_text(encoding="utf-8").replace(
        "drucksachen_nr: 2018/077", f"drucksachen_nr: {nr}"), encoding="utf-8")
    return vorlage


def _title(data: bytes) -> str:
    return str(docx.Document(io.BytesIO(data)).core_properties.title)


def test_the_builder_makes_validates_and_writes_with_its_options(tmp_path: Path) -> None:
    builder = Builder(Options(formats=("docx",), oeffentlich=True))
    vorlage = builder.load(EXAMPLE)
    assert builder.validate(vorlage).document.metadata.title
    made = builder.make(vorlage)
    names = [name for name, _ in made]
    assert names[0] == "2018-077_oeffentlich.docx"
    assert all(name.startswith("2018-077_oeffentlich") for name in names)
    assert _title(made[0][1]) == builder.paper(vorlage).document.metadata.title
    written = builder.write(vorlage, tmp_path / "out", made)
    assert [path.name for path in written] == names
    assert (tmp_path / "out" / names[0]).read_bytes() == made[0][1]
    assert builder.written == {path.resolve(): str(EXAMPLE) for path in written}
    with pytest.raises(InputError, match="schon von einer anderen Vorlage geschrieben"):
        builder.write(vorlage, tmp_path / "out", made)  # the run's state: not twice
    with pytest.raises(InputError, match="Eingabedatei der Vorlage"):
        Builder().write(vorlage, EXAMPLE.parent, [("vorlage.yaml", b"x")])


@pytest.mark.parametrize("command", [
    ["render", "-o", "{out}"], ["validate"],
    ["export", "oparl", "--base-url", "https://ris.example.de/oparl", "-o", "{out}"]])
def test_the_commands_go_through_the_builder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             command: list[str]) -> None:
    loaded: list[object] = []
    load = Builder.load

    def recorded(self: Builder, source: Any, **keywords: Any) -> Any:
        loaded.append(source)
        return load(self, source, **keywords)

    monkeypatch.setattr(Builder, "load", recorded)
    out = str(tmp_path / "out")
    arguments = [part.format(out=out) for part in command]
    result = CliRunner().invoke(cli, [*arguments[:2], str(EXAMPLE), *arguments[2:]]
                                if command[0] == "export" else
                                [arguments[0], str(EXAMPLE), *arguments[1:]])
    assert result.exit_code == 0, result.output
    assert loaded == [EXAMPLE]


def test_render_makes_the_paper_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """``render`` writes the paper only, so it does not make the documents of the
    generated Anlagen it would throw away; ``render_files`` makes them. (The plugins'
    hook is still asked: its answers give the titles and numbers the paper lists.)"""
    made: list[int] = []
    document = paper._anlage_document

    def recorded(vorlage: Any, nummer: int, anlage: Any) -> Any:
        made.append(nummer)
        return document(vorlage, nummer, anlage)

    monkeypatch.setattr(paper, "_anlage_document", recorded)
    vorlage = load_vorlage(EXAMPLE)
    alone = render(vorlage, "docx")
    assert made == []
    files = dict(render_files(vorlage, ["docx"]))
    assert made == [1, 2]
    assert set(files) >= {"2018-077_Anlage_1.docx", "2018-077_Anlage_2.docx"}
    assert alone == files["2018-077.docx"]  # the same paper, its list of Anlagen too
    assert paper.build(vorlage, anlagen=False).anlagen == ()


def test_options_and_plans_cross_to_a_worker_process() -> None:
    """A worker builds its own Builder from the options, and hands back a paper whose
    PDF is still to be written as plain data."""
    options = Options(formats=("docx", "pdf"), design=None, hausformat="standard",
                      oeffentlich=True, allow_outside=False)
    assert pickle.loads(pickle.dumps(options)) == options
    builder = Builder(Options(formats=("pdf",)))
    planned = builder.plan(builder.load(EXAMPLE))
    assert planned.waiting
    again = pickle.loads(pickle.dumps(planned))
    assert again.destination == planned.destination and again.waiting


@pytest.mark.skipif(soffice() is None, reason="LibreOffice nicht installiert")
@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="the recording worker is inherited by fork")
@pytest.mark.libreoffice
def test_a_pdf_batch_makes_its_papers_on_the_worker_pool(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``-f pdf`` no longer turns the pool off: the papers are made on the workers (the
    DOCX there too), the PDFs converted together by the process that started them."""
    sitzung = tmp_path / "sitzung"
    for name, nr in (("a", "2018/301"), ("b", "2018/302")):
        _copy_example(sitzung / name, nr)
    pids = tmp_path / "pids"
    pids.mkdir()
    made = batch._made_in_worker

    def recorded(path: Path, options: Options) -> Any:
        (pids / f"{os.getpid()}-{path.parent.name}").touch()
        return made(path, options)

    recorded.__qualname__, recorded.__module__ = made.__qualname__, made.__module__
    monkeypatch.setattr(batch, "_made_in_worker", recorded)  # a forked worker has it too
    out = tmp_path / "out"
    said: list[str] = []
    outcome = batch.render_all([sitzung], out, ["docx", "pdf"], None, echo=said.append,
                               report=said.append, workers=2, start_method="fork")
    assert outcome.failed == [], said
    recorded_by = {name.split("-")[1]: int(name.split("-")[0])
                   for name in os.listdir(pids)}
    assert set(recorded_by) == {"a", "b"}
    assert os.getpid() not in recorded_by.values()
    for stem in ("2018-301", "2018-302"):
        assert (out / f"{stem}.pdf").read_bytes().startswith(b"%PDF-")
        assert (out / f"{stem}_Anlage_1.pdf").read_bytes().startswith(b"%PDF-")
        assert _title((out / f"{stem}.docx").read_bytes())


@pytest.mark.subprocess
def test_a_batch_runs_on_spawned_workers(tmp_path: Path) -> None:
    """The pool starts as the platform does; with spawn (Windows, macOS) a worker has
    nothing of its parent but the options, and writes the same files."""
    sitzung = tmp_path / "sitzung"
    for name, nr in (("a", "2018/301"), ("b", "2018/302")):
        _copy_example(sitzung / name, nr)
    said: list[str] = []
    outcome = batch.render_all([sitzung], tmp_path / "out", ["docx", "odt"], None,
                               echo=said.append, report=said.append, workers=2,
                               start_method="spawn")
    assert outcome.failed == [] and outcome.exit_code == 0
    reference = batch.render_all([sitzung], tmp_path / "einzeln", ["docx", "odt"], None,
                                 echo=said.append, report=said.append)
    assert [path.name for path in outcome.written] == \
        [path.name for path in reference.written]
    for path in reference.written:
        assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes()
    assert _title((tmp_path / "out" / "2018-302.docx").read_bytes()) == \
        _title((tmp_path / "einzeln" / "2018-302.docx").read_bytes())


@pytest.mark.parametrize("design", ["briefkopf", "TEMPLATES/briefkopf"])
def test_a_design_is_named_by_name_or_folder_as_text(design: str) -> None:
    """A program names a Design as the command line does: by name, or by its folder as
    text; an unknown one is an InputError in German, not a TypeError."""
    from vorlagen.shipped import shipped_designs

    named = design.replace("TEMPLATES/briefkopf", str(shipped_designs()["briefkopf"]))
    loaded = load_vorlage(EXAMPLE)
    assert render(loaded, "docx", design=named) == render(
        loaded, "docx", design=shipped_designs()["briefkopf"])


def test_an_unknown_design_is_said_in_german() -> None:
    with pytest.raises(InputError) as raised:
        render(load_vorlage(EXAMPLE), "docx", design="briefkopff")
    assert "kein Design 'briefkopff'" in str(raised.value)

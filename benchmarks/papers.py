"""Cases a and c: the reference example in-process, and a batch of its variations through
the command line on all cores, each against pandoc turning the same text (Markdown from
the document tree) into the same formats, one process per file as pandoc works."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.markdown import markdown
from benchmarks.measure import Figure, median_seconds
from benchmarks.startup import vorlagen_command
from vorlagen.load import load_vorlage
from vorlagen.paper import build
from vorlagen.plugins import plugin_manager
from vorlagen.render import render_files

EXAMPLE = Path(__file__).parent.parent / "examples" / "integrationskonzept-2018-077"
FORMATS = ("docx", "odt")
PANDOC = "pandoc"


def pandoc_version() -> str:
    result = subprocess.run([PANDOC, "--version"], capture_output=True, text=True, check=True)
    return result.stdout.splitlines()[0]


def variations(folder: Path, count: int) -> list[Path]:
    """``count`` Vorlagen beside a copy of the example's data, each its own Drucksache."""
    shutil.copytree(EXAMPLE, folder, dirs_exist_ok=True)
    text = (folder / "vorlage.yaml").read_text(encoding="utf-8")
    paths = []
    for index in range(count):
        path = folder / f"vorlage-{index:03}.yaml"
        path.write_text(text.replace("drucksachen_nr: 2018/077",
                                     f"drucksachen_nr: 2018/{100 + index:03}"), encoding="utf-8")
        paths.append(path)
    return paths


def markdown_files(vorlagen: list[Path], folder: Path) -> list[Path]:
    """Each paper and Anlage of each Vorlage as Markdown, made before timing starts."""
    manager = plugin_manager()
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for path in vorlagen:
        paper = build(load_vorlage(path, plugins=manager), manager)
        documents = [paper.document] + [anlage.document for anlage in paper.anlagen]
        for index, document in enumerate(documents):
            target = folder / f"{path.stem}-{index}.md"
            target.write_text(markdown(document), encoding="utf-8")
            files.append(target)
    return files


def _pandoc(source: Path, format: str, folder: Path) -> None:
    target = folder / f"{source.stem}.{format}"
    subprocess.run([PANDOC, "-f", "markdown", "-o", str(target), str(source)], check=True)
    if not target.is_file():
        raise RuntimeError(f"pandoc wrote no {target}")


def pandoc_batch(sources: list[Path], folder: Path, workers: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(workers) as pool:
        jobs = [(source, format) for source in sources for format in FORMATS]
        list(pool.map(lambda job: _pandoc(job[0], job[1], folder), jobs))


def vorlagen_batch(vorlagen: list[Path], folder: Path) -> float:
    """Seconds for one run of ``vorlagen render FILES… -o FOLDER -q`` over all Vorlagen,
    both formats, as a user starts it: a new process, every core, files written."""
    if folder.exists():
        shutil.rmtree(folder)
    command = [*vorlagen_command(), "render", *map(str, vorlagen), "-f", "docx", "-f", "odt",
               "-o", str(folder), "-q"]
    started = time.perf_counter()
    subprocess.run(command, check=True, stdin=subprocess.DEVNULL, capture_output=True)
    seconds = time.perf_counter() - started
    written = len(list(folder.iterdir()))
    if written != 6 * len(vorlagen):
        raise RuntimeError(f"expected {6 * len(vorlagen)} files, got {written}")
    return seconds


def reference(work: Path, repeat: int, log: Callable[[str], None]) -> list[Figure]:
    """Case a: the example with both Anlagen in DOCX and ODT, through the library API."""
    manager = plugin_manager()
    path = EXAMPLE / "vorlage.yaml"
    sources = markdown_files([path], work / "referenz-md")

    def ours() -> None:
        files = render_files(load_vorlage(path, plugins=manager), FORMATS, plugins=manager)
        assert len(files) == 6

    figures = [
        Figure("reference example", "vorlagen, in-process", 1, median_seconds(ours, repeat)),
        Figure("reference example", "pandoc, 6 processes", 1, median_seconds(
            lambda: pandoc_batch(sources, work / "referenz-pandoc", 1), repeat)),
    ]
    for figure in figures:
        log(f"  {figure.case}: {figure.contender} {figure.value:.3f} s")
    return figures


def batch(work: Path, count: int, repeat: int, log: Callable[[str], None]) -> list[Figure]:
    """Case c: ``count`` Vorlagen in both formats, through the command line on all cores,
    against pandoc on as many; papers per second. vorlagen's figure is the median of
    ``repeat`` runs (at most 3); pandoc's is one run, which for 1,000 papers is 6,000
    processes and some minutes."""
    workers = os.cpu_count() or 1
    vorlagen = variations(work / "stapel", count)
    sources = markdown_files(vorlagen, work / "stapel-md")
    ours = statistics.median(vorlagen_batch(vorlagen, work / "stapel-out")
                             for _ in range(min(repeat, 3)))
    pandoc = median_seconds(lambda: pandoc_batch(sources, work / "stapel-pandoc", workers), 1)
    figures = [Figure("batch", "vorlagen render", count, count / ours, "papers/s"),
               Figure("batch", "pandoc", count, count / pandoc, "papers/s")]
    for figure in figures:
        log(f"  {figure.case} {count}: {figure.contender} {figure.value:.1f} papers/s")
    return figures

"""Case d: cold start of the command, against a Python that only imports click; one paper
with its Anlagen through a cold ``vorlagen render`` against pandoc writing the same text;
and where the start-up time goes (``python -X importtime``, summed per top-level
package)."""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path

from benchmarks.markdown import markdown
from benchmarks.measure import Figure, median_seconds

EXAMPLE = Path(__file__).parent.parent / "examples" / "integrationskonzept-2018-077"
CLICK = "python -c 'import click'"
HELP = "vorlagen --help"
VALIDATE = "vorlagen validate (example)"
COLD_RENDER = "cold render, CPU time"
"""The case of a cold ``vorlagen render`` of the example against pandoc, in CPU seconds."""
RENDER = "vorlagen render -f docx (example)"
PANDOC = "pandoc -o .docx, all the text in one process"
PANDOC_EACH = "pandoc -o .docx, a process per document"


def vorlagen_command() -> list[str]:
    """``vorlagen`` as a user starts it: this environment's console script."""
    script = Path(sys.executable).parent / "vorlagen"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "vorlagen"]


def commands() -> dict[str, list[str]]:
    """Each command as a user starts it."""
    vorlagen = vorlagen_command()
    return {
        CLICK: [sys.executable, "-c", "import click"],
        HELP: [*vorlagen, "--help"],
        VALIDATE: [*vorlagen, "validate", str(EXAMPLE / "vorlage.yaml")],
    }


def run(repeat: int, log: Callable[[str], None]) -> list[Figure]:
    figures = []
    for name, command in commands().items():
        seconds = median_seconds(
            partial(subprocess.run, command, check=True, capture_output=True), repeat)
        log(f"  cold start {name:<32} {seconds:.3f} s")
        figures.append(Figure("cold start", name, 1, seconds))
    return figures


def import_profile(name: str) -> list[tuple[str, float]]:
    """Milliseconds of imports per top-level package when ``name`` starts, largest first.

    Each module's own time (``self`` in importtime's output) is added to its top-level
    package, so the figures add up to the whole import time without counting twice.
    """
    command = commands()[name]
    if Path(command[0]).name == "vorlagen":
        command = [sys.executable, "-X", "importtime", *command]
    else:
        command = [command[0], "-X", "importtime", *command[1:]]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    totals: dict[str, float] = defaultdict(float)
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        own, _cumulative, module = line.removeprefix("import time:").split("|")
        if own.strip().isdigit():
            totals[module.strip().split(".")[0]] += int(own) / 1000
    return sorted(totals.items(), key=lambda item: -item[1])


def cpu_seconds(command: list[str]) -> float:
    """The CPU time (user and system) ``command`` and the processes it waits for take."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True, stdin=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cold_render(work: Path, repeat: int, log: Callable[[str], None]) -> list[Figure]:
    """One paper with its Anlagen as DOCX through a new ``vorlagen render`` process, as a
    user starts it, against pandoc turning the same text (each document of the paper as
    Markdown, made before timing starts) into DOCX: all of it in one process (the
    target's measure, pandoc's cheapest), and a process per document (the same files as
    vorlagen writes). The median CPU seconds of ``repeat`` runs each, so that other load
    on the machine counts as little as it can."""
    from vorlagen.load import load_vorlage
    from vorlagen.paper import build
    from vorlagen.plugins import plugin_manager

    manager = plugin_manager()
    paper = build(load_vorlage(EXAMPLE / "vorlage.yaml", plugins=manager), manager)
    sources = work / "kalt-md"
    sources.mkdir(parents=True, exist_ok=True)
    texts = []
    for index, document in enumerate([paper.document, *(a.document for a in paper.anlagen)]):
        texts.append(sources / f"dokument-{index}.md")
        texts[-1].write_text(markdown(document), encoding="utf-8")
    whole = sources / "alles.md"
    whole.write_text("\n\n".join(text.read_text(encoding="utf-8") for text in texts),
                     encoding="utf-8")
    target = work / "kalt-out"

    def ours() -> float:
        shutil.rmtree(target, ignore_errors=True)
        seconds = cpu_seconds([*vorlagen_command(), "render", str(EXAMPLE / "vorlage.yaml"),
                               "-f", "docx", "-o", str(target), "-q"])
        written = sorted(path.name for path in target.glob("*.docx"))
        if len(written) != len(texts):
            raise RuntimeError(f"expected {len(texts)} DOCX files, got {written}")
        return seconds

    def pandoc(*sources: Path) -> float:
        return sum(cpu_seconds(["pandoc", "-f", "markdown", "-o", str(text.with_suffix(".docx")),
                                str(text)]) for text in sources)

    figures = [Figure(COLD_RENDER, RENDER, len(texts),
                      statistics.median(ours() for _ in range(repeat))),
               Figure(COLD_RENDER, PANDOC, len(texts),
                      statistics.median(pandoc(whole) for _ in range(repeat))),
               Figure(COLD_RENDER, PANDOC_EACH, len(texts),
                      statistics.median(pandoc(*texts) for _ in range(repeat)))]
    for figure in figures:
        log(f"  {figure.case}: {figure.contender:<44} {figure.value:.3f} s")
    return figures

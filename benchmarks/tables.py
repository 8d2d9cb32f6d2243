"""Case b: the Gesamtübersicht Anlage of N measures, against the libraries' own ways of
writing the same table, and the peak memory of writing it."""

from __future__ import annotations

import resource
import subprocess
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from benchmarks import baselines
from benchmarks.measure import Figure, median_seconds
from vorlagen.compose import FOOTER
from vorlagen.render import render_document
from vorlagen.templates import standard_design
from vorlagen.tree import Document, Metadata, Table
from vorlagen_massnahmen.anlagen import gesamtuebersicht
from vorlagen_massnahmen.massnahmen import Massnahme, read_massnahmen

EXAMPLE = Path(__file__).parent.parent / "examples" / "integrationskonzept-2018-077"
CASE = "Gesamtübersicht"
OURS = ("vorlagen DOCX", "vorlagen ODT")
GROUPS = "vorlagen tree, a Handlungsfeld per 10 rows"
"""The plugin building the table when the Handlungsfelder grow with the rows: linear if
it groups in one pass, quadratic if it scans every measure once per Handlungsfeld."""


def massnahmen(count: int) -> list[Massnahme]:
    """``count`` measures: the example's 178, repeated with their own numbers."""
    known = read_massnahmen(EXAMPLE / "massnahmen.csv")
    return [known[i % len(known)].model_copy(update={"nr": f"{known[i % len(known)].nr}-{i}"})
            for i in range(count)]


def anlage(measures: list[Massnahme]) -> Document:
    """The Anlage as the massnahmen plugin makes it: intro and the grouped table."""
    return Document(Metadata(title="Gesamtübersicht"), gesamtuebersicht(measures), FOOTER)


def contenders(measures: list[Massnahme]) -> dict[str, Callable[[], bytes]]:
    """Each way of writing the Anlage's table, ready to be timed."""
    templates = standard_design()
    docx_template, odt_template = templates / "design.docx", templates / "design.odt"
    table = next(block for block in anlage(measures).body if isinstance(block, Table))
    rows = baselines.rows_of(table)
    docxtpl_template = baselines.docxtpl_template(len(rows[0]), docx_template)
    return {
        # Ours start from the measures: the plugin builds the tree, the writer the file.
        OURS[0]: lambda: render_document(anlage(measures), "docx"),
        OURS[1]: lambda: render_document(anlage(measures), "odt"),
        "python-docx add_row": lambda: baselines.python_docx_add_row(rows, docx_template),
        "docxtpl row loop": lambda: baselines.docxtpl_row_loop(rows, docxtpl_template),
        "odfpy elements": lambda: baselines.odfpy_elements(rows, odt_template),
        "zip floor": lambda: baselines.zip_floor(rows),
    }


def run(sizes: list[int], repeat: int, log: Callable[[str], None]) -> list[Figure]:
    figures = []
    for size in sizes:
        measures = massnahmen(size)
        for name, action in contenders(measures).items():
            seconds = median_seconds(action, repeat)
            log(f"  {CASE} {size:>6} rows  {name:<22} {seconds:8.3f} s")
            figures.append(Figure(CASE, name, size, seconds))
        grouped = [m.model_copy(update={"handlungsfeld": f"HF {index // 10}"})
                   for index, m in enumerate(measures)]
        seconds = median_seconds(partial(gesamtuebersicht, grouped), repeat)
        log(f"  {CASE} {size:>6} rows  {GROUPS:<22} {seconds:8.3f} s")
        figures.append(Figure(CASE, GROUPS, size, seconds))
        del grouped, measures  # not alive while the next size is timed
    return figures


def peak_memory(size: int, log: Callable[[str], None]) -> list[Figure]:
    """Peak memory of a fresh process that makes the ``size`` measures and writes their
    Anlage: all of it counts, the interpreter and the measures included."""
    figures = []
    for format, name in zip(("docx", "odt"), OURS, strict=True):
        result = subprocess.run(
            [sys.executable, "-m", "benchmarks.tables", format, str(size)],
            capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent)
        megabytes = float(result.stdout.strip())
        log(f"  peak memory {size} rows {name}: {megabytes:.0f} MB")
        figures.append(Figure("peak memory", name, size, megabytes, "MB"))
    return figures


def _write_once(format: str, size: int) -> None:
    render_document(anlage(massnahmen(size)), format)
    print(_peak_megabytes())


def _peak_megabytes() -> float:
    """This process's peak resident memory. Linux's VmHWM starts afresh at exec; the
    ru_maxrss of a child can carry over its parent's peak from before the exec."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    _write_once(sys.argv[1], int(sys.argv[2]))

"""docs/benchmarks.md and its chart, from the figures of one run."""

from __future__ import annotations

import cProfile
import io
import os
import platform
import pstats
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from benchmarks.datafiles import CASE as DATA_FILE
from benchmarks.datafiles import MEMORY
from benchmarks.measure import Figure

DATA_FILE_TEXT = (
    "The reference example copied, its measures replaced by that many measures in one "
    "Handlungsfeld (the example's 178 repeated with their own numbers), once as "
    "`massnahmen.xlsx` (written with openpyxl) and once as `massnahmen.csv`; each through "
    "`vorlagen render vorlage.yaml -o FOLDER` (the default formats, DOCX and ODT: the paper "
    "and its two Anlagen) in a new process, as a user runs it. The time is the wall time "
    "of the whole process, interpreter start included (the median of the repetitions); "
    "the peak memory is that process's own VmHWM at exit (the highest of the repetitions).")

LIBRARIES = ("vorlagen", "python-docx", "docxtpl", "odfpy", "lxml", "pydantic", "click",
             "Jinja2", "markdown-it-py", "Babel", "openpyxl", "PyYAML", "matplotlib")


@dataclass(frozen=True)
class Target:
    """One target of the performance issue, checked against figures of the same run."""

    text: str
    measured: str
    met: bool
    why: str = ""
    profile: str = ""


def figure(figures: list[Figure], case: str, contender: str, size: int | None = None) -> float:
    matches = [f.value for f in figures
               if f.case == case and f.contender == contender and size in (None, f.size)]
    if not matches:
        raise KeyError(f"no figure for {case} / {contender} / {size}")
    return matches[0]


def profile(action: Callable[[], object], lines: int = 14) -> str:
    """The functions ``action`` spends most of its own time in (cProfile, tottime)."""
    profiler = cProfile.Profile()
    profiler.runcall(action)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime").print_stats(lines)
    text = out.getvalue()
    return text[text.index("ncalls"):].rstrip() if "ncalls" in text else text.strip()


def machine(pandoc: str) -> list[tuple[str, str]]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    rows = [("cores", str(os.cpu_count())), ("CPU", cpu), ("system", platform.platform()),
            ("Python", platform.python_version()), ("pandoc", pandoc)]
    for library in LIBRARIES:
        try:
            rows.append((library, version(library)))
        except PackageNotFoundError:
            rows.append((library, "not installed"))
    return rows


def chart(figures: list[Figure], case: str, target: Path) -> None:
    """Log-log time against rows, one line per contender."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    fig, axes = pyplot.subplots(figsize=(8, 5), dpi=110)
    contenders = dict.fromkeys(f.contender for f in figures if f.case == case)
    for contender in contenders:
        points = sorted((f.size, f.value) for f in figures
                        if f.case == case and f.contender == contender)
        bold = contender.startswith("vorlagen")
        axes.plot([p[0] for p in points], [p[1] for p in points], marker="o",
                  linewidth=2.6 if bold else 1.3, label=contender)
    axes.set_xscale("log")
    axes.set_yscale("log")
    sizes = sorted({f.size for f in figures if f.case == case})
    axes.set_xticks(sizes, [f"{size:,}" for size in sizes])
    axes.minorticks_off()
    axes.set_xlabel("rows (measures)")
    axes.set_ylabel("seconds to bytes (median)")
    axes.set_title(f"{case} Anlage: time against rows (log-log, lower is better)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    fig.tight_layout()
    fig.savefig(target)
    pyplot.close(fig)


def markdown(figures: list[Figure], targets: list[Target], *, measured_on: str, repeat: int,
             tiny: bool,
             pandoc: str, import_profile: list[tuple[str, float]], chart_name: str) -> str:
    out = ["# Benchmarks", ""]
    if tiny:
        out += ["**Tiny run** (`make test`): sizes too small for the figures to mean anything; "
                "it only shows that the benchmarks still run.", ""]
    out += [
        f"Measured on {measured_on} by `make bench` (`python -m benchmarks`), "
        f"in one run: every figure is the median of {repeat} repetitions, all contenders "
        "on the same machine, one after the other. Targets are ratios between figures of "
        "this run, so they hold on a faster or slower machine alike. The raw figures are "
        "in `benchmarks.json`; `python -m benchmarks --report-only` writes this page "
        "again from them (the import profile and the profiles of missed targets are "
        "taken afresh then).",
        "", "## Machine", "", "| | |", "|---|---|",
        *(f"| {key} | {value} |" for key, value in machine(pandoc)),
        "", "## Targets", "", "| target | measured | met |", "|---|---|---|",
        *(f"| {t.text} | {t.measured} | {'yes' if t.met else '**no**'} |" for t in targets),
        "",
    ]
    missed = [t for t in targets if not t.met]
    for target in missed:
        out += [f"### Missed: {target.text}", "", target.why, ""]
        if target.profile:
            out += ["```", target.profile, "```", ""]
    out += ["## Gesamtübersicht: time against rows", "",
            f"![time against rows, log-log]({chart_name})", "",
            "Each contender writes the same table: a header row that repeats on every page, "
            "a group row across all columns per Handlungsfeld, six text columns. vorlagen "
            "starts from the measures (the plugin builds the document tree, the writer the "
            "file); the others start from the rows as strings. *python-docx add_row*: "
            "`add_table`, `add_row`, `cell.text`, `merge`. *docxtpl row loop*: a template "
            "with `{%tr for %}` and `{%tr if %}`, rendered with autoescape. *odfpy elements*: "
            "one odfpy element per table, row, cell and paragraph. *zip floor*: the row XML "
            "escaped, joined and deflated into a zip, nothing else.", ""]
    out += _table(figures, "Gesamtübersicht", "rows")
    if any(f.case == "batch" for f in figures):
        out += ["## Many papers: a batch through the command line", "",
                "Variations of the reference example (each its own Drucksachen-Nr., the same "
                "data files), every paper with its two Anlagen in DOCX and ODT: six files "
                "each. *vorlagen render*: one run of `vorlagen render FILES… -f docx -f odt "
                "-o FOLDER -q` as a user starts it, a new process that reads, checks and "
                "writes everything on all cores (the median of up to 3 runs). *pandoc*: the "
                "same papers as Markdown (made before timing), one `pandoc -o FILE` per file "
                "and format, as many at once as the machine has cores (one run).", ""]
        out += _table(figures, "batch", "papers")
    if any(f.case == "PDF" for f in figures):
        out += ["## PDF: a batch through LibreOffice", "",
                "The same ODT files (the examples' papers and Anlagen, taken in turn) made "
                "into tagged PDFs. *vorlagen*: `vorlagen.libreoffice.convert_pdf`, what "
                "`vorlagen render -f pdf` does with all files of a run: one LibreOffice "
                "start for up to 8 files, for more a few processes at once (as many as the "
                "machine has cores, at most 4), each with a profile folder of its own "
                "(`vorlagen serve` keeps one LibreOffice running instead: case f). *soffice "
                "--convert-to per file*: one LibreOffice start per file, one after the other, "
                "with one profile folder made before timing.", ""]
        out += _table(figures, "PDF", "files")
    out += _data_file(figures)
    out += ["## All figures", "", "| case | contender | size | value |", "|---|---|---|---|",
            *(f"| {f.case} | {f.contender} | {f.size:,} | {_value(f)} |" for f in figures), ""]
    out += ["## Where `vorlagen validate` spends its start-up", "",
            "`python -X importtime`, each module's own import time added to its top-level "
            "package (milliseconds, one run):", "", "| package | ms |", "|---|---|",
            *(f"| {name} | {ms:.1f} |" for name, ms in import_profile[:12]), ""]
    return "\n".join(out)


def _data_file(figures: list[Figure]) -> list[str]:
    """Case g: time and peak memory of each data file's run, one row per contender."""
    times = [f for f in figures if f.case == DATA_FILE]
    if not times:
        return []
    lines = ["## A big data file: measures in one Handlungsfeld through `vorlagen render`", "",
             DATA_FILE_TEXT, "", "| contender | measures | time | peak memory |",
             "|---|---|---|---|"]
    for time in times:
        memory = next((_value(f) for f in figures if f.case == MEMORY
                       and f.contender == time.contender and f.size == time.size), "–")
        lines.append(f"| {time.contender} | {time.size:,} | {_value(time)} | {memory} |")
    return [*lines, ""]


def _value(figure: Figure) -> str:
    if figure.unit == "s":
        return f"{figure.value:.3f} s"
    return f"{figure.value:.1f} {figure.unit}"


def _table(figures: list[Figure], case: str, what: str) -> list[str]:
    chosen = [f for f in figures if f.case == case]
    sizes = sorted({f.size for f in chosen})
    contenders = list(dict.fromkeys(f.contender for f in chosen))
    lines = [f"| contender | {' | '.join(f'{s:,} {what}' for s in sizes)} |",
             "|---|" + "---|" * len(sizes)]
    for contender in contenders:
        cells = [next((_value(f) for f in chosen if f.contender == contender and f.size == s),
                      "–") for s in sizes]
        lines.append(f"| {contender} | {' | '.join(cells)} |")
    return [*lines, ""]

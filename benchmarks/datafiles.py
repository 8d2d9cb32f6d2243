"""Case g: a big data file end to end. The reference example with its measures replaced by
N measures in one Handlungsfeld, once as .xlsx and once as .csv, each through
``vorlagen render vorlage.yaml -o OUT`` (the default formats) in a new process, as a user
runs it: the wall time (median of the repetitions) and the process's peak memory."""

from __future__ import annotations

import csv
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.measure import Figure

EXAMPLE = Path(__file__).parent.parent / "examples" / "integrationskonzept-2018-077"
CASE = "data file, one Handlungsfeld"
MEMORY = "peak memory"
"""The case of its peak memory figures, as for the Gesamtübersicht."""
FORMATS = ("xlsx", "csv")
HANDLUNGSFELD = "Sprache"
SECONDS = 30.0
MEGABYTES = 1024.0
"""The targets: each render under 30 s and under 1 GB."""


def contender(suffix: str) -> str:
    return f"vorlagen render, massnahmen.{suffix}"


# Runs in the new process: VmHWM (its own peak, from exec on) written at exit, whatever
# the exit status; then the command exactly as ``vorlagen`` would run it.
_RUNNER = """
import atexit, runpy, sys
def _peak(path=sys.argv[1]):
    for line in open("/proc/self/status", encoding="ascii"):
        if line.startswith("VmHWM:"):
            open(path, "w", encoding="ascii").write(line.split()[1])
atexit.register(_peak)
sys.argv = ["vorlagen", *sys.argv[2:]]
runpy.run_module("vorlagen", run_name="__main__", alter_sys=True)
"""


def rows(count: int, suffix: str) -> tuple[list[object], list[list[object]]]:
    """The header and ``count`` measures: the example's, repeated with their own numbers,
    all in one Handlungsfeld; read from the example's file of the same kind."""
    if suffix == "csv":
        with (EXAMPLE / "massnahmen.csv").open(encoding="utf-8", newline="") as file:
            table: list[list[object]] = [list(row) for row in csv.reader(file, delimiter=";")]
    else:
        import openpyxl

        workbook = openpyxl.load_workbook(EXAMPLE / "massnahmen.xlsx", read_only=True)
        table = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
    header, known = table[0], [row for row in table[1:] if any(v not in (None, "") for v in row)]
    nr, field = header.index("Nr."), header.index("Handlungsfeld")
    made = []
    for index in range(count):
        row = list(known[index % len(known)])
        row[nr], row[field] = f"{row[nr]}-{index}", HANDLUNGSFELD
        made.append(row)
    return header, made


def example(work: Path, count: int, suffix: str) -> Path:
    """The example copied to ``work``, its measures file replaced; its vorlage.yaml."""
    folder = work / f"massnahmen-{suffix}-{count}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(EXAMPLE, folder)
    (folder / "massnahmen.csv").unlink()
    (folder / "massnahmen.xlsx").unlink()
    header, measures = rows(count, suffix)
    target = folder / f"massnahmen.{suffix}"
    if suffix == "csv":
        with target.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, delimiter=";")
            writer.writerow(header)
            writer.writerows(measures)
    else:
        import openpyxl

        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("Maßnahmen")
        sheet.append(header)
        for row in measures:
            sheet.append(row)
        workbook.save(target)
    vorlage = folder / "vorlage.yaml"
    text = vorlage.read_text(encoding="utf-8")
    if "datei: massnahmen.xlsx" not in text:
        raise RuntimeError("the example's vorlage.yaml names no massnahmen.xlsx")
    vorlage.write_text(text.replace("datei: massnahmen.xlsx", f"datei: massnahmen.{suffix}"),
                       encoding="utf-8")
    return vorlage


def render(vorlage: Path, out: Path) -> tuple[float, float]:
    """One ``vorlagen render`` in a new process: its wall time and its peak memory (MB)."""
    shutil.rmtree(out, ignore_errors=True)
    peak = out.parent / f"{out.name}.vmhwm"
    peak.unlink(missing_ok=True)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _RUNNER, str(peak), "render", str(vorlage), "-o", str(out)],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, cwd=vorlage.parent)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"vorlagen render exited {result.returncode}: {result.stderr}")
    written = sorted(path.suffix for path in out.iterdir())
    if not {".docx", ".odt"} <= set(written):
        raise RuntimeError(f"vorlagen render wrote {written}")
    return seconds, int(peak.read_text(encoding="ascii")) / 1024


def run(work: Path, count: int, repeat: int, log: Callable[[str], None]) -> list[Figure]:
    figures = []
    for suffix in FORMATS:
        vorlage = example(work, count, suffix)
        runs = [render(vorlage, work / f"out-{suffix}") for _ in range(repeat)]
        seconds = statistics.median(s for s, _ in runs)
        megabytes = max(m for _, m in runs)
        log(f"  {CASE} {count:>6} measures  .{suffix:<4} {seconds:8.3f} s "
            f"{megabytes:6.0f} MB")
        figures += [Figure(CASE, contender(suffix), count, seconds),
                    Figure(MEMORY, contender(suffix), count, megabytes, "MB")]
        shutil.rmtree(vorlage.parent, ignore_errors=True)
    return figures


if __name__ == "__main__":
    # python -m benchmarks.datafiles [MEASURES [REPEAT]]: this case alone
    import tempfile

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    times = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory(prefix="vorlagen-bench-") as scratch:
        for found in run(Path(scratch), size, times, print):
            print(found)

"""Case e: PDF through LibreOffice, a batch of files converted by vorlagen as ``render -f
pdf`` does (``convert_pdf``: one ``soffice --convert-to`` start, or a few in parallel)
against one ``soffice --convert-to`` per file.

Both convert the same ODT files, written before timing starts; the per-file baseline
gets every advantage: one profile folder, made before timing, shared by its calls."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.measure import Figure, median_seconds
from vorlagen.libreoffice import convert_pdf, pdf_filter, program
from vorlagen.load import load_vorlage
from vorlagen.plugins import plugin_manager
from vorlagen.render import render_files

EXAMPLES = Path(__file__).parent.parent / "examples"
CASE = "PDF"
OURS = "vorlagen, one LibreOffice start per batch"
PER_FILE = "soffice --convert-to per file"


def odt_files(count: int) -> list[tuple[str, bytes]]:
    """``count`` ODT files: the examples' papers and Anlagen, taken in turn."""
    manager = plugin_manager()
    made: list[tuple[str, bytes]] = []
    for path in sorted(EXAMPLES.glob("*/vorlage.yaml")):
        made += render_files(load_vorlage(path, plugins=manager), ["odt"], plugins=manager)
    made = [(name, data) for name, data in made if name.endswith(".odt")]
    return [(f"{index:03}-{made[index % len(made)][0]}", made[index % len(made)][1])
            for index in range(count)]


def _per_file(sources: list[Path], profile: Path, outdir: Path) -> None:
    soffice = program()
    for source in sources:
        subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--norestore", "--convert-to", pdf_filter(), "--outdir", str(outdir),
                        str(source)], capture_output=True, check=True, timeout=300)
        if not (outdir / f"{source.stem}.pdf").is_file():
            raise RuntimeError(f"soffice wrote no PDF of {source.name}")


def run(count: int, repeat: int, log: Callable[[str], None]) -> list[Figure]:
    files = odt_files(count)

    def ours() -> None:
        results = convert_pdf(files)
        failed = [r for r in results if not isinstance(r, bytes)]
        if failed:
            raise RuntimeError(f"conversion failed: {failed[0]}")

    with tempfile.TemporaryDirectory(prefix="vorlagen-bench-pdf-") as scratch:
        work = Path(scratch)
        sources = []
        for name, data in files:
            sources.append(work / name)
            sources[-1].write_bytes(data)
        profile, outdir = work / "profil", work / "aus"
        _per_file(sources[:1], profile, outdir)  # the profile made before timing
        baseline = median_seconds(lambda: _per_file(sources, profile, outdir), repeat)
    figures = [Figure(CASE, OURS, count, count / median_seconds(ours, repeat), "files/s"),
               Figure(CASE, PER_FILE, count, count / baseline, "files/s")]
    for figure in figures:
        log(f"  {figure.case} {count} files: {figure.contender} {figure.value:.2f} files/s")
    return figures

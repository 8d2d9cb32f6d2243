"""The benchmarks run once on tiny sizes, so that `make bench` cannot rot; and the pieces
they compare build what they claim to build."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from odf import table as odftable

from benchmarks import baselines, tables
from benchmarks.markdown import markdown
from tests.conftest import ROOT
from tests.reading import open_odt
from vorlagen.templates import standard_design
from vorlagen.tree import Table


@pytest.mark.subprocess
@pytest.mark.libreoffice
def test_tiny_run_writes_the_report_with_every_case(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--tiny", "--out", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    report = (tmp_path / "benchmarks.md").read_text(encoding="utf-8")
    assert report.startswith("# Benchmarks")
    assert "**Tiny run**" in report
    for contender in ("vorlagen DOCX", "vorlagen ODT", "python-docx add_row",
                      "docxtpl row loop", "odfpy elements", "zip floor"):
        assert f"| {contender} |" in report, contender
    for case in ("reference example", "batch", "cold start", "cold render, CPU time",
                 "peak memory", "PDF", "serve"):
        assert f"| {case} |" in report, case
    assert report.count("| yes |") + report.count("| **no** |") == 22  # every target judged
    for suffix in ("xlsx", "csv"):  # case g: a big data file through a new `vorlagen render`
        assert f"| vorlagen render, massnahmen.{suffix} | 100 | " in report, suffix
        assert (f"100 measures in one Handlungsfeld as massnahmen.{suffix}, the example "
                "through a new `vorlagen render` (DOCX and ODT): under 30 s |") in report
        assert (f"massnahmen.{suffix}, the example through a new `vorlagen render` (DOCX and "
                "ODT): peak memory under 1 GB |") in report
    assert "PDF download within 3000 ms once LibreOffice has started (median" in report
    assert "`vorlagen serve`, the example: live check within 200 ms" in report
    assert ("live preview after an edit within 1000 ms once LibreOffice has started "
            "(median; 95th percentile") in report
    assert "through a cold `vorlagen render`: CPU time at most 5x pandoc's" in report
    assert "| cores |" in report and "| pandoc | pandoc " in report
    chart = (tmp_path / "benchmarks.png").read_bytes()
    assert chart.startswith(b"\x89PNG\r\n\x1a\n") and len(chart) > 10_000
    assert "met" in result.stdout and "wrote" in result.stdout


@pytest.fixture(scope="module")
def rows() -> list[baselines.Row]:
    table = next(b for b in tables.anlage(tables.massnahmen(30)).body if isinstance(b, Table))
    return baselines.rows_of(table)


def test_docx_baselines_build_the_same_table(rows: list[baselines.Row]) -> None:
    template = standard_design() / "design.docx"
    made = {
        "add_row": baselines.python_docx_add_row(rows, template),
        "docxtpl": baselines.docxtpl_row_loop(
            rows, baselines.docxtpl_template(len(rows[0]), template)),
    }
    for name, data in made.items():
        table = docx.Document(io.BytesIO(data)).tables[-1]
        texts = [tuple(cell.text for cell in row.cells) for row in table.rows]
        # python-docx shows a merged cell once per column it spans
        texts = [row[:1] if len(set(row)) == 1 and len(rows[i]) == 1 else row
                 for i, row in enumerate(texts)]
        assert texts == rows, name


def test_odfpy_baseline_builds_the_same_table(rows: list[baselines.Row]) -> None:
    template = standard_design() / "design.odt"
    document = open_odt(baselines.odfpy_elements(rows, template))
    found = document.getElementsByType(odftable.TableRow)
    assert len(found) == len(rows)
    spanned = [cell for cell in document.getElementsByType(odftable.TableCell)
               if cell.getAttribute("numbercolumnsspanned")]
    assert len(spanned) == sum(1 for row in rows if len(row) == 1)


def test_markdown_for_pandoc_keeps_the_text(rows: list[baselines.Row]) -> None:
    text = markdown(tables.anlage(tables.massnahmen(30)))
    assert text.count("\n| ") == len(rows)  # header, group and measure rows
    assert "Handlungsfeld Sprache" in text

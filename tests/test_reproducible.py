"""The same input gives the same bytes: fixed zip entry order and times, no random ids,
the creation date from the input or from SOURCE_DATE_EPOCH."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLE
from tests.reading import open_odt
from vorlagen import Vorlage, render
from vorlagen.cli import cli
from vorlagen.writers.package import FIXED_TIME


def _render_in_fresh_process(tmp_path: Path) -> dict[str, bytes]:
    """The example written by a new process, which has built nothing before."""
    subprocess.run([sys.executable, "-m", "vorlagen", "render", str(EXAMPLE), "-o",
                    str(tmp_path)], check=True, capture_output=True)
    return {path.name: path.read_bytes() for path in tmp_path.iterdir()}


def test_same_input_gives_byte_identical_files(tmp_path: Path, example: Vorlage) -> None:
    first = _render_in_fresh_process(tmp_path / "first")
    # This process has rendered other documents before: nothing of that may show.
    render(example, "odt")
    runner = CliRunner()
    result = runner.invoke(cli, ["render", str(EXAMPLE), "-o", str(tmp_path / "second")])
    assert result.exit_code == 0, result.output
    second = {path.name: path.read_bytes() for path in (tmp_path / "second").iterdir()}
    assert sorted(first) == sorted(second) and len(first) == 6
    for name in first:
        assert first[name] == second[name], name


@pytest.mark.parametrize("format", ["docx", "odt"])
def test_zip_entries_have_fixed_times_and_odf_order(example: Vorlage, format: str) -> None:
    with zipfile.ZipFile(io.BytesIO(render(example, format))) as archive:
        entries = archive.infolist()
    assert {entry.date_time for entry in entries} == {FIXED_TIME}
    if format == "odt":
        assert entries[0].filename == "mimetype"
        assert entries[0].compress_type == zipfile.ZIP_STORED


def _created(data: bytes, format: str) -> str:
    if format == "docx":
        created = docx.Document(io.BytesIO(data)).core_properties.created
        return str(created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"))
    meta = open_odt(data).meta
    return next(str(child) for child in meta.childNodes if child.qname[1] == "creation-date")


@pytest.mark.parametrize("format", ["docx", "odt"])
def test_creation_date_is_the_vorlage_date(example: Vorlage, format: str) -> None:
    assert _created(render(example, format), format) == "2018-04-04T00:00:00"


@pytest.mark.parametrize("format", ["docx", "odt"])
def test_source_date_epoch_sets_the_creation_date(
    example: Vorlage, format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    expected = datetime.fromtimestamp(1700000000, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    first = render(example, format)
    assert _created(first, format) == expected
    assert render(example, format) == first


def test_bad_source_date_epoch_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "gestern")
    result = CliRunner().invoke(cli, ["render", str(EXAMPLE), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH" in result.output and "'gestern'" in result.output
    assert not list(tmp_path.iterdir())

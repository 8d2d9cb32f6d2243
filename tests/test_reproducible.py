"""The same input gives the same bytes: fixed zip entry order and times, no random ids,
the creation date from the input or from SOURCE_DATE_EPOCH."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from tests.conftest import EXAMPLE
from tests.reading import open_odt
from vorlagen import Vorlage, load_vorlage, render
from vorlagen.cli import cli
from vorlagen.writers.package import FIXED_TIME


def _render_in_fresh_process(tmp_path: Path) -> dict[str, bytes]:
    """The example written by a new process, which has built nothing before."""
    subprocess.run([sys.executable, "-m", "vorlagen", "render", str(EXAMPLE), "-o",
                    str(tmp_path)], check=True, capture_output=True)
    return {path.name: path.read_bytes() for path in tmp_path.iterdir()}


@pytest.mark.subprocess
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


def _pdf_dates(data: bytes) -> tuple[Any, ...]:
    """A PDF's dates, as its document information and its XMP metadata give them."""
    reader = PdfReader(io.BytesIO(data))
    info, xmp = reader.metadata, reader.xmp_metadata
    assert info is not None and xmp is not None
    return (info.creation_date, info.modification_date, xmp.xmp_create_date,
            xmp.xmp_modify_date)


@pytest.mark.libreoffice
@pytest.mark.parametrize("format", ["pdf", "pdfa"])
def test_a_pdf_is_the_same_bytes_each_time_dated_by_the_vorlage(
        minimal: dict[str, object], format: str) -> None:
    """LibreOffice gives a PDF the time of the conversion, a random file ID and (in a
    PDF/A) a colour profile made just then; each is replaced, so two renders agree."""
    vorlage = load_vorlage(minimal)
    first = render(vorlage, format)
    assert render(vorlage, format) == first
    datum = datetime(2024, 2, 1, tzinfo=UTC)  # the Vorlage's datum, 01.02.2024
    assert [moment.astimezone(UTC) for moment in _pdf_dates(first)] == [datum] * 4
    reader = PdfReader(io.BytesIO(first))
    assert reader.metadata is not None and reader.metadata.title == "Testvorlage"
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # still tagged
    if format == "pdfa":
        xmp = reader.xmp_metadata
        assert xmp is not None and xmp.pdfaid_part == "2" and xmp.pdfaid_conformance == "B"
        metadata = root["/Metadata"].get_object()
        assert "/Filter" not in metadata  # PDF/A: the XMP stays readable as it is
        profile = root["/OutputIntents"][0]["/DestOutputProfile"]
        header = profile.get_object().get_data()[:128]
        assert header[24:36] == struct.pack(">6H", 2024, 2, 1, 0, 0, 0)


@pytest.mark.libreoffice
def test_source_date_epoch_dates_a_pdf_too(minimal: dict[str, object],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    data = render(load_vorlage(minimal), "pdf")
    moment = datetime.fromtimestamp(1700000000, UTC)
    assert [date.astimezone(UTC) for date in _pdf_dates(data)] == [moment] * 4

"""The library API as an embedding program uses it: no files needed in, bytes or files out."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reading import docx_text, odt_text, open_docx, open_odt
from vorlagen import (
    InputError,
    hookimpl,
    load_vorlage,
    plugin_manager,
    render,
    render_to_file,
)
from vorlagen.tree import Document, Paragraph, Text


def test_render_from_a_dict_to_bytes(minimal: dict[str, object]) -> None:
    vorlage = load_vorlage(minimal)
    docx_bytes = render(vorlage, "docx")
    odt_bytes = render(vorlage, "odt")
    assert docx_bytes[:2] == b"PK"
    assert "Testvorlage" in docx_text(docx_bytes)
    assert "Ein Satz." in odt_text(odt_bytes)


def test_render_to_file_takes_the_format_from_the_suffix(
    minimal: dict[str, object], tmp_path: Path
) -> None:
    vorlage = load_vorlage(minimal)
    docx_path = render_to_file(vorlage, tmp_path / "neu" / "v.docx")
    odt_path = render_to_file(vorlage, tmp_path / "v.ODT")
    assert open_docx(docx_path.read_bytes()).core_properties.title == "Testvorlage"
    assert open_odt(odt_path.read_bytes()) is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["neu", "v.ODT"]


def test_unknown_format_is_an_input_error(minimal: dict[str, object]) -> None:
    with pytest.raises(InputError, match="'rtf'"):
        render(load_vorlage(minimal), "rtf")


def test_dict_errors_name_the_source(minimal: dict[str, object]) -> None:
    minimal["datum"] = "gestern"
    with pytest.raises(InputError) as caught:
        load_vorlage(minimal)
    assert caught.value.problems[0].field == "datum"
    assert caught.value.exit_code == 2


def test_the_caller_chooses_the_plugins(minimal: dict[str, object]) -> None:
    """An embedding program can add a writer, and two managers do not share state."""

    class PlainWriter:
        format = "txt"
        extension = ".txt"
        media_type = "text/plain"
        design_file = "design.txt"

        def write(self, document: Document, template: Path) -> bytes:
            lines = [
                "".join(i.text for i in block.inlines if isinstance(i, Text))
                for block in document.body
                if isinstance(block, Paragraph)
            ]
            return "\n".join(lines).encode()

    class Plugin:
        @hookimpl
        def vorlagen_writers(self) -> list[PlainWriter]:
            return [PlainWriter()]

    vorlage = load_vorlage(minimal)
    with_plain = plugin_manager(entry_points=False, plugins=[Plugin()])
    assert "Ein Satz." in render(vorlage, "txt", plugins=with_plain).decode()
    with pytest.raises(InputError):
        render(vorlage, "txt", plugins=plugin_manager(entry_points=False))

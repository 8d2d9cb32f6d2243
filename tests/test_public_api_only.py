"""vorlagen uses only the public surface of Jinja, python-docx and openpyxl: no name
with a leading underscore imported or looked up, no code generator swapped."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).parent.parent / "src" / "vorlagen"
MODULES = ["sandbox.py", "templating.py", "textcheck.py", "template_check.py", "grammar.py",
           "jinja_messages.py", "daten.py", *(f"writers/{path.name}" for path in
                                              sorted((SOURCE / "writers").glob("*.py")))]
LIBRARIES = ("jinja2", "docx", "docxtpl", "openpyxl", "odf", "pluggy")


def _private_uses(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module \
                and node.module.split(".")[0] in LIBRARIES:
            if any(part.startswith("_") for part in node.module.split(".")) \
                    or node.module in ("jinja2.compiler",):
                found.append(f"from {node.module} import …")
            found += [f"{node.module}.{alias.name}" for alias in node.names
                      if alias.name.startswith("_")]
        elif isinstance(node, ast.Constant) and node.value in (
                "_worksheet_path", "_parse", "code_generator_class"):
            found.append(repr(node.value))
        elif isinstance(node, ast.Attribute) and node.attr in (
                "code_generator_class", "_parse", "_worksheet_path", "_generate"):
            found.append(f".{node.attr}")
        elif isinstance(node, ast.Attribute) and node.attr in ("_element", "_blob") and not (
                isinstance(node.value, ast.Name) and node.value.id == "self"):
            found.append(f".{node.attr}")  # python-docx's header, footer and part
    return found


@pytest.mark.parametrize("module", MODULES)
def test_no_private_internals_of_other_libraries(module: str) -> None:
    tree = ast.parse((SOURCE / module).read_text(encoding="utf-8"))
    assert _private_uses(tree) == []


def test_the_docx_content_types_are_those_python_docx_writes() -> None:
    """Written without python-docx's private ``_ContentTypesItem``, the same bytes."""
    import io
    import zipfile

    from docx import Document as open_document

    from tests.conftest import EXAMPLE
    from vorlagen import load_vorlage, render

    data = render(load_vorlage(EXAMPLE), "docx")
    ours = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    saved = io.BytesIO()
    open_document(io.BytesIO(data)).save(saved)
    assert ours == zipfile.ZipFile(saved).read("[Content_Types].xml")
    assert b'<Override PartName="/word/document.xml"' in ours

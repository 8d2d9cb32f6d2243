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


def _foreign_private_writes(tree: ast.AST) -> list[str]:
    """``thing._name = …`` where ``thing`` is not the object's own ``self`` or ``cls``:
    one module setting another's private state."""
    found = []
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AugAssign | ast.AnnAssign) else []
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr.startswith("_") \
                    and not target.attr.startswith("__") and not (
                        isinstance(target.value, ast.Name)
                        and target.value.id in ("self", "cls")):
                found.append(f"Zeile {target.lineno}: .{target.attr} =")
    return found


def test_no_module_sets_another_objects_private_attributes() -> None:
    """A loaded Vorlage and a read Hausformat carry what loading found as their own
    values; nothing outside a class writes its private attributes."""
    found = {str(path.relative_to(SOURCE)): writes for path in sorted(SOURCE.rglob("*.py"))
             if (writes := _foreign_private_writes(ast.parse(path.read_text("utf-8"))))}
    assert found == {}


def test_the_check_for_private_writes_finds_one() -> None:
    tree = ast.parse("def f(vorlage):\n    vorlage._quelle = 'x'\n    self._ok = 1\n")
    assert _foreign_private_writes(tree) == ["Zeile 2: ._quelle ="]

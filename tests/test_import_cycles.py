"""No import cycle among vorlagen's modules, imports inside functions counted.

A cycle makes the order of imports matter (a name half defined when another module asks
for it) and ties modules together that a newcomer expects to change one at a time. An
import inside a function only postpones the cycle to the first call, so it counts too;
imports under ``if TYPE_CHECKING:`` never run and do not.

Importing ``vorlagen.a.b`` also runs the package ``vorlagen.a`` (its ``__init__``), so
a cycle through a package's ``__init__`` is found as well; a module's own enclosing
packages are already imported when it runs, so it reaching into them for a submodule
is not an edge, asking them for a name is. A module that imports by name
(``importlib.import_module``, as the plugin manager registers the built-in plugins)
imports each module of the package it names in a string.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"


def modules_of(src: Path, package: str) -> dict[str, Path]:
    """Every module of ``package`` under ``src`` by its dotted name; a package by its own
    name (its ``__init__.py``)."""
    found: dict[str, Path] = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = path.relative_to(src).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _enclosing(name: str) -> list[str]:
    """``a.b.c`` → ``["a", "a.b"]``: the packages Python imports before ``name``."""
    parts = name.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts))]


class _Imports(ast.NodeVisitor):
    """The modules of the package one module's code imports, anywhere in it except
    under ``if TYPE_CHECKING:``."""

    def __init__(self, name: str, is_package: bool, known: dict[str, Path]) -> None:
        self.name = name
        self.here = name if is_package else name.rpartition(".")[0]
        self.known = known
        self.found: set[str] = set()
        self.by_name = False
        self.named: set[str] = set()

    def imports(self, tree: ast.Module) -> set[str]:
        """The modules the module of ``tree`` imports."""
        self.visit(tree)
        if self.by_name:
            for module in self.named:
                self._module(module)
        return self.found

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
                isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"):
            for statement in node.orelse:
                self.visit(statement)
        else:
            self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        function = node.func
        called = function.id if isinstance(function, ast.Name) else \
            function.attr if isinstance(function, ast.Attribute) else ""
        self.by_name = self.by_name or called in ("import_module", "__import__")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and node.value in self.known:
            self.named.add(node.value)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._module(alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.here.split(".")[: len(self.here.split(".")) - node.level + 1]
            origin = ".".join([*base, node.module] if node.module else base)
        else:
            origin = node.module or ""
        if origin not in self.known:
            return
        for alias in node.names:
            if f"{origin}.{alias.name}" in self.known:
                self._module(f"{origin}.{alias.name}")
            else:  # a name defined by ``origin`` itself
                self._module(origin, reads_names=True)

    def _module(self, target: str, reads_names: bool = False) -> None:
        """``target`` and the packages importing it runs, those already running aside."""
        running = {self.name, *_enclosing(self.name)}
        for module in [*_enclosing(target), target]:
            if module in self.known and (module not in running
                                         or (reads_names and module == target != self.name)):
                self.found.add(module)


def import_graph(src: Path, package: str) -> dict[str, set[str]]:
    """Which modules of ``package`` each of its modules imports."""
    known = modules_of(src, package)
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        visitor = _Imports(name, path.name == "__init__.py", known)
        graph[name] = visitor.imports(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return graph


def import_cycle(src: Path, package: str) -> list[str] | None:
    """One cycle of imports (``[a, b, a]``: ``a`` imports ``b``, which imports ``a``),
    or None."""
    try:
        graphlib.TopologicalSorter(import_graph(src, package)).prepare()
    except graphlib.CycleError as error:
        return list(reversed(error.args[1]))
    return None


def test_vorlagen_has_no_import_cycle() -> None:
    cycle = import_cycle(SRC, "vorlagen")
    assert cycle is None, "Importzyklus: " + " → ".join(cycle or [])


def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("files", [
    {"p/__init__.py": "", "p/a.py": "def f():\n    from p.b import g\n",
     "p/b.py": "import p.a\n"},
    {"p/__init__.py": "", "p/a.py": "from . import b\n", "p/b.py": "from .a import x\n"},
    {"p/__init__.py": "from p.sub.a import x\n", "p/sub/__init__.py": "",
     "p/sub/a.py": "from p import y\n"},
    {"p/__init__.py": "", "p/sub/__init__.py": "from p.c import x\n", "p/sub/a.py": "",
     "p/c.py": "def f():\n    import p.sub.a\n"},
    {"p/__init__.py": "", "p/a.py": "from p.sub import b\n",
     "p/sub/__init__.py": "", "p/sub/b.py": "from ..a import x\n"},
    {"p/__init__.py": "", "p/a.py": "import importlib\nBUILT_IN = ('p.b',)\n"
     "def f():\n    for name in BUILT_IN:\n        importlib.import_module(name)\n",
     "p/b.py": "from p.a import f\n"},
], ids=["inside-a-function", "relative", "through-init", "package-runs-init",
        "relative-up", "by-name"])
def test_a_cycle_is_found(tmp_path: Path, files: dict[str, str]) -> None:
    cycle = import_cycle(_package(tmp_path, files), "p")
    assert cycle is not None and cycle[0] == cycle[-1] and len(cycle) >= 3


@pytest.mark.parametrize("files", [
    {"p/__init__.py": "", "p/a.py": "from typing import TYPE_CHECKING\n"
     "if TYPE_CHECKING:\n    from p.b import g\nelse:\n    import os\n",
     "p/b.py": "from p.a import f\n"},
    {"p/__init__.py": "from p.sub.a import x\n", "p/sub/__init__.py": "",
     "p/sub/a.py": "from p import sub\nfrom p.sub import b\n", "p/sub/b.py": ""},
    {"p/__init__.py": "", "p/a.py": "import os\nfrom collections import abc\n"},
    {"p/__init__.py": "", "p/a.py": "NAME = 'p.b'\n", "p/b.py": "from p.a import NAME\n"},
], ids=["type-checking", "own-package-submodule", "other-packages", "a-name-only"])
def test_no_cycle_is_found_where_none_is(tmp_path: Path, files: dict[str, str]) -> None:
    assert import_cycle(_package(tmp_path, files), "p") is None


def test_the_cycle_is_named(tmp_path: Path) -> None:
    root = _package(tmp_path, {"p/__init__.py": "", "p/a.py": "import p.b\n",
                               "p/b.py": "import p.c\n", "p/c.py": "import p.a\n"})
    cycle = import_cycle(root, "p")
    assert cycle is not None and set(cycle) == {"p.a", "p.b", "p.c"} and len(cycle) == 4


def test_a_draft_without_a_hausformat_has_the_shipped_standard(
        minimal: dict[str, object]) -> None:
    """The Draft reads its default Hausformat itself (not through the Hausformate of the
    plugins, whose built-in sections are made from Drafts): the same as the shipped
    ``standard``, which its Bausteine render."""
    from vorlagen import load_vorlage
    from vorlagen.bausteine import SECTIONS
    from vorlagen.compose import compose
    from vorlagen.draft import Draft
    from vorlagen.hausformate import load_hausformat
    from vorlagen.shipped import STANDARD, shipped_hausformate
    from vorlagen.tree import document_texts

    draft = Draft(load_vorlage(minimal).vorlage)
    standard = load_hausformat(shipped_hausformate()[STANDARD])
    assert draft.hausformat.model_dump() == standard.model_dump()
    document = compose(draft, draft.hausformat.aufbau_for(draft.vorlagenart), SECTIONS)
    texts = list(document_texts(document))
    assert "Testvorlage" in texts and "Sachverhalt" in texts

"""The DOCX, ODT and PDF writers, offered through the ``vorlagen_writers`` hook.

Every command builds a plugin manager, most never write (``validate``, ``hausformate``), so
the writers are offered by name and imported when they first write.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from vorlagen.hookspecs import hookimpl
from vorlagen.tree import Document
from vorlagen.writers import BatchWriter, Writer

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class LazyWriter:
    """A built-in writer, described here and imported from ``path`` (``module:Class``)
    when it first writes; ``tests/test_plugin_runtime.py`` checks the description
    against the writer."""

    format: str
    extension: str
    media_type: str
    design_file: str
    path: str
    arguments: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def writer(self) -> Writer:
        module, name = self.path.split(":")
        made: Writer = getattr(importlib.import_module(module), name)(**self.arguments)
        return made

    def write(self, document: Document, template: Path) -> bytes:
        return self.writer.write(document, template)


@dataclass(frozen=True)
class LazyBatchWriter(LazyWriter):
    """A built-in batch writer (``vorlagen.writers.BatchWriter``), imported likewise."""

    def write_many(self, jobs: Sequence[tuple[Document, Path]]
                   ) -> Sequence[bytes | Exception]:
        writer = self.writer
        assert isinstance(writer, BatchWriter)
        return writer.write_many(jobs)


BUILT_IN = (
    LazyWriter("docx", ".docx", DOCX_TYPE, "design.docx", "vorlagen.writers.docx:DocxWriter"),
    LazyWriter("odt", ".odt", "application/vnd.oasis.opendocument.text", "design.odt",
               "vorlagen.writers.odt:OdtWriter"),
    LazyBatchWriter("pdf", ".pdf", "application/pdf", "design.odt",
                    "vorlagen.writers.pdf:PdfWriter"),
    LazyBatchWriter("pdfa", ".pdf", "application/pdf", "design.odt",
                    "vorlagen.writers.pdf:PdfWriter", {"pdfa": True}),
)


@hookimpl
def vorlagen_writers() -> list[Writer]:
    return list(BUILT_IN)

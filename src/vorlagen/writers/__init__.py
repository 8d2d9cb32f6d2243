"""Writers turn the neutral document tree into the bytes of one file format.

A writer knows its format and its Design file, nothing about Vorlagen. Writers are
registered through the ``vorlagen_writers`` hook and looked up by format name.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from vorlagen.tree import Document


@runtime_checkable
class Writer(Protocol):
    """What the core needs of a writer."""

    @property
    def format(self) -> str:
        """The name users pass to ``-f``, e.g. ``"docx"``."""
        ...

    @property
    def extension(self) -> str:
        """The file name extension, with the dot."""
        ...

    @property
    def media_type(self) -> str: ...

    @property
    def design_file(self) -> str:
        """The Design file a Design folder holds for this writer, e.g. ``"design.docx"``
        (``"vorlage.docx"``, the old name, still means ``"design.docx"``). A writer
        that still calls it ``template_name`` works, with a ``Renamed`` warning."""
        ...

    def write(self, document: Document, template: Path) -> bytes:
        """The finished file for ``document``, starting from the style document ``template``."""
        ...


@runtime_checkable
class BatchWriter(Writer, Protocol):
    """A writer that writes many documents more cheaply at once than one by one (the PDF
    writer starts LibreOffice once for all); a batch hands it every document of a run."""

    def write_many(self, jobs: Sequence[tuple[Document, Path]]
                   ) -> Sequence[bytes | Exception]:
        """The file of each ``(document, template)``, in order, or the error (a
        ``VorlagenError``) that kept one from being written."""
        ...

"""Rendering: a Vorlage through its document tree to the bytes of each format."""

from __future__ import annotations

from pathlib import Path

import pluggy

from vorlagen.compose import compose
from vorlagen.files import write_atomic
from vorlagen.model import Vorlage
from vorlagen.plugins import plugin_manager, writer_for
from vorlagen.templates import standard_template_dir
from vorlagen.tree import Document


def render_document(
    document: Document,
    format: str,
    *,
    template_dir: Path | None = None,
    plugins: pluggy.PluginManager | None = None,
) -> bytes:
    """The file of ``format`` for a document tree, styled by ``template_dir``."""
    manager = plugins or plugin_manager()
    writer = writer_for(manager, format)
    folder = template_dir or standard_template_dir()
    return writer.write(document, folder / writer.template_name)


def render(
    vorlage: Vorlage,
    format: str = "docx",
    *,
    template_dir: Path | None = None,
    plugins: pluggy.PluginManager | None = None,
) -> bytes:
    """The file of ``format`` (``"docx"``, ``"odt"``, or a plugin's) for a Vorlage."""
    return render_document(compose(vorlage), format, template_dir=template_dir, plugins=plugins)


def render_to_file(
    vorlage: Vorlage,
    path: str | Path,
    format: str | None = None,
    *,
    template_dir: Path | None = None,
    plugins: pluggy.PluginManager | None = None,
) -> Path:
    """Write a Vorlage to ``path`` atomically; the format defaults to the path's suffix."""
    target = Path(path)
    data = render(vorlage, format or target.suffix.lstrip(".").lower(),
                  template_dir=template_dir, plugins=plugins)
    write_atomic(target, data)
    return target


def output_stem(vorlage: Vorlage) -> str:
    """A file name stem from the Drucksachen-Nr.: ``2018/077`` gives ``2018-077``."""
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in vorlage.drucksachen_nr)
    return safe.strip(".-") or "vorlage"

"""The library's way to a paper's files: thin calls of ``vorlagen.builder.Builder``,
which holds the one sequence from a Vorlage to its files."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

import pluggy

from vorlagen.builder import (
    GEPRUEFT,
    MAX_TEXT_CHARS,
    OEFFENTLICH_SUFFIX,
    Builder,
    Destination,
    Options,
    Planned,
    check_design,
    design_folder,
    destination,
    output_stem,
    safe_suffix,
    write_document,
)
from vorlagen.builder import write_folder as _write_folder
from vorlagen.errors import VorlagenError
from vorlagen.files import write_atomic
from vorlagen.loaded import LoadedVorlage
from vorlagen.model import Vorlage
from vorlagen.plugins import plugin_manager
from vorlagen.renamed import keywords
from vorlagen.tree import Document

__all__ = [
    "GEPRUEFT",
    "MAX_TEXT_CHARS",
    "OEFFENTLICH_SUFFIX",
    "Destination",
    "Planned",
    "check_design",
    "destination",
    "finish",
    "output_stem",
    "plan_files",
    "render",
    "render_document",
    "render_files",
    "render_to_file",
    "render_to_folder",
    "safe_suffix",
    "write_folder",
]


def _builder(formats: Iterable[str], design: str | os.PathLike[str] | None,
             plugins: pluggy.PluginManager | None, oeffentlich: bool) -> Builder:
    """A Builder for one call; ``design`` a Design's name or folder."""
    folder = None if design is None else design_folder(design, plugins or plugin_manager())
    return Builder(Options(formats=tuple(formats), design=folder,
                           oeffentlich=oeffentlich), plugins)


@keywords(template_dir="design")
def render_document(
    document: Document,
    format: str,
    *,
    design: str | os.PathLike[str] | None = None,
    plugins: pluggy.PluginManager | None = None,
) -> bytes:
    """The file of ``format`` for a document tree, styled by the Design ``design`` (a
    name or a folder)."""
    manager = plugins or plugin_manager()
    folder = None if design is None else design_folder(design, manager)
    return write_document(document, format, folder, manager)


@keywords(template_dir="design")
def render(
    vorlage: Vorlage | LoadedVorlage,
    format: str = "docx",
    *,
    design: str | os.PathLike[str] | None = None,
    plugins: pluggy.PluginManager | None = None,
    oeffentlich: bool = False,
) -> bytes:
    """The paper itself as a file of ``format`` (``"docx"``, ``"odt"``, or a plugin's).

    Generated Anlagen are left out (and not made); ``render_files`` gives them too.
    ``oeffentlich`` gives the version for publication, without what is marked
    nichtöffentlich.
    """
    return _builder((format,), design, plugins, oeffentlich).document(vorlage, format)


@keywords(template_dir="design")
def render_files(
    vorlage: Vorlage | LoadedVorlage,
    formats: Iterable[str] = ("docx", "odt"),
    *,
    design: str | os.PathLike[str] | None = None,
    plugins: pluggy.PluginManager | None = None,
    oeffentlich: bool = False,
) -> list[tuple[str, bytes]]:
    """Every file of a paper as ``(file name, bytes)``: the paper and each generated
    Anlage in each format, then the Anlage files the Vorlage names, copied.

    Names start with ``output_stem``: ``2018-077.docx``, ``2018-077_Anlage_1.odt``.
    ``oeffentlich`` gives the version for publication: nichtöffentliche Anlagen are
    neither written nor copied, and nothing marked nichtöffentlich is in the files. Its
    names say so (``2018-077_oeffentlich.docx``, ``2018-077_oeffentlich_Anlage_1.odt``),
    so that it never replaces the full version, nor is taken for it.
    """
    return _builder(formats, design, plugins, oeffentlich).make(vorlage)


@keywords(template_dir="design")
def render_to_file(
    vorlage: Vorlage | LoadedVorlage,
    path: str | Path,
    format: str | None = None,
    *,
    design: str | os.PathLike[str] | None = None,
    plugins: pluggy.PluginManager | None = None,
    oeffentlich: bool = False,
) -> Path:
    """Write the paper to ``path`` atomically; the format defaults to the path's suffix."""
    target = Path(path)
    data = render(vorlage, format or target.suffix.lstrip(".").lower(),
                  design=design, plugins=plugins, oeffentlich=oeffentlich)
    write_atomic(target, data)
    return target


@keywords(template_dir="design")
def render_to_folder(
    vorlage: Vorlage | LoadedVorlage,
    folder: str | Path,
    formats: Iterable[str] = ("docx", "odt"),
    *,
    design: str | os.PathLike[str] | None = None,
    plugins: pluggy.PluginManager | None = None,
    oeffentlich: bool = False,
    keep: Collection[Path] = (),
    protect: Collection[Path] = (),
) -> list[Path]:
    """Write every file of ``render_files`` into ``folder``: all of them, or on an error
    none (nothing already there is overwritten then).

    A file is never written over one of the Vorlage's own inputs (the Vorlage, its
    Anlagen, its plugins' data files, its Hausformat file), nor over a file of the templates
    in use, nor over a path in ``keep`` (resolved paths, e.g. what other Vorlagen of the
    same run wrote) or ``protect`` (e.g. the inputs of the other Vorlagen of the run).
    """
    builder = _builder(formats, design, plugins, oeffentlich)
    builder.protect = frozenset(protect)
    return builder.make_into(vorlage, folder, keep=keep)


@keywords(template_dir="design")
def plan_files(
    vorlage: Vorlage | LoadedVorlage,
    formats: Iterable[str] = ("docx", "odt"),
    *,
    design: str | os.PathLike[str] | None = None,
    plugins: pluggy.PluginManager | None = None,
    oeffentlich: bool = False,
) -> Planned:
    """The files of ``render_files``, those of a batch writer (PDF) left to ``finish``,
    which writes those of many papers at once (``Builder.plan``)."""
    return _builder(formats, design, plugins, oeffentlich).plan(vorlage)


def finish(plans: Sequence[Planned], plugins: pluggy.PluginManager | None = None
           ) -> list[list[tuple[str, bytes]] | VorlagenError]:
    """The files of each planned paper, or the error that kept one from being written;
    a batch writer (PDF) writes those of all papers at once (``Builder.finish``)."""
    return Builder(plugins=plugins).finish(plans)


@keywords(template_dir="design")
def write_folder(
    vorlage: LoadedVorlage | Destination,
    folder: str | Path,
    files: Sequence[tuple[str, bytes]],
    *,
    design: Path | None = None,
    oeffentlich: bool = False,
    keep: Collection[Path] = (),
    protect: Collection[Path] = (),
) -> list[Path]:
    """Write a paper's ``files`` (from ``render_files`` or ``finish``) into ``folder``,
    as ``render_to_folder`` does (``Builder.write``)."""
    target = vorlage if isinstance(vorlage, Destination) else destination(vorlage)
    if design is None and isinstance(vorlage, LoadedVorlage):
        design = vorlage.design
    return _write_folder(target, folder, files, design=design,
                         oeffentlich=oeffentlich, keep=keep, protect=protect)

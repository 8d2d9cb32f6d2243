"""Rendering: a Vorlage through its document trees to the bytes of each format."""

from __future__ import annotations

import contextlib
import os
import re
import zipfile
from collections.abc import Collection, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pluggy

from vorlagen.errors import InputError, OutputError, PluginError, Problem
from vorlagen.files import write_all_atomic, write_atomic
from vorlagen.model import Vorlage
from vorlagen.paper import build
from vorlagen.plugins import plugin_manager, writer_for
from vorlagen.templates import standard_template_dir
from vorlagen.tree import Document, document_texts
from vorlagen.veroeffentlichung import file_text, found
from vorlagen.writers import Writer


def render_document(
    document: Document,
    format: str,
    *,
    template_dir: Path | None = None,
    plugins: pluggy.PluginManager | None = None,
) -> bytes:
    """The file of ``format`` for a document tree, styled by ``template_dir``."""
    manager = plugins or plugin_manager()
    return _write(writer_for(manager, format), document, template_dir)


MAX_TEXT_CHARS = 32 * 1024 * 1024
"""The most text a paper may hold: Word's specification allows 32 MB of text in a
document; a paper beyond it is an input error, not a writer's failure."""


def _write(writer: Writer, document: Document, template_dir: Path | None) -> bytes:
    folder = template_dir or standard_template_dir()
    size = 0
    for text in document_texts(document):
        size += len(text)
        if size > MAX_TEXT_CHARS:
            raise InputError(document.metadata.title or "Vorlage", [Problem("", (
                f"das Dokument hätte mehr als {MAX_TEXT_CHARS // 2**20} Mio. Zeichen Text; "
                f"so viel fasst keine {writer.format.upper()}-Datei, die Word öffnet "
                "(Daten zu groß?)"))])
    try:
        return writer.write(_dated(document), folder / writer.template_name)
    except PluginError as error:
        if isinstance(error.__cause__, MemoryError | OverflowError | zipfile.LargeZipFile):
            raise InputError(document.metadata.title or "Vorlage", [Problem("", (
                f"zu groß für eine {writer.format.upper()}-Datei "
                f"({type(error.__cause__).__name__})"))]) from None
        raise


def _dated(document: Document) -> Document:
    """``document`` with the creation date SOURCE_DATE_EPOCH gives, if it is set.

    The convention of reproducible builds (reproducible-builds.org): a tool that writes
    a date into its output takes it from this variable, seconds since 1970, when set.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return document
    try:
        moment = datetime.fromtimestamp(int(value), UTC)
    except (ValueError, OverflowError, OSError):
        raise InputError("Umgebungsvariable", [Problem(
            "SOURCE_DATE_EPOCH", f"{value!r} ist keine Zahl von Sekunden seit 1970")]) from None
    return replace(document, metadata=replace(document.metadata, created=moment))


def render(
    vorlage: Vorlage,
    format: str = "docx",
    *,
    template_dir: Path | None = None,
    plugins: pluggy.PluginManager | None = None,
    oeffentlich: bool = False,
) -> bytes:
    """The paper itself as a file of ``format`` (``"docx"``, ``"odt"``, or a plugin's).

    Generated Anlagen are left out; ``render_files`` gives them too. ``oeffentlich``
    gives the version for publication, without what is marked nichtöffentlich.
    """
    manager = plugins or plugin_manager()
    paper = build(vorlage, manager, oeffentlich=oeffentlich)
    return render_document(paper.document, format, template_dir=template_dir or paper.design,
                           plugins=manager)


def render_files(
    vorlage: Vorlage,
    formats: Iterable[str] = ("docx", "odt"),
    *,
    template_dir: Path | None = None,
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
    manager = plugins or plugin_manager()
    paper = build(vorlage, manager, oeffentlich=oeffentlich)
    stem = output_stem(vorlage) + (OEFFENTLICH_SUFFIX if oeffentlich else "")
    template_dir = template_dir or paper.design
    files: list[tuple[str, bytes]] = []
    for format in dict.fromkeys(f.lower() for f in formats):
        writer = writer_for(manager, format)
        documents = [(stem, paper.document)] + [
            (f"{stem}_Anlage_{anlage.nummer}", anlage.document) for anlage in paper.anlagen
        ]
        for name, document in documents:
            files.append((f"{name}{writer.extension}", _write(writer, document, template_dir)))
    for index, (nummer, anlage) in enumerate(vorlage.nummerierte_anlagen()):
        if anlage.datei is not None and not (oeffentlich and anlage.nichtoeffentlich):
            data = _read_anlage(vorlage, index, anlage.datei)
            if oeffentlich:
                _check_public_file(vorlage, index, anlage.datei, data, paper.nichtoeffentlich)
            files.append((f"{stem}_Anlage_{nummer}{safe_suffix(anlage.datei)}", data))
    return files


def safe_suffix(datei: Path) -> str:
    """An Anlage file's suffix as it may stand in an output name: letters, digits,
    ``-``, ``_`` and the dot; no control character, no newline, no separator."""
    return "".join(c for c in datei.suffix if c.isalnum() or c in "._-")[:16]


def _check_public_file(vorlage: Vorlage, index: int, datei: Path, data: bytes,
                       geheim: tuple[tuple[str, str], ...]) -> None:
    """Refuse to publish an Anlage file that holds a nichtöffentliche text, or that
    cannot be read to be checked."""
    if not geheim:
        return
    where = f"anlagen[{index}].datei"
    try:
        text = file_text(datei.name, data)
    except ValueError as error:
        raise InputError(vorlage.quelle, [Problem(where, (
            f"{datei.name}: {error}; so lässt sich nicht prüfen, ob nichtöffentliche Angaben "
            "darin stehen (nichtoeffentlich: true setzen oder die Datei reparieren)"))]
                         ) from None
    if text is None:
        return
    leaks = found([text], dict(geheim))
    if leaks:
        named = ", ".join(f"{secret!r} (Plugin {plugin})" for secret, plugin in leaks)
        raise InputError(vorlage.quelle, [Problem(where, (
            f"{datei.name} enthält die nichtöffentliche Angabe {named} und würde so "
            "veröffentlicht; die Anlage als nichtoeffentlich markieren oder die Angabe "
            "aus der Datei nehmen"))])


def render_to_file(
    vorlage: Vorlage,
    path: str | Path,
    format: str | None = None,
    *,
    template_dir: Path | None = None,
    plugins: pluggy.PluginManager | None = None,
    oeffentlich: bool = False,
) -> Path:
    """Write the paper to ``path`` atomically; the format defaults to the path's suffix."""
    target = Path(path)
    data = render(vorlage, format or target.suffix.lstrip(".").lower(),
                  template_dir=template_dir, plugins=plugins, oeffentlich=oeffentlich)
    write_atomic(target, data)
    return target


def render_to_folder(
    vorlage: Vorlage,
    folder: str | Path,
    formats: Iterable[str] = ("docx", "odt"),
    *,
    template_dir: Path | None = None,
    plugins: pluggy.PluginManager | None = None,
    oeffentlich: bool = False,
    keep: Collection[Path] = (),
    protect: Collection[Path] = (),
) -> list[Path]:
    """Write every file of ``render_files`` into ``folder``: all of them, or on an error
    none (nothing already there is overwritten then).

    A file is never written over one of the Vorlage's own inputs (the Vorlage, its
    Anlagen, its plugins' data files, its layout file), nor over a file of the templates
    in use, nor over a path in ``keep`` (resolved paths, e.g. what other Vorlagen of the
    same run wrote) or ``protect`` (e.g. the inputs of the other Vorlagen of the run).
    """
    files = render_files(vorlage, formats, template_dir=template_dir, plugins=plugins,
                         oeffentlich=oeffentlich)
    outputs = [(Path(folder) / name, data) for name, data in files]
    inputs = _inputs(vorlage)
    templates = template_dir or standard_template_dir()
    for template in (templates.iterdir() if templates.is_dir() else ()):
        inputs.setdefault(template.resolve(), "template")
    for path in protect:
        inputs.setdefault(path, "run")
    checked = []
    for path, data in outputs:
        resolved = path.resolve()
        if resolved in inputs:
            if inputs[resolved] == "anlage" and resolved.read_bytes() == data:
                continue  # an Anlage file that already stands where its copy would go
            which = {"template": "eine Datei der Dokumentvorlagen (--template-dir)",
                     "run": "eine Eingabedatei einer Vorlage dieses Laufs"}.get(
                         inputs[resolved], "eine Eingabedatei der Vorlage")
            raise InputError(vorlage.quelle, [Problem(
                "", f"{path} ist {which} und wird nicht überschrieben")])
        if resolved in keep:
            raise InputError(vorlage.quelle, [Problem(
                "drucksachen_nr", f"{path} wurde in diesem Lauf schon von einer anderen "
                                  "Vorlage geschrieben (gleiche Drucksachen-Nr.?)")])
        checked.append((path, data))
    write_all_atomic(checked)
    if oeffentlich:
        _remove_stale(Path(folder), output_stem(vorlage) + OEFFENTLICH_SUFFIX,
                      {path.name for path, _ in outputs})
    return [path for path, _ in outputs]


def _remove_stale(folder: Path, stem: str, written: set[str]) -> None:
    """Remove the files of an earlier version for publication of the same paper that
    this one no longer has (an Anlage since marked nichtöffentlich): the folder then
    holds this version's public set and nothing else under its names."""
    pattern = re.compile(rf"{re.escape(stem)}(_Anlage_\d+)?\.[A-Za-z0-9._-]+")
    for path in folder.iterdir():
        if path.name not in written and pattern.fullmatch(path.name) and path.is_file():
            try:
                path.unlink()
            except OSError as error:
                raise OutputError(path, error) from None


def _inputs(vorlage: Vorlage) -> dict[Path, str]:
    """The files a Vorlage was made from, resolved, with what each is."""
    found: dict[Path, str] = {}
    source = Path(vorlage.quelle)
    if source.is_file():
        found[source.resolve()] = "vorlage"
    for anlage in vorlage.anlagen:
        if anlage.datei is not None:
            found[(vorlage.ordner / anlage.datei).resolve()] = "anlage"
    with contextlib.suppress(TypeError):  # not configured: no layout file known
        found.setdefault(Path(vorlage.hausformat.quelle).resolve(), "daten")
    for config in vorlage.plugins.values():
        values = config.__dict__.values() if hasattr(config, "__dict__") else ()
        for value in values:
            for item in value if isinstance(value, list | tuple) else (value,):
                if isinstance(item, Path):
                    found.setdefault(item.resolve(), "daten")
    return found


OEFFENTLICH_SUFFIX = "_oeffentlich"
"""What the names of the files of the version for publication carry after the stem."""


def output_stem(vorlage: Vorlage) -> str:
    """A file name stem from the Drucksachen-Nr.: ``2018/077`` gives ``2018-077``."""
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in vorlage.drucksachen_nr)
    return safe.strip(".-") or "vorlage"


def _read_anlage(vorlage: Vorlage, index: int, datei: Path) -> bytes:
    """An Anlage file's bytes, read only from where the Vorlage may name files."""
    try:
        return vorlage.datei(datei).read_bytes()
    except ValueError as error:
        raise InputError(vorlage.quelle, [Problem(f"anlagen[{index}].datei", str(error))]
                         ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(
            vorlage.quelle, [Problem(f"anlagen[{index}].datei", f"{datei}: {reason}")]
        ) from None

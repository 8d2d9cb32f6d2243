"""The one way from a Vorlage to its files (a builder, in Sphinx's sense).

A ``Builder`` holds the plugin manager, the options of a run (formats, Design,
Hausformat, ``oeffentlich``) and what the run has written, and takes each paper through
the same stages: load, build its trees, check the version for publication, write each
format (a batch writer's, PDF, for many papers at once), check the files as written, and
write them into a folder atomically. The library's functions (``vorlagen.render``), the
batch and its workers, ``export oparl`` and the form all go through it.
"""

from __future__ import annotations

import functools
import os
import re
import zipfile
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pluggy

import vorlagen.plugins as registry
from vorlagen.configure import configure
from vorlagen.design_files import design_file, present
from vorlagen.errors import (
    InputError,
    OutputError,
    PluginError,
    Problem,
    VorlagenError,
    os_reason,
)
from vorlagen.files import write_all_atomic
from vorlagen.load import load_vorlage
from vorlagen.loaded import LoadedVorlage
from vorlagen.model import Anlage, Vorlage
from vorlagen.paper import Paper, anlage_titles, build, text_problems
from vorlagen.plugins import writer_for
from vorlagen.templates import find_design, standard_design
from vorlagen.tree import Document, document_texts
from vorlagen.veroeffentlichung import NotSearchable, file_text, found
from vorlagen.writers import BatchWriter, Writer, placeholders


@dataclass(frozen=True, slots=True)
class Options:
    """What a run is asked for. Plain data: a worker process builds its own ``Builder``
    from it."""

    formats: tuple[str, ...] = ("docx", "odt")
    design: Path | None = None
    """The Design's folder (``--template``); None: the one the Hausformat chooses."""
    hausformat: str | None = None
    """The Hausformat the caller chooses (``--hausformat``); None: each Vorlage's own."""
    oeffentlich: bool = False
    """The version for publication, without what is marked nichtöffentlich."""
    allow_outside: bool = False
    """Whether a Vorlage may name files outside its folder."""


class Builder:
    """The stages from a Vorlage to its files, with the plugins and options of one run.

    ``written`` and ``protect`` are the run's state: what it wrote (no second paper
    writes over it) and the inputs of all its Vorlagen (no paper writes over one)."""

    def __init__(self, options: Options | None = None,
                 plugins: pluggy.PluginManager | None = None) -> None:
        self.options = options or Options()
        self.plugins = plugins or registry.plugin_manager()  # looked up when called
        if self.options.design is not None:  # a name or a folder, as the caller wrote it
            self.options = replace(self.options,
                                   design=design_folder(self.options.design, self.plugins))
        self.written: dict[Path, str] = {}
        """Each file this run wrote (resolved), with the Vorlage it was written for."""
        self.protect: Collection[Path] = frozenset()

    def load(self, source: str | os.PathLike[str] | Mapping[str, Any], *,
             base_dir: Path | None = None) -> LoadedVorlage:
        """The Vorlage of a file or of parsed data, checked against the plugins and the
        Hausformat; every problem at once, its text fields' too."""
        return load_vorlage(source, base_dir=base_dir, plugins=self.plugins,
                            allow_outside=self.options.allow_outside,
                            hausformat=self.options.hausformat,
                            more_problems=functools.partial(text_problems,
                                                            plugins=self.plugins))

    def loaded(self, vorlage: Vorlage | LoadedVorlage) -> LoadedVorlage:
        """A Vorlage as loaded: one made in Python (``Vorlage.model_validate``) is
        checked against the plugins and its Hausformat found, once."""
        return configure(vorlage, self.plugins, allow_outside=self.options.allow_outside,
                         hausformat=self.options.hausformat)

    def paper(self, vorlage: Vorlage | LoadedVorlage, *, anlagen: bool = True) -> Paper:
        """The paper's trees; with ``anlagen`` the documents of its generated Anlagen
        too. The version for publication is checked for nichtöffentliche texts here."""
        vorlage = self.loaded(vorlage)
        paper = build(vorlage, self.plugins, oeffentlich=self.options.oeffentlich,
                      anlagen=anlagen)
        if self.options.oeffentlich:
            check_public(paper, vorlage)
        return paper

    def validate(self, vorlage: Vorlage | LoadedVorlage) -> Paper:
        """Everything rendering checks before it writes, writing nothing."""
        vorlage = self.loaded(vorlage)
        paper = self.paper(vorlage)
        check_design(vorlage, paper, self.options.design)
        return paper

    def document(self, vorlage: Vorlage | LoadedVorlage, format: str) -> bytes:
        """The paper itself as a file of ``format``, without its generated Anlagen."""
        paper = self.paper(vorlage, anlagen=False)
        writer = writer_for(self.plugins, format)
        _check_size(paper.document, writer.format)
        return _write(writer, paper.document, self.options.design or paper.design)

    def plan(self, vorlage: Vorlage | LoadedVorlage) -> Planned:
        """The files of a paper, a batch writer's (PDF) left for ``finish``."""
        return _plan(self, self.loaded(vorlage))

    def finish(self, plans: Sequence[Planned]
               ) -> list[list[tuple[str, bytes]] | VorlagenError]:
        """The files of each planned paper, or the error that kept it from being
        written: what batch writers still write, each of them once for all papers."""
        return _finish(self.plugins, plans)

    def make(self, vorlage: Vorlage | LoadedVorlage) -> list[tuple[str, bytes]]:
        """Every file of a paper as ``(name, bytes)``: the paper and each generated
        Anlage in each format, then the Anlage files the Vorlage names, copied."""
        result = self.finish([self.plan(vorlage)])[0]
        if isinstance(result, VorlagenError):
            raise result
        return result

    def make_into(self, vorlage: Vorlage | LoadedVorlage, folder: str | Path, *,
                  keep: Collection[Path] = ()) -> list[Path]:
        """Make a paper's files and write them into ``folder`` (``write``)."""
        planned = self.plan(vorlage)
        files = self.finish([planned])[0]
        if isinstance(files, VorlagenError):
            raise files
        return self.write(planned.destination, folder, files, design=planned.design,
                          keep=keep)

    def write(self, target: LoadedVorlage | Destination, folder: str | Path,
              files: Sequence[tuple[str, bytes]], *, design: Path | None = None,
              keep: Collection[Path] = ()) -> list[Path]:
        """Write a paper's ``files`` into ``folder``: all of them, or on an error none.

        Never over one of the Vorlage's inputs, a file of the Design in use (``design``:
        the folder the files were made with), an input of another Vorlage of the run
        (``protect``), nor what this run or ``keep`` holds already. Of a loaded
        Vorlage the Design is known; of a ``Destination`` (a worker's) say ``design``."""
        if isinstance(target, Destination):
            destination_ = target
        else:
            destination_, design = destination(target), design or self.options.design \
                or target.design
        def placed() -> None:  # counted before a held Ctrl+C stops the run
            for path in paths:
                self.written[path.resolve()] = destination_.quelle

        paths = [Path(folder) / name for name, _ in files]
        write_folder(destination_, folder, files, design=design,
                     oeffentlich=self.options.oeffentlich,
                     keep={*self.written, *keep}, protect=self.protect, placed=placed)
        return paths


def design_folder(value: str | os.PathLike[str], manager: pluggy.PluginManager) -> Path:
    """The Design's folder a caller names: an installed Design's name, or a folder
    (relative to the current one); an InputError, naming the known ones, for neither."""
    try:
        return find_design(value if isinstance(value, Path) else os.fspath(value),
                             manager, Path.cwd())
    except ValueError as error:
        raise InputError("design", [Problem("design", str(error))]) from None


@functools.cache
def worker_builder(options: Options) -> Builder:
    """One Builder per worker process and options, with its own plugin manager, as one
    run has one."""
    return Builder(options)


def write_document(document: Document, format: str, design: Path | None,
                   plugins: pluggy.PluginManager) -> bytes:
    """The file of ``format`` for a document tree, styled by ``design``."""
    writer = writer_for(plugins, format)
    _check_size(document, writer.format)
    return _write(writer, document, design)


MAX_TEXT_CHARS = 32 * 1024 * 1024
"""The most text a paper may hold: Word's specification allows 32 MB of text in a
document; a paper beyond it is an input error, not a writer's failure."""


def _write(writer: Writer, document: Document, design: Path | None) -> bytes:
    document, template = _prepared(writer, document, design)
    try:
        return writer.write(document, template)
    except PluginError as error:
        raise _too_big(writer, document, error) from None


def _check_size(document: Document, format: str) -> None:
    """An InputError for a document too large for any file of ``format``."""
    size = 0
    for text in document_texts(document):
        size += len(text)
        if size > MAX_TEXT_CHARS:
            raise InputError(document.metadata.title or "Vorlage", [Problem("", (
                f"das Dokument hätte mehr als {MAX_TEXT_CHARS // 2**20} Mio. Zeichen Text; "
                f"so viel fasst keine {format.upper()}-Datei, die Word öffnet "
                "(Daten zu groß?)"))])


def _prepared(writer: Writer, document: Document, design: Path | None
              ) -> tuple[Document, Path]:
    """The document as it is written (its date from SOURCE_DATE_EPOCH, if set) and the
    writer's template."""
    folder = design or standard_design()
    template = design_file(folder, writer.design_file)
    _check_letterhead(document, template)
    return _dated(document), template


def check_design(vorlage: LoadedVorlage, paper: Paper, design: Path | None = None) -> None:
    """What rendering checks of the Design before it writes (its letterhead has the
    body's name), for ``validate``, which writes nothing."""
    folder = design or paper.design or standard_design()
    for path in present(folder):
        _check_letterhead(paper.document, path, vorlage)


def _check_letterhead(document: Document, template: Path,
                      vorlage: LoadedVorlage | None = None
                      ) -> None:
    """An InputError if the design prints the body's name and the Hausformat gives
    none: a letterhead without its name is no letterhead."""
    values = dict(document.placeholders)
    if "behoerde" not in values or values["behoerde"] or \
            "behoerde" not in placeholders.names_in(template):
        return
    named, source = "das Hausformat", str(template)
    if vorlage is not None:
        source, named = vorlage.quelle, f"das Hausformat {vorlage.hausformat.name}"
    raise InputError(source, [Problem("", (
        f"das Design {template.parent.name} druckt den Namen der Behörde "
        f"({{{{ behoerde }}}}), aber {named} nennt keinen. Den Namen im eigenen "
        "Hausformat setzen, z. B. eine hausformat.yaml neben "
        "die Vorlagen legen mit den Zeilen 'basis: standard' und 'behoerde: Stadt "
        "Musterstadt' (siehe docs/hausformat.md), oder ein Design ohne Briefkopf wählen"))])


def _too_big(writer: Writer, document: Document, error: PluginError) -> VorlagenError:
    """A writer's failure as the user's error if it ran out of room (memory, zip size)."""
    if isinstance(error.__cause__, MemoryError | OverflowError | zipfile.LargeZipFile):
        return InputError(document.metadata.title or "Vorlage", [Problem("", (
            f"zu groß für eine {writer.format.upper()}-Datei "
            f"({type(error.__cause__).__name__})"))])
    return error


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


@dataclass(frozen=True, slots=True)
class _Pending:
    """A file a ``BatchWriter`` writes later, together with others (``finish``)."""

    format: str
    """The batch writer's format: the process that finishes asks its own plugins."""
    document: Document
    template: Path


@dataclass(frozen=True, slots=True)
class Planned:
    """The files of one paper, some of them still to be written by a batch writer.
    Plain data, so that a worker process hands it to the one that finishes it."""

    destination: Destination
    files: tuple[tuple[str, bytes | _Pending], ...]
    nichtoeffentlich: tuple[tuple[str, str], ...]
    oeffentlich: bool
    generated: frozenset[str] = frozenset()
    """The names of the files a writer makes (not the Anlage files copied)."""
    design: Path | None = None
    """The design's folder the files were written with (None: the standard one)."""
    anlagen: tuple[tuple[int, str], ...] = ()
    """Number and title of each Anlage, the Vorlage file's and those plugins generate."""
    titel: str = ""
    """The paper's title as printed (its variables filled in, on one line)."""

    @property
    def waiting(self) -> bool:
        """Whether a batch writer still has to write some of the files."""
        return any(isinstance(item, _Pending) for _, item in self.files)


def _plan(builder: Builder, vorlage: LoadedVorlage) -> Planned:
    """The files of ``Builder.make``, those of a batch writer (PDF) left to ``finish``,
    which writes those of many papers at once."""
    manager, options = builder.plugins, builder.options
    oeffentlich = options.oeffentlich
    paper = builder.paper(vorlage)
    stem = output_stem(vorlage) + (OEFFENTLICH_SUFFIX if oeffentlich else "")
    design = options.design or paper.design
    files: list[tuple[str, bytes | _Pending]] = []
    documents = [(stem, paper.document)] + [
        (f"{stem}_Anlage_{anlage.nummer}", anlage.document) for anlage in paper.anlagen
    ]
    writers = [writer_for(manager, format) for format in _formats(options.formats)]
    for _, document in documents if writers else ():  # once, whatever the formats
        _check_size(document, writers[0].format)
    for writer in writers:  # before anything is written
        _check_letterhead(paper.document, design_file(
            design or standard_design(), writer.design_file), vorlage)
    for writer in writers:
        for name, document in documents:
            if isinstance(writer, BatchWriter):
                prepared, template = _prepared(writer, document, design)
                files.append((f"{name}{writer.extension}",
                              _Pending(writer.format, prepared, template)))
            else:
                files.append((f"{name}{writer.extension}",
                              _write(writer, document, design)))
    generated = len(files)
    problems: list[Problem] = []
    for index, (nummer, anlage) in enumerate(vorlage.nummerierte_anlagen()):
        if anlage.datei is not None and not (oeffentlich and anlage.nichtoeffentlich):
            try:
                data = _read_anlage(vorlage, index, anlage.datei)
            except InputError as error:
                problems += error.problems
                continue
            if oeffentlich:
                problems += _public_file_problems(vorlage, index, anlage, data,
                                                  paper.nichtoeffentlich)
            files.append((f"{stem}_Anlage_{nummer}{safe_suffix(anlage.datei)}", data))
    if problems:  # every Anlage's at once
        raise InputError(vorlage.quelle, problems)
    titles = anlage_titles(vorlage, paper)
    return Planned(destination(vorlage), tuple(files), paper.nichtoeffentlich, oeffentlich,
                   frozenset(name for name, _ in files[:generated]), design,
                   tuple(sorted(titles.items())), paper.document.metadata.title)


def _formats(formats: Iterable[str]) -> list[str]:
    """The formats asked for, each once; PDF/A stands for PDF too (both are .pdf)."""
    chosen = list(dict.fromkeys(f.lower() for f in formats))
    if "pdfa" in chosen and "pdf" in chosen:
        chosen.remove("pdf")
    return chosen


def _finish(manager: pluggy.PluginManager, plans: Sequence[Planned]
            ) -> list[list[tuple[str, bytes]] | VorlagenError]:
    """The files of each planned paper, or the error that kept one from being written.

    What batch writers still have to write is written by each of them at once, for all
    papers together: one LibreOffice start for every PDF of a run. The files of a version
    for publication are searched for nichtöffentliche texts again as written, with what
    the template added (a DOCX's or ODT's parts, a PDF's text and its metadata).
    """
    pending: dict[str, list[tuple[int, int, _Pending]]] = {}
    for plan_index, plan in enumerate(plans):
        for file_index, (_, item) in enumerate(plan.files):
            if isinstance(item, _Pending):  # by format: one writer per format name
                pending.setdefault(item.format, []).append((plan_index, file_index, item))
    written: dict[tuple[int, int], bytes | Exception] = {}
    for key, jobs in pending.items():
        writer = writer_for(manager, key)
        assert isinstance(writer, BatchWriter)
        results = writer.write_many([(job.document, job.template) for *_, job in jobs])
        for (plan_index, file_index, _), result in zip(jobs, results, strict=True):
            written[plan_index, file_index] = result
    finished: list[list[tuple[str, bytes]] | VorlagenError] = []
    for plan_index, plan in enumerate(plans):
        files: list[tuple[str, bytes]] = []
        failure: VorlagenError | None = None
        for file_index, (name, item) in enumerate(plan.files):
            data = written.get((plan_index, file_index), item)
            if isinstance(data, Exception):
                if not isinstance(data, VorlagenError):
                    raise data
                failure = failure or data
                continue
            assert isinstance(data, bytes)
            if plan.oeffentlich and name in plan.generated:  # as written, template and all
                failure = failure or _public_output(plan, name, data)
            files.append((name, data))
        finished.append(failure if failure is not None else files)
    return finished


def check_public(paper: Paper, vorlage: LoadedVorlage) -> None:
    """Refuse a version for publication that still holds a nichtöffentliche text,
    written however (``vorlagen.veroeffentlichung``): the paper's trees, those of its
    generated Anlagen. The files are checked again as written (``_public_output``),
    the Anlage files the Vorlage names as read (``_public_file_problems``)."""
    documents = [paper.document, *(anlage.document for anlage in paper.anlagen)]
    texts = [text for document in documents for text in document_texts(document)]
    problems = [Problem("", (
        f"die nichtöffentliche Angabe {angabe!r} (Plugin {plugin}) stünde in der Fassung "
        "zur Veröffentlichung (auch anders geschrieben zählt sie); sie steht im Text der "
        "Vorlage oder das Plugin lässt sie nicht weg"))
        for angabe, plugin in found(texts, dict(paper.nichtoeffentlich))]
    if problems:
        raise InputError(vorlage.quelle, problems)


def _public_output(plan: Planned, name: str, data: bytes) -> InputError | None:
    """An InputError if a written file of the version for publication holds a
    nichtöffentliche text after all (in a PDF: in its text or its metadata). A writer's
    format vorlagen cannot search passes: what it wrote was checked as a document."""
    if not plan.nichtoeffentlich:
        return None
    try:
        text = file_text(name, data)
    except NotSearchable as error:  # a writer's own format, or a page that is an image
        text = error.text
    except ValueError as error:
        return InputError(plan.destination.quelle, [Problem("", (
            f"{name}: {error}; so lässt sich nicht prüfen, ob nichtöffentliche Angaben "
            "darin stehen"))])
    problem = _leaking(name, text, plan.nichtoeffentlich, "", "", None)
    return None if problem is None else InputError(plan.destination.quelle, [problem])


def _leaking(name: str, text: str, nichtoeffentlich: tuple[tuple[str, str], ...], where: str,
             advice: str, line: int | None) -> Problem | None:
    """The Problem of a file ``name`` whose ``text`` holds a nichtöffentliche text, with
    ``advice`` after it; None if it holds none."""
    leaks = found([text], dict(nichtoeffentlich))
    if not leaks:
        return None
    named = ", ".join(f"{angabe!r} (Plugin {plugin})" for angabe, plugin in leaks)
    return Problem(where, f"{name} enthält die nichtöffentliche Angabe {named} und würde "
                          f"so veröffentlicht{advice}", line)


def safe_suffix(datei: Path) -> str:
    """An Anlage file's suffix as it may stand in an output name: letters, digits,
    ``-``, ``_`` and the dot; no control character, no newline, no separator."""
    return "".join(c for c in datei.suffix if c.isalnum() or c in "._-")[:16]


GEPRUEFT = "geprueft: true"
"""What a person writes to an Anlage once they have checked a file vorlagen cannot search."""


def _public_file_problems(vorlage: LoadedVorlage, index: int, anlage: Anlage, data: bytes,
                          nichtoeffentlich: tuple[tuple[str, str], ...]) -> list[Problem]:
    """Why an Anlage file may not be published: it holds a nichtöffentliche text, or
    vorlagen cannot search it (an image, an archive, another type, a scanned page, a file
    it cannot read) and no person has marked it as checked (``geprueft: true``)."""
    if not nichtoeffentlich or anlage.datei is None:
        return []  # nothing is marked nichtöffentlich: there is nothing to look for
    where = f"anlagen[{index}].datei"
    line = vorlage.zeile(where, 1)
    name = anlage.datei.name
    try:
        text = file_text(name, data)
    except NotSearchable as error:
        if not anlage.geprueft:
            return [_unchecked(f"{name} {error}", nichtoeffentlich, where, line)]
        text = error.text  # what can be read of it is searched all the same
    except ValueError as error:
        if not anlage.geprueft:
            return [_unchecked(f"{name}: {error}; so lässt sich nicht prüfen, was darin "
                               "steht", nichtoeffentlich, where, line)]
        text = ""
    problem = _leaking(name, text, nichtoeffentlich, where, (
        "; die Anlage als nichtoeffentlich markieren oder die Angabe aus der Datei nehmen"
        + (f" („{GEPRUEFT}“ ändert daran nichts: die Datei wurde durchsucht)"
           if anlage.geprueft else "")), line)
    return [] if problem is None else [problem]


def _unchecked(reason: str, nichtoeffentlich: tuple[tuple[str, str], ...], where: str,
               line: int | None) -> Problem:
    """The Problem of an Anlage file vorlagen cannot search and no person has checked:
    ``reason`` says why, the rest how to publish it."""
    plugins = ", ".join(sorted({plugin for _, plugin in nichtoeffentlich}))
    return Problem(where, (
        f"{reason}. Ungeprüft wird die Datei nicht veröffentlicht: eine Person muss sie "
        f"auf nichtöffentliche Angaben (Plugin {plugins}) durchsehen und dann bei dieser "
        f"Anlage „{GEPRUEFT}“ eintragen (im Formular bei „Von einer Person geprüft“ „ja“ "
        "wählen); steht etwas Nichtöffentliches darin, die Anlage stattdessen "
        "„nichtoeffentlich: true“ markieren"), line)


@dataclass(frozen=True, slots=True)
class Destination:
    """What writing a paper's files needs of its Vorlage: where messages point, the
    stem of its names, its input files. Plain data, so that a batch on several
    processes can hand it to the one that writes."""

    quelle: str
    stem: str
    inputs: dict[Path, str]


def destination(vorlage: LoadedVorlage) -> Destination:
    """What writing the files of ``vorlage`` needs of it."""
    return Destination(vorlage.quelle, output_stem(vorlage), _inputs(vorlage))


def write_folder(
    target: Destination,
    folder: str | Path,
    files: Sequence[tuple[str, bytes]],
    *,
    design: Path | None = None,
    oeffentlich: bool = False,
    keep: Collection[Path] = (),
    protect: Collection[Path] = (),
    placed: Callable[[], None] | None = None,
) -> list[Path]:
    """Write a paper's ``files`` into ``folder`` (``Builder.write``); ``placed`` as
    ``write_all_atomic`` calls it."""
    outputs = [(Path(folder) / name, data) for name, data in files]
    inputs = dict(target.inputs)
    templates = design or standard_design()
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
            which = {"template": "eine Design-Datei (--design)",
                     "run": "eine Eingabedatei einer Vorlage dieses Laufs"}.get(
                         inputs[resolved], "eine Eingabedatei der Vorlage")
            raise InputError(target.quelle, [Problem(
                "", f"{path} ist {which} und wird nicht überschrieben")])
        if resolved in keep:
            raise InputError(target.quelle, [Problem(
                "drucksachen_nr", f"{path} wurde in diesem Lauf schon von einer anderen "
                                  "Vorlage geschrieben (gleiche Drucksachen-Nr.?)")])
        checked.append((path, data))
    stale = _stale(Path(folder), target.stem + OEFFENTLICH_SUFFIX,
                   {path.name for path, _ in outputs}) if oeffentlich else []
    write_all_atomic(checked, remove=stale, placed=placed)
    return [path for path, _ in outputs]


def _stale(folder: Path, stem: str, written: set[str]) -> list[Path]:
    """The files of an earlier version for publication of the same paper that this one
    no longer has (an Anlage since marked nichtöffentlich): they leave with the old set,
    so that the folder holds this version's public set and nothing else under its
    names."""
    pattern = re.compile(rf"{re.escape(stem)}(_Anlage_\d+)?\.[A-Za-z0-9._-]+")
    try:
        return [path for path in sorted(folder.iterdir()) if path.name not in written
                and pattern.fullmatch(path.name) and path.is_file()]
    except FileNotFoundError:
        return []
    except OSError as error:
        raise OutputError(folder, error) from None


def _inputs(vorlage: LoadedVorlage) -> dict[Path, str]:
    """The files a Vorlage was made from, resolved, with what each is."""
    found: dict[Path, str] = {}
    source = Path(vorlage.quelle)
    if source.is_file():
        found[source.resolve()] = "vorlage"
    for anlage in vorlage.anlagen:
        if anlage.datei is not None:
            found[anlage.datei.resolve()] = "anlage"  # resolved against ordner already
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


def output_stem(vorlage: Vorlage | LoadedVorlage) -> str:
    """A file name stem from the Drucksachen-Nr.: ``2018/077`` gives ``2018-077``."""
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in vorlage.drucksachen_nr)
    return safe.strip(".-") or "vorlage"


def _read_anlage(vorlage: LoadedVorlage, index: int, datei: Path) -> bytes:
    """An Anlage file's bytes, read only from where the Vorlage may name files."""
    try:
        return vorlage.datei(datei).read_bytes()
    except ValueError as error:
        raise InputError(vorlage.quelle, [Problem(f"anlagen[{index}].datei", str(error))]
                         ) from None
    except OSError as error:
        raise InputError(vorlage.quelle, [Problem(
            f"anlagen[{index}].datei", f"{datei}: {os_reason(error)}")]) from None

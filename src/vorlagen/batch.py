"""Rendering several Vorlagen in one run: every valid one is written, every invalid one
reported with its reason, and the run fails if any did.

An Amt renders the papers of a Sitzung together; one bad file must not stop the others,
and none may be left half written.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, ExitStack, nullcontext
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from vorlagen.errors import InputError, Problem, VorlagenError
from vorlagen.readfile import SUFFIXES

if TYPE_CHECKING:
    from vorlagen.builder import Destination, Options, Planned

VORLAGE_NAMES = tuple(f"vorlage{suffix}" for suffix in SUFFIXES)
"""The file names that count as a Vorlage when a folder is given."""


@dataclass
class Outcome:
    """What a batch did: the files written, and each failed Vorlage with its error."""

    written: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, VorlagenError]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """The highest exit status of the failures (2 input, 3 plugin), 0 if none."""
        return max((error.exit_code for _, error in self.failed), default=0)


def vorlage_files(arguments: Iterable[Path]) -> list[Path]:
    """The Vorlagen the arguments name: files as given, folders searched for
    ``vorlage.yaml`` (and .yml, .json, .toml), in a stable order."""
    found: list[Path] = []
    for argument in arguments:
        if argument.is_dir():
            found += sorted(path for path in argument.rglob("vorlage.*")
                            if path.name in VORLAGE_NAMES and path.is_file())
        else:
            found.append(argument)
    return list(dict.fromkeys(found))


def run_inputs(vorlagen: Iterable[Path]) -> frozenset[Path]:
    """Every file the Vorlagen of a run are made from, resolved: the Vorlage files and
    each file a value of theirs names (an Anlage, a plugin's data, a Hausformat). Read from
    the files as they are, before any is rendered, so that no paper of the run
    overwrites another's input, whatever its Drucksachen-Nr. says."""
    from vorlagen.readfile import read_file, texts_in

    found: set[Path] = set()
    for path in vorlagen:
        if not path.is_file():
            continue
        found.add(path.resolve())
        try:
            data = read_file(path).data
        except VorlagenError:
            continue
        for value in texts_in(data):
            if 0 < len(value) < 4096 and "\n" not in value:
                candidate = path.parent / value
                try:
                    if candidate.is_file():
                        found.add(candidate.resolve())
                except (OSError, ValueError):
                    continue
    return frozenset(found)


def _each(arguments: Sequence[Path] | list[Path], work: Callable[[Path], list[Path]],
          report: Callable[[str], None], done: str,
          after: Callable[[], list[tuple[Path, list[Path] | VorlagenError]]] | None = None,
          tick: Callable[[], None] | None = None, files: list[Path] | None = None
          ) -> Outcome:
    """``work`` for each Vorlage the arguments name (or of ``files``); a failure is
    reported and the next one taken; ``tick`` is called after each. ``after`` finishes
    what ``work`` left for all Vorlagen at once, with each one's files or error. ``done``
    says in the summary what happened to the valid ones; the summary gives the time."""
    started = time.monotonic()
    outcome = Outcome()
    files = vorlage_files(arguments) if files is None else files
    if not files:
        shown = ", ".join(str(argument) for argument in arguments)
        error = InputError(shown, [Problem("", "keine Vorlage gefunden (vorlage.yaml)")])
        report(f"vorlagen: {error}")
        outcome.failed.append((Path(shown), error))
        return outcome
    for path in files:
        try:
            outcome.written += work(path)
        except VorlagenError as error:
            report(f"vorlagen: {error}")
            outcome.failed.append((path, error))
        if tick is not None:
            tick()
    for path, result in after() if after is not None else ():
        if isinstance(result, VorlagenError):
            report(f"vorlagen: {result}")
            outcome.failed.append((path, result))
        else:
            outcome.written += result
    if len(files) > 1:
        seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
        report(f"vorlagen: {len(files) - len(outcome.failed)} von {len(files)} Vorlagen "
               f"{done}" + (f", {len(outcome.failed)} fehlerhaft" if outcome.failed else "")
               + f", in {seconds} s")
    return outcome


Progress = Callable[[int], AbstractContextManager[Callable[[], None]]]
"""Given the number of Vorlagen, a context in which a call marks one as done (a
progress bar); the command line's shows on a terminal only."""


def render_all(
    arguments: Sequence[Path],
    outdir: Path | None,
    formats: Sequence[str],
    design: Path | None,
    *,
    echo: Callable[[str], None],
    report: Callable[[str], None],
    allow_outside: bool = False,
    oeffentlich: bool = False,
    hausformat: str | None = None,
    workers: int = 1,
    progress: Progress | None = None,
    start_method: str | None = None,
) -> Outcome:
    """Render each Vorlage the arguments name into ``outdir`` (or its own folder), in
    the Hausformat ``hausformat`` if given (else each Vorlage's own).

    With ``workers`` above 1 the papers are made on that many processes at once
    (started the platform's way, or by ``start_method``: ``"spawn"``, ``"fork"``...)
    and written by this one, in the order of the arguments, so that the same checks hold
    (no output over an input, nor over what another paper of the run wrote). PDFs are
    converted by this one at the end, those of all papers together: LibreOffice
    converts many at once.
    """
    from vorlagen.builder import Builder, Options
    from vorlagen.files import recover

    options = Options(formats=tuple(formats), design=design,
                      hausformat=hausformat, oeffentlich=oeffentlich,
                      allow_outside=allow_outside)
    builder = Builder(options)
    files = vorlage_files(arguments)
    waiting: list[tuple[Path, Planned]] = []
    protected = False

    def write(path: Path, target: Destination, design: Path | None,
              made: list[tuple[str, bytes]]) -> list[Path]:
        nonlocal protected
        if not protected:  # read when the first file is written (nothing of the run is
            # written before), so that the workers are already making papers meanwhile
            builder.protect = run_inputs(files)
            protected = True
        paths = builder.write(target, outdir or path.parent, made, design=design)
        for written in paths:
            echo(str(written))
        return paths

    def planned_or_written(path: Path, planned: Planned | _Made) -> list[Path]:
        if isinstance(planned, _Made):
            return write(path, *planned)
        if planned.waiting:  # a PDF: converted with all the others of the run, at the end
            waiting.append((path, planned))
            return []
        result = builder.finish([planned])[0]
        if isinstance(result, VorlagenError):
            raise result
        return write(path, planned.destination, planned.design, result)

    def render(path: Path) -> list[Path]:
        return planned_or_written(path, builder.plan(builder.load(path)))

    def convert_waiting() -> list[tuple[Path, list[Path] | VorlagenError]]:
        done: list[tuple[Path, list[Path] | VorlagenError]] = []
        try:
            results = builder.finish([planned for _, planned in waiting])
        except VorlagenError as error:  # LibreOffice missing: no PDF for any of them
            return [(path, error) for path, _ in waiting]
        for (path, planned), result in zip(waiting, results, strict=True):
            try:
                if isinstance(result, VorlagenError):
                    raise result
                done.append((path, write(path, planned.destination, planned.design,
                                         result)))
            except VorlagenError as error:
                done.append((path, error))
        return done

    for folder in dict.fromkeys([outdir] if outdir else [path.parent for path in files]):
        for repaired in recover(folder):
            report(f"vorlagen: {repaired}")
    parallel = workers > 1 and len(files) > 1
    try:
        with (progress(len(files)) if progress else nullcontext(None)) as tick, \
                ExitStack() as stack:
            if not parallel:
                return _each(arguments, render, report, "geschrieben", convert_waiting,
                             tick=tick, files=files)
            before = set(multiprocessing.active_children())
            pool = stack.enter_context(ProcessPoolExecutor(
                min(workers, len(files)), mp_context=get_context(start_method),
                initializer=_start_worker, initargs=(_parent_of_workers(start_method),)))
            made = {path: pool.submit(_made_in_worker, path, options) for path in files}

            def collect(path: Path) -> list[Path]:
                result = made[path].result()
                if isinstance(result, _Failure):
                    raise result.error()
                return planned_or_written(path, result)

            try:
                return _each(arguments, collect, report, "geschrieben", convert_waiting,
                             tick=tick, files=files)
            except BaseException:
                _stop_workers(pool, before)
                raise
    except (KeyboardInterrupt, SystemExit):  # Ctrl+C, SIGTERM: say what stands
        papers = len(set(builder.written.values()))
        report(f"vorlagen: {papers} von {len(files)} Vorlagen geschrieben, dann "
               "abgebrochen; jede übrige ganz oder gar nicht (ihre älteren Dateien dann "
               "unverändert)")
        raise


def _start_worker(parent: int | None) -> None:
    """A worker leaves stopping to the process that started it: Ctrl+C in a terminal
    reaches the whole process group, and that process ends its workers itself. A worker
    writes no file, so ending it leaves nothing half written. Where that process is
    killed outright (SIGKILL gives it no chance to end its workers), the worker ends with
    it instead of waiting for work for ever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _end_with(parent)


def _parent_of_workers(start_method: str | None) -> int | None:
    """The process a worker's parent is: this one where it forks or spawns them, None
    where a fork server does (which ends with this process and its workers with it)."""
    method = start_method or multiprocessing.get_start_method(allow_none=False)
    return None if method == "forkserver" else os.getpid()


_PR_SET_PDEATHSIG = 1
"""prctl(2): the signal the kernel sends this process when its parent ends."""


def _end_with(parent: int | None) -> None:
    """Linux: have the kernel end this process (SIGKILL) when its parent ends, and end
    it now if that parent ended already (its parent is another one then). Elsewhere
    nothing: there the pool's pipes tell its workers."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:  # it ended before the kernel knew
        os._exit(1)


def _stop_workers(pool: ProcessPoolExecutor,
                  before: set[multiprocessing.process.BaseProcess]) -> None:
    """Cancel the papers not yet begun and end the workers at once, rather than waiting
    for the papers they are making: the run was stopped, their work is not wanted. The
    workers are the children this process started since ``before``."""
    pool.shutdown(wait=False, cancel_futures=True)
    workers = set(multiprocessing.active_children()) - before
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join()


class _Made(NamedTuple):
    """A paper a worker made and checked: what ``Builder.write`` needs, as plain data."""

    destination: Destination
    design: Path | None
    files: list[tuple[str, bytes]]


@dataclass(frozen=True)
class _Failure:
    """A worker's VorlagenError as plain data: its message and exit status."""

    message: str
    exit_code: int

    def error(self) -> VorlagenError:
        failure = VorlagenError(self.message)
        failure.exit_code = self.exit_code
        return failure


def _made_in_worker(path: Path, options: Options) -> Planned | _Made | _Failure:
    """One paper made on a worker process by its own Builder, or its failure, as plain
    data: its files, or, with a batch writer's format (PDF), its plan, which the
    process that started the worker finishes together with the others."""
    from vorlagen.builder import worker_builder

    builder = worker_builder(options)
    try:
        planned = builder.plan(builder.load(path))
        if planned.waiting:
            return planned
        result = builder.finish([planned])[0]
        if isinstance(result, VorlagenError):
            raise result
        return _Made(planned.destination, planned.design, result)
    except VorlagenError as error:
        return _Failure(str(error), error.exit_code)


def validate_all(
    arguments: Sequence[Path],
    *,
    echo: Callable[[str], None],
    report: Callable[[str], None],
    allow_outside: bool = False,
    hausformat: str | None = None,
) -> Outcome:
    """Check each Vorlage the arguments name as rendering would (plugin data, text
    variables, Markdown), writing nothing; a set of files a killed run left half
    written in a Vorlage's folder is named (``render`` completes it)."""
    from vorlagen.builder import Builder, Options
    from vorlagen.files import unfinished

    builder = Builder(Options(hausformat=hausformat, allow_outside=allow_outside))
    files = vorlage_files(arguments)
    for folder in dict.fromkeys(path.parent for path in files):
        for work in unfinished(folder):
            report(f"vorlagen: Hinweis: {work}: ein abgebrochener Lauf hat hier Dateien "
                   "nicht fertig geschrieben; 'vorlagen render' in diesen Ordner "
                   "vervollständigt sie (oder stellt die alten wieder her)")

    def check(path: Path) -> list[Path]:
        vorlage = builder.load(path)
        builder.validate(vorlage)
        echo(f"{path}: gültig ({vorlage.art} {vorlage.drucksachen_nr})")
        return []

    return _each(arguments, check, report, "gültig", files=files)

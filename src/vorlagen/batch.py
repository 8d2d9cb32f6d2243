"""Rendering several Vorlagen in one run: every valid one is written, every invalid one
reported with its reason, and the run fails if any did.

An Amt renders the papers of a Sitzung together; one bad file must not stop the others,
and none may be left half written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vorlagen.errors import InputError, Problem, VorlagenError
from vorlagen.load import SUFFIXES

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
    each file a value of theirs names (an Anlage, a plugin's data, a layout). Read from
    the files as they are, before any is rendered, so that no paper of the run
    overwrites another's input, whatever its Drucksachen-Nr. says."""
    from vorlagen.load import read_file

    found: set[Path] = set()
    for path in vorlagen:
        if not path.is_file():
            continue
        found.add(path.resolve())
        try:
            data = read_file(path).data
        except VorlagenError:
            continue
        stack = [data]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                stack.extend(value.values())
            elif isinstance(value, list):
                stack.extend(value)
            elif isinstance(value, str) and 0 < len(value) < 4096 and "\n" not in value:
                candidate = path.parent / value
                try:
                    if candidate.is_file():
                        found.add(candidate.resolve())
                except (OSError, ValueError):
                    continue
    return frozenset(found)


def _each(arguments: Sequence[Path], work: Callable[[Path], list[Path]],
          report: Callable[[str], None], done: str,
          after: Callable[[], list[tuple[Path, list[Path] | VorlagenError]]] | None = None
          ) -> Outcome:
    """``work`` for each Vorlage the arguments name; a failure is reported and the next
    one taken. ``after`` finishes what ``work`` left for all Vorlagen at once, with each
    one's files or error. ``done`` says in the summary what happened to the valid ones."""
    outcome = Outcome()
    files = vorlage_files(arguments)
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
    for path, result in after() if after is not None else ():
        if isinstance(result, VorlagenError):
            report(f"vorlagen: {result}")
            outcome.failed.append((path, result))
        else:
            outcome.written += result
    if len(files) > 1:
        report(f"vorlagen: {len(files) - len(outcome.failed)} von {len(files)} Vorlagen "
               f"{done}" + (f", {len(outcome.failed)} fehlerhaft" if outcome.failed else ""))
    return outcome


def render_all(
    arguments: Sequence[Path],
    outdir: Path | None,
    formats: Sequence[str],
    template_dir: Path | None,
    *,
    echo: Callable[[str], None],
    report: Callable[[str], None],
    allow_outside: bool = False,
    oeffentlich: bool = False,
    layout: str | None = None,
) -> Outcome:
    """Render each Vorlage the arguments name into ``outdir`` (or its own folder), in
    the Hausformat ``layout`` if given (else each Vorlage's own)."""
    from vorlagen.load import load_vorlage
    from vorlagen.plugins import plugin_manager
    from vorlagen.render import Planned, finish, plan_files, write_folder

    manager = plugin_manager()
    written_by: dict[Path, Path] = {}
    inputs = run_inputs(vorlage_files(arguments))
    waiting: list[tuple[Path, Planned]] = []

    def write(path: Path, planned: Planned, files: list[tuple[str, bytes]]) -> list[Path]:
        paths = write_folder(planned.vorlage, outdir or path.parent, files,
                             template_dir=planned.template_dir, keep=written_by.keys(),
                             oeffentlich=oeffentlich, protect=inputs)
        for written in paths:
            written_by[written.resolve()] = path
            echo(str(written))
        return paths

    def render(path: Path) -> list[Path]:
        vorlage = load_vorlage(path, plugins=manager, allow_outside=allow_outside,
                               layout=layout)
        planned = plan_files(vorlage, formats, template_dir=template_dir, plugins=manager,
                             oeffentlich=oeffentlich)
        if planned.waiting:  # a PDF: converted with all the others of the run, at the end
            waiting.append((path, planned))
            return []
        result = finish([planned])[0]
        if isinstance(result, VorlagenError):
            raise result
        return write(path, planned, result)

    def convert_waiting() -> list[tuple[Path, list[Path] | VorlagenError]]:
        done: list[tuple[Path, list[Path] | VorlagenError]] = []
        try:
            results = finish([planned for _, planned in waiting])
        except VorlagenError as error:  # LibreOffice missing: no PDF for any of them
            return [(path, error) for path, _ in waiting]
        for (path, planned), result in zip(waiting, results, strict=True):
            try:
                if isinstance(result, VorlagenError):
                    raise result
                done.append((path, write(path, planned, result)))
            except VorlagenError as error:
                done.append((path, error))
        return done

    return _each(arguments, render, report, "geschrieben", convert_waiting)


def validate_all(
    arguments: Sequence[Path],
    *,
    echo: Callable[[str], None],
    report: Callable[[str], None],
    allow_outside: bool = False,
    layout: str | None = None,
) -> Outcome:
    """Check each Vorlage the arguments name as rendering would (plugin data, text
    variables, Markdown), writing nothing."""
    from vorlagen.load import load_vorlage
    from vorlagen.paper import build
    from vorlagen.plugins import plugin_manager

    manager = plugin_manager()

    def check(path: Path) -> list[Path]:
        vorlage = load_vorlage(path, plugins=manager, allow_outside=allow_outside,
                               layout=layout)
        build(vorlage, manager)
        echo(f"{path}: gültig ({vorlage.art} {vorlage.drucksachen_nr})")
        return []

    return _each(arguments, check, report, "gültig")

"""Errors a user can meet, each with its exit status and a message that names the cause.

Messages are German, because the people who read them write German Vorlagen.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

_REASONS = {
    errno.ENOENT: "Datei oder Ordner nicht gefunden",
    errno.EACCES: "keine Berechtigung",
    errno.EPERM: "keine Berechtigung",
    errno.EISDIR: "ist ein Ordner, keine Datei",
    errno.ENOTDIR: "ein Teil des Pfads ist kein Ordner",
    errno.ENOSPC: "kein Platz mehr auf dem Datenträger",
    errno.EDQUOT: "das Speicherkontingent ist erschöpft",
    errno.EROFS: "der Datenträger ist schreibgeschützt",
    errno.ENAMETOOLONG: "der Name ist zu lang",
    errno.ELOOP: "zu viele symbolische Links (eine Schleife?)",
    errno.EEXIST: "gibt es schon",
    errno.EBUSY: "wird gerade benutzt",
    errno.ETXTBSY: "wird gerade benutzt",
    errno.EMFILE: "zu viele offene Dateien",
    errno.ENFILE: "zu viele offene Dateien",
    errno.EIO: "Ein-/Ausgabefehler des Datenträgers",
    errno.EXDEV: "liegt auf einem anderen Datenträger",
    errno.ENOEXEC: "ist kein ausführbares Programm",
    errno.EADDRINUSE: "wird schon von einem anderen Programm benutzt",
    errno.EADDRNOTAVAIL: "die Adresse gibt es auf diesem Rechner nicht",
}


def os_reason(error: OSError) -> str:
    """Why the operating system refused, in German: its own text (``strerror``) is
    English, or in the language of the machine's locale, never the user's for sure."""
    if error.errno in _REASONS:
        return _REASONS[error.errno]
    if error.errno is not None:
        return f"Fehler des Betriebssystems ({errno.errorcode.get(error.errno, error.errno)})"
    return "Fehler des Betriebssystems"


class Hinweis(UserWarning):
    """Something a user should look at that stops nothing, e.g. a Sitzungstermin that is
    no meeting of its Gremium in the RIS: a warning whose German message names the file
    and line; the command line says it as ``vorlagen: Hinweis: ...``."""

    def __init__(self, quelle: str, problem: Problem) -> None:
        where = f"{quelle}, Zeile {problem.line}" if problem.line else quelle
        field = f"{problem.field}: " if problem.field else ""
        super().__init__(f"{where}: {field}{problem.message}")
        self.quelle = quelle
        self.problem = problem
        """What and where, as the form shows it at its field."""

    def __reduce__(self) -> tuple[type[Hinweis], tuple[str, Problem]]:
        return type(self), (self.quelle, self.problem)


class VorlagenError(Exception):
    """Base of every error that is the user's to fix, not a bug of ours."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in an input file."""

    field: str
    """Where in the file, e.g. ``beratungsfolge[1].sitzungstermine[0]``; "" for the whole."""
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = [f"Zeile {self.line}"] if self.line else []
        if self.field:
            where.append(self.field)
        return f"{', '.join(where)}: {self.message}" if where else self.message


def in_line_order(found: list[Problem]) -> list[Problem]:
    """Problems sorted by their line; those without one (a field that is missing
    altogether) last, in the order found."""
    return sorted(found, key=lambda problem: (problem.line is None, problem.line or 0))


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a file names the file an error is about: the Vorlage's line that names
    its data file (``plugins.massnahmen.datei``)."""

    source: str
    field: str
    line: int | None = None

    def __str__(self) -> str:
        where = [f"Zeile {self.line}"] if self.line else []
        return ", ".join([f"genannt in {self.source}", *where, self.field])


class InputError(VorlagenError):
    """An input file (Vorlage, data, template) that cannot be used as it is; a data
    file says where the Vorlage names it (``mention``)."""

    exit_code = 2

    def __init__(self, source: str, problems: list[Problem], *,
                 mention: Mention | None = None) -> None:
        self.source = source
        self.problems = problems
        self.mention = mention
        super().__init__(self._text())

    def _text(self) -> str:
        source = f"{self.source} ({self.mention})" if self.mention else self.source
        if len(self.problems) == 1:
            return f"Fehler in {source}: {self.problems[0]}"
        lines = [f"{len(self.problems)} Fehler in {source}:"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)

    def mentioned(self, mention: Mention) -> InputError:
        """This error, saying where ``mention`` names its file."""
        return InputError(self.source, self.problems, mention=mention)

    def as_problems_of_mention(self) -> list[Problem]:
        """Its problems as problems of the file that mentions this one, at the line that
        names it (to be listed with that file's own)."""
        if self.mention is None:
            return self.problems
        return [Problem(self.mention.field, f"{self.source}: {problem}", self.mention.line)
                for problem in self.problems]


class InputErrors(InputError):
    """The problems of several input files found at once (a Hausformat file and the
    Hausformat it builds on), each listed under its own file."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors
        super().__init__(errors[0].source, [problem for error in errors
                                            for problem in error.problems])

    def _text(self) -> str:
        return "\n".join(str(error) for error in self.errors)


def input_error(found: dict[str, list[Problem]]) -> InputError | None:
    """One error of the problems found in each file, in line order; None if none."""
    errors = [InputError(source, in_line_order(problems))
              for source, problems in found.items() if problems]
    if not errors:
        return None
    return errors[0] if len(errors) == 1 else InputErrors(errors)


class OutputError(VorlagenError):
    """An output file that cannot be written (no permission, no space, not a folder)."""

    exit_code = 2

    def __init__(self, path: Path, cause: OSError) -> None:
        self.path = path
        super().__init__(f"Kann {path} nicht schreiben: {os_reason(cause)}")


class PluginError(VorlagenError):
    """A plugin raised an exception while it was called."""

    exit_code = 3

    def __init__(self, plugin: str, hook: str, cause: BaseException,
                 *, text: str | None = None) -> None:
        self.plugin = plugin
        self.hook = hook
        if text is not None:  # a plugin that cannot be set up, rather than one that failed
            super().__init__(f"Plugin {plugin!r}: {text}")
            return
        super().__init__(
            f"Plugin {plugin!r} ist im Hook {hook} fehlgeschlagen: "
            f"{type(cause).__name__}: {cause}"
        )

"""The form's checks: exactly what ``vorlagen validate`` does, on what the form holds.

``vorlagen validate`` loads a Vorlage (``load_vorlage``) and builds its paper
(``paper.build``: plugin data, text variables, Markdown). The form does the same with its
data, so the user gets the same German messages; each is shown at the control its field
path names, or at the nearest one above it. What ``validate`` only warns of (a
``Hinweis``: a Sitzungstermin that is no meeting of its Gremium in the RIS) is caught
here, not printed to the server's terminal, and shown the same way, as a Hinweis.
"""

from __future__ import annotations

import dataclasses
import threading
import warnings
from pathlib import Path
from typing import Any

import pluggy

from vorlagen.builder import Builder
from vorlagen.errors import Hinweis, InputError, VorlagenError
from vorlagen.loaded import LoadedVorlage
from vorlagen.serve.fields import PAIR, Field, Path_, split
from vorlagen.serve.wording import for_form


@dataclasses.dataclass
class Finding:
    """One message of the check, where it belongs."""

    field_path: str
    """The field path (``beratungsfolge[1].gremium``), "" for the Vorlage as a whole."""
    text: str
    file: str = ""
    """The data file it concerns, if not the Vorlage (an Excel list of a plugin)."""
    control: str | None = None
    """The id of the control it is shown at (None: only in the summary)."""
    place: str = ""
    """Where that control is, by the labels the user sees (``Beratungsfolge, Beratung 3,
    Gremium``)."""
    hint: bool = False
    """A Hinweis: something to look at that stops nothing (the Vorlage stays valid)."""

    @property
    def line(self) -> str:
        where = ", ".join(part for part in (self.file, self.field_path) if part)
        return f"{where}: {self.text}" if where else self.text


@dataclasses.dataclass
class Outcome:
    findings: list[Finding] = dataclasses.field(default_factory=list)
    vorlage: LoadedVorlage | None = None

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.hint]

    @property
    def hints(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.hint]

    @property
    def valid(self) -> bool:
        return not self.errors


_WARNINGS = threading.Lock()
"""``warnings.catch_warnings`` changes the interpreter's warning state: one check at a
time records its warnings (the list's checking threads and the requests)."""



def check(data: dict[str, Any], path: Path, manager: pluggy.PluginManager) -> Outcome:
    """Check ``data`` as the Vorlage file ``path`` would be checked by ``validate``; each
    ``Hinweis`` it warns of is a finding with ``hint`` set (and not printed)."""
    with _WARNINGS, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", Hinweis)
        outcome = _check(data, path, manager)
    seen: set[str] = set()
    for warning in caught:
        hinweis = warning.message
        if not isinstance(hinweis, Hinweis):  # not ours: said as before
            warnings.warn_explicit(warning.message, warning.category, warning.filename,
                                   warning.lineno, source=warning.source)
            continue
        if str(hinweis) in seen:
            continue
        seen.add(str(hinweis))
        outcome.findings.append(Finding(hinweis.problem.field,
                                        for_form(hinweis.problem.message), hint=True))
    return outcome


def _check(data: dict[str, Any], path: Path, manager: pluggy.PluginManager) -> Outcome:
    try:
        builder = Builder(plugins=manager)
        vorlage = builder.load(data, base_dir=path.parent)
        builder.paper(vorlage)
    except InputError as error:
        if error.source in ("<dict>", str(path)):
            return Outcome([Finding(problem.field, for_form(problem.message))
                             for problem in error.problems])
        return Outcome([Finding("", for_form(str(problem)), file=Path(error.source).name)
                         for problem in error.problems])
    except VorlagenError as error:
        return Outcome([Finding("", for_form(str(error)))])
    return Outcome(vorlage=vorlage)


def assign(outcome: Outcome, fields: list[Field]) -> None:
    """Put each message at its control (``Field.errors``, ``Finding.control``)."""
    by_path: dict[Path_, Field] = {}
    for top in fields:
        for field in top.walk():
            by_path[field.path] = field
            if len(field.path) >= 2 and str(field.path[-1]).startswith(PAIR):
                # a row of a mapping with free keys: its messages name the key
                name = next((child.value for child in field.children
                             if child.path[-1] == "name"), "")
                value_field = next((child for child in field.children
                                    if child.path[-1] == "wert"), field)
                if name:
                    by_path[(*field.path[:-1], name)] = value_field
    files = {Path(field.value).name: field for field in by_path.values()
             if field.kind == "file" and field.value}
    for finding in outcome.findings:
        if finding.file in files:
            (files[finding.file].hints if finding.hint else files[finding.file].errors
             ).append(f"{finding.file}: {finding.text}")
            finding.control = files[finding.file].id
            continue
        path = split(finding.field_path)
        while path and path not in by_path:
            path = path[:-1]
        target = by_path.get(path) if path else None
        if target is not None:
            (target.hints if finding.hint else target.errors).append(finding.text)
            finding.control = target.id
            finding.place = ", ".join(by_path[path[:end]].label
                                      for end in range(1, len(path) + 1)
                                      if path[:end] in by_path)

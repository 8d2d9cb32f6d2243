"""The list page's papers: each Vorlage file's summary (Drucksachen-Nr., Titel, Art, Datum,
Hausformat) and whether it is valid, sorted and filtered as the page asks.

Every file is read and checked once per version (its ``mtime_ns`` and size): the page
reads only what changed. The check (``serve.checks.check``, what ``vorlagen validate``
does) runs in background threads; the page waits for it at most ``CHECK_BUDGET`` seconds
and shows a check still under way as such, so a file that takes long, or fails in any way,
never keeps the list from being shown.
"""

from __future__ import annotations

import os
import queue
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pluggy

from vorlagen.errors import InputError, VorlagenError, os_reason
from vorlagen.hausformate import STANDARD, nearest
from vorlagen.model import HAUSFORMAT_KEYS, parse_date
from vorlagen.readfile import read_file
from vorlagen.serve import drafts
from vorlagen.serve.checks import check

CHECK_BUDGET = 1.0
"""Seconds the page waits for the checks of files new or changed since it was last drawn."""
WORKERS = 2
"""Threads that check files: one check that hangs leaves the other going."""
IDLE = 30.0
"""Seconds a checking thread waits for work before it ends (a new one starts when needed)."""

COLUMNS = {
    "nummer": "Drucksachen-Nr.",
    "titel": "Titel",
    "art": "Art",
    "datum": "Datum",
    "hausformat": "Hausformat",
    "gueltig": "Prüfung",
}
"""The table's columns: the value of ``?sortierung=`` and the header the page shows."""
DIRECTIONS = ("auf", "ab")
"""``?richtung=``: ascending, descending."""


@dataclass(frozen=True)
class Paper:
    """One Vorlage file as the list shows it."""

    file: str
    """Its path, relative to the served folder (with ``/``)."""
    number: str = ""
    title: str = ""
    kind: str = ""
    dated: date | None = None
    date_text: str = ""
    """The date as the page shows it (TT.MM.JJJJ), or as written where it is no date."""
    hausformat: str = ""
    broken: str = ""
    """Why the file cannot be read (its syntax, its encoding), "" where it can."""
    errors: int | None = None
    """How many messages the check gives; None while it is under way."""
    unchecked: str = ""
    """Why the check gave no answer (it failed), "" otherwise."""
    unsaved: bool = False
    """The form keeps unsaved input for it (a draft beside the file, ``serve.drafts``)."""

    @property
    def state(self) -> str:
        """Whether it is valid, in a word or two."""
        if self.broken:
            return "fehlerhaft"
        if self.unchecked:
            return "nicht geprüft"
        if self.errors is None:
            return "wird geprüft …"
        return "gültig" if self.errors == 0 else f"{self.errors} Fehler"

    @property
    def reason(self) -> str:
        """What is wrong with the file, where the state alone does not say it."""
        return self.broken or self.unchecked

    @property
    def pending(self) -> bool:
        return not self.broken and not self.unchecked and self.errors is None

    @property
    def state_words(self) -> tuple[str, ...]:
        """The words an administrator types to find the papers in this state; a word
        typed finds the state if it begins one of them (so „gültig“ does not find the
        „ungültig“ ones, as it would inside the text)."""
        if self.broken:
            return ("fehlerhaft", "ungültig", "fehler", "unlesbar")
        if self.unchecked:
            return ("nicht", "geprüft", "ungeprüft")
        if self.errors is None:
            return ("wird", "geprüft")
        if self.errors:
            return ("ungültig", "fehler", "fehlerhaft", str(self.errors))
        return ("gültig", "geprüft")

    def sort_values(self) -> dict[str, str]:
        """Each column's value to sort by, as text (the page's script sorts by it too).
        By „Prüfung“ ascending, what needs work comes first: the files that cannot be
        read, then those with the most errors, those not (yet) checked, the valid last."""
        if self.broken:  # (numbers of seven digits: both sorts compare them as numbers)
            rank = 1_000_000
        elif self.errors is None:
            rank = 4_000_000 if self.unchecked else 5_000_000
        else:
            rank = 6_000_000 if self.errors == 0 else 3_000_000 - min(self.errors, 999_999)
        return {"nummer": self.number, "titel": self.title, "art": self.kind,
                "datum": self.dated.isoformat() if self.dated else "",
                "hausformat": self.hausformat, "gueltig": str(rank)}

    def text(self) -> str:
        """Everything the row shows but its state, for the search (``matches``)."""
        return " ".join((self.number, self.title, self.kind, self.date_text, self.hausformat,
                         self.file))

    def matches(self, word: str) -> bool:
        """Whether the search's ``word`` (case folded) is in the row: inside its text, or
        at the start of one of its ``state_words``; a word that is no word for a state
        (``STATE_WORDS``) also inside the reason it is broken (whose „kein gültiges
        JSON“ would have „gültig“ find a file that cannot be read)."""
        if word in self.text().casefold():
            return True
        if any(said.startswith(word) for said in self.state_words):
            return True
        for_state = len(word) >= 3 and any(said.startswith(word) for said in STATE_WORDS)
        return not for_state and word in self.reason.casefold()


STATE_WORDS = ("gültig", "geprüft", "ungültig", "fehler", "fehlerhaft",
               "unlesbar", "nicht", "ungeprüft", "wird")
"""Every word of ``Paper.state_words`` (static/list.js has the same list)."""

Version = tuple[int, int]


class Listing:
    """The summaries of a folder's Vorlage files, each read and checked once per version."""

    def __init__(self, folder: Path, manager: pluggy.PluginManager) -> None:
        self.folder = folder
        self.manager = manager
        self._papers: dict[str, tuple[Version, Paper]] = {}
        self._data: dict[str, tuple[Version, dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self._done = threading.Condition(self._lock)
        self._queue: queue.Queue[tuple[str, Version]] = queue.Queue()
        self._workers: list[threading.Thread] = []
        self._closed = False

    def papers(self, files: Iterable[str], budget: float | None = None) -> list[Paper]:
        """The papers of ``files`` (relative paths), in their order; checks of new or
        changed files are waited for up to ``budget`` seconds (``CHECK_BUDGET``)."""
        names = list(files)
        papers = [self._paper(name) for name in names]
        deadline = time.monotonic() + (CHECK_BUDGET if budget is None else budget)
        with self._done:
            while True:
                papers = [self._papers.get(p.file, (None, p))[1] for p in papers]
                left = deadline - time.monotonic()
                if left <= 0 or not any(p.pending for p in papers):
                    break
                self._done.wait(left)
            for gone in set(self._papers) - set(names):  # bounded by what is listed
                del self._papers[gone]
                self._data.pop(gone, None)
        return [replace(p, unsaved=drafts.read(self.folder / p.file) is not None)
                for p in papers]

    def numbers(self, files: Iterable[str]) -> list[str]:
        """The Drucksachen-Nr. of each of ``files`` that has one, read once per version."""
        return [paper.number for paper in map(self._paper, files) if paper.number]

    def _paper(self, name: str) -> Paper:
        """The file's summary at its current version, read now if it changed; its check
        queued where it has none."""
        path = self.folder / name
        try:
            info = path.stat()
        except OSError as error:
            return Paper(name, broken=f"lässt sich nicht lesen ({os_reason(error)})")
        version = (info.st_mtime_ns, info.st_size)
        with self._lock:
            known = self._papers.get(name)
            if known is not None and known[0] == version:
                return known[1]
        paper, data = _summary(path, name, self.manager)
        with self._lock:
            self._papers[name] = (version, paper)
            if data is not None:
                self._data[name] = (version, data)
                self._start()
                self._queue.put((name, version))
        return paper

    def close(self) -> None:
        """End the checking threads (a check under way is finished first) and wait for
        them: a thread the interpreter's exit cuts off within a check can abort the
        process (Ctrl+C of ``vorlagen serve`` while the list is checked)."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
        for _ in workers:
            self._queue.put(("", (0, 0)))  # wakes a waiting thread at once
        for worker in workers:
            worker.join(timeout=60)

    def _start(self) -> None:
        while len(self._workers) < WORKERS:
            worker = threading.Thread(target=self._work, daemon=True, name="vorlagen-liste")
            worker.start()
            self._workers.append(worker)

    def _work(self) -> None:
        while True:
            try:
                name, version = self._queue.get(timeout=IDLE)
            except queue.Empty:
                with self._lock:  # files are queued under the lock, after _start
                    if self._queue.empty():
                        self._workers.remove(threading.current_thread())
                        return
                continue
            if self._closed:
                return
            with self._lock:
                data = self._data.get(name)
            if data is None or data[0] != version:
                continue  # changed again or no longer listed: its newer version is queued
            try:
                outcome = check(data[1], self.folder / name, self.manager)
                result: dict[str, Any] = {"errors": len(outcome.errors)}
            except Exception:  # any failure: the list still shows, and says so
                result = {"unchecked": "die Prüfung ist an einem Programmfehler gescheitert; "
                                       "das Formular der Vorlage zeigt mehr"}
            with self._done:
                known = self._papers.get(name)
                if known is not None and known[0] == version:
                    self._papers[name] = (version, replace(known[1], **result))
                    self._data.pop(name, None)
                self._done.notify_all()


def _summary(path: Path, name: str, manager: pluggy.PluginManager
             ) -> tuple[Paper, dict[str, Any] | None]:
    """What the list shows of a file before its check, and its data for the check (None
    where it cannot be read)."""
    try:
        data = read_file(path).data
    except InputError as error:
        return _guessed(path, name, "; ".join(str(problem) for problem in error.problems)
                        or str(error)), None
    except (VorlagenError, OSError, ValueError) as error:
        reason = os_reason(error) if isinstance(error, OSError) else str(error)
        return _guessed(path, name, reason), None
    if not isinstance(data, dict):
        return Paper(name, broken="erwartet Felder der Form „Schlüssel: Wert“"), None
    written = data.get("datum")
    try:
        when = parse_date(written)
    except ValueError:
        when = None
    if not isinstance(when, date):
        when = None
    return Paper(
        name, number=_text(data.get("drucksachen_nr")), title=_text(data.get("titel")),
        kind=_text(data.get("art")), dated=when,
        date_text=when.strftime("%d.%m.%Y") if when else _text(written),
        hausformat=_hausformat(data, path)), data


def _guessed(path: Path, name: str, reason: str) -> Paper:
    """A file that cannot be read, with what its lines still tell of it (one line each:
    ``titel: …``, ``"titel": "…"``, ``titel = "…"``) so that it is found in the list."""
    try:
        with path.open(encoding="utf-8", errors="replace") as file:
            head = file.read(256 * 1024)
    except OSError:
        head = ""
    found: dict[str, str] = {}
    for key in ("drucksachen_nr", "titel", "art", "datum", *HAUSFORMAT_KEYS):
        match = re.search(rf'(?m)^\s*"?{key}"?\s*[:=]\s*"?([^"\n]*?)"?\s*,?\s*$', head)
        if match and match.group(1).strip():
            found.setdefault("hausformat" if key in HAUSFORMAT_KEYS else key,
                             " ".join(match.group(1).split()))
    try:
        when = parse_date(found.get("datum"))
    except ValueError:
        when = None
    return Paper(name, number=found.get("drucksachen_nr", ""), title=found.get("titel", ""),
                 kind=found.get("art", ""), dated=when if isinstance(when, date) else None,
                 date_text=found.get("datum", ""),
                 hausformat=found.get("hausformat", ""), broken=reason)


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return " ".join(str(value).split())


def _hausformat(data: dict[str, Any], path: Path) -> str:
    """The Hausformat the file names, else the ``hausformat.yaml`` that applies to its
    folder, else ``standard``."""
    for key in HAUSFORMAT_KEYS:
        if isinstance(data.get(key), str) and data[key].strip():
            return str(data[key]).strip()
    own = nearest(path.parent)
    if own is None:
        return STANDARD
    return f"eigenes ({os.path.relpath(own, path.parent).replace(os.sep, '/')})"


def natural(text: str) -> list[tuple[int, int, str]]:
    """A key that sorts numbers within text by their value ("2025/2" before "2025/10"),
    letters as in a German dictionary (ä as a, ß as ss), case aside."""
    folded = text.casefold()
    for umlaut, plain in (("ä", "a"), ("ö", "o"), ("ü", "u"), ("ß", "ss")):
        folded = folded.replace(umlaut, plain)
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.findall(r"\d+|\D+", folded)]


def arranged(papers: list[Paper], sort: str, direction: str, query: str) -> list[Paper]:
    """``papers`` filtered by every word of ``query`` (in any column) and sorted by the
    column ``sort``; empty values last either way."""
    words = query.casefold().split()
    shown = [paper for paper in papers if all(paper.matches(word) for word in words)]
    if sort not in COLUMNS:
        return shown
    filled = [paper for paper in shown if paper.sort_values()[sort]]
    empty = [paper for paper in shown if not paper.sort_values()[sort]]
    filled.sort(key=lambda paper: (natural(paper.sort_values()[sort]), natural(paper.file)),
                reverse=direction == "ab")
    return filled + empty

"""The check's messages as the form says them: the words of the page, not of the file.

``vorlagen validate`` speaks to someone who edits the file: it names a field by its key
(``beschlussvorschlag``), quotes a value as Python does (``'Hauptausschus'``) and tells
where a Hausformat file could lie. The form shows the same message at the field's
control, so the key is said already; it quotes in German („Hauptausschus“), and for the
Hausformat, which the form offers as a list, says to choose one from it.
"""

from __future__ import annotations

import re
from typing import Any

from vorlagen.serve.fields import LABELS

_QUOTED = re.compile(r"(?<![\w'])'([^'\n]{1,200})'(?![\w'])"
                     r"|(?<![\w\"])\"([^\"\n]{1,200})\"(?![\w\"])")
"""A value quoted as Python shows it (``'x'``, ``"Rat's"``), not an apostrophe inside a
word."""
_FIELD_TO_REMOVE = re.compile(r": das Feld ([\w.\[\]]+) entfernen")
"""``…: das Feld beschlussvorschlag entfernen …``: named by its label on the page."""
_HAUSFORMAT_PATH = re.compile(r" \(bekannt: ([^;)]*); oder der Pfad einer Hausformat-Datei, "
                              r"z\. B\. hausformat\.yaml\)")
"""The unknown Hausformat's list of the known ones, with the way a file names its own."""


def for_form(text: str) -> str:
    """The message ``text`` of the check as the form shows it at its control."""
    text = _FIELD_TO_REMOVE.sub(
        lambda match: f": das Feld „{LABELS.get(match[1], match[1])}“ entfernen", text)
    text = _HAUSFORMAT_PATH.sub(r"; eines aus der Liste wählen (\1)", text)
    text = text.replace("braucht einen beschlussvorschlag", "braucht einen Beschlussvorschlag")
    return _QUOTED.sub(lambda match: f"„{match[1] or match[2]}“", text)


def heading(state: dict[str, Any]) -> str:
    """What the edit page is titled: the paper as its first page names it, its kind,
    Drucksachen-Nr. and Betreff (``Beschlussvorlage 2026/001: Radweg``), so much of it
    as the form holds; ``Vorlage bearbeiten`` where it holds none."""
    def text(key: str) -> str:
        value = state.get(key)
        return " ".join(value.split()) if isinstance(value, str) else ""

    named = " ".join(part for part in (text("art") or "Vorlage", text("drucksachen_nr"))
                     if part)
    titel = text("titel")
    if titel:
        return f"{named}: {titel}"
    return named if named != "Vorlage" else "Vorlage bearbeiten"

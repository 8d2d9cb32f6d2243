"""The sections older Hausformate name (``kopf``, ``beschlussvorschlag``, ...), for a
plugin's ``DocumentType``; the kinds of paper themselves come from the Hausformat
(``vorlagen.hausformat``, the shipped ``standard`` Hausformat by default)."""

from __future__ import annotations

from vorlagen import bausteine
from vorlagen.contributions import Section
from vorlagen.hookspecs import hookimpl


@hookimpl
def vorlagen_sections() -> dict[str, Section]:
    return dict(bausteine.SECTIONS)

"""The three kinds of Sitzungsvorlage and the sections they are made of."""

from __future__ import annotations

from vorlagen import compose
from vorlagen.contributions import DocumentType, Section
from vorlagen.hookspecs import hookimpl

MITTEILUNG = (
    "kopf",
    "beratungsfolge",
    "tagesordnungspunkt",
    "betreff",
    "sachverhalt",
    "finanzielle_auswirkungen",
    "anlagen",
)
"""The layout of a paper that informs: no Beschlussvorschlag."""

BESCHLUSS = (*MITTEILUNG[:4], "beschlussvorschlag", *MITTEILUNG[4:])
"""The layout of a paper that asks for a decision: the proposal before the reasons."""


@hookimpl
def vorlagen_document_types() -> list[DocumentType]:
    return [
        DocumentType("Mitteilungsvorlage", MITTEILUNG),
        DocumentType("Beschlussvorlage", BESCHLUSS, beschlussvorschlag=True),
        DocumentType("Informationsvorlage", MITTEILUNG),
    ]


@hookimpl
def vorlagen_sections() -> dict[str, Section]:
    return dict(compose.SECTIONS)

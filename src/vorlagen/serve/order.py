"""What a paper prints of a Vorlage, in which order and under which words, for the
form to follow.

An administrator fills in the form from top to bottom, as the paper reads; each body's
Hausformat orders its paper differently (the Beratungsfolge before or after the title,
the Beschluss first or last). So the order is read off the Hausformat's ``aufbau`` for
the kind of paper: the fields each Baustein prints, the fields a text's
``{{ variables }}`` name (found by Jinja2's own parser), in the order they stand.

The form offers only what that paper prints (``shown``: a field the paper does not
print would be refused by the check, or silently not appear), and labels each field as
the paper does (``paper_labels``: "Bearbeiter/-in", "Begründung", "Petitum/Beschluss").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, TemplateSyntaxError, nodes

from vorlagen import hausformat as hf
from vorlagen.configure import OPTIONAL_PRINTED, PRINTED_BY_TEXTS, hausformat_texts, printed

FIXED: dict[type, tuple[str, ...]] = {
    hf.Betreff: ("titel",),
    hf.Beratungsfolge: ("beratungsfolge",),
    hf.Beschluss: ("beschlussvorschlag", "kenntnisnahme"),
    hf.Sachverhalt: ("sachverhalt_ueberschrift", "sachverhalt"),
    hf.Kurzfassung: ("kurzfassung",),
    hf.Abschnitt: ("abschnitte",),
    hf.Finanzen: ("finanzielle_auswirkungen",),
    hf.Anlagen: ("anlagen",),
}
"""The Vorlage fields a Baustein prints by its kind, not by a text."""

FIRST = ("art", "hausformat")
"""Fields that choose the form itself (the kind of paper and the Hausformat)."""
LAST = ("plugins",)
"""The plugins' data: it feeds texts everywhere, so it closes the form."""

_PARSER = Environment()


@lru_cache(maxsize=1024)
def names_in(text: str) -> tuple[str, ...]:
    """The variables a ``{{ … }}`` text reads, in the order they stand (parsed once per
    text: the form is drawn as the user types)."""
    try:
        tree = _PARSER.parse(text)
    except TemplateSyntaxError:
        return ()  # the check of the Hausformat says what is wrong with it
    found = (node.name for node in tree.find_all(nodes.Name) if node.ctx == "load")
    return tuple(dict.fromkeys(found))


def paper_order(hausformat: hf.Hausformat, art: str | None) -> list[str]:
    """The names the paper of kind ``art`` prints, in its order, after ``FIRST``; names
    that are no field of a Vorlage (``kreuz``, ``behoerde``) included, for the caller to
    pass over; a named section as ``abschnitte.name``."""
    vorlagenart = hausformat.art(art) if art else None
    aufbau = (hausformat.aufbau_for(vorlagenart) if vorlagenart is not None
              else hausformat.aufbau)
    order: list[str] = list(FIRST)
    for baustein in aufbau:
        order += FIXED.get(type(baustein), ())
        if isinstance(baustein, hf.Abschnitt):
            order.append(f"abschnitte.{baustein.name}")
        if isinstance(baustein, hf.Plugin):  # a plugin's section: its block stands there
            order.append(f"plugins.{baustein.name}")
        if isinstance(baustein, hf.Text | hf.Art | hf.Felder | hf.Tabelle):
            # (an Anlage's or a Beratung's own texts name that row's fields)
            for text in hf.templates(baustein):
                order += names_in(text)
        wenn = getattr(baustein, "wenn", None)
        if isinstance(wenn, str):
            order.append(wenn.split(".", 1)[0])
    return list(dict.fromkeys(order))


def ordered(names: list[str], order: list[str]) -> list[str]:
    """``names`` as the paper has them: first those in ``order``, then the rest as they
    came, ``LAST`` at the end."""
    rank = {name: index for index, name in enumerate(order)}
    rest = len(order)
    return sorted(names, key=lambda name: (name in LAST, rank.get(name, rest)))


ALWAYS = ("art", "hausformat")
"""Fields the form always has: they choose the paper and so the form itself."""
GOVERNED = (*OPTIONAL_PRINTED, *PRINTED_BY_TEXTS, "beschlussvorschlag",
            "sachverhalt_ueberschrift")
"""Fields whose printing ``vorlagen.configure.printed`` decides, as the check does: the
form offers exactly what the check accepts."""


@dataclass(frozen=True, slots=True)
class Shown:
    """What the paper of one kind prints, so what its form offers."""

    fields: frozenset[str]
    """The Vorlage's top-level fields."""
    angaben: tuple[str, ...]
    """The keys of ``angaben`` its texts name."""
    abschnitte: tuple[str, ...]
    """The named sections it places."""
    sections: frozenset[str]
    """The plugins' sections it places (``- klimarelevanz``)."""
    beratung: frozenset[str]
    """Of a Beratung's fields that some papers print and others not (``BERATUNG``),
    those it prints: in a column of the Beratungsfolge, or in a text."""


BERATUNG = ("rolle", "top", "sitzung", "ergebnis")
"""A Beratung's fields a Hausformat may leave out; the others (the Gremium, its dates,
whether the meeting is public) every paper needs."""


def shown(hausformat: hf.Hausformat, art: str | None) -> Shown:
    """What the Hausformat prints of a Vorlage of kind ``art``; of one whose kind it does
    not have, what any of its kinds prints (what the check accepts then). The Hausformat's
    ``pflichtfelder`` always, and the fields every Vorlage needs."""
    kind = hausformat.art(art) if art else None
    arten = [kind] if kind is not None else list(hausformat.arten)
    fields: set[str] = {*ALWAYS, *hausformat.pflichtfelder}
    angaben: list[str] = []
    abschnitte: list[str] = []
    sections: set[str] = set()
    beratung: set[str] = set()
    page = (hausformat.seite.kopf_folgeseiten or "", hausformat.seite.fuss or "")
    for each in arten:
        found = printed(hausformat, each)
        named = [*paper_order(hausformat, each.name),
                 *(name for text in page for name in names_in(text))]
        fields |= {name for name in named if name not in GOVERNED} | found.felder
        angaben += found.angaben
        abschnitte += found.abschnitte
        sections |= {baustein.name for baustein in hausformat.aufbau_for(each)
                     if isinstance(baustein, hf.Plugin)}
        for baustein in hausformat.aufbau_for(each):
            for spalte in baustein.spalten if isinstance(baustein, hf.Beratungsfolge) else ():
                beratung |= {spalte.feld, *names_in(spalte.wert or "")}
        texts = hausformat_texts(hausformat, each)
        beratung |= {name for name in BERATUNG if re.search(rf"\.{name}\b", texts)}
    if angaben:
        fields.add("angaben")
    if abschnitte:
        fields.add("abschnitte")
    return Shown(frozenset(fields), tuple(dict.fromkeys(angaben)),
                 tuple(dict.fromkeys(abschnitte)), frozenset(sections),
                 frozenset(beratung) & frozenset(BERATUNG))


def paper_labels(hausformat: hf.Hausformat, art: str | None) -> dict[str, str]:
    """The words the paper of kind ``art`` prints for a field, by the field's pattern
    (``bearbeiter``, ``angaben.telefon``, ``beratungsfolge[].rolle``): a header field's
    label, a heading, a Beratungsfolge column's title; without a kind, those of its first
    kind. A label naming two fields (``Telefon: {{ angaben.telefon }} {{ datum }}``)
    labels the first."""
    kind = hausformat.art(art) if art else None
    kind = kind if kind is not None else hausformat.arten[0]
    found: dict[str, str] = {}

    def label(name: str | None, text: str | None) -> None:
        words = _words(text)
        if name and words and name not in found:
            found[name] = words

    if kind.beschluss:
        label("beschlussvorschlag", kind.beschluss_ueberschrift)
    elif kind.kenntnisnahme is not None:
        label("kenntnisnahme", kind.beschluss_ueberschrift)
    for baustein in hausformat.aufbau_for(kind):
        if isinstance(baustein, hf.Felder):
            for item in baustein.felder:
                label(first_field(item.wert), item.label)
        elif isinstance(baustein, hf.Tabelle):
            for row in baustein.zeilen:
                for before, cell in itertools.pairwise(row):
                    if not first_field(before):
                        label(first_field(cell), before)
        elif isinstance(baustein, hf.Betreff):
            label("titel", baustein.label or "Betreff")
        elif isinstance(baustein, hf.Beratungsfolge):
            label("beratungsfolge", baustein.ueberschrift)
            for spalte in baustein.spalten:
                if spalte.feld in ("sitzungsart", "rolle", "top", "sitzung", "ergebnis"):
                    label(f"beratungsfolge[].{spalte.feld}", spalte.titel)
        elif isinstance(baustein, hf.Sachverhalt | hf.Finanzen | hf.Kurzfassung | hf.Anlagen):
            name = FIXED[type(baustein)][-1]
            label(name, baustein.ueberschrift)
        elif isinstance(baustein, hf.Abschnitt):
            label(f"abschnitte.{baustein.name}", baustein.ueberschrift)
    return found


def _words(text: str | None) -> str:
    """A label or heading as a form's label: without the colon after it."""
    return (text or "").strip().rstrip(":").strip()


@lru_cache(maxsize=1024)
def first_field(text: str) -> str | None:
    """The first field of the Vorlage a ``{{ … }}`` text prints: ``bearbeiter``, or for
    a value of ``angaben`` ``angaben.telefon``."""
    try:
        tree = _PARSER.parse(text)
    except TemplateSyntaxError:
        return None
    inner: set[int] = set()
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
        if id(node) in inner:
            continue
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            base = node.node
            if isinstance(base, nodes.Name) and base.name == "angaben":
                inner.add(id(base))
                key = (node.attr if isinstance(node, nodes.Getattr)
                       else node.arg.value if isinstance(node.arg, nodes.Const) else None)
                if isinstance(key, str):
                    return f"angaben.{key}"
            continue
        if isinstance(node, nodes.Name) and node.ctx == "load":
            return node.name
    return None

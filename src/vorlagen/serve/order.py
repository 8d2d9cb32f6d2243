"""The order in which a paper prints a Vorlage's fields, for the form to follow.

An administrator fills in the form from top to bottom, as the paper reads; each body's
Hausformat orders its paper differently (the Beratungsfolge before or after the title,
the Beschluss first or last). So the order is read off the Hausformat's ``aufbau`` for
the kind of paper: the fields each Baustein prints, the fields a text's
``{{ variables }}`` name (found by Jinja2's own parser), in the order they stand.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, TemplateSyntaxError, nodes

from vorlagen import hausformat as hf

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

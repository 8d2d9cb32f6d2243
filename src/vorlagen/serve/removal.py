"""One click removes a value the paper does not print and the check refuses.

A value the Hausformat does not print for the kind of paper (a Beschlussvorschlag once
the Art is Mitteilungsvorlage, an Angabe no text names) stands in the closed group „Im
Hausformat nicht gedruckt“, and the check refuses it: nothing written may disappear
from the paper unseen. Each such value gets one button there that removes it whole
(„Beschlussvorschlag entfernen (eine Mitteilungsvorlage hat keinen)“), instead of its
points one by one. The buttons stand right after the group, so they are seen while it
is closed; the group keeps each value with its message. Like a removed row
(``vorlagen.serve.rows.Removed``) the value is offered back with „Rückgängig“, carried in
that button, so no memory on the server is needed. A row (an Angabe) has its own
„Entfernen“ already.
"""

from __future__ import annotations

import re
from typing import Any

from vorlagen.serve import fields as fe
from vorlagen.serve import rows

ACTION = "weglassen"
"""The action (``weglassen:beschlussvorschlag``) that removes a whole value."""
DROPS = ("nicht_gedruckt_entfernen",)
"""The path of the buttons that stand after the unprinted group."""
_NO_BESCHLUSS = re.compile(r"(eine \S+) hat keinen Beschlussvorschlag")


def offer(fields: list[fe.Field], removed: rows.Removed | None) -> None:
    """Put right after the unprinted group, seen while it is closed, a removal button
    for each value in it the check refuses, and the „Rückgängig“ of a value just
    removed (at the form's end where the group went with it)."""
    place = next((index for index, field in enumerate(fields)
                  if field.path == fe.UNPRINTED), None)
    buttons: list[fe.Field] = []
    if place is not None:
        for child in fields[place].children:
            texts = [text for inner in child.walk() for text in inner.errors]
            if texts and not child.row:
                buttons.append(_button(child, texts))
    if removed is not None and removed.whole:
        buttons.insert(0, fe.Field((*removed.path, "_entfernt"), removed.label, "removed",
                                   value=f"{rows.UNDO}:{removed.payload}"))
    if buttons:
        drops = fe.Field(DROPS, "", "drops", children=buttons)
        fields.insert(len(fields) if place is None else place + 1, drops)


def _button(field: fe.Field, texts: list[str]) -> fe.Field:
    """The button that removes ``field``'s whole value, saying why it may go."""
    reason = next((f"{match[1]} hat keinen" for text in texts
                   if (match := _NO_BESCHLUSS.search(text))), None)
    if reason is None and any("druckt dieses Feld nicht" in text for text in texts):
        reason = "das Hausformat druckt es nicht"
    label = f"{field.label} entfernen" + (f" ({reason})" if reason else "")
    return fe.Field((*field.path, "_weglassen"), label, "drop",
                    value=f"{ACTION}:{field.name}")


def drop(state: dict[str, Any], action: str, form: fe.Form) -> rows.Removed | None:
    """Remove from ``state`` the value a ``weglassen:…`` action names, if it stands in
    the unprinted group; what was removed, to offer back."""
    path = fe.split(action.partition(":")[2])
    if not path:
        return None
    fields = form.fields(state)
    group = fe.find(fields, fe.UNPRINTED)
    field = next((child for child in group.children if child.path == path), None) \
        if group is not None else None
    parent: Any = fe.at(state, path[:-1]) if len(path) > 1 else state
    if field is None or not isinstance(parent, dict) or path[-1] not in parent:
        return None
    return rows.Removed(path, 0, field.label, parent.pop(path[-1]), whole=True)

"""Rows taken out and put back, and the optional fields folded away.

"Entfernen" of a Beratung, a section, an Anlage or any row keeps what was removed: the
page offers "Rückgängig" where the row stood, and that button carries the row (as JSON
in its value), so putting it back needs no memory on the server and works without
JavaScript. What comes back is user input: it is bounded and checked for the shape the
form's state has before it goes in.

The fields a Vorlage rarely needs and does not have (Ergänzung zu, Federführung,
Aktenzeichen …) are folded into a closed group where two or more stand together (the
page's order is kept: it is the order in which new keys are saved), opened where one of
them has a message or the keyboard's focus.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from vorlagen.messages import field_path
from vorlagen.serve import fields as fe

UNDO = "rueckgaengig"
"""The action (and the button's id) that puts the removed row back."""
MAX_UNDO_CHARS = 1_000_000
"""The most a removed row may carry back (a long Sachverhalt section fits)."""
MAX_DEPTH = 8
FOLDED_LABEL = "Weitere Angaben zur Vorlage"
KEPT_OUT = {"art", "hausformat"}
"""Fields that choose the form itself: never folded away."""
FOLDED_KINDS = {"text", "date", "select", "yesno", "dates", "list", "pairs"}


@dataclasses.dataclass
class Removed:
    """A row just removed: the list it was in, its place there, its label and value."""

    path: fe.Path_
    index: int
    label: str
    value: Any
    whole: bool = False
    """A whole value taken out (``vorlagen.serve.removal``), not a row: ``path`` is its
    field's."""

    @property
    def payload(self) -> str:
        sent = ({"feld": field_path(self.path), "wert": self.value} if self.whole else
                {"liste": field_path(self.path), "stelle": self.index, "wert": self.value})
        return json.dumps(sent, ensure_ascii=False, separators=(",", ":"))


def take(state: dict[str, Any], action: str, form: fe.Form) -> Removed | None:
    """The row an ``entfernen:…`` action removes, as ``state`` holds it (before)."""
    target = fe.split(action.partition(":")[2])
    if len(target) < 2:
        return None
    parent, last = target[:-1], target[-1]
    rows = fe.at(state, parent)
    if isinstance(last, int) and isinstance(rows, list) and 0 <= last < len(rows):
        index, value = last, rows[last]
    elif isinstance(last, str) and last.startswith(fe.PAIR) and isinstance(rows, dict) \
            and last in rows:
        index, value = list(rows).index(last), rows[last]
    else:
        return None
    fields = form.fields(state)
    row, listed = fe.find(fields, target), fe.find(fields, parent)
    label = row.label if row is not None else f"Eintrag {index + 1}"
    if label.startswith("Eintrag") and listed is not None:
        label = f"{listed.label}: {label}"
    return Removed(parent, index, label, value)


def restore(state: dict[str, Any], action: str, form: fe.Form) -> fe.Path_ | None:
    """Put the row a ``rueckgaengig:{…}`` action carries back at its place in
    ``state``; its path, or None where what came back is no row of this form."""
    payload = action.partition(":")[2]
    if len(payload) > MAX_UNDO_CHARS:
        return None
    try:
        sent = json.loads(payload)
    except ValueError:
        return None
    if isinstance(sent, dict) and set(sent) == {"feld", "wert"}:
        return _restore_whole(state, sent["feld"], sent["wert"], form)
    if not isinstance(sent, dict) or set(sent) != {"liste", "stelle", "wert"}:
        return None
    listed, index, value = sent["liste"], sent["stelle"], sent["wert"]
    if not isinstance(listed, str) or type(index) is not int or index < 0 \
            or not _plain(value, 0):
        return None
    path = fe.split(listed)
    kind = form.kind_at(path) if path else None
    if kind == "list":
        wanted = dict if form.item_kind(path) == "group" else str
        if not isinstance(value, wanted):
            return None
        rows = fe.at(state, path)
        if not isinstance(rows, list):
            rows = [] if rows in (None, "") else [rows]
            fe.put(state, path, rows)
        index = min(index, len(rows))
        rows.insert(index, value)
        return (*path, index)
    if kind == "pairs" and isinstance(value, dict) and set(value) <= {"name", "wert"}:
        pairs = fe.at(state, path)
        items = [row if str(key).startswith(fe.PAIR) and isinstance(row, dict)
                 else {"name": str(key), "wert": row}
                 for key, row in (pairs.items() if isinstance(pairs, dict) else [])]
        index = min(index, len(items))
        items.insert(index, value)
        fe.put(state, path, {f"{fe.PAIR}{number}": row for number, row in enumerate(items)})
        return (*path, f"{fe.PAIR}{index}")
    return None


def _restore_whole(state: dict[str, Any], name: Any, value: Any, form: fe.Form
                   ) -> fe.Path_ | None:
    """Put a whole value back (``Removed.whole``) where the form has no value now."""
    path = fe.split(name) if isinstance(name, str) else ()
    if not path or not _plain(value, 0) or fe.at(state, path) not in (None, ""):
        return None
    if len(path) > 1 and (not isinstance(fe.at(state, path[:-1]), dict)
                          or form.kind_at(path) is None):
        return None
    fe.put(state, path, value)
    return path


def _plain(value: Any, depth: int) -> bool:
    """Whether ``value`` has the shape of the form's state: text, lists and mappings of
    them (and the None of a gap), not too deep."""
    if depth > MAX_DEPTH:
        return False
    if value is None or isinstance(value, str):
        return True
    if isinstance(value, list):
        return all(_plain(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item, depth + 1)
                   for key, item in value.items())
    return False


def arranged(fields: list[fe.Field], form: fe.Form, removed: Removed | None,
             focus: str | None) -> list[fe.Field]:
    """The page's top-level controls as drawn: the removed row's "Rückgängig" at its
    place, optional fields without a value folded into groups."""
    if removed is not None:
        listed = fe.find(fields, removed.path)
        if listed is not None and listed.kind in ("list", "pairs"):
            marker = fe.Field((*removed.path, "_entfernt"), removed.label, "removed",
                              value=f"{UNDO}:{removed.payload}")
            rows = [child for child in listed.children if child.row]
            place = (listed.children.index(rows[removed.index])
                     if removed.index < len(rows) else len(listed.children))
            listed.children.insert(place, marker)
    arranged: list[fe.Field] = []
    run: list[fe.Field] = []
    for field in [*fields, None]:  # runs of optional fields without a value, each folded
        if field is not None and _foldable(field, form):
            run.append(field)
            continue
        if len(run) >= 2:  # (the page's order stays: it is the order saved)
            arranged.append(_folded(("weitere-angaben", len(arranged)), FOLDED_LABEL, run,
                                    ", ".join(member.label for member in run), focus))
        else:
            arranged += run
        run = []
        if field is None:
            break
        blocks = [block for block in field.children if field.path == ("plugins",)]
        for block in blocks:  # open where it has a value (not a sent empty field)
            block.expanded = _open(block, focus) or any(
                inner.value.strip() or (inner.kind in ("list", "pairs") and inner.children)
                for inner in block.walk())
        if len(blocks) >= 2 and not any(block.expanded for block in blocks):
            # the plugins' blocks, all without values: one closed group, not one each
            field = _folded(("plugin-daten",), field.label, [field],
                            ", ".join(block.label for block in blocks), focus)
        arranged.append(field)
    return arranged


def _folded(path: fe.Path_, label: str, members: list[fe.Field], summary: str,
            focus: str | None) -> fe.Field:
    """A closed group of ``members``, open where one has a message or the focus."""
    group = fe.Field(path, label, "folded", children=members, description=summary)
    group.expanded = any(_open(member, focus) for member in members)
    return group


def _open(field: fe.Field, focus: str | None) -> bool:
    """Whether ``field`` or one inside has a message or the keyboard's focus."""
    return any(inner.errors or (focus is not None and focus.endswith(inner.id))
               for inner in field.walk())


def _foldable(field: fe.Field, form: fe.Form) -> bool:
    """An optional field without a value (a list without rows), of a plain kind: no
    section of the paper's text, no list of objects, no plugin block."""
    if field.required or field.kind not in FOLDED_KINDS or str(field.path[0]) in KEPT_OUT:
        return False
    if field.kind == "list" and form.item_kind(field.path) == "group":
        return False
    return not field.children and not field.value.strip()

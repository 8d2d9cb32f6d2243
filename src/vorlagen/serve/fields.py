"""The form, made from the JSON Schema of a Vorlage file rather than written per field.

``vorlagen.schema.vorlage_schema`` already knows every field of the Vorlage, the kinds
of paper, roles and named sections of the chosen Hausformat and the block of every
installed plugin. This module turns it, with the values the user has, into a tree of
``Field`` (one control, a group, or a list of rows) that the page template draws, and
turns what the browser sends back into the data of a Vorlage file.

A control's name is its field path as messages print it (``beratungsfolge[1].gremium``),
so a message of ``vorlagen validate`` finds its control by name.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection
from typing import Any

from vorlagen import hausformat as hf
from vorlagen.hausformat import Hausformat
from vorlagen.janein import JA_NEIN_SCHEMA
from vorlagen.messages import field_path
from vorlagen.model import DATUM_PATTERN
from vorlagen.serve.order import (
    BERATUNG,
    LAST,
    names_in,
    ordered,
    paper_labels,
    paper_order,
    shown,
)

Path_ = tuple[str | int, ...]

JA_NEIN_WORDS = JA_NEIN_SCHEMA["anyOf"][1:]
"""The words ja and nein beside true and false in a yes/no field's schema."""
ROW_MARKER = "__zeile"
"""The hidden control that keeps a row of objects in the form while all its fields are
empty (a row just added)."""
PAIR = "#"
"""A row of a mapping with free keys (``angaben``): ``angaben.#0.name``/``.wert``."""

LABELS: dict[str, str] = {
    "art": "Art der Vorlage", "hausformat": "Hausformat", "organisationseinheit":
    "Organisationseinheit (Amt)", "datum": "Datum", "drucksachen_nr": "Drucksachen-Nr.",
    "ergaenzung_zu": "Ergänzung zu Drucksache", "federfuehrung": "Federführung",
    "beteiligungen": "Beteiligungen", "verantwortlich": "Verantwortlich",
    "bearbeiter": "Bearbeitung", "aktenzeichen": "Aktenzeichen",
    "haushalt_produkte": "Produkte des Haushalts", "beratungsfolge": "Beratungsfolge",
    "tagesordnungspunkt": "Tagesordnungspunkt (TOP)", "status": "Status",
    "einreicher": "Einreicher", "unterzeichnung": "Unterzeichnung",
    "angaben": "Weitere Angaben", "titel": "Betreff", "kurzfassung": "Kurzfassung",
    "beschlussvorschlag": "Beschlussvorschlag", "kenntnisnahme": "Kenntnisnahme",
    "sachverhalt_ueberschrift": "Überschrift des Sachverhalts",
    "sachverhalt": "Sachverhalt", "finanzielle_auswirkungen": "Finanzielle Auswirkungen",
    "abschnitte": "Weitere Abschnitte", "anlagen": "Anlagen", "plugins": "Erweiterungen",
    "gremium": "Gremium", "sitzungsart": "Sitzungsart", "sitzungstermine":
    "Sitzungstermine", "rolle": "Rolle", "top": "TOP", "sitzung": "Sitzung",
    "ergebnis": "Ergebnis",
    "ueberschrift": "Überschrift", "text": "Text", "nichtoeffentlich": "Nichtöffentlich",
    "nummer": "Nummer", "datei": "Datei", "name": "Name", "wert": "Wert",
    "anlagen[].titel": "Titel der Anlage", "anlagen[].nummer": "Nummer der Anlage",
    "anlagen[].datei": "Datei der Anlage", "sachverhalt[].ueberschrift":
    "Überschrift des Abschnitts", "sachverhalt[].text": "Text des Abschnitts",
}
"""German labels of the core model's fields, by name or, more particular, by pattern
(``anlagen[].titel``); where the Hausformat prints a label or heading for a field, the
form uses that (``vorlagen.serve.order.paper_labels``). A plugin's blocks and fields are
labelled by their JSON Schema titles (pydantic's ``Field(title=...)``, the model's
``ConfigDict(title=...)``)."""

HELP: dict[str, str] = {
    "art": "Die Art der Vorlage, wie das Hausformat sie nennt; das Formular zeigt, was "
           "das Papier dieser Art druckt.",
    "hausformat": "Das Hausformat der Behörde, aus der Liste; leer: das Hausformat des "
                  "Ordners, sonst das Standard-Hausformat.",
    "sachverhalt": "Der Sachverhalt: ein Text oder mehrere Abschnitte, jeder mit eigener "
                   "Überschrift.",
    "anlagen": "Die Anlagen, jede mit ihrem Titel und, wenn es sie als Datei gibt, der "
               "Datei.",
    "angaben": "Weitere Angaben, die das Hausformat druckt.",
    "abschnitte": "Weitere Abschnitte, die das Hausformat mit Namen vorsieht.",
    "plugins": "Was installierte Erweiterungen in die Vorlage bringen (Tabellen, "
               "Formularblöcke, Anlagen aus Daten); ein leerer Teil bleibt aus.",
    "anlagen[].geprueft": "Eine Person hat die Datei gelesen und nichts Nichtöffentliches "
                          "darin gefunden. Nur dann kommt eine Datei, die das Programm nicht "
                          "durchsuchen kann (ein Bild, ein Archiv, eine unlesbare Datei), in "
                          "die Fassung zur Veröffentlichung.",
}
"""The form's own help for a field, by its pattern, where the schema's description (which an editor
shows and ``vorlagen new`` writes as a comment, beside the file's keys) names keys or
commands."""

UNPRINTED = ("nicht_gedruckt",)
"""The path of the group that keeps values the Hausformat does not print."""
UNPRINTED_HELP = (
    "Die Datei enthält diese Angaben, aber das Hausformat druckt sie bei dieser Art der "
    "Vorlage nicht. Sie bleiben beim Speichern erhalten, bis Sie ein Feld leeren: dann "
    "entfernt das Speichern die Angabe.")

ROW_LABELS = {"beratungsfolge": "Beratung", "sachverhalt": "Abschnitt",
              "anlagen": "Anlage", "sitzungstermine": "Termin",
              "beschlussvorschlag": "Punkt"}


@dataclasses.dataclass
class Field:
    """One control of the form, a group of them, or a list of rows.

    ``kind``: ``text``, ``multiline``, ``markdown``, ``date``, ``select`` (options),
    ``yesno`` (ja, nein or the default), ``file`` (a file beside the Vorlage, with an
    upload), ``dates`` (a list of dates in one text field), ``group`` (``children`` are
    its fields), ``list`` (``children`` are its rows), ``pairs`` (rows of name and value).
    """

    path: Path_
    label: str
    kind: str
    value: str = ""
    description: str = ""
    required: bool = False
    placeholder: str = ""
    options: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    children: list[Field] = dataclasses.field(default_factory=list)
    row: bool = False
    """A row of a list (it gets remove and move buttons)."""
    expanded: bool = True
    """A group shown opened (a plugin block without values starts closed)."""
    details: bool = False
    """A group drawn as a part that opens and closes (a plugin's block; the values the
    Hausformat does not print)."""
    errors: list[str] = dataclasses.field(default_factory=list)
    hints: list[str] = dataclasses.field(default_factory=list)
    """The check's Hinweise at this control (they stop nothing)."""
    datalist: str = ""
    """The id of a ``<datalist>`` whose values the control offers (another may be typed)."""
    offer: object | None = None
    """What the form offers beside the control (``ris_choices.Dates``: the next meeting
    days of the row's Gremium, each to take into the field)."""

    @property
    def name(self) -> str:
        return field_path(self.path)

    @property
    def id(self) -> str:
        return "f-" + _slug(self.name)

    @property
    def errors_id(self) -> str:
        return "e-" + _slug(self.name)

    def walk(self) -> list[Field]:
        return [self, *(inner for child in self.children for inner in child.walk())]


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "formular"


def split(name: str) -> Path_:
    """``beratungsfolge[1].gremium`` as ``("beratungsfolge", 1, "gremium")``."""
    return tuple(int(part) if part.isdigit() else part
                 for part in re.findall(r"[^.\[\]]+", name))


class Form:
    """The form of a Vorlage for one JSON Schema (one Hausformat and set of plugins);
    with the Hausformat, its fields stand in the order its paper prints them."""

    def __init__(self, schema: dict[str, Any], hausformat: Hausformat | None = None,
                 sections: Collection[str] = ()) -> None:
        self.schema = schema
        self.defs: dict[str, Any] = schema.get("$defs", {})
        self.hausformat = hausformat
        self.sections = frozenset(sections)
        """The sections plugins register: a plugin's block of that name is printed only
        where the Hausformat places the section (``- klimarelevanz``)."""

    def fields(self, state: dict[str, Any]) -> list[Field]:
        """The form's top-level controls, filled with ``state``."""
        required = set(self.schema.get("required", []))
        known = self.schema["properties"]
        art = state.get("art")
        order = (paper_order(self.hausformat, art if isinstance(art, str) else None)
                 if self.hausformat is not None else [])
        fields = [self._field((name,), known[name], state.get(name), name in required)
                  for name in ordered(list(known), order)]
        # A field the model does not know (a typo in the file) stays, and shows its error.
        fields += [self._field((name,), None, value, False)
                   for name, value in state.items() if name not in known]
        for field in fields:  # named sections too, as the paper has them
            prefix = f"{field.name}."
            inner = [name.removeprefix(prefix) for name in order if name.startswith(prefix)]
            if inner and field.kind == "group":
                rank = ordered([str(child.path[-1]) for child in field.children], inner)
                field.children.sort(key=lambda child: rank.index(str(child.path[-1])))
        art = art if isinstance(art, str) else None
        # a kind of paper of a plugin's (deprecated) document type has its own Bausteine,
        # which the Hausformat does not know: its form offers everything, as before
        foreign = (self.hausformat is not None and art is not None
                   and self.hausformat.art(art) is None
                   and art in self.schema["properties"]["art"].get("enum", ()))
        if self.hausformat is not None and not foreign:
            fields = self._printed(fields, state, art, order)
        _relabel(fields, paper_labels(self.hausformat, art)
                 if self.hausformat is not None and not foreign else {})
        return fields

    def _printed(self, fields: list[Field], state: dict[str, Any], art: str | None,
                 order: list[str]) -> list[Field]:
        """Only the fields, ``angaben``, named sections, plugin blocks and Beratung
        columns the paper of kind ``art`` prints (and those it needs: the Hausformat's
        ``pflichtfelder``, and those every Vorlage needs), a block of a plugin's section
        where the paper places it; in a closed group at the end those the file holds
        values for although the paper does not print them: never lost on saving."""
        assert self.hausformat is not None
        paper = shown(self.hausformat, art)
        needed = {*self.schema.get("required", []), *self.hausformat.pflichtfelder}
        known = self.schema["properties"]
        inner = {"angaben": paper.angaben, "abschnitte": paper.abschnitte}
        result: list[Field] = []
        unprinted: list[Field] = []
        for field in fields:
            name = str(field.path[0])
            if name not in known or (name not in paper.fields | needed
                                     and name != "plugins"):
                unprinted += [field] if _holds(state.get(name)) else []
                continue
            field.required = field.required or name in needed
            if name in inner or name == "plugins":
                printed = [child for child in field.children
                           if (str(child.path[-1]) in inner[name] if name in inner
                               else str(child.path[-1]) not in self.sections
                               or str(child.path[-1]) in paper.sections)]
                unprinted += [child for child in field.children if child not in printed
                              and _holds(at(state, child.path))]
                field.children = printed
                if not printed:
                    continue
            if name == "beratungsfolge":
                for row in field.children:
                    out = [cell for cell in row.children if cell.path[-1] in BERATUNG
                           and cell.path[-1] not in paper.beratung]
                    unprinted += [cell for cell in out if _holds(at(state, cell.path))]
                    row.children = [cell for cell in row.children if cell not in out]
            result.append(field)
        result = _placed(result, paper.sections, order)
        for field in unprinted:
            field.details = False
            field.expanded = True
            if field.path in (("angaben",), ("abschnitte",)):
                field.description = ""  # (its help speaks of what the Hausformat prints)
            if len(field.path) > 2 and isinstance(field.path[1], int):  # a row's: which
                which = ROW_LABELS.get(str(field.path[0]), "Eintrag")
                field.label = f"{which} {field.path[1] + 1}: {field.label}"
        if unprinted:
            count = f"{len(unprinted)} Angabe{'n' if len(unprinted) > 1 else ''}"
            result.append(Field(UNPRINTED, f"Im Hausformat nicht gedruckt: {count}", "group",
                                description=UNPRINTED_HELP, children=unprinted,
                                expanded=False, details=True))
        return result

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = {**self.defs[node["$ref"].rsplit("/", 1)[-1]],
                    **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def _shape(self, node: dict[str, Any] | None, value: Any) -> tuple[str, dict[str, Any]]:
        """What control a schema node needs, and the node that describes its values."""
        if node is None:  # unknown to the schema: by the value
            if isinstance(value, dict):
                return "group", {}
            return ("list", {}) if isinstance(value, list) else ("text", {})
        node = self._resolve(node)
        outer = node
        if "anyOf" in node:
            # ja/nein is written as the boolean it is, with the select of a boolean
            options = [self._resolve(option) for option in node["anyOf"]
                       if option.get("type") != "null" and option not in JA_NEIN_WORDS]
            chosen = (next((o for o in options if o.get("type") == "array"), None)
                      or next((o for o in options if o.get("type") == "object"), None)
                      or next((o for o in options if "enum" in o), None))
            if chosen is None:
                types = {o.get("type") for o in options}
                scalar = "boolean" if types == {"boolean"} else "string"
                chosen = {"type": scalar, **{k: v for o in options for k, v in o.items()
                                           if k in ("pattern", "format")}}
            node = {**{k: v for k, v in outer.items() if k != "anyOf"}, **chosen}
        if "enum" in node:
            return "select", node
        kind = node.get("type")
        if kind == "array":
            return "list", node
        if kind == "object":
            names = node.get("propertyNames", {}).get("enum")
            if "properties" in node or names:
                return "group", node
            return "pairs", node
        if kind == "boolean":
            return "yesno", node
        if node.get("format") == "path":
            return "file", node
        if node.get("pattern") == DATUM_PATTERN:
            return "date", node
        if node.get("contentMediaType") == "text/markdown":
            return "markdown", node
        return ("multiline" if isinstance(value, str) and "\n" in value.strip()
                else "text"), node

    def _field(self, path: Path_, node: dict[str, Any] | None, value: Any,
               required: bool) -> Field:
        kind, described = self._shape(node, value)
        name = path[-1]
        title = _declared_title(node, described, str(name))
        label = ((title if path[0] == "plugins" else None) or LABELS.get(str(name)) or title
                 or _words(str(name)))
        # the field's own description, not its model's docstring (which is for developers)
        description = str(node.get("description", "")) if node is not None else ""
        pattern = re.sub(r"\[\d+\]", "[]", field_path(path))
        field = Field(path, label, kind, description=HELP.get(pattern, description),
                      required=required, details=len(path) == 2 and path[0] == "plugins")
        default = described.get("default")
        if kind == "group":
            self._group(field, described, value if isinstance(value, dict) else {})
        elif kind == "list":
            self._list(field, described, self._rows(value, described))
        elif kind == "pairs":
            self._pair_rows(field, described, value if isinstance(value, dict) else {})
        else:
            field.value = _text(value)
            if kind == "select":
                field.options = [(str(option), str(option)) for option in described["enum"]]
            if kind == "yesno":
                field.options = [("true", "ja"), ("false", "nein")]
            if default not in (None, [], {}):
                field.placeholder = ("ja" if default is True else "nein" if default is False
                                     else str(default))
        return field

    def _rows(self, value: Any, node: dict[str, Any]) -> list[Any]:
        """A list field's rows; a single value (``beteiligungen: Sozialamt``, a
        Sachverhalt written as one text) is one row."""
        if value is None or value == "":
            return []
        if isinstance(value, list):
            return value
        item = self._resolve(node.get("items", {}))
        if isinstance(value, str) and "text" in item.get("properties", {}):
            return [{"text": value}]
        return [value]

    def _group(self, field: Field, node: dict[str, Any], value: dict[str, Any]) -> None:
        properties: dict[str, Any] = dict(node.get("properties", {}))
        names = node.get("propertyNames", {}).get("enum")
        if names:  # named sections (abschnitte): one group per name the Hausformat has
            item = node.get("additionalProperties", {})
            properties.update({name: item for name in names})
        required = set(node.get("required", []))
        field.children = [self._field((*field.path, key), sub, value.get(key),
                                      key in required)
                          for key, sub in properties.items()]
        field.children += [self._field((*field.path, key), None, item, False)
                           for key, item in value.items() if key not in properties]
        field.expanded = bool(value) or field.path[0] != "plugins"

    def _list(self, field: Field, node: dict[str, Any], rows: list[Any]) -> None:
        item = node.get("items")
        if self._dates(node):  # a list of dates is one text field: "23.12.2026, 15.01.2027"
            field.kind = "dates"
            field.value = ", ".join(_text(row) for row in rows if _text(row).strip())
            return
        for index, row in enumerate(rows):
            child = self._field((*field.path, index), item, row, False)
            child.row = True
            child.label = f"{ROW_LABELS.get(str(field.path[-1]), 'Eintrag')} {index + 1}"
            field.children.append(child)
        if field.path == ("beratungsfolge",):
            shown = beratung_columns(self.hausformat, field.children)
            for child in field.children:
                child.children = [cell for cell in child.children
                                  if str(cell.path[-1]) in shown]

    def _pair_rows(self, field: Field, node: dict[str, Any], value: dict[str, Any]) -> None:
        item = node.get("additionalProperties") or {"type": "string"}
        row_label = "Abschnitt" if field.path == ("abschnitte",) else "Angabe"
        for index, (key, row) in enumerate(_pairs(value)):
            row_path = (*field.path, f"{PAIR}{index}")
            pair = Field(row_path, f"{row_label} {index + 1}", "group", row=True)
            name = self._field((*row_path, "name"), {"type": "string"}, key, True)
            value_field = self._field((*row_path, "wert"), item, row, True)
            pair.children = [name, value_field]
            field.children.append(pair)

    def kind_at(self, path: Path_) -> str | None:
        """What control the field at ``path`` is."""
        node = self._node_at(path)
        return None if node is None else self._shape(node, None)[0]

    def item_kind(self, path: Path_) -> str | None:
        """What control the rows of the list at ``path`` are (``group`` for objects)."""
        node = self._node_at(path)
        if node is None:
            return None
        items = self._shape(node, None)[1].get("items")
        return self._shape(items, None)[0] if isinstance(items, dict) else None

    def _node_at(self, path: Path_) -> dict[str, Any] | None:
        node: dict[str, Any] | None = self.schema
        for part in path:
            if node is None:
                return None
            _, described = self._shape(node, None)
            if isinstance(part, int):
                node = described.get("items")
            else:
                node = (described.get("properties", {}).get(part)
                        or described.get("additionalProperties") or None)
        return node

    def data(self, state: dict[str, Any]) -> dict[str, Any]:
        """What the form holds as the data of a Vorlage file: empty fields left out,
        yes and no as booleans, line ends as in a file."""
        cleaned = self._clean(state, self.schema)
        return cleaned if isinstance(cleaned, dict) else {}

    def _clean(self, value: Any, node: dict[str, Any] | None, row: bool = False) -> Any:
        kind, described = self._shape(node, value)
        if kind in ("group", "pairs") and isinstance(value, dict):
            if kind == "pairs" or any(str(key).startswith(PAIR) for key in value):
                item = described.get("additionalProperties") or {"type": "string"}
                pairs = {key.strip(): self._clean(row, item) for key, row in _pairs(value)
                         if key.strip()}
                return pairs or None
            properties = dict(described.get("properties", {}))
            names = described.get("propertyNames", {}).get("enum") or []
            properties.update({name: described.get("additionalProperties", {})
                               for name in names})
            result = {}
            for key, item in value.items():
                if key == ROW_MARKER:
                    continue
                cleaned = self._clean(item, properties.get(key))
                if cleaned is not None:
                    result[key] = cleaned
            return result if result or row else None
        if kind == "list" and isinstance(value, str) and self._dates(described):
            return split_dates(value) or None
        if kind == "list" and isinstance(value, list):
            item = described.get("items")
            rows = [self._clean(entry, item, row=True) for entry in value]
            rows = [entry for entry in rows if entry is not None]
            return rows or None
        if isinstance(value, dict | list):  # a shape the schema does not expect: as it is
            return value or None
        text = _text(value).replace("\r\n", "\n")
        if not text.strip():
            return None
        if kind == "yesno" and text in ("true", "false"):
            return text == "true"
        return text

    def _dates(self, node: dict[str, Any]) -> bool:
        """Whether the list ``node`` describes holds dates (shown as one text field)."""
        item = node.get("items")
        return isinstance(item, dict) and self._shape(item, None)[0] == "date"


BERATUNG_ALWAYS = ("gremium", "sitzungsart", "sitzungstermine", "rolle")
"""The Beratungsfolge's columns in the form whatever the Hausformat prints."""
COLUMN_FIELDS = {"sitzungstermin": "sitzungstermine", "termin": "sitzungstermine",
                 "oe": "sitzungsart"}
"""A Beratungsfolge column's ``feld`` or ``{{ variable }}`` by the Beratung's field."""


def beratung_columns(hausformat: Hausformat | None, rows: list[Field]) -> list[str]:
    """The fields of a Beratung the form shows as columns: those always there, those
    the Hausformat's Beratungsfolge prints (``top`` where it has a TOP column) and any
    a row has a value for (nothing the file holds is hidden, so nothing is lost)."""
    names = [str(cell.path[-1]) for row in rows for cell in row.children]
    if hausformat is None:
        return list(dict.fromkeys(names))
    printed: set[str] = set(BERATUNG_ALWAYS)
    aufbauten = [hausformat.aufbau, *(hausformat.aufbau_for(art) for art in hausformat.arten)]
    for baustein in (b for aufbau in aufbauten for b in aufbau):
        if isinstance(baustein, hf.Beratungsfolge):  # a column's field, its text's names
            found = [column.model_dump()["feld"] for column in baustein.spalten]
            found += [name for text in hf.templates(baustein) for name in names_in(text)]
            printed.update(COLUMN_FIELDS.get(name, name) for name in found)
    valued = {str(cell.path[-1]) for row in rows for cell in row.children
              if any(inner.value.strip() for inner in cell.walk())}
    return [name for name in dict.fromkeys(names) if name in printed or name in valued]


def split_dates(text: str) -> list[str]:
    """The dates of one text field (``23.12.2026, 15.01.2027``), as the file lists them."""
    return [part for part in re.split(r"[,;\s]+", text) if part]


def _placed(fields: list[Field], sections: frozenset[str], order: list[str]
            ) -> list[Field]:
    """``fields`` with the block of each plugin section the paper places taken out of
    the plugins' group and put where the paper has it (``plugins.klimarelevanz`` after
    the Finanzielle Auswirkungen)."""
    group = next((field for field in fields if field.path == ("plugins",)), None)
    if group is None:
        return fields
    blocks = [child for child in group.children if str(child.path[-1]) in sections]
    group.children = [child for child in group.children if child not in blocks]
    rest = [field for field in fields if field is not group or group.children]
    rank = {name: index for index, name in enumerate(order)}
    for block in blocks:
        place = rank.get(block.name, len(order))
        at_ = next((index for index, field in enumerate(rest)
                    if field.name in LAST or rank.get(field.name, -1) > place),
                   len(rest))
        rest.insert(at_, block)
    return rest


def _declared_title(node: dict[str, Any] | None, described: dict[str, Any],
                    name: str) -> str | None:
    """The title a plugin's model gives a field or its block (``Field(title=...)``,
    ``ConfigDict(title=...)``); None for the title pydantic makes of the name (``Mittel
    Verfuegbar``) or of the class (``MassnahmenConfig``)."""
    title = described.get("title")
    if not isinstance(title, str) or not title.strip():
        return None
    ref = str((node or {}).get("$ref", "")).rsplit("/", 1)[-1]
    if title in (ref, name.title().replace("_", " ")):
        return None
    return title


def _words(name: str) -> str:
    """A name from a file as words, for one nobody gave a label: ``klima_schutz`` as
    "Klima schutz"."""
    return name.replace("_", " ").strip().capitalize() or name


def _holds(value: Any) -> bool:
    """Whether a value of the file or the form holds anything."""
    if isinstance(value, dict):
        return any(_holds(item) for key, item in value.items() if key != ROW_MARKER)
    if isinstance(value, list):
        return any(_holds(item) for item in value)
    return value is not None and _text(value).strip() != ""


def _relabel(fields: list[Field], paper: dict[str, str]) -> None:
    """Each field labelled as the paper labels it, else by its pattern in ``LABELS``
    (``anlagen[].titel``: "Titel der Anlage"); the rows of a list keep their numbers."""
    for top in fields:
        for field in top.walk() if top.path != UNPRINTED else ():
            if field.row or not field.path:
                continue
            pattern = re.sub(r"\[\d+\]", "[]", field.name)
            label = (paper.get(pattern) if field.path[0] not in ("art", "hausformat")
                     else None) or (LABELS.get(pattern) if "." in pattern or "[" in pattern
                                    else None)
            if label:
                field.label = label
            if pattern == "sachverhalt_ueberschrift" and "sachverhalt" in paper:
                field.label = f"Überschrift statt „{paper['sachverhalt']}“"


def _pairs(value: dict[str, Any]) -> list[tuple[str, Any]]:
    """A mapping with free keys as (name, value) rows, whether it comes from the file
    (``{telefon: 0711}``) or from the form (``{"#0": {"name": …, "wert": …}}``)."""
    return [(_text(row.get("name")), row.get("wert"))
            if str(key).startswith(PAIR) and isinstance(row, dict) else (str(key), row)
            for key, row in value.items()]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


MAX_ROWS = 1_000
"""The most rows of one list the form takes (a row number beyond is refused, not padded)."""
MAX_DEPTH = 12
"""The deepest field name the form takes (``plugins.formulare.x[0].y`` has 5 parts)."""
MAX_NAME_CHARS = 500
"""The longest field name the form takes."""
MAX_CELLS = 100_000
"""The most values and list places the sent form may make, counted before any is made."""


class FormTooComplex(ValueError):
    """A sent form beyond the form's bounds (``MAX_ROWS``, ``MAX_DEPTH``, ``MAX_CELLS``),
    said in German; nothing of it was built."""


def check_names(names: list[str]) -> None:
    """Refuse (``FormTooComplex``) field names that would build more than the form's
    bounds allow, before anything is built: each name's length, depth and row numbers,
    and the cells all of them together make (the rows up to the highest number of each
    list count, as the lists are filled up to it)."""
    highest: dict[tuple[str | int, ...], int] = {}
    cells = 0
    for name in names:
        if name.startswith("_") or ":" in name:
            continue
        if len(name) > MAX_NAME_CHARS:
            raise FormTooComplex(f"Ein Feldname ist länger als {MAX_NAME_CHARS} Zeichen")
        path = split(name)
        if len(path) > MAX_DEPTH:
            raise FormTooComplex(f"Ein Feldname ist tiefer verschachtelt als {MAX_DEPTH} "
                                 "Ebenen")
        cells += 1
        for depth, part in enumerate(path):
            if isinstance(part, int):
                if part >= MAX_ROWS:
                    raise FormTooComplex(f"Eine Liste hat mehr als {MAX_ROWS} Zeilen")
                prefix = path[:depth]
                before = highest.get(prefix, -1)
                if part > before:
                    cells += part - before
                    highest[prefix] = part
        if cells > MAX_CELLS:
            raise FormTooComplex(f"Das Formular hat mehr als {MAX_CELLS} Werte und Zeilen")


def state_from_form(items: list[tuple[str, str]]) -> dict[str, Any]:
    """The form's values as nested data, as the browser sent them (empty fields and
    empty rows included), from names like ``beratungsfolge[1].gremium``; beyond the
    form's bounds, ``FormTooComplex`` before anything is built."""
    check_names([name for name, _ in items])
    root: dict[str, Any] = {}
    for name, value in items:
        if name.startswith("_") or ":" in name:
            continue
        path = split(name)
        if path:
            put(root, path, value)
    return root


def put(root: Any, path: Path_, value: Any) -> None:
    """Set ``value`` at ``path`` in ``root``, making the lists and mappings on the way
    (nothing for a path deeper than ``MAX_DEPTH``: a forged request)."""
    if len(path) > MAX_DEPTH:
        return
    container = root
    for part, following in zip(path, [*path[1:], None], strict=True):
        if following is None:
            if part == ROW_MARKER:
                return
            _set(container, part, value)
            return
        child = _get(container, part)
        if not isinstance(child, dict | list):
            child = [] if isinstance(following, int) else {}
            _set(container, part, child)
        container = child


def _get(container: Any, part: str | int) -> Any:
    if isinstance(container, list) and isinstance(part, int):
        return container[part] if part < len(container) else None
    if isinstance(container, dict):
        return container.get(part)
    return None


def _set(container: Any, part: str | int, value: Any) -> None:
    if isinstance(container, list) and isinstance(part, int):
        if part >= MAX_ROWS:
            return  # no list row that far out: a forged request
        while len(container) <= part:
            container.append(None)
        container[part] = value
    elif isinstance(container, dict):
        container[part] = value


def at(state: Any, path: Path_) -> Any:
    for part in path:
        state = _get(state, part)
    return state


def apply(state: dict[str, Any], action: str, form: Form) -> Path_ | None:
    """A list button (``hinzufuegen:anlagen``, ``entfernen:anlagen[1]``, ``hoch:…``,
    ``runter:…``) applied to ``state``; the path of the row to focus afterwards."""
    verb, _, target = action.partition(":")
    path = split(target)
    if not path:
        return None
    if verb == "hinzufuegen" and form.kind_at(path) == "pairs":
        pairs = at(state, path)
        if not isinstance(pairs, dict):
            pairs = {}
            put(state, path, pairs)
        pairs[f"{PAIR}{len(pairs)}"] = {"name": "", "wert": ""}
        return (*path, f"{PAIR}{len(pairs) - 1}")
    if verb == "entfernen" and str(path[-1]).startswith(PAIR):
        pairs = at(state, path[:-1])
        if isinstance(pairs, dict):
            pairs.pop(path[-1], None)
        return path[:-1]
    if verb == "hinzufuegen":
        rows = at(state, path)
        if not isinstance(rows, list):
            rows = [] if rows in (None, "") else [rows]
            put(state, path, rows)
        rows.append({} if form.item_kind(path) == "group" else "")
        return (*path, len(rows) - 1)
    parent, index = path[:-1], path[-1]
    rows = at(state, parent)
    if not isinstance(rows, list) or not isinstance(index, int) or index >= len(rows):
        return None
    if verb == "entfernen":
        del rows[index]
        return parent
    other = index - 1 if verb == "hoch" else index + 1 if verb == "runter" else None
    if other is None or not 0 <= other < len(rows):
        return path
    rows[index], rows[other] = rows[other], rows[index]
    return (*parent, other)


def find(fields: list[Field], path: Path_) -> Field | None:
    """The control at ``path`` among ``fields`` and their rows."""
    for field in fields:
        for inner in field.walk():
            if inner.path == path:
                return inner
    return None

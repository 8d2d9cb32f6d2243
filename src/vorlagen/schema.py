"""The JSON Schema of a Vorlage file, for editors that check and complete YAML.

An editor with a YAML language server (VS Code, Neovim, IntelliJ) reads the schema a
file names in its first line (``# yaml-language-server: $schema=…``) and then knows every
field, its German description, the values it takes and the blocks of the installed
plugins. The schema is the pydantic model's, with what only the plugins and the chosen
Hausformat know added: each plugin's block, the kinds of paper (``art``), the roles of a
Beratung (``rolle``), the named sections (``abschnitte``) and ``angaben`` of that
Hausformat, and of the optional fields only those it prints for some kind of paper.
"""

from __future__ import annotations

import json
from typing import Any

import pluggy
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from vorlagen.configure import OPTIONAL_PRINTED, PRINTED_BY_TEXTS, Printed, printed
from vorlagen.hausformat import Hausformat
from vorlagen.model import Vorlage
from vorlagen.plugins import config_models, document_types

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def vorlage_schema(manager: pluggy.PluginManager, hausformat: Hausformat | None = None,
                   hausformat_name: str | None = None) -> dict[str, Any]:
    """The JSON Schema of a Vorlage file with the blocks of ``manager``'s plugins and,
    if given, the vocabularies of ``hausformat`` (named ``hausformat_name``)."""
    plugins = {name: model for name, (_, model) in sorted(config_models(manager).items())}
    models: list[type[BaseModel]] = [Vorlage, *plugins.values()]
    refs, top = models_json_schema([(model, "validation") for model in models],
                                   ref_template="#/$defs/{model}")
    definitions: dict[str, Any] = top.get("$defs", {})
    schema = dict(definitions.pop("Vorlage"))
    schema["properties"]["plugins"] = {
        "type": "object",
        "properties": {name: refs[(model, "validation")] for name, model in plugins.items()},
        "additionalProperties": False,
    }
    for name, help_text in FELDER.items():
        schema["properties"][name]["description"] = help_text
    if hausformat is not None:
        _vocabularies(schema, definitions, hausformat, hausformat_name)
        arten = schema["properties"]["art"]["enum"]
        arten += [name for name in document_types(manager) if name not in arten]
    return {**schema, "$schema": DIALECT, "title": "Vorlage (vorlagen)",
            "description": _description(hausformat_name), "$defs": definitions}


FELDER: dict[str, str] = {
    "art": "Die Art der Vorlage, wie das Hausformat sie nennt, z. B. Beschlussvorlage",
    "hausformat": "Das Hausformat: Name (vorlagen hausformate) oder Pfad einer "
                  "Hausformat-Datei",
    "organisationseinheit": "Das Amt, das die Vorlage erstellt",
    "datum": "Das Datum der Vorlage, TT.MM.JJJJ",
    "drucksachen_nr": "Die Drucksachen-Nummer, z. B. 2025/014",
    "ergaenzung_zu": "Die Drucksachen-Nr. der Vorlage, die diese ergänzt",
    "federfuehrung": "Das federführende Amt oder Dezernat",
    "beteiligungen": "Beteiligte Ämter, einer oder eine Liste",
    "verantwortlich": "Wer verantwortlich zeichnet",
    "bearbeiter": "Wer die Vorlage bearbeitet (Auskunft)",
    "aktenzeichen": "Das Aktenzeichen",
    "haushalt_produkte": "Berührte Produkte des Haushalts",
    "beratungsfolge": "Die Gremien, die die Vorlage beraten, in ihrer Reihenfolge",
    "tagesordnungspunkt": "Der Tagesordnungspunkt (TOP)",
    "status": "Der Status, wie das Hausformat ihn druckt, z. B. öffentlich",
    "einreicher": "Wer die Vorlage einbringt (Dezernat, Fraktion, Bürgermeister)",
    "unterzeichnung": "Der Name unter der Vorlage, z. B. i. V. Erika Muster",
    "angaben": "Weitere Angaben, die das Hausformat oder das Design nennt, z. B. telefon",
    "titel": "Der Betreff der Vorlage",
    "kurzfassung": "Eine Kurzfassung (Markdown), wo das Hausformat eine hat",
    "beschlussvorschlag": "Der Beschlussvorschlag: ein Absatz oder eine Liste von Punkten",
    "kenntnisnahme": "Der Satz einer Vorlage ohne Beschluss, z. B. Um Kenntnisnahme wird "
                     "gebeten.",
    "sachverhalt_ueberschrift": "Ersetzt die Überschrift Sachverhalt, z. B. Begründung",
    "sachverhalt": "Der Sachverhalt: ein Text (Markdown) oder Abschnitte mit ueberschrift "
                   "und text",
    "finanzielle_auswirkungen": "Die finanziellen Auswirkungen (Markdown)",
    "abschnitte": "Weitere Abschnitte, die das Hausformat mit Namen vorsieht",
    "anlagen": "Die Anlagen: titel und, wenn es eine Datei gibt, datei",
    "plugins": "Ein Block je Plugin (vorlagen plugins), unter dem Namen des Plugins",
}
"""What each field of a Vorlage holds, in German, by its key in the file: the schema's
descriptions, which an editor shows, and the comments of ``vorlagen new``."""


def schema_text(manager: pluggy.PluginManager, hausformat: Hausformat | None = None,
                hausformat_name: str | None = None) -> str:
    """``vorlage_schema`` as the text of a JSON file, indented, umlauts as they are."""
    return json.dumps(vorlage_schema(manager, hausformat, hausformat_name), ensure_ascii=False,
                      indent=2) + "\n"


def _description(hausformat_name: str | None) -> str:
    text = "Eine Sitzungsvorlage für vorlagen render"
    return f"{text}, im Hausformat {hausformat_name!r}" if hausformat_name else text


def _vocabularies(schema: dict[str, Any], definitions: dict[str, Any],
                  hausformat: Hausformat, hausformat_name: str | None) -> None:
    """What the Hausformat allows, as enums: ``art``, ``beratungsfolge[].rolle``, the
    names under ``abschnitte``; and ``hausformat`` as its name."""
    properties = schema["properties"]
    arten = [name for art in hausformat.arten for name in (art.name, *art.auch)]
    properties["art"] = {**properties["art"], "enum": arten}
    if hausformat_name:
        properties["hausformat"] = {**properties["hausformat"], "examples": [hausformat_name]}
    if hausformat.rollen:
        rolle = definitions["Beratung"]["properties"]["rolle"]
        rolle["anyOf"] = [{"enum": list(hausformat.rollen)}, {"type": "null"}]
    shown = [printed(hausformat, art) for art in hausformat.arten]
    felder = {field for found in shown for field in found.felder}
    for field in (*OPTIONAL_PRINTED, *PRINTED_BY_TEXTS, "beschlussvorschlag",
                  "sachverhalt_ueberschrift"):
        if field not in felder:
            properties.pop(field, None)
    _angaben(properties, hausformat, shown)
    names = sorted({name for found in shown for name in found.abschnitte})
    if names:  # each by name, so that an editor completes them
        teil = properties["abschnitte"]["additionalProperties"]
        properties["abschnitte"] = {**properties["abschnitte"],
                                    "properties": dict.fromkeys(names, teil),
                                    "propertyNames": {"enum": names}}
    else:
        properties.pop("abschnitte")


def _angaben(properties: dict[str, Any], hausformat: Hausformat,
             shown: list[Printed]) -> None:
    """``angaben`` with the keys the Hausformat prints, each with its description and
    values as it declares them; none: no ``angaben``."""
    keys = list(dict.fromkeys(key for found in shown for key in found.angaben))
    if not keys:
        properties.pop("angaben")
        return
    node = properties["angaben"]
    each: dict[str, Any] = {}
    for key in keys:
        declared = hausformat.angaben.get(key)
        value = dict(node["additionalProperties"])
        if declared is not None and declared.werte:
            value = {"enum": list(declared.werte)}
        if declared is not None and declared.beschreibung:
            value["description"] = declared.beschreibung
        each[key] = value
    properties["angaben"] = {**{k: v for k, v in node.items()
                                if k not in ("additionalProperties", "propertyNames")},
                             "properties": each, "additionalProperties": False,
                             "description": "Weitere Angaben, die das Hausformat druckt"}

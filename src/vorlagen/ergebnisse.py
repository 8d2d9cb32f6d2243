"""The results of the Beratungen taken from the RIS data into a Vorlage file
(``vorlagen ris ergebnisse``).

After a meeting the RIS knows what the Gremium decided on each agenda item (OParl
``AgendaItem.result``, kept in ``ris.yaml`` as ``Tagesordnungspunkt.ergebnis``). Each
Beratung of a Vorlage is matched to its meeting (its Gremium and one of its
Sitzungstermine) and there to its agenda item: by its TOP, or without one by the item
whose name contains the Vorlage's Betreff or Drucksachen-Nr. Where that is not clear,
nothing is guessed: the finding says why. A result is written into the Beratung's
``ergebnis``; one already there and different only with ``ueberschreiben``.

The file is changed only there: YAML through ruamel.yaml's round trip (comments, key
order and quoting kept; a comment below the Beratung stays below it), TOML through
tomlkit's, JSON in its key order and indentation; the new text is read back and must
hold the old data with only those results added, or nothing is written. ruamel.yaml and
tomlkit come with the extra ``vorlagen[serve]``, as for the form (whose saving code
lives in ``vorlagen.serve``, which would bring Starlette along).
"""

from __future__ import annotations

import copy
import io
import itertools
import json
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from vorlagen.errors import InputError, Problem
from vorlagen.model import Beratung, Vorlage
from vorlagen.ris import Ris, Sitzung, Tagesordnungspunkt


@dataclass(frozen=True, slots=True)
class Befund:
    """What was found in the RIS for one Beratung."""

    index: int
    """The Beratung's place in ``beratungsfolge`` (from 0)."""
    wo: str
    """The Beratung as the message names it: "Haupt- und Finanzausschuss, 10.12.2026,
    TOP 3"."""
    text: str
    """What was found, or why nothing: the result itself where one is taken."""
    ergebnis: str | None = None
    """The result to write into the Beratung; None: the file keeps what it has."""

    def __str__(self) -> str:
        return f"{self.wo}: {self.text}"


def _datum(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _nummer(text: str) -> str:
    """A TOP as compared: "TOP 3.", "3" and " 3 " are the same item."""
    text = " ".join(text.split()).casefold()
    text = re.sub(r"^top\s*", "", text)
    return text.rstrip(".").replace(" ", "")


_QUOTES = re.compile("[\"'\u201a\u201e\u2018\u2019\u201c\u201d]")
"""Quotation marks, which a title and an agenda item may set differently."""


def _words(text: str) -> str:
    return " ".join(_QUOTES.sub("", text).casefold().split())


def _names_the_vorlage(punkt: Tagesordnungspunkt, vorlage: Vorlage) -> bool:
    """Whether the agenda item's name contains the Vorlage's Betreff or, as a word of
    its own, its Drucksachen-Nr."""
    name = _words(punkt.name or "")
    if not name:
        return False
    if _words(vorlage.titel) and _words(vorlage.titel) in name:
        return True
    nummer = _words(vorlage.drucksachen_nr)
    return bool(nummer) and re.search(rf"(?<![\w/]){re.escape(nummer)}(?![\w/])",
                                      name) is not None


def _public(beratung: Beratung) -> bool:
    return beratung.sitzungsart == "öffentlich"


def _candidates(sitzung: Sitzung, beratung: Beratung, vorlage: Vorlage
                ) -> list[Tagesordnungspunkt]:
    """The agenda items of ``sitzung`` that may be the Beratung's; of several in both
    parts of the meeting, those of the part the Beratung is in."""
    if beratung.top:
        wanted = _nummer(beratung.top)
        found = [punkt for punkt in sitzung.tagesordnung
                 if punkt.nummer and _nummer(punkt.nummer) == wanted]
    else:
        found = [punkt for punkt in sitzung.tagesordnung if _names_the_vorlage(punkt, vorlage)]
    if len(found) > 1:
        same_part = [punkt for punkt in found if punkt.oeffentlich is None
                     or punkt.oeffentlich == _public(beratung)]
        found = same_part or found
    return found


def _top(punkt: Tagesordnungspunkt) -> str:
    return f"TOP {punkt.nummer.strip().rstrip('.')}" if punkt.nummer else "TOP ohne Nummer"


def befunde(vorlage: Vorlage, ris: Ris, *, ueberschreiben: bool = False) -> list[Befund]:
    """For each Beratung of ``vorlage``, what ``ris`` says of its result."""
    return [_befund(vorlage, index, beratung, ris, ueberschreiben)
            for index, beratung in enumerate(vorlage.beratungsfolge)]


def _befund(vorlage: Vorlage, index: int, beratung: Beratung, ris: Ris,
            ueberschreiben: bool) -> Befund:
    termine = ", ".join(_datum(day) for day in beratung.sitzungstermine)
    wo = ", ".join(part for part in (beratung.gremium, termine,
                                     f"TOP {beratung.top}" if beratung.top else "") if part)
    gremium = ris.gremium(beratung.gremium)
    if gremium is None:
        close = ris.aehnlich(beratung.gremium)
        hint = (f"; gemeint ist vielleicht '{close}'" if close
                else "; den Namen so schreiben, wie das RIS das Gremium nennt")
        return Befund(index, wo, f"kein Gremium dieses Namens im RIS{hint}")
    if not beratung.sitzungstermine:
        return Befund(index, wo, "kein Sitzungstermin in der Vorlage; ohne ihn ist die "
                                 "Sitzung nicht zu finden")
    days = set(beratung.sitzungstermine)
    sitzungen = [sitzung for sitzung in ris.sitzungen_von(gremium) if sitzung.tag in days]
    if not sitzungen:
        return Befund(index, wo, "keine Sitzung dieses Gremiums an diesem Tag im RIS "
                                 "(vielleicht verlegt: Sitzungstermin prüfen, dann "
                                 "'vorlagen ris abrufen' erneut)")
    found = [(sitzung, _candidates(sitzung, beratung, vorlage)) for sitzung in sitzungen]
    found = [(sitzung, punkte) for sitzung, punkte in found if punkte]
    if not found:
        if beratung.top:
            return Befund(index, wo, f"TOP {beratung.top} steht nicht auf der Tagesordnung "
                                     "der Sitzung im RIS; TOP in der Vorlage prüfen")
        return Befund(index, wo, "kein Tagesordnungspunkt der Sitzung nennt den Betreff oder "
                                 "die Drucksachen-Nr. der Vorlage; TOP in der Vorlage angeben")
    sitzung, punkte = found[-1]  # deferred to a later meeting: the last one decided
    punkte = [punkt for each, found_there in found if each.tag == sitzung.tag
              for punkt in found_there]  # two meetings that day: both count
    tag = _datum(sitzung.tag) if sitzung.tag else termine
    if len(punkte) > 1:
        nummern = ", ".join(_top(punkt) for punkt in punkte)
        return Befund(index, f"{beratung.gremium}, {tag}",
                      f"mehrere Tagesordnungspunkte kommen in Frage ({nummern}); keiner "
                      "übernommen: den TOP in der Vorlage angeben")
    punkt = punkte[0]
    wo = f"{beratung.gremium}, {tag}, {_top(punkt)}"
    ergebnis = " ".join((punkt.ergebnis or "").split())
    if not ergebnis:
        return Befund(index, wo, "noch kein Ergebnis im RIS")
    if beratung.ergebnis is None or beratung.ergebnis.strip() == "":
        return Befund(index, wo, ergebnis, ergebnis)
    if " ".join(beratung.ergebnis.split()) == ergebnis:
        return Befund(index, wo, f"{ergebnis} (stand schon in der Vorlage)")
    if ueberschreiben:
        return Befund(index, wo, f"{ergebnis} (ersetzt '{beratung.ergebnis}')", ergebnis)
    return Befund(index, wo, f"im RIS '{ergebnis}', in der Vorlage steht schon "
                             f"'{beratung.ergebnis}'; nicht überschrieben (mit "
                             "--ueberschreiben ersetzen)")


# --------------------------------------------------------------------------- the file


def with_ergebnisse(path: Path, text: str, ergebnisse: Mapping[int, str]) -> str:
    """The text of the Vorlage file ``path`` (holding ``text``) with the ``ergebnis`` of
    each Beratung in ``ergebnisse`` (by its place) set, all else as written. An
    InputError where the file's Beratungsfolge is not a list of mappings, or where the
    text written would hold anything else than the old data with those results."""
    suffix = path.suffix.lower()
    writer = {".json": _json, ".toml": _toml}.get(suffix, _yaml)
    reader: Callable[[str], Any] = {".json": json.loads, ".toml": tomllib.loads}.get(
        suffix, yaml.safe_load)
    new_text = writer(path, text, ergebnisse)
    expected = copy.deepcopy(reader(text))
    for index, ergebnis in ergebnisse.items():
        expected["beratungsfolge"][index]["ergebnis"] = ergebnis
    if reader(new_text) != expected:
        raise InputError(str(path), [Problem("beratungsfolge", (
            "das Ergebnis lässt sich nicht eintragen, ohne anderes in der Datei zu ändern; "
            "das Ergebnis von Hand als ergebnis der Beratung eintragen"))])
    return new_text


def _items(path: Path, data: Any, ergebnisse: Mapping[int, str]) -> Any:
    """The file's Beratungsfolge, checked to hold a mapping at each place."""
    folge = data.get("beratungsfolge") if isinstance(data, Mapping) else None
    if not isinstance(folge, list) or any(
            index >= len(folge) or not isinstance(folge[index], Mapping)
            for index in ergebnisse):
        raise InputError(str(path), [Problem("beratungsfolge", (
            "die Beratungsfolge ist keine Liste von Beratungen (gremium: …); so lässt sich "
            "kein Ergebnis eintragen"))])
    return folge


def _extra(name: str) -> InputError:
    return InputError("vorlagen ris ergebnisse", [Problem("", (
        f"braucht das Extra serve ({name} fehlt), um die Datei mit ihren Kommentaren zu "
        "schreiben: pip install 'vorlagen[serve]' oder make example im Projektordner"))])


def _json(path: Path, text: str, ergebnisse: Mapping[int, str]) -> str:
    data = json.loads(text)
    folge = _items(path, data, ergebnisse)
    for index, ergebnis in ergebnisse.items():
        folge[index]["ergebnis"] = ergebnis
    match = re.search(r"\n( +)\S", text)
    return json.dumps(data, ensure_ascii=False, indent=len(match.group(1)) if match else 2
                      ) + "\n"


def _toml(path: Path, text: str, ergebnisse: Mapping[int, str]) -> str:
    try:
        import tomlkit
    except ImportError as error:
        raise _extra(error.name or "tomlkit") from None
    document = tomlkit.parse(text)
    folge = _items(path, document, ergebnisse)
    for index, ergebnis in ergebnisse.items():
        folge[index]["ergebnis"] = ergebnis
    return tomlkit.dumps(document)


def _yaml(path: Path, text: str, ergebnisse: Mapping[int, str]) -> str:
    try:
        from ruamel.yaml import YAML
    except ImportError as error:
        raise _extra(error.name or "ruamel.yaml") from None
    round_trip = YAML(typ="rt")
    round_trip.preserve_quotes = True
    round_trip.width = 4096  # never re-wrap a long line the user wrote
    sequence, offset = _sequence_indent(text)
    round_trip.indent(mapping=_mapping_indent(text), sequence=sequence, offset=offset)
    document = round_trip.load(text)
    folge = _items(path, document, ergebnisse)
    for index, ergebnis in ergebnisse.items():
        _set_ergebnis(folge[index], ergebnis)
    stream = io.StringIO()
    round_trip.dump(document, stream)
    return stream.getvalue()


_KEY_LINE = re.compile(r"^( *)([^\s#-][^:#]*):[ \t]*(#.*)?$")


def _mapping_indent(text: str) -> int:
    """How far the file indents a mapping under a key (``angaben:``): 2 if it has none."""
    lines = [line for line in text.splitlines() if line.strip()
             and not line.lstrip().startswith("#")]
    for line, following in itertools.pairwise(lines):
        key = _KEY_LINE.match(line)
        inner = len(following) - len(following.lstrip(" "))
        if key and inner > len(key.group(1)) and not following.lstrip().startswith("-"):
            return inner - len(key.group(1))
    return 2


def _sequence_indent(text: str) -> tuple[int, int]:
    """How the file indents the items of a list under a key: where its dash stands
    (``offset``) and its item's keys (``sequence``), as ruamel.yaml counts them."""
    lines = [line for line in text.splitlines() if line.strip()
             and not line.lstrip().startswith("#")]
    for line, following in itertools.pairwise(lines):
        key = _KEY_LINE.match(line)
        stripped = following.lstrip(" ")
        if key and stripped.startswith("- "):
            offset = len(following) - len(stripped) - len(key.group(1))
            after_dash = len(stripped) - len(stripped[1:].lstrip(" ")) - 1
            return offset + 1 + after_dash, offset
    return 4, 2


def _set_ergebnis(item: Any, ergebnis: str) -> None:
    """Set ``ergebnis`` in a Beratung of ruamel.yaml's round trip: a new key goes last,
    and the whole comment lines that stood below the Beratung's last value (about what
    follows) stay below, after the new key; an end-of-line comment stays on its line."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.scalarstring import SingleQuotedScalarString
    from ruamel.yaml.tokens import CommentToken

    value: str = ergebnis if _plain(ergebnis) else SingleQuotedScalarString(ergebnis)
    if "ergebnis" in item or not isinstance(item, CommentedMap) or item.fa.flow_style():
        item["ergebnis"] = value
        return
    tail = ""
    found = _last_comment_place(item)
    if found is not None:
        holder, key, slot = found
        entry = holder.ca.items.get(key)
        token = entry[slot] if entry else None
        if token is not None:
            head, newline, tail = token.value.partition("\n")
            if tail:
                token.value = head + newline
    item["ergebnis"] = value
    if tail:
        item.ca.items["ergebnis"] = [None, None,
                                     CommentToken("\n" + tail, CommentMark(0), None), None]


def _plain(text: str) -> bool:
    """Whether ``text`` written without quotes is read back as itself by any YAML reader:
    not ``on``, ``no`` or ``2026-12-10``, which YAML 1.1 reads as a truth value or a date
    (ruamel.yaml writes YAML 1.2, where they are text)."""
    try:
        return bool(yaml.safe_load(text) == text)
    except yaml.YAMLError:
        return False


def _last_comment_place(node: Any) -> tuple[Any, Any, int] | None:
    """Where ruamel.yaml keeps the comments after the last value of a block mapping:
    the holder, its key and the slot, down to the last item of a nested block."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    while True:
        if not isinstance(node, CommentedMap | CommentedSeq) or not node \
                or node.fa.flow_style():
            return None
        key, slot = (list(node)[-1], 2) if isinstance(node, CommentedMap) else (len(node) - 1, 0)
        value = node[key]
        if isinstance(value, CommentedMap | CommentedSeq) and value \
                and not value.fa.flow_style():
            node = value
            continue
        return node, key, slot

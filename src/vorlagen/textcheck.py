"""A text with ``{{ … }}`` checked before anything is rendered: does each name it uses
exist, each filter and function, with the right number of values?

A Hausformat's texts are rendered only when a Vorlage uses them, and a misspelled
``{{ angabe.x }}`` would first fail there, in someone else's paper, or never print at
all (``wenn: telefonn``). ``vorlagen hausformat check`` reads each text's syntax tree
(Jinja's public ``parse``, ``meta`` and ``nodes``) against what a Vorlage can hold, and
names every problem with the line of the text and the closest known name.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError, meta, nodes

from vorlagen import grammar, jinja_messages
from vorlagen.model import Beratung, Vorlage
from vorlagen.templating import text_environment


class _Free:
    """A mapping whose keys are the Vorlage's to choose (``angaben``)."""


FREE = _Free()


@dataclass(frozen=True, slots=True)
class Items:
    """A list whose items have ``shape`` (``beratungsfolge``)."""

    shape: Shape


Shape = None | _Free | Items | dict[str, "Shape"]
"""What a name stands for, as far as a check can tell: None (a value whose attributes
are not checked: a text, a date), a mapping of free keys, a list, or a mapping of known
fields."""

NOT_IN_LAYOUT_TEXTS = frozenset({"plugins", "sachverhalt", "anlagen", "abschnitte"})
"""Fields of the Vorlage a Hausformat's texts cannot name: its Bausteine print them."""

BERATUNG: dict[str, Shape] = {**dict.fromkeys(Beratung.model_fields), "termin": None}
"""What one Beratung of ``beratungsfolge`` holds in a text."""


def layout_names(**extra: Shape) -> dict[str, Shape]:
    """The names every text of a Hausformat may use (``draft.hausformat_variables``), and
    ``extra`` ones of a Baustein (``nummer`` and ``titel`` in the Anlagen' ``eintrag``)."""
    names: dict[str, Shape] = dict.fromkeys(
        name for name in Vorlage.model_fields if name not in NOT_IN_LAYOUT_TEXTS)
    names.update(art=None, status=None, behoerde=None, angaben=FREE,
                 beratungsfolge=Items(BERATUNG))
    return {**names, **extra}


BERATUNG_SPALTE = {**BERATUNG, "oe": None}
"""What a column of the Beratungsfolge (``wert``) may name besides the Vorlage's fields."""

_MAPPING_METHODS = frozenset({"get", "items", "keys", "values"})


def problems(text: str, names: Mapping[str, Shape]) -> list[tuple[int, str]]:
    """Each problem of ``text`` as (line of the text from 1, German message), in order;
    ``names`` are the variables it may use."""
    environment = text_environment()
    try:
        tree = environment.parse(text)
    except TemplateSyntaxError as error:
        return [(error.lineno, f"Text {text!r} fehlerhaft: {jinja_messages.syntax(error)}")]
    functions: dict[str, Any] = {name: environment.globals[name] for name in grammar.FUNCTIONS}
    check = _Check(names, set(), functions)
    check.found += grammar.problems(tree)
    for used_filter in tree.find_all(nodes.Filter):
        check.filter(used_filter, environment.filters)
    for used_test in tree.find_all(nodes.Test):
        check.filter(used_test, environment.tests)
    try:
        used = meta.find_undeclared_variables(tree)
    except TemplateError:  # an unknown filter or test, reported above
        stored = {node.name for node in tree.find_all(nodes.Name) if node.ctx != "load"}
        used = {node.name for node in tree.find_all(nodes.Name) if node.ctx == "load"} - stored
    check.used = used
    for name in sorted(used - set(names) - set(functions) - {"loop"}):
        first = next(node for node in tree.find_all(nodes.Name) if node.name == name)
        check.found.append((first.lineno, unknown(name, [*names, *functions], names)))
    for field in tree.find_all((nodes.Getattr, nodes.Getitem)):
        check.field(field)  # type: ignore[arg-type]
    for call in tree.find_all(nodes.Call):
        check.call(call)
    if not check.found:
        try:
            environment.compile(text)
        except TemplateError as error:
            check.found.append((getattr(error, "lineno", None) or 1,
                                f"Text {text!r} fehlerhaft: {jinja_messages.german(error)}"))
    return sorted(dict.fromkeys(check.found), key=lambda found: found[0])


def unknown(name: str, candidates: Iterable[str], names: Mapping[str, Shape]) -> str:
    """The message for an unknown name: the closest known one, else a value of
    ``angaben``, else what there is."""
    if name in ("seite", "seiten"):
        return (f"unbekannte Variable {name!r}: die Seitenzahl steht in seite.fuss und "
                "seite.kopf_folgeseiten als {seite} und {seiten}, in einfachen Klammern")
    close = difflib.get_close_matches(name, list(candidates), n=1)
    if close:
        return f"unbekannte Variable {name!r}; gemeint ist vielleicht {close[0]!r}"
    if isinstance(names.get("angaben"), _Free):
        return (f"unbekannte Variable {name!r}; gemeint ist vielleicht 'angaben.{name}' "
                "(ein frei benannter Wert der Vorlage)")
    return f"unbekannte Variable {name!r}; Variablen: {', '.join(sorted(names))}"


def condition_problem(wenn: str, names: Mapping[str, Shape]) -> str | None:
    """What is wrong with the field a ``wenn`` names (``einreicher``,
    ``angaben.telefon``), or None."""
    first, _, rest = wenn.partition(".")
    if first not in names:
        close = difflib.get_close_matches(first, list(names), n=1)
        hint = f"; gemeint ist vielleicht {close[0]!r}" if close else ""
        return (f"{wenn!r} ist kein Feld der Vorlage{hint} (Felder: "
                f"{', '.join(sorted(names))}; frei benannte Werte: angaben.NAME)")
    shape = names[first]
    if rest and isinstance(shape, dict) and rest not in shape:
        return f"{first} hat kein Feld {rest!r} (Felder: {', '.join(shape)})"
    if rest and not isinstance(shape, dict | _Free):
        return f"{first!r} hat keine Felder, die wenn nennen kann"
    return None


class _Check:
    """The problems found in one text's tree."""

    def __init__(self, names: Mapping[str, Shape], used: set[str],
                 functions: Mapping[str, Any]) -> None:
        self.names = names
        self.used = used
        self.functions = functions
        self.found: list[tuple[int, str]] = []

    def shape(self, node: nodes.Node) -> Shape | None:
        """What ``node`` stands for; None where it cannot be told."""
        if isinstance(node, nodes.Name):
            return self.names.get(node.name) if node.name in self.used else None
        if isinstance(node, nodes.Getattr):
            return _child(self.shape(node.node), node.attr)
        if isinstance(node, nodes.Getitem):
            parent = self.shape(node.node)
            if isinstance(parent, Items):
                return parent.shape
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return _child(parent, node.arg.value)
        return None

    def field(self, node: nodes.Getattr | nodes.Getitem) -> None:
        """A field of a known mapping that it does not have; a list used as one item."""
        parent = self.shape(node.node)
        if isinstance(node, nodes.Getattr):
            key: object = node.attr
        elif isinstance(node.arg, nodes.Const):
            key = node.arg.value
        else:
            return
        shown = _shown(node.node)
        if isinstance(parent, Items) and isinstance(key, str):
            self.found.append((node.lineno, (
                f"{shown} ist eine Liste; ein Eintrag ist {shown}[0] (der erste), z. B. "
                f"{shown}[0].{key}")))
        elif isinstance(parent, dict) and isinstance(key, str) and key not in parent \
                and key not in _MAPPING_METHODS:
            close = difflib.get_close_matches(key, list(parent), n=1)
            hint = f"; gemeint ist vielleicht {close[0]!r}" if close else ""
            self.found.append((node.lineno, (
                f"unbekanntes Feld {key!r} von {shown}{hint} (Felder: {', '.join(parent)})")))

    def filter(self, node: nodes.Filter | nodes.Test, known: Mapping[str, Any]) -> None:
        """An unknown filter (``| betrg``) or test, or one of ours given too many values."""
        kind = "Filter" if isinstance(node, nodes.Filter) else "Test"
        if node.name not in known:
            close = difflib.get_close_matches(node.name, list(known), n=1)
            hint = f"; gemeint ist vielleicht {close[0]!r}" if close else ""
            self.found.append((node.lineno, f"unbekannter {kind} {node.name!r}{hint}"))
            return
        if _binds(known[node.name], node, extra=1) is False:
            self.found.append((node.lineno, (
                f"der {kind} {node.name!r} mit falsch vielen Werten: "
                f"{_usage(known[node.name], node.name, filter_=True)}")))

    def call(self, node: nodes.Call) -> None:
        """A function of ours (``kreuz``) called with the wrong number of values."""
        if not isinstance(node.node, nodes.Name) or node.node.name not in self.functions \
                or node.node.name in self.names:
            return
        function = self.functions[node.node.name]
        if _binds(function, node) is False:
            message = (jinja_messages.KREUZ if node.node.name == "kreuz" else
                       f"mit falsch vielen Werten: {_usage(function, node.node.name)}")
            self.found.append((node.lineno, message))


def _child(parent: Shape | None, key: str) -> Shape | None:
    return parent.get(key) if isinstance(parent, dict) else None


def _shown(node: nodes.Node) -> str:
    """An expression as the text writes it, as far as names, fields and indexes go."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_shown(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        index = node.arg.value if isinstance(node.arg, nodes.Const) else "…"
        return f"{_shown(node.node)}[{index!r}]" if isinstance(index, str) and index != "…" \
            else f"{_shown(node.node)}[{index}]"
    return "…"


def _ours(function: Any) -> bool:
    """Whether ``function`` is one vorlagen adds (Jinja's own may take its environment
    or context first, which a check cannot tell from outside)."""
    return callable(function) and getattr(function, "__module__", "") == "vorlagen.templating"


def _binds(function: Callable[..., Any], node: nodes.Call | nodes.Filter | nodes.Test,
           extra: int = 0) -> bool | None:
    """Whether the values ``node`` gives fit ``function`` (``extra``: the value a filter
    is applied to); None where it cannot be told."""
    if not _ours(function) or node.dyn_args is not None or node.dyn_kwargs is not None:
        return None
    try:
        inspect.signature(function).bind(*([None] * (extra + len(node.args))),
                                          **{str(keyword.key): None for keyword in node.kwargs})
    except TypeError:
        return False
    return True


def _usage(function: Callable[..., Any], name: str, *, filter_: bool = False) -> str:
    """How ``function`` is written in a text, e.g. ``x | betrag`` (no values)."""
    parameters = list(inspect.signature(function).parameters)[1 if filter_ else 0:]
    if filter_:
        return f"… | {name}" + (f"({', '.join(parameters)})" if parameters else
                                " (ohne Werte in Klammern)")
    return f"{name}({', '.join(parameters)})"

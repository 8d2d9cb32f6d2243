"""The grammar of a text field and of a design's placeholder: what of Jinja's language a
text may use.

A text is written by an administrator, not a programmer: it looks up values
(``{{ angaben.kosten | betrag }}``), chooses between words (``{% if %}``, ``… if … else
…``), goes through a list (``{% for %}``) and names a value (``{% set x = … %}``). That
is all the shipped Hausformate, designs, guides and examples use, and all a text may
use: macros, blocks, ``include``, namespaces and the like are refused when the text is
read, with a German message, before anything runs. The check walks the syntax tree
from Jinja's public ``Environment.parse`` (``jinja2.nodes``).
"""

from __future__ import annotations

from jinja2 import TemplateSyntaxError, nodes

FUNCTIONS = ("kreuz", "range")
"""The functions a text may call by name; methods of a value (``'…'.format(…)``) are
checked by the sandbox as they run."""

INCLUDE = ("{% include %}, {% import %} und {% extends %} gibt es in Texten nicht; "
           "der Text muss für sich stehen")
"""Why a text cannot pull in another."""

WHAT_A_TEXT_KNOWS = ("ein Text kennt Variablen mit ihren Feldern, Filter (z. B. | betrag, "
                     "| lang), kreuz(…), {% if %}, {% for %} und {% set name = … %}")

EXPRESSIONS: tuple[type[nodes.Node], ...] = (
    nodes.Name, nodes.Const, nodes.Getattr, nodes.Getitem, nodes.Slice, nodes.Filter,
    nodes.Test, nodes.Call, nodes.Keyword, nodes.CondExpr, nodes.Compare, nodes.Operand,
    nodes.And, nodes.Or, nodes.Not, nodes.Neg, nodes.Pos, nodes.Add, nodes.Sub, nodes.Mul,
    nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow, nodes.Concat, nodes.List, nodes.Tuple,
    nodes.Dict, nodes.Pair)
"""The expressions of the grammar: lookups, constants, filters, tests, calls, choices,
comparisons, arithmetic, ``~`` and literals."""

STATEMENTS: tuple[type[nodes.Node], ...] = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.If, nodes.For, nodes.Assign)
"""The statements of the grammar: text, ``{{ … }}``, ``if``/``elif``/``else``, ``for``
and ``set`` of a name."""

_REFUSED = {
    nodes.Include: INCLUDE, nodes.Import: INCLUDE, nodes.FromImport: INCLUDE,
    nodes.Extends: INCLUDE,
    nodes.Macro: "{% macro %}", nodes.CallBlock: "{% call %}", nodes.Block: "{% block %}",
    nodes.FilterBlock: "{% filter %}", nodes.With: "{% with %}",
    nodes.AssignBlock: "{% set %}…{% endset %}", nodes.NSRef: "{% set name.feld = … %}",
    nodes.Scope: "{% autoescape %}", nodes.ScopedEvalContextModifier: "{% autoescape %}",
    nodes.EvalContextModifier: "{% autoescape %}", nodes.Break: "{% break %}",
    nodes.Continue: "{% continue %}", nodes.ExprStmt: "{% do %}",
}


class GrammarError(TemplateSyntaxError):
    """A text that uses what the grammar does not have; ``message`` says it in German,
    ``lineno`` the line of the text (from 1)."""


def problems(tree: nodes.Template) -> list[tuple[int, str]]:
    """Each use of what a text may not use, as (line of the text from 1, German
    message), in order."""
    found: list[tuple[int, str]] = []
    for node in (tree, *tree.find_all(nodes.Node)):
        if message := _problem(node):
            found.append((node.lineno or 1, message))
    return sorted(dict.fromkeys(found), key=lambda item: item[0])


def check(tree: nodes.Template) -> None:
    """Raise a GrammarError for the first use of what a text may not use."""
    if found := problems(tree):
        line, message = found[0]
        raise GrammarError(message, line)


def _problem(node: nodes.Node) -> str | None:
    kind = type(node)
    if kind in _REFUSED:
        refused = _REFUSED[kind]
        return refused if refused == INCLUDE else (
            f"{refused} ist in Texten nicht erlaubt; {WHAT_A_TEXT_KNOWS}")
    if not isinstance(node, STATEMENTS + EXPRESSIONS):
        return f"dieser Ausdruck ist in Texten nicht erlaubt; {WHAT_A_TEXT_KNOWS}"
    if isinstance(node, nodes.For) and node.recursive:
        return ("{% for … recursive %} ist in Texten nicht erlaubt; eine Liste wird mit "
                "einem einfachen {% for %} durchgegangen")
    if isinstance(node, nodes.Assign) and not all(
            isinstance(target, nodes.Name) for target in _targets(node.target)):
        return f"{{% set %}} nur für einen Namen ({{% set x = … %}}); {WHAT_A_TEXT_KNOWS}"
    if isinstance(node, nodes.Call) and not isinstance(node.node, nodes.Getattr) and not (
            isinstance(node.node, nodes.Name) and node.node.name in FUNCTIONS):
        name = node.node.name if isinstance(node.node, nodes.Name) else "dieser Wert"
        return (f"{name}(…) ist in Texten nicht erlaubt: {name} ist keine Funktion "
                f"(Funktionen: {', '.join(FUNCTIONS)}); ohne () schreiben")
    return None


def _targets(target: nodes.Node) -> list[nodes.Node]:
    return list(target.items) if isinstance(target, nodes.Tuple) else [target]

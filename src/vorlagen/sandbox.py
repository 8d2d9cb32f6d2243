"""Jinja's sandbox with bounds: a text field of a few bytes must not take gigabytes or
minutes.

Jinja's own sandbox keeps a template from Python's internals and files and caps
``range``. It does not bound what a value may grow to (``'x'.ljust(10**9)``,
``'%0999999999d' % 1``, a string doubled in a loop) nor how long a template may loop.
This sandbox checks every call, operator, filter and loop of a template:

- no value a template makes may exceed ``LARGEST`` characters (or items); calls that
  would allocate more (a width, a repeat count, a format width) are refused before they
  run, and every result is measured after;
- a template may take at most ``MAX_STEPS`` loop iterations and calls together, and at
  most ``MAX_SECONDS`` of time, checked at each of them; all texts of one paper together
  (``one_paper``) at most ``MAX_PAPER_STEPS`` and ``MAX_PAPER_SECONDS``, so that many
  texts each just within the bounds do not add up to minutes;
- what it writes may not exceed ``LARGEST`` characters in all.

A text is read with Jinja's public ``parse``, checked against the grammar
(``vorlagen.grammar``), and its syntax tree rewritten with public nodes (Jinja's
``EnvironmentAttribute``, the hook meant for extensions) so that every loop, ``~`` and
literal goes through the bounds below; ``compile`` then makes code of that tree.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from types import CodeType
from typing import Any

from jinja2 import Template, TemplateError, nodes
from jinja2.defaults import DEFAULT_NAMESPACE
from jinja2.filters import FILTERS
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

from vorlagen import grammar

LARGEST = 100_000
"""The most characters (or items) any value a template makes may have."""
MAX_STEPS = 1_000_000
"""The most loop iterations and calls one text may take."""
MAX_BITS = 3322
"""The most bits a product of whole numbers may have: about 1,000 decimal digits."""
MAX_SECONDS = 5.0
"""The most time one text may take to render."""
MAX_PAPER_STEPS = 2 * MAX_STEPS
"""The most loop iterations and calls all texts of one paper may take together."""
MAX_PAPER_SECONDS = MAX_SECONDS
"""The most time all texts of one paper may take together to render."""

_FORMAT_WIDTH = re.compile(r"\d+")
_WIDTH_METHODS = {"ljust", "rjust", "center", "zfill", "expandtabs"}
_NESTED_WIDTH = re.compile(r"\{[^{}]*:[^{}]*\{")


class LimitError(TemplateError):
    """A text field that would grow or run beyond the bounds; the message says which."""


@dataclass
class _PaperBudget:
    """What the texts of one paper have taken so far."""

    steps: int = 0
    seconds: float = 0.0


_paper: ContextVar[_PaperBudget | None] = ContextVar("vorlagen_paper_budget", default=None)


@contextmanager
def one_paper() -> Iterator[None]:
    """The texts rendered inside share one budget (``MAX_PAPER_STEPS``,
    ``MAX_PAPER_SECONDS``): those of one paper, in this thread."""
    token = _paper.set(_PaperBudget())
    try:
        yield
    finally:
        _paper.reset(token)


def _too_long(what: str = "Ergebnis") -> LimitError:
    return LimitError(f"{what} zu lang: mehr als {LARGEST:,} Zeichen".replace(",", "."))


def weight(value: Any, limit: int = LARGEST) -> int:
    """How much ``value`` is when written out: characters of its texts, one per item of
    its lists and mappings (nested ones and the same list twice counted each time), a
    third of a number's bits; counted without recursion, up to ``limit + 1``."""
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str | bytes):
            total += len(item)
        elif isinstance(item, bool) or not isinstance(item, int | list | tuple | set |
                                                        frozenset | dict):
            total += 1
        elif isinstance(item, int):
            total += max(1, item.bit_length() // 3)
        elif isinstance(item, dict):
            total += 1
            stack.extend(item.keys())
            stack.extend(item.values())
        else:
            total += 1
            stack.extend(item)
        if total > limit:
            return total
    return total


def _checked(value: Any) -> Any:
    if weight(value) > LARGEST:
        raise _too_long()
    return value


def _format_widths(text: str) -> None:
    """Refuse a format string (``%`` or ``str.format``) asking for a huge width."""
    for digits in _FORMAT_WIDTH.findall(text):
        if len(digits) > 12 or int(digits) > LARGEST:
            raise LimitError(f"Formatbreite zu groß: mehr als {LARGEST:,}".replace(",", "."))


def _int_args(args: Iterable[Any]) -> None:
    for value in args:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > LARGEST:
            raise _too_long()


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox a text field is rendered in; one per rendering (it counts)."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.steps = 0
        self.started = time.monotonic()
        lipsum: Callable[..., Any] = DEFAULT_NAMESPACE["lipsum"]  # type: ignore[assignment]
        self.globals["lipsum"] = self._bounded(lipsum, count_args=(0,), most=100)
        for name, width_args in (("center", (1,)), ("indent", (1,)), ("wordwrap", (1,)),
                                 ("truncate", (1,)), ("batch", (1,)), ("slice", (1,))):
            self.filters[name] = self._bounded(FILTERS[name], count_args=width_args,
                                               most=LARGEST)
        self.filters["format"] = self._format_filter
        self.filters["join"] = self._join_filter
        self.filters["replace"] = self._replace_filter

    # ---------------------------------------------------------------- counting

    def step(self) -> None:
        """One loop iteration or call: refused beyond the step or time budget."""
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise LimitError(f"zu viele Schritte: mehr als {MAX_STEPS:,} Schleifendurchläufe "
                             "und Aufrufe".replace(",", "."))
        if time.monotonic() - self.started > MAX_SECONDS:  # at each step: one may be slow
            raise LimitError(f"zu viel Rechenzeit: mehr als {MAX_SECONDS:g} Sekunden")
        budget = _paper.get()
        if budget is None:
            return
        budget.steps += 1
        if budget.steps > MAX_PAPER_STEPS:
            raise LimitError(f"zu viele Schritte in allen Texten der Vorlage zusammen: mehr "
                             f"als {MAX_PAPER_STEPS:,} Schleifendurchläufe und "
                             "Aufrufe".replace(",", "."))
        if budget.seconds + time.monotonic() - self.started > MAX_PAPER_SECONDS:
            raise LimitError(f"zu viel Rechenzeit in allen Texten der Vorlage zusammen: "
                             f"mehr als {MAX_PAPER_SECONDS:g} Sekunden")

    def bounded_iter(self, iterable: Any) -> Iterator[Any]:
        """A loop's items, each one step."""
        for item in iterable:
            self.step()
            yield item

    def bounded_concat(self, parts: list[Any]) -> str:
        """``a ~ b``: the joined text, if not too long."""
        if sum(weight(part) for part in parts) > LARGEST:  # before anything is written out
            raise _too_long()
        joined = "".join(str(part) for part in parts)
        return _checked(joined)  # type: ignore[no-any-return]

    # ---------------------------------------------------------------- the template

    def bounded_tree(self, source: str) -> nodes.Template:
        """``source``'s syntax tree, checked against the grammar (a GrammarError names
        the first thing a text may not use), with every loop counted and every ``~`` and
        literal bounded; an inline ``if`` without ``else`` gives "" when false, as in
        Jinja's default environment (a strict one would fail with an English message)."""
        tree = self.parse(source)
        grammar.check(tree)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Call(nodes.EnvironmentAttribute("bounded_iter"), [loop.iter],
                                   [], None, None, lineno=loop.lineno)
        for condition in tree.find_all(nodes.CondExpr):
            if condition.expr2 is None:
                condition.expr2 = nodes.Const("", lineno=condition.lineno)
        return _ConcatBounded().visit(_LiteralsBounded().visit(tree))  # type: ignore[no-any-return]

    def from_string(self, source: str | nodes.Template,
                    globals: MutableMapping[str, Any] | None = None,
                    template_class: type[Template] | None = None) -> Template:
        """A template of ``source`` read as ``bounded_tree`` reads it: docxtpl and a
        design's placeholders come this way."""
        if isinstance(source, str):
            source = self.bounded_tree(source)
        return super().from_string(source, globals, template_class)

    def bounded_value(self, value: Any) -> Any:
        """A list, tuple or mapping the template writes out (``[a, a]``): not too much,
        so that nesting it in a loop cannot double it without end."""
        self.step()
        return _checked(value)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.step()
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            if name in _WIDTH_METHODS:
                _int_args(args)
                _int_args(kwargs.values())
            elif name == "replace":
                __self._replaced(owner, *args)
            elif name == "join" and args:
                __self._joined(owner, args[0])
        return _checked(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``'…'.format(…)``: refused before it runs if the format string or the
        arguments that fill in its widths ask for a huge width."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template: str = value.__self__
        _format_widths(template)
        nested = _NESTED_WIDTH.search(template) is not None

        def bounded(*args: Any, **kwargs: Any) -> str:
            values = [*args, *kwargs.values()]
            if value.__name__ == "format_map" and args and isinstance(args[0], dict):
                values = list(args[0].values())
            _int_args(values)
            if nested:  # a width filled in from an argument: "{:{}}"
                _format_widths(" ".join(str(item) for item in values
                                        if isinstance(item, str) and item.isdigit()))
            return _checked(wrapped(*args, **kwargs))  # type: ignore[no-any-return]

        return bounded

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.step()
        if operator == "**":
            if isinstance(right, int | float) and abs(right) > 64:
                raise LimitError(f"Potenz zu groß: ** {right}")
            if isinstance(left, int | float) and abs(left) > LARGEST and right > 1:
                raise LimitError(f"Potenz zu groß: {left} **")
        elif operator == "*":
            for value, times in ((left, right), (right, left)):
                if (isinstance(value, str | list | tuple) and isinstance(times, int)
                        and not isinstance(times, bool)
                        and weight(value) * max(times, 0) > LARGEST):
                    raise _too_long()
            if (isinstance(left, int) and isinstance(right, int)
                    and left.bit_length() + right.bit_length() > MAX_BITS):
                raise LimitError("Zahl zu groß: mehr als 1.000 Stellen (wiederholtes "
                                 "Multiplizieren?)")
        elif operator == "%" and isinstance(left, str):
            _format_widths(left)  # "%0999999999d"
            _int_args(right if isinstance(right, tuple) else (right,))  # "%*d" % (10**9, 1)
        return _checked(super().call_binop(context, operator, left, right))

    # ---------------------------------------------------------------- filters

    def _bounded(self, function: Callable[..., Any], *, count_args: tuple[int, ...],
                 most: int) -> Callable[..., Any]:
        """``function`` with the arguments at ``count_args`` (a width, a count) at most
        ``most``, and its result measured."""
        def bounded(*args: Any, **kwargs: Any) -> Any:
            self.step()
            for index in count_args:
                value = args[index] if index < len(args) else None
                if isinstance(value, int) and not isinstance(value, bool) and value > most:
                    raise _too_long("Breite oder Anzahl")
            for value in kwargs.values():
                if isinstance(value, int) and not isinstance(value, bool) and value > most:
                    raise _too_long("Breite oder Anzahl")
            result = function(*args, **kwargs)
            if isinstance(result, Iterator):
                result = list(self.bounded_iter(result))
            return _checked(result)
        bounded.__name__ = getattr(function, "__name__", "bounded")
        if hasattr(function, "jinja_pass_arg"):  # Jinja passes the context as it did
            bounded.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
        return bounded

    def _format_filter(self, value: Any, *args: Any, **kwargs: Any) -> str:
        self.step()
        _format_widths(str(value))
        _int_args(args)
        return _checked(FILTERS["format"](value, *args, **kwargs))  # type: ignore[no-any-return]

    def _join_filter(self, eval_ctx: Any, value: Any, d: str = "", attribute: Any = None
                     ) -> str:
        self.step()
        items = list(self.bounded_iter(value))
        if len(str(d)) * max(len(items) - 1, 0) > LARGEST:
            raise _too_long()
        return _checked(FILTERS["join"](eval_ctx, items, d, attribute))  # type: ignore[no-any-return]

    _join_filter.jinja_pass_arg = FILTERS["join"].jinja_pass_arg  # type: ignore[attr-defined]

    def _replace_filter(self, eval_ctx: Any, s: Any, old: str, new: str,
                        count: int | None = None) -> str:
        self.step()
        self._replaced(str(s), old, new, count if count is not None else -1)
        return _checked(FILTERS["replace"](eval_ctx, s, old, new, count))  # type: ignore[no-any-return]

    _replace_filter.jinja_pass_arg = FILTERS["replace"].jinja_pass_arg  # type: ignore[attr-defined]

    @staticmethod
    def _replaced(text: str, old: Any = "", new: Any = "", count: Any = -1) -> None:
        """Refuse a replacement whose result would be too long, before it is made."""
        if not isinstance(old, str) or not isinstance(new, str):
            return
        times = (len(text) + 1) if old == "" else text.count(old)
        if isinstance(count, int) and count >= 0:
            times = min(times, count)
        if len(text) + times * (len(new) - len(old)) > LARGEST:
            raise _too_long()

    @staticmethod
    def _joined(separator: str, items: Any) -> None:
        if isinstance(items, list | tuple) and len(separator) * max(len(items) - 1, 0) > LARGEST:
            raise _too_long()


class _LiteralsBounded(NodeTransformer):
    """Every list, tuple and mapping a template writes out goes through the sandbox's
    ``bounded_value``; tuples that are assigned to (``{% for a, b in … %}``) stay."""

    def _wrapped(self, node: nodes.Expr) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Call(nodes.EnvironmentAttribute("bounded_value"), [node], [], None, None,
                          lineno=node.lineno)

    def visit_List(self, node: nodes.List) -> nodes.Node:
        return self._wrapped(node)

    def visit_Dict(self, node: nodes.Dict) -> nodes.Node:
        return self._wrapped(node)

    def visit_Tuple(self, node: nodes.Tuple) -> nodes.Node:
        if node.ctx != "load":
            self.generic_visit(node)
            return node
        return self._wrapped(node)


class _ConcatBounded(NodeTransformer):
    """Every ``a ~ b`` goes through the sandbox's ``bounded_concat``, which measures the
    parts before it joins them."""

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Call(nodes.EnvironmentAttribute("bounded_concat"),
                          [nodes.List(list(node.nodes), lineno=node.lineno)], [], None, None,
                          lineno=node.lineno)


_COMPILED: dict[tuple[object, ...], CodeType] = {}
"""Texts compiled in this process, by text and the settings the compiled code depends
on: a batch of papers with the same texts compiles each once, not once per paper."""
_MOST_COMPILED = 512


def _compiled(environment: BoundedSandbox, text: str) -> CodeType:
    """``text`` compiled as ``environment`` compiles it, once per process.

    Environments are made one per rendering (each counts its own steps), so Jinja's own
    cache, which lives in an environment, would never be hit. The code Jinja compiles
    depends on the environment's class, syntax settings, autoescape, finalize and the
    names of its filters and tests with what each asks to be passed (Jinja's
    ``pass_context`` and the like), which make the key; what a filter does is looked up
    in the environment the template runs in.
    """
    def passed(functions: dict[str, Any]) -> frozenset[tuple[str, object]]:
        return frozenset((name, getattr(function, "jinja_pass_arg", None))
                         for name, function in functions.items())

    key = (text, type(environment), environment.autoescape,
           environment.finalize is None, getattr(environment.finalize, "jinja_pass_arg", None),
           environment.keep_trailing_newline, environment.trim_blocks,
           environment.lstrip_blocks, environment.block_start_string,
           environment.variable_start_string, environment.comment_start_string,
           passed(environment.filters), passed(environment.tests))
    code = _COMPILED.get(key)
    if code is None:
        code = environment.compile(environment.bounded_tree(text))
        if len(_COMPILED) >= _MOST_COMPILED:
            _COMPILED.pop(next(iter(_COMPILED)))
        _COMPILED[key] = code
    return code


def render_bounded(environment: BoundedSandbox, text: str, variables: dict[str, Any]) -> str:
    """``text`` rendered in ``environment``, what it writes bounded as well."""
    template = environment.template_class.from_code(
        environment, _compiled(environment, text), environment.make_globals(None), None)
    written: list[str] = []
    total = 0
    try:
        for chunk in template.generate(variables):
            total += len(chunk)
            if total > LARGEST:
                raise _too_long("Text")
            written.append(chunk)
    finally:
        if (budget := _paper.get()) is not None:  # this text's time, for the paper's
            budget.seconds += time.monotonic() - environment.started
    return "".join(written)

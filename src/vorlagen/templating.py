"""Plugin variables in text fields: ``Die knapp {{ massnahmen.anzahl_gerundet }} ...``.

Text fields are Jinja2 templates rendered in Jinja's sandbox, so a Vorlage cannot reach
into Python. Only the text the administrator wrote is a template: a variable's value is
inserted as it is and never evaluated again. In Markdown fields the value is escaped so
that a ``*`` or ``1.`` in the data stays a character; a ``Blocks`` value (a list, a
table) is put in as blocks where it stands alone in a paragraph.
"""

from __future__ import annotations

import difflib
import re
import secrets
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency
from jinja2 import (
    StrictUndefined,
    TemplateSyntaxError,
    Undefined,
    UndefinedError,
    nodes,
)

from vorlagen import jinja_messages
from vorlagen.contributions import Blocks
from vorlagen.grammar import GrammarError
from vorlagen.markdown import to_blocks
from vorlagen.sandbox import LARGEST, BoundedSandbox, LimitError, render_bounded
from vorlagen.tree import Block, Cell, Heading, ListBlock, Paragraph, Table, Text
from vorlagen.writers.xmltext import clean

_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


class TextError(ValueError):
    """A text field that cannot be rendered; the message says why, in German, and
    ``line`` the line of the text (from 1) where, if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


_DELIMITERS = re.compile(r"\{(?=[{%#])")
_END_RAW = re.compile(r"\{%[-+]?\s*endraw\b")


def literal(text: str) -> str:
    """``text`` as a text field that prints exactly it: data from elsewhere (a title from
    a Ratsinformationssystem) is no template, so its ``{{ 7*7 }}`` or a lone ``{{`` is
    kept as written. Wrapped in Jinja's ``{% raw %}`` where it holds a delimiter; a text
    that itself ends a raw block has each delimiter written as ``{{ "{" }}`` instead."""
    if not _DELIMITERS.search(text):
        return text
    if not _END_RAW.search(text):
        return "{% raw %}" + text + "{% endraw %}"
    return _DELIMITERS.sub('{{ "{" }}', text)


def escape_markdown(text: str) -> str:
    """``text`` as Markdown that shows exactly these characters (CommonMark allows a
    backslash before any ASCII punctuation). Characters XML cannot hold are dropped
    first (``vorlagen.writers.xmltext``), then white space at the start of a line goes:
    Markdown would read it as a code block, and in running text it shows as nothing."""
    return _ASCII_PUNCTUATION.sub(r"\\\1", _INDENT.sub("", clean(text)))


@dataclass
class _Inserted:
    """The block values met while rendering one text, each standing in the text as a
    marker until the text is parsed.

    A marker holds a random token made for this one rendering, so no text in a Vorlage
    or in data can forge one: it would have to guess the token.
    """

    blocks: list[Blocks] = field(default_factory=list)
    token: str = field(default_factory=lambda: secrets.token_hex(16))

    def marker(self, value: Blocks) -> str:
        self.blocks.append(value)
        return f"\ue000{self.token}:{len(self.blocks) - 1}\ue001"

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(f"\ue000{self.token}:(\\d+)\ue001")


class TextRenderer:
    """Renders text fields with one set of variables."""

    def __init__(self, variables: Mapping[str, Any]) -> None:
        self.variables = dict(variables)

    def plain(self, text: str) -> str:
        """A one-line field (a title, a heading): variables as text, no blocks."""
        if "{" not in text:
            return text

        def finalize(value: Any) -> Any:
            _defined(value)
            if isinstance(value, Blocks):
                raise TextError("eine Variable mit Absätzen oder Listen passt nicht in "
                                "eine Überschrift oder einen Titel")
            if isinstance(value, date):
                return _datum(value)
            return "" if value is None else value

        return self._render(text, finalize)

    def markdown(self, text: str) -> list[Block]:
        """A Markdown field as blocks, with variables escaped and block values in place."""
        if "{" not in text:
            return list(to_blocks(text))
        inserted = _Inserted()

        def finalize(value: Any) -> Any:
            _defined(value)
            if isinstance(value, Blocks):
                return inserted.marker(value)
            return escape_markdown("" if value is None else str(_datum(value)))

        blocks = to_blocks(self._render(text, finalize))
        return _put_blocks(blocks, inserted) if inserted.blocks else list(blocks)

    def _render(self, text: str, finalize: Any) -> str:
        environment = text_environment(finalize)
        try:
            return render_bounded(environment, text, self.variables)
        except GrammarError as error:
            raise TextError(f"Vorlagentext fehlerhaft: {error.message}", error.lineno
                            ) from None
        except TemplateSyntaxError as error:
            raise TextError(f"Vorlagentext fehlerhaft: {jinja_messages.syntax(error)}",
                            error.lineno) from None
        except UndefinedError as error:
            raise TextError(self._unknown(error), _line_of(environment, text, error)
                            ) from None
        except LimitError as error:
            raise TextError(f"Vorlagentext fehlerhaft: {error.message}", _line(error)
                            ) from None
        except MemoryError:
            raise TextError("Vorlagentext fehlerhaft: zu groß für den Speicher") from None
        except RecursionError:
            raise TextError("Vorlagentext fehlerhaft: zu tief verschachtelt (zu viele "
                            "Klammern ineinander?)") from None
        except TextError:
            raise
        except Exception as error:  # Jinja's and Python's errors, said in German
            raise TextError(f"Vorlagentext fehlerhaft: {jinja_messages.german(error)}",
                            _line(error)) from None

    def _unknown(self, error: UndefinedError) -> str:
        """Name the unknown variable and the closest known one."""
        name = jinja_messages.undefined_name(error)
        known = _names(self.variables)
        close = difflib.get_close_matches(name, [n.rsplit(".", 1)[-1] for n in known], n=1)
        hint = next((n for n in known if close and n.rsplit(".", 1)[-1] == close[0]), None)
        if hint:
            return f"unbekannte Variable {name!r}; gemeint ist vielleicht {hint!r}"
        if not self.variables:
            return (f"unbekannte Variable {name!r} (hier gibt es keine: Variablen bringen "
                    "Plugins mit, z. B. vorlagen-massnahmen)")
        return f"unbekannte Variable {name!r} (Variablen: {', '.join(sorted(self.variables))})"


def text_environment(finalize: Any = None) -> BoundedSandbox:
    """The sandbox a text is rendered in, with the filters and functions a text may use
    beside Jinja's own: ``datum``, ``lang``, ``betrag`` and ``kreuz``."""
    environment = BoundedSandbox(
        undefined=StrictUndefined, finalize=finalize, keep_trailing_newline=True,
        autoescape=False,
    )
    environment.filters["datum"] = _datum
    environment.filters["lang"] = _lang
    environment.filters["betrag"] = betrag
    environment.globals["kreuz"] = kreuz
    return environment


def _line(error: BaseException) -> int | None:
    """The line of the text where rendering failed: Jinja puts the text's lines into
    the traceback, as frames of ``<template>``."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if frame.filename == "<template>"]
    return frames[-1].lineno if frames else None


def _line_of(environment: BoundedSandbox, text: str, error: UndefinedError) -> int | None:
    """The line of ``text`` (from 1) where the name Jinja did not find first stands."""
    if line := _line(error):
        return line
    name = jinja_messages.undefined_name(error)
    tree = environment.parse(text)
    for node in tree.find_all((nodes.Name, nodes.Getattr)):
        if name in (getattr(node, "name", None), getattr(node, "attr", None)):
            return node.lineno
    return None


def _datum(value: Any) -> Any:
    """``{{ datum | datum }}``: 04.04.2018 (what a date shows anyway)."""
    return format_date(value, "dd.MM.yyyy", locale="de_DE") if isinstance(value, date) else value


def _lang(value: Any) -> Any:
    """``{{ datum | lang }}``: 4. April 2018, the date spelled out."""
    return format_date(value, "d. MMMM yyyy", locale="de_DE") if isinstance(value, date) else value


def _defined(value: Any) -> None:
    """Refuse an unknown variable inside a list, tuple or dict that is printed
    (``{{ [typo] }}``), as Jinja refuses one printed alone; and a value too big to be
    written out (a plugin's huge list)."""
    stack, seen = [value], 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > LARGEST:
            raise TextError("Vorlagentext fehlerhaft: Ergebnis zu lang: mehr als "
                            f"{LARGEST:,} Einträge".replace(",", "."))
        if isinstance(item, Undefined):  # a strict one raises Jinja's error, naming it
            str(item)
        if isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())


def kreuz(checked: Any) -> str:
    """``{{ kreuz(angaben.folgekosten == 'ja') }}``: a check box, ☒ if the condition
    holds, else ☐."""
    return "☒" if checked else "☐"


def betrag(value: Any) -> Any:
    """``{{ angaben.kosten | betrag }}``: a number (1200, "1200.5", "1.200,50") as a
    German paper writes an amount, 1.200,50 €; anything else stays as it is."""
    if isinstance(value, bool) or value is None:
        return value
    text = str(value).strip()
    if isinstance(value, str) and "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except ArithmeticError:
        return value
    if not amount.is_finite():
        return value
    return format_currency(amount, "EUR", locale="de_DE")


def _names(variables: Mapping[str, Any], prefix: str = "", depth: int = 2) -> list[str]:
    """Dotted names of the variables and, one level down, of their fields."""
    names: list[str] = []
    for key, value in variables.items():
        names.append(f"{prefix}{key}")
        if depth > 1 and isinstance(value, Mapping):
            names += _names(value, f"{prefix}{key}.", depth - 1)
    return names


def _put_blocks(blocks: Iterable[Block], inserted: _Inserted) -> list[Block]:
    """Replace each paragraph that is only a marker by its blocks, recursively."""
    result: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            whole = _whole_marker(block, inserted.pattern)
            if whole is not None:
                result.extend(inserted.blocks[whole].blocks)
                continue
            if any(isinstance(i, Text) and inserted.pattern.search(i.text)
                   for i in block.inlines):
                raise TextError("eine Variable mit Absätzen oder Listen muss allein in "
                                "einem Absatz stehen (eine Leerzeile davor und danach)")
            result.append(block)
        elif isinstance(block, Heading) and any(
            isinstance(i, Text) and inserted.pattern.search(i.text) for i in block.inlines
        ):
            raise TextError("eine Variable mit Absätzen oder Listen passt nicht in eine "
                            "Überschrift")
        elif isinstance(block, ListBlock):
            items = tuple(tuple(_put_blocks(item, inserted)) for item in block.items)
            result.append(ListBlock(block.ordered, items))
        elif isinstance(block, Table):
            rows = tuple(tuple(Cell(tuple(_put_blocks(cell.blocks, inserted)))
                               for cell in row) for row in block.rows)
            result.append(Table(rows, block.widths, block.header_rows, block.role))
        else:
            result.append(block)
    return result


def _whole_marker(paragraph: Paragraph, pattern: re.Pattern[str]) -> int | None:
    text = "".join(i.text for i in paragraph.inlines if isinstance(i, Text)).strip()
    match = pattern.fullmatch(text)
    return int(match.group(1)) if match else None

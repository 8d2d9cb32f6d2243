"""Placeholders in a template's page furniture: ``{{ behoerde }}`` in a letterhead.

The people who own a body's corporate design write its letterhead in Word or
LibreOffice, with Jinja placeholders where the paper's values go. Both writers fill them
the same way: in Jinja's sandbox, every value escaped for XML, an unknown name an error.
Besides the values a document gives (``Document.placeholders``) there are *slots*, where
the writer puts what it adds itself: ``{{ kopfzeile }}`` and ``{{ fusszeile }}`` (a
paragraph of their own: the document's header and footer lines), ``{{ seite }}`` and
``{{ seiten }}`` (the page number and the number of pages, as fields).

A slot is filled in two steps: Jinja writes a marker (private-use characters, which no
escaping touches), then the writer replaces the marker with its own XML.
"""

from __future__ import annotations

import copy
import difflib
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, meta

from vorlagen import grammar
from vorlagen.errors import InputError, Problem
from vorlagen.jinja_messages import german, syntax, undefined_name
from vorlagen.sandbox import BoundedSandbox
from vorlagen.writers.xmltext import clean

PARAGRAPH_SLOTS = ("kopfzeile", "fusszeile")
"""Slots that stand for whole paragraphs: they must stand alone in theirs."""
INLINE_SLOTS = ("seite", "seiten")
SLOTS = (*PARAGRAPH_SLOTS, *INLINE_SLOTS)

_START, _END = "\ue000", "\ue001"
MARKER = re.compile(f"{_START}([a-z]+){_END}")
"""What Jinja writes for a slot, found again by the writers."""


def marker(slot: str) -> str:
    return f"{_START}{slot}{_END}"


def put_lines(part: Any, lines: list[Any], slots: list[Any], *, header: bool,
              holds_content: bool, numbers_pages: bool,
              clear: Callable[[Any], None]) -> None:
    """The writer's own ``lines`` (paragraph elements) put into a header or footer
    ``part`` of the template, the same rule in every format: into the ``slots`` (the
    paragraphs that hold the kopfzeile/fusszeile marker; ``clear`` empties one when there
    are no lines); without a slot on top of a header's content and below a footer's,
    unless the footer ``numbers_pages`` itself; into a part that shows nothing, alone."""
    if slots:
        for place in slots:
            for line in lines:
                place.addprevious(copy.deepcopy(line))
            if lines:
                place.getparent().remove(place)
            else:
                clear(place)
    elif not holds_content:
        for child in list(part):
            part.remove(child)
        part.extend(lines)
    elif header:
        for line in reversed(lines):
            part.insert(0, line)
    elif not numbers_pages:
        part.extend(lines)


_PLACEHOLDER = re.compile(r"\{\{(?:(?!\}\}).)*\}\}|\{%(?:(?!%\}).)*%\}", re.DOTALL)
"""A Jinja expression or statement in text."""
_TAG = re.compile(r"<[^>]*>")
HAS_PLACEHOLDER = re.compile(rb"\{(?:<[^>]*>)*[{%]")
"""A part of a package that may hold a placeholder: ``{{`` or ``{%``, maybe split by tags."""


def environment() -> BoundedSandbox:
    """The sandbox a template's XML is rendered in: values escaped, unknown names refused."""
    return BoundedSandbox(undefined=StrictUndefined, autoescape=True)


def context(values: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """What Jinja sees: the document's values (``angaben.telefon`` nested as
    ``angaben["telefon"]``), each cleaned of what XML cannot hold, and the slots' markers."""
    found: dict[str, Any] = {slot: marker(slot) for slot in SLOTS}
    for name, value in values:
        *parents, last = name.split(".")
        place = found
        for parent in parents:
            place = place.setdefault(parent, _Values())
        place[last] = clean(value)
    return found


class _Values(dict[str, Any]):
    """A group of values (``angaben``): one a document does not give is empty, so that a
    letterhead may name values only some papers have."""

    def __missing__(self, key: str) -> str:
        return ""


def merged(xml: str) -> str:
    """``xml`` with the tags inside each ``{{ … }}`` removed: a placeholder the office
    program split over several runs (spell checking, an edit in the middle) is one again,
    with the look of its first run."""
    xml = re.sub(r"(?<=\{)(<[^>]*>)+(?=[{%])|(?<=[%}])(<[^>]*>)+(?=\})", "", xml)
    return _PLACEHOLDER.sub(lambda found: _TAG.sub("", found.group()), xml)


def render(xml: str, values: Iterable[tuple[str, str]], source: str, where: str) -> str:
    """``xml`` with its placeholders filled, each value escaped; a Jinja error or an
    unknown name is an InputError naming the template file ``source`` and ``where``."""
    names = context(values)
    try:
        return environment().from_string(xml).render(names)
    except (TemplateError, *RENDER_ERRORS) as error:
        raise template_error(error, names, source, where) from None


RENDER_ERRORS = (TypeError, ValueError, ArithmeticError, LookupError)
"""What else a placeholder's expression can raise (``{{ 1 / 0 }}``): said in German too."""


def template_error(error: Exception, names: Mapping[str, Any], source: str,
                   where: str) -> InputError:
    """A Jinja error in a template file as the user's error, in German."""
    if isinstance(error, UndefinedError):
        found = re.search(r"'([^']+)' is undefined", error.message or "")
        name = found.group(1) if found else undefined_name(error)
        return InputError(source, [Problem(where, unknown(name, known(names)))])
    return InputError(source, [Problem(where, f"Platzhalter fehlerhaft: {german(error)}")])


def known(names: Mapping[str, Any]) -> list[str]:
    """Every name a placeholder may use, groups as ``angaben.*``."""
    return sorted(f"{name}.*" if isinstance(value, dict) else name
                  for name, value in names.items())


def unknown(name: str, names: list[str]) -> str:
    """The message for an unknown placeholder, with the closest known name."""
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f"; gemeint ist vielleicht {{{{ {close[0]} }}}}" if close else ""
    return (f"unbekannter Platzhalter {{{{ {name} }}}}{hint} "
            f"(bekannt: {', '.join(names)})")


@dataclass(frozen=True, slots=True)
class Found:
    """A placeholder in a template's text, for ``vorlagen template check``."""

    text: str
    names: tuple[str, ...]
    """The variables it names (``angaben.telefon`` as ``angaben``)."""
    split: bool
    """Whether the office program wrote it over several runs (text nodes)."""
    error: str | None = None
    """Its Jinja syntax error, if any."""


def placeholders(pieces: list[str]) -> Iterator[Found]:
    """The placeholders of a paragraph given as its text nodes in order."""
    text = "".join(pieces)
    for match in _PLACEHOLDER.finditer(text):
        whole = match.group()
        split = not any(whole in piece for piece in pieces)
        keyword = whole[2:].strip(" -+").split(" ", 1)[0]
        if whole.startswith("{%") and (keyword.startswith("end") or keyword == "else"):
            yield Found(whole, (), split)  # closes what an earlier one opened
            continue
        whole_if = "{% if" + whole[2:].strip(" -+")[4:] if keyword == "elif" else whole
        try:
            parsed = environment().parse(whole if whole.startswith("{{") else
                                         whole_if + _closing(whole_if))
        except TemplateSyntaxError as error:
            yield Found(whole, (), split, syntax(error))
            continue
        refused = grammar.problems(parsed)  # what a text may not use, said as for a text
        yield Found(whole, tuple(sorted(meta.find_undeclared_variables(parsed))), split,
                    refused[0][1] if refused else None)


def _closing(statement: str) -> str:
    """What makes a lone ``{% if … %}`` parse, to find the names it uses."""
    keyword = statement[2:].strip(" -+").split(" ", 1)[0]
    return {"if": "{% endif %}", "for": "{% endfor %}"}.get(keyword, "")


def names_in(template: Path) -> frozenset[str]:
    """The names a template's placeholders use (``behoerde``, ``angaben``), so that a
    value the paper lacks is named before anything is written; none for a file that is
    no template (the writer says what is wrong with it)."""
    try:
        stat = template.stat()
    except OSError:
        return frozenset()
    return _names_in(str(template), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _names_in(path: str, mtime: int, size: int) -> frozenset[str]:
    found: set[str] = set()
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not name.endswith(".xml"):
                    continue
                data = archive.read(name)
                if HAS_PLACEHOLDER.search(data):
                    text = _TAG.sub("", merged(data.decode("utf-8", "replace")))
                    for placeholder in placeholders([text]):
                        found.update(placeholder.names)
    except (OSError, zipfile.BadZipFile, RuntimeError):
        return frozenset()
    return frozenset(found)

"""Jinja's and Python's errors in a text (a Vorlage's, a Hausformat's, a design's
placeholder) as German messages.

Jinja and Python speak English ("unexpected end of template", "missing 1 required
positional argument"); an administrator who writes a ``{{ … }}`` reads German. Every
place where such an error of a text reaches the user goes through ``german``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from vorlagen.grammar import INCLUDE, GrammarError
from vorlagen.sandbox import LimitError

_TOKENS = {"end of print statement": "'}}'", "end of statement block": "'%}'",
           "end of template": "das Textende", "end of comment": "'#}'", "name": "ein Name",
           "integer": "eine Zahl", "float": "eine Zahl", "string": "ein Text"}


def _token(english: str) -> str:
    """A token as Jinja names it (``'end of print statement'``) as the text shows it."""
    word = english.strip().rstrip(".").strip("'\"")
    return _TOKENS.get(word, f"'{word}'")


def _tags(english: str) -> str:
    """Jinja's ``'endfor' or 'else'`` as ``{% endfor %} oder {% else %}``."""
    return " oder ".join(f"{{% {tag} %}}" for tag in re.findall(r"'(\w+)'", english))


_SYNTAX: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"(?:Unexpected|Encountered unknown tag '(\w+)'\.) ?.*?"
                r"Jinja was looking for the following tags: (.*?)\. The innermost block "
                r"that needs to be closed is '(\w+)'", re.I | re.S),
     lambda m: (f"{{% {m.group(3)} %}} wird nicht geschlossen (erwartet: "
                f"{_tags(m.group(2))}" + (f", gefunden: {{% {m.group(1)} %}}"
                                          if m.group(1) else "") + ")")),
    (re.compile(r"Encountered unknown tag '(\w+)'"),
     lambda m: (f"unbekannter Befehl {{% {m.group(1)} %}} (Befehle: if, elif, else, for, "
                "set, raw und ihre end…)")),
    (re.compile(r"unexpected end of template, expected (.+?)\.?$"),
     lambda m: f"der Text endet, bevor {_token(m.group(1))} kommt (nicht geschlossen?)"),
    (re.compile(r"unexpected end of template"),
     lambda m: "der Text endet mitten in {{ … }} oder {% … %} (nicht geschlossen?)"),
    (re.compile(r"expected token (.+?), got (.+)$"),
     lambda m: f"erwartet {_token(m.group(1))}, gefunden {_token(m.group(2))}"),
    (re.compile(r"unexpected (.+?), expected (.+)$"),
     lambda m: f"unerwartet {_token(m.group(1))}, erwartet {_token(m.group(2))}"),
    (re.compile(r"Expected an expression, got (.+)$"),
     lambda m: f"hier fehlt ein Wert, gefunden {_token(m.group(1))}"),
    (re.compile(r"unexpected char (.+?) at \d+"),
     lambda m: (f"unerwartetes Zeichen {m.group(1)} (ein nicht geschlossenes "
                "Anführungszeichen?)")),
    (re.compile(r"unexpected (.+)$"), lambda m: f"unerwartet {_token(m.group(1))}"),
    (re.compile(r"No filter named '(.+?)'"), lambda m: f"unbekannter Filter {m.group(1)!r}"),
    (re.compile(r"No test named '(.+?)'"), lambda m: f"unbekannter Test {m.group(1)!r}"),
    (re.compile(r"block '(.+?)' defined twice"),
     lambda m: f"Block {m.group(1)!r} zweimal definiert"),
]
"""Jinja's syntax messages, each as a pattern and the German message it makes."""


def syntax(error: TemplateSyntaxError) -> str:
    """A syntax error of a text in German (without its line, which the caller places)."""
    message = error.message or ""
    if isinstance(error, GrammarError):  # German already
        return message
    for pattern, german in _SYNTAX:
        if found := pattern.search(message):
            return german(found)
    return "ungültiger Ausdruck in {{ … }} oder {% … %}"


KREUZ = "kreuz(…) braucht genau eine Bedingung, z. B. kreuz(angaben.folgekosten == 'ja')"
_ARGUMENTS = re.compile(r"^(\w+)\(\) (?:missing|takes|got|expected)")
_OPERANDS = re.compile(r"unsupported operand type\(s\) for ([^:]+):")


def german(error: BaseException) -> str:
    """Any error raised while a text is parsed or rendered, in German."""
    if isinstance(error, TemplateSyntaxError):
        return syntax(error)
    if isinstance(error, LimitError):  # the sandbox's bounds, German already
        return error.message or ""
    if isinstance(error, SecurityError):
        found = re.search(r"attribute '(.+?)'", str(error))
        what = f"auf {found.group(1)!r} " if found else ""
        return f"der Zugriff {what}ist in Texten nicht erlaubt"
    if isinstance(error, UndefinedError):
        return undefined(error)
    if isinstance(error, TemplateNotFound) or "no loader" in str(error):
        return INCLUDE
    if isinstance(error, ZeroDivisionError):
        return "Division durch null"
    if isinstance(error, TypeError):
        if found := _ARGUMENTS.match(str(error)):
            name = found.group(1).removeprefix("do_").lstrip("_")
            if name == "kreuz":
                return KREUZ
            return f"{name!r} mit falsch vielen Werten aufgerufen"
        if found := _OPERANDS.match(str(error)):
            return (f"{found.group(1).strip()!r} mit Werten, die nicht zusammenpassen "
                    "(Zahl und Text?)")
        if "not iterable" in str(error):
            return "über diesen Wert lässt sich nicht mit {% for %} gehen (keine Liste)"
        if "not callable" in str(error):
            return "dieser Wert ist keine Funktion; ohne () schreiben"
        return "ein Wert passt nicht zu dem, was mit ihm gemacht wird"
    if isinstance(error, ValueError | ArithmeticError):
        return "ein Wert lässt sich so nicht verwenden (keine Zahl? außerhalb des Bereichs?)"
    return "der Text lässt sich so nicht ausfüllen"


def undefined(error: UndefinedError) -> str:
    """An unknown name or field in German, naming it."""
    return f"unbekannte Variable {undefined_name(error)!r}"


def undefined_name(error: UndefinedError) -> str:
    """The name or field Jinja did not find, from its message."""
    message = error.message or ""
    found = (re.fullmatch(r"'(.+)' is undefined", message)
             or re.fullmatch(r".* has no attribute '(.+)'", message)
             or re.fullmatch(r".* has no element (.+)", message))
    return found.group(1) if found else "?"

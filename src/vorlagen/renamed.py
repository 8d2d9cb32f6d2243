"""Old names that still work: options, commands, keys and keyword arguments renamed to
the one word for each thing (docs/woerter.md), each saying so when used.

A use of an old name is a ``Renamed`` warning (a ``DeprecationWarning``) with a German
message; the command line shows it as a hint on standard error, a program sees it as
any deprecation.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

OPTIONS = {"--layout": "--hausformat", "--template": "--design",
           "--template-dir": "--design"}
"""Command-line options: old → new."""

COMMANDS = {"layouts": "hausformate", "layout": "hausformat", "templates": "designs",
            "template": "design"}
"""Commands and command groups: old → new (``layout check`` → ``hausformat check``).

A Vorlage file's old key is ``vorlagen.model.HAUSFORMAT_KEYS``'s; a function's old
keywords are given to ``keywords`` where it is defined."""


class Renamed(DeprecationWarning):
    """An old name used; its message says the new one, in German."""


def said(old: str, new: str, where: str = "") -> str:
    """The hint for an old name: ``'--layout' heißt jetzt '--hausformat'; ...``."""
    return (f"{where}{old!r} heißt jetzt {new!r}; der alte Name geht noch, aber nicht "
            "mehr lange")


def warn(old: str, new: str, where: str = "", stacklevel: int = 2) -> None:
    """A ``Renamed`` warning for the use of ``old`` (``where``: the file and line, with
    its separator, e.g. ``"vorlage.yaml, Zeile 2: "``)."""
    warnings.warn(said(old, new, where), Renamed, stacklevel=stacklevel + 1)


F = TypeVar("F", bound=Callable[..., Any])


def keywords(**renamed: str) -> Callable[[F], F]:
    """A function that also takes its keyword arguments' old names (old=new), each with
    a ``Renamed`` warning; both names at once is a TypeError."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in renamed.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{function.__name__}() bekam {old}= und {new}=; "
                                        f"nur {new}= angeben")
                    warn(f"{old}=", f"{new}=", f"{function.__name__}(): ")
                    kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate

"""The shipped Hausformate (``standard`` and those of the reference papers), offered
through the ``vorlagen_hausformate`` hook like any plugin's."""

from __future__ import annotations

from pathlib import Path

from vorlagen.hookspecs import hookimpl
from vorlagen.shipped import shipped_hausformate


@hookimpl
def vorlagen_hausformate() -> dict[str, Path]:
    return shipped_hausformate()

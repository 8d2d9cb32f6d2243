"""The shipped Designs (``standard``, ``briefkopf``), offered through the
``vorlagen_designs`` hook like any plugin's."""

from __future__ import annotations

from pathlib import Path

from vorlagen.hookspecs import hookimpl
from vorlagen.shipped import shipped_designs


@hookimpl
def vorlagen_designs() -> dict[str, Path]:
    return shipped_designs()

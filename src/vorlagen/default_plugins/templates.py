"""The shipped designs (``standard``, ``briefkopf``), offered through the
``vorlagen_templates`` hook like any plugin's."""

from __future__ import annotations

from pathlib import Path

from vorlagen.hookspecs import hookimpl
from vorlagen.shipped import shipped_templates


@hookimpl
def vorlagen_templates() -> dict[str, Path]:
    return shipped_templates()

"""Building a plugin manager: the built-in plugins plus those installed as entry points.

The manager is an object the caller builds, never module state, so a program that embeds
vorlagen chooses exactly which plugins run.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

import pluggy

from vorlagen import hookspecs
from vorlagen.errors import InputError, Problem
from vorlagen.writers import Writer

ENTRY_POINT_GROUP = "vorlagen"
DEFAULT_PLUGINS = ("vorlagen.default_plugins.writers",)


def plugin_manager(
    *, entry_points: bool = True, plugins: Iterable[object] = ()
) -> pluggy.PluginManager:
    """A plugin manager with the built-in plugins, the installed ones (unless
    ``entry_points`` is false) and any plugin objects or modules passed in ``plugins``."""
    manager = pluggy.PluginManager(ENTRY_POINT_GROUP)
    manager.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        manager.register(importlib.import_module(name), name=name)
    if entry_points:
        manager.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    for plugin in plugins:
        manager.register(plugin)
    return manager


def writers(manager: pluggy.PluginManager) -> dict[str, Writer]:
    """Every writer the plugins offer, by format name."""
    found: dict[str, Writer] = {}
    # pluggy calls the most recently registered plugin first; let later ones win.
    for offered in reversed(manager.hook.vorlagen_writers()):
        for writer in offered:
            found[writer.format] = writer
    return found


def writer_for(manager: pluggy.PluginManager, format: str) -> Writer:
    available = writers(manager)
    try:
        return available[format]
    except KeyError:
        known = ", ".join(sorted(available))
        raise InputError(
            "Aufruf", [Problem("format", f"unbekanntes Format {format!r}, bekannt: {known}")]
        ) from None

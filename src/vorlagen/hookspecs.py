"""The hooks a plugin can implement, each with what it receives and returns.

Every hook is named ``vorlagen_*``; a plugin implements any of them with
``@vorlagen.hookimpl``. Built-in behaviour uses the same hooks (see ``default_plugins``).
"""

from __future__ import annotations

import pluggy

from vorlagen.writers import Writer

hookspec = pluggy.HookspecMarker("vorlagen")
hookimpl = pluggy.HookimplMarker("vorlagen")


@hookspec
def vorlagen_writers() -> list[Writer]:  # type: ignore[empty-body]
    """Output formats this plugin provides.

    Returns writers (see ``vorlagen.writers.Writer``); each is looked up by its
    ``format`` name, e.g. ``"docx"``. A later plugin's writer for the same format wins.
    """

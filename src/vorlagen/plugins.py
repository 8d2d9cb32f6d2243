"""Building a plugin manager and asking its plugins, one implementation at a time.

The manager is an object the caller builds, never module state, so a program that embeds
vorlagen chooses exactly which plugins run. The built-in plugins are registered through
the same hooks as installed ones.

Hooks are called implementation by implementation (in pluggy's order) so that an
exception can be reported with the plugin and the hook it came from.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

import pluggy
from pydantic import BaseModel

from vorlagen import hookspecs
from vorlagen.contributions import DocumentType, PluginConfig, Section
from vorlagen.errors import InputError, PluginError, Problem, VorlagenError
from vorlagen.tree import Block, Document
from vorlagen.writers import Writer

Result = TypeVar("Result")

ENTRY_POINT_GROUP = "vorlagen"
DEFAULT_PLUGINS = (
    "vorlagen.default_plugins.vorlagenarten",
    "vorlagen.default_plugins.writers",
)


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


def call(manager: pluggy.PluginManager, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
    """Each plugin's answer to ``hook`` as ``(plugin name, result)``, in pluggy's order
    (the most recently registered first); ``None`` answers are left out.

    A user error (``VorlagenError``, e.g. a bad data file) passes through; any other
    exception becomes a ``PluginError`` naming the plugin and the hook.
    """
    caller = getattr(manager.hook, hook)
    results: list[tuple[str, Any]] = []
    for impl in reversed(caller.get_hookimpls()):
        arguments = [kwargs[name] for name in impl.argnames]
        result = guarded(impl.plugin_name, hook, impl.function, *arguments)
        if result is not None:
            results.append((impl.plugin_name, result))
    return results


def guarded(
    plugin: str, hook: str, function: Callable[..., Result], *args: Any, **kwargs: Any
) -> Result:
    """``function(*args, **kwargs)``, with any exception but a user error turned into a
    PluginError naming the plugin and the hook that handed ``function`` over."""
    try:
        return function(*args, **kwargs)
    except VorlagenError:
        raise
    except Exception as error:
        raise PluginError(plugin, hook, error) from error


@dataclass(frozen=True, slots=True)
class _GuardedWriter:
    """A plugin's writer whose failures name the plugin."""

    plugin: str
    writer: Writer

    @property
    def format(self) -> str:
        return self.writer.format

    @property
    def extension(self) -> str:
        return self.writer.extension

    @property
    def media_type(self) -> str:
        return self.writer.media_type

    @property
    def template_name(self) -> str:
        return self.writer.template_name

    def write(self, document: Document, template: Path) -> bytes:
        return guarded(self.plugin, "vorlagen_writers", self.writer.write, document, template)


def writers(manager: pluggy.PluginManager) -> dict[str, Writer]:
    """Every writer the plugins offer, by format name."""
    found: dict[str, Writer] = {}
    # pluggy calls the most recently registered plugin first; let later ones win.
    for plugin, offered in reversed(call(manager, "vorlagen_writers")):
        for writer in offered:
            found[writer.format] = _GuardedWriter(plugin, writer)
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


def document_types(manager: pluggy.PluginManager) -> dict[str, DocumentType]:
    """Every kind of paper, by its ``art``; a later plugin's type replaces an earlier one."""
    return {name: document_type for name, (_, document_type) in _document_types(manager).items()}


def _document_types(manager: pluggy.PluginManager) -> dict[str, tuple[str, DocumentType]]:
    found: dict[str, tuple[str, DocumentType]] = {}
    for plugin, offered in reversed(call(manager, "vorlagen_document_types")):
        for document_type in offered:
            found[document_type.name] = (plugin, document_type)
    return found


def sections(manager: pluggy.PluginManager) -> dict[str, Section]:
    """Every section, by name; a later plugin's section replaces an earlier one."""
    found: dict[str, Section] = {}
    for plugin, offered in reversed(call(manager, "vorlagen_sections")):
        for name, section in offered.items():
            found[name] = _guarded_section(plugin, section)
    return found


def _guarded_section(plugin: str, section: Section) -> Section:
    def run(draft: Any) -> list[Block]:
        return guarded(plugin, "vorlagen_sections", section, draft)
    return run


def layout(manager: pluggy.PluginManager, art: str) -> tuple[DocumentType, dict[str, Section]]:
    """The document type ``art`` and its sections; a section no plugin registers is the
    type's plugin's error."""
    plugin, document_type = _document_types(manager)[art]
    available = sections(manager)
    missing = [name for name in document_type.sections if name not in available]
    if missing:
        raise PluginError(plugin, "vorlagen_document_types", KeyError(
            f"{art}: Abschnitt {', '.join(missing)} ist von keinem Plugin registriert"))
    return document_type, available


def config_models(manager: pluggy.PluginManager) -> dict[str, tuple[str, type[BaseModel]]]:
    """The plugin and configuration model of each block name."""
    found: dict[str, tuple[str, type[BaseModel]]] = {}
    for plugin, config in call(manager, "vorlagen_config"):
        if not isinstance(config, PluginConfig):
            raise PluginError(plugin, "vorlagen_config",
                              TypeError(f"gibt {type(config).__name__} statt PluginConfig"))
        found[config.name] = (plugin, config.model)
    return found


@dataclass(frozen=True, slots=True)
class InstalledPlugin:
    """One registered plugin as ``vorlagen plugins`` shows it."""

    name: str
    distribution: str
    version: str
    hooks: tuple[str, ...]


def installed(manager: pluggy.PluginManager) -> list[InstalledPlugin]:
    """The registered plugins with their distribution, version and implemented hooks."""
    distributions = {id(plugin): dist for plugin, dist in manager.list_plugin_distinfo()}
    found: list[InstalledPlugin] = []
    for name, plugin in manager.list_name_plugin():
        dist = distributions.get(id(plugin))
        if dist is not None:
            project, release = dist.project_name, dist.version
        elif name in DEFAULT_PLUGINS:
            project, release = "vorlagen", version("vorlagen")
        else:  # registered by the calling program, not installed
            project, release = "", ""
        hooks = sorted(caller.name for caller in manager.get_hookcallers(plugin) or ())
        found.append(InstalledPlugin(name, project, release, tuple(hooks)))
    return found

"""Building a plugin manager and asking its plugins.

The manager is an object the caller builds, never module state, so a program that embeds
vorlagen chooses exactly which plugins run. The built-in plugins are registered through
the same hooks as installed ones.

Hooks are called through pluggy, so its contract holds: ``wrapper=True`` and old-style
``hookwrapper`` implementations, ``tryfirst`` and ``trylast``, and ``check_pending`` for a
hook name no specification knows. What pluggy does not do is name the plugin that
failed: each implementation's function is guarded when it is registered, so that an
exception, or an answer of the wrong shape, becomes a ``PluginError`` naming the plugin
and the hook.
"""

from __future__ import annotations

import difflib
import functools
import importlib
import importlib.metadata
import inspect
import os
from collections.abc import Callable, Generator, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

import pluggy
from pydantic import BaseModel

from vorlagen import hookspecs
from vorlagen.contributions import (
    Content,
    DocumentType,
    GeneratedAnlage,
    PluginConfig,
    Section,
)
from vorlagen.errors import InputError, PluginError, Problem, VorlagenError
from vorlagen.tree import Block, Document
from vorlagen.writers import BatchWriter, Writer

Result = TypeVar("Result")

ENTRY_POINT_GROUP = "vorlagen"
DEFAULT_PLUGINS = (
    "vorlagen.default_plugins.vorlagenarten",
    "vorlagen.default_plugins.hausformate",
    "vorlagen.default_plugins.templates",
    "vorlagen.default_plugins.writers",
)


class PluginManager(pluggy.PluginManager):
    """pluggy's manager for the hooks of ``vorlagen.hookspecs``, whose implementations
    are guarded as they are registered (see the module's docstring).

    Installed plugins are loaded in the order of their entry-point names, not in the
    order the Python installation happens to list them, so which plugin's document type,
    section or writer wins never depends on the machine.
    """

    hook_version = hookspecs.HOOK_VERSION
    """The version of the hooks this manager calls (``vorlagen.hookspecs.HOOK_VERSION``)."""

    def __init__(self) -> None:
        super().__init__(ENTRY_POINT_GROUP)
        self.add_hookspecs(hookspecs)
        self.distributions: dict[str, importlib.metadata.Distribution] = {}
        """The distribution each installed plugin came from, by plugin name."""

    def get_canonical_name(self, plugin: object) -> str:
        """A module's name, or an object's class (pluggy would use its ``id``), so that
        messages name a plugin registered without a name readably."""
        name = getattr(plugin, "__name__", None)
        if isinstance(name, str):
            return name
        kind = type(plugin)
        return f"{kind.__module__}.{kind.__qualname__}"

    def register(self, plugin: object, name: str | None = None) -> str | None:
        if name is None and not self.is_registered(plugin):
            name = base = self.get_canonical_name(plugin)
            count = 1
            while self.has_plugin(name) and self.get_plugin(name) is not None:
                count += 1
                name = f"{base}#{count}"
        try:
            registered = super().register(plugin, name)
        except pluggy.PluginValidationError as error:
            shown = name or self.get_canonical_name(plugin)
            raise PluginError(shown, _hook_named_in(str(error)), error,
                              text=f"passt nicht zu den Hooks von vorlagen: {error}"
                              ) from error
        for caller in self.get_hookcallers(plugin) or ():
            for impl in caller.get_hookimpls():
                if impl.plugin is plugin:
                    # HookImpl.function is what pluggy calls; it is replaced by the same
                    # function, guarded, with pluggy's bookkeeping left as it made it.
                    impl.function = _guard(impl, caller.name)  # type: ignore[misc]
        return registered

    def load_entry_points(self) -> None:
        """Register every plugin of the entry-point group ``vorlagen``, sorted by name."""
        found: dict[str, tuple[importlib.metadata.EntryPoint,
                               importlib.metadata.Distribution]] = {}
        for dist in importlib.metadata.distributions():
            for entry_point in dist.entry_points:
                if entry_point.group == ENTRY_POINT_GROUP:
                    found.setdefault(entry_point.name, (entry_point, dist))
        for name in sorted(found):
            entry_point, dist = found[name]
            if self.has_plugin(name) or self.is_blocked(name):
                continue
            try:
                plugin = entry_point.load()
            except Exception as error:
                raise PluginError(name, "", error, text=(
                    f"lässt sich nicht laden ({entry_point.value}): "
                    f"{type(error).__name__}: {error}")) from error
            self.register(plugin, name=name)
            self.distributions[name] = dist

    def check(self) -> None:
        """``check_pending``: a hook implementation that no specification knows (a
        misspelled hook name) is an error naming the plugin and the hook."""
        try:
            self.check_pending()
        except pluggy.PluginValidationError as error:
            plugin = self.get_name(error.plugin) or repr(error.plugin)
            hook = _hook_named_in(str(error))
            known = [name for name in dir(hookspecs) if name.startswith("vorlagen_")]
            close = difflib.get_close_matches(hook, known, n=1)
            hint = f"; gemeint ist vielleicht {close[0]!r}" if close else ""
            raise PluginError(plugin, hook, error, text=(
                f"setzt den unbekannten Hook {hook!r} um{hint} "
                f"(Hooks: {', '.join(known)})")) from error


def plugin_manager(
    *, entry_points: bool = True, plugins: Iterable[object] = ()
) -> PluginManager:
    """A plugin manager with the built-in plugins, the installed ones (unless
    ``entry_points`` is false) and any plugin objects or modules passed in ``plugins``.

    A plugin that implements a hook no specification has (a misspelled name) or that
    cannot be loaded is a ``PluginError``.
    """
    manager = PluginManager()
    for name in DEFAULT_PLUGINS:
        manager.register(importlib.import_module(name), name=name)
    if entry_points:
        manager.load_entry_points()
    for plugin in plugins:
        manager.register(plugin)
    manager.check()
    return manager


def _hook_named_in(message: str) -> str:
    """The first hook name in one of pluggy's messages."""
    for word in message.replace("'", " ").replace('"', " ").split():
        if word.startswith("vorlagen_"):
            return word.rstrip(".,:")
    return ""


_ANSWERS: ContextVar[list[tuple[str, object]] | None] = ContextVar(
    "vorlagen_answers", default=None)
"""While ``call`` runs a hook: each answer with the plugin that gave it."""


def call(manager: pluggy.PluginManager, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
    """Each plugin's answer to ``hook`` as ``(plugin name, result)``, in pluggy's order
    (``tryfirst`` ones, then the most recently registered first); ``None`` answers are
    left out, and a wrapper may change the list, as pluggy allows.

    A user error (``VorlagenError``, e.g. a bad data file) passes through; any other
    exception, and an answer of the wrong shape, is a ``PluginError`` naming the plugin
    and the hook.
    """
    answers: list[tuple[str, object]] = []
    token = _ANSWERS.set(answers)
    try:
        results = getattr(manager.hook, hook)(**kwargs)
    finally:
        _ANSWERS.reset(token)
    owners = {id(value): plugin for plugin, value in answers}
    wrappers = [plugin for plugin, value in answers if value is _WRAPPER]
    attributed = [(owners.get(id(result), wrappers[-1] if wrappers else ""), result)
                  for result in results]
    for plugin, result in attributed:
        _check_shape(plugin, hook, result)
    return attributed


_WRAPPER = object()
"""Stands in ``_ANSWERS`` for a wrapper that ran, which gives no answer of its own."""


def _guard(impl: Any, hook: str) -> Callable[..., Any]:
    """``impl``'s function, raising a PluginError naming the plugin for anything but a
    user error, and checking the shape of what it returns."""
    function = impl.function
    plugin = impl.plugin_name
    if impl.wrapper or impl.hookwrapper:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Generator[Any, Any, Any]:
            answers = _ANSWERS.get()
            if answers is not None:
                answers.append((plugin, _WRAPPER))
            try:
                return (yield from function(*args, **kwargs))
            except VorlagenError:
                raise
            except Exception as error:
                raise PluginError(plugin, hook, error) from error
        return wrapper

    @functools.wraps(function)
    def guarded_impl(*args: Any, **kwargs: Any) -> Any:
        result = guarded(plugin, hook, function, *args, **kwargs)
        if result is not None:
            answers = _ANSWERS.get()
            if answers is not None:
                answers.append((plugin, result))
        return result
    return guarded_impl


def _is_writer(value: object) -> bool:
    return all(isinstance(getattr(value, name, None), str)
               for name in ("format", "extension", "media_type", "template_name")
               ) and callable(getattr(value, "write", None))


def _list_of(kind: type | Callable[[object], bool]) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        test = kind if not isinstance(kind, type) else (lambda item: isinstance(item, kind))
        return isinstance(value, list | tuple) and all(test(item) for item in value)
    return check


_SHAPES: dict[str, tuple[Callable[[object], bool], str]] = {
    "vorlagen_writers": (_list_of(_is_writer), "eine Liste von Writern"),
    "vorlagen_document_types": (_list_of(DocumentType), "eine Liste von DocumentType"),
    "vorlagen_sections": (
        lambda value: isinstance(value, dict) and all(
            isinstance(name, str) and callable(section) for name, section in value.items()),
        "ein dict Name → Funktion"),
    "vorlagen_config": (
        lambda value: isinstance(value, PluginConfig) and isinstance(value.name, str)
        and inspect.isclass(value.model) and issubclass(value.model, BaseModel),
        "eine PluginConfig mit einem pydantic-Modell"),
    "vorlagen_variables": (
        lambda value: isinstance(value, dict) and all(isinstance(k, str) for k in value),
        "ein dict Name → Wert"),
    "vorlagen_content": (_list_of(Content), "eine Liste von Content"),
    "vorlagen_anlagen": (_list_of(GeneratedAnlage), "eine Liste von GeneratedAnlage"),
    "vorlagen_nichtoeffentlich": (_list_of(str), "eine Liste von Texten"),
    "vorlagen_layouts": (
        lambda value: isinstance(value, dict) and all(
            isinstance(name, str) and isinstance(path, str | os.PathLike)
            for name, path in value.items()),
        "ein dict Name → Pfad der Hausformat-Datei"),
}
"""What each hook must return (besides None), and how a message says it."""


def _check_shape(plugin: str, hook: str, result: object) -> None:
    shape = _SHAPES.get(hook)
    if shape is not None and not shape[0](result):
        raise PluginError(plugin, hook, TypeError(
            f"gibt {type(result).__name__} zurück, erwartet {shape[1]}"))


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


@dataclass(frozen=True, slots=True)
class _GuardedBatchWriter(_GuardedWriter):
    """A plugin's batch writer (``vorlagen.writers.BatchWriter``), guarded likewise."""

    def write_many(self, jobs: Sequence[tuple[Document, Path]]
                   ) -> Sequence[bytes | Exception]:
        assert isinstance(self.writer, BatchWriter)
        return guarded(self.plugin, "vorlagen_writers", self.writer.write_many, jobs)


def writers(manager: pluggy.PluginManager) -> dict[str, Writer]:
    """Every writer the plugins offer, by format name."""
    found: dict[str, Writer] = {}
    # pluggy calls the most recently registered plugin first; let later ones win.
    for plugin, offered in reversed(call(manager, "vorlagen_writers")):
        for writer in offered:
            guard = _GuardedBatchWriter if isinstance(writer, BatchWriter) else _GuardedWriter
            found[writer.format] = guard(plugin, writer)
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
    return {name: document_type
            for name, (_, document_type) in document_types_by_plugin(manager).items()}


def document_types_by_plugin(manager: pluggy.PluginManager) -> dict[str, tuple[str, DocumentType]]:
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


def layout_sections(manager: pluggy.PluginManager, aufbau: Iterable[Any], owner: str,
                    quelle: str) -> dict[str, Section]:
    """Every section, checked to hold those ``aufbau`` names: one no plugin registers is
    the error of the plugin whose document type names it (``owner``), else of the
    Hausformat file ``quelle``."""
    available = sections(manager)
    missing = [baustein.name for baustein in aufbau
               if getattr(baustein, "typ", "") == "plugin" and baustein.name not in available]
    if missing and owner:
        raise PluginError(owner, "vorlagen_document_types", KeyError(
            f"Abschnitt {', '.join(missing)} ist von keinem Plugin registriert"))
    if missing:
        known = ", ".join(sorted(available))
        raise InputError(quelle, [Problem("aufbau", (
            f"Abschnitt {', '.join(repr(name) for name in missing)} ist weder ein Baustein "
            f"noch von einem Plugin registriert (Plugin-Abschnitte: {known}); ist das "
            "Plugin installiert, das ihn bringt (Formulare: vorlagen-formulare)?"))])
    return available


def config_models(manager: pluggy.PluginManager) -> dict[str, tuple[str, type[BaseModel]]]:
    """The plugin and configuration model of each block name; two plugins that claim
    the same block are an error naming both."""
    found: dict[str, tuple[str, type[BaseModel]]] = {}
    for plugin, config in call(manager, "vorlagen_config"):
        if config.name in found:
            other = found[config.name][0]
            raise PluginError(plugin, "vorlagen_config", ValueError(
                f"den Block plugins.{config.name} beansprucht schon das Plugin {other!r}"))
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
    loaded: dict[str, importlib.metadata.Distribution] = getattr(manager, "distributions", {})
    distributions = {id(plugin): dist.metadata["Name"] for plugin, dist
                     in manager.list_plugin_distinfo()}
    found: list[InstalledPlugin] = []
    for name, plugin in manager.list_name_plugin():
        dist = loaded.get(name)
        if dist is not None:
            project, release = dist.metadata["Name"], dist.version
        elif id(plugin) in distributions:
            project = distributions[id(plugin)]
            release = version(project)
        elif name in DEFAULT_PLUGINS:
            project, release = "vorlagen", version("vorlagen")
        else:  # registered by the calling program, not installed
            project, release = "", ""
        hooks = sorted(caller.name for caller in manager.get_hookcallers(plugin) or ())
        found.append(InstalledPlugin(name, project, release, tuple(hooks)))
    return found

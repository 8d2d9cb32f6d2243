"""Building a plugin manager and asking its plugins.

The manager is an object the caller builds, never module state, so a program that embeds
vorlagen chooses exactly which plugins run. The built-in plugins are registered through
the same hooks as installed ones.

Hooks are asked through pluggy's public surface only: ``call`` takes each hook's
implementations from ``get_hookimpls()`` and calls them itself, in pluggy's order and
with pluggy's contract (``wrapper=True`` and old-style ``hookwrapper`` implementations,
``tryfirst`` and ``trylast``, ``firstresult``), so that each answer, exception or answer
of the wrong shape is attributed to the plugin that gave it, as simonw/llm does. What
does not depend on a Vorlage (writers, Hausformate, designs, sections, configuration
models) is asked once per manager (``Registry``).
"""

from __future__ import annotations

import difflib
import importlib
import importlib.metadata
import inspect
import os
import re
import sys
import warnings
from collections.abc import Callable, Collection, Generator, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib.metadata import version
from pathlib import Path
from typing import Any, TextIO, TypeVar, cast

import pluggy
from pydantic import BaseModel

from vorlagen import hookspecs, renamed
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
    """pluggy's manager for the hooks of ``vorlagen.hookspecs``, with the ``Registry`` of
    what its plugins offer.

    Installed plugins are loaded in the order of their entry-point names, not in the
    order the Python installation happens to list them, so which plugin's document type,
    section or writer wins never depends on the machine.
    """

    hook_version = hookspecs.HOOK_VERSION
    """The version of the hooks this manager calls (``vorlagen.hookspecs.HOOK_VERSION``)."""

    def __init__(self, *, trace: TextIO | None = None) -> None:
        super().__init__(ENTRY_POINT_GROUP)
        self.add_hookspecs(hookspecs)
        self.distributions: dict[str, importlib.metadata.Distribution] = {}
        """The distribution each installed plugin came from, by plugin name."""
        self.trace_to = trace
        """Where each hook call is written with the plugin that answered (None: nowhere);
        ``VORLAGEN_TRACE_PLUGINS=1`` makes ``plugin_manager`` write it to stderr."""
        self._registry: Registry | None = None

    @property
    def registry(self) -> Registry:
        """What the plugins offer, asked once; registering or unregistering a plugin
        makes it be asked again."""
        if self._registry is None:
            self._registry = Registry(self)
        return self._registry

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
        self._registry = None
        if registered is not None:
            _warn_if_document_types(self, plugin, registered)
        return registered

    def unregister(self, plugin: object | None = None, name: str | None = None) -> Any:
        self._registry = None
        return super().unregister(plugin, name)

    def load_entry_points(self, only: Collection[str] | None = None) -> None:
        """Register every plugin of the entry-point group ``vorlagen``, sorted by name;
        with ``only``, just those named there (by entry point or distribution), and a
        name that is neither an error listing the installed ones."""
        found: dict[str, tuple[importlib.metadata.EntryPoint,
                               importlib.metadata.Distribution]] = {}
        for dist in importlib.metadata.distributions():
            for entry_point in dist.entry_points:
                if entry_point.group == ENTRY_POINT_GROUP:
                    found.setdefault(entry_point.name, (entry_point, dist))
        if only is not None:
            found = _restricted(found, only)
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


PLUGINS_VARIABLE = "VORLAGEN_PLUGINS"
"""Which installed plugins load, comma-separated (empty: none); unset: all of them."""
TRACE_VARIABLE = "VORLAGEN_TRACE_PLUGINS"
"""Set to 1: each hook call is written to stderr with the plugin that answered."""


def plugin_manager(
    *, entry_points: bool = True, plugins: Iterable[object] = ()
) -> PluginManager:
    """A plugin manager with the built-in plugins, the installed ones (unless
    ``entry_points`` is false; only those ``VORLAGEN_PLUGINS`` names, if it is set) and
    any plugin objects or modules passed in ``plugins``. ``VORLAGEN_TRACE_PLUGINS=1``
    traces its hook calls to stderr.

    A plugin that implements a hook no specification has (a misspelled name) or that
    cannot be loaded is a ``PluginError``.
    """
    trace = os.environ.get(TRACE_VARIABLE, "").strip().lower() not in ("", "0", "nein", "no")
    manager = PluginManager(trace=sys.stderr if trace else None)
    for name in DEFAULT_PLUGINS:
        manager.register(importlib.import_module(name), name=name)
    if entry_points:
        only = os.environ.get(PLUGINS_VARIABLE)
        manager.load_entry_points(
            None if only is None else [name.strip() for name in only.split(",") if name.strip()])
    for plugin in plugins:
        manager.register(plugin)
    manager.check()
    return manager


def _restricted(found: dict[str, tuple[importlib.metadata.EntryPoint,
                                       importlib.metadata.Distribution]],
                only: Collection[str]) -> dict[str, tuple[importlib.metadata.EntryPoint,
                                                          importlib.metadata.Distribution]]:
    """The entry points of ``found`` that ``only`` names, by their own name or their
    distribution's; a name of neither is a user error naming the installed ones."""
    def normal(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    wanted = {normal(name) for name in only}
    known = {normal(name) for name in found}
    known |= {normal(dist.metadata["Name"]) for _, dist in found.values()}
    unknown = sorted(name for name in only if normal(name) not in known)
    if unknown:
        installed_names = ", ".join(sorted(found)) or "keine"
        hints = "".join(
            f"; gemeint ist vielleicht {close[0]!r}"
            for close in (difflib.get_close_matches(normal(unknown[0]), sorted(known), n=1),)
            if close)
        raise InputError(PLUGINS_VARIABLE, [Problem("", (
            f"nennt {', '.join(repr(name) for name in unknown)}, das nicht installiert ist"
            f"{hints} (installierte Plugins: {installed_names}); die Umgebungsvariable "
            "berichtigen oder leer setzen, um keine installierten Plugins zu laden"))])
    return {name: found[name] for name in found
            if normal(name) in wanted or normal(found[name][1].metadata["Name"]) in wanted}


def _warn_if_document_types(manager: PluginManager, plugin: object, name: str) -> None:
    """The ``vorlagen_document_types`` hook is going: a paper gets its structure from
    its Hausformat's kinds only."""
    if any(caller.name == "vorlagen_document_types"
           for caller in manager.get_hookcallers(plugin) or ()):
        warnings.warn(
            f"Plugin {name!r} setzt den Hook vorlagen_document_types um, der veraltet ist "
            "und in einer späteren Version wegfällt: die Art einer Vorlage (ihre "
            "Abschnitte) beschreibt das Hausformat unter arten: und aufbau:; ein Plugin "
            "liefert ein solches Hausformat mit vorlagen_hausformate (docs/plugins.md)",
            DeprecationWarning, stacklevel=3)


def _hook_named_in(message: str) -> str:
    """The first hook name in one of pluggy's messages."""
    for word in message.replace("'", " ").replace('"', " ").split():
        if word.startswith("vorlagen_"):
            return word.rstrip(".,:")
    return ""


def call(manager: pluggy.PluginManager, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
    """Each plugin's answer to ``hook`` as ``(plugin name, result)``, in pluggy's order
    (wrappers around the rest; ``tryfirst`` ones, then the most recently registered
    first; ``trylast`` ones last); ``None`` answers are left out, and a wrapper may
    change the list, as pluggy allows. The implementations are those pluggy's
    ``get_hookimpls()`` gives, called as pluggy calls them, but one by one.

    A user error (``VorlagenError``, e.g. a bad data file) passes through; any other
    exception, and an answer of the wrong shape, is a ``PluginError`` naming the plugin
    and the hook.
    """
    caller: pluggy.HookCaller = getattr(manager.hook, hook)
    firstresult = bool(caller.spec is not None and caller.spec.opts.get("firstresult"))
    trace: TextIO | None = getattr(manager, "trace_to", None)
    started: list[tuple[pluggy.HookImpl, Generator[Any, Any, Any]]] = []
    answers: list[tuple[str, Any]] = []
    error: BaseException | None = None
    try:
        # pluggy keeps the implementations in the reverse of its calling order, the
        # wrappers after the rest: so every wrapper starts before any other answers.
        for impl in reversed(caller.get_hookimpls()):
            missing = [name for name in impl.argnames if name not in kwargs]
            if missing:  # as pluggy's HookCallError, naming the plugin
                raise PluginError(impl.plugin_name, hook, TypeError(
                    f"verlangt {', '.join(missing)}, was der Hook nicht übergibt"))
            args = [kwargs[name] for name in impl.argnames]
            if impl.wrapper or impl.hookwrapper:
                started.append((impl, _start(impl, hook, args)))
                _trace(trace, hook, impl.plugin_name, "umschließt die übrigen")
                continue
            result = guarded(impl.plugin_name, hook, impl.function, *args)
            _trace(trace, hook, impl.plugin_name, _summary(result))
            if result is not None:
                _check_shape(impl.plugin_name, hook, result)
                answers.append((impl.plugin_name, result))
                if firstresult:
                    break
    except BaseException as raised:
        error = raised
    for impl, generator in reversed(started):
        answers, error = _finish(impl, hook, generator, answers, error, firstresult)
    if error is not None:
        raise error
    return answers


def _start(impl: pluggy.HookImpl, hook: str, args: list[Any]) -> Generator[Any, Any, Any]:
    """A wrapper run to its ``yield``."""
    generator = cast(Generator[Any, Any, Any],
                     guarded(impl.plugin_name, hook, impl.function, *args))
    try:
        guarded(impl.plugin_name, hook, next, generator)
    except PluginError as error:
        if isinstance(error.__cause__, StopIteration):
            raise PluginError(impl.plugin_name, hook, RuntimeError(
                "der Wrapper endet ohne yield")) from None
        raise
    return generator


def _finish(impl: pluggy.HookImpl, hook: str, generator: Generator[Any, Any, Any],
            answers: list[tuple[str, Any]], error: BaseException | None, firstresult: bool
            ) -> tuple[list[tuple[str, Any]], BaseException | None]:
    """The answers (or the error) after the wrapper ``impl`` has seen them: new answers
    it adds are its own."""
    plugin = impl.plugin_name
    results: Any = [value for _, value in answers]
    if firstresult:
        results = results[0] if results else None
    changed: Any
    try:
        if impl.hookwrapper:  # old style: the outcome is handed over as pluggy's Result
            outcome = pluggy.Result(results, error)
            try:
                generator.send(outcome)
            except StopIteration:
                pass
            else:
                raise RuntimeError("der Wrapper gibt mehr als einmal yield")
            if outcome.exception is not None:
                return answers, outcome.exception
            changed = outcome.get_result()
        else:
            try:
                if error is not None:
                    generator.throw(error)
                else:
                    generator.send(results)
            except StopIteration as stop:
                changed = stop.value
            else:
                raise RuntimeError("der Wrapper gibt mehr als einmal yield")
    except BaseException as raised:
        if raised is error or not isinstance(raised, Exception) \
                or isinstance(raised, VorlagenError):
            return answers, raised
        return answers, PluginError(plugin, hook, raised)
    if firstresult:
        changed = [] if changed is None else [changed]
    if not isinstance(changed, list):
        return answers, PluginError(plugin, hook, TypeError(
            f"der Wrapper gibt {type(changed).__name__} zurück, erwartet eine Liste"))
    owners = {id(value): owner for owner, value in answers}
    attributed = [(owners.get(id(value), plugin), value) for value in changed]
    try:
        for owner, value in attributed:
            _check_shape(owner, hook, value)
    except PluginError as wrong:
        return answers, wrong
    return attributed, None


def _trace(to: TextIO | None, hook: str, plugin: str, what: str) -> None:
    if to is not None and what:
        print(f"vorlagen: {hook} ← {plugin}: {what}", file=to, flush=True)


def _summary(result: object) -> str:
    """What an answer is, in a few words, for the trace."""
    if result is None:
        return "nichts"
    if isinstance(result, dict):
        return f"{', '.join(map(str, result)) or 'leeres dict'}"
    if isinstance(result, list | tuple):
        return f"{len(result)} Einträge"
    return type(result).__name__


def _is_writer(value: object) -> bool:
    return all(isinstance(getattr(value, name, None), str)
               for name in ("format", "extension", "media_type")
               ) and isinstance(_design_file_of(value), str) \
        and callable(getattr(value, "write", None))


def _design_file_of(writer: object) -> object:
    """A writer's ``design_file``, or what it calls by the old name ``template_name``."""
    found = getattr(writer, "design_file", None)
    return found if found is not None else getattr(writer, "template_name", None)


def _list_of(kind: type | Callable[[object], bool]) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        test = kind if not isinstance(kind, type) else (lambda item: isinstance(item, kind))
        return isinstance(value, list | tuple) and all(test(item) for item in value)
    return check


def _names_to_paths(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(name, str) and isinstance(path, str | os.PathLike)
        for name, path in value.items())


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
    "vorlagen_hausformate": (_names_to_paths, "ein dict Name → Pfad der Hausformat-Datei"),
    "vorlagen_layouts": (_names_to_paths, "ein dict Name → Pfad der Hausformat-Datei"),
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
    def design_file(self) -> str:
        return str(_design_file_of(self.writer))

    @property
    def template_name(self) -> str:
        """The old name of ``design_file``, for a program that still reads it."""
        return self.design_file

    def write(self, document: Document, template: Path) -> bytes:
        return guarded(self.plugin, "vorlagen_writers", self.writer.write, document, template)


@dataclass(frozen=True, slots=True)
class _GuardedBatchWriter(_GuardedWriter):
    """A plugin's batch writer (``vorlagen.writers.BatchWriter``), guarded likewise."""

    def write_many(self, jobs: Sequence[tuple[Document, Path]]
                   ) -> Sequence[bytes | Exception]:
        # chosen by its write_many: one still naming template_name fails isinstance
        writer = cast(BatchWriter, self.writer)
        return guarded(self.plugin, "vorlagen_writers", writer.write_many, jobs)


class Registry:
    """What a manager's plugins offer that does not depend on a Vorlage: writers,
    Hausformate, designs, sections, document types and configuration models. Each is
    asked the first time it is needed and kept with the manager (``PluginManager.registry``),
    so a run asks each hook once, and two managers never share what they found."""

    def __init__(self, manager: pluggy.PluginManager) -> None:
        self._manager = manager

    @cached_property
    def writers(self) -> dict[str, Writer]:
        """Every writer, by format name; a later plugin's replaces an earlier one."""
        found: dict[str, Writer] = {}
        # pluggy calls the most recently registered plugin first; let later ones win.
        for plugin, offered in reversed(call(self._manager, "vorlagen_writers")):
            for writer in offered:
                guard = (_GuardedBatchWriter if callable(getattr(writer, "write_many", None))
                         else _GuardedWriter)
                if getattr(writer, "design_file", None) is None:
                    renamed.warn("template_name", "design_file",
                                 f"Plugin {plugin!r}, Writer {writer.format!r}: ")
                found[writer.format] = guard(plugin, writer)
        return found

    @cached_property
    def hausformate(self) -> dict[str, tuple[str, Path]]:
        """Every Hausformat file, by name, with the plugin that offers it (through
        ``vorlagen_hausformate``, or its old name, whose answers count less)."""
        found: dict[str, tuple[str, Path]] = {}
        for hook in ("vorlagen_layouts", "vorlagen_hausformate"):
            for plugin, offered in reversed(call(self._manager, hook)):
                for name, path in offered.items():
                    found[name] = (plugin, Path(path))
        return found

    @cached_property
    def designs(self) -> dict[str, Path]:
        """Every Design folder, by name (through ``vorlagen_designs``, or its old name,
        whose answers count less)."""
        found: dict[str, Path] = {}
        for hook in ("vorlagen_templates", "vorlagen_designs"):
            for _plugin, offered in reversed(call(self._manager, hook)):
                found.update({name: Path(folder) for name, folder in offered.items()})
        return found

    @cached_property
    def sections(self) -> dict[str, Section]:
        """Every section, by name, guarded so that its failure names its plugin."""
        found: dict[str, Section] = {}
        for plugin, offered in reversed(call(self._manager, "vorlagen_sections")):
            for name, section in offered.items():
                found[name] = _guarded_section(plugin, section)
        return found

    @cached_property
    def document_types(self) -> dict[str, tuple[str, DocumentType]]:
        """The kinds of paper of the deprecated ``vorlagen_document_types`` hook, by
        ``art``, with the plugin that offers each."""
        found: dict[str, tuple[str, DocumentType]] = {}
        for plugin, offered in reversed(call(self._manager, "vorlagen_document_types")):
            for document_type in offered:
                found[document_type.name] = (plugin, document_type)
        return found

    @cached_property
    def config_models(self) -> dict[str, tuple[str, type[BaseModel]]]:
        """The plugin and configuration model of each block name; two plugins that
        claim the same block are an error naming both."""
        found: dict[str, tuple[str, type[BaseModel]]] = {}
        for plugin, config in call(self._manager, "vorlagen_config"):
            if config.name in found:
                other = found[config.name][0]
                raise PluginError(plugin, "vorlagen_config", ValueError(
                    f"den Block plugins.{config.name} beansprucht schon das Plugin {other!r}"))
            found[config.name] = (plugin, config.model)
        return found


def registry(manager: pluggy.PluginManager) -> Registry:
    """``manager``'s registry: kept with one of ours, made afresh for any other."""
    return manager.registry if isinstance(manager, PluginManager) else Registry(manager)


def writers(manager: pluggy.PluginManager) -> dict[str, Writer]:
    """Every writer the plugins offer, by format name."""
    return dict(registry(manager).writers)


def writer_for(manager: pluggy.PluginManager, format: str) -> Writer:
    available = registry(manager).writers
    try:
        return available[format]
    except KeyError:
        known = ", ".join(sorted(available))
        raise InputError(
            "Aufruf", [Problem("format", f"unbekanntes Format {format!r}, bekannt: {known}")]
        ) from None


def document_types(manager: pluggy.PluginManager) -> dict[str, DocumentType]:
    """Every kind of paper of the deprecated ``vorlagen_document_types`` hook, by its
    ``art``; a later plugin's type replaces an earlier one."""
    return {name: document_type
            for name, (_, document_type) in registry(manager).document_types.items()}


def document_types_by_plugin(manager: pluggy.PluginManager) -> dict[str, tuple[str, DocumentType]]:
    return dict(registry(manager).document_types)


def sections(manager: pluggy.PluginManager) -> dict[str, Section]:
    """Every section, by name; a later plugin's section replaces an earlier one."""
    return dict(registry(manager).sections)


def _guarded_section(plugin: str, section: Section) -> Section:
    def run(draft: Any) -> list[Block]:
        return guarded(plugin, "vorlagen_sections", section, draft)
    return run


def hausformat_sections(manager: pluggy.PluginManager, aufbau: Iterable[Any], owner: str,
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
    return dict(registry(manager).config_models)


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

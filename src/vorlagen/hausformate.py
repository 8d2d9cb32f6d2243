"""Finding and reading Hausformate: shipped, from plugins, or from a file.

A Vorlage names its layout by name (``layout: nordstemmen``), which a plugin provides
through ``vorlagen_layouts`` (the shipped ones through the built-in plugin), or by the
path of a layout file, relative to the Vorlage. Without one it gets ``standard``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pluggy
from pydantic import ValidationError

from vorlagen import hausformat as hf
from vorlagen import textcheck
from vorlagen.errors import InputError, PluginError, Problem
from vorlagen.hausformat import Hausformat
from vorlagen.messages import field_path, problems
from vorlagen.plugins import call

STANDARD = "standard"
SHIPPED_DIR = Path(__file__).parent / "layouts"
"""The layout files that ship with vorlagen."""


@dataclass(frozen=True, slots=True)
class LayoutSource:
    """Where a layout comes from: its file and the plugin that provides it (or "")."""

    name: str
    path: Path
    plugin: str = ""


def shipped_layouts() -> dict[str, Path]:
    """The shipped layout files by name (the file's stem)."""
    return {path.stem: path for path in sorted(SHIPPED_DIR.glob("*.yaml"))}


def available(manager: pluggy.PluginManager) -> dict[str, LayoutSource]:
    """Every layout a plugin provides, by name; a later plugin's replaces an earlier one."""
    found: dict[str, LayoutSource] = {}
    for plugin, offered in reversed(call(manager, "vorlagen_layouts")):
        for name, path in offered.items():
            found[name] = LayoutSource(name, Path(path), plugin)
    return found


def looks_like_path(value: str) -> bool:
    """Whether a layout is named by its file rather than by its name."""
    return "/" in value or "\\" in value or value.lower().endswith((".yaml", ".yml"))


def find(value: str | None, manager: pluggy.PluginManager, base_dir: Path) -> LayoutSource:
    """The layout ``value`` names (None: ``standard``); a path is relative to
    ``base_dir``. An unknown name is a ValueError listing the known ones."""
    name = value or STANDARD
    if looks_like_path(name):
        path = Path(name)
        return LayoutSource(name, path if path.is_absolute() else base_dir / path)
    known = available(manager)
    if name not in known:
        listed = ", ".join(sorted(known)) or "keins"
        raise ValueError(f"kein Hausformat {name!r} (bekannt: {listed}; oder der Pfad einer "
                         "Layout-Datei, z. B. layout.yaml)")
    return known[name]


def load_hausformat(source: LayoutSource | Path | str) -> Hausformat:
    """A layout file, validated; every problem is reported with the file, the field
    and the line."""
    if not isinstance(source, LayoutSource):
        source = LayoutSource(Path(source).stem, Path(source))
    path = source.path
    try:
        stat = path.stat()
    except OSError:
        stat = None
    try:
        return _load(str(path), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)
    except InputError:
        if source.plugin:  # a plugin ships a broken layout: the plugin's error
            raise PluginError(source.plugin, "vorlagen_layouts", ValueError(
                f"das Hausformat {source.name!r} ({path}) ist fehlerhaft; "
                f"vorlagen layout check {path} zeigt, was")) from None
        raise


@lru_cache(maxsize=32)
def _load(path: str, mtime: int, size: int) -> Hausformat:
    """A layout file, read again only when it changed (by time and size)."""
    from vorlagen.load import read_file

    parsed = read_file(Path(path))
    if not isinstance(parsed.data, dict):
        raise InputError(path, [Problem("", "erwartet Felder der Form 'Schlüssel: Wert' "
                                            "auf oberster Ebene")])
    try:
        hausformat = Hausformat.model_validate(parsed.data)
    except ValidationError as error:
        raise InputError(path, problems(error, Hausformat, line_of=parsed.line_of)) from None
    hausformat._zeilen = parsed.line_of
    return hausformat


def check_layout(path: Path, manager: pluggy.PluginManager) -> Hausformat:
    """A layout file checked as rendering would use it: its fields, the sections it
    names (each a Baustein or a plugin's section), and its texts: their syntax, and
    every name, field, filter and function they use (``vorlagen.textcheck``)."""
    from vorlagen.load import read_file
    from vorlagen.plugins import sections

    hausformat = load_hausformat(LayoutSource(path.stem, path))
    source = read_file(path)
    available = sections(manager)
    found: list[Problem] = []

    def check(loc: tuple[int | str, ...], text: str, names: dict[str, Any]) -> None:
        for line_in_text, message in textcheck.problems(text, names):
            found.append(Problem(field_path(loc), message, _text_line(source, loc,
                                                                      line_in_text)))

    for key in ("kopf_folgeseiten", "fuss"):
        check(("seite", key), getattr(hausformat.seite, key) or "", textcheck.layout_names())
    aufbauten: list[tuple[tuple[int | str, ...], Any]] = [(("aufbau",), hausformat.aufbau)]
    aufbauten += [(("arten", index, "aufbau"), art.aufbau)
                  for index, art in enumerate(hausformat.arten) if art.aufbau is not None]
    for loc, aufbau in aufbauten:
        for index, baustein in enumerate(aufbau):
            where = (*loc, index)
            if isinstance(baustein, hf.Plugin) and baustein.name not in available:
                known = ", ".join(sorted(available))
                found.append(Problem(field_path(where), (
                    f"{baustein.name!r} ist weder ein Baustein ({', '.join(hf.KINDS)}) noch "
                    f"der Abschnitt eines installierten Plugins ({known}); ist das Plugin "
                    "installiert, das ihn bringt (Formulare: vorlagen-formulare)?"),
                    source.line_of(where)))
            names = textcheck.layout_names(**_baustein_names(baustein))
            for inside, text in hf.located_templates(baustein):
                check((*where, baustein.typ, *inside), text, names)
            wenn = getattr(baustein, "wenn", None)
            if wenn and (message := textcheck.condition_problem(wenn, names)):
                loc_wenn = (*where, baustein.typ, "wenn")
                found.append(Problem(field_path(loc_wenn), message, source.line_of(loc_wenn)))
    if found:
        raise InputError(str(path), sorted(found, key=lambda problem: problem.line or 0))
    return hausformat


def _baustein_names(baustein: Any) -> dict[str, Any]:
    """The names a Baustein's texts may use besides the Vorlage's."""
    if isinstance(baustein, hf.Anlagen):
        return {"nummer": None, "titel": None}
    if isinstance(baustein, hf.Beratungsfolge):
        return textcheck.BERATUNG_SPALTE
    return {}


def _text_line(source: Any, loc: tuple[int | str, ...], line_in_text: int) -> int | None:
    """The file's line of line ``line_in_text`` of the text at ``loc``."""
    line = source.text_line(field_path(loc), line_in_text)
    return line if line is not None else source.line_of(loc)  # type: ignore[no-any-return]

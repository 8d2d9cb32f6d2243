"""Finding and reading Hausformate: shipped, from plugins, or from a file.

A Vorlage names its Hausformat by name (``hausformat: nordstemmen``), which a plugin provides
through ``vorlagen_hausformate`` (the shipped ones through the built-in plugin), or by the
path of a Hausformat file, relative to the Vorlage. Without one it gets the nearest
``hausformat.yaml`` in its folder or above, else ``standard``. A Hausformat file may build
on another Hausformat (``basis``) and give only what differs.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pluggy
from pydantic import BaseModel, ValidationError

from vorlagen import hausformat as hf
from vorlagen import textcheck
from vorlagen.errors import InputError, PluginError, Problem, in_line_order, input_error
from vorlagen.hausformat import Hausformat
from vorlagen.inputs import (
    MAX_BASIS_CHAIN,
    MAX_BAUSTEINE,
    MAX_HAUSFORMAT_BYTES,
    MAX_HAUSFORMAT_VALUES,
    nearest_above,
)
from vorlagen.messages import field_path, problems
from vorlagen.plugins import plugin_manager, registry, sections
from vorlagen.readfile import read_file
from vorlagen.shipped import STANDARD as STANDARD
from vorlagen.shipped import shipped_hausformate as shipped_hausformate


@dataclass(frozen=True, slots=True)
class HausformatSource:
    """Where a Hausformat comes from: its file and the plugin that provides it (or "")."""

    name: str
    path: Path
    plugin: str = ""


def available(manager: pluggy.PluginManager) -> dict[str, HausformatSource]:
    """Every Hausformat a plugin provides, by name; a later plugin's replaces an earlier one."""
    return {name: HausformatSource(name, path, plugin)
            for name, (plugin, path) in registry(manager).hausformate.items()}


HAUSFORMAT_DATEI = "hausformat.yaml"
"""The Hausformat of every Vorlage in its folder and the folders below that names none."""


def nearest(folder: Path) -> Path | None:
    """The ``hausformat.yaml`` in ``folder`` or the nearest folder above it, if any."""
    return nearest_above(folder, HAUSFORMAT_DATEI)


def chosen(value: str | None, manager: pluggy.PluginManager, folder: Path) -> HausformatSource:
    """The Hausformat a Vorlage in ``folder`` gets that names ``value`` (None: the
    nearest ``hausformat.yaml``, else ``standard``)."""
    found = nearest(folder) if value is None else None
    return HausformatSource(found.name, found) if found else find(value, manager, folder)


def looks_like_path(value: str) -> bool:
    """Whether a Hausformat is named by its file rather than by its name."""
    return "/" in value or "\\" in value or value.lower().endswith((".yaml", ".yml"))


def find(value: str | None, manager: pluggy.PluginManager, base_dir: Path) -> HausformatSource:
    """The Hausformat ``value`` names (None: ``standard``); a path is relative to
    ``base_dir``. An unknown name is a ValueError listing the known ones."""
    name = value or STANDARD
    if looks_like_path(name):
        path = Path(name)
        return HausformatSource(name, path if path.is_absolute() else base_dir / path)
    known = available(manager)
    if name not in known:
        listed = ", ".join(sorted(known)) or "keins"
        close = difflib.get_close_matches(name, list(known), n=1)
        hint = f"; gemeint ist vielleicht {close[0]!r}" if close else ""
        raise ValueError(f"kein Hausformat {name!r} (bekannt: {listed}; oder der Pfad einer "
                         f"Hausformat-Datei, z. B. hausformat.yaml){hint}")
    return known[name]


def load_hausformat(source: HausformatSource | Path | str,
                    manager: pluggy.PluginManager | None = None) -> Hausformat:
    """A Hausformat file, validated, on top of the Hausformate it builds on (``basis``);
    every problem is reported with the file, the field and the line. A ``basis`` name is
    looked up among ``manager``'s Hausformate (None: the shipped ones, then the installed)."""
    if not isinstance(source, HausformatSource):
        source = HausformatSource(Path(source).stem, Path(source))
    try:
        files = chain(source.path, manager)
        return _load(tuple((str(path), *_version(path)) for path in files))
    except InputError:
        if source.plugin:  # a plugin ships a broken Hausformat: the plugin's error
            raise PluginError(source.plugin, "vorlagen_hausformate", ValueError(
                f"das Hausformat {source.name!r} ({source.path}) ist fehlerhaft; "
                f"vorlagen hausformat check {source.path} zeigt, was")) from None
        raise


BASIS = "basis"
"""The key with which a Hausformat file builds on another Hausformat."""


def applies(path: Path, manager: pluggy.PluginManager) -> tuple[str, str, list[Path]]:
    """Which Hausformat a Vorlage file (or a new Vorlage in a folder) gets, why, and the
    files it is made of (the first on the next): the Vorlage's ``hausformat``, else the
    nearest ``hausformat.yaml``, else ``standard``. An unreadable Vorlage or a Hausformat
    that is none is an InputError."""
    folder = path if path.is_dir() else path.parent
    if not path.is_dir():
        parsed = read_file(path)
        data = parsed.data if isinstance(parsed.data, dict) else {}
        key = next((key for key in ("hausformat", "layout") if key in data), "hausformat")
        value = data.get(key)  # layout: is hausformat:'s old name
        if isinstance(value, str) and value.strip():
            line = parsed.line_of((key,))
            try:
                source = find(value.strip(), manager, folder)
            except ValueError as error:
                raise InputError(str(path), [Problem(key, str(error), line)]) from None
            where = f", Zeile {line}" if line else ""
            return (value.strip(), f"{key}: in der Vorlage{where}",
                    chain(source.path, manager))
    found = nearest(folder)
    if found is not None:
        return (shown(found, manager), f"die nächste {HAUSFORMAT_DATEI} vom Ordner der "
                "Vorlage aufwärts", chain(found, manager))
    source = find(STANDARD, manager, folder)
    return (STANDARD, f"weder hausformat: in der Vorlage noch eine {HAUSFORMAT_DATEI} im Ordner "
            "oder darüber", chain(source.path, manager))


def shown(path: Path, manager: pluggy.PluginManager | None = None) -> str:
    """A Hausformat file or folder as a user reads it: an installed Hausformat by its name,
    a file below the current folder relative to it, any other by its full path."""
    if manager is not None:
        for name, source in available(manager).items():
            if source.path.resolve() == path.resolve():
                return name
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _version(path: Path) -> tuple[int, int]:
    """When the file last changed and its size, so that a changed file is read again."""
    try:
        stat = path.stat()
    except OSError:
        return 0, 0
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=64)
def _read(path: str, mtime: int, size: int) -> Any:
    """A Hausformat file's parsed data and lines, read again only when it changed; a key
    given twice is reported with the file's other problems (``_load``)."""
    if size > MAX_HAUSFORMAT_BYTES:
        raise InputError(path, [Problem("", (
            f"größer als {MAX_HAUSFORMAT_BYTES // 2**20} MB; so groß ist kein Hausformat "
            "(eines hat meist wenige KB): Bausteine und Texte kürzen"))])
    parsed = read_file(Path(path), keep_duplicates=True)
    if not isinstance(parsed.data, dict):
        raise InputError(path, [Problem("", "erwartet Felder der Form 'Schlüssel: Wert' "
                                            "auf oberster Ebene")])
    _check_size(path, parsed)
    return parsed


def _check_size(path: str, parsed: Any) -> None:
    """Refuse a Hausformat file with more Bausteine in an ``aufbau`` than
    ``MAX_BAUSTEINE`` or more values than ``MAX_HAUSFORMAT_VALUES``, counted in the parsed
    data before any Baustein is built or checked."""
    for loc, count in _aufbauten(parsed.data):
        if count > MAX_BAUSTEINE:
            raise InputError(path, [Problem(field_path(loc), (
                f"{_number(count)} Bausteine; ein Aufbau hat höchstens "
                f"{_number(MAX_BAUSTEINE)} (ein Hausformat braucht meist etwa 20): die "
                "Liste kürzen"), parsed.line_of(loc))])
    if _values(parsed.data) > MAX_HAUSFORMAT_VALUES:
        raise InputError(path, [Problem("", (
            f"mehr als {_number(MAX_HAUSFORMAT_VALUES)} Angaben (Texte, Zahlen, Listen); "
            "so groß ist kein Hausformat: Bausteine und Felder zusammenfassen oder "
            "weglassen"))])


def _aufbauten(data: dict[str, Any]) -> list[tuple[tuple[int | str, ...], int]]:
    """Where a Hausformat file's ``aufbau`` lists stand (its own, its ``arten``'s) and
    how many Bausteine each has."""
    found: list[tuple[tuple[int | str, ...], int]] = []
    if isinstance(data.get("aufbau"), list):
        found.append((("aufbau",), len(data["aufbau"])))
    arten = data.get("arten")
    for index, art in enumerate(arten if isinstance(arten, list) else []):
        if isinstance(art, dict) and isinstance(art.get("aufbau"), list):
            found.append((("arten", index, "aufbau"), len(art["aufbau"])))
    return found


def _values(data: Any) -> int:
    """How many values (texts, numbers, lists, mappings) ``data`` has, counted up to one
    more than ``MAX_HAUSFORMAT_VALUES``."""
    count, stack = 0, [data]
    while stack and count <= MAX_HAUSFORMAT_VALUES:
        value = stack.pop()
        count += 1
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return count


def _check_chain(files: list[Path]) -> None:
    """Refuse a Hausformat whose files so far (it and those it builds on) are together
    larger than ``MAX_HAUSFORMAT_BYTES`` or have more Bausteine than ``MAX_BAUSTEINE`` or
    more values than ``MAX_HAUSFORMAT_VALUES``: a chain of files does not multiply the
    limits of one. Called as each file of the chain is read, so that reading stops there."""
    parsed = [_read(str(file), *_version(file)) for file in files]
    size = sum(_version(file)[1] for file in files)
    bausteine = sum(count for source in parsed for _, count in _aufbauten(source.data))
    values = sum(_values(source.data) for source in parsed)
    if size > MAX_HAUSFORMAT_BYTES:
        what = f"größer als {MAX_HAUSFORMAT_BYTES // 2**20} MB"
    elif bausteine > MAX_BAUSTEINE:
        what = f"{_number(bausteine)} Bausteine (höchstens {_number(MAX_BAUSTEINE)})"
    elif values > MAX_HAUSFORMAT_VALUES:
        what = f"mehr als {_number(MAX_HAUSFORMAT_VALUES)} Angaben (Texte, Zahlen, Listen)"
    else:
        return
    raise InputError(str(files[0]), [Problem(BASIS, (
        f"mit den Hausformaten, auf denen es aufbaut, zusammen {what}; so groß ist kein "
        "Hausformat: die Kette kürzen oder Bausteine weglassen"),
        parsed[0].line_of((BASIS,)))])


def _number(count: int) -> str:
    """``count`` as German writes it: 100.000."""
    return f"{count:,}".replace(",", ".")


def chain(path: Path, manager: pluggy.PluginManager | None = None) -> list[Path]:
    """The Hausformat file and the files it builds on, each on the next: the file first,
    the Hausformat without a ``basis`` last. A name or path that is none, or a basis that
    leads back to a file of the chain, is an InputError of the file that names it."""
    files = [path]
    while True:
        current = files[-1]
        parsed = _read(str(current), *_version(current))
        value = parsed.data.get(BASIS)
        if len(files) > 1:
            _check_chain(files)
        if value is None:
            return files
        line = parsed.line_of((BASIS,))
        if not isinstance(value, str) or not value.strip():
            raise InputError(str(current), [Problem(BASIS, (
                "erwartet den Namen eines Hausformats (vorlagen hausformate) oder den Pfad "
                "einer Hausformat-Datei, z. B. basis: standard"), line)])
        try:
            following = _basis(value.strip(), current.parent, manager)
        except ValueError as error:
            raise InputError(str(current), [Problem(BASIS, str(error), line)]) from None
        if not following.is_file():
            raise InputError(str(current), [Problem(
                BASIS, f"Hausformat-Datei {following} nicht gefunden", line)])
        if any(following.resolve() == seen.resolve() for seen in files):
            circle = " → ".join(str(seen) for seen in (*files, following))
            raise InputError(str(current), [Problem(BASIS, (
                f"die Hausformate bauen im Kreis aufeinander auf ({circle}); eines davon "
                "muss ohne basis auskommen"), line)])
        if len(files) >= MAX_BASIS_CHAIN:
            raise InputError(str(path), [Problem(BASIS, (
                f"das Hausformat baut über mehr als {MAX_BASIS_CHAIN} Hausformat-Dateien "
                "aufeinander auf; eines der Kette sollte ohne basis auskommen"),
                _read(str(path), *_version(path)).line_of((BASIS,)))])
        files.append(following)


def _basis(value: str, folder: Path, manager: pluggy.PluginManager | None) -> Path:
    """The file a ``basis`` names: a path relative to ``folder`` (the folder of the file
    that names it), or a Hausformat's name."""
    if looks_like_path(value):
        path = Path(value)
        return path if path.is_absolute() else folder / path
    if manager is None and value in shipped_hausformate():
        return shipped_hausformate()[value]
    return find(value, manager or plugin_manager(), folder).path


@lru_cache(maxsize=32)
def _load(chain: tuple[tuple[str, int, int], ...]) -> Hausformat:
    """The Hausformat of a chain of Hausformat files (the first on the next, each key of a
    file replacing that of the file it builds on), computed again only when one changed.
    Each Hausformat of the chain is valid on its own; a problem is reported in the file
    whose key has it."""
    (path, mtime, size), rest = chain[0], chain[1:]
    parsed = _read(path, mtime, size)
    own = {key: value for key, value in parsed.data.items() if key != BASIS}
    basis = _load(rest) if rest else None
    data = {**(basis.model_dump(exclude_unset=True) if basis else {}), **own}
    files = {key: path for key in own}
    if basis is not None:
        files = {**{key: basis.datei((key,)) or path for key in data if key not in own},
                 **files}

    def line_of(loc: tuple[int | str, ...]) -> int | None:
        if basis is not None and loc and loc[0] not in own:
            return basis.zeile(loc)
        return parsed.line_of(loc)  # type: ignore[no-any-return]

    try:
        hausformat = Hausformat.model_validate(data)
    except ValidationError as error:
        raise InputError(path, in_line_order([
            *parsed.duplicates, *problems(error, Hausformat, line_of=line_of)])) from None
    if parsed.duplicates:
        raise InputError(path, parsed.duplicates)
    return hausformat.located(line_of, files)


def check_hausformat(path: Path, manager: pluggy.PluginManager) -> Hausformat:
    """A Hausformat file checked as rendering would use it: its fields, the sections it
    names (each a Baustein or a plugin's section), and its texts: their syntax, and
    every name, field, filter and function they use (``vorlagen.textcheck``). Every
    problem is found in one run, also the texts of a Baustein the model refuses, and
    each is reported in the file whose key has it (this one or a ``basis``)."""
    files = chain(path, manager)
    basis = _load(tuple((str(file), *_version(file)) for file in files[1:])) \
        if len(files) > 1 else None
    own = _read(str(path), *_version(path))
    found: dict[str, list[Problem]] = {str(path): []}
    hausformat: Hausformat | None = None
    try:
        hausformat = _load(tuple((str(file), *_version(file)) for file in files))
    except InputError as error:
        found[str(path)] += error.problems
    for key in ("seite", "aufbau", "arten"):
        datei = str(path) if key in own.data or basis is None else basis.datei((key,))
        if datei is None:
            continue
        source = _read(datei, *_version(Path(datei)))
        found.setdefault(datei, []).extend(
            _text_problems(key, source, sections(manager)))
    if refused := input_error(found):
        raise refused
    assert hausformat is not None  # no problem found: the model took it
    return hausformat


def _text_problems(key: str, source: Any, available: dict[str, Any]) -> list[Problem]:
    """The problems of the texts and sections under the top-level ``key`` of a Hausformat
    file, read from its data as far as the model takes it."""
    found: list[Problem] = []
    value = source.data.get(key)

    def check(loc: tuple[int | str, ...], text: str, names: dict[str, Any]) -> None:
        for line_in_text, message in textcheck.problems(text, names):
            found.append(Problem(field_path(loc), message, _text_line(source, loc,
                                                                      line_in_text)))

    if key == "seite":
        seite = _salvaged(hf.Seite, value)
        for name in ("kopf_folgeseiten", "fuss") if seite is not None else ():
            check(("seite", name), getattr(seite, name) or "", textcheck.layout_names())
        return found
    aufbauten: list[tuple[tuple[int | str, ...], Any]] = [(("aufbau",), value)]
    if key == "arten":
        aufbauten = [(("arten", index, "aufbau"), art.get("aufbau"))
                     for index, art in enumerate(_list(value)) if isinstance(art, dict)]
    for loc, aufbau in aufbauten:
        for index, raw in enumerate(_list(aufbau)):
            where = (*loc, index)
            baustein = _salvaged_baustein(raw)
            if baustein is None:
                continue
            if isinstance(baustein, hf.Plugin) and baustein.name not in available:
                close = difflib.get_close_matches(baustein.name, [*hf.KINDS, *available], n=1)
                hint = f"; gemeint ist vielleicht {close[0]!r}" if close else ""
                found.append(Problem(field_path(where), (
                    f"{baustein.name!r} ist weder ein Baustein ({', '.join(hf.KINDS)}) noch "
                    f"der Abschnitt eines installierten Plugins "
                    f"({', '.join(sorted(available))}){hint}; ist das Plugin installiert, "
                    "das ihn bringt (Formulare: vorlagen-formulare)?"),
                    source.line_of(where)))
            names = textcheck.layout_names(**_baustein_names(baustein))
            for inside, text in hf.located_templates(baustein):
                check((*where, baustein.typ, *inside), text, names)
            wenn = getattr(baustein, "wenn", None)
            if wenn and (message := textcheck.condition_problem(wenn, names)):
                loc_wenn = (*where, baustein.typ, "wenn")
                found.append(Problem(field_path(loc_wenn), message, source.line_of(loc_wenn)))
    return found


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _salvaged_baustein(raw: Any) -> Any:
    """A Baustein as the model reads it, without the options it refuses; None if it is
    no Baustein at all."""
    try:
        options = hf.baustein_options(raw)
    except ValueError:
        return None
    if not isinstance(options, dict) or options.get("typ") not in hf.KINDS:
        return None
    return _salvaged(hf.KINDS[options["typ"]], options)


def _salvaged(model: type[BaseModel], raw: Any) -> BaseModel | None:
    """``raw`` validated by ``model``, each option it refuses left out (as deep as a
    mapping holds it, so that the other texts keep their place), until it takes the
    rest; None if it takes none."""
    if not isinstance(raw, dict):
        return None
    data = copy.deepcopy(raw)
    for _ in range(_MOST_ROUNDS):
        try:
            return model.model_validate(data)
        except ValidationError as error:
            if not any(_leave_out(data, detail["loc"]) for detail in error.errors()):
                return None
    return None


_MOST_ROUNDS = 20
"""How often a refused Baustein is tried again with less (each round leaves out what
the last refused)."""


def _leave_out(data: dict[str, Any], loc: tuple[int | str, ...]) -> bool:
    """Remove the deepest key of a mapping along ``loc`` that ``data`` has; whether one
    was."""
    path: list[tuple[dict[str, Any], str]] = []
    node: Any = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            path.append((node, part))
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            break
    if not path:
        return False
    mapping, key = path[-1]
    if key == "typ" and mapping is data:
        return False
    del mapping[key]
    return True


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

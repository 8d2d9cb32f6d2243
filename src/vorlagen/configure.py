"""Checking a Vorlage against the plugins that will render it.

The model alone cannot know which kinds of paper and which plugin blocks exist: plugins
register them. This step checks ``art``, the Beschlussvorschlag it implies, and every
``plugins`` block with its plugin's own pydantic model.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pluggy
from pydantic import BaseModel, ValidationError

from vorlagen import hausformat as hf
from vorlagen.errors import (
    InputError,
    Mention,
    PluginError,
    Problem,
    VorlagenError,
    in_line_order,
)
from vorlagen.hausformat import Aufbau, Hausformat, Plugin, Vorlagenart
from vorlagen.hausformate import (
    STANDARD,
    HausformatSource,
    available,
    chain,
    find,
    load_hausformat,
    looks_like_path,
    nearest,
    shown,
)
from vorlagen.inputs import ALLOW_OUTSIDE, confined, unreadable
from vorlagen.loaded import LoadedVorlage
from vorlagen.messages import MISSING, NEEDED, Loc, field_path, meant, problems
from vorlagen.model import HAUSFORMAT_KEYS, Vorlage
from vorlagen.plugins import config_models, document_types_by_plugin, plugin_manager
from vorlagen.ris_check import ris_problems
from vorlagen.templates import find_design


def configure(
    vorlage: Vorlage | LoadedVorlage,
    plugins: pluggy.PluginManager | None = None,
    base_dir: Path | None = None,
    *,
    line_of: Callable[[Loc], int | None] | None = None,
    allow_outside: bool = False,
    more_problems: Callable[[LoadedVorlage], list[Problem]] | None = None,
    quelle: str = "Vorlage",
    zeilen: Callable[[str, int], int | None] | None = None,
    hausformat: str | os.PathLike[str] | None = None,
) -> LoadedVorlage:
    """The Vorlage as loaded: its Hausformat found (``hausformat``, the caller's choice,
    instead of the Vorlage's own), its Design, its plugin blocks validated; or an
    InputError listing every problem. A Vorlage loaded already is returned as it is.

    Files the blocks name must lie in ``base_dir`` unless ``allow_outside``. If there
    are problems only with the Hausformat (a role, a field it does not print),
    ``more_problems`` is given the Vorlage as loaded and what it finds listed with them.
    ``quelle`` and ``zeilen`` say where the Vorlage came from (its file, the line of a
    text field's line), for messages.
    """
    if isinstance(vorlage, LoadedVorlage):
        return vorlage
    manager = plugins or plugin_manager()
    line: Callable[[Loc], int | None] = line_of or (lambda loc: None)
    chosen = None if hausformat is None else os.fspath(hausformat)
    if chosen is not None and looks_like_path(chosen):  # the caller's, not the file's
        chosen = str(Path(chosen).absolute())
    try:
        found_hausformat = hausformat_of(vorlage, manager, base_dir, hausformat=chosen,
                                         allow_outside=allow_outside)
    except ValueError as error:
        key = HAUSFORMAT_KEYS[0]  # (load_vorlage reads the old key as this one)
        raise InputError(quelle, [Problem(key, str(error), line((key,)))]) from None
    found = _check_art(vorlage, found_hausformat, manager, line) + \
        _check_hausformat(vorlage, found_hausformat, line)
    if base_dir is not None:  # the body's Gremien and meetings, where its ris.yaml lies
        found += ris_problems(vorlage, base_dir, line, quelle)
    files: list[InputError] = []
    art_known = found_hausformat.art is not None  # the texts can be made only for a known kind
    hausformat_problems = len(found)

    def loaded(configs: dict[str, BaseModel], design: Path | None = None) -> LoadedVorlage:
        return LoadedVorlage(vorlage.model_copy(update={"plugins": configs}), found_hausformat,
                             base_dir or Path.cwd(), quelle, design, configs,
                             allow_outside, zeilen)

    models = config_models(manager)
    configs: dict[str, BaseModel] = {}
    for name, block in vorlage.plugins.items():
        owner, model = models.get(name, ("", None))
        if model is None:
            installed = ", ".join(sorted(models)) or "keins"
            found.append(Problem(f"plugins.{name}",
                                 f"kein Plugin {name!r} installiert (installiert: {installed})",
                                 line(("plugins", name))))
            continue
        if isinstance(block, model):
            configs[name] = block
            continue
        if block is not None and not isinstance(block, Mapping):
            found.append(Problem(f"plugins.{name}", "muss eine Zuordnung 'Schlüssel: Wert' sein",
                                 line(("plugins", name))))
            continue
        context = {"base_dir": base_dir or Path.cwd(), ALLOW_OUTSIDE: allow_outside}
        try:
            configs[name] = model.model_validate(block or {}, context=context)
        except ValidationError as error:
            found += problems(error, model, ("plugins", name), line)
        except InputError as error:  # a data file the block names: the others are checked
            if error.source == quelle:
                raise
            loc = _naming(block, ("plugins", name), Path(error.source), base_dir)
            files.append(error.mentioned(Mention(quelle, field_path(loc), line(loc))))
        except VorlagenError:
            raise
        except Exception as error:  # a bug in the plugin's model, not in the Vorlage
            raise PluginError(owner, "vorlagen_config", error) from error
    if len(files) == 1 and not found:
        raise files[0]
    if found or files:
        if more_problems is not None and art_known and not files \
                and len(found) == hausformat_problems:  # every plugin's block is there
            found += more_problems(loaded(configs))
        found += [problem for error in files for problem in error.as_problems_of_mention()]
        raise InputError(quelle, in_line_order(found))
    return loaded(configs, _design(found_hausformat, manager))


def _design(chosen: ChosenHausformat, manager: pluggy.PluginManager) -> Path | None:
    """The Design's folder the Hausformat names, found by name or relative to its file."""
    value = chosen.hausformat.design
    if value is None:
        return None
    quelle = chosen.hausformat.datei(("design",)) or chosen.quelle
    try:
        return find_design(value, manager, Path(quelle).parent)
    except ValueError as error:
        raise InputError(quelle, [Problem(
            "design", str(error), chosen.hausformat.zeile(("design",)))]) from None


def _naming(block: object, loc: Loc, path: Path, base_dir: Path | None) -> Loc:
    """Where in a plugin block the file ``path`` is named (``plugins.massnahmen.datei``);
    the block itself if no value names it."""
    stack: list[tuple[object, Loc]] = [(block, loc)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, Mapping):
            stack += [(item, (*where, str(key))) for key, item in value.items()]
        elif isinstance(value, list):
            stack += [(item, (*where, index)) for index, item in enumerate(value)]
        elif isinstance(value, str | os.PathLike):
            try:
                if ((base_dir or Path.cwd()) / value).resolve() == path.resolve():
                    return where
            except (OSError, ValueError):
                continue
    return loc


@dataclass(frozen=True, slots=True)
class ChosenHausformat:
    """A Vorlage's Hausformat, its file (for messages) and its kind of paper."""

    hausformat: Hausformat
    quelle: str
    art: Vorlagenart | None
    """None: the Hausformat has no such kind (an error ``configure`` reports)."""
    from_plugin: str = ""
    """The plugin whose ``DocumentType`` gives the kind of paper, if one does."""
    name: str = STANDARD
    """The Hausformat as messages name it: as the Vorlage or the caller named it, the
    ``hausformat.yaml`` found for it, or ``standard``."""

    @property
    def aufbau(self) -> Aufbau:
        assert self.art is not None
        return self.hausformat.aufbau_for(self.art)


def hausformat_of(vorlage: Vorlage | LoadedVorlage, manager: pluggy.PluginManager,
                  base_dir: Path | None = None, *, hausformat: str | None = None,
                  allow_outside: bool = False) -> ChosenHausformat:
    """The Vorlage's Hausformat and kind of paper: ``hausformat`` if the caller chooses
    one, else the Vorlage's own (its field ``layout``, written ``hausformat:``), else
    the ``hausformat.yaml`` nearest to ``base_dir``, else ``standard``. A plugin's
    ``DocumentType`` of the Vorlage's ``art`` gives the kind and its sections in any
    Hausformat.

    A Hausformat file the Vorlage names must lie in ``base_dir`` (unless
    ``allow_outside``), like its other files; one the caller names may lie anywhere.
    Raises ValueError for a ``hausformat`` that names nothing known, InputError for a
    Hausformat file with problems."""
    folder = base_dir or Path.cwd()
    named_by = hausformat if hausformat is not None else vorlage.layout
    found = None
    if named_by is None and base_dir is not None:
        found = nearest(folder)  # a body's own, for every Vorlage in its folders
    if found is not None:
        source, name = HausformatSource(found.name, found), shown(found)
    else:
        source, name = find(named_by, manager, folder), named_by or STANDARD
    named = hausformat is None and vorlage.layout is not None and not source.plugin
    if named:  # a Hausformat file the Vorlage names lies in its folder, like its other files
        confined(Path(vorlage.layout or ""), folder, allow_outside)
    if not source.plugin:
        try:
            source.path.stat()
        except FileNotFoundError:
            raise ValueError(f"Hausformat-Datei {source.path} nicht gefunden") from None
        except OSError as error:
            raise ValueError(unreadable(source.path, error)) from None
        if not source.path.is_file():
            raise ValueError(f"Hausformat-Datei {source.path} nicht gefunden")
    if named:  # and so do the files it builds on, but installed Hausformate
        installed = {found.path.resolve() for found in available(manager).values()}
        for basis in chain(source.path, manager)[1:]:
            if basis.resolve() not in installed:
                confined(basis, folder, allow_outside)
    model = load_hausformat(source, manager)
    quelle = str(source.path)
    owner, document_type = document_types_by_plugin(manager).get(vorlage.art, ("", None))
    if document_type is not None:
        art = Vorlagenart(name=document_type.name, beschluss=document_type.beschlussvorschlag,
                          aufbau=tuple(Plugin(name=name) for name in document_type.sections))
        return ChosenHausformat(model, quelle, art, owner, name)
    return ChosenHausformat(model, quelle, model.art(vorlage.art), name=name)


def _check_art(
    vorlage: Vorlage, chosen: ChosenHausformat, manager: pluggy.PluginManager,
    line: Callable[[Loc], int | None]
) -> list[Problem]:
    art = chosen.art
    name = f"Hausformat {chosen.name}"
    if art is None:
        known = [kind.name for kind in chosen.hausformat.arten]
        known += [kind for kind in document_types_by_plugin(manager) if kind not in known]
        expected = ", ".join(known[:-1]) + (" oder " if len(known) > 1 else "") + known[-1]
        return [Problem("art", f"{vorlage.art!r} ist nicht erlaubt, erwartet: {expected}"
                               f"{meant(vorlage.art, known, _ALIKE)} ({name})", line(("art",)))]
    if art.beschluss and not vorlage.beschlussvorschlag:
        return [Problem("beschlussvorschlag",
                        f"{NEEDED}eine {vorlage.art} braucht einen beschlussvorschlag",
                        _given_line(vorlage, "beschlussvorschlag", line))]
    if not art.beschluss and vorlage.beschlussvorschlag:
        with_one = " oder ".join(kind.name for kind in chosen.hausformat.arten
                                 if kind.beschluss) or "keine Vorlagenart"
        return [Problem("beschlussvorschlag",
                        f"eine {vorlage.art} hat keinen Beschlussvorschlag "
                        f"(nur eine {with_one} hat einen): das Feld beschlussvorschlag "
                        "entfernen oder die Art ändern", line(("beschlussvorschlag",)))]
    return []


_ALIKE = 0.8
"""How alike a wrong ``art`` must be to a kind to be named as meant: the kinds all end
in "vorlage", which makes any two half alike."""


def _given_line(vorlage: Vorlage, field: str, line: Callable[[Loc], int | None]
                ) -> int | None:
    """The line of ``field`` if the file gives it (empty); a field the file does not
    have has no line (the file's first would mislead)."""
    return line((field,)) if field in vorlage.model_fields_set else None


PRINTED_BY_TEXTS = ("organisationseinheit", "ergaenzung_zu", "federfuehrung",
                    "beteiligungen", "verantwortlich", "bearbeiter", "aktenzeichen",
                    "haushalt_produkte", "tagesordnungspunkt", "einreicher", "unterzeichnung")
"""Fields only a Hausformat's texts print: one the Hausformat never names would be lost."""


def _check_hausformat(vorlage: Vorlage, chosen: ChosenHausformat, line: Callable[[Loc], int | None]
                  ) -> list[Problem]:
    """What the Vorlage has that its Hausformat does not print, or needs and is not
    there: every such field is an error, so that nothing written disappears. Of a kind
    of paper the Hausformat does not have, what none of its kinds prints."""
    hausformat, art = chosen.hausformat, chosen.art
    name = f"Hausformat {chosen.name}"
    found: list[Problem] = []
    for field in hausformat.pflichtfelder:
        if getattr(vorlage, field) in (None, "", [], {}):
            found.append(Problem(field, f"{MISSING} ({name})",
                                 _given_line(vorlage, field, line)))
    if hausformat.rollen:
        for index, beratung in enumerate(vorlage.beratungsfolge):
            if beratung.rolle is not None and beratung.rolle not in hausformat.rollen:
                allowed = ", ".join(hausformat.rollen)
                found.append(Problem(f"beratungsfolge[{index}].rolle",
                                     f"{beratung.rolle!r} ist nicht erlaubt, erwartet: "
                                     f"{allowed} ({name})"
                                     f"{meant(beratung.rolle, hausformat.rollen)}",
                                     line(("beratungsfolge", index, "rolle"))))
    if chosen.from_plugin:
        return found
    shown = printed(hausformat, art) if art is not None else printed_by_any(hausformat)
    kind = f"bei einer {art.name}" if art is not None else "bei keiner Vorlagenart"
    for teil in vorlage.abschnitte:
        if teil not in shown.abschnitte:
            has = ", ".join(sorted(shown.abschnitte)) or "keine"
            found.append(Problem(f"abschnitte.{teil}", f"das {name} hat keinen Abschnitt "
                                 f"{teil!r} (hat: {has})", line(("abschnitte", teil))))
    given = [field for field in (*OPTIONAL_PRINTED, *PRINTED_BY_TEXTS)
             if getattr(vorlage, field) not in (None, "", [], {})]
    unprinted = [field for field in given if field not in shown.felder]
    unprinted += [f"angaben.{key}" for key in vorlage.angaben if key not in shown.angaben]
    for field in unprinted:
        found.append(Problem(field, f"das {name} druckt dieses Feld nicht ({kind}); das Feld "
                                    "entfernen, oder im Hausformat einen Text ergänzen, der "
                                    "es druckt",
                             line(tuple(field.split(".")))))
    for key, value in vorlage.angaben.items():
        declared = hausformat.angaben.get(key)
        if declared is None or not declared.werte or value in declared.werte:
            continue
        allowed = ", ".join(declared.werte)
        hint = meant(value, declared.werte)
        found.append(Problem(f"angaben.{key}", f"{value!r} ist nicht erlaubt, erlaubt: "
                             f"{allowed}{hint} ({name})", line(("angaben", key))))
    return sorted(found, key=lambda problem: problem.line or 0)


OPTIONAL_PRINTED = ("kurzfassung", "finanzielle_auswirkungen", "kenntnisnahme", "anlagen")
"""Fields a Baustein prints, if the Hausformat has it for the kind of paper."""


@dataclass(frozen=True, slots=True)
class Printed:
    """What a Hausformat prints of a Vorlage of one kind, beyond what every paper
    prints (``art``, ``datum``, ``titel``, ``sachverhalt``, ...): what ``vorlagen new``,
    the schema and the form offer, and all a Vorlage may give."""

    felder: frozenset[str]
    """The optional fields, of ``OPTIONAL_PRINTED``, ``PRINTED_BY_TEXTS``,
    ``beschlussvorschlag`` and ``sachverhalt_ueberschrift``."""
    angaben: tuple[str, ...]
    """The keys of ``angaben`` its texts name, in the order they stand there."""
    abschnitte: tuple[str, ...]
    """The named sections (``abschnitte``) it places."""


_ANGABE = re.compile(r"\bangaben(?:\.(\w+)|\[\s*['\"]([^'\"]+)['\"]\s*\])")


def printed(hausformat: Hausformat, art: Vorlagenart) -> Printed:
    """What ``hausformat`` prints of a Vorlage of the kind ``art``."""
    aufbau = hausformat.aufbau_for(art)
    kinds = {baustein.typ for baustein in aufbau}
    texts = hausformat_texts(hausformat, art)
    felder = {field for field in PRINTED_BY_TEXTS if re.search(rf"\b{field}\b", texts)}
    felder |= {field for field, baustein in (("kurzfassung", "kurzfassung"),
                                             ("finanzielle_auswirkungen", "finanzen"),
                                             ("anlagen", "anlagen"),
                                             ("sachverhalt_ueberschrift", "sachverhalt"))
               if baustein in kinds}
    if art.beschluss:
        felder.add("beschlussvorschlag")
    elif art.kenntnisnahme is not None and "beschluss" in kinds:
        felder.add("kenntnisnahme")
    angaben = [dotted or quoted for dotted, quoted in _ANGABE.findall(texts)]
    abschnitte = [baustein.name for baustein in aufbau if isinstance(baustein, hf.Abschnitt)]
    return Printed(frozenset(felder), tuple(dict.fromkeys(angaben)),
                   tuple(dict.fromkeys(abschnitte)))


def printed_by_any(hausformat: Hausformat) -> Printed:
    """What ``hausformat`` prints of a Vorlage of any of its kinds: for a Vorlage whose
    kind it does not have, so that only what no kind prints is an error."""
    each = [printed(hausformat, art) for art in hausformat.arten]
    return Printed(frozenset().union(*(kind.felder for kind in each)),
                   tuple(dict.fromkeys(key for kind in each for key in kind.angaben)),
                   tuple(dict.fromkeys(teil for kind in each for teil in kind.abschnitte)))


def hausformat_texts(hausformat: Hausformat, art: Vorlagenart) -> str:
    """Every text of the Hausformat for ``art`` that names fields of the Vorlage (its
    Bausteine's, their conditions, the page's header and footer): a field it does not
    name is not printed."""
    return " ".join([*_texts(hausformat.aufbau_for(art)),
                     hausformat.seite.kopf_folgeseiten or "", hausformat.seite.fuss or ""])


def _texts(aufbau: Aufbau) -> list[str]:
    """Every text with ``{{ variables }}`` in the Bausteine, and the fields their
    ``wenn`` names."""
    return [*(text for baustein in aufbau for text in hf.templates(baustein)),
            *(getattr(baustein, "wenn", None) or "" for baustein in aufbau)]

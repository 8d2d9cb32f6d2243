"""The ``vorlagen`` command: render and validate Vorlagen from the shell.

Only click is imported at start-up; each command imports what it uses, so that
``vorlagen --help`` and ``vorlagen validate`` do not load python-docx and odfpy.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from vorlagen import clitext, renamed
from vorlagen.errors import Hinweis, VorlagenError, os_reason

if TYPE_CHECKING:
    import pluggy

    from vorlagen.hausformat import Hausformat
    from vorlagen.hausformate import HausformatSource

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` with its control characters written as escapes (``\\x1b``), so that a
    message quoting a file name or a value never moves the cursor or recolours the
    terminal."""
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode(), text)


def _show(text: str) -> None:
    click.echo(printable(text))


def _say(text: str) -> None:
    click.echo(printable(text), err=True)


def _hint_or_shown(shown: Callable[..., None]) -> Callable[..., None]:
    """``warnings.showwarning`` that says a ``Renamed`` warning or a ``Hinweis`` as a
    hint on standard error (``vorlagen: Hinweis: ...``), and any other as ``shown``
    does."""

    def show(message: Warning | str, category: type[Warning], *args: Any,
             **kwargs: Any) -> None:
        if issubclass(category, renamed.Renamed | Hinweis):
            _say(f"vorlagen: Hinweis: {message}")
        else:
            shown(message, category, *args, **kwargs)

    return show


def _renamed_option(new_value: str | None, old_value: str | None, old: str) -> str | None:
    """The value of an option given by its new or (with a hint) its old name."""
    if old_value is None:
        return new_value
    new = renamed.OPTIONS[old]
    if new_value is not None:
        raise click.BadParameter(f"{old} und {new} zugleich; nur {new} angeben",
                                 param_hint=new)
    renamed.warn(old, new)
    return old_value


class _Group(clitext.GermanHelp, click.Group):
    """Turns a user error into its message and exit status, never a traceback; click's
    own help and usage errors in German (``vorlagen.clitext``)."""

    command_class = clitext.Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", clitext.SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with warnings.catch_warnings():  # an old name used: a hint, as every message
            warnings.simplefilter("always", renamed.Renamed)
            warnings.simplefilter("always", Hinweis)
            warnings.showwarning = _hint_or_shown(warnings.showwarning)
            return clitext.run(self, *args, **kwargs)

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        """A command by its name, or by its old name with a hint (``layouts``)."""
        if args and renamed.COMMANDS.get(args[0]) in self.commands:
            renamed.warn(args[0], renamed.COMMANDS[args[0]])
            args = [renamed.COMMANDS[args[0]], *args[1:]]
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except VorlagenError as error:
            _say(f"vorlagen: {error}")
            ctx.exit(error.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vorlagen", message="%(prog)s %(version)s",
                      help=clitext.VERSION_HELP)
def cli() -> None:
    """Sitzungsvorlagen (Mitteilungs-, Beschluss-, Informationsvorlagen) als DOCX, ODT, PDF.

    Eine Vorlage wird als YAML-Datei (oder JSON, TOML) beschrieben; wie, steht in der
    deutschen Anleitung docs/anleitung.md des Projekts.
    """


_HAUSFORMAT_HELP = ("Hausformat: Name (siehe 'vorlagen hausformate') oder Pfad einer "
                    "Hausformat-Datei; statt des Felds hausformat der Vorlage.")
_ALLOW_OUTSIDE_HELP = ("Dateien außerhalb des Ordners der Vorlage erlauben (absolute Pfade, "
                       "'..', symbolische Links nach außen).")


@cli.command("render")
@click.argument("vorlagen", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path, file_okay=False),
              metavar="ORDNER", help="Zielordner (Standard: der Ordner der jeweiligen Vorlage).")
@click.option("-f", "--format", "formats", multiple=True, metavar="FORMAT",
              help="Ausgabeformat, mehrfach möglich: docx, odt, pdf (Standard: docx und "
                   "odt). PDF braucht LibreOffice; PDF/A mit --pdfa.")
@click.option("--design", "design", metavar="NAME|ORDNER",
              help="Design: Name (siehe 'vorlagen designs') oder Ordner mit eigenen "
                   "Design-Dateien design.docx/design.odt; statt des Designs des "
                   "Hausformats.")
@click.option("--template", "old_template", hidden=True)
@click.option("--template-dir", "old_template_dir", hidden=True)
@click.option("--allow-outside-files", is_flag=True, help=_ALLOW_OUTSIDE_HELP)
@click.option("--hausformat", metavar="NAME|PFAD", help=_HAUSFORMAT_HELP)
@click.option("--layout", "old_layout", hidden=True)
@click.option("--pdfa", is_flag=True,
              help="PDF als PDF/A-2b (zur Archivierung) statt als einfaches PDF.")
@click.option("--oeffentlich", is_flag=True,
              help="Die Fassung zur Veröffentlichung: ohne alles, was als nichtöffentlich "
                   "markiert ist (Abschnitte, Anlagen, Plugin-Daten).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="So viele Vorlagen zugleich erzeugen (Standard: eine je "
                   "Prozessorkern).")
@click.option("-q", "--quiet", is_flag=True,
              help="Nur Fehler und die Zusammenfassung ausgeben, keine Dateinamen und "
                   "keinen Fortschrittsbalken.")
def render_command(vorlagen: tuple[Path, ...], outdir: Path | None, formats: tuple[str, ...],
                   design: str | None, old_template: str | None,
                   old_template_dir: str | None, allow_outside_files: bool,
                   hausformat: str | None, old_layout: str | None, pdfa: bool,
                   oeffentlich: bool, jobs: int | None, quiet: bool) -> None:
    """Eine oder mehrere Vorlagen als DOCX, ODT und/oder PDF schreiben, mit ihren Anlagen.

    VORLAGEN sind Vorlage-Dateien oder Ordner; in einem Ordner gilt jede Datei
    vorlage.yaml (.yml, .json, .toml), auch in Unterordnern. Von Plugins erzeugte Anlagen
    werden in jedem Format geschrieben, Anlagen-Dateien kopiert. Je Vorlage werden alle
    Dateien erst vollständig erzeugt und dann geschrieben; bei einem Fehler wird für
    diese Vorlage nichts geschrieben oder überschrieben, die übrigen werden geschrieben.
    """
    from vorlagen.batch import render_all

    design = _renamed_option(_renamed_option(design, old_template, "--template"),
                             old_template_dir, "--template-dir")
    design_folder = _design_folder(design) if design else None
    hausformat_name = _renamed_option(hausformat, old_layout, "--layout")
    _check_hausformat_option(hausformat_name)
    _check_arguments(vorlagen)
    chosen = _checked_formats(formats) or ["docx", "odt"]
    if pdfa:  # PDF/A instead of a plain PDF, asked for or not
        chosen = [f for f in chosen if f != "pdf"] + ["pdfa"]
    terminal = _Terminal()
    outcome = render_all(vorlagen, outdir, chosen, design_folder,
                         echo=(lambda text: None) if quiet else terminal.show,
                         report=terminal.say,
                         allow_outside=allow_outside_files, oeffentlich=oeffentlich,
                         hausformat=hausformat_name, workers=jobs or os.cpu_count() or 1,
                         progress=None if quiet else terminal.progress)
    if outcome.failed:
        raise click.exceptions.Exit(outcome.exit_code)


class _Terminal:
    """What ``render`` prints while its progress bar shows: each file name and message
    on a line of its own above the bar, which is drawn again below it."""

    def __init__(self) -> None:
        self.bar: Any = None

    def show(self, text: str) -> None:
        self._above(_show, text)

    def say(self, text: str) -> None:
        self._above(_say, text)

    def _above(self, write: Callable[[str], None], text: str) -> None:
        if self.bar is None:
            write(text)
            return
        sys.stderr.write("\r\x1b[K")  # the bar's line emptied, the cursor at its start
        sys.stderr.flush()
        write(text)
        self.bar.render_progress()

    @contextlib.contextmanager
    def progress(self, total: int) -> Iterator[Callable[[], None]]:
        """A progress bar on standard error while Vorlagen are rendered, if that is a
        terminal and there is more than one; nothing otherwise (a log, a pipe, CI)."""
        if total < 2 or not sys.stderr.isatty():
            yield lambda: None
            return
        with click.progressbar(length=total, label="Vorlagen", file=sys.stderr,
                               show_pos=True) as bar:
            self.bar = bar
            try:
                yield lambda: bar.update(1)
            finally:
                self.bar = None
        sys.stderr.write("\r\x1b[K")  # the summary that follows starts a clean line
        sys.stderr.flush()


@cli.command("validate")
@click.argument("vorlagen", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--allow-outside-files", is_flag=True, help=_ALLOW_OUTSIDE_HELP)
@click.option("--hausformat", metavar="NAME|PFAD", help=_HAUSFORMAT_HELP)
@click.option("--layout", "old_layout", hidden=True)
def validate_command(vorlagen: tuple[Path, ...], allow_outside_files: bool,
                     hausformat: str | None, old_layout: str | None) -> None:
    """Eine oder mehrere Vorlagen prüfen (auch Plugin-Daten und Textvariablen), ohne etwas
    zu schreiben.

    VORLAGEN sind Vorlage-Dateien oder Ordner, wie bei render. Jede Vorlage wird geprüft
    und jeder Fehler gemeldet; der Rückgabewert ist nicht 0, wenn eine fehlerhaft ist.
    """
    from vorlagen.batch import validate_all

    hausformat_name = _renamed_option(hausformat, old_layout, "--layout")
    _check_hausformat_option(hausformat_name)
    _check_arguments(vorlagen)
    outcome = validate_all(vorlagen, echo=_show, report=_say,
                           allow_outside=allow_outside_files, hausformat=hausformat_name)
    if outcome.failed:
        raise click.exceptions.Exit(outcome.exit_code)


@cli.command("plugins")
def plugins_command() -> None:
    """Die installierten Plugins mit Version und den Hooks, die sie umsetzen; danach die
    eingebauten."""
    from vorlagen.plugins import DEFAULT_PLUGINS, installed, plugin_manager

    found = installed(plugin_manager())
    # what was installed is what an administrator looks for; the built-in ones after it
    for plugin in sorted(found, key=lambda plugin: plugin.name in DEFAULT_PLUGINS):
        origin = f"{plugin.distribution} {plugin.version}" if plugin.distribution else "-"
        if plugin.name in DEFAULT_PLUGINS:
            origin = f"eingebaut, {origin}"
        click.echo(f"{plugin.name}  ({origin})")
        click.echo(f"    {', '.join(plugin.hooks) or '(keine Hooks)'}")


@cli.command("hausformate")
@click.argument("pfade", nargs=-1, type=click.Path(path_type=Path))
def hausformate_command(pfade: tuple[Path, ...]) -> None:
    """Die verfügbaren Hausformate mit ihrer Herkunft und Beschreibung; mit
    PFADEN (Vorlage-Dateien oder Ordner), welches Hausformat dort gilt und warum: für
    einen Ordner das neuer Vorlagen darin, dann das jeder Vorlage darin (wie render sie
    findet).

    Es gilt: --hausformat beim Aufruf, sonst hausformat: in der Vorlage, sonst die nächste
    hausformat.yaml im Ordner der Vorlage oder darüber, sonst standard."""
    from vorlagen.batch import vorlage_files
    from vorlagen.hausformate import available, load_hausformat
    from vorlagen.plugins import plugin_manager

    manager = plugin_manager()
    if pfade:
        _check_arguments(pfade)
        failed = 0
        seen: set[Path] = set()
        for pfad in pfade:
            failed = max(failed, _show_applies(pfad, manager))
            for vorlage in vorlage_files([pfad]) if pfad.is_dir() else []:
                if vorlage.resolve() not in seen | {each.resolve() for each in pfade}:
                    seen.add(vorlage.resolve())
                    failed = max(failed, _show_applies(vorlage, manager))
        if failed:
            raise click.exceptions.Exit(failed)
        return
    for name, source in sorted(available(manager).items()):
        origin = ("mitgeliefert" if source.plugin == "vorlagen.default_plugins.hausformate"
                  else f"Plugin {source.plugin}")
        _show(f"{name}  ({origin}: {source.path})")
        try:
            _show(f"    {load_hausformat(source, manager).beschreibung or '-'}")
        except VorlagenError as error:  # one broken Hausformat does not hide the others
            _say(f"    fehlerhaft: {error}")


def _show_applies(path: Path, manager: pluggy.PluginManager) -> int:
    """Which Hausformat a Vorlage file (or a new Vorlage in a folder) gets and why, said;
    the exit status of the error that stops it, 0 if none."""
    from vorlagen.hausformate import applies, load_hausformat, shown

    try:
        name, reason, chain = applies(path, manager)
        load_hausformat(chain[0], manager)
    except VorlagenError as error:
        _say(f"vorlagen: {error}")
        return error.exit_code
    new = ", neue Vorlagen" if path.is_dir() else ""
    _show(f"{path}{new}: Hausformat {name} ({reason})")
    if len(chain) > 1:
        _show(f"    baut auf: {' → '.join(shown(each, manager) for each in chain[1:])}")
    return 0


@cli.group("hausformat", cls=_Group)
def hausformat_group() -> None:
    """Hausformate (Hausformat-Dateien) prüfen."""


@hausformat_group.command("check")
@click.argument("dateien", nargs=-1, required=True, type=click.Path(path_type=Path))
def hausformat_check_command(dateien: tuple[Path, ...]) -> None:
    """Hausformat-Dateien prüfen: Felder, Bausteine, Texte und Plugin-Abschnitte, mit Datei,
    Zeile und Feld jedes Fehlers."""
    from vorlagen.hausformate import check_hausformat
    from vorlagen.plugins import plugin_manager

    manager = plugin_manager()
    failed = 0
    for datei in dateien:
        try:
            hausformat = check_hausformat(datei, manager)
        except VorlagenError as error:
            _say(f"vorlagen: {error}")
            failed = error.exit_code
            continue
        arten = ", ".join(art.name for art in hausformat.arten)
        _show(f"{datei}: gültig ({arten}; {len(hausformat.aufbau)} Bausteine)")
    if failed:
        raise click.exceptions.Exit(failed)


@cli.command("new")
@click.argument("art")
@click.argument("ordner", type=click.Path(path_type=Path, file_okay=False))
@click.option("--hausformat", metavar="NAME|PFAD",
              help="Hausformat der neuen Vorlage (Standard: die nächste hausformat.yaml "
                   "in ORDNER oder darüber, sonst standard).")
@click.option("--layout", "old_layout", hidden=True)
def new_command(art: str, ordner: Path, hausformat: str | None, old_layout: str | None
                ) -> None:
    """Eine neue Vorlage der Art ART in ORDNER anlegen (vorlage.yaml, jedes Feld, das
    das Hausformat für diese Art druckt, auf Deutsch erklärt, und vorlage.schema.json für
    den Editor); sie ist gültig und lässt sich sofort erzeugen. Vorhandene Dateien werden
    nicht überschrieben."""
    from vorlagen.hausformate import load_hausformat, looks_like_path, nearest
    from vorlagen.new import new_vorlage, write_new
    from vorlagen.plugins import plugin_manager

    hausformat_name = _renamed_option(hausformat, old_layout, "--layout")
    manager = plugin_manager()
    found = nearest(ordner) if hausformat_name is None else None
    if found is not None:  # the body's own, which the new Vorlage gets without naming it
        own = load_hausformat(found, manager)
        text = new_vorlage(art, own, None, manager, name=str(found))
        for path in write_new(ordner, text, manager, own, None, name=str(found)):
            _show(str(path))
        return
    source, chosen = _chosen_hausformat(hausformat_name, manager)
    # a Hausformat file goes beside the new Vorlage, where a Vorlage may name files
    copied = source.path if hausformat_name and looks_like_path(hausformat_name) else None
    if copied is not None and _builds_on_a_file(copied, manager):
        raise click.BadParameter(
            f"{hausformat_name} baut mit basis: auf einer anderen Hausformat-Datei auf, die eine "
            "Kopie neben der neuen Vorlage nicht fände; die Datei als hausformat.yaml in "
            "den Ordner über ORDNER legen (sie gilt dann ohne --hausformat)",
            param_hint="--hausformat")
    named = copied.name if copied else hausformat_name
    text = new_vorlage(art, chosen, named, manager)
    for path in write_new(ordner, text, manager, chosen, named, copied):
        _show(str(path))


@cli.group("export", cls=_Group)
def export_group() -> None:
    """Vorlagen für andere Systeme ausgeben (OParl für Ratsinformationssysteme)."""


@export_group.command("oparl")
@click.argument("vorlage", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--base-url", required=True, metavar="URL",
              help="Die URL, unter der die Ids der OParl-Objekte stehen, z. B. "
                   "https://ris.example.de/oparl.")
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path, file_okay=False),
              metavar="ORDNER", help="Zielordner (Standard: der Ordner der Vorlage).")
@click.option("-f", "--format", "formats", multiple=True, metavar="FORMAT",
              help="Formate der Dateien, mehrfach möglich (Standard: docx und odt).")
@click.option("--allow-outside-files", is_flag=True, help=_ALLOW_OUTSIDE_HELP)
@click.option("--oeffentlich", is_flag=True,
              help="Die Fassung zur Veröffentlichung erzeugen und beschreiben: ohne alles, "
                   "was als nichtöffentlich markiert ist (wie render --oeffentlich).")
def export_oparl_command(vorlage: Path, base_url: str, outdir: Path | None,
                         formats: tuple[str, ...], allow_outside_files: bool,
                         oeffentlich: bool) -> None:
    """Die Vorlage erzeugen und als OParl-1.1-Paper beschreiben: NAME.oparl.json neben
    ihren Dateien, mit Beratungen und je Datei Größe und SHA-512-Prüfsumme."""
    import json

    from vorlagen.builder import OEFFENTLICH_SUFFIX, Builder, Options, output_stem
    from vorlagen.oparl import check_public, paper

    _check_arguments((vorlage,))
    folder = outdir or vorlage.parent
    chosen = _checked_formats(formats) or ["docx", "odt"]
    builder = Builder(Options(formats=tuple(chosen), oeffentlich=oeffentlich,
                              allow_outside=allow_outside_files))
    loaded = builder.load(vorlage)
    planned = builder.plan(loaded)
    made = builder.finish([planned])[0]
    if isinstance(made, VorlagenError):
        raise made
    stem = output_stem(loaded) + (OEFFENTLICH_SUFFIX if oeffentlich else "")
    found = paper(loaded, made, base_url, stem=stem, anlagen=dict(planned.anlagen),
                  titel=planned.titel)
    if oeffentlich:
        check_public(found, dict(planned.nichtoeffentlich), loaded.quelle)
    described = (f"{stem}.oparl.json", (json.dumps(found, ensure_ascii=False, indent=2)
                                         + "\n").encode("utf-8"))
    for path in builder.write(planned.destination, folder, [*made, described],
                              design=planned.design):
        _show(str(path))


@cli.group("import", cls=_Group)
def import_group() -> None:
    """Vorlagen aus anderen Systemen übernehmen (OParl)."""


@import_group.command("oparl")
@click.argument("datei", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", "ziel", type=click.Path(path_type=Path, dir_okay=False),
              metavar="DATEI", help="Die Vorlage-Datei, die entsteht (Standard: vorlage.yaml im "
                   "aktuellen Ordner).")
@click.option("--hausformat", metavar="NAME", help="Das Hausformat, das die Vorlage nennt.")
@click.option("--layout", "old_layout", hidden=True)
@click.option("--ris", "ris_url", metavar="URL",
              help="Die OParl-Schnittstelle des Ratsinformationssystems (System oder "
                   "Körperschaft): was das Paper nur verlinkt (Gremium, Amt, Sitzung, TOP), "
                   "wird dort abgerufen statt in ris.yaml nachgesehen.")
def import_oparl_command(datei: Path, ziel: Path | None, hausformat: str | None,
                         old_layout: str | None, ris_url: str | None) -> None:
    """Aus einem OParl-Paper (JSON, mit eingebetteten oder nur verlinkten Beratungen)
    eine Vorlage-Datei machen; was sich nicht übernehmen lässt, steht als Kommentar
    darin. Was das Paper nur verlinkt (Amt, Gremium, Sitzung, TOP), steht mit Namen,
    Sitzungstermin und TOP-Nummer darin, wenn die RIS-Daten (ris.yaml im Zielordner oder
    darüber, oder mit --ris die Schnittstelle des RIS) es kennen; sonst bleibt es leer,
    mit der Adresse als Kommentar. Eine vorhandene Datei wird nicht überschrieben."""
    from vorlagen.files import write_new_files
    from vorlagen.oparl import vorlage_text
    from vorlagen.plugins import plugin_manager
    from vorlagen.readfile import read_file
    from vorlagen.ris import Ris, ris_for

    hausformat_name = _renamed_option(hausformat, old_layout, "--layout")
    _check_arguments((datei,))
    target = ziel or Path("vorlage.yaml")
    _, chosen = _chosen_hausformat(hausformat_name, plugin_manager())
    found = read_file(datei).data
    ris: Ris | None
    if ris_url is not None and isinstance(found, dict):
        from vorlagen.errors import InputError, Problem
        from vorlagen.oparl_client import OparlClient
        from vorlagen.ris_abruf import (
            checked_url,
            elsewhere,
            paper_addresses,
            referenced_ris,
            server,
        )

        endpoint = checked_url(ris_url)
        addresses = paper_addresses(found)
        foreign = elsewhere(addresses, endpoint)
        if addresses and len(foreign) == len(addresses):  # nothing to ask the RIS for
            raise InputError(str(datei), [Problem("", (
                f"die Adressen des Papers (z. B. {foreign[0]}) liegen nicht unter der "
                f"angegebenen RIS-Adresse {endpoint}, sondern auf {server(foreign[0])}; "
                "die OParl-Adresse des RIS angeben, aus dem das Paper stammt, oder --ris "
                "weglassen"))])
        with OparlClient() as client:
            ris = referenced_ris(found, client, endpoint=endpoint)
        early: list[str] = []
        if not (ris.gremien or ris.verwaltungseinheiten or ris.sitzungen):
            ris = None  # nothing resolved: no claim that RIS data were used
        if ris is None and addresses:
            early.append(f"die RIS-Adresse {endpoint} kennt nichts, was das Paper nur "
                         "verlinkt; es bleibt leer, mit der Adresse als Kommentar")
        early += [(f"nicht unter der RIS-Adresse {endpoint} und daher nicht abgerufen "
                  f"(bleibt leer, mit der Adresse als Kommentar): {each}") for each in foreign]
    else:
        ris = ris_for(target.parent)
        early = []
    text, notes = vorlage_text(found, str(datei), hausformat_name, chosen, ris=ris)
    notes = [*notes, *early]
    write_new_files(target.parent, [(target, text.encode("utf-8"))])
    for note in notes:
        _say(f"vorlagen: Hinweis: {note}")
    _show(str(target))


@cli.group("ris", cls=_Group)
def ris_group() -> None:
    """Gremien, Verwaltungseinheiten, Sitzungstermine und Ergebnisse aus dem
    Ratsinformationssystem (über seine OParl-Schnittstelle)."""


@ris_group.command("abrufen")
@click.argument("url")
@click.option("-o", "--output", "ordner", type=click.Path(path_type=Path, file_okay=False),
              metavar="ORDNER",
              help="Der Ordner, in den die Datei ris.yaml geschrieben wird (Standard: der "
                   "aktuelle Ordner; ein neuer wird angelegt); sie gilt für die Vorlagen "
                   "darin und darunter.")
def ris_abrufen_command(url: str, ordner: Path | None) -> None:
    """Die Gremien, Verwaltungseinheiten und Sitzungen (mit Tagesordnung) einer
    Körperschaft aus ihrem Ratsinformationssystem lesen und als ris.yaml speichern.

    URL ist die Adresse der OParl-Schnittstelle: das System (mit einer Körperschaft)
    oder die Körperschaft selbst. Gibt es die Datei schon für diese Körperschaft, wird
    nur abgerufen, was sich seit dem letzten Abruf geändert hat. Scheitert der Abruf,
    bleibt die Datei, wie sie war."""
    from vorlagen.ris import RIS_DATEI
    from vorlagen.ris_abruf import abrufen, aenderungen, checked_url, stored_ris

    folder = ordner or Path(".")
    if folder.exists() and not folder.is_dir():
        raise click.BadParameter(f"{folder} ist eine Datei, kein Ordner; einen Ordner "
                                 "angeben (ein neuer wird angelegt)", param_hint="-o")
    vorher = stored_ris(folder) if folder.is_dir() else None
    ris = abrufen(checked_url(url), folder)  # makes a missing folder once all is read
    _show(str(folder / RIS_DATEI))
    _show(f"{ris.koerperschaft}: {len(ris.gremien)} Gremien, "
          f"{len(ris.verwaltungseinheiten)} Verwaltungseinheiten, "
          f"{len(ris.sitzungen)} Sitzungen")
    _show(aenderungen(vorher, ris))


@ris_group.command("ergebnisse")
@click.argument("vorlagen", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("--ueberschreiben", is_flag=True,
              help="Ein Ergebnis, das in der Vorlage schon anders steht, durch das des RIS "
                   "ersetzen.")
@click.option("--allow-outside-files", is_flag=True, help=_ALLOW_OUTSIDE_HELP)
@click.option("--hausformat", metavar="NAME|PFAD", help=_HAUSFORMAT_HELP)
def ris_ergebnisse_command(vorlagen: tuple[Path, ...], ueberschreiben: bool,
                          allow_outside_files: bool, hausformat: str | None) -> None:
    """Nach der Sitzung die Ergebnisse der Beratungen aus den RIS-Daten in die Vorlagen
    übernehmen, etwa "ungeändert beschlossen".

    Für jede Beratung werden die Sitzung (Gremium und Sitzungstermin) und dort der
    Tagesordnungspunkt gesucht: nach dem TOP der Beratung, ohne ihn nach dem Betreff oder
    der Drucksachen-Nr. im Namen des Tagesordnungspunkts. Das Ergebnis kommt zur Beratung
    in die Vorlage-Datei; ihre Kommentare und Reihenfolge bleiben. Die RIS-Daten (ris.yaml
    im Ordner der Vorlage oder darüber) schreibt 'vorlagen ris abrufen URL'.
    """
    from vorlagen.ergebnisse import befunde, with_ergebnisse
    from vorlagen.errors import InputError, Problem
    from vorlagen.files import write_atomic
    from vorlagen.load import load_vorlage
    from vorlagen.readfile import read_file
    from vorlagen.ris import RIS_DATEI, ris_for

    _check_hausformat_option(hausformat)
    _check_arguments(vorlagen)
    planned: list[tuple[Path, str, list[str]]] = []
    for path in vorlagen:  # all read and matched before anything is written
        ris = ris_for(path.parent)
        if ris is None:
            raise InputError(str(path), [Problem("", (
                f"keine RIS-Daten ({RIS_DATEI}) im Ordner der Vorlage oder darüber; zuerst "
                "'vorlagen ris abrufen URL' ausführen (URL: die OParl-Adresse des RIS)"))])
        loaded = load_vorlage(path, allow_outside=allow_outside_files, hausformat=hausformat)
        found = befunde(loaded.vorlage, ris, ueberschreiben=ueberschreiben)
        ergebnisse = {befund.index: befund.ergebnis for befund in found
                      if befund.ergebnis is not None}
        text = read_file(path).text
        new_text = with_ergebnisse(path, text, ergebnisse) if ergebnisse else text
        said = [str(befund) for befund in found] or ["keine Beratungsfolge in der Vorlage"]
        planned.append((path, new_text if new_text != text else "", said))
    for path, new_text, said in planned:
        if new_text:
            write_atomic(path, new_text.encode("utf-8"))
        _show(f"{path}:")
        for line in said:
            _show(f"  {line}")


@cli.command("serve")
@click.argument("ordner", type=click.Path(exists=True, file_okay=False, path_type=Path),
                default=".")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              metavar="PORT", help="Der Port auf 127.0.0.1; 0 nimmt einen freien.")
@click.option("--no-browser", is_flag=True, help="Den Browser nicht öffnen, nur die Adresse "
              "ausgeben.")
def serve_command(ordner: Path, port: int, no_browser: bool) -> None:
    """Die Vorlagen in ORDNER als Formular im Browser bearbeiten, prüfen, ansehen und
    herunterladen (nur auf diesem Rechner erreichbar; die Adresse enthält einen
    Zugangsschlüssel). Braucht das Extra: pip install 'vorlagen[serve]'."""
    try:
        from vorlagen.serve import serve
    except ImportError as error:
        raise click.UsageError(
            f"vorlagen serve braucht das Extra serve ({error.name} fehlt): "
            "pip install 'vorlagen[serve]' oder make example im Projektordner") from None
    try:
        serve(ordner, port=port, open_browser=not no_browser, announce=_show)
    except _Stopped:  # Ctrl+C is how the form is closed: no error
        return
    except OSError as error:
        raise click.UsageError(f"Port {port} ist nicht frei: {os_reason(error)}") from None


@cli.command("schema")
@click.option("--hausformat", metavar="NAME|PFAD",
              help="Hausformat, dessen Vorlagenarten, Rollen und Abschnitte das Schema "
                   "kennt (Standard: wie bei new die nächste hausformat.yaml im Ordner der "
                   "Ausgabedatei, ohne -o im aktuellen Ordner, oder darüber, sonst "
                   "standard).")
@click.option("--layout", "old_layout", hidden=True)
@click.option("-o", "--output", "ausgabe", type=click.Path(path_type=Path, dir_okay=False),
              metavar="DATEI",
              help="Datei, in die das Schema geschrieben wird (Standard: keine, das Schema "
                   "erscheint im Terminal, auf der Standardausgabe).")
def schema_command(hausformat: str | None, old_layout: str | None, ausgabe: Path | None
                   ) -> None:
    """Das JSON-Schema einer Vorlage-Datei ausgeben, mit den Blöcken der installierten
    Plugins und dem Vokabular des Hausformats, für Editoren, die YAML prüfen und
    ergänzen (erste Zeile der Vorlage: # yaml-language-server: $schema=DATEI)."""
    from vorlagen.files import write_atomic
    from vorlagen.hausformate import chosen, load_hausformat
    from vorlagen.plugins import plugin_manager
    from vorlagen.schema import schema_text

    hausformat_name = _renamed_option(hausformat, old_layout, "--layout")
    manager = plugin_manager()
    if hausformat_name is None:  # what a Vorlage beside the schema gets, as new, validate, render
        source = chosen(None, manager, ausgabe.parent if ausgabe else Path.cwd())
        found = load_hausformat(source, manager)
        name = source.name if source.plugin else str(source.path)
    else:
        source, found = _chosen_hausformat(hausformat_name, manager)
        name = source.name
    text = schema_text(manager, found, name)
    if ausgabe is None:
        click.echo(text, nl=False)
    else:
        write_atomic(ausgabe, text.encode("utf-8"))


def _builds_on_a_file(path: Path, manager: pluggy.PluginManager) -> bool:
    """Whether a Hausformat file builds on a file that is no installed Hausformat."""
    from vorlagen.hausformate import available, chain

    installed = {source.path.resolve() for source in available(manager).values()}
    return any(basis.resolve() not in installed for basis in chain(path, manager)[1:])


def _chosen_hausformat(value: str | None, manager: pluggy.PluginManager
                   ) -> tuple[HausformatSource, Hausformat]:
    """The Hausformat ``--hausformat`` names (None: standard), with where it comes from; a
    usage error (exit 2) for a name or path that is none. A path is relative to the
    current folder."""
    from vorlagen.hausformate import find, load_hausformat

    try:
        source = find(value, manager, Path.cwd())
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--hausformat") from None
    if not source.path.is_file():
        raise click.BadParameter(
            f"Hausformat-Datei {value!r} nicht gefunden (gesucht vom aktuellen Ordner "
            f"aus: {source.path.absolute()})"
            + _close_sibling(Path(value or "")), param_hint="--hausformat")
    return source, load_hausformat(source, manager)


def _checked_formats(formats: tuple[str, ...]) -> list[str]:
    """The formats ``-f`` names, in lower case; a usage error (exit 2) for one no writer
    provides, listing those the help names (PDF/A is ``--pdfa``, though ``-f pdfa``
    still works)."""
    import difflib

    from vorlagen.plugins import plugin_manager, writers

    chosen = [each.lower() for each in formats]
    known = writers(plugin_manager()) if chosen else {}
    for each in chosen:
        if each not in known:
            listed = sorted(name for name in known if name != "pdfa")
            close = difflib.get_close_matches(each, listed, n=1)
            hint = f"; gemeint ist vielleicht {close[0]!r}" if close else ""
            raise click.BadParameter(
                f"unbekanntes Format {each!r} (bekannt: {', '.join(listed)}; PDF/A mit "
                f"--pdfa){hint}", param_hint="-f")
    return chosen


def _check_hausformat_option(value: str | None) -> None:
    """A usage error (exit 2) for a ``--hausformat`` that names no Hausformat, said once for
    the option rather than for each Vorlage it would be given to."""
    if value is not None:
        from vorlagen.plugins import plugin_manager

        _chosen_hausformat(value, plugin_manager())


def _check_arguments(paths: tuple[Path, ...]) -> None:
    """An input error (exit 2) for each path on the command line that is neither file
    nor folder, before anything is read or written: a typo, not a Vorlage."""
    missing = [path for path in paths if not path.exists()]
    for path in missing:
        _say(f"vorlagen: Fehler in {path}: Datei oder Ordner nicht gefunden"
             + _close_sibling(path))
    if missing:
        raise click.exceptions.Exit(2)


def _close_sibling(path: Path) -> str:
    """"; gemeint ist vielleicht 'NAME'" for the entry of ``path``'s folder whose name is
    closest to its own, if one is close; else ""."""
    import difflib

    try:
        names = [entry.name for entry in path.parent.iterdir()]
    except OSError:
        return ""
    close = difflib.get_close_matches(path.name, names, n=1)
    return f"; gemeint ist vielleicht {str(path.parent / close[0])!r}" if close else ""


def _design_folder(value: str, given_as: str = "--design") -> Path:
    """The Design folder a name or path on the command line gives; a usage error
    (exit 2) if none."""
    from vorlagen.plugins import plugin_manager
    from vorlagen.templates import find_design

    try:
        return find_design(value, plugin_manager(), Path.cwd())
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=given_as) from None


@cli.command("designs")
def designs_command() -> None:
    """Die verfügbaren Designs (Ordner mit den Design-Dateien design.docx und
    design.odt)."""
    from vorlagen.plugins import plugin_manager
    from vorlagen.templates import available_designs

    for name, folder in sorted(available_designs(plugin_manager()).items()):
        _show(f"{name}  ({folder})")


@cli.group("design", cls=_Group)
def design_group() -> None:
    """Designs (ihre Word- und LibreOffice-Dateien) anpassen und prüfen."""


@design_group.command("export")
@click.argument("name")
@click.argument("ordner", type=click.Path(path_type=Path, file_okay=False))
def design_export_command(name: str, ordner: Path) -> None:
    """Das Design NAME nach ORDNER kopieren (die Design-Dateien design.docx und
    design.odt), um es in Word
    oder LibreOffice anzupassen; vorhandene Dateien werden nicht überschrieben."""
    from vorlagen.design_files import NAMES, design_file
    from vorlagen.files import write_new_files

    source = _design_folder(name, "NAME")
    copies = [(ordner / new, file.read_bytes()) for new, file in
              ((new, design_file(source, new)) for new in NAMES) if file.is_file()]
    for path in write_new_files(ordner, copies):
        _show(str(path))


@design_group.command("check")
@click.argument("ordner", nargs=-1, required=True,
                type=click.Path(path_type=Path, file_okay=False))
def design_check_command(ordner: tuple[Path, ...]) -> None:
    """Die Design-Dateien eines Design-Ordners prüfen: unbekannte oder falsch geschriebene
    Platzhalter, vom Office-Programm geteilte Platzhalter und fehlende Formatvorlagen,
    jeweils mit Datei, Kopf- oder Fußzeile und Absatz."""
    from vorlagen.template_check import checked

    failed = 0
    for folder in ordner:
        try:
            fine, errors = checked(folder)
        except VorlagenError as error:
            _say(f"vorlagen: {error}")
            failed = error.exit_code
            continue
        for path in fine:
            _show(f"{path}: in Ordnung")
        for problem in errors:
            _say(f"vorlagen: {problem}")
            failed = problem.exit_code
    if failed:
        raise click.exceptions.Exit(failed)


def main() -> None:
    # Ctrl+C (SIGINT) and SIGTERM (a job stopped, a machine shut down) stop a command
    # the same way: every ``finally`` runs (temporary files removed, workers and
    # LibreOffice ended), then a message and the shell's status 128 + the signal's
    # number: 130, 143. SIGINT too, even where a shell started vorlagen with it ignored
    # (``&`` in a script). The library itself installs no handler.
    for number in STOP_SIGNALS:
        signal.signal(number, _stopped)
    try:
        cli(prog_name="vorlagen")
    except _Stopped as stop:
        said = "Strg+C" if stop.signal == signal.SIGINT else stop.signal.name
        _say(f"vorlagen: abgebrochen ({said})")
        sys.exit(128 + stop.signal)


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _Stopped(SystemExit):
    """A command stopped by a signal. A SystemExit, so that it unwinds through click and
    past every ``except Exception``, like Ctrl+C does in Python."""

    def __init__(self, number: int) -> None:
        super().__init__(128 + number)
        self.signal = signal.Signals(number)


def _stopped(number: int, frame: object) -> None:
    for each in STOP_SIGNALS:  # a second Ctrl+C does not cut the clean-up short
        signal.signal(each, signal.SIG_IGN)
    raise _Stopped(number)

"""The ``vorlagen`` command: render and validate Vorlagen from the shell."""

from __future__ import annotations

from pathlib import Path

import click

from vorlagen.errors import InputError, Problem, VorlagenError
from vorlagen.files import write_all_atomic
from vorlagen.load import load_vorlage
from vorlagen.plugins import plugin_manager, writer_for
from vorlagen.render import output_stem, render


class _Group(click.Group):
    """Turns a user error into its message and exit status, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except VorlagenError as error:
            click.echo(f"vorlagen: {error}", err=True)
            ctx.exit(error.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vorlagen")
def cli() -> None:
    """Sitzungsvorlagen (Mitteilungs-, Beschluss-, Informationsvorlagen) als DOCX und ODT.

    Eine Vorlage wird als YAML-Datei (oder JSON, TOML) beschrieben; siehe README.md.
    """


@cli.command("render")
@click.argument("vorlage", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path, file_okay=False),
              help="Zielordner (Standard: der Ordner der Vorlage).")
@click.option("-f", "--format", "formats", multiple=True, metavar="FORMAT",
              help="Ausgabeformat, mehrfach möglich: docx, odt (Standard: beide).")
@click.option("--template-dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Ordner mit eigener vorlage.docx/vorlage.odt (Standard: mitgelieferte).")
def render_command(vorlage: Path, outdir: Path | None, formats: tuple[str, ...],
                   template_dir: Path | None) -> None:
    """Eine Vorlage als DOCX und/oder ODT schreiben.

    Alle Dateien werden erst vollständig erzeugt und dann geschrieben; bei einem Fehler
    wird nichts geschrieben oder überschrieben.
    """
    model = load_vorlage(vorlage)
    manager = plugin_manager()
    wanted = list(dict.fromkeys(f.lower() for f in formats or ("docx", "odt")))
    target = outdir or vorlage.parent
    outputs: list[tuple[Path, bytes]] = []
    for format in wanted:
        writer = writer_for(manager, format)
        data = render(model, format, template_dir=template_dir, plugins=manager)
        outputs.append((target / f"{output_stem(model)}{writer.extension}", data))
    for index, (nummer, anlage) in enumerate(model.nummerierte_anlagen()):
        if anlage.datei is not None:
            name = f"{output_stem(model)}_Anlage_{nummer}{anlage.datei.suffix}"
            outputs.append((target / name, _read_anlage(vorlage, index, anlage.datei)))
    write_all_atomic(outputs)
    for path, _ in outputs:
        click.echo(str(path))


def _read_anlage(vorlage: Path, index: int, datei: Path) -> bytes:
    try:
        return datei.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(
            str(vorlage), [Problem(f"anlagen[{index}].datei", f"{datei}: {reason}")]
        ) from None


@cli.command("validate")
@click.argument("vorlage", type=click.Path(path_type=Path, dir_okay=False))
def validate_command(vorlage: Path) -> None:
    """Eine Vorlage prüfen, ohne etwas zu schreiben."""
    model = load_vorlage(vorlage)
    click.echo(f"{vorlage}: gültig ({model.art} {model.drucksachen_nr})")


def main() -> None:
    cli(prog_name="vorlagen")

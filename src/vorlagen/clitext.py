"""The command line in one language: click's help and usage errors in German, as every
message of vorlagen is.

click writes its own texts in English. Its help layout is changed through the classes
it offers for that (a context with a German help formatter, German metavars and help
option), and its usage errors are caught where the command line starts and said again
in German: click's message is rewritten piece by piece from its known English forms.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import click

_HEADINGS = {"Options": "Optionen", "Commands": "Befehle",
             "Positional arguments": "Argumente", "Arguments": "Argumente"}

OPTIONS_METAVAR = "[OPTIONEN]"
SUBCOMMAND_METAVAR = "BEFEHL [ARGUMENTE]..."
HELP = "Diese Hilfe zeigen und beenden."
VERSION_HELP = "Die Version zeigen und beenden."


class Formatter(click.HelpFormatter):
    """click's help layout with German headings."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Aufruf: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_HEADINGS.get(heading, heading))


class Context(click.Context):
    formatter_class = Formatter


class GermanHelp(click.Command):
    """What makes a command's help German: the context, the metavar of its options and
    the help of ``--help``; mixed into ``Command`` and the command group."""

    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP
        return option

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options as click lists them, with what click adds to their help (default,
        range, required) said in German; a group's commands after them."""
        rows = [row for param in self.get_params(ctx) if isinstance(param, click.Option)
                for row in [option_row(param, ctx)] if row is not None]
        if rows:
            with formatter.section("Optionen"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


def option_row(option: click.Option, ctx: click.Context) -> tuple[str, str] | None:
    """An option's line of the help: click's names and metavar, its help, and click's
    extras (``[default: 0; 0<=x<=65535]``) in German (``[Standard: 0; 0 bis 65535]``)."""
    record = option.get_help_record(ctx)
    if record is None:  # hidden
        return None
    extra = option.get_help_extra(ctx)
    items = []
    if "envvars" in extra:
        items.append(f"Umgebungsvariable: {', '.join(extra['envvars'])}")
    if "default" in extra:
        items.append(f"Standard: {extra['default']}")
    if "range" in extra and isinstance(option.type, click.IntRange | click.FloatRange):
        items.append(_range(option.type))
    if "required" in extra:
        items.append("Pflichtangabe")
    text = option.help or ""
    if items:
        text = f"{text}  [{'; '.join(items)}]" if text else f"[{'; '.join(items)}]"
    return record[0], text


def _range(numbers: click.IntRange | click.FloatRange) -> str:
    """A number range in words: ``0 bis 65535``, ``mindestens 1``, ``größer als 0``."""
    low = None if numbers.min is None else (
        f"größer als {numbers.min}" if numbers.min_open else f"mindestens {numbers.min}")
    high = None if numbers.max is None else (
        f"kleiner als {numbers.max}" if numbers.max_open else f"höchstens {numbers.max}")
    if low and high and not numbers.min_open and not numbers.max_open:
        return f"{numbers.min} bis {numbers.max}"
    return ", ".join(part for part in (low, high) if part)


class Command(GermanHelp):
    """A command whose help is German."""


_MESSAGES: list[tuple[str, str]] = [
    (r"\(Did you mean one of: (.+)\?\)", r"(Gemeint ist vielleicht eine von: \1?)"),
    (r"Did you mean (.+)\?", r"Gemeint ist vielleicht \1?"),
    (r"No such option:? ('[^']*'|\S+)\.?", r"Unbekannte Option \1."),
    (r"No such command ('[^']*')\.", r"Unbekannter Befehl \1."),
    (r"Got unexpected extra arguments \((.*)\)", r"Unerwartete weitere Argumente (\1)"),
    (r"Got unexpected extra argument \((.*)\)", r"Unerwartetes weiteres Argument (\1)"),
    (r"Missing argument ('[^']*')\.", r"Es fehlt das Argument \1."),
    (r"Missing option ('[^']*')\.", r"Es fehlt die Option \1."),
    (r"Missing parameter:? ?('[^']*')?\.?", r"Es fehlt ein Parameter \1."),
    (r"Missing command\.", "Es fehlt ein Befehl (render, validate, plugins)."),
    (r"Option ('[^']*') requires an argument\.", r"Option \1 braucht einen Wert."),
    (r"Option ('[^']*') requires (\d+) arguments\.", r"Option \1 braucht \2 Werte."),
    (r"Option ('[^']*') does not take a value\.", r"Option \1 nimmt keinen Wert."),
    (r"Invalid value for ", "Ungültiger Wert für "),
    (r"Invalid value: ", "Ungültiger Wert: "),
    (r"(?:Path|File|Directory) ('[^']*') does not exist\.", r"\1 gibt es nicht."),
    (r"(?:Path|File|Directory) ('[^']*') is a file\.", r"\1 ist eine Datei, kein Ordner."),
    (r"(?:Path|File|Directory) ('[^']*') is a directory\.",
     r"\1 ist ein Ordner, keine Datei."),
    (r"(?:Path|File|Directory) ('[^']*') is not readable\.", r"\1 ist nicht lesbar."),
    (r"(?:Path|File|Directory) ('[^']*') is not writable\.", r"\1 ist nicht beschreibbar."),
    (r"('[^']*') is not one of (.+)\.", r"\1 ist keins von \2."),
    (r"(\S+) is not in the range x>=(\S+)\.", r"\1 ist zu klein: muss mindestens \2 sein."),
    (r"(\S+) is not in the range x>(\S+)\.", r"\1 ist zu klein: muss größer als \2 sein."),
    (r"(\S+) is not in the range x<=(\S+)\.", r"\1 ist zu groß: darf höchstens \2 sein."),
    (r"(\S+) is not in the range x<(\S+)\.", r"\1 ist zu groß: muss kleiner als \2 sein."),
    (r"(\S+) is not in the range (\S+)<=x<=(\S+)\.",
     r"\1 liegt nicht zwischen \2 und \3."),
    (r"(\S+) is not in the range (\S+)\.", r"\1 liegt nicht im Bereich \2."),
    (r"('[^']*') is not a valid (?:integer|float)(?: range)?\.", r"\1 ist keine Zahl."),
    (r"('[^']*') is not a valid (\w+)\.", r"\1 ist kein gültiger Wert (\2)."),
]
"""click's English message forms, each with its German; compiled only when a usage error
happens, so that ``vorlagen --help`` does not pay for them."""


def german(message: str) -> str:
    """click's English message in German, form by form; what is not known stays."""
    for pattern, replacement in _MESSAGES:
        message = re.sub(pattern, replacement, message)
    return message


def run(group: click.Group, args: Any = None, prog_name: str | None = None,
        complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
    """``group.main`` with click's usage errors said in German; the exit status is
    click's (2 for a usage error)."""
    try:
        result = click.Group.main(group, args, prog_name, complete_var,
                                  standalone_mode=False, **extra)
        code = result if isinstance(result, int) else 0
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help(), err=True)
        code = error.exit_code
    except click.UsageError as error:
        if error.ctx is not None:
            click.echo(error.ctx.get_usage(), err=True)
            command = error.ctx.command_path
            click.echo(f"Hilfe: '{command} --help'", err=True)
        click.echo(f"\nFehler: {german(error.format_message())}", err=True)
        code = error.exit_code
    except click.ClickException as error:
        click.echo(f"Fehler: {german(error.format_message())}", err=True)
        code = error.exit_code
    except click.Abort:
        click.echo("Abgebrochen.", err=True)
        code = 1
    if not standalone_mode:
        return code
    sys.exit(code)

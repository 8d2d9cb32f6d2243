"""Case d: cold start of the command, against a Python that only imports click; and where
the start-up time goes (``python -X importtime``, summed per top-level package)."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path

from benchmarks.measure import Figure, median_seconds

EXAMPLE = Path(__file__).parent.parent / "examples" / "integrationskonzept-2018-077"
CLICK = "python -c 'import click'"
HELP = "vorlagen --help"
VALIDATE = "vorlagen validate (example)"


def vorlagen_command() -> list[str]:
    """``vorlagen`` as a user starts it: this environment's console script."""
    script = Path(sys.executable).parent / "vorlagen"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "vorlagen"]


def commands() -> dict[str, list[str]]:
    """Each command as a user starts it."""
    vorlagen = vorlagen_command()
    return {
        CLICK: [sys.executable, "-c", "import click"],
        HELP: [*vorlagen, "--help"],
        VALIDATE: [*vorlagen, "validate", str(EXAMPLE / "vorlage.yaml")],
    }


def run(repeat: int, log: Callable[[str], None]) -> list[Figure]:
    figures = []
    for name, command in commands().items():
        seconds = median_seconds(
            partial(subprocess.run, command, check=True, capture_output=True), repeat)
        log(f"  cold start {name:<32} {seconds:.3f} s")
        figures.append(Figure("cold start", name, 1, seconds))
    return figures


def import_profile(name: str) -> list[tuple[str, float]]:
    """Milliseconds of imports per top-level package when ``name`` starts, largest first.

    Each module's own time (``self`` in importtime's output) is added to its top-level
    package, so the figures add up to the whole import time without counting twice.
    """
    command = commands()[name]
    if Path(command[0]).name == "vorlagen":
        command = [sys.executable, "-X", "importtime", *command]
    else:
        command = [command[0], "-X", "importtime", *command[1:]]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    totals: dict[str, float] = defaultdict(float)
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        own, _cumulative, module = line.removeprefix("import time:").split("|")
        if own.strip().isdigit():
            totals[module.strip().split(".")[0]] += int(own) / 1000
    return sorted(totals.items(), key=lambda item: -item[1])

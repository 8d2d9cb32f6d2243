from __future__ import annotations

import contextlib
import copy
from pathlib import Path
from typing import Any

import pytest

from tests.message_recorder import MessageRecorder
from vorlagen import LoadedVorlage, load_vorlage, render

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "integrationskonzept-2018-077" / "vorlage.yaml"
REFERENCE = Path(__file__).parent / "data" / "referenz-2018-077.txt"


@pytest.fixture(scope="session")
def example() -> LoadedVorlage:
    return load_vorlage(EXAMPLE)


@pytest.fixture(scope="session")
def example_docx(example: LoadedVorlage) -> bytes:
    return render(example, "docx")


@pytest.fixture(scope="session")
def example_odt(example: LoadedVorlage) -> bytes:
    return render(example, "odt")


@pytest.fixture(autouse=True)
def _libreoffice_only_where_marked(request: pytest.FixtureRequest,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A test not marked ``libreoffice`` finds none: one that starts it all the same fails,
    naming the marker, rather than slowing ``make test-fast`` down unnoticed (a test's
    own stand-in, set with ``monkeypatch.setenv``, still comes first)."""
    if request.node.get_closest_marker("libreoffice") is None:
        monkeypatch.setenv("VORLAGEN_SOFFICE", "ohne-pytest-mark-libreoffice")


MINIMAL: dict[str, object] = {
    "art": "Mitteilungsvorlage",
    "organisationseinheit": "Hauptamt",
    "datum": "01.02.2024",
    "drucksachen_nr": "2024/001",
    "beratungsfolge": [
        {"gremium": "Kreistag", "sitzungsart": "öffentlich", "sitzungstermine": ["12.03.2024"]}
    ],
    "titel": "Testvorlage",
    "sachverhalt": [{"ueberschrift": "Anlass", "text": "Ein Satz."}],
}


@pytest.fixture
def minimal() -> dict[str, object]:
    """The smallest valid Vorlage, as parsed data; tests change a copy."""
    return copy.deepcopy(MINIMAL)


_CONFIG: list[pytest.Config] = []


def pytest_configure(config: pytest.Config) -> None:
    _CONFIG[:] = [config]
    config.pluginmanager.register(MessageRecorder(), "vorlagen-meldungen")


def progress(text: str) -> None:
    """Show ``text`` on the terminal now, while a long test runs (output is captured
    otherwise until the test ends)."""
    if not _CONFIG:
        return
    plugins = _CONFIG[0].pluginmanager
    reporter = plugins.getplugin("terminalreporter")
    capture = plugins.getplugin("capturemanager")
    if reporter is None:
        return
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        reporter.write_line(text)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The property tests' counts and why cases were rejected, so that a reader sees how
    many cases ran and that the rejections are the expected ones."""
    import sys

    fuzz = sys.modules.get("tests.test_fuzz")
    if fuzz is None:
        return
    if fuzz.COUNTS:
        counts = ", ".join(f"{name}: {count}" for name, count in fuzz.COUNTS.items())
        terminalreporter.write_line(f"property tests (hypothesis): {counts}")
    if fuzz.BOMBS:
        bombs = ", ".join(f"{name}: {count}" for name, count in fuzz.BOMBS.items())
        terminalreporter.write_line(f"resource bombs (templates): {bombs}")
    if fuzz.REASONS:
        terminalreporter.write_line("rejected, by reason (problems, most frequent first):")
        for reason, count in fuzz.REASONS.most_common(12):
            terminalreporter.write_line(f"  {count:6}  {reason}")

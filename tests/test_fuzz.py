"""Property-based tests: arbitrary text in the Vorlage's fields and in a plugin's data
gives either files that python-docx, odfpy and LibreOffice open with the text preserved
(characters XML cannot hold dropped, see ``vorlagen.writers.xmltext``), or a clear
validation error. Data is never evaluated as a template.

``make test`` runs 2,000 cases (the same ones each time); ``make fuzz`` runs 20,000
random ones (``VORLAGEN_FUZZ_EXAMPLES``). Counts are printed at the end of the run.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests import soffice
from tests.conftest import MINIMAL, progress
from tests.reading import docx_text, odt_text
from vorlagen import InputError, load_vorlage, plugin_manager, render_files
from vorlagen.templating import escape_markdown
from vorlagen.writers.xmltext import clean

EXAMPLES = int(os.environ.get("VORLAGEN_FUZZ_EXAMPLES", "2000"))
RANDOM = os.environ.get("VORLAGEN_FUZZ_RANDOM") == "1"
pytestmark = [pytest.mark.fuzz, pytest.mark.timeout(600 + EXAMPLES)]
"""A bound against a hang that grows with the cases (a second each, make fuzz's 20,000
too), not a measure: the default 300 s of a test is too short for thousands of cases."""
COUNTS: Counter[str] = Counter()
REASONS: Counter[str] = Counter()
SAMPLE_SIZE = 30  # cases; each gives a DOCX and an ODT: 60 files for LibreOffice

SNIPPETS = ["\x0b", "\x00", "\x1f", "\ufffe", "\ud800", "&", "<", ">", "]]>", "&amp;",
            "\u202e", "\u200f", "שלום", "مرحبا", "\U0001f600", "\u00a0", "\r\n", "\t",
            "x" * 300, "{{ 7*7 }}", "{% include 'x' %}", "{#", "*", "_", "#", "1.", "- ",
            "> ", "`", "[a](b)", "<b>", "\\", "  \n", "\n\n", "---", "===", "|", "\ue000",
            "\ue0000\ue001", "ß", "Ä"]

text = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(SNIPPETS)),
                max_size=6).map("".join)


def _visible(value: str) -> str:
    """What a reader sees of a text: XML-illegal characters gone, white space as one."""
    return " ".join(clean(value).split())


def _raw(value: str) -> str:
    """A text field that means exactly these characters, not a template."""
    return "{% raw %}" + value + "{% endraw %}"


def _vorlage(folder: Path, titel: str, absatz: str, gruppe: str) -> dict[str, Any]:
    """A Vorlage with the three texts in its fields and in two plugins' data."""
    (folder / "empfaenger.json").write_text(json.dumps([{"Gruppe": gruppe}]),
                                            encoding="utf-8")
    (folder / "massnahmen.json").write_text(json.dumps([{
        "Nr.": "M-1", "Handlungsfeld": titel or "Sprache", "Titel": gruppe or "Kurs",
        "Zuständigkeit": absatz or None, "Zeitraum": "2024", "Status": "geplant"}]),
        encoding="utf-8")
    return dict(
        MINIMAL,
        titel=_raw(titel),
        organisationseinheit=titel or "Amt",
        federfuehrung=gruppe or None,
        finanzielle_auswirkungen=_raw(escape_markdown(absatz)) if absatz.strip() else None,
        anlagen=[{"titel": _raw(gruppe) if gruppe.strip() else "Plan"}],
        beratungsfolge=[{"gremium": gruppe or "Kreistag", "sitzungsart": "öffentlich",
                         "sitzungstermine": ["16.04.2018"]}],
        sachverhalt=[{"ueberschrift": _raw(titel) if titel.strip() else None,
                      "text": _raw(escape_markdown(absatz)) if absatz.strip() else "x"},
                     {"text": "{{ verteiler.empfaenger }}"}],
        plugins={"verteiler": {"empfaenger": "empfaenger.json"},
                 "massnahmen": {"datei": "massnahmen.json", "anlagen": ["gesamtuebersicht"]}},
    )


def _render(titel: str, absatz: str, gruppe: str) -> dict[str, bytes] | None:
    """The files of one case, or None for a clear validation error (counted by reason)."""
    manager = plugin_manager()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        try:
            vorlage = load_vorlage(_vorlage(folder, titel, absatz, gruppe),
                                   base_dir=folder, plugins=manager)
            return dict(render_files(vorlage, plugins=manager))
        except InputError as error:
            assert str(error).startswith("Fehler in") or " Fehler in " in str(error)
            for problem in error.problems:
                REASONS[_reason(problem.field, problem.message)] += 1
            return None


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|\d+")


def _reason(field: str, message: str) -> str:
    """A rejection as a kind: the field without list positions, the message without the
    values it quotes."""
    return f"{_QUOTED.sub('…', field)}: {_QUOTED.sub('…', message)}"[:90]


def _progress(done: int) -> None:
    """A line now and then while thousands of cases run, so the run is seen to move."""
    step = max(EXAMPLES // 10, 1)
    if done % step == 0:
        progress(f"property tests: {done} of about {EXAMPLES} cases, "
                 f"{COUNTS['reopened with python-docx and odfpy']} reopened, "
                 f"{COUNTS['clear validation error']} clear errors")


@settings(max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(titel=text, absatz=text, gruppe=text)
@example(titel="A & B <c> ]]> \x0b", absatz="\x00 *x* {{ 7*7 }}", gruppe="{{ 7*7 }}")
@example(titel="\ud800", absatz="x", gruppe="y")
# Found by this test once, kept: a control character and a 300-character title in the
# DOCX document properties, and a tab that made Markdown read a code block.
@example(titel="\x1f", absatz="", gruppe="0")
@example(titel="x" * 300, absatz="", gruppe="0")
@example(titel="", absatz="\x1f\t0:", gruppe="0")
@example(titel="t", absatz="\ue0000\ue001", gruppe="{% include 'x' %}")
def test_any_text_gives_files_or_a_clear_error(titel: str, absatz: str, gruppe: str) -> None:
    COUNTS["cases"] += 1
    _progress(COUNTS["cases"])
    files = _render(titel, absatz, gruppe)
    if files is None:
        COUNTS["clear validation error"] += 1
        return
    paper = {format: next(data for name, data in files.items() if name.endswith(format))
             for format in ("docx", "odt")}  # the paper comes before its Anlagen
    documents = {"docx": docx_text(paper["docx"]), "odt": odt_text(paper["odt"])}
    COUNTS["reopened with python-docx and odfpy"] += 1
    anlage = next(data for name, data in files.items() if name.endswith("_Anlage_2.docx"))
    documents["Anlage (massnahmen)"] = odt_text(
        next(data for name, data in files.items() if name.endswith("_Anlage_2.odt")))
    documents["Anlage docx"] = docx_text(anlage)
    for name, shown in documents.items():
        seen = " ".join(shown.split())
        for field, value in (("titel", titel), ("absatz", absatz), ("gruppe", gruppe)):
            assert _visible(value) in seen, (name, field, value)


@pytest.fixture(scope="module")
def sample() -> list[tuple[str, dict[str, bytes]]]:
    """Papers of cases drawn from the same strategy, the same ones each run: the first
    30 that render, each a DOCX and an ODT. Drawn here, so the LibreOffice test does not
    depend on the property test having run before it."""
    found: list[tuple[str, dict[str, bytes]]] = []

    @settings(max_examples=SAMPLE_SIZE * 4, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(titel=text, absatz=text, gruppe=text)
    def draw(titel: str, absatz: str, gruppe: str) -> None:
        if len(found) >= SAMPLE_SIZE:
            return
        files = _render(titel, absatz, gruppe)
        if files is not None:
            paper = {format: next(data for name, data in files.items()
                                  if name.endswith(format)) for format in ("docx", "odt")}
            found.append((_visible(gruppe), paper))

    draw()
    return found


@pytest.mark.libreoffice
def test_a_sample_opens_in_libreoffice(tmp_path: Path,
                                       sample: list[tuple[str, dict[str, bytes]]]) -> None:
    """60 files of such cases, converted by LibreOffice in one run."""
    assert len(sample) == SAMPLE_SIZE
    sources = []
    for index, (_, files) in enumerate(sample):
        sources += soffice.save(files, tmp_path, f"fall{index}")
    progress(f"LibreOffice: converting {len(sources)} files of the property tests")
    converted = soffice.convert(sources, soffice.TEXT, tmp_path)
    for path, (expected, _) in zip(converted, [s for s in sample for _ in (0, 1)],
                                   strict=True):
        assert expected in " ".join(path.read_text(encoding="utf-8-sig").split()), path
    COUNTS["opened by LibreOffice"] += len(converted)


# --------------------------------------------------------------------------- resource bombs

BOMB_EXAMPLES = int(os.environ.get("VORLAGEN_FUZZ_BOMBS", "150"))
BOMBS: Counter[str] = Counter()
"""Resource-bomb cases: how many, how many refused, the longest (CPU ms) and the process's
peak memory (MB) they reached."""

_SIZES = st.one_of(st.sampled_from([0, 3, 1000, 99_999, 100_001, 10**6, 10**9, 10**12]),
                   st.integers(min_value=0, max_value=10**10))
_GROWERS = [
    "'{s}'.ljust({n})", "'{s}'.center({n})", "'{s}'.zfill({n})", "'{s}' * {n}",
    "'%0{n}d' % 1", "'{{:>{n}}}'.format(1)", "'{{:{{}}}}'.format(1, '{n}')",
    "'{s}' | center({n})", "('{s}\\n' * 50) | indent({n})", "range({m}) | join('{s}')",
    "('{s}' * {m}).replace('{s}', '{s}{s}')", "lipsum({m})", "{m} ** {m}",
    "('{s}' ~ '{s}') * {m}", "[1] * {n}", "'%*d' % ({n}, 1)", "[['{s}'] * {m}] * {m}",
    "'%s' % ([['{s}'] * {m}] * {m},)", "({{'k': '{s}'}}, [{m}]) * {m}",
]
_FRAMES = [
    "{{{{ {e} }}}}",
    "{{% for i in range({m}) %}}{{% for j in range({m}) %}}{{{{ {e} }}}}{{% endfor %}}"
    "{{% endfor %}}",
    "{{% set ns = namespace(x='{s}') %}}{{% for i in range({m}) %}}"
    "{{% set ns.x = ns.x ~ ns.x %}}{{% endfor %}}{{{{ ns.x | length }}}}",
    "{{% set ns = namespace(x=7) %}}{{% for i in range({m}) %}}"
    "{{% set ns.x = ns.x * ns.x %}}{{% endfor %}}{{{{ ns.x > 1 }}}}",
    "{{% set ns = namespace(x=[{e}]) %}}{{% for i in range({m}) %}}"
    "{{% set ns.x = [ns.x, ns.x] %}}{{% endfor %}}{{{{ ns.x }}}}",
    "{{% macro m(k) %}}{{{{ {e} }}}}{{{{ m(k) }}}}{{% endmacro %}}{{{{ m(1) }}}}",
]


@st.composite
def bombs(draw: st.DrawFn) -> str:
    grower = draw(st.sampled_from(_GROWERS)).format(
        s=draw(st.sampled_from(["x", "ab", "Ä", "%"])), n=draw(_SIZES),
        m=draw(st.integers(min_value=0, max_value=10**6)))
    frame = draw(st.sampled_from(_FRAMES))
    return str(frame.format(e=grower, s="xy", m=draw(st.sampled_from([2, 40, 1000, 10**5]))))


@settings(max_examples=BOMB_EXAMPLES, deadline=None, derandomize=not RANDOM, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(template=bombs())
def test_a_template_that_tries_to_expand_stays_bounded(template: str) -> None:
    """Templates built to grow or loop without end render within the bounds or are
    refused with a reason, in seconds; the process never grows by gigabytes."""
    import resource
    import time

    from vorlagen.sandbox import LARGEST
    from vorlagen.templating import TextError, TextRenderer

    BOMBS["cases"] += 1
    started = time.process_time()  # CPU time: not the machine's load
    try:
        written = TextRenderer({}).plain(template)
    except TextError as error:
        BOMBS["refused"] += 1
        assert str(error).strip() and not str(error).endswith(": "), template
    else:
        assert len(written) <= LARGEST, template
    elapsed = time.process_time() - started
    BOMBS["longest (CPU ms)"] = max(BOMBS["longest (CPU ms)"], int(elapsed * 1000))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # kB on Linux
    BOMBS["peak memory of the process (MB)"] = max(BOMBS["peak memory of the process (MB)"],
                                                   peak)
    assert elapsed < 15, template
    assert peak < 1024, template

"""Text fields are templates in Jinja2's sandbox: the known ways out of a template fail
with a message naming the field, and data is never evaluated as a template."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from vorlagen import InputError, load_vorlage, render
from vorlagen.cli import cli
from vorlagen.templating import TextError, TextRenderer

ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ().__class__.__base__.__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.system('id') }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ self.__init__.__globals__ }}",
    "{{ range.__self__ }}",
    "{{ ''.format.__self__.__class__ }}",
    "{{ '{0.__class__}'.format('') }}",
    "{{ config.items() }}",
    "{{ request.application.__globals__ }}",
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}{{ os.system('id') }}",
    "{% extends '/etc/passwd' %}",
    "{% from '/etc/hosts' import x %}",
    "{{ range(10**9) | list }}",
    "{{ 'x' * 10**9 }}",
    "{{ [1] * 1000000000 }}",
    "{{ 9**9**9 }}",
    "{{ 10 ** 1000 }}",
]


@pytest.mark.parametrize("text", ESCAPES)
def test_escape_is_refused_with_a_message(text: str) -> None:
    renderer = TextRenderer({"massnahmen": {"anzahl": 178}})
    with pytest.raises(TextError) as caught:
        renderer.plain(text)
    assert "/root" not in str(caught.value) and "uid=" not in str(caught.value)
    with pytest.raises(TextError):
        renderer.markdown(text)


def test_harmless_arithmetic_still_works() -> None:
    renderer = TextRenderer({"n": 178})
    assert renderer.plain("{{ n * 2 }} {{ 2 ** 10 }} {{ '-' * 3 }}") == "356 1024 ---"


def test_escape_in_a_vorlage_is_exit_2_naming_the_field(
    tmp_path: Path, minimal: dict[str, object]
) -> None:
    data = dict(minimal, titel="{{ cycler.__init__.__globals__.os.system('touch x') }}")
    path = tmp_path / "vorlage.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "titel" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists() and not Path("x").exists()


def test_a_value_is_never_evaluated_again(minimal: dict[str, object]) -> None:
    renderer = TextRenderer({"wert": "{{ 7*7 }} {% include '/etc/passwd' %}"})
    assert renderer.plain("Wert: {{ wert }}") == "Wert: {{ 7*7 }} {% include '/etc/passwd' %}"
    vorlage = load_vorlage(dict(minimal, titel="{% raw %}{{ 7*7 }}{% endraw %}"))
    assert vorlage.titel == "{% raw %}{{ 7*7 }}{% endraw %}"
    with pytest.raises(InputError):
        render(load_vorlage(dict(minimal, titel="{{ ''.__class__ }}")), "docx")


@pytest.mark.parametrize("text", ["{{ [typo] }}", "{{ (1, typo) }}", "{{ {'k': typo} }}",
                                  "{{ [[1, [typo]]] }}"])
def test_an_unknown_variable_inside_a_list_is_an_error(
        minimal: dict[str, object], text: str) -> None:
    renderer = TextRenderer({"massnahmen": {"anzahl": 3}})
    with pytest.raises(TextError, match="unbekannte Variable 'typo'"):
        renderer.plain(text)
    assert renderer.plain("{{ [massnahmen.anzahl] }}") == "[3]"
    assert renderer.plain("{{ typo is defined }}") == "False"
    minimal["sachverhalt"] = [{"text": f"Die Liste {text}."}]
    with pytest.raises(InputError, match=r"sachverhalt\[0\]\.text: unbekannte Variable 'typo'"):
        render(load_vorlage(minimal), "docx")


BOMBS = {
    "ljust": "{{ 'x'.ljust(10**9) }}",
    "center method": "{{ 'x'.center(10**9) }}",
    "zfill": "{{ 'x'.zfill(10**9) }}",
    "expandtabs": "{{ ('\\t' * 1000).expandtabs(10**6) }}",
    "percent width": "{{ '%0999999999d' % 1 }}",
    "percent star": "{{ '%*d' % (999999999, 1) }}",
    "format width": "{{ '{:>999999999}'.format(1) }}",
    "format nested width": "{{ '{:{}}'.format(1, '999999999') }}",
    "format keyword width": "{{ '{:{w}}'.format(1, w=999999999) }}",
    "format filter": "{{ '%0999999999d' | format(1) }}",
    "center filter": "{{ 'x' | center(10**9) }}",
    "indent filter": "{{ ('x\\n' * 1000) | indent(10**6) }}",
    "replace method": "{{ ('ab' * 50000).replace('a', 'aaaa') }}",
    "replace filter": "{{ ('ab' * 50000) | replace('a', 'aaaa') }}",
    "join": "{{ range(100000) | join(',' * 100000) }}",
    "concat": "{{ 'a' * 100000 ~ 'b' }}",
    "doubling in a loop": "{% set ns = namespace(s='xx') %}{% for i in range(60) %}"
                          "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}",
    "list doubling": "{% set ns = namespace(a=[1]) %}{% for i in range(60) %}"
                     "{% set ns.a = ns.a + ns.a %}{% endfor %}{{ ns.a | length }}",
    "nested loops": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                    "{% endfor %}",
    "loops over strings": "{% for i in 'x' * 90000 %}{% for j in 'y' * 90000 %}{% endfor %}"
                          "{% endfor %}",
    "output": "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
    "lipsum": "{{ lipsum(10**6) }}",
    "power": "{{ (2 ** 64) ** (2 ** 6) }}",
    "nested lists": "{{ [[1] * 100000] * 100000 }}",
    "nested lists formatted": "{{ '%s' % ([[1] * 1000] * 1000,) }}",
    "list literal doubling": "{% set ns = namespace(a=[1]) %}{% for i in range(60) %}"
                             "{% set ns.a = [ns.a, ns.a] %}{% endfor %}{{ ns.a | length }}",
    "repeated squaring": "{% set ns = namespace(x=3) %}{% for i in range(40) %}"
                         "{% set ns.x = ns.x * ns.x %}{% endfor %}{{ ns.x > 0 }}",
    "recursion": "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
    "deep nesting": "{{ " + "(" * 300 + "1" + ")" * 300 + " }}",
    "long product": "{{ " + " * ".join(["9 ** 64"] * 20) + " }}",
}


RUN_TO_THE_BUDGET = {"list doubling", "list literal doubling", "loops over strings",
                     "nested loops"}
"""The bombs that run for seconds until a budget stops them: the fuzz tier."""


@pytest.mark.parametrize("text", [
    pytest.param(text, id=name, marks=[pytest.mark.fuzz] if name in RUN_TO_THE_BUDGET else [])
    for name, text in BOMBS.items()])
def test_a_text_that_would_grow_or_run_without_bound_is_refused(
        minimal: dict[str, object], text: str) -> None:
    """Refused with a reason, in well under a second and a few MB of memory: the size
    is checked before the value is made."""
    import tracemalloc

    from vorlagen import build

    minimal["sachverhalt"] = [{"text": text}]
    vorlage = load_vorlage(minimal)
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as raised:
            build(vorlage)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024, f"{peak / 1024 / 1024:.0f} MB"
    message = str(raised.value)
    assert message.startswith("Fehler in <dict>: sachverhalt[0].text: Vorlagentext fehlerhaft: ")
    assert any(reason in message for reason in (
        "zu lang: mehr als 100.000 Zeichen", "Formatbreite zu groß", "zu viele Schritte",
        "zu viel Rechenzeit", "Potenz zu groß", "Zahl zu groß", "zu tief verschachtelt",
        "in Texten nicht erlaubt")  # a namespace, a macro: not in a text's grammar
    ), message


def test_ordinary_templates_stay_within_the_bounds() -> None:
    renderer = TextRenderer({"zahlen": list(range(1000)), "name": "Amt"})
    assert renderer.plain("{{ '%05.1f' % 3.14159 }}") == "003.1"
    assert renderer.plain("{{ 'Die {} ist {}'.format(name, 'da') }}") == "Die Amt ist da"
    assert renderer.plain("{{ zahlen | join(', ') | length }}") == "4888"
    assert renderer.plain("{% for i in zahlen %}{% if i < 3 %}{{ i }}{% endif %}{% endfor %}"
                          ) == "012"
    assert renderer.plain("{{ ('ab' * 10) | replace('a', 'x') }}") == "xb" * 10
    assert renderer.plain("{{ name ~ '-' ~ name }}") == "Amt-Amt"


def test_a_bomb_in_a_vorlage_is_exit_2_naming_the_field(tmp_path: Path) -> None:
    path = tmp_path / "vorlage.yaml"
    data = {"art": "Mitteilungsvorlage", "organisationseinheit": "Amt", "datum": "01.02.2024",
            "drucksachen_nr": "1", "titel": "T",
            "beratungsfolge": [{"gremium": "Rat", "sitzungstermine": "01.03.2024"}],
            "sachverhalt": [{"text": "{{ 'x'.ljust(10**10) }}"}]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "sachverhalt[0].text: Vorlagentext fehlerhaft: Ergebnis " in result.output
    assert "zu lang: mehr als 100.000 Zeichen" in result.output
    assert not (tmp_path / "out").exists()


def test_the_step_budget_stops_a_long_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted, not timed: the steps stop a loop however fast or busy the machine is."""
    from vorlagen import sandbox

    monkeypatch.setattr(sandbox, "MAX_SECONDS", 3600.0)
    monkeypatch.setattr(sandbox, "MAX_STEPS", 1000)
    assert TextRenderer({}).plain("{% for i in range(990) %}{% endfor %}ok") == "ok"
    minimal = {"art": "Mitteilungsvorlage", "organisationseinheit": "Amt", "datum": "01.02.2024",
               "drucksachen_nr": "1", "titel": "T",
               "beratungsfolge": [{"gremium": "Rat", "sitzungstermine": "01.03.2024"}],
               "sachverhalt": "{% for i in range(1001) %}{% endfor %}"}
    with pytest.raises(InputError, match=r"sachverhalt\[0\]\.text: Vorlagentext fehlerhaft: "
                                         r"zu viele Schritte: mehr als 1\.000 "):
        render(load_vorlage(minimal), "docx")


def test_the_texts_of_one_paper_share_a_step_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each text just within its own bound must not add up to minutes: the texts of one
    paper share a budget, counted (not timed) as each text's own."""
    from vorlagen import sandbox

    monkeypatch.setattr(sandbox, "MAX_SECONDS", 3600.0)
    monkeypatch.setattr(sandbox, "MAX_PAPER_SECONDS", 3600.0)
    monkeypatch.setattr(sandbox, "MAX_STEPS", 1000)
    monkeypatch.setattr(sandbox, "MAX_PAPER_STEPS", 2000)
    loop = "{% for i in range(900) %}{% endfor %}"
    minimal = {"art": "Mitteilungsvorlage", "organisationseinheit": "Amt", "datum": "01.02.2024",
               "drucksachen_nr": "1", "titel": "T",
               "beratungsfolge": [{"gremium": "Rat", "sitzungstermine": "01.03.2024"}],
               "sachverhalt": [{"text": f"Teil {n} {loop}"} for n in range(2)]}
    assert render(load_vorlage(minimal), "docx")  # 1,800 steps: within both bounds
    minimal["sachverhalt"] = [{"text": f"Teil {n} {loop}"} for n in range(20)]
    with pytest.raises(InputError) as raised:
        render(load_vorlage(minimal), "docx")
    assert ("sachverhalt[2].text: Vorlagentext fehlerhaft: zu viele Schritte in allen Texten "
            "der Vorlage zusammen: mehr als 2.000 ") in str(raised.value)
    assert "zu viele Schritte in allen Texten der Vorlage zusammen" in str(raised.value)
    # the budget is one paper's: the next paper starts afresh
    minimal["sachverhalt"] = [{"text": f"Teil {n} {loop}"} for n in range(2)]
    assert render(load_vorlage(minimal), "docx")


def test_the_texts_of_one_paper_share_a_time_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """The time the texts of a paper take is added up, text by text."""
    from vorlagen import sandbox

    monkeypatch.setattr(sandbox, "MAX_PAPER_SECONDS", 0.0)
    minimal = {"art": "Mitteilungsvorlage", "organisationseinheit": "Amt", "datum": "01.02.2024",
               "drucksachen_nr": "1", "titel": "T",
               "beratungsfolge": [{"gremium": "Rat", "sitzungstermine": "01.03.2024"}],
               "sachverhalt": "{% for i in range(3) %}{% endfor %}"}
    with pytest.raises(InputError) as raised:
        render(load_vorlage(minimal), "docx")
    assert "zu viel Rechenzeit in allen Texten der Vorlage zusammen" in str(raised.value)
    assert "mehr als 0 Sekunden" in str(raised.value)


def test_the_time_budget_stops_a_slow_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Steps are cheap, but many slow ones must still stop: the clock is checked too."""
    from vorlagen import sandbox

    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.01)
    minimal = {"art": "Mitteilungsvorlage", "organisationseinheit": "Amt", "datum": "01.02.2024",
               "drucksachen_nr": "1", "titel": "T",
               "beratungsfolge": [{"gremium": "Rat", "sitzungstermine": "01.03.2024"}],
               "sachverhalt": "{% for i in range(90000) %}{{ (i ~ '') | length }}{% endfor %}"}
    with pytest.raises(InputError, match=r"sachverhalt\[0\]\.text: Vorlagentext fehlerhaft: "
                                         "zu viel Rechenzeit: mehr als 0.01 Sekunden"):
        render(load_vorlage(minimal), "docx")

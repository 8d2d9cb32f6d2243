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

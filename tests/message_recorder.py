"""Proves, during the normal test run, that each row of docs/errors.md is true: the test
the row names says the row's message.

Every test records what vorlagen said to a user while it ran (each ``VorlagenError``
made, everything the command line printed). When the last test of a function that a row
names has passed, the row's message must be among what that function's tests said;
otherwise that test fails, naming the row. So the proof needs no second run of the tests,
holds under ``-x`` and ``-k`` (a function whose parameters were not all selected is not
judged) and fails the test at fault rather than a summary at the end.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import pytest

from vorlagen.errors import VorlagenError

PAGE = Path(__file__).resolve().parents[1] / "docs" / "errors.md"
ROW = re.compile(r"^\| `(?P<fragment>[^`]+)` \| (?P<exit>\d) \|.*\| `(?P<test>tests/[^`]+|"
                 r"plugins/[^`]+)::(?P<name>\w+)` \|$")


@dataclass(frozen=True)
class Row:
    """One message of the page and the test function (``path::name``) that says it."""

    fragment: str
    test: str
    line: int


def rows(page: Path = PAGE) -> list[Row]:
    """The rows of the page that name a test, in the page's order."""
    found = []
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        if match := ROW.match(line):
            found.append(Row(match["fragment"], f"{match['test']}::{match['name']}", number))
    return found


def unsaid(expected: list[Row], said: list[str]) -> list[str]:
    """The rows whose message is in none of the texts ``said``, as lines for a report."""
    return [f"docs/errors.md, Zeile {row.line}: {row.fragment!r} wurde nicht gesagt"
            for row in expected if not any(row.fragment in text for text in said)]


def function_of(item: pytest.Item) -> str:
    """The test function an item runs (its node id without parameters)."""
    return item.nodeid.split("[", 1)[0]


@dataclass(eq=False)  # a plugin object: compared and hashed as itself
class MessageRecorder:
    """A pytest plugin: records the messages of each test and judges the rows of
    ``page`` at the last passed test of each function they name."""

    page: Path = PAGE
    expected: dict[str, list[Row]] = field(default_factory=dict)
    said: dict[str, list[str]] = field(default_factory=dict)
    passed: dict[str, int] = field(default_factory=dict)
    selected: dict[str, int] = field(default_factory=dict)
    deselected: set[str] = field(default_factory=set)
    current: str | None = None

    def pytest_configure(self) -> None:
        for row in rows(self.page):
            self.expected.setdefault(row.test, []).append(row)

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.deselected.update(function_of(item) for item in items)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        # A parameter chosen on the command line (``file.py::test_x[2]``): not every one.
        chosen = {argument.split("[", 1)[0].rsplit("::", 1)[-1]
                  for argument in session.config.args if "[" in argument}
        for item in session.items:
            name = function_of(item)
            self.selected[name] = self.selected.get(name, 0) + 1
            if name.rsplit("::", 1)[-1] in chosen:
                self.deselected.add(name)

    def _record(self, text: object) -> None:
        if self.current is not None:
            self.said.setdefault(self.current, []).append(str(text))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, Any, Any]:
        name = function_of(item)
        if name not in self.expected:
            return (yield)
        original_init = VorlagenError.__init__
        original_echo = click.echo
        record = self._record

        def init(error: VorlagenError, *args: Any, **kwargs: Any) -> None:
            original_init(error, *args, **kwargs)
            record(error)

        def echo(message: Any = None, *args: Any, **kwargs: Any) -> None:
            record(message)
            original_echo(message, *args, **kwargs)

        self.current = name
        VorlagenError.__init__ = init  # type: ignore[method-assign,assignment]
        click.echo = echo
        try:
            result = yield
        finally:
            VorlagenError.__init__ = original_init  # type: ignore[method-assign]
            click.echo = original_echo
            self.current = None
        self.passed[name] = self.passed.get(name, 0) + 1
        if self.passed[name] == self.selected.get(name) and name not in self.deselected:
            missing = unsaid(self.expected[name], self.said.get(name, []))
            if missing:
                pytest.fail("\n".join(
                    [*missing, f"gesagt wurde: {self.said.get(name, [])[:5]}"]), pytrace=False)
        return result

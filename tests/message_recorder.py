"""A pytest plugin that records, per test, every message vorlagen produced for a user:
each ``VorlagenError`` made and everything the command line printed.

``tests/test_errors.py`` runs the tests docs/errors.md names with this plugin
(``-p tests.message_recorder``) to prove that each test really makes its message
happen, rather than only mentioning it. The messages are written as JSON to the file
named by ``VORLAGEN_MESSAGES``, by test id, with each test's outcome.
"""

from __future__ import annotations

import json
import os
from collections.abc import Generator
from typing import Any

import click
import pytest

from vorlagen.errors import VorlagenError

MESSAGES: dict[str, list[str]] = {}
OUTCOMES: dict[str, str] = {}
_CURRENT: list[str] = []


def _record(text: object) -> None:
    if _CURRENT:
        MESSAGES.setdefault(_CURRENT[0], []).append(str(text))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, Any]:
    _CURRENT[:] = [item.nodeid]
    original_init = VorlagenError.__init__
    original_echo = click.echo

    def init(self: VorlagenError, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        _record(self)

    def echo(message: Any = None, *args: Any, **kwargs: Any) -> None:
        _record(message)
        original_echo(message, *args, **kwargs)

    VorlagenError.__init__ = init  # type: ignore[method-assign,assignment]
    click.echo = echo
    try:
        return (yield)
    finally:
        VorlagenError.__init__ = original_init  # type: ignore[method-assign]
        click.echo = original_echo
        _CURRENT.clear()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" or report.outcome != "passed":
        OUTCOMES[report.nodeid] = report.outcome


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = os.environ.get("VORLAGEN_MESSAGES")
    if target:
        with open(target, "w", encoding="utf-8") as out:
            json.dump({"messages": MESSAGES, "outcomes": OUTCOMES}, out, ensure_ascii=False)

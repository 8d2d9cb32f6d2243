"""The form's request parsing is bounded as a whole (issue 27.1, 27.10): forged field
names, row numbers and nesting are refused with 400 and a German text before anything
is built; a path with a NUL byte is not found; the "Neue Vorlage" dialog makes no
Vorlage where the list does not look."""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

with warnings.catch_warnings():  # starlette's notice about httpx's successor
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from tests.test_serve import URL, access, folder, form_of, log_in, parse
from vorlagen.serve import create_app
from vorlagen.serve import fields as fe
from vorlagen.serve.app import SKIPPED
from vorlagen.serve.security import Access

BASE = "http://127.0.0.1:8765"


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of values ``fields.put`` was asked to build."""
    calls: list[int] = []
    original = fe.put

    def counting(root: Any, path: fe.Path_, value: Any) -> None:
        calls.append(1)
        original(root, path, value)

    monkeypatch.setattr(fe, "put", counting)
    return calls


__all__ = ["access", "folder"]  # the fixtures of tests/test_serve.py


@pytest.fixture
def client(folder: Path, access: Access) -> Iterator[TestClient]:
    with TestClient(create_app(folder, access=access), base_url=BASE) as client:
        log_in(client, access)
        yield client


def csrf(client: TestClient) -> str:
    return str(parse(client.get(URL).text).xpath('//input[@name="_csrf"]')[0].get("value"))


def refused_quickly(client: TestClient, items: list[tuple[str, str]],
                    url: str = URL) -> Any:
    started = time.process_time()
    answer = client.post(url, content=urlencode(items).encode(),
                         headers={"content-type": "application/x-www-form-urlencoded"})
    assert time.process_time() - started < 5  # generous: a CPU bound, not a wall clock
    assert answer.status_code == 400, answer.text[:300]
    assert "Das Formular ist zu groß" in answer.text and "Traceback" not in answer.text
    return answer


@pytest.mark.parametrize("route", [URL, "/pruefen?datei=ik/vorlage.yaml",
                                   "/vorschau?datei=ik/vorlage.yaml",
                                   "/entwurf?datei=ik/vorlage.yaml"])
def test_many_far_rows_are_refused_before_anything_is_built(
        client: TestClient, built: list[int], route: str) -> None:
    token = csrf(client)
    items = [("_csrf", token)] + [(f"k{i}[10000]", "x") for i in range(10_000)]
    refused_quickly(client, items, route)
    assert built == []


def test_a_row_number_beyond_the_bound_is_refused_not_padded(
        client: TestClient, built: list[int]) -> None:
    token = csrf(client)
    answer = refused_quickly(client, [("_csrf", token), (f"anlagen[{fe.MAX_ROWS}].titel", "x")])
    assert f"mehr als {fe.MAX_ROWS} Zeilen" in answer.text
    items = [("_csrf", token)] + [(f"anlagen[{i}].titel[999]", "x") for i in range(2_000)]
    answer = refused_quickly(client, items)
    assert f"mehr als {fe.MAX_CELLS} Werte" in answer.text
    assert built == []


@pytest.mark.parametrize("name", [".".join(["a"] * 50_000), "a" + "[0]" * 50_000,
                                  "a" + ".b" * 20])
def test_a_deeply_nested_name_is_refused(client: TestClient, built: list[int],
                                         name: str) -> None:
    refused_quickly(client, [("_csrf", csrf(client)), (name, "x")])
    assert built == []


def test_a_deeply_nested_button_is_refused(client: TestClient) -> None:
    values = form_of(client.get(URL).text)
    action = "hinzufuegen:a" + "[0]" * 50_000
    refused_quickly(client, [*values, ("_aktion", action)])


def test_the_form_as_it_is_sent_stays_within_the_bounds(client: TestClient) -> None:
    values = form_of(client.get(URL).text)
    answer = client.post(URL, data=dict(values) | {"_aktion": "hinzufuegen:anlagen"})
    assert answer.status_code == 200


def test_a_path_with_a_nul_byte_is_not_found(client: TestClient) -> None:
    for url in ("/bearbeiten?datei=ik/vorlage.yaml%00", "/bearbeiten?datei=%00",
                "/bearbeiten?datei=ik%0A/vorlage.yaml"):
        answer = client.get(url)
        assert answer.status_code == 404 and "Traceback" not in answer.text
        assert "Keine Vorlage" in answer.text
    answer = client.post("/pruefen?datei=ik/vorlage.yaml%00", data={"_csrf": csrf(client)})
    assert answer.status_code == 404


def test_the_bounds_hold_without_the_server_too() -> None:
    with pytest.raises(fe.FormTooComplex):
        fe.state_from_form([(f"k{i}[500]", "x") for i in range(1_000)])
    with pytest.raises(fe.FormTooComplex):
        fe.state_from_form([("a" + "[0]" * 100, "x")])
    state = fe.state_from_form([("anlagen[2].titel", "x")])
    assert state == {"anlagen": [None, None, {"titel": "x"}]}
    fe.put(state, ("a",) * 100, "x")  # a path deeper than the bound builds nothing
    assert "a" not in state


@pytest.mark.parametrize("name", [*sorted(SKIPPED), ".versteckt"])
def test_no_new_vorlage_where_the_list_does_not_look(client: TestClient, folder: Path,
                                                     name: str) -> None:
    page = client.get("/").text
    token = parse(page).xpath('//input[@name="_csrf"]')[0].get("value")
    answer = client.post("/neu", data={"_csrf": token, "art": "Beschlussvorlage",
                                       "ordner": name, "hausformat": ""})
    assert answer.status_code == 422 and "Nicht angelegt" in answer.text
    assert not (folder / name).exists()

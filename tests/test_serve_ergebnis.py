"""The result of a Beratung in the form (issue 26.5): a column "Ergebnis" in the
Beratungsfolge where the Hausformat prints it (labelled with its column's title), else
only where a row has one (kept, among what the paper does not print); saving keeps it
and writes what the user types."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.test_serve import BASE, form_of, log_in, send
from tests.test_serve_printed import ids, label_of, unprinted
from vorlagen.serve import create_app
from vorlagen.serve.security import Access

with warnings.catch_warnings():  # starlette's notice about httpx's successor
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

VORLAGE = """\
hausformat: {hausformat}
art: {art}
organisationseinheit: Ordnungsamt
datum: 04.04.2025
drucksachen_nr: 2025/014
beratungsfolge:
  - gremium: Hauptausschuss
    sitzungstermine: 16.04.2025{more}
  - gremium: Stadtrat
    sitzungstermine: 29.04.2025
titel: Neue Parkordnung
beschlussvorschlag: Der Hauptausschuss beschließt die Parkordnung.
sachverhalt: Die alte Parkordnung ist von 1998.
"""


def write(folder: Path, hausformat: str, art: str, more: str = "") -> str:
    (folder / "vorlage.yaml").write_text(
        VORLAGE.format(hausformat=hausformat, art=art, more=more), encoding="utf-8")
    return "/bearbeiten?datei=vorlage.yaml"


@pytest.fixture
def access() -> Access:
    return Access.new(8765)


@pytest.fixture
def client(tmp_path: Path, access: Access) -> Iterator[TestClient]:
    with TestClient(create_app(tmp_path, access=access), base_url=BASE) as client:
        log_in(client, access)
        yield client


def test_a_paper_with_a_result_column_offers_the_ergebnis_under_its_title(
        client: TestClient, tmp_path: Path) -> None:
    url = write(tmp_path, "landau", "Sitzungsvorlage")
    page = client.get(url).text
    assert "f-beratungsfolge-0-ergebnis" in ids(page)
    assert label_of(page, "beratungsfolge[0].ergebnis") == "Beratung 1: Abstimmungsergeb."
    saved = send(client, form_of(page), "speichern",
                 {"beratungsfolge[0].ergebnis": "einstimmig"}, url=url)
    assert "Gespeichert" in saved.text
    data = yaml.safe_load((tmp_path / "vorlage.yaml").read_text(encoding="utf-8"))
    assert data["beratungsfolge"][0]["ergebnis"] == "einstimmig"
    assert "ergebnis" not in data["beratungsfolge"][1]


def test_a_paper_without_one_keeps_a_result_the_file_has(
        client: TestClient, tmp_path: Path) -> None:
    empty = client.get(write(tmp_path, "standard", "Beschlussvorlage")).text
    assert "f-beratungsfolge-0-ergebnis" not in ids(empty)
    url = write(tmp_path, "standard", "Beschlussvorlage",
                "\n    ergebnis: ungeändert beschlossen  # aus dem RIS")
    page = client.get(url).text
    kept = unprinted(page)
    assert kept is not None
    assert kept.xpath('.//input[@name="beratungsfolge[0].ergebnis"]')[0].get("value") == (
        "ungeändert beschlossen")
    assert kept.xpath('.//label[@for="f-beratungsfolge-0-ergebnis"]')[0].text_content() == (
        "Beratung 1: Ergebnis")
    before = (tmp_path / "vorlage.yaml").read_text(encoding="utf-8")
    send(client, form_of(page), "speichern", url=url)
    assert (tmp_path / "vorlage.yaml").read_text(encoding="utf-8") == before
    assert 'name="beratungsfolge[1].ergebnis"' not in page  # a row without one: none

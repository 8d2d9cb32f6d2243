"""Nothing lost: the form's unsaved values kept as a draft beside the Vorlage file (not in
it), offered when the Vorlage is opened again (also by another launch in another
browser), taken over or discarded; leaving the page with unsaved values asks first."""

from __future__ import annotations

import json
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.test_serve import (
    BASE,
    FILE,
    URL,
    control,
    form_of,
    log_in,
    parse,
    send,
)
from vorlagen.cli import cli
from vorlagen.serve import create_app, drafts
from vorlagen.serve.security import Access

with warnings.catch_warnings():  # starlette's notice about httpx's successor
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from tests.conftest import EXAMPLE

PORT = 8765
DRAFT_URL = f"/entwurf?datei={FILE}"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE.parent, tmp_path / "ik")
    return tmp_path


@pytest.fixture
def client(folder: Path) -> Iterator[TestClient]:
    access = Access.new(PORT)
    with TestClient(create_app(folder, access=access), base_url=BASE) as client:
        log_in(client, access)
        yield client


def keep(client: TestClient, values: list[tuple[str, str]],
         changes: dict[str, str] | None = None) -> Any:
    """What draft.js sends: the form's values, without a button."""
    return client.post(DRAFT_URL, data=dict(values) | (changes or {}))


def banner(page: str) -> Any:
    found = parse(page).xpath('//*[@id="entwurf"]')
    return found[0] if found else None


def unsaved(page: str) -> str:
    return str(parse(page).get_element_by_id("entwurf-stand").get("data-unsaved"))


def test_a_draft_is_kept_beside_the_file_not_in_it(client: TestClient, folder: Path) -> None:
    path = folder / "ik" / "vorlage.yaml"
    before = path.read_text(encoding="utf-8")
    values = form_of(client.get(URL).text)
    answer = keep(client, values, {"bearbeiter": "Erika Muster"})
    assert answer.status_code == 200 and answer.json() == {"unsaved": True}
    draft = folder / "ik" / ".vorlage.yaml.entwurf"
    assert drafts.path_of(path) == draft and draft.is_file()
    assert path.read_text(encoding="utf-8") == before  # the file is what was saved
    kept = json.loads(draft.read_text(encoding="utf-8"))
    assert ["bearbeiter", "Erika Muster"] in kept["values"]
    assert not any(name.startswith("_") for name, _ in kept["values"])  # no CSRF token
    assert kept["version"] == dict(values)["_stand"]
    # the same values as the file: the draft goes
    assert keep(client, values).json() == {"unsaved": False}
    assert not draft.exists()


def test_the_draft_route_is_guarded_and_bounded(client: TestClient, folder: Path) -> None:
    values = form_of(client.get(URL).text)
    without = [(name, value) for name, value in values if name != "_csrf"]
    assert keep(client, without, {"bearbeiter": "X"}).status_code == 403
    wrong = client.post(DRAFT_URL, data=dict(values) | {"bearbeiter": "X"},
                        headers={"origin": "http://evil.example"})
    assert wrong.status_code == 403
    assert not drafts.path_of(folder / "ik" / "vorlage.yaml").exists()
    assert client.post("/entwurf?datei=ik/.vorlage.yaml.entwurf",
                       data=dict(values)).status_code == 404  # a draft is no Vorlage
    assert client.post("/entwurf?datei=../etc/passwd", data=dict(values)).status_code == 404
    huge = keep(client, values, {"sachverhalt": "x" * (drafts.MAX_DRAFT_BYTES + 1)})
    assert huge.status_code == 413
    assert not drafts.path_of(folder / "ik" / "vorlage.yaml").exists()
    for route in ("/entwurf/uebernehmen", "/entwurf/verwerfen"):
        assert client.post(f"{route}?datei={FILE}", data={}).status_code == 403


def test_the_draft_is_offered_by_another_launch(client: TestClient, folder: Path) -> None:
    keep(client, form_of(client.get(URL).text), {"bearbeiter": "Erika Muster"})
    # another launch of the form, another browser: only the folder is shared
    other = Access.new(PORT)
    with TestClient(create_app(folder, access=other), base_url=BASE) as second:
        log_in(second, other)
        page = second.get(URL).text
    shown = banner(page)
    assert shown is not None
    said = " ".join(str(shown.text_content()).split())
    assert "Es gibt ungespeicherte Eingaben vom " in said
    assert "Uhr" in said and "seitdem geändert" not in said
    buttons = [b.text_content() for b in shown.xpath(".//button")]
    assert buttons == ["Eingaben übernehmen", "Verwerfen"]
    # without JavaScript: plain forms with the session's CSRF token
    form = shown.xpath(".//form")[0]
    assert form.get("method") == "post" and form.xpath(".//input[@name='_csrf']")
    assert control(page, "bearbeiter").get("value") != "Erika Muster"  # the file, not yet
    assert unsaved(page) == "false"


def test_taking_over_draws_the_form_from_the_draft(client: TestClient, folder: Path) -> None:
    values = form_of(client.get(URL).text)
    keep(client, values, {"bearbeiter": "Erika Muster"})
    taken = client.post(f"/entwurf/uebernehmen?datei={FILE}", data={"_csrf": dict(values)["_csrf"]})
    assert taken.status_code == 200
    assert control(taken.text, "bearbeiter").get("value") == "Erika Muster"
    assert control(taken.text, "_stand").get("value") == dict(values)["_stand"]
    assert "übernommen" in parse(taken.text).get_element_by_id("meldung").text_content()
    assert banner(taken.text) is None and unsaved(taken.text) == "true"
    assert "Erika Muster" not in (folder / "ik" / "vorlage.yaml").read_text(encoding="utf-8")
    saved = send(client, form_of(taken.text), "speichern")
    assert "Gespeichert" in saved.text and unsaved(saved.text) == "false"
    assert "bearbeiter: Erika Muster" in (folder / "ik" / "vorlage.yaml").read_text("utf-8")
    assert not drafts.path_of(folder / "ik" / "vorlage.yaml").exists()  # saving removes it
    assert banner(client.get(URL).text) is None


def test_discarding_removes_the_draft(client: TestClient, folder: Path) -> None:
    values = form_of(client.get(URL).text)
    keep(client, values, {"bearbeiter": "Erika Muster"})
    assert banner(client.get(URL).text) is not None
    gone = client.post(f"/entwurf/verwerfen?datei={FILE}",
                       data={"_csrf": dict(values)["_csrf"]}, follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"] == f"/bearbeiten?datei={FILE}"
    assert not drafts.path_of(folder / "ik" / "vorlage.yaml").exists()
    page = client.get(URL).text
    assert banner(page) is None and control(page, "bearbeiter").get("value") != "Erika Muster"
    # taking over a draft that is gone meanwhile (another window discarded it): the file
    again = client.post(f"/entwurf/uebernehmen?datei={FILE}", data={"_csrf": dict(values)["_csrf"]})
    assert again.status_code == 200 and banner(again.text) is None


def test_a_draft_like_the_file_is_not_offered_and_removed(
        client: TestClient, folder: Path) -> None:
    path = folder / "ik" / "vorlage.yaml"
    values = form_of(client.get(URL).text)
    drafts.write(path, values, dict(values)["_stand"])  # e.g. saved meanwhile elsewhere
    assert drafts.path_of(path).exists()
    assert banner(client.get(URL).text) is None
    assert not drafts.path_of(path).exists()


@pytest.mark.parametrize("text", ["kein JSON {", '{"format": 1}', "[1, 2]",
                                  '{"format": 1, "version": 3, "saved": "x", "values": []}',
                                  '{"format": 1, "version": "a", "saved": "2026-12-02T14:03",'
                                  ' "values": [["a", 1]]}', "\udcff"])
def test_a_draft_that_cannot_be_read_is_ignored(client: TestClient, folder: Path,
                                                text: str) -> None:
    draft = drafts.path_of(folder / "ik" / "vorlage.yaml")
    draft.write_bytes(text.encode("utf-8", "surrogateescape"))
    page = client.get(URL)
    assert page.status_code == 200 and banner(page.text) is None
    values = form_of(page.text)
    taken = client.post(f"/entwurf/uebernehmen?datei={FILE}", data={"_csrf": dict(values)["_csrf"]})
    assert taken.status_code == 200 and "übernommen" not in taken.text


def test_after_taking_over_saving_refuses_a_file_changed_since(
        client: TestClient, folder: Path) -> None:
    path = folder / "ik" / "vorlage.yaml"
    values = form_of(client.get(URL).text)
    keep(client, values, {"bearbeiter": "Erika Muster"})
    edited = path.read_text(encoding="utf-8").replace("drucksachen_nr: 2018/077",
                                                      "drucksachen_nr: 2018/078")
    path.write_text(edited, encoding="utf-8")  # a colleague, an editor, git
    offered = client.get(URL).text
    assert "Die Datei wurde seitdem geändert." in banner(offered).text_content()
    taken = client.post(f"/entwurf/uebernehmen?datei={FILE}", data={"_csrf": dict(values)["_csrf"]})
    said = parse(taken.text).get_element_by_id("meldung").text_content()
    assert "wurde geändert, nachdem diese Eingaben gemacht wurden" in said
    assert control(taken.text, "_stand").get("value") == dict(values)["_stand"]  # the draft's
    refused = send(client, form_of(taken.text), "speichern")
    said = parse(refused.text).get_element_by_id("meldung").text_content()
    assert said.startswith("Nicht gespeichert: vorlage.yaml wurde geändert")
    assert "„Trotzdem speichern“ ersetzt" in said and "„Datei neu öffnen“" in said
    assert "„Verwerfen“" in said  # what to do, in the buttons' words
    assert path.read_text(encoding="utf-8") == edited
    assert drafts.path_of(path).exists()  # still kept: nothing lost
    overwrite = send(client, form_of(refused.text), "speichern:trotzdem")
    assert "Gespeichert" in overwrite.text
    assert "bearbeiter: Erika Muster" in path.read_text(encoding="utf-8")
    assert not drafts.path_of(path).exists()


def test_a_page_says_whether_the_form_holds_what_is_not_saved(client: TestClient) -> None:
    opened = client.get(URL).text
    assert unsaved(opened) == "false"
    checked = send(client, form_of(opened), "pruefen", {"bearbeiter": "Erika Muster"}).text
    assert unsaved(checked) == "true"  # not saved yet: leaving still asks
    assert unsaved(send(client, form_of(opened), "pruefen").text) == "false"
    saved = send(client, form_of(checked), "speichern").text
    assert unsaved(saved) == "false"


def test_the_list_render_and_upload_clean_up_ignore_the_draft(
        client: TestClient, folder: Path) -> None:
    from vorlagen.batch import vorlage_files
    from vorlagen.serve.app import _is_vorlage

    path = folder / "ik" / "vorlage.yaml"
    data = (folder / "ik" / "massnahmen.csv").read_bytes()
    field = "hochladen:plugins.massnahmen.datei"
    first = send(client, form_of(client.get(URL).text), "hochladen",
                 files={field: ("liste.csv", data, "text/csv")})
    erste = control(first.text, "plugins.massnahmen.datei").get("value")
    keep(client, form_of(first.text))  # the draft names the first upload
    draft = drafts.path_of(path)
    assert erste in draft.read_text(encoding="utf-8")
    # the list of Vorlagen
    assert not _is_vorlage(draft)
    assert client.app.state.server.vorlage_files() == [FILE]  # type: ignore[attr-defined]
    listed = parse(client.get("/").text).xpath("//ul[@class='files']//a/text()")
    assert listed == [FILE]
    # the upload clean-up: the draft is no Vorlage that keeps an upload, and stays
    second = send(client, form_of(first.text), "hochladen",
                  files={field: ("liste.csv", data, "text/csv")})
    assert "statt" in parse(second.text).get_element_by_id("meldung").text_content()
    assert not (folder / "ik" / erste).exists() and draft.is_file()
    # vorlagen render and validate of the folder
    assert vorlage_files([folder]) == [path]
    result = CliRunner().invoke(cli, ["render", str(folder), "-o", str(folder / "aus"),
                                      "-f", "odt"])
    assert result.exit_code == 0, result.output
    assert "entwurf" not in result.output.lower()
    assert draft.is_file()

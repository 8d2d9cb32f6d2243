"""Nothing lost: the form's unsaved values kept as a draft beside the Vorlage file (not in
it), offered when the Vorlage is opened again (also by another launch in another
browser), taken over or discarded; leaving the page with unsaved values asks first."""

from __future__ import annotations

import json
import re
import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.browser_support import CHROMIUM, DRIVER, browser, missing, running
from tests.conftest import EXAMPLE
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
from tests.test_serve_browser import axe, until
from vorlagen.cli import cli
from vorlagen.serve import create_app, drafts, vorlage_file
from vorlagen.serve.security import Access

with warnings.catch_warnings():  # starlette's notice about httpx's successor
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PORT = 8765
DRAFT_URL = f"/entwurf?datei={FILE}"
OFFER = re.compile(r"Es gibt ungespeicherte Eingaben vom \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr\.")


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
    assert OFFER.search(said) and "seitdem geändert" not in said
    buttons = [b.text_content() for b in shown.xpath(".//button")]
    assert buttons == ["Eingaben übernehmen", "Verwerfen"]
    # without JavaScript: plain forms with the session's CSRF token
    form = shown.xpath(".//form")[0]
    assert form.get("method") == "post" and form.xpath(".//input[@name='_csrf']")
    assert form.get("action") == f"/entwurf/uebernehmen?datei={FILE}"
    assert shown.xpath(".//button")[1].get("formaction") == f"/entwurf/verwerfen?datei={FILE}"
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
    speichern = parse(taken.text).get_element_by_id("knopf-speichern")
    assert speichern.get("autofocus") is not None  # saving is what comes next
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
    """A draft that does not know its base (kept before drafts kept it): taking it over
    draws the whole form, and saving over the change made since is refused."""
    path = folder / "ik" / "vorlage.yaml"
    values = form_of(client.get(URL).text)
    keep(client, [(name, value) for name, value in values if name != "_basis"],
         {"bearbeiter": "Erika Muster"})
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
    listed = parse(client.get("/").text).xpath("//tr[@data-file]/@data-file")
    assert listed == [FILE]
    # the upload clean-up: the draft is no Vorlage that keeps an upload, and stays
    second = send(client, form_of(first.text), "hochladen",
                  files={field: ("andere.csv", data, "text/csv")})
    assert "statt" in parse(second.text).get_element_by_id("meldung").text_content()
    assert not (folder / "ik" / erste).exists() and draft.is_file()
    # vorlagen render and validate of the folder
    assert vorlage_files([folder]) == [path]
    result = CliRunner().invoke(cli, ["render", str(folder), "-o", str(folder / "aus"),
                                      "-f", "odt"])
    assert result.exit_code == 0, result.output
    assert "entwurf" not in result.output.lower()
    assert draft.is_file()


# In chromium: typing keeps a draft, another browser is offered it, leaving asks first

REASON = missing()


def in_browser(test: Callable[..., None]) -> Callable[..., None]:
    """A test in chromium: marked, and skipped where there is none."""
    skip = pytest.mark.skipif(REASON is not None, reason=f"kein Browser: {REASON}")
    return pytest.mark.browser(skip(test))  # type: ignore[no-any-return]



def asking_browser() -> Any:
    """Chromium as ``browser()`` starts it, but with the question before leaving a page
    left open to the test (WebDriver answers it by itself otherwise)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = next(str(shutil.which(n)) for n in CHROMIUM if shutil.which(n))
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--window-size=1100,1400", "--lang=de-DE"):
        options.add_argument(argument)
    options.enable_bidi = True
    options.set_capability("unhandledPromptBehavior", {"beforeUnload": "ignore"})
    return webdriver.Chrome(service=Service(executable_path=shutil.which(DRIVER)),
                            options=options)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder both browsers work on."""
    folder = tmp_path_factory.mktemp("drafts")
    shutil.copytree(EXAMPLE.parent, folder / "ik")
    return folder


@pytest.fixture(scope="module")
def first_launch(shared: Path) -> Iterator[str]:
    """The first launch of the form on the folder: its address with the one-time code."""
    with running(shared) as url:
        yield url


@pytest.fixture(scope="module")
def first(first_launch: str) -> Iterator[Any]:
    """The browser of the first launch, on the Vorlage's form."""
    from selenium.webdriver.common.by import By

    driver = asking_browser()
    try:
        driver.get(first_launch)
        driver.find_element(By.CSS_SELECTOR, f"a[href='/bearbeiten?datei={FILE}']").click()
        yield driver
    finally:
        driver.quit()


def alert_of(driver: Any) -> Any:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        return driver.switch_to.alert
    except NoAlertPresentException:
        return None


def reveal(driver: Any, element_id: str) -> Any:
    """The control, its folded group opened first as a user opens it (by its summary)."""
    from selenium.webdriver.common.by import By

    field = driver.find_element(By.ID, element_id)
    group = driver.execute_script("return arguments[0].closest('details:not([open])')", field)
    if group is not None:
        group.find_element(By.TAG_NAME, "summary").click()
    return field


@in_browser
def test_typing_keeps_a_draft_beside_the_file(first: Any, shared: Path) -> None:

    path = shared / "ik" / "vorlage.yaml"
    before = path.read_text(encoding="utf-8")
    field = reveal(first, "f-bearbeiter")
    field.clear()
    field.send_keys("Erika Muster")
    draft = drafts.path_of(path)
    until(lambda: draft.is_file() and "Erika Muster" in draft.read_text(encoding="utf-8"))
    assert path.read_text(encoding="utf-8") == before  # not in the file


@in_browser
def test_another_browser_is_offered_the_draft(first: Any, first_launch: str,
                                              shared: Path) -> None:
    """Another chromium, sharing nothing with the first but the folder. A launch's
    address opens one browser only (serve/security.py), so the other browser gets in as
    it would at work: through a launch of its own (the first one still running)."""
    from selenium.webdriver.common.by import By

    assert drafts.path_of(shared / "ik" / "vorlage.yaml").is_file()
    other = browser()
    try:
        other.get(first_launch)
        assert "schon benutzt" in other.find_element(By.TAG_NAME, "h1").text  # by design
        with running(shared) as url:
            other.get(url)
            other.find_element(By.CSS_SELECTOR, f"a[href='/bearbeiten?datei={FILE}']").click()
            offer = other.find_element(By.ID, "entwurf")
            assert OFFER.search(offer.text), offer.text
            assert other.find_element(By.ID, "f-bearbeiter").get_attribute("value") \
                != "Erika Muster"  # the file as saved, until taken over
            violations, passes = axe(other)
            assert violations == [] and passes > 10
            offer.find_element(By.XPATH, ".//button[.='Eingaben übernehmen']").click()
            until(lambda: "übernommen" in other.find_element(By.ID, "meldung").text)
            assert other.find_element(By.ID, "f-bearbeiter").get_attribute("value") \
                == "Erika Muster"
            assert not other.find_elements(By.ID, "entwurf")
    finally:
        other.quit()


@in_browser
def test_leaving_with_unsaved_input_asks_first(first: Any, shared: Path) -> None:
    from selenium.webdriver.common.by import By

    home = first.find_element(By.LINK_TEXT, "Alle Vorlagen")
    home.click()
    until(lambda: alert_of(first)).dismiss()  # chromium asks; stay
    assert first.find_element(By.ID, "f-bearbeiter").get_attribute("value") == "Erika Muster"
    # the form's own buttons do not ask: "Prüfen" sends it all to the server
    first.find_element(By.CSS_SELECTOR, "button[value='pruefen']").click()
    until(lambda: first.find_element(By.ID, "entwurf-stand").get_attribute("data-unsaved")
          == "true")
    first.find_element(By.LINK_TEXT, "Alle Vorlagen").click()
    until(lambda: alert_of(first)).dismiss()  # checked, not saved: still asks
    first.find_element(By.CSS_SELECTOR, "button[value='speichern']").click()
    until(lambda: "Gespeichert" in first.find_element(By.ID, "meldung").text)
    path = shared / "ik" / "vorlage.yaml"
    assert "bearbeiter: Erika Muster" in path.read_text(encoding="utf-8")
    assert not drafts.path_of(path).exists()  # saving removes the draft
    first.find_element(By.LINK_TEXT, "Alle Vorlagen").click()
    until(lambda: first.find_elements(By.ID, "neu-ordner"))  # left without a question


@in_browser
def test_input_right_before_leaving_is_kept(first: Any, shared: Path) -> None:
    from selenium.webdriver.common.by import By

    first.find_element(By.CSS_SELECTOR, f"a[href='/bearbeiten?datei={FILE}']").click()
    until(lambda: first.find_elements(By.ID, "f-aktenzeichen"))
    field = reveal(first, "f-aktenzeichen")
    field.send_keys(" (neu)")
    first.find_element(By.LINK_TEXT, "Alle Vorlagen").click()
    until(lambda: alert_of(first)).accept()  # leave all the same
    until(lambda: first.find_elements(By.ID, "neu-ordner"))
    draft = drafts.path_of(shared / "ik" / "vorlage.yaml")
    until(lambda: draft.is_file() and " (neu)" in draft.read_text(encoding="utf-8"))
    first.find_element(By.CSS_SELECTOR, f"a[href='/bearbeiten?datei={FILE}']").click()
    assert OFFER.search(first.find_element(By.ID, "entwurf").text)


# After the file changed: only the user's own edits are carried over onto it (a three-way
# merge against the values the form was opened with, its base), named where both changed

ORGANISATION = ("organisationseinheit: Amt für Migration und Integration",
                "organisationseinheit: Amt für Digitalisierung")


def edit_file(folder: Path, old: str, new: str) -> str:
    """What a colleague does in a text editor meanwhile; the file's text afterwards."""
    path = folder / "ik" / "vorlage.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path.read_text(encoding="utf-8")


def said(page: str) -> str:
    return " ".join(str(parse(page).get_element_by_id("meldung").text_content()).split())


def carry_button(page: str) -> Any:
    found = parse(page).xpath("//form[@id='formular']//button[@value='uebertragen']")
    return found[0] if found else None


def test_merge_takes_each_sides_own_changes_and_names_what_both_changed() -> None:
    base = {"titel": "A", "oe": "Hauptamt", "gruppe": {"x": "1", "y": "2"},
            "liste": ["a"], "weg": "w", "beide": "b", "gleich": "g"}
    mine = {"titel": "B", "oe": "Hauptamt", "gruppe": {"x": "9", "y": "2"},
            "liste": ["a", "b"], "neu": "n", "beide": "meins", "gleich": "G"}
    theirs = {"titel": "A", "oe": "Digital", "gruppe": {"x": "1", "y": "3"},
              "liste": ["c"], "weg": "w", "beide": "ihres", "gleich": "G", "dazu": "d"}
    merged, both = drafts.merge(base, mine, theirs)
    assert merged == {"titel": "B", "oe": "Digital", "gruppe": {"x": "9", "y": "3"},
                      "liste": ["a", "b"], "neu": "n", "beide": "meins", "gleich": "G",
                      "dazu": "d"}  # "weg" removed in the form, untouched in the file
    assert both == [("liste",), ("beide",)]  # a list changed on both sides: the form's
    # removed in the form, changed in the file: removed, and named
    assert drafts.merge({"a": "1"}, {}, {"a": "2"}) == ({}, [("a",)])
    assert drafts.merge({"a": "1"}, {"a": "1"}, {}) == ({}, [])  # removed in the file
    assert drafts.differing(base, mine) == [("titel",), ("gruppe", "x"), ("liste",),
                                            ("neu",), ("beide",), ("gleich",), ("weg",)]
    assert drafts.listed(["A"]) == "A" and drafts.listed(["A", "B", "C"]) == "A, B und C"
    assert drafts.listed([str(n) for n in range(10)]) == "0, 1, 2, 3, 4, 5, 6, 7 und 2 weitere"


def test_reopening_and_taking_over_carries_only_own_edits_over(
        client: TestClient, folder: Path) -> None:
    """The new user's steps: Betreff changed in the form, Organisationseinheit in an
    editor, „Speichern“ refused, „Datei neu öffnen“, „Eingaben übernehmen“."""
    path = folder / "ik" / "vorlage.yaml"
    values = form_of(client.get(URL).text)
    betreff = {"titel": "Integrationskonzept; Bericht 2018"}
    keep(client, values, betreff)
    edit_file(folder, *ORGANISATION)
    refused = send(client, values, "speichern", betreff)
    assert said(refused.text).startswith("Nicht gespeichert: vorlage.yaml wurde geändert")
    offered = client.get(URL).text  # „Datei neu öffnen“
    shown = " ".join(str(banner(offered).text_content()).split())
    assert "Die Datei wurde seitdem geändert." in shown
    assert "Geänderte Felder: Betreff." in shown  # the draft's own edit, not the editor's
    taken = client.post(f"/entwurf/uebernehmen?datei={FILE}",
                        data={"_csrf": dict(values)["_csrf"]})
    assert control(taken.text, "organisationseinheit").get("value") == "Amt für Digitalisierung"
    assert dict(form_of(taken.text))["titel"].strip() == betreff["titel"]
    now = vorlage_file.read(path).version
    assert control(taken.text, "_stand").get("value") == now  # the file as it is now
    message = said(taken.text)
    assert "sind übernommen" in message and "auf die neue Fassung von vorlage.yaml übertragen" \
        in message and "bitte prüfen" not in message
    assert unsaved(taken.text) == "true" and carry_button(taken.text) is None
    saved = send(client, form_of(taken.text), "speichern")
    assert said(saved.text).startswith("Gespeichert in vorlage.yaml")
    text = path.read_text(encoding="utf-8")
    assert "organisationseinheit: Amt für Digitalisierung" in text  # the editor's change
    assert "Integrationskonzept; Bericht 2018" in text  # and the form's
    assert text.startswith("# yaml-language-server")  # the file's comments kept
    assert not drafts.path_of(path).exists()


def test_a_refused_save_carries_own_edits_over_directly(
        client: TestClient, folder: Path) -> None:
    path = folder / "ik" / "vorlage.yaml"
    values = form_of(client.get(URL).text)
    assert not carry_button(client.get(URL).text)
    edit_file(folder, *ORGANISATION)
    edit_file(folder, "  Sachstandsbericht\n", "  Sachstandsbericht 2018\n")  # Betreff too
    mine = {"titel": "Neuer Betreff", "bearbeiter": "Erika Muster"}
    refused = send(client, values, "speichern", mine)
    message = said(refused.text)
    assert message.startswith("Nicht gespeichert: vorlage.yaml wurde geändert")
    assert "„Meine Änderungen auf die neue Fassung übertragen“ übernimmt nur, was hier " \
        "geändert wurde" in message and "„Trotzdem speichern“ ersetzt" in message
    button = carry_button(refused.text)
    assert button.text_content() == "Meine Änderungen auf die neue Fassung übertragen"
    assert button.get("autofocus") is not None  # the way out, first
    assert parse(refused.text).xpath("//button[@value='speichern:trotzdem']")
    carried = send(client, form_of(refused.text), "uebertragen")
    assert control(carried.text, "organisationseinheit").get("value") == "Amt für Digitalisierung"
    assert dict(form_of(carried.text))["titel"].strip() == "Neuer Betreff"
    assert control(carried.text, "bearbeiter").get("value") == "Erika Muster"
    message = said(carried.text)
    assert "Betreff: in der Datei inzwischen auch geändert – bitte prüfen." in message
    assert "Organisationseinheit" not in message and "Bearbeiter" not in message
    assert carry_button(carried.text) is None and unsaved(carried.text) == "true"
    speichern = parse(carried.text).get_element_by_id("knopf-speichern")
    assert speichern.get("autofocus") is not None  # saving is what comes next
    assert control(carried.text, "_stand").get("value") == vorlage_file.read(path).version
    saved = send(client, form_of(carried.text), "speichern")
    assert said(saved.text).startswith("Gespeichert in vorlage.yaml")
    text = path.read_text(encoding="utf-8")
    assert "organisationseinheit: Amt für Digitalisierung" in text
    assert "Neuer Betreff" in text and "bearbeiter: Erika Muster" in text
    # saved: the page stands on the file as saved, a later change is carried over again
    assert control(saved.text, "_stand").get("value") == vorlage_file.read(path).version
    again = edit_file(folder, "bearbeiter: Erika Muster", "bearbeiter: Max Muster")
    refused = send(client, form_of(saved.text), "speichern", {"aktenzeichen": "AZ 1"})
    carried = send(client, form_of(refused.text), "uebertragen")
    assert control(carried.text, "bearbeiter").get("value") == "Max Muster"
    assert control(carried.text, "aktenzeichen").get("value") == "AZ 1"
    assert path.read_text(encoding="utf-8") == again  # nothing saved yet


def test_a_forged_or_missing_base_carries_nothing_over(client: TestClient,
                                                       folder: Path) -> None:
    values = form_of(client.get(URL).text)
    edit_file(folder, *ORGANISATION)
    deep = '{"a": ' * 40 + "1" + "}" * 40
    for base in ("", "kein JSON", "[1]", "[" * 100_000, deep,
                 '{"a": ' * 990 + "1" + "}" * 990):
        page = send(client, values, "uebertragen", {"_basis": base, "bearbeiter": "X"})
        assert page.status_code == 200
        assert control(page.text, "organisationseinheit").get("value") \
            == "Amt für Migration und Integration"  # the form as sent, not carried over
        refused = send(client, values, "speichern", {"_basis": base})
        assert carry_button(refused.text) is None  # no base: no way to carry over
        assert parse(refused.text).xpath("//button[@value='speichern:trotzdem']")


def test_the_banner_names_the_changed_fields_by_their_labels(client: TestClient) -> None:
    values = form_of(client.get(URL).text)
    keep(client, values, {"bearbeiter": "Erika Muster", "titel": "X",
                          "beratungsfolge[1].gremium": "Kreisrat",
                          "plugins.foerderung.blatt": "Tabelle 2"})
    shown = " ".join(str(banner(client.get(URL).text).text_content()).split())
    assert ("Geänderte Felder: Bearbeiter/-in, Beratungsfolge, Betreff und Förderanträge: "
            "Tabellenblatt.") in shown
    many = ["ergaenzung_zu", "organisationseinheit", "drucksachen_nr", "federfuehrung",
            "verantwortlich", "bearbeiter", "aktenzeichen", "tagesordnungspunkt", "titel",
            "sachverhalt_ueberschrift"]
    keep(client, values, {name: "geändert" for name in many})
    shown = " ".join(str(banner(client.get(URL).text).text_content()).split())
    listed = re.search(r"Geänderte Felder: (.*)\.", shown)
    assert listed and listed.group(1).endswith(" und 2 weitere")
    assert listed.group(1).count(", ") == 7 and "_" not in listed.group(1)  # labels, no keys


def test_the_list_marks_a_vorlage_with_unsaved_input(client: TestClient) -> None:
    def state_cell() -> str:
        row = parse(client.get("/").text).xpath(f"//tr[@data-file='{FILE}']")[0]
        return " ".join(str(row.xpath("./td")[-1].text_content()).split())

    assert "ungespeicherte Eingaben" not in state_cell()
    values = form_of(client.get(URL).text)
    keep(client, values, {"bearbeiter": "Erika Muster"})
    assert state_cell().endswith("ungespeicherte Eingaben")  # in words, beside the state
    send(client, values, "speichern", {"bearbeiter": "Erika Muster"})
    assert "ungespeicherte Eingaben" not in state_cell()


# In chromium (the first browser, after the tests above): leaving after the draft is
# written asks, also after a download; a refused save carries the own edits over

def leave(driver: Any) -> Any:
    """Click „Alle Vorlagen“; the question chromium asks before leaving, if any (None
    once the list is shown without one)."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.LINK_TEXT, "Alle Vorlagen").click()
    return until(lambda: alert_of(driver) or (driver.find_elements(By.ID, "neu-ordner")
                                              and "no question"))


@in_browser
def test_leaving_after_the_draft_is_written_asks(first: Any, shared: Path) -> None:
    from selenium.webdriver.common.by import By

    path = shared / "ik" / "vorlage.yaml"
    draft = drafts.path_of(path)
    offer = first.find_element(By.ID, "entwurf")  # left by the test before: not wanted
    offer.find_element(By.XPATH, ".//button[.='Verwerfen']").click()
    until(lambda: not first.find_elements(By.ID, "entwurf"))
    assert not draft.exists()
    field = reveal(first, "f-aktenzeichen")
    field.send_keys(" (Entwurf)")
    until(lambda: draft.is_file() and " (Entwurf)" in draft.read_text(encoding="utf-8"))
    question = leave(first)
    assert question != "no question", "left the page without asking"
    question.dismiss()  # stay
    # a download the page fetches itself leaves no page: leaving still asks afterwards
    button = first.find_element(By.CSS_SELECTOR, "button[value='herunterladen:docx:voll']")
    first.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    until(lambda: first.find_element(By.ID, "download-status").text.strip()
          and button.get_attribute("aria-busy") is None)
    question = leave(first)
    assert question != "no question", "left the page after a download without asking"
    question.accept()  # leave all the same: the draft keeps the input
    until(lambda: first.find_elements(By.ID, "neu-ordner"))
    row = first.find_element(By.CSS_SELECTOR, f"tr[data-file='{FILE}']")
    assert "ungespeicherte Eingaben" in row.text  # the list says so, in words
    violations, passes = axe(first)
    assert violations == [] and passes > 10


@in_browser
def test_a_refused_save_carries_own_edits_over_in_the_browser(first: Any,
                                                              shared: Path) -> None:
    from selenium.webdriver.common.by import By

    path = shared / "ik" / "vorlage.yaml"
    first.find_element(By.CSS_SELECTOR, f"a[href='/bearbeiten?datei={FILE}']").click()
    offer = first.find_element(By.ID, "entwurf")
    assert "Geänderte Felder: Aktenzeichen." in offer.text
    offer.find_element(By.XPATH, ".//button[.='Eingaben übernehmen']").click()
    until(lambda: "übernommen" in first.find_element(By.ID, "meldung").text)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(*ORGANISATION), encoding="utf-8")  # an editor, meanwhile
    first.find_element(By.CSS_SELECTOR, "button[value='speichern']").click()
    until(lambda: first.find_element(By.ID, "meldung").text.startswith("Nicht gespeichert"))
    carry = first.find_element(By.CSS_SELECTOR, "button[value='uebertragen']")
    assert carry.text == "Meine Änderungen auf die neue Fassung übertragen"
    assert first.switch_to.active_element == carry  # the way out, focused
    violations, passes = axe(first)
    assert violations == [] and passes > 10
    carry.click()
    until(lambda: "übertragen" in first.find_element(By.ID, "meldung").text)
    assert first.find_element(By.ID, "f-organisationseinheit").get_attribute("value") \
        == "Amt für Digitalisierung"
    assert first.find_element(By.ID, "f-aktenzeichen").get_attribute("value") \
        .endswith(" (Entwurf)")
    first.find_element(By.CSS_SELECTOR, "button[value='speichern']").click()
    until(lambda: first.find_element(By.ID, "meldung").text.startswith("Gespeichert"))
    saved = path.read_text(encoding="utf-8")
    assert "organisationseinheit: Amt für Digitalisierung" in saved and " (Entwurf)" in saved
    assert not drafts.path_of(path).exists()


def test_a_draft_without_own_edits_is_not_offered(client: TestClient, folder: Path) -> None:
    """Typed and typed back, kept while the file was elsewhere: only the file changed."""
    path = folder / "ik" / "vorlage.yaml"
    values = form_of(client.get(URL).text)
    keep(client, values, {"bearbeiter": "Erika Muster"})
    edit_file(folder, "drucksachen_nr: 2018/077", "drucksachen_nr: 2018/078")
    keep(client, values)  # the form's values again: still unsaved against the changed file
    assert drafts.path_of(path).exists()
    assert banner(client.get(URL).text) is None
    assert not drafts.path_of(path).exists()

"""The form compact and forgiving (issue 25): the Beratungsfolge as a table with all
dates of a Beratung in one field, TOP only where the Hausformat prints it, optional
fields without a value folded, rows moved and removed in place, and every removal undone
by "Rückgängig" — without JavaScript (Starlette's test client) and in chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import browser, missing, running
from tests.conftest import EXAMPLE
from tests.test_serve import BASE, PORT, URL, control, errors_at, form_of, log_in, parse, send
from vorlagen.serve import create_app
from vorlagen.serve.rows import MAX_UNDO_CHARS
from vorlagen.serve.security import Access

with warnings.catch_warnings():  # starlette's notice about httpx's successor
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

REASON = missing()
BROWSER = [pytest.mark.browser,
           pytest.mark.skipif(REASON is not None, reason=f"kein Browser: {REASON}")]
NEW = "neu/vorlage.yaml"
NEW_URL = f"/bearbeiten?datei={NEW}"


def new_vorlage(folder: Path, name: str = "neu") -> Path:
    """A fresh Beschlussvorlage in the standard Hausformat, as ``vorlagen new`` writes it."""
    command = [sys.executable, "-m", "vorlagen", "new", "Beschlussvorlage", str(folder / name)]
    subprocess.run(command, check=True, capture_output=True)
    return folder / name / "vorlage.yaml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE.parent, tmp_path / "ik")
    new_vorlage(tmp_path)
    return tmp_path


@pytest.fixture
def client(folder: Path) -> Iterator[TestClient]:
    access = Access.new(PORT)
    with TestClient(create_app(folder, access=access), base_url=BASE) as client:
        log_in(client, access)
        yield client


def undo_action(page: str) -> str:
    button = parse(page).get_element_by_id("rueckgaengig")
    assert button.text_content() == "Rückgängig"
    return str(button.get("value"))


# Without JavaScript


def test_the_beratungsfolge_is_a_table_with_one_row_per_beratung(client: TestClient) -> None:
    tree = parse(client.get(URL).text)
    table = tree.get_element_by_id("f-beratungsfolge").xpath(".//table")[0]
    headers = [th.text_content().replace("(Pflichtfeld)", "").strip()
               for th in table.xpath("./thead/tr/th")]
    assert headers == ["Gremium", "Sitzungsart", "Sitzungstermine", "Zuständigkeit", "Zeile "
                       "verschieben oder entfernen"]
    assert all(th.get("scope") == "col" for th in table.xpath("./thead/tr/th"))
    rows = table.xpath("./tbody/tr")
    assert [row.get("id") for row in rows] == ["f-beratungsfolge-0", "f-beratungsfolge-1"]
    for element in table.xpath(".//input[@type!='hidden']|.//select"):  # named each
        label = tree.xpath(f'//label[@for="{element.get("id")}"]')[0].text_content()
        assert label.startswith("Beratung "), label
    buttons = rows[1].xpath(".//button")
    assert [b.get("aria-label") for b in buttons] == [
        "Beratung 2 nach oben", "Beratung 2 nach unten", "Beratung 2 entfernen"]
    assert buttons[1].get("disabled") is not None  # the last row goes no further down


def test_all_dates_of_a_beratung_are_one_field_saved_as_the_files_list(
        client: TestClient, folder: Path) -> None:
    path = folder / "ik" / "vorlage.yaml"
    before = path.read_text(encoding="utf-8")
    page = client.get(URL).text
    dates = control(page, "beratungsfolge[0].sitzungstermine")
    assert dates.get("value") == "16.04.2018"
    send(client, form_of(page), "speichern")
    assert path.read_text(encoding="utf-8") == before  # opened and saved: not rewritten
    saved = send(client, form_of(page), "speichern",
                 {"beratungsfolge[0].sitzungstermine": "16.04.2018, 23.04.2018"})
    assert "Gespeichert" in saved.text and "Die Vorlage ist gültig." in saved.text
    text = path.read_text(encoding="utf-8")
    assert "sitzungstermine: [16.04.2018, 23.04.2018]" in text
    assert text.replace("[16.04.2018, 23.04.2018]", "[16.04.2018]") == before
    assert control(saved.text, "beratungsfolge[0].sitzungstermine").get(
        "value") == "16.04.2018, 23.04.2018"


def test_a_row_moved_to_the_top_keeps_the_focus_on_its_buttons(client: TestClient) -> None:
    moved = send(client, form_of(client.get(URL).text), "hoch:beratungsfolge[1]")
    assert control(moved.text, "beratungsfolge[0].gremium").get("value") == "Kreistag"
    tree = parse(moved.text)
    assert tree.get_element_by_id("hoch-f-beratungsfolge-0").get("disabled") is not None
    assert tree.get_element_by_id("runter-f-beratungsfolge-0").get("autofocus") is not None
    assert tree.get_element_by_id("meldung").text_content() == "Verschoben: jetzt Beratung 1."


def test_a_wrong_second_date_is_shown_at_the_rows_dates_field(client: TestClient) -> None:
    page = send(client, form_of(client.get(URL).text), "pruefen",
                {"beratungsfolge[1].sitzungstermine": "07.05.2018, 31.02.2018"})
    assert "Fehler" in page.text
    assert errors_at(page.text, "beratungsfolge[1].sitzungstermine") != ""
    summary = parse(page.text).get_element_by_id("zusammenfassung").text_content()
    assert "Beratungsfolge, Beratung 2, Sitzungstermine:" in summary


def test_top_is_a_column_only_where_the_hausformat_prints_it(
        client: TestClient, folder: Path) -> None:
    assert control(client.get(NEW_URL).text, "beratungsfolge[0].gremium") is not None
    assert 'name="beratungsfolge[0].top"' not in client.get(NEW_URL).text
    standard = Path(__file__).parent.parent / "src" / "vorlagen" / "layouts" / "standard.yaml"
    rolle = "        - {feld: rolle, titel: Zuständigkeit, nur_wenn_angegeben: true}\n"
    text = standard.read_text(encoding="utf-8")
    assert rolle in text
    new_vorlage(folder, "top")
    (folder / "top" / "hausformat.yaml").write_text(
        text.replace(rolle, rolle + "        - {feld: top, titel: TOP}\n"), encoding="utf-8")
    page = client.get("/bearbeiten?datei=top/vorlage.yaml").text
    assert control(page, "beratungsfolge[0].top").tag == "input"
    headers = [th.text_content() for th in parse(page).xpath("//table//th")]
    assert "TOP" in headers
    # a value the Hausformat does not print is still shown (nothing is lost on saving)
    vorlage = folder / "neu" / "vorlage.yaml"
    vorlage.write_text(vorlage.read_text(encoding="utf-8").replace(
        "    rolle: Vorberatung\n", "    rolle: Vorberatung\n    top: '7'\n"), encoding="utf-8")
    assert control(client.get(NEW_URL).text, "beratungsfolge[0].top").get("value") == "7"


def test_optional_fields_without_a_value_are_folded_and_open_at_an_error(
        client: TestClient, folder: Path) -> None:
    page = client.get(NEW_URL).text
    group = parse(page).get_element_by_id("f-weitere-angaben-6")
    assert group.tag == "details" and group.get("open") is None
    inside = {e.get("name") for e in group.xpath(".//input|.//select|.//textarea")}
    assert {"federfuehrung", "verantwortlich", "aktenzeichen"} <= inside
    assert "Weitere Angaben zur Vorlage" in group.xpath("./summary")[0].text_content()
    assert {"datum", "drucksachen_nr", "organisationseinheit"}.isdisjoint(inside)
    # a field with a value stands at its place; the rest stays folded
    filled = send(client, form_of(page), "pruefen", {"federfuehrung": "Dezernat I"},
                  url=NEW_URL)
    tree = parse(filled.text)
    assert not tree.xpath('//details//*[@name="federfuehrung"]')
    assert tree.xpath('//details[not(@open)]//*[@name="aktenzeichen"]')
    # a field the Hausformat requires is never folded away: it stands with its message
    own_hausformat(folder, "pflicht")
    needed = client.get("/bearbeiten?datei=pflicht/vorlage.yaml").text
    assert parse(needed).xpath('//*[@name="aktenzeichen"]')
    assert not parse(needed).xpath('//details//*[@name="aktenzeichen"]')
    assert "Pflichtfeld" in errors_at(needed, "aktenzeichen")
    # a button that gives focus inside opens it
    added = send(client, form_of(filled.text), "hinzufuegen:beteiligungen", url=NEW_URL)
    assert control(added.text, "beteiligungen[0]").get("autofocus") is not None
    assert not parse(added.text).xpath('//details[not(@open)]//*[@name="beteiligungen[0]"]')


def test_a_removed_beratung_comes_back_with_its_values_at_its_place(
        client: TestClient) -> None:
    values = form_of(client.get(URL).text)
    changed = {"beratungsfolge[0].gremium": "Sozialausschuss (neu)",
               "beratungsfolge[0].sitzungstermine": "16.04.2018, 17.04.2018"}
    removed = send(client, values, "entfernen:beratungsfolge[0]", changed)
    tree = parse(removed.text)
    assert tree.get_element_by_id("meldung").text_content() == "Beratung 1 entfernt."
    assert control(removed.text, "beratungsfolge[0].gremium").get("value") == "Kreistag"
    button = tree.get_element_by_id("rueckgaengig")
    assert button.get("autofocus") is not None  # where the row was
    assert button.getparent().xpath("./span")[0].text_content() == "Beratung 1 entfernt."
    restored = send(client, form_of(removed.text), undo_action(removed.text))
    assert parse(restored.text).get_element_by_id("meldung").text_content() == (
        "Beratung 1 wiederhergestellt.")
    assert control(restored.text, "beratungsfolge[0].gremium").get(
        "value") == "Sozialausschuss (neu)"
    assert control(restored.text, "beratungsfolge[0].sitzungstermine").get(
        "value") == "16.04.2018, 17.04.2018"
    assert control(restored.text, "beratungsfolge[1].gremium").get("value") == "Kreistag"
    assert control(restored.text, "beratungsfolge[0].gremium").get("autofocus") is not None
    assert 'id="rueckgaengig"' not in restored.text


@pytest.mark.parametrize(("action", "listed", "field", "said"), [
    ("entfernen:sachverhalt[1]", "sachverhalt", "sachverhalt[1].text", "Abschnitt 2"),
    ("entfernen:beschlussvorschlag[0]", "beschlussvorschlag", "beschlussvorschlag[0]",
     "Punkt 1"),
])
def test_a_removed_section_or_point_comes_back(client: TestClient, action: str,
                                              listed: str, field: str, said: str) -> None:
    page = client.get(NEW_URL).text
    before = control(page, field)
    text = before.text if before.tag == "textarea" else before.get("value")
    removed = send(client, form_of(page), action, url=NEW_URL)
    assert f"{said} entfernt." in parse(removed.text).get_element_by_id("meldung").text_content()
    restored = send(client, form_of(removed.text), undo_action(removed.text), url=NEW_URL)
    after = control(restored.text, field)
    assert (after.text if after.tag == "textarea" else after.get("value")) == text


def test_a_removed_anlage_comes_back_and_is_saved(tmp_path: Path) -> None:
    example = EXAMPLE.parent.parent / "nordstemmen-ds-99-2025"
    shutil.copytree(example, tmp_path / "n")
    access = Access.new(PORT)
    url = "/bearbeiten?datei=n/vorlage.yaml"
    with TestClient(create_app(tmp_path, access=access), base_url=BASE) as client:
        log_in(client, access)
        page = client.get(url).text
        added = send(client, form_of(page), "hinzufuegen:anlagen", url=url)
        index = max(int(name.split("[")[1].split("]")[0]) for name, _ in form_of(added.text)
                    if name.startswith("anlagen["))
        values = form_of(added.text)
        removed = send(client, values, f"entfernen:anlagen[{index}]",
                       {f"anlagen[{index}].titel": "Netzplan"}, url=url)
        assert f"Anlage {index + 1} entfernt." in removed.text
        assert f'name="anlagen[{index}].titel"' not in removed.text
        restored = send(client, form_of(removed.text), undo_action(removed.text), url=url)
        assert control(restored.text, f"anlagen[{index}].titel").get("value") == "Netzplan"
        saved = send(client, form_of(restored.text), "speichern", url=url)
        assert "Gespeichert" in saved.text
    text = (tmp_path / "n" / "vorlage.yaml").read_text(encoding="utf-8")
    assert "titel: Netzplan" in text


def test_a_removed_row_of_name_and_value_comes_back_at_its_place() -> None:
    from vorlagen.plugins import plugin_manager
    from vorlagen.schema import vorlage_schema
    from vorlagen.serve import fields, rows

    form = fields.Form(vorlage_schema(plugin_manager()))  # angaben with free keys
    state = fields.state_from_form([
        ("angaben.#0.name", "telefon"), ("angaben.#0.wert", "0711"),
        ("angaben.#1.name", "zimmer"), ("angaben.#1.wert", "3")])
    removed = rows.take(state, "entfernen:angaben.#0", form)
    assert removed is not None and removed.label == "Angabe 1"
    fields.apply(state, "entfernen:angaben.#0", form)
    assert form.data(state)["angaben"] == {"zimmer": "3"}
    assert rows.restore(state, f"rueckgaengig:{removed.payload}", form) == ("angaben", "#0")
    assert list(form.data(state)["angaben"].items()) == [("telefon", "0711"), ("zimmer", "3")]


@pytest.mark.parametrize("payload", [
    "kein json",
    json.dumps({"liste": "beratungsfolge", "stelle": 0}),
    json.dumps({"liste": "titel", "stelle": 0, "wert": "x"}),  # no list
    json.dumps({"liste": "gibtesnicht", "stelle": 0, "wert": {"gremium": "x"}}),
    json.dumps({"liste": "beratungsfolge", "stelle": 0, "wert": "nur Text"}),
    json.dumps({"liste": "beratungsfolge", "stelle": -1, "wert": {"gremium": "x"}}),
    json.dumps({"liste": "beratungsfolge", "stelle": 0, "wert": {"gremium": 5}}),
    json.dumps({"liste": "beratungsfolge", "stelle": 0,
                "wert": {"gremium": "x" * MAX_UNDO_CHARS}}),
    json.dumps({"liste": "beratungsfolge", "stelle": 0, "wert": {"a": [[[[[[[[["x"]]]]]]]]]}}),
])
def test_what_comes_back_to_be_restored_is_checked(client: TestClient, payload: str) -> None:
    values = form_of(client.get(URL).text)
    answer = send(client, values, f"rueckgaengig:{payload}")
    assert answer.status_code == 200
    assert "Nicht wiederhergestellt" in answer.text
    names = [name for name, _ in form_of(answer.text) if name.endswith(".gremium")]
    assert names == ["beratungsfolge[0].gremium", "beratungsfolge[1].gremium"]


def test_a_restored_row_lands_at_the_end_when_its_place_is_gone(client: TestClient) -> None:
    payload = json.dumps({"liste": "beratungsfolge", "stelle": 99,
                          "wert": {"gremium": "Ortschaftsrat", "sitzungstermine": "01.06.2018"}})
    answer = send(client, form_of(client.get(URL).text), f"rueckgaengig:{payload}")
    assert control(answer.text, "beratungsfolge[2].gremium").get("value") == "Ortschaftsrat"
    assert "Beratung 3 wiederhergestellt." in answer.text


# In chromium


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str, Path]]:
    if REASON is not None:
        pytest.skip(f"kein Browser: {REASON}")
    folder = tmp_path_factory.mktemp("rows")
    shutil.copytree(EXAMPLE.parent, folder / "ik")
    new_vorlage(folder)
    with running(folder) as url:
        driver = browser(width=1280, height=1000)
        driver.get(url)
        try:
            yield driver, url.split("/?")[0], folder
        finally:
            driver.quit()


def open_form(served: tuple[Any, str, Path], name: str) -> Any:
    driver, home, _ = served
    driver.get(f"{home}/bearbeiten?datei={name}")
    return driver


def press(driver: Any, element_id: str) -> None:
    from tests.test_serve_browser import keyboard_press

    keyboard_press(driver, element_id)


@pytest.mark.browser
@pytest.mark.skipif(REASON is not None, reason=f"kein Browser: {REASON}")
def test_a_fresh_beschlussvorlage_has_few_tab_stops_and_no_axe_violations(
        served: tuple[Any, str, Path]) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    from tests.test_serve_browser import axe

    driver = open_form(served, NEW)
    stops: list[Any] = []
    for _ in range(200):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        element = driver.switch_to.active_element
        if element.tag_name == "body" or (stops and element == stops[0]):
            break  # past the last control: back to the page (or the first again)
        stops.append(element)
    assert stops[0].get_attribute("textContent") == "Zum Inhalt springen"  # from the start
    print(f"Tabstopps: {len(stops)}")
    assert len(stops) <= 60, len(stops)
    violations, passes = axe(driver)
    assert violations == [] and passes > 10


@pytest.mark.browser
@pytest.mark.skipif(REASON is not None, reason=f"kein Browser: {REASON}")
def test_the_table_shows_all_dates_and_saving_writes_the_list(
        served: tuple[Any, str, Path]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = open_form(served, NEW)
    table = driver.find_element(By.CSS_SELECTOR, "#f-beratungsfolge table")
    headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    assert headers[:4] == ["Gremium (Pflichtfeld)", "Sitzungsart", "Sitzungstermine",
                           "Zuständigkeit"]  # as the paper titles the column
    assert len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) == 1
    dates = driver.find_element(By.ID, "f-beratungsfolge-0-sitzungstermine")
    assert dates.get_attribute("value") == "23.12.2026"
    assert dates.accessible_name == "Beratung 1: Sitzungstermine"
    dates.send_keys(Keys.END, ", 15.01.2027")
    driver.find_element(By.CSS_SELECTOR, "button[value='speichern']").click()
    until = _until()
    until(lambda: "Gespeichert" in driver.find_element(By.ID, "meldung").text)
    assert driver.find_element(By.ID, "f-beratungsfolge-0-sitzungstermine").get_attribute(
        "value") == "23.12.2026, 15.01.2027"
    text = (served[2] / "neu" / "vorlage.yaml").read_text(encoding="utf-8")
    assert "sitzungstermine: [23.12.2026, 15.01.2027]" in text


@pytest.mark.browser
@pytest.mark.skipif(REASON is not None, reason=f"kein Browser: {REASON}")
def test_beratungen_are_added_moved_removed_and_restored_by_keyboard(
        served: tuple[Any, str, Path]) -> None:
    from selenium.webdriver.common.by import By

    from tests.test_serve_browser import axe

    until = _until()
    driver = open_form(served, "ik/vorlage.yaml")
    driver.find_element(By.ID, "f-drucksachen_nr").click()  # start in the form
    press(driver, "add-f-beratungsfolge")
    until(lambda: driver.find_elements(By.ID, "f-beratungsfolge-2-gremium"))
    assert driver.switch_to.active_element.get_attribute("id") == "f-beratungsfolge-2-gremium"
    driver.switch_to.active_element.send_keys("Ortschaftsrat")
    press(driver, "hoch-f-beratungsfolge-2")
    until(lambda: driver.find_element(By.ID, "f-beratungsfolge-1-gremium").get_attribute(
        "value") == "Ortschaftsrat")
    assert driver.switch_to.active_element.get_attribute("id") == "hoch-f-beratungsfolge-1"
    assert driver.find_element(By.ID, "meldung").text == "Verschoben: jetzt Beratung 2."
    press(driver, "weg-f-beratungsfolge-1")
    until(lambda: driver.find_elements(By.ID, "rueckgaengig"))
    assert driver.find_element(By.ID, "meldung").text == "Beratung 2 entfernt."
    assert driver.switch_to.active_element.get_attribute("id") == "rueckgaengig"
    assert driver.find_element(By.ID, "f-beratungsfolge-1-gremium").get_attribute(
        "value") == "Kreistag"
    assert axe(driver)[0] == []  # with the offer to undo
    press(driver, "rueckgaengig")
    until(lambda: "wiederhergestellt" in driver.find_element(By.ID, "meldung").text)
    assert driver.find_element(By.ID, "f-beratungsfolge-1-gremium").get_attribute(
        "value") == "Ortschaftsrat"
    assert driver.switch_to.active_element.get_attribute("id") == "f-beratungsfolge-1-gremium"


@pytest.mark.browser
@pytest.mark.skipif(REASON is not None, reason=f"kein Browser: {REASON}")
def test_a_removed_anlage_is_restored(served: tuple[Any, str, Path]) -> None:
    from selenium.webdriver.common.by import By

    until = _until()
    driver = open_form(served, NEW)
    driver.find_element(By.ID, "add-f-anlagen").click()
    title = until(lambda: driver.find_elements(By.ID, "f-anlagen-0-titel"))[0]
    title.send_keys("Lageplan")
    driver.find_element(By.ID, "weg-f-anlagen-0").click()
    until(lambda: driver.find_elements(By.ID, "rueckgaengig"))
    assert driver.find_element(By.ID, "meldung").text == "Anlage 1 entfernt."
    assert not driver.find_elements(By.ID, "f-anlagen-0-titel")
    driver.find_element(By.ID, "rueckgaengig").click()
    until(lambda: driver.find_elements(By.ID, "f-anlagen-0-titel"))
    assert driver.find_element(By.ID, "f-anlagen-0-titel").get_attribute("value") == "Lageplan"
    assert "Anlage 1 wiederhergestellt." in driver.find_element(By.ID, "meldung").text


@pytest.mark.browser
@pytest.mark.skipif(REASON is not None, reason=f"kein Browser: {REASON}")
def test_a_required_field_stands_unfolded_with_its_live_message(
        served: tuple[Any, str, Path]) -> None:
    from selenium.webdriver.common.by import By

    from tests.test_serve_browser import axe

    until = _until()
    own_hausformat(served[2], "pflicht")
    driver = open_form(served, "pflicht/vorlage.yaml")
    field = driver.find_element(By.ID, "f-aktenzeichen")
    assert field.is_displayed() and "Pflichtfeld" in driver.find_element(
        By.ID, "e-aktenzeichen").text
    assert not driver.find_elements(By.CSS_SELECTOR, "details #f-aktenzeichen")
    assert axe(driver)[0] == []  # with a message on the page
    field.send_keys("022.31")
    until(lambda: driver.find_element(By.ID, "e-aktenzeichen").text == "", 60)


def own_hausformat(folder: Path, name: str) -> None:
    """A fresh Beschlussvorlage whose Hausformat (the standard one) needs an Aktenzeichen."""
    new_vorlage(folder, name)
    standard = Path(__file__).parent.parent / "src" / "vorlagen" / "layouts" / "standard.yaml"
    text = standard.read_text(encoding="utf-8").replace(
        "pflichtfelder: [organisationseinheit, beratungsfolge]",
        "pflichtfelder: [organisationseinheit, beratungsfolge, aktenzeichen]")
    assert "aktenzeichen]" in text
    (folder / name / "hausformat.yaml").write_text(text, encoding="utf-8")


def _until() -> Any:
    from tests.test_serve_browser import until

    return until

"""The list page of ``vorlagen serve``: papers, not files. Each Vorlage below the folder
with its Drucksachen-Nr., Titel, Art, Datum, Hausformat and whether it is valid; sorted and
filtered on the server (without JavaScript) and in the browser; "Neue Vorlage" asking for
the Hausformat first."""

from __future__ import annotations

import os
import re
import shutil
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import browser, missing, running
from tests.conftest import EXAMPLE
from tests.test_serve import BASE, log_in, new_form, parse
from tests.test_serve_browser import axe, until
from vorlagen.serve import create_app
from vorlagen.serve import listing as listing_module
from vorlagen.serve.security import Access

with warnings.catch_warnings():  # starlette's notice about httpx's successor
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

COLUMNS = ["Drucksachen-Nr.", "Titel", "Art", "Datum", "Hausformat", "Prüfung"]


def paper(number: str, date: str, title: str, art: str = "Beschlussvorlage") -> str:
    """A small valid Vorlage in the standard Hausformat."""
    return (f"art: {art}\norganisationseinheit: Bauamt\ndatum: {date}\n"
            f"drucksachen_nr: {number}\ntitel: {title}\nberatungsfolge:\n  - gremium: Rat\n"
            "    sitzungstermine: 20.01.2025\nbeschlussvorschlag: Der Rat beschließt.\n"
            "sachverhalt: Es fehlt etwas.\n")


def write(path: Path, text: str) -> None:
    """Write ``text`` and move the file's time on, so that it counts as changed however
    coarse the file system's clock is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    later = max(path.stat().st_mtime_ns, before + 1_000_000_000)
    os.utime(path, ns=(later, later))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE.parent, tmp_path / "ik")
    write(tmp_path / "radweg" / "vorlage.yaml", paper("2025/10", "03.01.2025",
          "Radweg an der Hauptstraße"))
    write(tmp_path / "schule" / "vorlage.yaml", paper("2025/2", "20.12.2024", "Neubau der Schule"))
    write(tmp_path / "platz" / "vorlage.yaml", paper("2025/1", "15.02.2025", "Neubau der Schule"))
    return tmp_path


@pytest.fixture
def access() -> Access:
    return Access.new(8765)


@pytest.fixture
def client(folder: Path, access: Access) -> Iterator[TestClient]:
    with TestClient(create_app(folder, access=access), base_url=BASE) as client:
        log_in(client, access)
        yield client


def checked(client: TestClient, **params: str) -> str:
    """The list page once every check is done (each drawing waits for them a moment)."""
    def settled() -> str | None:
        text = client.get("/", params=params).text
        return None if 'class="pending"' in text else text

    return str(until(settled, 60))


def rows(page: str, visible_only: bool = True) -> list[dict[str, Any]]:
    """The table's rows as the user reads them: each column's text, the file, the link."""
    found = []
    for row in parse(page).xpath('//table[@id="vorlagen"]/tbody/tr'):
        if visible_only and row.get("hidden") is not None:
            continue
        cells = [" ".join(cell.text_content().split()) for cell in row.xpath("./td")]
        link = row.xpath("./td[2]/a")[0]
        found.append({"cells": cells, "file": row.get("data-file"), "href": link.get("href"),
                      "title": link.text_content(),
                      "state": row.xpath('./td[6]/*[@class="state-word"]')[0]
                      .text_content().replace("⚠", "").strip()})
    return found


def by_file(page: str) -> dict[str, dict[str, Any]]:
    return {row["file"]: row for row in rows(page, visible_only=False)}


def test_the_list_shows_papers_with_their_columns(client: TestClient) -> None:
    page = checked(client)
    headers = [" ".join(th.text_content().split()) for th in parse(page).xpath(
        '//table[@id="vorlagen"]/thead//th')]
    assert headers == COLUMNS
    ik = by_file(page)["ik/vorlage.yaml"]
    assert ik["cells"][0] == "2018/077"
    assert ik["title"] == "Integrationskonzept; Sachstandsbericht"
    assert ik["href"] == "/bearbeiten?datei=ik/vorlage.yaml"  # the title opens the form
    assert ik["cells"][2:5] == ["Mitteilungsvorlage", "04.04.2018", "landkreis-konstanz"]
    assert ik["state"] == "gültig"
    assert client.get(ik["href"]).status_code == 200
    # two papers with the same title are told apart by their file, shown small
    same = [row for row in rows(page) if row["title"] == "Neubau der Schule"]
    assert sorted(row["file"] for row in same) == ["platz/vorlage.yaml", "schule/vorlage.yaml"]
    assert all(row["file"] in row["cells"][1] for row in same)
    assert by_file(page)["radweg/vorlage.yaml"]["cells"][4] == "standard"
    assert "4 von 4 Vorlagen gezeigt." in page


def test_an_invalid_vorlage_says_how_many_errors(client: TestClient, folder: Path) -> None:
    text = paper("2025/3", "2025-13-45", "Ohne Sachverhalt").replace(
        "sachverhalt: Es fehlt etwas.\n", "")
    write(folder / "fehler" / "vorlage.yaml", text)
    row = by_file(checked(client))["fehler/vorlage.yaml"]
    assert row["state"] == "2 Fehler"  # the date and the missing Sachverhalt
    assert row["cells"][3] == "2025-13-45"  # as written where it is no date


def test_a_file_that_cannot_be_read_is_listed_with_its_reason(client: TestClient,
                                                              folder: Path) -> None:
    write(folder / "kaputt" / "vorlage.json", '{"art": "Beschlussvorlage",\n'
                                              ' "titel": "Kaputtes JSON",\n')
    write(folder / "tabulator" / "vorlage.yaml", paper("2025/9", "01.02.2025", "Mit Tab")
          .replace("  - gremium", "\t- gremium"))
    page = checked(client)
    found = by_file(page)
    broken = found["kaputt/vorlage.json"]
    assert broken["state"] == "fehlerhaft" and "JSON" in broken["cells"][5]
    assert "Zeile" in broken["cells"][5]
    assert broken["title"] == "Kaputtes JSON"  # what its lines still tell
    tab = found["tabulator/vorlage.yaml"]
    assert tab["state"] == "fehlerhaft" and "Tabulator" in tab["cells"][5]
    assert tab["cells"][:2][0] == "2025/9" and tab["title"] == "Mit Tab"
    assert client.get(broken["href"]).status_code == 422  # opens with the message
    assert "ik/vorlage.yaml" in found  # the others are still there


def test_sorting_by_number_is_natural_and_by_date_is_by_date(client: TestClient) -> None:
    def order(query: str, column: int) -> list[str]:
        return [row["cells"][column] for row in rows(client.get("/" + query).text)]

    assert order("?sortierung=nummer&richtung=auf", 0) == ["2018/077", "2025/1", "2025/2",
                                                           "2025/10"]
    assert order("?sortierung=nummer&richtung=ab", 0) == ["2025/10", "2025/2", "2025/1",
                                                          "2018/077"]
    dates = ["04.04.2018", "20.12.2024", "03.01.2025", "15.02.2025"]
    assert order("?sortierung=datum&richtung=auf", 3) == dates
    assert order("", 3) == dates[::-1]  # at first: the newest first
    page = parse(client.get("/?sortierung=titel&richtung=auf").text)
    sorted_by = page.xpath('//th[@aria-sort]')
    assert len(sorted_by) == 1 and sorted_by[0].get("aria-sort") == "ascending"
    assert "Titel" in sorted_by[0].text_content()
    # the header link sorts the other way round, keeping the search
    link = parse(client.get("/?sortierung=titel&richtung=auf&suche=neubau").text).xpath(
        '//th[@data-column="titel"]//a')[0].get("href")
    assert "sortierung=titel" in link and "richtung=ab" in link and "suche=neubau" in link
    assert order("?sortierung=unsinn&richtung=quer", 3) == dates  # falls back, no error


def test_the_filter_works_on_the_server(client: TestClient) -> None:
    page = client.get("/", params={"suche": "neubau 2025/2"}).text
    assert [row["file"] for row in rows(page)] == ["schule/vorlage.yaml"]
    assert "1 von 4 Vorlagen gezeigt." in page
    assert len(rows(page, visible_only=False)) == 4  # the others hidden, for the script
    assert parse(page).get_element_by_id("suche").get("value") == "neubau 2025/2"
    # any column: Art, Hausformat, the file's path, the state
    for words, wanted in [("mitteilungsvorlage", ["ik/vorlage.yaml"]),
                          ("landkreis", ["ik/vorlage.yaml"]),
                          ("platz/", ["platz/vorlage.yaml"]),
                          ("nichts-dergleichen", [])]:
        shown = [row["file"] for row in rows(client.get("/", params={"suche": words}).text)]
        assert shown == wanted, words
    everything = checked(client, suche="gültig")
    assert "4 von 4 Vorlagen gezeigt." in everything


def test_a_changed_file_is_read_again_and_an_unchanged_one_not(
        client: TestClient, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    summary = listing_module._summary

    def counted(path: Path, name: str, manager: Any) -> Any:
        calls.append(name)
        return summary(path, name, manager)

    checked(client)
    monkeypatch.setattr(listing_module, "_summary", counted)
    client.get("/")
    assert calls == []  # each file read once: nothing again
    target = folder / "schule" / "vorlage.yaml"
    write(target, paper("2025/2", "20.12.2024", "Neubau der Grundschule").replace(
        "organisationseinheit: Bauamt\n", ""))
    row = by_file(checked(client))["schule/vorlage.yaml"]
    assert calls == ["schule/vorlage.yaml"]
    assert row["title"] == "Neubau der Grundschule" and row["state"] == "1 Fehler"
    target.unlink()
    assert "schule/vorlage.yaml" not in by_file(client.get("/").text)


def test_a_check_that_fails_or_hangs_does_not_break_the_page(
        client: TestClient, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    def hanging(data: Any, path: Path, manager: Any) -> Any:
        if "haengt" in str(path):
            release.wait(60)
        raise RuntimeError("kaputt")

    checked(client)  # the others checked
    monkeypatch.setattr(listing_module, "check", hanging)
    monkeypatch.setattr(listing_module, "CHECK_BUDGET", 0.2)
    write(folder / "haengt" / "vorlage.yaml", paper("2025/20", "01.03.2025", "Hängt"))
    write(folder / "scheitert" / "vorlage.yaml", paper("2025/21", "01.03.2025", "Scheitert"))
    try:
        page = client.get("/").text
        found = by_file(page)
        assert found["haengt/vorlage.yaml"]["state"] == "wird geprüft …"
        assert parse(page).xpath('//tr[@data-file="haengt/vorlage.yaml"]')[0].get(
            "class") == "pending"  # the script asks again
        assert found["ik/vorlage.yaml"]["state"] == "gültig"
        failed = until(lambda: by_file(client.get("/").text)["scheitert/vorlage.yaml"]
                       if "nicht geprüft" in client.get("/").text else None, 60)
        assert failed["state"] == "nicht geprüft" and "Programmfehler" in failed["cells"][5]
        assert "RuntimeError" not in failed["cells"][5]
    finally:
        release.set()


def test_neue_vorlage_is_a_dialog_asking_for_the_hausformat_first(client: TestClient) -> None:
    page = parse(client.get("/").text)
    dialog = page.get_element_by_id("neu")
    assert dialog.tag == "details" and dialog.get("open") is None  # one click away
    assert dialog.xpath("./summary")[0].text_content().strip() == "Neue Vorlage"
    controls = [e.get("id") for e in dialog.xpath(".//select|.//input[@type='text']")]
    assert controls == ["neu-hausformat", "neu-art", "neu-ordner"]
    hint = page.get_element_by_id("neu-hausformat-hilfe").text_content()
    assert "„standard“" in hint and "kein eigenes" in hint
    # an error opens it again, with the message inside
    answer = client.post("/neu", data={**new_form(client.get("/").text), "ordner": "../x"})
    assert answer.status_code == 422
    dialog = parse(answer.text).get_element_by_id("neu")
    assert dialog.get("open") is not None and dialog.xpath(".//*[@id='neu-fehler']")


def test_the_hint_and_the_column_name_the_folder_s_own_hausformat(
        tmp_path: Path, access: Access) -> None:
    (tmp_path / "hausformat.yaml").write_text(
        "basis: standard\nbehoerde: Gemeinde Waldhagen\n", encoding="utf-8")
    amt = tmp_path / "bauamt"
    write(amt / "a" / "vorlage.yaml", paper("2025/1", "01.02.2025", "Eigenes Hausformat"))
    with TestClient(create_app(amt, access=access), base_url=BASE) as client:
        log_in(client, access)
        page = checked(client)
    hint = parse(page).get_element_by_id("neu-hausformat-hilfe").text_content()
    assert "eigene Hausformat dieses Ordners (../hausformat.yaml)" in hint
    assert "standard" not in hint
    row = by_file(page)["a/vorlage.yaml"]
    assert row["cells"][4] == "eigenes (../../hausformat.yaml)" and row["state"] == "gültig"


def test_an_empty_folder_says_so(tmp_path: Path, access: Access) -> None:
    with TestClient(create_app(tmp_path, access=access), base_url=BASE) as client:
        log_in(client, access)
        page = client.get("/").text
    assert "In diesem Ordner liegt noch keine Vorlage." in page
    assert parse(page).get_element_by_id("neu") is not None


# In the browser: chromium at 1600x900 and at 1100 px.

BROWSER = missing()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("liste")
    shutil.copytree(EXAMPLE.parent, folder / "ik")
    write(folder / "radweg" / "vorlage.yaml", paper("2025/10", "03.01.2025",
          "Radweg an der Hauptstraße"))
    write(folder / "schule" / "vorlage.yaml", paper("2025/2", "20.12.2024", "Neubau der Schule"))
    write(folder / "platz" / "vorlage.yaml", paper("2025/1", "15.02.2025", "Marktplatz"))
    write(folder / "kaputt" / "vorlage.json", '{"art": "Beschlussvorlage",\n "titel": "Kaputt",\n')
    return folder


@pytest.fixture(scope="module")
def driver(shared: Path) -> Iterator[Any]:
    if BROWSER is not None:
        pytest.skip(f"kein Browser: {BROWSER}")
    with running(shared) as url:
        driver = browser(width=1600, height=900)
        driver.get(url)
        try:
            yield driver
        finally:
            driver.quit()


@pytest.fixture(params=[1600, 1100], ids=["1600px", "1100px"])
def home(driver: Any, request: pytest.FixtureRequest) -> Any:
    driver.set_window_size(request.param, 900)
    driver.get(driver.current_url.split("?")[0].split("/bearbeiten")[0].rstrip("/") + "/")
    return driver


def shown_column(driver: Any, column: int) -> list[str]:
    from selenium.webdriver.common.by import By

    return [row.find_elements(By.TAG_NAME, "td")[column].text.split("\n")[0]
            for row in driver.find_elements(By.CSS_SELECTOR, "#vorlagen tbody tr")
            if row.is_displayed()]


@pytest.mark.browser
@pytest.mark.skipif(BROWSER is not None, reason=f"kein Browser: {BROWSER}")
def test_sorting_by_clicking_a_header(home: Any) -> None:
    from selenium.webdriver.common.by import By


    number = home.find_element(By.CSS_SELECTOR, "th[data-column='nummer'] button.sort")
    number.click()
    until(lambda: shown_column(home, 0) == ["2018/077", "2025/1", "2025/2", "2025/10", ""], 60)
    header = home.find_element(By.CSS_SELECTOR, "th[data-column='nummer']")
    assert header.get_attribute("aria-sort") == "ascending"
    number.click()
    until(lambda: shown_column(home, 0) == ["2025/10", "2025/2", "2025/1", "2018/077", ""], 60)
    assert header.get_attribute("aria-sort") == "descending"
    assert "sortierung=nummer" in home.current_url and "richtung=ab" in home.current_url
    home.find_element(By.CSS_SELECTOR, "th[data-column='datum'] button.sort").click()
    until(lambda: shown_column(home, 3) == ["04.04.2018", "20.12.2024", "03.01.2025",
                                            "15.02.2025", ""], 60)
    assert len(home.find_elements(By.CSS_SELECTOR, "th[aria-sort]")) == 1
    until(lambda: "Sortiert nach Datum, aufsteigend" in home.find_element(By.ID, "anzahl").text)


@pytest.mark.browser
@pytest.mark.skipif(BROWSER is not None, reason=f"kein Browser: {BROWSER}")
def test_filtering_by_typing(home: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys


    search = home.find_element(By.ID, "suche")
    assert not home.find_element(By.ID, "suche-los").is_displayed()  # filters as one types
    search.send_keys("neubau")
    until(lambda: shown_column(home, 0) == ["2025/2"], 60)
    until(lambda: home.find_element(By.ID, "anzahl").text == "1 von 5 Vorlagen gezeigt.", 60)
    search.send_keys(Keys.CONTROL, "a")
    search.send_keys(Keys.BACKSPACE, "fehlerhaft")
    until(lambda: [r.get_attribute("data-file") for r in home.find_elements(
        By.CSS_SELECTOR, "#vorlagen tbody tr") if r.is_displayed()] == ["kaputt/vorlage.json"], 60)
    search.send_keys(Keys.CONTROL, "a")
    search.send_keys(Keys.BACKSPACE)
    until(lambda: home.find_element(By.ID, "anzahl").text == "5 von 5 Vorlagen gezeigt.", 60)


@pytest.mark.browser
@pytest.mark.skipif(BROWSER is not None, reason=f"kein Browser: {BROWSER}")
def test_neue_vorlage_opens_with_the_hausformat_first_and_makes_a_valid_one(
        home: Any, shared: Path) -> None:
    from selenium.webdriver.common.by import By


    assert axe(home)[0] == []
    assert not home.find_element(By.ID, "neu-ordner").is_displayed()
    home.find_element(By.CSS_SELECTOR, "#neu > summary").click()
    until(lambda: home.switch_to.active_element.get_attribute("id") == "neu-hausformat", 60)
    fields = [e.get_attribute("id") for e in home.find_elements(
        By.CSS_SELECTOR, "#neu select, #neu input[type=text]") if e.is_displayed()]
    assert fields == ["neu-hausformat", "neu-art", "neu-ordner"]
    assert axe(home)[0] == []  # open too
    name = f"neu-{home.get_window_size()['width']}"
    home.find_element(By.ID, "neu-ordner").send_keys(name)
    home.find_element(By.CSS_SELECTOR, "button[value='anlegen']").click()
    until(lambda: "Die Vorlage ist gültig." in home.page_source)
    assert (shared / name / "vorlage.yaml").is_file()
    home.find_element(By.LINK_TEXT, "Alle Vorlagen").click()
    row = until(lambda: home.find_elements(By.CSS_SELECTOR, f"tr[data-file='{name}/vorlage.yaml']"))
    until(lambda: "gültig" in row[0].text, 60)  # its check, fetched by the page


def test_the_list_is_bounded_and_says_so(client: TestClient, folder: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from vorlagen.serve import app

    monkeypatch.setattr(app, "MAX_LISTED", 2)
    page = checked(client)
    assert len(rows(page)) == 2 and "gezeigt werden die ersten 2" in page


# The state in the administrator's words: found by them, sorted by need of work


def test_the_state_is_found_by_the_words_an_administrator_types(
        client: TestClient, folder: Path) -> None:
    write(folder / "schule" / "vorlage.yaml",
          paper("2025/2", "31.02.2025", "Neubau der Schule").replace("sachverhalt", "x"))
    write(folder / "kaputt" / "vorlage.json", '{"art": "Beschlussvorlage",\n "titel": "K",\n')
    page = checked(client)
    assert by_file(page)["schule/vorlage.yaml"]["state"] == "3 Fehler"

    def found(words: str) -> list[str]:
        return sorted(row["file"] for row in rows(checked(client, suche=words)))

    valid = ["ik/vorlage.yaml", "platz/vorlage.yaml", "radweg/vorlage.yaml"]
    assert found("gültig") == valid  # not the „ungültig“ ones
    assert found("Gültig") == found("gültig")
    needing_work = ["kaputt/vorlage.json", "schule/vorlage.yaml"]
    for words in ("ungültig", "Fehler", "fehlerhaft", "ungültig fehler", "fehl"):
        assert found(words) == needing_work, words
    assert found("fehlerhaft neubau") == ["schule/vorlage.yaml"]
    assert found("gültig neubau") == ["platz/vorlage.yaml"]
    # the reason a file is broken is found by its words, but a word for a state alone
    assert found("kein gültiges JSON") == ["kaputt/vorlage.json"]
    assert found("JSON") == ["kaputt/vorlage.json"]
    # the page carries what the script filters by, the same way
    row = parse(page).xpath('//tr[@data-file="schule/vorlage.yaml"]')[0]
    assert row.xpath("./td[6]")[0].get("data-words").split() == [
        "ungültig", "fehler", "fehlerhaft", "3"]
    assert "gültig" not in row.get("data-text") and "Neubau der Schule" in row.get("data-text")
    script = (Path(listing_module.__file__).parent / "static" / "list.js").read_text(
        encoding="utf-8")
    listed = re.search(r"var STATE_WORDS = \[(.*?)\];", script, re.S)
    assert listed is not None and re.findall(r'"([^"]+)"', listed[1]) == list(
        listing_module.STATE_WORDS)
    states = [listing_module.Paper("a", broken="x"), listing_module.Paper("b", unchecked="x"),
              listing_module.Paper("c"), listing_module.Paper("d", errors=2),
              listing_module.Paper("e", errors=0)]
    assert {word for state in states for word in state.state_words if not word.isdigit()} == set(
        listing_module.STATE_WORDS)


def test_sorting_by_the_check_puts_what_needs_work_first(
        client: TestClient, folder: Path) -> None:
    write(folder / "schule" / "vorlage.yaml",
          paper("2025/2", "31.02.2025", "Neubau der Schule").replace("sachverhalt", "x"))
    write(folder / "platz" / "vorlage.yaml",
          paper("2025/1", "31.02.2025", "Neubau der Schule"))
    write(folder / "kaputt" / "vorlage.json", '{"art": "Beschlussvorlage",\n "titel": "K",\n')
    checked(client)
    ascending = [row["state"] for row in rows(checked(client, sortierung="gueltig"))]
    assert ascending == ["fehlerhaft", "3 Fehler", "1 Fehler", "gültig", "gültig"]
    descending = [row["state"] for row in rows(
        checked(client, sortierung="gueltig", richtung="ab"))]
    assert descending == ascending[::-1]
    # a first click on its header sorts this way: ascending, problems first
    link = parse(checked(client)).xpath('//th[@data-column="gueltig"]//a')[0].get("href")
    assert "richtung=auf" in link
    # the script sorts the same values with a numeric collation: they are of one length
    page = parse(checked(client, sortierung="gueltig"))
    values = [cell.get("data-sort") for cell in page.xpath("//tbody/tr/td[6]")]
    assert values == sorted(values) and {len(value) for value in values} == {7}


def test_the_list_link_says_it_is_the_page_shown(client: TestClient) -> None:
    link = parse(client.get("/").text).xpath('//nav//a[@href="/"]')[0]
    assert link.get("aria-current") == "page" and link.text_content() == "Alle Vorlagen"
    form = parse(client.get("/bearbeiten?datei=ik/vorlage.yaml").text)
    assert form.xpath('//nav//a[@href="/"]')[0].get("aria-current") is None

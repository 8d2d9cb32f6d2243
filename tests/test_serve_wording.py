"""In a browser: what a new user found in the form's words. A value the paper does not
print goes in one click and comes back with „Rückgängig“; the list page finds the state by
the administrator's words and sorts what needs work first (static/list.js), as the
server does (tests/test_serve_listing.py, test_serve_printed.py hold the server's tests).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import browser, missing, running
from tests.test_serve_browser import axe, until
from tests.test_serve_printed import write

REASON = missing()
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(REASON is not None, reason=f"kein Browser: {REASON}")]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wording")
    write(folder)
    (folder / "kaputt").mkdir()
    (folder / "kaputt" / "vorlage.json").write_text(
        '{"art": "Beschlussvorlage",\n "titel": "Kaputt",\n', encoding="utf-8")
    (folder / "falsch").mkdir()
    write(folder / "falsch", more="einreicher: Dezernat II\n")
    return folder


@pytest.fixture(scope="module")
def driver(folder: Path) -> Iterator[Any]:
    with running(folder) as url:
        driver = browser(width=1600, height=900)
        driver.get(url)
        try:
            yield driver
        finally:
            driver.quit()


def shown(driver: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    return [row.get_attribute("data-file") for row in driver.find_elements(
        By.CSS_SELECTOR, "#vorlagen tbody tr") if row.is_displayed()]


def test_the_list_finds_and_sorts_the_state_by_the_administrators_words(driver: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    until(lambda: not driver.find_elements(By.CSS_SELECTOR, "tr.pending"), 60)
    here = driver.find_element(By.CSS_SELECTOR, "nav a[href='/']")
    assert here.get_attribute("aria-current") == "page"
    search = driver.find_element(By.ID, "suche")
    for words, wanted in [("ungültig", {"kaputt/vorlage.json", "falsch/vorlage.yaml"}),
                          ("gültig", {"vorlage.yaml"}),
                          ("Fehler", {"kaputt/vorlage.json", "falsch/vorlage.yaml"}),
                          ("fehlerhaft", {"kaputt/vorlage.json", "falsch/vorlage.yaml"}),
                          ("JSON", {"kaputt/vorlage.json"})]:
        search.send_keys(Keys.CONTROL, "a")
        search.send_keys(Keys.BACKSPACE, words)
        def matching(wanted: set[str] = wanted) -> bool:
            return set(shown(driver)) == wanted

        until(matching, 60)
    search.send_keys(Keys.CONTROL, "a")
    search.send_keys(Keys.BACKSPACE)
    until(lambda: len(shown(driver)) == 3, 60)
    driver.find_element(By.CSS_SELECTOR, "th[data-column='gueltig'] button.sort").click()
    # ascending: what needs work first, as the server sorts (?sortierung=gueltig)
    until(lambda: shown(driver) == ["kaputt/vorlage.json", "falsch/vorlage.yaml",
                                    "vorlage.yaml"], 60)
    assert driver.find_element(By.CSS_SELECTOR, "th[data-column='gueltig']").get_attribute(
        "aria-sort") == "ascending"
    violations, _ = axe(driver)
    assert violations == []


def test_a_beschlussvorschlag_goes_in_one_click_and_comes_back(driver: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver.get(driver.current_url.split("?")[0].rstrip("/") + "/bearbeiten?datei=vorlage.yaml")
    heading = until(lambda: driver.find_elements(By.TAG_NAME, "h1"))[0]
    assert heading.text == "Beschlussvorlage 2025/014: Neue Parkordnung"
    assert driver.title == "Beschlussvorlage 2025/014: Neue Parkordnung – vorlagen"
    Select(driver.find_element(By.ID, "f-art")).select_by_value("Mitteilungsvorlage")
    button = until(lambda: driver.find_elements(
        By.ID, "weglassen-f-beschlussvorschlag-_weglassen"), 30)[0]
    # seen while the group that keeps the value is closed
    assert button.is_displayed()
    assert button.text == "Beschlussvorschlag entfernen (eine Mitteilungsvorlage hat keinen)"
    assert driver.find_element(By.CSS_SELECTOR, "details.unprinted").get_attribute(
        "open") is None
    violations, _ = axe(driver)
    assert violations == []
    button.click()
    undo = until(lambda: driver.find_elements(By.ID, "rueckgaengig"), 30)[0]
    until(lambda: driver.switch_to.active_element.get_attribute("id") == "rueckgaengig", 60)
    assert not driver.find_elements(By.CSS_SELECTOR, "[name^='beschlussvorschlag']")
    until(lambda: "Beschlussvorschlag entfernt." in driver.find_element(By.ID, "meldung").text)
    # the check is content now: no message is left to clear by hand
    until(lambda: "hat keinen" not in driver.find_element(By.ID, "zusammenfassung").text, 60)
    violations, _ = axe(driver)
    assert violations == []
    undo.click()
    until(lambda: driver.find_elements(
        By.CSS_SELECTOR, "details.unprinted [name='beschlussvorschlag[0]']"), 60)
    assert driver.find_element(By.ID, "weglassen-f-beschlussvorschlag-_weglassen").is_displayed()

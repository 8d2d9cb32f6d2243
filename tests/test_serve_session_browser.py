"""``vorlagen serve`` beside another launch and after its end, in chromium: two servers
(two folders) in one browser keep their sessions; a stopped server, or one that no longer
knows the page, is said in German on the page, which stays with what was typed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser_support import browser, missing, running
from tests.conftest import EXAMPLE
from tests.test_serve_browser import axe, until

REASON = missing()
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(REASON is not None, reason=f"kein Browser: {REASON}")]
FORM = "/bearbeiten?datei=ik/vorlage.yaml"


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    driver = browser()
    try:
        yield driver
    finally:
        driver.quit()


def _folder(path: Path) -> Path:
    shutil.copytree(EXAMPLE.parent, path / "ik")
    return path


def _home(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_two_servers_run_side_by_side_in_one_browser(driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    with running(_folder(tmp_path / "a")) as first, running(_folder(tmp_path / "b")) as second:
        driver.get(first)
        assert "ik/vorlage.yaml" in driver.page_source
        first_tab = driver.current_window_handle
        driver.switch_to.new_window("tab")
        driver.get(second)  # the second server, in the same browser
        assert "ik/vorlage.yaml" in driver.page_source
        second_tab = driver.current_window_handle
        driver.switch_to.window(first_tab)
        driver.find_element(By.CSS_SELECTOR, f"a[href='{FORM}']").click()  # back in the first
        until(lambda: driver.find_elements(By.ID, "formular"))
        assert driver.current_url == _home(first) + FORM
        driver.find_element(By.CSS_SELECTOR, "button[value='pruefen']").click()
        until(lambda: "Die Vorlage ist gültig." in driver.page_source)
        assert "Kein Zugang" not in driver.page_source
        driver.get(first)  # its own address, again: not "schon benutzt" for its browser
        assert "Diese Adresse ist schon benutzt" not in driver.page_source
        assert "ik/vorlage.yaml" in driver.page_source
        driver.switch_to.window(second_tab)
        driver.get(_home(second) + FORM)
        assert driver.find_elements(By.ID, "formular")  # the second one too
        names = {cookie["name"] for cookie in driver.get_cookies()}
        ports = {urlsplit(url).port for url in (first, second)}
        assert names == {f"vorlagen_zugang_{port}" for port in ports}
        assert all(cookie["httpOnly"] and cookie["sameSite"] == "Strict"
                   for cookie in driver.get_cookies())
        driver.close()
        driver.switch_to.window(first_tab)


def test_a_stopped_server_is_said_and_what_was_typed_stays(driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    def notice() -> str:
        return str(driver.find_element(By.ID, "verbindung").text)

    def attempts() -> int:
        return int(driver.find_element(By.ID, "verbindung").get_attribute("data-said") or 0)

    def speichern() -> None:
        driver.find_element(By.CSS_SELECTOR, "button[value='speichern']").click()

    folder = _folder(tmp_path)
    with ExitStack() as stack:
        url = stack.enter_context(running(folder))
        driver.get(url)
        driver.get(_home(url) + FORM)
        form_url = driver.current_url
        box = driver.find_element(By.ID, "verbindung")
        assert box.get_attribute("role") == "alert" and notice() == ""
        assert axe(driver)[0] == []

        # the server no longer knows the page (started anew, say): said; the session back,
        # the next attempt goes through and the notice goes
        name = f"vorlagen_zugang_{urlsplit(url).port}"
        cookie = driver.get_cookie(name)
        driver.delete_cookie(name)
        title = driver.find_element(By.ID, "f-titel")
        title.send_keys(" A")
        speichern()
        until(lambda: "kennt diese Seite nicht mehr" in notice())
        assert driver.current_url == form_url and title.get_attribute("value").endswith(" A")
        driver.add_cookie(cookie)
        speichern()
        until(lambda: driver.find_element(By.ID, "meldung").text.startswith("Gespeichert in"))
        assert notice() == ""
        assert " A" in (folder / "ik" / "vorlage.yaml").read_text(encoding="utf-8")
        form_url = driver.current_url

        stack.close()  # Ctrl+C: the server stops while the form is open
        title = driver.find_element(By.ID, "f-titel")
        title.send_keys(" und mehr")
        until(lambda: "Verbindung zu vorlagen serve ist unterbrochen" in notice())
        said = attempts()
        speichern()  # does not lead to the browser's error page
        until(lambda: attempts() > said)  # the attempt is said again, with its time
        assert "nichts wurde gespeichert" in notice() and "kopieren" in notice()
        assert driver.current_url == form_url
        assert driver.find_element(By.ID, "f-titel").get_attribute("value").endswith(
            " A und mehr")
        assert "und mehr" not in (folder / "ik" / "vorlage.yaml").read_text(encoding="utf-8")
        assert axe(driver)[0] == []  # the notice shown, the page still clean

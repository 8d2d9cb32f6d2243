"""``vorlagen serve`` in a real browser (Debian's chromium through chromium-driver):
rows, an upload, a live error, preview, download, axe-core's accessibility check and a
walk through the page by keyboard only."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import browser, missing, running
from tests.conftest import EXAMPLE

REASON = missing()
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(REASON is not None, reason=f"kein Browser: {REASON}")]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("serve")
    shutil.copytree(EXAMPLE.parent, folder / "ik")
    return folder


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def driver(folder: Path, downloads: Path) -> Iterator[Any]:
    with running(folder) as url:
        driver = browser(downloads)
        driver.get(url)
        try:
            yield driver
        finally:
            driver.quit()


@pytest.fixture
def page(driver: Any) -> Any:
    from selenium.webdriver.common.by import By

    driver.get(driver.current_url.split("/bearbeiten")[0].split("?")[0].rstrip("/") + "/")
    driver.find_element(By.CSS_SELECTOR, "a[href='/bearbeiten?datei=ik/vorlage.yaml']").click()
    return driver


def until(condition: Callable[[], Any], seconds: float = 60) -> Any:
    """The condition's first true value, polled; an element htmx replaced while it was
    read counts as not yet."""
    from selenium.common.exceptions import StaleElementReferenceException

    deadline = time.monotonic() + seconds
    while True:
        try:
            value = condition()
        except StaleElementReferenceException:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("nicht eingetreten")
        time.sleep(0.1)


def keyboard_press(driver: Any, element_id: str) -> None:
    """Move the focus to a button by Tab alone, from the control before it, and press
    Enter: as someone without a mouse does."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for _ in range(400):
        if driver.switch_to.active_element.get_attribute("id") == element_id:
            ActionChains(driver).send_keys(Keys.ENTER).perform()
            return
        ActionChains(driver).send_keys(Keys.TAB).perform()
    raise AssertionError(f"{element_id} ist mit Tab nicht zu erreichen")


def test_rows_are_added_and_removed_by_keyboard(page: Any) -> None:
    from selenium.webdriver.common.by import By

    page.find_element(By.ID, "f-tagesordnungspunkt").click()  # start in the form
    keyboard_press(page, "add-f-beratungsfolge")
    until(lambda: page.find_elements(By.ID, "f-beratungsfolge-2-gremium"))
    assert page.switch_to.active_element.get_attribute("id") == "f-beratungsfolge-2-gremium"
    page.switch_to.active_element.send_keys("Hauptausschuss")
    keyboard_press(page, "weg-f-beratungsfolge-2")
    until(lambda: not page.find_elements(By.ID, "f-beratungsfolge-2-gremium"))
    assert page.find_element(By.ID, "meldung").text == "Beratung 3 entfernt."


def test_a_live_error_appears_and_focus_stays(page: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    datum = page.find_element(By.ID, "f-datum")
    datum.click()
    datum.send_keys(Keys.END, Keys.BACKSPACE, Keys.BACKSPACE, "1x")  # 04.04.201x
    box = page.find_element(By.ID, "e-datum")
    until(lambda: "Fehler" in box.text and datum.get_attribute("aria-invalid") == "true", 60)
    assert page.switch_to.active_element == datum  # typing goes on where it was
    assert "1 Fehler" in page.find_element(By.ID, "pruefstatus").text
    datum.send_keys(Keys.BACKSPACE, Keys.BACKSPACE, "18")
    until(lambda: box.text == "" and datum.get_attribute("aria-invalid") == "false", 60)


def test_a_measure_list_is_uploaded(page: Any, folder: Path) -> None:
    from selenium.webdriver.common.by import By

    upload = page.find_element(By.ID, "u-f-plugins-massnahmen-datei")
    upload.send_keys(str(folder / "ik" / "massnahmen.xlsx"))
    page.find_element(By.CSS_SELECTOR, "#f-plugins-massnahmen button[value='hochladen']"
                      ).click()
    field = until(lambda: [e for e in page.find_elements(By.ID, "f-plugins-massnahmen-datei")
                           if e.get_attribute("value") == "massnahmen-2.xlsx"])[0]
    assert (folder / "ik" / field.get_attribute("value")).is_file()
    assert page.find_element(By.ID, "e-plugins-massnahmen-datei").text == ""


def test_preview_and_download(page: Any, downloads: Path) -> None:
    from selenium.webdriver.common.by import By

    page.find_element(By.CSS_SELECTOR, "button[value='vorschau:voll']").click()
    images = until(lambda: page.find_elements(By.CSS_SELECTOR, ".preview img"), 120)
    assert page.execute_script("return arguments[0].naturalWidth", images[0]) > 500
    page.find_element(By.CSS_SELECTOR, "button[value='herunterladen:odt:oeffentlich']").click()
    paper = until(lambda: list(downloads.glob("2018-077_oeffentlich.odt")), 120)  # the paper
    assert paper[0].stat().st_size > 1000


def axe(driver: Any) -> tuple[list[Any], int]:
    """axe-core's WCAG 2.1 A/AA violations of the page shown, and how many rules passed."""
    import axe_core_python

    script = (Path(axe_core_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    driver.execute_script(script)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(done);")
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
                  for v in result["violations"]]
    return violations, len(result["passes"])


def test_axe_finds_no_accessibility_violations(page: Any) -> None:
    violations, passes = axe(page)
    assert violations == []
    assert passes > 10


def test_every_control_is_reached_by_tab_in_order(page: Any) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    wanted = [e.get_attribute("id") for e in page.find_elements(
        By.CSS_SELECTOR, "#formular input:not([type=hidden]), #formular textarea, "
                         "#formular select") if e.is_displayed()]
    page.find_element(By.TAG_NAME, "h1").click()  # from the top, whatever stands above
    reached: list[str] = []
    for _ in range(len(wanted) * 5 + 200):
        ActionChains(page).send_keys(Keys.TAB).perform()
        element = page.switch_to.active_element
        reached.append(element.get_attribute("id") or element.tag_name)
        if element.get_attribute("id") == wanted[-1]:
            break
    controls = [i for i in reached if i in wanted]
    assert [i for i in wanted if i in controls] == controls  # in the page's order
    assert set(wanted) == set(controls)  # every one, none skipped


def test_the_first_click_on_neue_vorlage_makes_a_valid_one(driver: Any, folder: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from vorlagen.hausformate import available, load_hausformat
    from vorlagen.plugins import plugin_manager

    home = driver.current_url.split("/bearbeiten")[0].split("?")[0].rstrip("/") + "/"
    driver.get(home)
    assert axe(driver)[0] == []
    driver.find_element(By.CSS_SELECTOR, "#neu > summary").click()  # "Neue Vorlage" opens
    driver.find_element(By.ID, "neu-ordner").send_keys("erste")
    driver.find_element(By.CSS_SELECTOR, "button[value='anlegen']").click()  # as offered
    until(lambda: "Die Vorlage ist gültig." in driver.page_source)
    assert (folder / "erste" / "vorlage.yaml").is_file()

    known = available(plugin_manager())
    name = next(n for n in sorted(known) if n != "standard")
    own = [art.name for art in load_hausformat(known[name]).arten]
    driver.get(home)
    driver.find_element(By.CSS_SELECTOR, "#neu > summary").click()
    Select(driver.find_element(By.ID, "neu-hausformat")).select_by_visible_text(name)
    until(lambda: [o.get_attribute("value") for o in
                   driver.find_elements(By.CSS_SELECTOR, "#neu-art option")][:len(own)] == own)
    assert Select(driver.find_element(By.ID, "neu-art")).first_selected_option.get_attribute(
        "value") == own[0]
    driver.find_element(By.ID, "neu-ordner").send_keys("zweite")
    driver.find_element(By.CSS_SELECTOR, "button[value='anlegen']").click()
    until(lambda: "Die Vorlage ist gültig." in driver.page_source)
    assert f"hausformat: {name}" in (folder / "zweite" / "vorlage.yaml").read_text(encoding="utf-8")


def test_the_address_opens_the_form_once(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE.parent, tmp_path / "ik")
    with running(tmp_path) as url:
        first, later = browser(), browser()
        try:
            first.get(url)
            assert "ik/vorlage.yaml" in first.page_source
            assert "zugang=" not in first.current_url  # the code left the address bar
            later.get(url)  # someone who read the address, in another browser
            assert "Diese Adresse ist schon benutzt" in later.page_source
            assert "ik/vorlage.yaml" not in later.page_source
            first.refresh()  # the first keeps its session
            assert "ik/vorlage.yaml" in first.page_source
        finally:
            first.quit()
            later.quit()

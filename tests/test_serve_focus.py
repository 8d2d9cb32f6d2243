"""``vorlagen serve``: the keyboard focus after the form's actions (it stays on the button
pressed or the control concerned; the message goes to the live region), the preview of a
paper with an error (the last good pages stay, marked as out of date, with one message),
the floating "Vorschau zeigen" button that covers no control, and the Beratungsfolge's
columns wide enough to read."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import browser, missing, running
from tests.conftest import EXAMPLE
from tests.test_serve import URL, access, form_of, log_in, parse, send  # noqa: F401
from tests.test_serve_browser import axe, until

REFUSED = "Herunterladen geht erst, wenn die Vorlage keine Fehler hat."
NO_PREVIEW = "Die Vorschau zeigt erst eine Vorlage ohne Fehler."


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("focus")
    shutil.copytree(EXAMPLE.parent, folder / "ik")
    return folder


# Without JavaScript: the page drawn after a button has the focus on that button


@pytest.fixture
def client(folder: Path, access: Any) -> Iterator[Any]:  # noqa: F811
    import warnings

    from vorlagen.serve import create_app
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    with TestClient(create_app(folder, access=access), base_url="http://127.0.0.1:8765"
                    ) as client:
        log_in(client, access)
        yield client


def autofocused(page: str) -> list[str]:
    return [str(element.get("id")) for element in parse(page).xpath("//*[@autofocus]")]


@pytest.mark.parametrize("action, button", [
    ("speichern", "knopf-speichern"), ("speichern:unten", "knopf-speichern-unten"),
    ("pruefen", "knopf-pruefen")])
def test_the_page_after_a_button_focuses_it(client: Any, action: str, button: str) -> None:
    values = form_of(client.get(URL).text)
    answer = send(client, values, action)
    assert answer.status_code == 200
    assert autofocused(answer.text) == [button]
    if action.startswith("speichern"):
        assert "Gespeichert in vorlage.yaml." in answer.text


def test_a_refused_download_focuses_its_button(client: Any) -> None:
    values = form_of(client.get(URL).text)
    answer = send(client, values, "herunterladen:pdf:oeffentlich",
                  {"organisationseinheit": ""})
    assert REFUSED in answer.text
    assert autofocused(answer.text) == ["knopf-herunterladen-pdf-oeffentlich"]


def test_an_upload_focuses_its_button(client: Any, folder: Path) -> None:
    values = form_of(client.get(URL).text)
    data = (folder / "ik" / "massnahmen.xlsx").read_bytes()
    answer = send(client, values, "hochladen", files={
        "hochladen:plugins.massnahmen.datei": ("liste.xlsx", data)})
    assert "Hochgeladen als liste.xlsx." in answer.text
    assert autofocused(answer.text) == ["hochladen-f-plugins-massnahmen-datei"]


def test_a_table_select_says_its_empty_choice_in_full(client: Any) -> None:
    page = parse(client.get(URL).text)
    empty = page.get_element_by_id("f-beratungsfolge-0-rolle").xpath("option[@value='']")[0]
    assert empty.text == "–" and empty.get("aria-label") == "keine Angabe"
    art = page.get_element_by_id("f-beratungsfolge-0-sitzungsart").xpath(
        "option[@value='']")[0]
    assert art.get("aria-label") == "Voreinstellung: öffentlich"


# In the browser

def in_browser(test: Any) -> Any:
    """A test in chromium."""
    test = pytest.mark.browser(test)
    return pytest.mark.skipif(missing() is not None, reason=f"kein Browser: {missing()}")(test)


@pytest.fixture(scope="module")
def driver(folder: Path) -> Iterator[Any]:
    if missing() is not None:
        pytest.skip(f"kein Browser: {missing()}")
    with running(folder) as url:
        driver = browser(None, 1100, 900)
        driver.get(url)
        try:
            yield driver
        finally:
            driver.quit()


@pytest.fixture
def page(driver: Any) -> Any:
    from selenium.webdriver.common.by import By

    driver.set_window_size(1100, 900)
    driver.get(driver.current_url.split("/bearbeiten")[0].split("?")[0].rstrip("/") + "/")
    driver.find_element(By.CSS_SELECTOR, "a[href='/bearbeiten?datei=ik/vorlage.yaml']").click()
    until(lambda: driver.execute_script("return document.readyState") == "complete")
    return driver


def active(driver: Any) -> str:
    return str(driver.execute_script("return document.activeElement.id"))


def press(driver: Any, element_id: str) -> None:
    """Focus a button and press Enter on it, as a keyboard user does."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    button = driver.find_element(By.ID, element_id)
    driver.execute_script("arguments[0].focus()", button)
    button.send_keys(Keys.ENTER)


def redrawn(driver: Any) -> None:
    """Mark the page shown; ``until(fresh(driver))`` waits for the next one."""
    driver.execute_script("window.__old = true;")


def fresh(driver: Any) -> Any:
    return lambda: driver.execute_script(
        "return !window.__old && document.readyState === 'complete'")


@in_browser
@pytest.mark.parametrize("button", ["knopf-speichern", "knopf-speichern-unten"])
def test_saving_keeps_the_focus_on_its_button(page: Any, button: str) -> None:
    from selenium.webdriver.common.by import By

    redrawn(page)
    press(page, button)
    until(fresh(page))
    until(lambda: active(page) == button)
    assert page.find_element(By.ID, "meldung").text.startswith("Gespeichert in vorlage.yaml.")
    assert page.execute_script("return arguments[0].getBoundingClientRect().top",
                               page.find_element(By.ID, button)) < 900  # in sight


@in_browser
def test_an_upload_keeps_the_focus_on_its_button(page: Any, folder: Path) -> None:
    from selenium.webdriver.common.by import By

    page.find_element(By.ID, "u-f-plugins-massnahmen-datei").send_keys(
        str(folder / "ik" / "massnahmen.xlsx"))
    redrawn(page)
    press(page, "hochladen-f-plugins-massnahmen-datei")
    until(fresh(page))
    until(lambda: active(page) == "hochladen-f-plugins-massnahmen-datei")
    assert page.find_element(By.ID, "meldung").text.startswith("Hochgeladen als")
    assert nearby(page).startswith("Hochgeladen als")  # said where the user is, far down


@in_browser
def test_a_refused_download_says_why_and_keeps_the_focus(page: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    field = page.find_element(By.ID, "f-organisationseinheit")
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    until(lambda: page.find_element(By.ID, "e-organisationseinheit").text != "")
    redrawn(page)
    press(page, "knopf-herunterladen-pdf-voll")
    until(lambda: page.find_element(By.ID, "meldung").text == REFUSED)
    assert page.execute_script("return window.__old === true")  # the page stayed
    assert active(page) == "knopf-herunterladen-pdf-voll"
    assert page.find_element(By.ID, "meldung").get_attribute("aria-live") == "polite"
    assert page.find_element(By.ID, "download-status").text == ""
    assert until(lambda: nearby(page)) == REFUSED
    assert axe(page)[0] == []


def nearby(driver: Any) -> str:
    """The status message as it stands beside the focused control, when that is shown
    inside the window ("" where there is none)."""
    return str(driver.execute_script(
        "const copy = document.querySelector('.nearby-message');"
        "if (!copy) { return ''; }"
        "const box = copy.getBoundingClientRect();"
        "return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight"
        " ? copy.textContent : '';"))


@in_browser
def test_a_link_of_the_check_focuses_its_control(page: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    redrawn(page)
    Select(page.find_element(By.ID, "f-art")).select_by_visible_text("Beschlussvorlage")
    until(fresh(page))
    link = until(lambda: page.find_elements(
        By.CSS_SELECTOR, "#zusammenfassung a[href='#f-beschlussvorschlag']"))[0]
    link.click()
    assert active(page) == "add-f-beschlussvorschlag"  # the list's one control so far
    # a control in a closed part: the part opens, the control has the focus
    assert not page.execute_script("return document.getElementById('f-aktenzeichen')"
                                   ".closest('details').open")
    page.execute_script(
        "var link = document.querySelector('#zusammenfassung a');"
        "link.setAttribute('href', '#f-aktenzeichen');")
    page.find_element(By.CSS_SELECTOR, "#zusammenfassung a").click()
    assert active(page) == "f-aktenzeichen"
    assert page.find_element(By.ID, "f-aktenzeichen").is_displayed()
    assert axe(page)[0] == []


@in_browser
@pytest.mark.parametrize("width", [1100, 820])
def test_the_preview_button_covers_no_control(page: Any, width: int) -> None:
    page.set_window_size(width, 900)
    covered = page.execute_script("""
        var toggle = document.getElementById('vorschau-zeigen');
        var found = [], height = document.documentElement.scrollHeight;
        for (var y = 0; y <= height; y += 150) {
          window.scrollTo(0, y);
          var box = toggle.getBoundingClientRect();
          document.querySelectorAll('input:not([type=hidden]), select, textarea, button')
            .forEach(function (control) {
              if (control === toggle || !control.checkVisibility()) { return; }
              var r = control.getBoundingClientRect();
              var left = Math.max(r.left, box.left), right = Math.min(r.right, box.right);
              var top = Math.max(r.top, box.top), bottom = Math.min(r.bottom, box.bottom);
              if (left >= right || top >= bottom) { return; }
              // under the button where it is shown (not where a scrolled box clips it)
              var under = document.elementsFromPoint((left + right) / 2, (top + bottom) / 2);
              if (under.some(function (e) { return e === control || control.contains(e); })) {
                found.push(control.id || control.name);
              }
            });
        }
        return found;""")
    assert page.execute_script(
        "return getComputedStyle(document.getElementById('vorschau-zeigen')).position"
    ) == "fixed"  # it still floats, one click away
    assert covered == []


READ = """
    var control = arguments[0], style = getComputedStyle(control);
    if (control.tagName !== 'SELECT') { return control.scrollWidth <= control.clientWidth; }
    var context = document.createElement('canvas').getContext('2d');
    context.font = style.font;
    var text = control.options[control.selectedIndex].text;
    var room = control.clientWidth - parseFloat(style.paddingLeft)
               - parseFloat(style.paddingRight) - 16;  // the select's arrow
    return context.measureText(text).width <= room;"""


@in_browser
@pytest.mark.parametrize("width", [1600, 1100])
def test_the_beratungsfolge_is_readable(page: Any, width: int) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page.set_window_size(width, 900)
    names = ["Hauptausschuss", "Bauausschuss", "Gemeinderat", "Kreistag"]
    while len(page.find_elements(By.CSS_SELECTOR, "table.rows tbody tr")) < len(names):
        redrawn(page)
        press(page, "add-f-beratungsfolge")
        until(fresh(page))
    if width == 1600:
        assert page.find_element(By.ID, "vorschau").is_displayed()  # the preview beside
    for number, name in enumerate(names):
        field = page.find_element(By.ID, f"f-beratungsfolge-{number}-gremium")
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(name)
    cut = [control.get_attribute("id") for control in page.find_elements(
        By.CSS_SELECTOR, "table.rows input[type=text], table.rows select")
        if not page.execute_script(READ, control)]
    assert cut == []
    assert axe(page)[0] == []


@in_browser
@pytest.mark.libreoffice
def test_the_last_good_preview_stays_while_the_paper_has_an_error(page: Any) -> None:
    from selenium.webdriver.common.by import By

    page.set_window_size(1600, 900)
    until(lambda: page.find_elements(By.CSS_SELECTOR, "#vorschau-seiten img"), 120)
    pages = len(page.find_elements(By.CSS_SELECTOR, "#vorschau-seiten img"))
    redrawn(page)
    press(page, "add-f-anlagen")  # a new Anlage, its Titel not yet given: an error
    until(fresh(page))
    said = page.find_element(By.ID, "vorschau-meldung")
    until(lambda: said.text.startswith("Veraltet:"), 120)
    assert len(page.find_elements(By.CSS_SELECTOR, "#vorschau-seiten.outdated img")) == pages
    text = page.execute_script("return document.getElementById('vorschau').textContent")
    assert text.count("Veraltet") == 1 and NO_PREVIEW not in text
    assert axe(page)[0] == []

    # no good pages before: the reason, once
    page.execute_script("sessionStorage.clear()")
    redrawn(page)
    press(page, "add-f-anlagen")
    until(fresh(page))
    said = page.find_element(By.ID, "vorschau-meldung")
    until(lambda: said.text == NO_PREVIEW, 120)
    text = page.execute_script("return document.getElementById('vorschau').textContent")
    assert text.count(NO_PREVIEW) == 1
    assert not page.find_elements(By.CSS_SELECTOR, "#vorschau-seiten img")



@in_browser
@pytest.mark.libreoffice
def test_the_preview_button_keeps_the_focus_where_the_pages_are_a_click_away(page: Any
                                                                             ) -> None:
    page.set_window_size(1100, 900)
    redrawn(page)
    press(page, "knopf-vorschau-oeffentlich")
    until(fresh(page))
    until(lambda: active(page) == "knopf-vorschau-oeffentlich")

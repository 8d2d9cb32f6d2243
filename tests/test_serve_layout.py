"""Issue 25, points 1 and 7: the paper beside the form and the downloads.

Through Starlette's test client: the live preview's route (its pages and where each part
of the form is printed), the paper alone for each download button and "Alles als ZIP".
In Debian's chromium: the preview beside the form at 1600x900, one click away at 1100,
refreshed while typing, following the section being edited, and downloads with a visible
progress state; axe-core clean at both widths.
"""

from __future__ import annotations

import io
import json
import shutil
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import browser, missing, running
from tests.conftest import EXAMPLE
from tests.test_serve import BASE, FILE, URL, form_of, log_in, parse, send
from tests.test_serve_browser import axe, until
from vorlagen.serve import create_app
from vorlagen.serve.preview import Part, places
from vorlagen.serve.security import Access

with warnings.catch_warnings():  # starlette's notice about httpx's successor
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

REASON = missing()
LIVE = f"/vorschau?datei={FILE}"
browser_only = pytest.mark.skipif(REASON is not None, reason=f"kein Browser: {REASON}")


# --- without a browser ------------------------------------------------------------------

def test_places_finds_a_value_its_label_or_its_group() -> None:
    texts = ["Mitteilungsvorlage\nAmt für Migra-\ntion und Integration\n\nSachverhalt\n",
             "Finanzielle Auswirkungen\nDie Kosten hängen von den Förderzusagen ab.\nAnlagen"]
    found = places([
        Part("f-organisationseinheit", "Organisationseinheit", "Amt für Migration und Integration"),
        Part("f-sachverhalt", "Sachverhalt", ""),
        Part("f-finanzielle_auswirkungen", "Finanzielle Auswirkungen",
             "Die **Kosten** hängen {{ x.y }} von den Förderzusagen ab."),
        Part("f-anlagen", "Anlagen", ""),
        Part("f-anlagen-0", "Anlage 1", "", "f-anlagen"),
        Part("f-anlagen-0-titel", "Titel der Anlage", "Lageplan", "f-anlagen-0"),
        Part("f-nirgends", "Kommt nicht vor", "steht auf keiner Seite"),
    ], texts)
    assert found == {"f-organisationseinheit": 1, "f-sachverhalt": 1,
                     "f-finanzielle_auswirkungen": 2, "f-anlagen": 2, "f-anlagen-0": 2,
                     "f-anlagen-0-titel": 2}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    shutil.copytree(EXAMPLE.parent, tmp_path / "ik")
    access = Access.new(8765)
    with TestClient(create_app(tmp_path, access=access), base_url=BASE) as client:
        log_in(client, access)
        yield client


def test_the_live_preview_needs_the_session_s_key(client: TestClient) -> None:
    values = dict(form_of(client.get(URL).text))
    del values["_csrf"]
    assert client.post(LIVE, data=values).status_code == 403


def test_the_live_preview_of_a_vorlage_with_errors_says_why(client: TestClient) -> None:
    values = dict(form_of(client.get(URL).text))
    answer = client.post(LIVE, data=values | {"titel": ""})
    pages = parse(answer.text)
    assert pages.get("data-ok") == "false" and pages.xpath("//img") == []
    assert "Vorschau zeigt erst eine Vorlage ohne Fehler" in answer.text


@pytest.mark.libreoffice
def test_the_live_preview_gives_the_pages_and_where_each_part_is(client: TestClient) -> None:
    values = dict(form_of(client.get(URL).text))
    answer = client.post(LIVE, data=values | {"_fassung": "oeffentlich"})
    pages = parse(answer.text)
    assert pages.get("data-ok") == "true"
    images = pages.xpath("//img")
    assert len(images) == 2 and "Fassung zur Veröffentlichung" in images[0].get("alt")
    assert client.get(images[1].get("src")).content.startswith(b"\xff\xd8\xff")
    found = json.loads(pages.get("data-places"))
    assert found["f-titel"] == 1 and found["f-sachverhalt-0-text"] == 1
    assert found["f-finanzielle_auswirkungen"] == 2 and found["f-anlagen"] == 2


def test_a_live_preview_overtaken_by_a_newer_one_is_not_made(tmp_path: Path) -> None:
    from vorlagen.serve import vorlage_file
    from vorlagen.serve.app import _live_preview

    shutil.copytree(EXAMPLE.parent, tmp_path / "ik")
    app = create_app(tmp_path, access=Access.new(8765))
    file = tmp_path / "ik" / "vorlage.yaml"
    state = vorlage_file.as_text(vorlage_file.read(file).nodes)  # valid: it would be made
    server = app.state.server
    try:
        answer = _live_preview(server, file, state, "voll", lambda: True)
    finally:
        server.close()
    assert answer.status_code == 204 and server.previews == {}


def test_each_download_button_gives_the_paper_itself(client: TestClient) -> None:
    page = client.get(URL).text
    buttons = [b.get("value") for b in parse(page).xpath("//button[@class='download']")]
    assert buttons == [f"herunterladen:{f}:{v}" for v in ("voll", "oeffentlich")
                       for f in ("docx", "odt", "pdf", "zip")]
    values = form_of(page)
    odt = send(client, values, "herunterladen:odt:voll")
    assert odt.headers["content-disposition"] == "attachment; filename*=UTF-8''2018-077.odt"
    assert zipfile.ZipFile(io.BytesIO(odt.content)).read("mimetype") == (
        b"application/vnd.oasis.opendocument.text")


@pytest.mark.libreoffice
def test_alles_als_zip_gives_the_paper_in_every_format_and_its_anlagen(
        client: TestClient) -> None:
    answer = send(client, form_of(client.get(URL).text), "herunterladen:zip:oeffentlich")
    assert answer.headers["content-disposition"].endswith(
        "''2018-077_oeffentlich_alle_Dateien.zip")
    names = zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
    for suffix in ("docx", "odt", "pdf"):
        assert f"2018-077_oeffentlich.{suffix}" in names
        assert f"2018-077_oeffentlich_Anlage_2.{suffix}" in names


# --- in the browser -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("layout")
    shutil.copytree(EXAMPLE.parent, folder / "ik")
    return folder


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def driver(folder: Path, downloads: Path) -> Iterator[Any]:
    if REASON is not None:
        pytest.skip(f"kein Browser: {REASON}")
    with running(folder) as url:
        driver = browser(downloads, 1600, 900)
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {
            "behavior": "allow", "downloadPath": str(downloads)})
        driver.get(url)
        driver.home = url.split("/?")[0]
        try:
            yield driver
        finally:
            driver.quit()


def viewport(driver: Any, width: int, height: int = 900) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def open_form(driver: Any, width: int) -> Any:
    """The example's form at ``width`` x 900, its live preview's pages shown."""
    from selenium.webdriver.common.by import By

    viewport(driver, width)
    driver.get(f"{driver.home}/bearbeiten?datei={FILE}")
    until(lambda: driver.find_elements(By.CSS_SELECTOR, "#vorschau-seiten img"), 120)
    return driver


def rect(driver: Any, element_id: str) -> dict[str, float]:
    return dict(driver.execute_script(
        "return document.getElementById(arguments[0]).getBoundingClientRect().toJSON()",
        element_id))


def focus(driver: Any, element_id: str) -> None:
    """Put the keyboard focus into a control, as Tab would, scrolling it into view."""
    driver.execute_script("var e = document.getElementById(arguments[0]);"
                          "e.scrollIntoView({block: 'center'}); e.focus();", element_id)


def shown_page(driver: Any) -> int:
    """The preview page whose top is at the top of the preview's scrolled area."""
    return int(driver.execute_script("""
        var panel = document.getElementById('vorschau');
        var head = panel.querySelector('.preview-head').offsetHeight;
        var best = 0;
        panel.querySelectorAll('figure.page').forEach(function (figure, index) {
          if (Math.abs(figure.offsetTop - head - panel.scrollTop) < 2) { best = index + 1; }
        });
        return best;"""))


@browser_only
@pytest.mark.browser
@pytest.mark.libreoffice
def test_at_1600_the_preview_stands_beside_the_form_and_follows_it(driver: Any) -> None:
    open_form(driver, 1600)
    form, preview = rect(driver, "formular"), rect(driver, "vorschau")
    assert preview["left"] >= form["right"] and preview["width"] > 500
    focus(driver, "f-finanzielle_auswirkungen")  # far down the form
    until(lambda: shown_page(driver) == 2, 60)
    preview = rect(driver, "vorschau")
    assert driver.execute_script("return window.scrollY") > 1000
    assert preview["top"] >= 0 and preview["bottom"] <= 900 and preview["height"] > 400
    focus(driver, "f-titel")
    until(lambda: shown_page(driver) == 1, 60)
    focus(driver, "add-f-anlagen")  # the Anlagen: printed on page 2
    until(lambda: shown_page(driver) == 2, 60)
    assert axe(driver)[0] == []


@browser_only
@pytest.mark.browser
@pytest.mark.libreoffice
def test_typing_refreshes_the_preview_without_a_page_load(driver: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_form(driver, 1600)
    driver.execute_script("window.samePage = true;")
    first = driver.find_element(By.CSS_SELECTOR, "#vorschau-seiten img").get_attribute("src")
    titel = driver.find_element(By.ID, "f-titel")
    titel.send_keys(Keys.END, " neu")
    changed = until(lambda: driver.find_element(
        By.CSS_SELECTOR, "#vorschau-seiten img").get_attribute("src") != first, 60)
    assert changed and driver.execute_script("return window.samePage") is True
    assert driver.switch_to.active_element == titel  # typing goes on where it was
    said = driver.find_element(By.ID, "vorschau-meldung")
    last = driver.find_element(By.CSS_SELECTOR, "#vorschau-seiten img").get_attribute("src")
    titel.send_keys(Keys.CONTROL, "a", Keys.DELETE)  # an error: the last good pages stay
    until(lambda: "letzten fehlerfreien Stand" in said.text, 60)
    assert driver.find_element(By.CSS_SELECTOR, "#vorschau-seiten img").get_attribute(
        "src") == last


@browser_only
@pytest.mark.browser
@pytest.mark.libreoffice
def test_at_1100_the_preview_is_one_click_away_and_closing_returns(driver: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_form(driver, 1100)
    preview = driver.find_element(By.ID, "vorschau")
    toggle = driver.find_element(By.ID, "vorschau-zeigen")
    assert not preview.is_displayed() and toggle.is_displayed()
    assert toggle.text == "Vorschau zeigen"
    assert axe(driver)[0] == []
    field = driver.find_element(By.ID, "f-finanzielle_auswirkungen")
    focus(driver, "f-finanzielle_auswirkungen")
    place = driver.execute_script("return window.scrollY")
    toggle.click()
    assert preview.is_displayed() and preview.get_attribute("role") == "dialog"
    assert toggle.get_attribute("aria-expanded") == "true"
    assert driver.switch_to.active_element.get_attribute("id") == "vorschau-schliessen"
    until(lambda: shown_page(driver) == 2, 10)  # the page of the section being edited
    assert axe(driver)[0] == []
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not preview.is_displayed()
    assert driver.switch_to.active_element == field
    assert driver.execute_script("return window.scrollY") == place
    toggle.click()
    driver.find_element(By.ID, "vorschau-schliessen").click()
    assert driver.switch_to.active_element == field


def _watch(driver: Any, button: Any) -> None:
    """Record every state of the button and the status line while a download runs."""
    driver.execute_script("""
        var button = arguments[0], status = document.getElementById('download-status');
        window.seen = [];
        var note = function () {
          window.seen.push([button.getAttribute('aria-busy'), button.textContent,
                            status.textContent]);
        };
        new MutationObserver(note).observe(button, {attributes: true, childList: true,
                                                    characterData: true, subtree: true});
        new MutationObserver(note).observe(status, {childList: true, characterData: true,
                                                    subtree: true});""", button)


def _downloaded(downloads: Path, name: str) -> Path:
    path = downloads / name
    until(lambda: path.is_file() and not list(downloads.glob("*.crdownload")), 60)
    return path


@browser_only
@pytest.mark.browser
@pytest.mark.libreoffice
def test_the_pdf_download_is_the_paper_with_a_progress_state(
        driver: Any, downloads: Path) -> None:
    from selenium.webdriver.common.by import By

    open_form(driver, 1600)
    button = driver.find_element(By.CSS_SELECTOR, "button[value='herunterladen:pdf:voll']")
    label = button.text
    _watch(driver, button)
    button.click()
    pdf = _downloaded(downloads, "2018-077.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    until(lambda: button.get_attribute("aria-busy") is None and button.text == label, 60)
    seen = driver.execute_script("return window.seen")
    assert ["true", "PDF wird erstellt …", "PDF wird erstellt …"] in seen
    assert driver.find_element(By.ID, "download-status").text == (
        "2018-077.pdf ist heruntergeladen.")
    assert not list(downloads.glob("*.zip"))

    everything = driver.find_element(By.CSS_SELECTOR,
                                     "button[value='herunterladen:zip:voll']")
    assert everything.text == "Alles als ZIP – Vollständige Fassung"
    everything.click()
    names = zipfile.ZipFile(_downloaded(downloads, "2018-077_alle_Dateien.zip")).namelist()
    assert {"2018-077.pdf", "2018-077.docx", "2018-077.odt", "2018-077_Anlage_1.pdf",
            "2018-077_Anlage_2.odt"} <= set(names)

"""Issue 26, point 4: the form offers the body's Gremien and, for the chosen Gremium, its
next meeting days, from the RIS data (``ris.yaml``) of the Vorlage's folder or a folder
above it.

Through Starlette's test client (as without JavaScript): the Gremien's list at each
Beratung's Gremium, the next days of its Gremium at each row's Sitzungstermine, where the
data come from, a day taken by its button, the days following a changed Gremium after a
button; without ``ris.yaml`` nothing of it, with a broken one a German note. In Debian's
chromium: a Gremium typed, its days offered at once, one taken into the field without a
page load, axe-core clean; the days beside the table's other cells at 1600x900 and 1100.

The RIS data are built with ``save_ris`` from names and ids of a real body's RIS
(Gemeinde Hürtgenwald, /work/wt/oparl-research/huertgenwald/body-1-organization.json),
the meetings dated from today on, so that the tests do not age.
"""

from __future__ import annotations

import itertools
import shutil
import warnings
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import browser, missing, running
from tests.conftest import EXAMPLE
from tests.test_serve import BASE, FILE, URL, control, form_of, log_in, parse, send
from tests.test_serve_browser import axe, until
from tests.test_serve_layout import rect, viewport
from vorlagen.readfile import read_file
from vorlagen.ris import Gremium, Ris, Sitzung, save_ris
from vorlagen.serve import create_app
from vorlagen.serve.security import Access

with warnings.catch_warnings():  # starlette's notice about httpx's successor
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

REASON = missing()
BODY = "https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0/body/1"
HFA = f"{BODY}/organization/1-2"
GR = f"{BODY}/organization/1-8"
BA = f"{BODY}/organization/1-12"
GUN = f"{BODY}/organization/1-17"
TODAY = date.today()
HFA_OFFSETS = (0, 3, 10, 17, 24, 31, 38, 45)
"""The Haupt- und Finanzausschuss's coming meetings, in days from today (the first: today)."""
GR_OFFSET = 12
CURRENT = ["Ausschuss für Gemeindeentwicklung und Nachhaltigkeit", "Gemeinderat",
           "Haupt- und Finanzausschuss"]
"""The current Gremien, as the list offers them (the Bau- und Umweltausschuss ended)."""


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).strftime("%d.%m.%Y")


def meeting(number: int, offset: int, gremium: str, cancelled: bool = False) -> Sitzung:
    start = datetime.combine(TODAY + timedelta(days=offset), datetime.min.time(),
                             timezone(timedelta(hours=1))).replace(hour=18)
    return Sitzung(id=f"{BODY}/meeting/{number}", name=f"Sitzung {number}", beginn=start,
                   ende=start + timedelta(hours=2), gremien=(gremium,), abgesagt=cancelled)


def ris() -> Ris:
    """Hürtgenwald's Gremien; the HFA's meetings: one past, one cancelled, two on one day,
    eight coming; the Gemeinderat's one coming; none of the GUN."""
    meetings = [meeting(900, -14, HFA), meeting(901, 5, HFA, cancelled=True),
                meeting(902, 3, HFA).model_copy(update={"id": f"{BODY}/meeting/902a"}),
                *(meeting(910 + index, offset, HFA)
                  for index, offset in enumerate(HFA_OFFSETS)),
                meeting(950, GR_OFFSET, GR), meeting(951, -30, BA)]
    return Ris(
        quelle=BODY, koerperschaft="Gemeinde Hürtgenwald",
        abgerufen=datetime(2026, 12, 1, 14, 30, tzinfo=timezone(timedelta(hours=1))),
        gremien=(Gremium(id=HFA, name="Haupt- und Finanzausschuss", kurzname="HFA",
                         art="Gremium"),
                 Gremium(id=GR, name="Gemeinderat", kurzname="GR", art="Gremium"),
                 Gremium(id=BA, name="Bau- und Umweltausschuss", kurzname="BA",
                         art="Gremium", bis=date(2020, 10, 31)),
                 Gremium(id=GUN, name="Ausschuss für Gemeindeentwicklung und Nachhaltigkeit",
                         kurzname="GUN", art="Gremium")),
        sitzungen=tuple(meetings))


HFA_NEXT = [day(offset) for offset in HFA_OFFSETS[:6]]
"""What the form offers for the HFA: its next six days, from today on."""


def example(folder: Path) -> Path:
    """The example Vorlage in ``folder/ik``, its first Beratung in the HFA."""
    shutil.copytree(EXAMPLE.parent, folder / "ik")
    file = folder / "ik" / "vorlage.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace(
        "gremium: Sozialausschuss", "gremium: Haupt- und Finanzausschuss"), encoding="utf-8")
    return file


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    from vorlagen import ris as ris_file

    real = ris_file.nearest

    def nearest(folder: Path) -> Path | None:
        """Only the test's own ``ris.yaml``: one above its folder (another program's, in
        /tmp) is not the test's."""
        found = real(folder)
        return found if found is not None and found.is_relative_to(tmp_path) else None

    monkeypatch.setattr(ris_file, "nearest", nearest)
    example(tmp_path)
    access = Access.new(8765)
    with TestClient(create_app(tmp_path, access=access), base_url=BASE) as client:
        log_in(client, access)
        yield client


def offered(page: str, row: int) -> list[str]:
    """The days a row's Sitzungstermine offers, by their buttons."""
    box = parse(page).get_element_by_id(f"t-f-beratungsfolge-{row}-sitzungstermine")
    return [button.get("data-day") for button in box.xpath(".//button[@data-day]")]


def shown_days(page: str, row: int) -> str:
    box = parse(page).get_element_by_id(f"t-f-beratungsfolge-{row}-sitzungstermine")
    return " ".join(str(box.xpath(".//div[@class='ris-days-shown']")[0].text_content()).split())


# --- without a browser ------------------------------------------------------------------

def test_the_form_offers_the_bodys_gremien_and_the_next_days_where_ris_data_are(
        client: TestClient, tmp_path: Path) -> None:
    before = client.get(URL).text  # no ris.yaml: nothing of it
    assert control(before, "beratungsfolge[0].gremium").get("list") is None
    for marker in ("ris-gremien", "ris-termine", "ris-days", "Ratsinformationssystem"):
        assert marker not in before

    save_ris(tmp_path / "ris.yaml", ris())  # in the folder above the Vorlage's
    page = client.get(URL).text
    tree = parse(page)
    assert [o.get("value") for o in tree.get_element_by_id("ris-gremien")] == CURRENT
    assert [o.get("label") for o in tree.get_element_by_id("ris-gremien")] == [
        "GUN", "GR", "HFA"]
    for row in (0, 1):  # each Beratung's Gremium: typed, or one of the list
        gremium = control(page, f"beratungsfolge[{row}].gremium")
        assert gremium.tag == "input" and gremium.get("list") == "ris-gremien"
    assert control(page, "beratungsfolge[0].gremium").get("value") == (
        "Haupt- und Finanzausschuss")
    assert offered(page, 0) == HFA_NEXT  # not the past, the cancelled, a day twice
    buttons = tree.get_element_by_id("t-f-beratungsfolge-0-sitzungstermine").xpath(
        ".//button[@data-day]")
    assert buttons[0].get("aria-label") == (
        f"{HFA_NEXT[0]} als Sitzungstermin übernehmen")
    assert buttons[0].get("value") == f"termin:beratungsfolge[0].sitzungstermine:{HFA_NEXT[0]}"
    assert "Nächste Sitzungen – übernehmen:" in shown_days(page, 0)
    assert offered(page, 1) == [] and shown_days(page, 1) == ""  # the Kreistag: unknown here
    help_text = tree.get_element_by_id("h-f-beratungsfolge").text_content()
    assert "„Gemeinde Hürtgenwald“" in help_text
    assert "aus dem Ratsinformationssystem, abgerufen am 01.12.2026" in help_text
    assert "auch eintippen" in help_text
    assert "h-f-beratungsfolge" in tree.get_element_by_id("f-beratungsfolge").get(
        "aria-describedby")
    for word in ("ris.yaml", "gremien", "sitzungen", "abgerufen:", "koerperschaft"):
        assert word not in help_text  # no key of the file


def test_a_day_is_taken_by_its_button_and_saved_as_the_files_list(
        client: TestClient, tmp_path: Path) -> None:
    save_ris(tmp_path / "ris.yaml", ris())
    values = form_of(client.get(URL).text)
    taken = send(client, values, f"termin:beratungsfolge[0].sitzungstermine:{HFA_NEXT[1]}")
    assert taken.status_code == 200
    field = control(taken.text, "beratungsfolge[0].sitzungstermine")
    assert field.get("value") == f"16.04.2018, {HFA_NEXT[1]}"
    assert field.get("autofocus") is not None  # typing goes on there
    said = parse(taken.text).get_element_by_id("meldung").text_content()
    assert said == f"{HFA_NEXT[1]} als Sitzungstermin von Beratung 1 übernommen."
    again = send(client, form_of(taken.text),
                 f"termin:beratungsfolge[0].sitzungstermine:{HFA_NEXT[1]}")
    assert control(again.text, "beratungsfolge[0].sitzungstermine").get("value") == (
        f"16.04.2018, {HFA_NEXT[1]}")
    assert "schon unter den Sitzungsterminen" in again.text
    iso = send(client, form_of(again.text), "termin:beratungsfolge[0].sitzungstermine:16.04.2018",
               {"beratungsfolge[0].sitzungstermine": f"2018-04-16, {HFA_NEXT[1]}"})
    assert "16.04.2018 steht bei Beratung 1 schon unter den Sitzungsterminen." in iso.text
    saved = send(client, form_of(again.text), "speichern")
    assert "Gespeichert in vorlage.yaml" in saved.text
    data = read_file(tmp_path / "ik" / "vorlage.yaml").data
    assert data["beratungsfolge"][0]["sitzungstermine"] == ["16.04.2018", HFA_NEXT[1]]


def test_the_days_follow_a_changed_gremium_after_a_button(
        client: TestClient, tmp_path: Path) -> None:
    save_ris(tmp_path / "ris.yaml", ris())
    page = client.get(URL).text
    box = parse(page).get_element_by_id("t-f-beratungsfolge-1-sitzungstermine")
    redraw = box.xpath(".//noscript")  # without JavaScript: a button that shows them
    assert redraw and "Sitzungen zum Gremium zeigen" in redraw[0].text_content()
    changed = send(client, form_of(page), "termin:beratungsfolge[1].sitzungstermine:",
                   {"beratungsfolge[1].gremium": "gemeinderat"})
    assert offered(changed.text, 1) == [day(GR_OFFSET)]
    assert control(changed.text, "beratungsfolge[1].sitzungstermine").get("value") == (
        "07.05.2018")  # the redraw takes nothing
    assert control(changed.text, "beratungsfolge[1].sitzungstermine").get(
        "autofocus") is not None
    short = send(client, form_of(changed.text), "pruefen",  # any button redraws them
                 {"beratungsfolge[1].gremium": "HFA"})
    assert offered(short.text, 1) == HFA_NEXT
    ended = send(client, form_of(short.text), "formular",
                 {"beratungsfolge[1].gremium": "Bau- und Umweltausschuss"})
    assert offered(ended.text, 1) == []
    assert shown_days(ended.text, 1) == (
        "Keine weiteren Sitzungen dieses Gremiums im Ratsinformationssystem.")
    assert "Bau- und Umweltausschuss" not in [  # ended: not offered, still known
        o.get("value") for o in parse(ended.text).get_element_by_id("ris-gremien")]


def test_the_page_carries_every_gremiums_next_days_for_the_script(
        client: TestClient, tmp_path: Path) -> None:
    import json

    save_ris(tmp_path / "ris.yaml", ris())
    script = parse(client.get(URL).text).get_element_by_id("ris-termine")
    assert script.get("type") == "application/json"
    known = json.loads(script.text)
    assert known["haupt- und finanzausschuss"] == {"name": "Haupt- und Finanzausschuss",
                                                   "termine": HFA_NEXT}
    assert known["hfa"] == known["haupt- und finanzausschuss"]  # the short name too
    assert known["gr"]["termine"] == [day(GR_OFFSET)]
    assert known["ausschuss für gemeindeentwicklung und nachhaltigkeit"]["termine"] == []


def test_a_day_button_puts_only_a_day_into_a_beratungs_dates(
        client: TestClient, tmp_path: Path) -> None:
    save_ris(tmp_path / "ris.yaml", ris())
    values = form_of(client.get(URL).text)
    for action in ("termin:titel:01.01.2030", "termin:beratungsfolge[0].gremium:01.01.2030",
                   "termin:beratungsfolge[7].sitzungstermine:01.01.2030",
                   "termin:beratungsfolge[0].sitzungstermine:<b>x</b>",
                   "termin:beratungsfolge[0].sitzungstermine:1.1.2030 ,2", "termin:"):
        answer = send(client, values, action)  # forged: nothing changes
        assert answer.status_code == 200, action
        assert form_of(answer.text) == values, action
    answer = send(client, values, "termin:beratungsfolge[1].sitzungstermine:01.01.2030")
    assert dict(form_of(answer.text)) == dict(values) | {
        "beratungsfolge[1].sitzungstermine": "07.05.2018, 01.01.2030"}


def test_a_broken_ris_file_is_said_and_the_form_still_opens(
        client: TestClient, tmp_path: Path) -> None:
    (tmp_path / "ris.yaml").write_text("quelle: [nicht\n  geschlossen\n", encoding="utf-8")
    page = client.get(URL)
    assert page.status_code == 200
    help_text = parse(page.text).get_element_by_id("h-f-beratungsfolge").text_content()
    assert "Die Gremien und Sitzungstermine aus dem Ratsinformationssystem fehlen hier" in (
        help_text)
    assert "ris.yaml" in help_text  # which file
    assert "ris-gremien" not in page.text and "ris-days" not in page.text
    assert control(page.text, "beratungsfolge[0].gremium").get("value") == (
        "Haupt- und Finanzausschuss")


# --- in the browser -----------------------------------------------------------------------

browser_only = pytest.mark.skipif(REASON is not None, reason=f"kein Browser: {REASON}")


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if REASON is not None:
        pytest.skip(f"kein Browser: {REASON}")
    folder = tmp_path_factory.mktemp("ris")
    example(folder)
    save_ris(folder / "ris.yaml", ris())
    with running(folder) as url:
        driver = browser(None, 1600, 900)
        driver.get(url)
        driver.home = url.split("/?")[0]
        try:
            yield driver
        finally:
            driver.quit()


def open_form(driver: Any, width: int) -> None:
    from selenium.webdriver.common.by import By

    viewport(driver, width)
    driver.get(f"{driver.home}/bearbeiten?datei={FILE}")
    until(lambda: driver.find_elements(By.CSS_SELECTOR, "#t-f-beratungsfolge-0-sitzungstermine "
                                                        "button[data-day]"))


@browser_only
@pytest.mark.browser
def test_a_chosen_gremium_offers_its_days_and_one_is_taken(driver: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_form(driver, 1600)
    driver.execute_script("window.samePage = true;")
    gremium = driver.find_element(By.ID, "f-beratungsfolge-1-gremium")
    assert gremium.get_attribute("list") == "ris-gremien"
    box = driver.find_element(By.ID, "t-f-beratungsfolge-1-sitzungstermine")
    assert box.find_elements(By.CSS_SELECTOR, "button[data-day]") == []  # the Kreistag
    gremium.send_keys(Keys.CONTROL, "a", Keys.DELETE)
    gremium.send_keys("Haupt- und Finanzausschuss")
    buttons = until(lambda: box.find_elements(By.CSS_SELECTOR, "button[data-day]"), 10)
    assert [b.text for b in buttons] == HFA_NEXT
    assert buttons[0].get_attribute("aria-label") == (
        f"{HFA_NEXT[0]} als Sitzungstermin übernehmen")
    gremium.send_keys(Keys.CONTROL, "a", Keys.DELETE)  # another Gremium: its days
    gremium.send_keys("Gemeinderat")
    until(lambda: [b.text for b in box.find_elements(By.CSS_SELECTOR, "button[data-day]")]
          == [day(GR_OFFSET)], 10)
    box.find_element(By.CSS_SELECTOR, "button[data-day]").click()
    field = driver.find_element(By.ID, "f-beratungsfolge-1-sitzungstermine")
    assert field.get_attribute("value") == f"07.05.2018, {day(GR_OFFSET)}"
    assert driver.find_element(By.ID, "meldung").text == (
        f"{day(GR_OFFSET)} als Sitzungstermin von Beratung 2 übernommen.")
    box.find_element(By.CSS_SELECTOR, "button[data-day]").click()  # once only
    assert field.get_attribute("value") == f"07.05.2018, {day(GR_OFFSET)}"
    assert driver.find_element(By.ID, "meldung").text == (
        f"{day(GR_OFFSET)} steht bei Beratung 2 schon unter den Sitzungsterminen.")
    assert driver.execute_script("return window.samePage") is True  # no page load
    assert axe(driver)[0] == []


@browser_only
@pytest.mark.browser
@pytest.mark.parametrize("width", [1600, 1100])
def test_the_offered_days_stand_in_their_cell_without_overlap(driver: Any, width: int) -> None:
    from selenium.webdriver.common.by import By

    open_form(driver, width)
    driver.execute_script("document.getElementById('f-beratungsfolge-0')"
                          ".scrollIntoView({block: 'center'});")
    cells = driver.find_elements(By.CSS_SELECTOR, "#f-beratungsfolge-0 > td")
    boxes = [dict(driver.execute_script(
        "return arguments[0].getBoundingClientRect().toJSON()", cell)) for cell in cells]
    for left, right in itertools.pairwise(boxes):  # the cells side by side
        assert left["right"] <= right["left"] + 0.5
    days_cell = boxes[2]
    scroll = dict(driver.execute_script(
        "return document.querySelector('.rows-scroll').getBoundingClientRect().toJSON()"))
    buttons = driver.find_elements(By.CSS_SELECTOR,
                                   "#t-f-beratungsfolge-0-sitzungstermine button[data-day]")
    places = [dict(driver.execute_script(
        "return arguments[0].getBoundingClientRect().toJSON()", b)) for b in buttons]
    assert len(places) == len(HFA_NEXT)
    for index, place in enumerate(places):
        assert days_cell["left"] <= place["left"] and place["right"] <= days_cell["right"]
        assert scroll["left"] <= place["left"] and place["right"] <= scroll["right"]  # seen
        assert place["width"] >= 24 and place["height"] >= 24  # big enough to hit
        for other in places[index + 1:]:
            assert (place["right"] <= other["left"] or other["right"] <= place["left"]
                    or place["bottom"] <= other["top"] or other["bottom"] <= place["top"])
    field = rect(driver, "f-beratungsfolge-0-sitzungstermine")
    assert field["bottom"] <= min(place["top"] for place in places)  # below the field
    toggle = driver.find_element(By.ID, "vorschau-zeigen")
    if toggle.is_displayed():  # at 1100 the preview's button floats: over none of them
        button = dict(driver.execute_script(
            "return arguments[0].getBoundingClientRect().toJSON()", toggle))
        for place in places:
            assert (button["right"] <= place["left"] or place["right"] <= button["left"]
                    or button["bottom"] <= place["top"] or place["bottom"] <= button["top"])

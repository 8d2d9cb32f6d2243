"""The Beratungsfolge's table fits its box (issue 26, the form's new-user test): at
1600x900 with the preview beside the form and at 1100x900, for the standard Hausformat
and for Landau's (with its "Abstimmungsergeb." column), with a long Gremium name and an
error and a Hinweis under a Gremium, the table scrolls not sideways, every row button
stands inside the visible box, and "Haupt- und Finanzausschuss" is shown whole. In
Debian's chromium, one server and one driver for the module.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import browser, missing, running
from tests.conftest import EXAMPLE
from tests.test_serve_browser import until
from tests.test_serve_layout import viewport
from tests.test_serve_ris import ris
from vorlagen.ris import save_ris

REASON = missing()
HFA = "Haupt- und Finanzausschuss"
LONG = "Ausschuss für Gemeindeentwicklung und Nachhaltigkeit"
BERATUNGEN = f"""\
beratungsfolge:
  - gremium: {HFA}
    sitzungsart: nichtöffentlich
    sitzungstermine: 16.04.2018, 23.04.2018
    rolle: Vorberatung{{ergebnis}}
  - gremium: Haupt und Finanzausschus
    sitzungstermine: 24.04.2018
    rolle: Vorberatung
  - gremium: {LONG}
    sitzungstermine: 30.04.2018
    rolle: Entscheidung
"""


def vorlage(folder: Path, hausformat: str, ergebnis: str = "") -> None:
    """The example, in ``hausformat``, its Beratungsfolge: the HFA, a misspelled HFA (an
    error under its Gremium), the longest Gremium name of the body."""
    shutil.copytree(EXAMPLE.parent, folder)
    file = folder / "vorlage.yaml"
    text = file.read_text(encoding="utf-8")
    start = text.index("beratungsfolge:")
    end = text.index("\n", text.index("sitzungstermine:", text.rindex("gremium:")))
    text = text[:start] + BERATUNGEN.format(ergebnis=ergebnis) + text[end + 1:]
    text = re.sub(r"(?m)^hausformat: .*$", f"hausformat: {hausformat}", text)
    if hausformat == "landau":
        text = re.sub(r"(?m)^art: .*$", "art: Sitzungsvorlage", text)
    file.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if REASON is not None:
        pytest.skip(f"kein Browser: {REASON}")
    folder = tmp_path_factory.mktemp("tabelle")
    save_ris(folder / "ris.yaml", ris())
    vorlage(folder / "standard", "standard")
    vorlage(folder / "landau", "landau", "\n    ergebnis: einstimmig, 3 Enthaltungen")
    with running(folder) as url:
        driver = browser(None, 1600, 900)
        driver.get(url)
        driver.home = url.split("/?")[0]
        try:
            yield driver
        finally:
            driver.quit()


MEASURE = """
var box = document.querySelector('#f-beratungsfolge .rows-scroll')
          || document.querySelector('.rows-scroll');
var area = box.getBoundingClientRect();
var out = {scroll: box.scrollWidth, client: box.clientWidth, left: area.left,
           right: area.left + box.clientWidth, buttons: [], gremien: [], errors: []};
box.querySelectorAll('tbody .row-buttons button').forEach(function (b) {
  var r = b.getBoundingClientRect();
  out.buttons.push([b.id, r.left, r.right]);
});
box.querySelectorAll('input[name$=".gremium"]').forEach(function (i) {
  out.gremien.push([i.value, i.scrollWidth, i.clientWidth]);
});
box.querySelectorAll('.error p').forEach(function (p) {
  var r = p.getBoundingClientRect();
  out.errors.push([p.textContent.slice(0, 40), r.left, r.right]);
});
return out;
"""


def measured(driver: Any, hausformat: str, width: int) -> dict[str, Any]:
    from selenium.webdriver.common.by import By

    viewport(driver, width)
    driver.get(f"{driver.home}/bearbeiten?datei={hausformat}/vorlage.yaml")
    until(lambda: driver.find_elements(By.CSS_SELECTOR, "#f-beratungsfolge .error p"), 30)
    results = driver.find_elements(By.NAME, "beratungsfolge[0].ergebnis")
    assert len(results) == (0 if hausformat == "standard" else 1)  # Landau's result column
    return dict(driver.execute_script(MEASURE))


@pytest.mark.browser
@pytest.mark.parametrize("width", [1600, 1100])
@pytest.mark.parametrize("hausformat", ["standard", "landau"])
def test_the_beratungsfolge_fits_its_box(driver: Any, hausformat: str, width: int) -> None:
    got = measured(driver, hausformat, width)
    said = " ".join(text for text, _, _ in got["errors"])
    assert "Fehler:" in said and "Hinweis:" in said  # an error and a Hinweis under a cell
    assert got["scroll"] <= got["client"], got  # no sideways scrolling
    assert len(got["buttons"]) == 9
    for name, left, right in got["buttons"] + got["errors"]:
        assert got["left"] - 1 <= left and right <= got["right"] + 1, (name, got)
    shown = {value: (scroll, client) for value, scroll, client in got["gremien"]}
    assert shown[HFA][0] <= shown[HFA][1], got  # the name whole, not cut off

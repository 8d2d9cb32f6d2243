"""The README's pictures of ``vorlagen serve`` (make screenshot), taken in Debian's
chromium at 1600 by 900 (``python -m tests.screenshot``): the list of papers, and the form
with the example open and its pages beside it."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from tests.browser_support import browser, missing, running

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE = EXAMPLES / "integrationskonzept-2018-077"
PICTURES = (ROOT / "docs" / "serve-liste.png", ROOT / "docs" / "serve-formular.png")


def main() -> None:
    if reason := missing():
        sys.exit(f"make screenshot: {reason}")
    from selenium.webdriver.common.by import By

    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "vorlagen"
        for example in sorted(EXAMPLES.glob("*/vorlage.yaml")):
            shutil.copytree(example.parent, folder / example.parent.name)
        with running(folder) as url:
            driver = browser(width=1600, height=900)
            try:
                driver.get(url)
                deadline = time.monotonic() + 60  # every paper checked
                while "wird geprüft" in driver.page_source and time.monotonic() < deadline:
                    time.sleep(0.5)
                    driver.refresh()
                driver.save_screenshot(str(PICTURES[0]))
                driver.find_element(  # the paper's title links to its form
                    By.CSS_SELECTOR, f"a[href='/bearbeiten?datei={EXAMPLE.name}/vorlage.yaml']"
                ).click()
                deadline = time.monotonic() + 120
                while not driver.find_elements(By.CSS_SELECTOR, "#vorschau-seiten img"):
                    if time.monotonic() > deadline:
                        sys.exit("make screenshot: keine Vorschau nach 120 s")
                    time.sleep(0.2)
                driver.find_element(By.ID, "f-titel").click()  # the preview follows it
                time.sleep(1)
                driver.save_screenshot(str(PICTURES[1]))
            finally:
                driver.quit()
    print(", ".join(str(picture.relative_to(ROOT)) for picture in PICTURES))


if __name__ == "__main__":
    main()

"""The README's pictures of ``vorlagen serve`` (make screenshot): the form with the
example open, and its preview, taken in Debian's chromium (``python -m tests.screenshot``)."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from tests.browser_support import browser, missing, running

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "integrationskonzept-2018-077"


def main() -> None:
    if reason := missing():
        sys.exit(f"make screenshot: {reason}")
    from selenium.webdriver.common.by import By

    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "vorlagen"
        shutil.copytree(EXAMPLE, folder / EXAMPLE.name)
        with running(folder) as url:
            driver = browser(width=1000, height=1300)
            try:
                driver.get(url)
                driver.find_element(  # the paper's title links to its form
                    By.CSS_SELECTOR, f"a[href='/bearbeiten?datei={EXAMPLE.name}/vorlage.yaml']"
                ).click()
                driver.save_screenshot(str(ROOT / "docs" / "serve-formular.png"))
                driver.find_element(By.CSS_SELECTOR, "button[value='vorschau:voll']").click()
                deadline = time.monotonic() + 120
                while not driver.find_elements(By.CSS_SELECTOR, ".preview img"):
                    if time.monotonic() > deadline:
                        sys.exit("make screenshot: keine Vorschau nach 120 s")
                    time.sleep(0.2)
                driver.execute_script("document.querySelector('.preview').scrollIntoView()")
                time.sleep(0.5)
                driver.save_screenshot(str(ROOT / "docs" / "serve-vorschau.png"))
            finally:
                driver.quit()
    print("docs/serve-formular.png, docs/serve-vorschau.png")


if __name__ == "__main__":
    main()

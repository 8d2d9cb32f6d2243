"""A real browser for the tests of ``vorlagen serve``: Debian's chromium and
chromium-driver driven by Selenium, never a downloaded browser."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from vorlagen.serve import running

__all__ = ["browser", "missing", "running"]

CHROMIUM = ("chromium", "chromium-browser")
DRIVER = "chromedriver"


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium fehlt (pip install -e '.[test]')"
    if not any(shutil.which(name) for name in CHROMIUM):
        return "chromium fehlt (apt-get install -y chromium chromium-driver)"
    if shutil.which(DRIVER) is None:
        return "chromedriver fehlt (apt-get install -y chromium-driver)"
    return None


def browser(download_dir: Path | None = None, width: int = 1100, height: int = 1400) -> Any:
    """A headless chromium through the system's chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = next(str(shutil.which(n)) for n in CHROMIUM if shutil.which(n))
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", f"--window-size={width},{height}", "--lang=de-DE"):
        options.add_argument(argument)
    if download_dir is not None:
        options.add_experimental_option("prefs", {
            "download.default_directory": str(download_dir),
            "download.prompt_for_download": False})
    return webdriver.Chrome(service=Service(executable_path=shutil.which(DRIVER)),
                            options=options)

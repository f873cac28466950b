"""Fixtures of the end-to-end tests: the browser and the folder its screenshots are kept in."""

import os
from pathlib import Path

import pytest

from jupyterlab_browser import CHROMIUM, missing


@pytest.fixture
def browser():
    """Debian's chromium, headless, through Playwright; closed afterwards."""
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        missing(f"no chromium at {CHROMIUM}: the end-to-end browser tests need Debian's chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright is not installed in this environment (pip install -r requirements.txt)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def screenshots(tmp_path):
    """$COURSE_SCREENSHOTS, else the test's temporary folder; printed before and after the test."""
    folder = Path(os.environ.get("COURSE_SCREENSHOTS") or tmp_path / "screenshots").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}", flush=True)
    yield folder
    print(f"\nscreenshots: {folder}", flush=True)

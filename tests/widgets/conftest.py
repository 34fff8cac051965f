"""Fixtures of the widget tests; the browser ones (``ui``) start ``footprintlab app`` and Chromium."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def app_server():
    from ui_support import AppServer

    ARTIFACTS.mkdir(exist_ok=True)
    server = AppServer(log_path=ARTIFACTS / "app-server.log")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def chromium():
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    from ui_support import launch_chromium

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def explorer_page(app_server, chromium):
    """One Explorer page (one kernel) shared by a module's tests, which run in order."""
    from ui_support import ExplorerPage

    page = ExplorerPage(chromium, app_server)
    yield page
    page.close()

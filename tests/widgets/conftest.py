"""Fixtures of the widget tests; the browser ones (``ui``) start ``footprintlab app`` and Chromium."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


VIEWPORTS = {"1400x1000": (1400, 1000), "1920x1080": (1920, 1080)}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """The folder ``footprintlab app`` is started from: where the Explorer saves and loads."""
    return tmp_path_factory.mktemp("workdir")


@pytest.fixture(scope="module")
def app_server(workdir):
    from ui_support import AppServer

    ARTIFACTS.mkdir(exist_ok=True)
    server = AppServer(log_path=ARTIFACTS / "app-server.log", workdir=workdir)
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


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def explorer_page(request, app_server, chromium):
    """One Explorer page (one kernel) per viewport size, shared by a module's tests, which run in
    order; ``explorer_page.size`` ("1400x1000") names the screenshots."""
    from ui_support import ExplorerPage

    page = ExplorerPage(chromium, app_server, *VIEWPORTS[request.param])
    page.size = request.param
    yield page
    page.close()


@pytest.fixture(autouse=True)
def close_widgets():
    """Close the widgets a test made: they stop listening to the engine's commits."""
    yield
    import sys

    if "ipywidgets" in sys.modules:
        sys.modules["ipywidgets"].Widget.close_all()


class SentMessages:
    """Every message a widget sends to the front end, recorded by patching ``Widget._send``."""

    def __init__(self):
        self.records: list[tuple] = []  # (widget, message, buffers)

    def clear(self) -> None:
        self.records.clear()

    def to(self, widget) -> list[dict]:
        return [message for sender, message, _ in self.records if sender is widget]

    def updates(self, widget) -> list[dict]:
        """The state updates sent by ``widget`` (``{"method": "update", "state": ...}``)."""
        return [m for m in self.to(widget) if m.get("method") == "update"]

    def total_bytes(self) -> int:
        """JSON text plus binary buffers of all recorded messages: what goes over the wire."""
        import json

        total = 0
        for _, message, buffers in self.records:
            total += len(json.dumps(message, default=str))
            total += sum(memoryview(b).nbytes for b in buffers or ())
        return total


@pytest.fixture
def sent(monkeypatch):
    import ipywidgets

    record = SentMessages()
    original = ipywidgets.Widget._send

    def recording_send(self, msg, buffers=None):
        record.records.append((self, msg, buffers))
        return original(self, msg, buffers)

    monkeypatch.setattr(ipywidgets.Widget, "_send", recording_send)
    return record


@pytest.fixture
def quickstart():
    import footprintlab as fl

    return fl.quickstart()

"""The Explorer inside a JupyterLab notebook cell (about 960 px wide in a 1400-px window).

A real JupyterLab server (temporary root, settings and workspaces; no token; loopback only) and
Chromium: run the notebook, then check that nothing of the Explorer leaves the cell's output
area, that the graphs fit, and that the console shows no shared-module version warning.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from conftest import ARTIFACTS
from ui_support import PAGE_TIMEOUT_MS, free_port, full_screenshot, layout_problems

pytestmark = [pytest.mark.ui, pytest.mark.slow]

STARTUP_TIMEOUT_S = 120
CELL = "import footprintlab as fl\nfrom footprintlab.widgets import Explorer\n\nExplorer(fl.quickstart())"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    pytest.importorskip("jupyterlab")
    root = tmp_path_factory.mktemp("lab")
    settings = root / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
    notebook = {"cells": [{"cell_type": "code", "execution_count": None, "id": "explorer",
                           "metadata": {}, "outputs": [], "source": CELL}],
                "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)",
                                            "language": "python", "name": "python3"}},
                "nbformat": 4, "nbformat_minor": 5}
    (root / "explorer.ipynb").write_text(json.dumps(notebook))
    port = free_port()
    log = open(ARTIFACTS / "jupyterlab-server.log", "wb")
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
               "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.port_retries=0",
               f"--ServerApp.root_dir={root}", f"--LabApp.user_settings_dir={root / 'settings'}",
               f"--LabApp.workspaces_dir={root / 'workspaces'}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    try:
        _wait_for_port(process, port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_for_port(process, port: int) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)  # polling a port: no event to wait on
    raise RuntimeError(f"jupyter lab did not listen on port {port}")


def test_the_explorer_fits_a_jupyterlab_cell(lab, chromium):
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    messages: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(lab)
               or route.request.url.startswith(("data:", "blob:")) else route.abort())
    try:
        page.goto(f"{lab}/lab/tree/explorer.ipynb")
        page.wait_for_selector(".jp-Notebook")
        page.wait_for_function("() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]"
                               ".some(e => /\\|\\s*Idle/.test(e.textContent))")
        page.click(".lm-MenuBar-itemLabel:text-is('Run')")
        page.click("li[data-command='runmenu:run-all']")
        page.wait_for_selector(".jp-OutputArea-output .fl-explorer .fl-object-graph .fl-node")
        page.wait_for_selector(".jp-OutputArea-output .fl-explorer .fl-hourly path.line")
        page.wait_for_selector(".jp-OutputArea-output .fl-calculation-graph .fl-node")
        cell = page.locator(".jp-OutputArea-output:has(.fl-explorer)").bounding_box()
        assert 850 <= cell["width"] <= 1100  # the narrow case this test is about
        assert layout_problems(page, ".jp-OutputArea-output .fl-explorer") == []
        scale = float(page.get_attribute(".fl-object-graph", "data-scale"))
        assert scale >= 0.6
        full_screenshot(page, ARTIFACTS / "jupyterlab-cell-1400x1000.png", ".jp-OutputArea-output .fl-explorer")
        (ARTIFACTS / "console-jupyterlab.txt").write_text("\n".join(messages) + "\n")
        assert [m for m in messages if m.startswith("pageerror")] == []
        # JupyterLab 4.6 provides the versions the widget extensions were built with
        assert [m for m in messages if "shared module" in m or "shared singleton" in m] == []
        assert [m for m in messages if "fl-" in m and m.startswith("error")] == []
    finally:
        page.close()

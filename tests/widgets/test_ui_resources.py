"""``footprintlab app`` as a real subprocess: kernels of closed or reloaded tabs are shut down, the
printed URL is the one served when the requested port is busy, and the console has no warning
about shared-module versions.
"""
import re
import socket
import time
import urllib.request

import pytest
from conftest import ARTIFACTS
from ui_support import AppServer, ExplorerPage

pytestmark = [pytest.mark.ui, pytest.mark.slow]

CULL_AFTER_S = 5
KERNEL_WAIT_S = 120


def wait_for_kernels(server: AppServer, at_most: int) -> int:
    """The number of kernels once it is at most ``at_most`` (or after KERNEL_WAIT_S)."""
    deadline = time.monotonic() + KERNEL_WAIT_S
    count = server.kernels()
    while count > at_most and time.monotonic() < deadline:
        time.sleep(1)  # kernels end in other processes: polled
        count = server.kernels()
    return count


def test_kernels_of_closed_and_reloaded_tabs_are_shut_down(chromium, tmp_path):
    """Closing or reloading a tab shuts its kernel down at once (Voila's unload beacon, which our
    page makes pass the XSRF check): culling is set far beyond the test's wait."""
    server = AppServer(log_path=ARTIFACTS / "app-server-kernels.log", workdir=tmp_path,
                       extra=["--cull-after", "3600"])
    try:
        first = ExplorerPage(chromium, server)
        for _ in range(3):  # reloading
            first.page.reload()
            first.page.wait_for_selector(".fl-explorer .fl-object-graph .fl-node")
        for _ in range(2):  # tabs left for another site, then closed
            left = ExplorerPage(chromium, server)
            left.page.unroute("**/*")  # a routed page's unload beacon is dropped by Playwright
            left.page.goto("about:blank")
            left.page.close()
        assert wait_for_kernels(server, at_most=1) == 1  # 6 visits, the open page's kernel only
        assert "403 POST /voila/api/shutdown" not in "".join(server.lines)
        first.page.click('.fl-object-graph .fl-node[data-label="streaming"]')
        first.page.wait_for_selector(".fl-editor .fl-field-data_download")  # still alive
        first.close()
    finally:
        server.stop()


def test_the_kernel_of_a_page_gone_without_unloading_is_culled(chromium, tmp_path):
    """A page that could not say goodbye (killed browser): its kernel, without a connection, is
    shut down after ``--cull-after`` seconds."""
    server = AppServer(log_path=ARTIFACTS / "app-server-culling.log", workdir=tmp_path,
                       extra=["--cull-after", str(CULL_AFTER_S)])
    try:
        for _ in range(2):
            vanished = ExplorerPage(chromium, server)
            vanished.page.close()  # no beforeunload: no beacon
        assert wait_for_kernels(server, at_most=0) == 0
        assert "Culling 'idle' kernel" in "".join(server.lines)
    finally:
        server.stop()


def test_with_the_port_busy_the_printed_url_is_the_served_one(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        server = AppServer(port=port, workdir=tmp_path, log_path=ARTIFACTS / "app-server-port.log")
        try:
            assert server.port != port
            assert f"(port {port} is busy)" in "".join(server.lines)
            with urllib.request.urlopen(server.url, timeout=60) as response:
                assert response.status == 200
                assert "voila" in response.read().decode().lower()
        finally:
            server.stop()


def test_the_printed_url_is_the_requested_port_when_it_is_free(tmp_path):
    server = AppServer(workdir=tmp_path, log_path=ARTIFACTS / "app-server-port.log")
    try:
        assert server.url.endswith(f":{server.port}/") and "busy" not in "".join(server.lines)
    finally:
        server.stop()


SHARED = re.compile(r"(?:Unsatisfied version (?P<have>\d+)\.[\d.]+ from _JUPYTERLAB\.CORE_OUTPUT of "
                    r"shared singleton module (?P<module>\S+) \(required \^(?P<want>\d+)\."
                    r"|No satisfying version \(\^(?P<want2>\d+)\.[\d.]+\) of shared module (?P<module2>\S+) "
                    r"found in shared scope default\.\s*Available versions: (?P<have2>\d+)\.)")


def test_shared_module_warnings_are_only_minor_version_mismatches(chromium, tmp_path):
    """Voila 0.5.13's page ships JupyterLab 4.2.5's core modules; the widget manager
    (jupyterlab_widgets 3.0.17) and bqplot were built with JupyterLab 4.5/4.6 and ask for those
    versions, while declaring ^4.0.0. Module federation then uses the page's 4.2.5 copy and
    warns. Harmless as long as the major versions agree (same API): checked here; the page
    renders with no console error."""
    server = AppServer(workdir=tmp_path, log_path=ARTIFACTS / "app-server-console.log")
    try:
        explorer = ExplorerPage(chromium, server)
        messages: list[str] = []
        explorer.page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
        explorer.page.reload()
        explorer.page.wait_for_selector(".fl-explorer .fl-hourly path.line")
        (ARTIFACTS / "console-voila.txt").write_text("\n".join(messages) + "\n")
        shared = [m for m in messages if "shared module" in m or "shared singleton" in m]
        for message in shared:
            match = SHARED.search(message)
            assert match, message
            have, want = match["have"] or match["have2"], match["want"] or match["want2"]
            assert have == want, message  # a major-version mismatch would not be harmless
        assert [m for m in messages if m.startswith("error")] == []
        assert explorer.console_errors == []
        explorer.close()
    finally:
        server.stop()

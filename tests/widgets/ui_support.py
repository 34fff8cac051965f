"""Real-browser support shared by the ``ui`` tests and ``benchmarks/ui_bench.py``.

``AppServer`` runs ``footprintlab app`` on a free loopback port and stops it by its PID;
``launch_chromium`` starts Debian's Chromium through Playwright (never ``playwright install``);
``open_explorer`` loads the app in a page that refuses every request outside the local server
and records console errors.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STARTUP_TIMEOUT_S = 90
PAGE_TIMEOUT_MS = 120_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class AppServer:
    """``footprintlab app [model] --port P --no-browser [--workdir DIR]`` as a child process.

    ``url`` is the URL the command printed (read from its output), so tests reach the server the
    command says it serves.
    """

    def __init__(self, model: str | Path | None = None, log_path: Path | None = None,
                 workdir: Path | None = None, port: int | None = None, extra: list[str] = ()):
        self.port = port or free_port()
        self.log_path = Path(log_path) if log_path else Path(os.devnull)
        command = [sys.executable, "-m", "footprintlab.cli", "app", "--port", str(self.port),
                   "--no-browser", *extra] + ([str(model)] if model else [])
        if workdir is not None:
            command += ["--workdir", str(workdir)]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        cwd=workdir)
        self.lines: list[str] = []
        self.log = open(self.log_path, "w")
        self.url = self._printed_url()
        self.port = int(self.url.rsplit(":", 1)[1].strip("/"))
        threading.Thread(target=self._copy_output, daemon=True).start()
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)  # polling a port: no event to wait on
        self.stop()
        raise RuntimeError(f"footprintlab app did not listen on port {self.port} in {STARTUP_TIMEOUT_S} s")

    def _printed_url(self) -> str:
        """Read the command's output up to its "footprintlab app: http://..." line."""
        for raw in self.process.stdout:
            line = raw.decode(errors="replace")
            self.lines.append(line)
            self.log.write(line)
            match = re.search(r"footprintlab app: (http://127\.0\.0\.1:\d+/)", line)
            if match:
                return match.group(1)
        self.process.wait()
        self.log.close()
        raise RuntimeError(f"footprintlab app exited with {self.process.returncode}: {''.join(self.lines)}")

    def _copy_output(self) -> None:
        for raw in self.process.stdout:
            line = raw.decode(errors="replace")
            self.lines.append(line)
            if not self.log.closed:
                self.log.write(line)
                self.log.flush()

    def kernels(self) -> int:
        """Kernel processes the server runs now."""
        import psutil

        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return 0
        count = 0
        for child in children:
            try:
                if "ipykernel_launcher" in " ".join(child.cmdline()):
                    count += 1
            except psutil.Error:
                pass
        return count

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


class ExplorerPage:
    """A page showing the Explorer, with the record of console errors and refused requests."""

    def __init__(self, browser, server: AppServer, width: int = 1400, height: int = 1000):
        self.server = server
        self.console_errors: list[str] = []
        self.outside_requests: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.page.set_default_timeout(PAGE_TIMEOUT_MS)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.page.route("**/*", self._route)
        self.ws_frames: list[int] = []  # sizes of websocket frames received, in bytes
        self.page.on("websocket", self._on_websocket)
        self.page.goto(server.url)
        self.page.wait_for_selector(".fl-explorer .fl-object-graph .fl-node")
        self.page.wait_for_selector(".fl-hourly path.line")
        self.page.wait_for_selector(".fl-breakdown rect")

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(f"http://127.0.0.1:{self.server.port}/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.outside_requests.append(url)
            route.abort()

    def _on_websocket(self, websocket) -> None:
        def record(payload):
            self.ws_frames.append(len(payload) if payload is not None else 0)

        websocket.on("framereceived", record)

    # reading the page ---------------------------------------------------------------------------
    def chart_path(self) -> str:
        return self.page.get_attribute(".fl-hourly path.line", "d") or ""

    def breakdown_bars(self) -> list[str]:
        return self.page.eval_on_selector_all(
            ".fl-breakdown rect.bar", "rects => rects.map(r => r.getAttribute('height'))")

    def diff_title(self) -> str:
        return self.page.inner_text(".fl-diff-title")

    def node_positions(self) -> dict[str, str]:
        return self.page.eval_on_selector_all(
            ".fl-object-graph .fl-node",
            "nodes => Object.fromEntries(nodes.map(n => [n.dataset.label, n.getAttribute('transform')]))")

    def select(self, label: str, field: str) -> None:
        """Click an object's node and wait for its editor to show ``field``."""
        self.page.click(f'.fl-object-graph .fl-node[data-label="{label}"]')
        self.page.wait_for_selector(f".fl-editor .fl-field-{field}")

    def close(self) -> None:
        self.page.close()


# layout checks, run in the page -------------------------------------------------------------------
LAYOUT_PROBLEMS = r"""(root) => {
  const problems = [];
  const explorer = document.querySelector(root);
  if (!explorer) return [`no ${root}`];
  const box = (el) => el.getBoundingClientRect();
  const shown = (el) => { const r = box(el); return r.width > 0 && r.height > 0; };
  const name = (el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}` +
    (el.textContent ? ` "${el.textContent.trim().slice(0, 40)}"` : '');
  const inside = (inner, outer, what) => {
    const a = box(inner), b = box(outer);
    if (a.left < b.left - 1 || a.right > b.right + 1)
      problems.push(`${name(inner)} [${Math.round(a.left)}..${Math.round(a.right)}] outside ${what} ` +
                    `[${Math.round(b.left)}..${Math.round(b.right)}]`);
  };
  // the explorer itself: inside its container (the page, or a notebook cell's output)
  const container = explorer.closest('.jp-OutputArea-output') || document.documentElement;
  inside(explorer, container, 'its container');
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) problems.push(`page overflows: ${doc.scrollWidth} > ${doc.clientWidth}`);
  // every HTML element of each column stays in its column
  for (const column of explorer.querySelectorAll('.fl-explorer-main, .fl-explorer-side, .fl-files, .fl-compare-bar')) {
    inside(column, explorer, 'the explorer');
    for (const el of column.querySelectorAll('*')) {
      if (el instanceof HTMLElement && shown(el) && !el.closest('.fl-tip') && getComputedStyle(el).position !== 'fixed')
        inside(el, column, 'its column');
    }
  }
  // graphs: every node of the object graph in its panel; the panels in their column
  for (const node of explorer.querySelectorAll('.fl-object-graph .fl-node'))
    inside(node, node.closest('.fl-graph'), 'the object graph');
  // text cut: editor labels, status, captions, select menus showing their whole value
  for (const el of explorer.querySelectorAll('.fl-field .widget-label, .fl-source, .widget-html-content, button'))
    if (shown(el) && el.scrollWidth > el.clientWidth + 1) problems.push(`${name(el)} is cut`);
  const ctx = document.createElement('canvas').getContext('2d');
  for (const select of explorer.querySelectorAll('select')) {
    if (!shown(select) || select.selectedIndex < 0) continue;
    ctx.font = getComputedStyle(select).font;
    const text = select.options[select.selectedIndex].text;
    if (ctx.measureText(text).width > select.clientWidth - 18)
      problems.push(`menu "${text}" is cut (${select.clientWidth}px)`);
  }
  // charts: title inside the figure, axis titles clear of tick labels, no toolbar, legend off bars
  for (const figure of explorer.querySelectorAll('.bqplot')) {
    const svg = figure.querySelector('svg');
    for (const title of figure.querySelectorAll('.mainheading')) if (title.textContent) inside(title, svg, 'its chart');
    for (const axis of figure.querySelectorAll('.axis')) {
      const label = axis.querySelector('.axislabel');
      if (!label || !label.textContent) continue;
      const l = box(label);
      for (const tick of axis.querySelectorAll('.tick text')) {
        const t = box(tick);
        if (t.width && l.left < t.right && t.left < l.right && l.top < t.bottom && t.top < l.bottom)
          problems.push(`axis title "${label.textContent}" overlaps tick "${tick.textContent}"`);
      }
    }
    for (const toolbar of figure.querySelectorAll('[class*=toolbar]')) if (shown(toolbar)) problems.push('a bqplot toolbar is shown');
    for (const legend of figure.querySelectorAll('.legend')) if (shown(legend)) {
      for (const bar of figure.querySelectorAll('rect.bar')) {
        const a = box(legend), b = box(bar);
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) problems.push('legend covers a bar');
      }
    }
  }
  // numbers as people read them (the text of a refused entry is the user's own)
  const texts = [...explorer.querySelectorAll('input[type=text], .widget-readout, td, .fl-calculation-graph tspan')]
    .filter((el) => !el.closest('.fl-field')?.querySelector('.fl-error-text'))
    .map((el) => el.value ?? el.textContent);
  for (const text of texts) if (/\d[eE][+-]?\d/.test(text)) problems.push(`number with an exponent: ${text}`);
  return problems;
}"""


def layout_problems(page, root: str = ".fl-explorer") -> list[str]:
    """What is clipped, overflows or overlaps in the Explorer (empty when the layout is right)."""
    return page.evaluate(LAYOUT_PROBLEMS, root)


def full_screenshot(page, path, selector: str = ".fl-explorer") -> None:
    """A screenshot of the whole Explorer: the viewport grown to its height, then restored
    (Voila and JupyterLab scroll an inner element, which ``full_page`` does not capture)."""
    size = page.viewport_size
    height = page.evaluate(f"() => Math.ceil(document.querySelector('{selector}')"
                           ".getBoundingClientRect().bottom + 40)")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    try:
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(size)

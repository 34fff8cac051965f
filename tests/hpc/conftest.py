"""Fixtures for the HPC tests: a real VictoriaMetrics and a local recorded-API HTTP server."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).parent / "data"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VictoriaMetrics:
    """A running victoria-metrics on 127.0.0.1 with helpers to load samples."""

    def __init__(self, url: str) -> None:
        self.url = url

    def import_series(self, series: list[dict]) -> None:
        body = "\n".join(json.dumps(s) for s in series).encode()
        request = urllib.request.Request(f"{self.url}/api/v1/import", data=body, method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 204
        urllib.request.urlopen(f"{self.url}/internal/force_flush", timeout=30).read()

    def import_samples(self, samples: pd.DataFrame, metric: str = "amperageProbeReading",
                       labels: dict | None = None, node_label: str = "alias") -> None:
        labels = {"amperageProbeLocationName": "System Board Pwr Consumption"} \
            if labels is None else labels
        series = []
        for node, group in samples.groupby("node"):
            series.append({
                "metric": {"__name__": metric, node_label: node, **labels},
                "values": group["watts"].astype(float).tolist(),
                "timestamps": (group["time"].to_numpy() * 1000).round().astype("int64").tolist(),
            })
        self.import_series(series)


@pytest.fixture(scope="session")
def victoria_metrics(tmp_path_factory):
    binary = shutil.which("victoria-metrics")
    if binary is None:
        pytest.skip("victoria-metrics is not installed (apt-get install -y victoria-metrics)")
    port = free_port()
    data_dir = tmp_path_factory.mktemp("vmdata")
    process = subprocess.Popen(
        [binary, f"-storageDataPath={data_dir}", f"-httpListenAddr=127.0.0.1:{port}",
         "-retentionPeriod=100y", "-loggerLevel=ERROR"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/health", timeout=1).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"victoria-metrics did not start: {process.stderr.read()}") from None
            time.sleep(0.05)
    try:
        yield VictoriaMetrics(url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class RecordedServer:
    """Serves recorded answers: GB API files by path, plus fixed JSON routes; logs requests."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict]] = []
        self.routes: dict[str, tuple[int, object]] = {}
        self.url = ""

    def answer(self, path: str) -> tuple[int, object]:
        route = path.split("?", 1)[0]
        if route in self.routes:
            return self.routes[route]
        parts = route.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "intensity":
            name = f"{parts[1]}_{parts[2]}.json".replace(":", "")
            file = DATA / "gb_api" / name
            if file.exists():
                return 200, json.loads(file.read_text())
        return 404, {"error": {"code": "404", "message": f"no recording for {path}"}}


@pytest.fixture
def recorded_server():
    state = RecordedServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            state.requests.append((self.path, dict(self.headers)))
            status, payload = state.answer(self.path)
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class EchoServer:
    """Answers every GET with ``(status, body)`` from ``reply``; ``body=None`` echoes the
    request line and headers (as a careless proxy or auth server does in its error page)."""

    def __init__(self) -> None:
        self.reply: tuple[int, object] = (401, None)
        self.requests: list[tuple[str, dict]] = []
        self.url = ""


@pytest.fixture
def echo_server():
    state = EchoServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            state.requests.append((self.path, dict(self.headers)))
            status, payload = state.reply
            if payload is None:
                body = (f"unauthorized:\n{self.headers}{self.requestline}").encode()
            else:
                body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def dribble_server():
    """A server that answers 200 with a 1,000-byte body sent one byte every 0.3 s."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.flush()
            try:
                for _ in range(1000):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.3)
            except OSError:  # the client gave up: what the test wants
                pass

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

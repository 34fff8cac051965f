"""A small JSON-over-HTTP GET with a deadline and retries (stdlib ``urllib``, no dependency).

``timeout`` bounds the whole call: connecting, every read of the headers and the body, the
retries and the waits between them. A server that sends one byte now and then cannot keep a
request alive past it: at the deadline the connection is shut down from a timer.

Messages never carry a credential: URLs, headers and answers quoted in them pass through
:func:`footprintlab.hpc._redact.redact` with the request's header values as secrets.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from typing import Any

from ._redact import redact

__all__ = ["HTTPFetchError", "get_json"]

_RETRY_STATUS = {429, 500, 502, 503, 504}


class HTTPFetchError(RuntimeError):
    """A request failed after its retries; the message names the URL (never a credential)."""


class _Deadline:
    """The instant a request must be over, and the sockets to cut when it passes."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def watch(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)
        return sock

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # already closed, or never connected
        pass


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """An opener (proxies from the environment kept) whose connections the deadline can cut."""

    def connection(base):
        class Connection(base):
            def connect(self) -> None:
                self.timeout = max(deadline.remaining(), 0.001)
                self._create_connection = self._watched
                super().connect()
                deadline.watch(self.sock)

            @staticmethod
            def _watched(*args, **kwargs):
                return deadline.watch(socket.create_connection(*args, **kwargs))

        return Connection

    class HTTP(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(connection(http.client.HTTPConnection), req)

    class HTTPS(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(connection(http.client.HTTPSConnection), req,
                                context=self._context)

    return urllib.request.build_opener(HTTP(), HTTPS())


def _read_body(response, deadline: _Deadline) -> bytes:
    chunks: list[bytes] = []
    while True:
        chunk = response.read(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        if deadline.remaining() <= 0:
            raise TimeoutError("deadline passed while reading the answer")


def get_json(
    url: str,
    headers: dict[str, str] | None = None,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 0.5,
) -> Any:
    """GET ``url`` and decode its JSON body, all within ``timeout`` seconds.

    Retries ``retries`` times on connection errors and HTTP 429/5xx, waiting
    ``backoff * 2**attempt`` s between attempts (never past the deadline). Other HTTP errors,
    and the deadline, fail at once.
    """
    # a header's credential ("Bearer <token>" -> "<token>") is masked wherever it appears
    secrets = [value.split()[-1] for value in (headers or {}).values() if value.split()]
    shown = redact(url, secrets)
    request = urllib.request.Request(url, headers={"Accept": "application/json", **(headers or {})})
    deadline = _Deadline(timeout)
    try:
        return _attempts(request, shown, secrets, deadline, retries, backoff)
    finally:
        deadline.cancel()


def _attempts(request, shown: str, secrets: list, deadline: _Deadline, retries: int,
              backoff: float) -> Any:
    opener = _opener(deadline)
    last = ""
    for attempt in range(retries + 1):
        try:
            with opener.open(request, timeout=max(deadline.remaining(), 0.001)) as response:
                body = _read_body(response, deadline)
            if deadline.expired:
                raise TimeoutError("deadline passed")
            return _decode(body, shown, secrets)
        except urllib.error.HTTPError as exc:
            # redact the start of the answer, then shorten it: a cut never splits a secret
            text = redact(exc.read(4096).decode("utf-8", "replace"), secrets)[:300]
            if exc.code not in _RETRY_STATUS:
                raise HTTPFetchError(f"GET {shown}: HTTP {exc.code} {exc.reason}: {text}") from None
            last = f"HTTP Error {exc.code} {exc.reason}"
        except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            if deadline.expired or deadline.remaining() <= 0:
                raise HTTPFetchError(f"GET {shown}: no complete answer within the timeout of "
                                     f"{deadline.seconds:g} s (--timeout)") from None
            last = redact(getattr(exc, "reason", exc), secrets)
        wait = backoff * 2**attempt
        if attempt < retries and wait < deadline.remaining():
            time.sleep(wait)
        elif attempt < retries:
            break
    raise HTTPFetchError(f"GET {shown}: failed after {attempt + 1} attempt(s): {last}")


def _decode(body: bytes, shown: str, secrets: list) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        start = redact(body[:4096].decode("utf-8", "replace"), secrets)[:80]
        raise HTTPFetchError(f"GET {shown}: the answer is not JSON ({exc}); it begins "
                             f"{start!r}") from None

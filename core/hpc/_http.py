"""A small JSON-over-HTTP GET with timeout and retries (stdlib ``urllib``, no dependency)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any

__all__ = ["HTTPFetchError", "get_json"]

_RETRY_STATUS = {429, 500, 502, 503, 504}


class HTTPFetchError(RuntimeError):
    """A request failed after its retries; the message names the URL (never the token)."""


def get_json(
    url: str,
    headers: dict[str, str] | None = None,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 0.5,
) -> Any:
    """GET ``url`` and decode its JSON body.

    Retries ``retries`` times on connection errors, timeouts and HTTP 429/5xx, waiting
    ``backoff * 2**attempt`` s between attempts. Other HTTP errors fail at once.
    """
    request = urllib.request.Request(url, headers={"Accept": "application/json", **(headers or {})})
    last: Exception | None = None
    for attempt in range(retries + 1):
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            body = exc.read()[:300].decode("utf-8", "replace")
            if exc.code not in _RETRY_STATUS:
                raise HTTPFetchError(f"GET {url}: HTTP {exc.code} {exc.reason}: {body}") from None
            last = exc
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            last = exc
        except json.JSONDecodeError as exc:
            raise HTTPFetchError(f"GET {url}: the answer is not JSON ({exc})") from None
        if attempt < retries:
            time.sleep(backoff * 2**attempt)
    raise HTTPFetchError(f"GET {url}: failed after {retries + 1} attempts: {last}")

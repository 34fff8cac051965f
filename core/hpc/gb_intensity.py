"""Client for the GB Carbon Intensity API (National Energy System Operator, carbonintensity.org.uk).

``GET {base_url}/intensity/{from}/{to}`` answers half-hourly periods::

    {"data": [{"from": "2018-01-20T12:00Z", "to": "2018-01-20T12:30Z",
               "intensity": {"forecast": 266, "actual": 263, "index": "moderate"}}]}

The API accepts at most 14 days per request, so a range is fetched in 14-day chunks aligned to
the Unix epoch (one request per chunk, not per period); each finished chunk (ending more than a
day ago) is cached on disk as the JSON received, so re-runs need no network. A period takes its
``actual`` value, else its ``forecast``; which one is recorded in ``kind`` (``gb-api:actual`` or
``gb-api:forecast``). footprintlab ships none of the API's data; its terms are on
carbonintensity.org.uk (see DATA_SOURCES.md, section "HPC").
"""

from __future__ import annotations

import json
import math
import os
import time
import warnings
from pathlib import Path

import pandas as pd

from .._files import write_text
from ._http import get_json

__all__ = ["DEFAULT_GB_API_URL", "CacheWarning", "GBCarbonIntensityClient", "parse_gb_response"]


class CacheWarning(UserWarning):
    """A cache file could not be read; it was set aside and its period fetched again."""

DEFAULT_GB_API_URL = "https://api.carbonintensity.org.uk"
CHUNK_DAYS = 14  # the API's longest range per request
_FMT = "%Y-%m-%dT%H:%MZ"


def _default_cache_dir() -> Path:
    root = os.environ.get("FOOTPRINTLAB_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "footprintlab")
    return Path(root) / "gb-intensity"


def parse_gb_response(payload: dict, where: str = "GB API answer") -> pd.DataFrame:
    """Turn one API answer into the intensity table (from, to, intensity, kind, source).

    Raises ``ValueError`` naming ``where`` and the item for an answer of another shape, a
    value that is not a number or a negative intensity.
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        shown = str(payload)[:200]
        raise ValueError(f"{where}: expected {{'data': [{{'from': ..., 'to': ..., "  # noqa: TRY004
                         f"'intensity': {{'actual': ..., 'forecast': ...}}}}, ...]}}, got {shown}")
    rows = [row for i, item in enumerate(payload["data"])
            if (row := _period_row(item, f"{where}: data[{i}]")) is not None]
    frame = pd.DataFrame(rows, columns=["from", "to", "intensity", "kind"])
    for column in ("from", "to"):
        parsed = pd.to_datetime(frame[column], format="ISO8601", utc=True, errors="coerce")
        if parsed.isna().any():
            i = int(parsed.isna().to_numpy().argmax())
            raise ValueError(f"{where}: {column!r} {frame[column].iloc[i]!r} is not a date-time "
                             "like 2024-01-20T12:00Z")
        frame[column] = parsed.astype("datetime64[ns, UTC]")
    frame["source"] = "gb-api"
    return frame


def _period_row(item, where: str) -> tuple | None:
    """``(from, to, g/kWh, kind)`` of one half-hour; None when it has no value at all."""
    try:
        values = item["intensity"]
        actual, forecast = values.get("actual"), values.get("forecast")
        frm, to = item["from"], item["to"]
    except (KeyError, TypeError, AttributeError):
        raise ValueError(f"{where} lacks from/to/intensity: {str(item)[:200]}") from None
    for value, kind in ((actual, "gb-api:actual"), (forecast, "gb-api:forecast")):
        if value is None:
            continue
        number = _number(value)
        if number is None or number < 0:
            raise ValueError(f"{where}: intensity {kind.split(':')[1]} {value!r} is not a "
                             "non-negative number of gCO2e/kWh")
        return frm, to, number, kind
    return None


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


class GBCarbonIntensityClient:
    """Fetch GB half-hourly carbon intensity with one request per 14 days and a disk cache.

    Parameters
    ----------
    base_url : str
        API root (default the public API; tests point it at a local recorded server).
    cache_dir : path, optional
        Where finished chunks are kept (default ``$FOOTPRINTLAB_CACHE/gb-intensity`` or
        ``~/.cache/footprintlab/gb-intensity``); ``False`` disables the cache.
    timeout, retries : float, int
        Per request.
    """

    def __init__(self, base_url: str = DEFAULT_GB_API_URL, cache_dir=None,
                 timeout: float = 30.0, retries: int = 3) -> None:
        self.base_url = base_url.rstrip("/")
        self.cache_dir = None if cache_dir is False else Path(cache_dir or _default_cache_dir())
        self.timeout = timeout
        self.retries = retries
        self.requests_made = 0

    def _chunks(self, start: pd.Timestamp, end: pd.Timestamp) -> list[tuple]:
        width = pd.Timedelta(days=CHUNK_DAYS)
        epoch = pd.Timestamp(0, tz="UTC")
        first = epoch + ((start - epoch) // width) * width
        chunks, a = [], first
        while a < end:
            chunks.append((a, a + width))
            a += width
        return chunks

    def _chunk(self, a: pd.Timestamp, b: pd.Timestamp) -> pd.DataFrame:
        where = f"GB API {a}..{b}"
        key = f"{a.strftime('%Y%m%dT%H%M')}_{b.strftime('%Y%m%dT%H%M')}.json"
        path = self.cache_dir / key if self.cache_dir is not None else None
        if path is not None and path.exists():
            cached = self._from_cache(path, where)
            if cached is not None:
                return cached
        url = f"{self.base_url}/intensity/{a.strftime(_FMT)}/{b.strftime(_FMT)}"
        payload = get_json(url, timeout=self.timeout, retries=self.retries)
        self.requests_made += 1
        table = parse_gb_response(payload, where)
        finished = b < pd.Timestamp(time.time(), unit="s", tz="UTC") - pd.Timedelta(days=1)
        if path is not None and finished:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text(path, json.dumps(payload), overwrite=True)
        return table

    def _from_cache(self, path: Path, where: str) -> pd.DataFrame | None:
        """The cached chunk; a file that cannot be read is renamed aside (with a warning)."""
        try:
            with open(path, encoding="utf-8") as handle:
                return parse_gb_response(json.load(handle), f"{where} (cache file {path})")
        except (ValueError, UnicodeDecodeError) as exc:
            aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
            os.replace(path, aside)
            warnings.warn(CacheWarning(
                f"GB intensity cache file {path} is unreadable ({str(exc)[:120]}); it was "
                f"moved to {aside.name} and the period is fetched again"), stacklevel=4)
            return None

    def fetch(self, start, end, progress=None) -> pd.DataFrame:
        """Intensity table covering ``[start, end)`` (anything ``pd.Timestamp`` takes; naive = UTC).

        ``progress(done, total)`` is called after each chunk.
        """
        start, end = (pd.Timestamp(x) for x in (start, end))
        start = start.tz_localize("UTC") if start.tzinfo is None else start.tz_convert("UTC")
        end = end.tz_localize("UTC") if end.tzinfo is None else end.tz_convert("UTC")
        if end <= start:
            raise ValueError(f"GB intensity: end {end} is not after start {start}")
        chunks = self._chunks(start, end)
        frames = []
        for done, (a, b) in enumerate(chunks, 1):
            frames.append(self._chunk(a, b))
            if progress is not None:
                progress(done, len(chunks))
        table = pd.concat(frames, ignore_index=True).sort_values(["from", "kind"])  # actual first
        table = table.drop_duplicates("from", keep="first").reset_index(drop=True)
        keep = (table["to"] > start) & (table["from"] < end)
        return table.loc[keep].reset_index(drop=True)

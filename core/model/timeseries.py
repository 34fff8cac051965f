"""Hourly-series operations used by the model's formulas (pure numpy)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np

from footprintlab.engine import Hourly, u
from footprintlab.engine.values import HOUR


def spread_over_duration(starts: Hourly, duration_h: float) -> Hourly:
    """Average number of events in progress each hour.

    Each start occupies ``duration_h`` hours: one full unit in each of the ``floor(duration)``
    hours from its start hour, then the fractional remainder in the next hour
    (a boxcar convolution). The result is longer than ``starts`` by ``ceil(duration)`` hours.
    """
    whole = int(np.floor(duration_h))
    frac = float(duration_h - whole)
    values = starts.values
    n = len(values)
    out = np.zeros(n + whole + (1 if frac > 0 else 0))
    if whole > 0:
        # Σ_{k=0}^{whole-1} v[i-k], from differences of a cumulative sum: O(n), no scipy
        out[: n + whole] = _window_sums(values, whole)
    if frac > 0:
        out[whole : whole + n] += frac * values
    return Hourly(out, starts.start, starts.unit)


def _window_sums(values: np.ndarray, width: int) -> np.ndarray:
    """out[i] = Σ values[i-width+1 .. i] for i in 0 .. n+width-2 (zeros outside)."""
    csum = np.concatenate([[0.0], np.cumsum(values)])
    n = len(values)
    idx = np.arange(n + width - 1)
    hi = np.minimum(idx + 1, n)
    lo = np.clip(idx + 1 - width, 0, n)
    out = np.zeros(n + width)
    out[: n + width - 1] = csum[hi] - csum[lo]
    return out


def local_to_utc(series: Hourly, timezone: str) -> Hourly:
    """Re-index an hourly series given in local wall-clock time to UTC hours.

    Each local hour goes to the UTC hour it is in (the first occurrence of an ambiguous autumn
    hour; the skipped spring hour keeps the offset before the change), so totals are preserved.
    """
    zone = ZoneInfo(timezone)
    n = len(series.values)
    if n == 0:
        return series
    local_start = series.start.astype("datetime64[s]").astype(dt.datetime)
    day_count = n // 24 + 2
    # UTC offset in hours for each local hour, evaluated per day and refined on change days
    offsets = np.empty(n)
    for day in range(day_count):
        first = day * 24
        if first >= n:
            break
        last = min(first + 24, n)
        t0 = local_start + dt.timedelta(hours=first)
        t1 = local_start + dt.timedelta(hours=last - 1)
        o0 = t0.replace(tzinfo=zone).utcoffset()
        o1 = t1.replace(tzinfo=zone).utcoffset()
        if o0 == o1:
            offsets[first:last] = o0.total_seconds() / 3600
        else:
            for i in range(first, last):
                t = local_start + dt.timedelta(hours=i)
                offsets[i] = t.replace(tzinfo=zone).utcoffset().total_seconds() / 3600
    utc_index = np.arange(n) - offsets  # hours since local start, in UTC
    base = int(np.floor(utc_index.min()))
    positions = np.floor(utc_index).astype(np.int64) - base
    out = np.zeros(int(positions.max()) + 1)
    np.add.at(out, positions, series.values)
    return Hourly(out, series.start + base * HOUR, series.unit)


def sum_series(items, unit) -> Hourly | None:
    """Sum of hourly series (aligned); ``None`` when there are none."""
    total = None
    for item in items:
        if item is None:
            continue
        total = item if total is None else total + item
    return total.to(unit) if total is not None else None


def empty(unit=u.dimensionless) -> Hourly:
    return Hourly(np.zeros(0), "2025-01-01", unit)

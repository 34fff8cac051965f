"""Decimation of long hourly series for drawing: daily min-mean-max bands, or an hourly window.

At most ``MAX_POINTS`` points per mark go to the browser: years of hours are drawn as one band per
day (min to max) with the daily mean; a zoomed view of a few weeks gets the hourly values.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_POINTS = 5_000
HOUR_MS = 3_600_000.0
DAY_HOURS = 24


@dataclass
class Drawn:
    """What a chart draws for one series.

    ``x`` is ``datetime64[ms]``; ``mean`` the line; ``low``/``high`` the band (``None`` in hourly
    detail, where the line is the hourly values themselves).
    """

    x: np.ndarray
    mean: np.ndarray
    low: np.ndarray | None
    high: np.ndarray | None

    @property
    def hourly(self) -> bool:
        return self.low is None


def hour_axis(start: np.datetime64, n: int) -> np.ndarray:
    """``n`` hours from ``start`` as ``datetime64[ms]``."""
    return start.astype("datetime64[ms]") + np.arange(n) * np.timedelta64(3_600_000, "ms")


def partial_hours(n: int) -> int:
    """Hours of the last, partial day of an ``n``-hour series (0 when every day is full)."""
    return n % DAY_HOURS


def daily_band(values: np.ndarray, start: np.datetime64) -> Drawn:
    """Daily min, mean and max of an hourly series, one point at each full day's start.

    A partial last day (``partial_hours``) is left out of the daily view rather than drawn as a
    day: the mean of a few hours of a day's tail is not a daily mean, and drawing it made the
    line drop at the end. It is drawn in the hourly detail (``window``). Series short enough
    (<= MAX_POINTS hours) are returned hourly, undecimated.
    """
    values = np.asarray(values, dtype=np.float64)
    n = len(values)
    if n <= MAX_POINTS:
        return Drawn(hour_axis(start, n), values, None, None)
    days = n // DAY_HOURS
    table = values[: days * DAY_HOURS].reshape(days, DAY_HOURS)
    x = start.astype("datetime64[ms]") + np.arange(days) * np.timedelta64(86_400_000, "ms")
    return Drawn(x, table.mean(axis=1), table.min(axis=1), table.max(axis=1))


def window(values: np.ndarray, start: np.datetime64, low_ms: float, high_ms: float) -> Drawn:
    """The hourly values between two times (epoch ms), padded by half the span on each side and
    capped at MAX_POINTS."""
    values = np.asarray(values, dtype=np.float64)
    first_ms = float((start.astype("datetime64[ms]") - np.datetime64(0, "ms")) / np.timedelta64(1, "ms"))
    span = high_ms - low_ms
    i0 = max(0, int(np.floor((low_ms - span / 2 - first_ms) / HOUR_MS)))
    i1 = min(len(values), int(np.ceil((high_ms + span / 2 - first_ms) / HOUR_MS)) + 1)
    if i1 - i0 > MAX_POINTS:
        centre = (i0 + i1) // 2
        i0, i1 = centre - MAX_POINTS // 2, centre + MAX_POINTS // 2
    i0 = max(0, i0)
    return Drawn(hour_axis(start + i0 * np.timedelta64(1, "h"), i1 - i0), values[i0:i1], None, None)


def hours_in_view(low_ms: float | None, high_ms: float | None) -> float:
    if low_ms is None or high_ms is None:
        return float("inf")
    return (high_ms - low_ms) / HOUR_MS

"""Hourly-series operations used by the model's formulas (pure numpy)."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import cast
from zoneinfo import ZoneInfo

import numpy as np
from footprintlab.engine import Hourly, u
from footprintlab.engine.units import convert
from footprintlab.engine.values import HOUR


def spread_over_duration(starts: Hourly, duration_h: float) -> Hourly:
    """Average number of events in progress each hour.

    Each start occupies ``duration_h`` hours: one full unit in each of the ``floor(duration)``
    hours from its start hour, then the fractional remainder in the next hour
    (a boxcar convolution). The result ends with the last hour in which a start is in progress.
    """
    whole = int(np.floor(duration_h))
    frac = float(duration_h - whole)
    values = starts.values
    n = len(values)
    if n == 0:  # no starts: no hours (an empty series stays neutral)
        return starts
    # the last start is in progress until hour n - 1 + whole (its fraction in the hour after)
    out = np.zeros(max(n, n + whole - (0 if frac > 0 else 1)), dtype=values.dtype)
    if whole > 0:
        # Σ_{k=0}^{whole-1} v[i-k], from differences of a cumulative sum: O(n), no scipy
        out[: n + whole - 1] = _window_sums(values, whole)[: n + whole - 1]
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

    The values are a wall-clock profile: the value for a local hour applies to every real hour the
    clock shows it. So on the spring change the local hour that does not exist is left out (the
    day has 23 hours), and on the autumn change the repeated local hour counts twice (the day has
    25). No UTC hour gets two hours' worth, none is left empty: no artefact in hourly charts.
    """
    n = len(series.values)
    if n == 0:
        return series
    offsets = utc_offsets_hours(timezone, str(series.start), n)
    utc_index = np.arange(n) - offsets  # hours since the local start, on the UTC axis
    base = int(np.floor(utc_index.min()))
    positions = np.floor(utc_index).astype(np.int64) - base
    if np.all(np.diff(positions) == 1):  # no DST change inside: a plain shift
        return Hourly(series.values, series.start + base * HOUR, series.unit)
    keep, extra_positions, extra_values = _clock_changes(offsets, positions, series.values)
    positions = np.concatenate([positions[keep], extra_positions])
    weights = np.concatenate([series.values[keep], extra_values])
    out = np.bincount(positions, weights=weights, minlength=int(positions.max()) + 1)
    return Hourly(out, series.start + base * HOUR, series.unit)


def _clock_changes(offsets: np.ndarray, positions: np.ndarray, values: np.ndarray):
    """Local hours that do not exist (dropped) and repeated ones (their second occurrence).

    ``offsets[i]`` is the offset of local hour i (of its first occurrence when repeated, of the
    time before the change when skipped). Where the offset grows by d hours at index b, the d
    local hours before b were skipped; where it shrinks by d, the d hours before b repeat, the
    second time at the new offset."""
    keep = np.ones(len(offsets), dtype=bool)
    extra_positions, extra_values = [], []
    for b in np.flatnonzero(np.diff(offsets)) + 1:
        delta = offsets[b] - offsets[b - 1]
        hours = int(round(abs(delta)))
        if hours != abs(delta) or hours == 0:  # a change by a fraction of an hour: keep as is
            continue
        first = max(int(b) - hours, 0)
        if delta > 0:
            keep[first:b] = False
        else:
            extra_positions.append(positions[first:b] + hours)
            extra_values.append(values[first:b])
    return keep, _joined(extra_positions, np.int64), _joined(extra_values, values.dtype)


def _joined(parts: list, dtype) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


@lru_cache(maxsize=64)
def utc_offsets_hours(timezone: str, local_start: str, n: int) -> np.ndarray:
    """UTC offset (hours) of each of ``n`` local hours from ``local_start``.

    Offsets are sampled once a week; a week whose ends differ is bisected to the hour of change
    (time zones do not change offset twice within a week).
    """
    zone = ZoneInfo(timezone)
    start = dt.datetime.fromisoformat(local_start)

    def offset(hour: int) -> float:
        moment = (start + dt.timedelta(hours=hour)).replace(tzinfo=zone)
        return cast(dt.timedelta, moment.utcoffset()).total_seconds() / 3600  # aware: never None

    offsets = np.empty(n)
    step = 168
    low, low_offset = 0, offset(0)
    while low < n:
        high = min(low + step, n - 1)
        high_offset = offset(high)
        if high_offset == low_offset:
            offsets[low : high + 1] = low_offset
        else:
            a, b = low, high  # offset(a) == low_offset != offset(b): find the first hour of change
            while b - a > 1:
                middle = (a + b) // 2
                if offset(middle) == low_offset:
                    a = middle
                else:
                    b = middle
            offsets[low:b] = low_offset
            offsets[b : high + 1] = high_offset
        if high == n - 1:
            break
        low, low_offset = high, high_offset
    offsets.setflags(write=False)
    return offsets


def sum_series(items, unit) -> Hourly:
    """Sum of hourly series (aligned on the union of their hours); an empty series when none."""
    series = [item for item in items if item is not None and len(item.values)]
    if not series:
        return empty(unit)
    if len(series) == 1:
        return series[0].to(unit)
    start = min(item.start for item in series)
    end = max(item.end for item in series)
    out = np.zeros(int((end - start) / HOUR), dtype=np.result_type(*(item.values for item in series)))
    for item in series:
        offset = int((item.start - start) / HOUR)
        out[offset : offset + len(item.values)] += convert(item.values, item.unit, unit)
    return Hourly._raw(out, start, unit)


def shifted_weighted_sum(series: Hourly, terms, unit) -> Hourly:
    """Σ_k weight_k × series delayed by offset_k hours, in one buffer (fractional offsets split
    between two hours, as ``Hourly.shift``). ``terms``: (offset hours, weight) pairs; the weights are
    plain numbers and the result has ``unit``."""
    terms = [(offset, weight) for offset, weight in terms if weight != 0]
    values = series.values
    n = len(values)
    if not terms or n == 0:
        return Hourly._raw(np.zeros(0), series.start, unit)
    whole = [int(np.floor(offset)) for offset, _ in terms]
    base = min(whole)
    length = n + max(whole) - base + 2
    out = np.zeros(length, dtype=values.dtype)
    for (offset, weight), w in zip(terms, whole, strict=True):
        frac = offset - w
        at = w - base
        if frac == 0:
            out[at : at + n] += weight * values
        else:
            out[at : at + n] += (weight * (1 - frac)) * values
            out[at + 1 : at + 1 + n] += (weight * frac) * values
    used = length
    while used > 0 and out[used - 1] == 0:
        used -= 1
    return Hourly._raw(out[: max(used, n)], series.start + base * HOUR, unit)


def minus_delayed(series: Hourly, delay_h: float) -> Hourly:
    """``series − series delayed by delay_h hours`` on the hours of ``series`` only (what a later
    deletion would remove after the end is outside the modelled period)."""
    values = series.values
    n = len(values)
    out = values.astype(np.float64, copy=True)
    whole = int(np.floor(delay_h))
    frac = delay_h - whole
    if whole < n:
        out[whole:] -= (1 - frac) * values[: n - whole]
    if frac and whole + 1 < n:
        out[whole + 1 :] -= frac * values[: n - whole - 1]
    return Hourly._raw(out, series.start, series.unit)


# The start of an empty series: never read as a time (an empty series is neutral in sums and
# alignments, see ``engine.values._align``), only kept because every series has a start.
_NO_HOURS = np.datetime64("1970-01-01T00", "h")


def empty(unit=u.dimensionless) -> Hourly:
    """A series with no hours (neutral when combined with others)."""
    return Hourly._raw(np.zeros(0), _NO_HOURS, unit)

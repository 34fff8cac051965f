"""Builders of hourly usage series (e.g. usage journey starts), all in local time from a start date."""
from __future__ import annotations

import numpy as np
from footprintlab.engine import Hourly, u


def _hours(n_hours: int) -> np.ndarray:
    return np.arange(int(n_hours), dtype=np.float64)


def linear_growth(start_value: float, end_value: float, n_hours: int, start_date) -> Hourly:
    """Occurrences per hour growing linearly: ``np.linspace(start_value, end_value, n_hours)``."""
    return Hourly(np.linspace(start_value, end_value, int(n_hours)), start_date, u.occurrence)


def sinusoidal_fluctuation(amplitude: float, period_hours: float, n_hours: int, start_date) -> Hourly:
    """Occurrences per hour ``amplitude × sin(2π t / period)``, t in hours from the start."""
    return Hourly(amplitude * np.sin(2 * np.pi * _hours(n_hours) / period_hours), start_date, u.occurrence)


def daily_fluctuation(scale: float, hour_of_day_for_min_value: int, n_hours: int, start_date) -> Hourly:
    """A dimensionless daily factor ``1 + scale × sin(3π/2 + 2π (hour_of_day − min_hour) / 24)``."""
    start = Hourly(np.zeros(0), start_date).start
    first_hour = int((start - start.astype("datetime64[D]")) / np.timedelta64(1, "h"))
    hour_of_day = (first_hour + np.arange(int(n_hours))) % 24
    values = 1 + scale * np.sin(3 * np.pi / 2 + 2 * np.pi * (hour_of_day - hour_of_day_for_min_value) / 24)
    return Hourly(values, start, u.dimensionless)


def from_list(values, start_date, unit=u.occurrence) -> Hourly:
    """Hourly values given one per hour from ``start_date``."""
    return Hourly(np.asarray(values, dtype=np.float64), start_date, unit)


def from_pandas(series, unit=u.occurrence) -> Hourly:
    """From a pandas Series with an hourly DatetimeIndex (gaps are filled with 0)."""
    import pandas as pd

    if not isinstance(series.index, pd.DatetimeIndex):
        raise TypeError("from_pandas expects a Series with a DatetimeIndex")
    hourly = series.resample("h").sum()
    start = hourly.index[0]
    if start.tzinfo is not None:
        start = start.tz_convert("UTC").tz_localize(None)
    return Hourly(hourly.to_numpy(dtype=np.float64), start.to_datetime64(), unit)


def from_typical_week(values_168, n_hours: int, start_date, unit=u.occurrence) -> Hourly:
    """Repeat a 168-value week (Monday 00:00 first) over ``n_hours`` from ``start_date``."""
    week = np.asarray(values_168, dtype=np.float64)
    if week.shape != (168,):
        raise ValueError(f"a typical week has 168 hourly values, got {week.shape[0] if week.ndim else 0}")
    series = Hourly(np.zeros(int(n_hours)), start_date, unit)
    hours = series.hours().astype("datetime64[h]").astype(np.int64)
    # 1970-01-01 was a Thursday: hour-of-week since Monday 00:00 = (hours + 72) mod 168
    return Hourly(week[(hours + 72) % 168], start_date, unit)

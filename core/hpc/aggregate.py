"""Totals of job footprints per user, account, partition or day."""

from __future__ import annotations

import pandas as pd

from .footprint import HPCFootprint

__all__ = ["daily", "summarize"]

_GROUPS = ("User", "Account", "Partition", "State")


def summarize(result: HPCFootprint, by: str | list[str] = "User") -> pd.DataFrame:
    """Jobs, energy (kWh) and emissions (kgCO2e) per group of the job table.

    Parameters
    ----------
    result : HPCFootprint
    by : str or list of str
        Columns of ``result.jobs`` (``"User"``, ``"Account"``, ``"Partition"``...) or ``"day"``
        (see :func:`daily`).

    Returns
    -------
    DataFrame
        ``jobs``, ``energy_kWh``, ``co2e_kg`` per group, largest energy first. Jobs without a
        value (no power data, no intensity) count in ``jobs`` but add nothing.
    """
    if by == "day":
        return daily(result)
    keys = [by] if isinstance(by, str) else list(by)
    missing = [k for k in keys if k not in result.jobs.columns]
    if missing:
        raise ValueError(f"summarize(by={by!r}): unknown column(s) {missing}; "
                         f"use one of {list(_GROUPS)} or 'day'")
    table = result.jobs.groupby(keys, dropna=False).agg(
        jobs=("JobID", "size"),
        energy_kWh=("energy_kWh", lambda s: s.sum(min_count=1)),
        co2e_kg=("co2e_kg", lambda s: s.sum(min_count=1)),
    )
    return table.sort_values("energy_kWh", ascending=False)


def daily(result: HPCFootprint, timezone: str = "UTC",
          jobs: pd.Series | None = None) -> pd.DataFrame:
    """Energy, emissions and mean intensity per calendar day in ``timezone``.

    ``jobs`` optionally restricts to these JobIDs. The mean intensity is energy-weighted
    (``co2e / energy``, g/kWh); ``intensity_g_per_kwh_plain`` is the mean of the day's periods.
    """
    periods = result.periods
    if jobs is not None:
        periods = periods.loc[periods["JobID"].isin(set(jobs))]
    day = periods["period_start"].dt.tz_convert(timezone).dt.tz_localize(None).dt.normalize()
    table = periods.assign(day=day).groupby("day").agg(
        energy_kWh=("energy_kWh", "sum"),
        co2e_kg=("co2e_kg", lambda s: s.sum(min_count=1)),
        jobs=("JobID", "nunique"),
    )
    plain = periods.assign(day=day).drop_duplicates("period_start").groupby("day")[
        "intensity_g_per_kwh"].mean()
    table["intensity_g_per_kwh"] = table["co2e_kg"] * 1000.0 / table["energy_kWh"]
    table["intensity_g_per_kwh_plain"] = plain
    return table

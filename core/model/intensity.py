"""Carbon intensity applied to energy, hour by hour, with an explicit policy for uncovered hours.

An hourly carbon intensity (of a country, server or storage) must cover every hour in which its
consumer uses energy. Uncovered hours are never counted as 0 g/kWh: by default the value is
refused (a ``ModelError`` naming the series' span and the hours needed); with
``carbon_intensity_gaps="average"`` the object's average intensity fills them, with a warning.
"""
from __future__ import annotations

import warnings
from typing import NamedTuple

import numpy as np
from footprintlab.engine import Choice, Hourly, ModelError, u
from footprintlab.engine.values import HOUR, _fmt_hour

GAP_POLICIES = ("refuse", "average")


class GridIntensity(NamedTuple):
    """A grid's carbon intensity as a consumer needs it (one per usage pattern for devices)."""

    average: object
    hourly: Hourly | None
    gaps: str
    owner: str

    def __str__(self):
        hourly = f", hourly {len(self.hourly)} values" if self.hourly is not None else ""
        return f"{self.owner}: {self.average}{hourly}, gaps: {self.gaps}"


class CarbonIntensityGapWarning(UserWarning):
    """An hourly carbon intensity did not cover every hour of use; the average filled the gap."""


def gap_policy_input() -> Choice:
    """The ``carbon_intensity_gaps`` input shared by countries, servers and storage."""
    return Choice(GAP_POLICIES, "refuse", help=(
        "hours of use that the hourly carbon intensity does not cover: 'refuse' (an error, the "
        "default) or 'average' (filled with the average carbon intensity, with a warning)"))


def energy_footprint(energy: Hourly, average, hourly: Hourly | None, gaps: str, owner: str,
                     consumer: str) -> Hourly:
    """kg = kWh × g/kWh for each hour; ``owner`` names the intensity's object, ``consumer`` the
    object whose energy it is (both for messages)."""
    if hourly is None:
        return energy * average
    used = np.flatnonzero(energy.values)
    if not len(used):
        return energy * average
    first, last = energy.start + int(used[0]) * HOUR, energy.start + int(used[-1]) * HOUR
    if hourly.start <= first and last < hourly.end:
        return energy * hourly
    hours = energy.start + used * HOUR
    uncovered = int(np.count_nonzero((hours < hourly.start) | (hours >= hourly.end)))
    span = (f"{_fmt_hour(hourly.start)} to {_fmt_hour(hourly.end - HOUR)} UTC ({len(hourly):,} hours)"
            if len(hourly) else "no hours")
    what = (f"{owner}: hourly_carbon_intensity covers {span}, but {consumer} uses energy from "
            f"{_fmt_hour(first)} to {_fmt_hour(last)} UTC ({uncovered:,} hours uncovered)")
    if gaps != "average":
        raise ModelError(f"{what}; give a series covering these hours, or set "
                         f"carbon_intensity_gaps='average' on {owner} to use its average intensity")
    warnings.warn(f"{what}; its average carbon intensity ({average}) is used for them "
                  "(carbon_intensity_gaps='average')", CarbonIntensityGapWarning, stacklevel=2)
    return energy * _filled(hourly, average, first, last)


def _filled(hourly: Hourly, average, first, last) -> Hourly:
    """``hourly`` extended to [first, last] with ``average`` outside its own hours."""
    start, end = min(hourly.start, first), max(hourly.end, last + HOUR)
    values = np.full(int((end - start) / HOUR), average.m_as(hourly.unit), dtype=np.float64)
    offset = int((hourly.start - start) / HOUR)
    values[offset:offset + len(hourly)] = hourly.values
    return Hourly._raw(values, start, hourly.unit)


__all__ = ["CarbonIntensityGapWarning", "GAP_POLICIES", "energy_footprint", "gap_policy_input", "u"]

"""Datetime <-> float Unix seconds, independent of pandas' datetime resolution (s/ms/us/ns)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def unix_seconds(values) -> np.ndarray:
    """Float Unix seconds of tz-aware (or naive = UTC) datetimes; NaT gives NaN."""
    index = pd.DatetimeIndex(values)
    if index.tz is None:
        index = index.tz_localize("UTC")
    ns = index.tz_convert("UTC").as_unit("ns")
    out = ns.asi8.astype("float64") / 1e9
    out[index.isna()] = np.nan
    return out


NS_RANGE = "1677-09-22 to 2262-04-11"  # what nanosecond timestamps hold


def out_of_range(parsed: pd.Series) -> np.ndarray:
    """True where a parsed date-time lies outside nanosecond timestamps (``NS_RANGE``)."""
    low, high = pd.Timestamp.min, pd.Timestamp.max
    if getattr(parsed.dt, "tz", None) is not None:
        low, high = low.tz_localize("UTC"), high.tz_localize("UTC")
    return (parsed.notna() & ((parsed < low) | (parsed > high))).to_numpy(dtype=bool)

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

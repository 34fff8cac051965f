"""Node power samples as a table: ``node`` (str), ``time`` (float Unix s, UTC), ``watts``.

Read from a CSV / DataFrame with columns ``timestamp`` (ISO 8601 with or without offset — no
offset means UTC — or Unix seconds), ``node`` and ``watts``; the Prometheus client
(:mod:`footprintlab.hpc.prometheus`) returns the same table.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from ._time import unix_seconds

__all__ = ["SAMPLE_COLUMNS", "normalize_samples", "read_power_csv"]

SAMPLE_COLUMNS = ("node", "time", "watts")


def _to_unix_seconds(values: pd.Series, column: str) -> np.ndarray:
    if pd.api.types.is_datetime64_any_dtype(values):
        if getattr(values.dt, "tz", None) is None:
            values = values.dt.tz_localize("UTC")
        return unix_seconds(values)
    numeric = pd.to_numeric(values, errors="coerce")
    if numeric.notna().all():
        return numeric.to_numpy(dtype="float64")
    parsed = pd.to_datetime(values, format="ISO8601", errors="coerce", utc=True)
    bad = parsed.isna().to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"power samples column {column!r}, row {row}: {values.iloc[row]!r} is neither "
            "Unix seconds nor an ISO 8601 date-time"
        )
    return unix_seconds(parsed)


def normalize_samples(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` as the sample table ``node, time, watts`` (rows with no watts dropped).

    Accepts ``timestamp`` or ``time`` for the time column. Raises ``ValueError`` naming a
    missing column or the first bad row.
    """
    if (list(frame.columns) == list(SAMPLE_COLUMNS) and frame["time"].dtype == "float64"
            and frame["watts"].dtype == "float64"):
        watts = frame["watts"].to_numpy()
        if not (watts < 0).any() and np.isfinite(watts).all():
            return frame  # already a clean sample table: no copy
    time_column = "time" if "time" in frame.columns else "timestamp"
    missing = [c for c in (time_column, "node", "watts") if c not in frame.columns]
    if missing:
        raise ValueError(
            f"power samples: missing column(s) {missing}; expected timestamp, node, watts "
            f"(found {list(frame.columns)})"
        )
    watts = pd.to_numeric(frame["watts"], errors="coerce").to_numpy(dtype="float64")
    negative = watts < 0
    if negative.any():
        row = int(np.flatnonzero(negative)[0])
        raise ValueError(f"power samples column 'watts', row {row}: {watts[row]} W is negative")
    node = frame["node"]
    if not isinstance(node.dtype, pd.CategoricalDtype):
        node = node.astype(str)
    out = pd.DataFrame(
        {"node": node.reset_index(drop=True),
         "time": _to_unix_seconds(frame[time_column], time_column), "watts": watts}
    )
    return out.loc[np.isfinite(out["watts"].to_numpy())].reset_index(drop=True)


def read_power_csv(path: str | os.PathLike) -> pd.DataFrame:
    """Read a CSV of power samples (``timestamp``, ``node``, ``watts``) into the sample table."""
    frame = pd.read_csv(path, dtype={"node": str})
    try:
        return normalize_samples(frame)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None

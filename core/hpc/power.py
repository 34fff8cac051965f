"""Node power samples as a table: ``node`` (str), ``time`` (float Unix s, UTC), ``watts``.

Read from a CSV / DataFrame with columns ``timestamp`` (ISO 8601 with or without offset — no
offset means UTC — or Unix seconds), ``node`` and ``watts``; the Prometheus client
(:mod:`footprintlab.hpc.prometheus`) returns the same table.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from ._errors import InputFileError, Rows
from ._text import LazyLines, first_bad_record, read_source
from ._time import out_of_range, unix_seconds

__all__ = ["SAMPLE_COLUMNS", "normalize_samples", "read_power_csv"]

SAMPLE_COLUMNS = ("node", "time", "watts")


def _to_unix_seconds(values: pd.Series, column: str, rows: Rows) -> np.ndarray:
    """Float Unix seconds of datetimes, numbers (Unix s) or ISO 8601 text (no offset = UTC)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        if getattr(values.dt, "tz", None) is None:
            values = values.dt.tz_localize("UTC")
        seconds = unix_seconds(values)
    elif pd.api.types.is_numeric_dtype(values):
        seconds = values.to_numpy(dtype="float64")
    else:
        text = values.astype(str).str.strip()
        seconds = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64", copy=True)
        dates = np.isnan(seconds)
        if dates.any():  # ISO 8601 where the text is not a number
            parsed = pd.to_datetime(text[dates], format="ISO8601", errors="coerce", utc=True)
            parsed = parsed.where(~out_of_range(parsed))
            seconds[dates] = unix_seconds(parsed)
    bad = ~np.isfinite(seconds)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise rows.error(i, f"{values.iloc[i]!r} is neither Unix seconds nor an ISO 8601 "
                            "date-time", column)
    return seconds


def _watts(values: pd.Series, rows: Rows) -> tuple[np.ndarray, np.ndarray]:
    """``(watts, present)``: a reading per row and whether there is one.

    No reading is NaN in a numeric column or an empty cell in text; anything else must be a
    finite number >= 0.
    """
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        watts = values.to_numpy(dtype="float64")
        present = ~np.isnan(watts)
    else:
        text = values.astype(str).str.strip()
        present = (text != "").to_numpy() & values.notna().to_numpy()
        watts = pd.to_numeric(text.where(present, "nan"), errors="coerce").to_numpy("float64")
    bad = present & ~(np.isfinite(watts) & (watts >= 0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise rows.error(i, f"{values.iloc[i]!r} is not a finite number of watts >= 0", "watts")
    return watts, present


def _is_clean(frame: pd.DataFrame) -> bool:
    if list(frame.columns) != list(SAMPLE_COLUMNS) or frame["time"].dtype != "float64" \
            or frame["watts"].dtype != "float64":
        return False
    watts, time = frame["watts"].to_numpy(), frame["time"].to_numpy()
    return bool(np.isfinite(watts).all() and (watts >= 0).all() and np.isfinite(time).all())


def normalize_samples(frame: pd.DataFrame, rows: Rows | None = None) -> pd.DataFrame:
    """Return ``frame`` as the sample table ``node, time, watts``.

    Accepts ``timestamp`` or ``time`` for the time column. Rows without a reading (NaN, or an
    empty cell) are dropped; anything else that is not a finite number of watts >= 0, a time
    that cannot be read or an empty node name raises ``ValueError`` naming the row (the file's
    line when ``rows`` says where rows came from).
    """
    if _is_clean(frame):
        return frame  # already a clean sample table: no copy
    rows = rows or Rows("power samples", labels=list(frame.index))
    time_column = "time" if "time" in frame.columns else "timestamp"
    missing = [c for c in (time_column, "node", "watts") if c not in frame.columns]
    if missing:
        raise rows.header_error(f"missing column(s) {missing}; expected timestamp, node, watts "
                                f"(found {list(frame.columns)})")
    watts, present = _watts(frame["watts"], rows)
    keep = np.flatnonzero(present)
    if len(keep) < len(frame):
        frame, watts, rows = frame.iloc[keep], watts[keep], rows.take(keep)
    node = frame["node"]
    if not isinstance(node.dtype, pd.CategoricalDtype):
        node = node.astype(str).str.strip()
        empty = (node == "").to_numpy() | frame["node"].isna().to_numpy()
        if empty.any():
            raise rows.error(int(np.flatnonzero(empty)[0]), "empty node name", "node")
    return pd.DataFrame({"node": node.reset_index(drop=True),
                         "time": _to_unix_seconds(frame[time_column], time_column, rows),
                         "watts": watts})


def read_power_csv(path: str | os.PathLike) -> pd.DataFrame:
    """Read a CSV of power samples (``timestamp``, ``node``, ``watts``) into the sample table.

    Raises
    ------
    InputFileError
        (a ``ValueError``) naming the file, the line (header = line 1), the column and the
        value that cannot be used.
    """
    source = f"power file {os.fspath(path)}"
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        read_source(path, "power")  # raises with the line of the bad byte
        raise
    except pd.errors.EmptyDataError:
        raise InputFileError(source, "the file is empty; expected a header timestamp,node,watts",
                             line=1) from None
    except pd.errors.ParserError as exc:
        raise first_bad_record(path, source) or InputFileError(
            source, f"cannot read as a CSV table ({exc})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return normalize_samples(frame, Rows(source, LazyLines(path, source)))

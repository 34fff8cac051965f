"""Grid carbon intensity as a table of periods, and its lookup for settlement periods.

The intensity table has columns ``from`` and ``to`` (``datetime64[ns, UTC]``), ``intensity``
(gCO2e/kWh), ``kind`` (``actual``, ``forecast``, ``csv``, ``series``...) and ``source``. It comes
from a CSV, a pandas Series, the GB Carbon Intensity API
(:class:`footprintlab.hpc.gb_intensity.GBCarbonIntensityClient`), or — as a recorded fallback
— a country's yearly average from the model's country table
(:func:`footprintlab.model.country_data.find_country`; Ember / Our World in Data, CC BY 4.0,
see DATA_SOURCES.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._time import unix_seconds

__all__ = [
    "CountryFallback",
    "country_fallback",
    "intensity_from_series",
    "lookup_intensity",
    "read_intensity_csv",
]

INTENSITY_COLUMNS = ("from", "to", "intensity", "kind", "source")


def _utc(values: pd.Series, column: str, where: str) -> pd.Series:
    parsed = pd.to_datetime(values, format="ISO8601", errors="coerce", utc=True)
    bad = (parsed.isna() & values.notna()).to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{where}, column {column!r}, row {row}: {values.iloc[row]!r} is not a "
                         "date-time like 2024-01-20T12:00Z")
    return parsed.astype("datetime64[ns, UTC]")


def _finish(frame: pd.DataFrame, kind: str, source: str, where: str) -> pd.DataFrame:
    frame = frame.sort_values("from").reset_index(drop=True)
    if "to" not in frame.columns or frame["to"].isna().all():
        step = frame["from"].diff().median() if len(frame) > 1 else pd.Timedelta(minutes=30)
        frame["to"] = frame["from"].shift(-1).fillna(frame["from"].iloc[-1] + step)
    values = pd.to_numeric(frame["intensity"], errors="coerce")
    bad = (values.isna() | (values < 0)).to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{where}, column 'intensity', row {row}: "
                         f"{frame['intensity'].iloc[row]!r} is not a non-negative g/kWh value")
    frame["intensity"] = values.astype("float64")
    if "kind" not in frame.columns:
        frame["kind"] = kind
    frame["source"] = source
    return frame.loc[:, list(INTENSITY_COLUMNS)]


def read_intensity_csv(path: str | os.PathLike) -> pd.DataFrame:
    """Read a CSV with columns ``from`` (UTC), optional ``to``, ``intensity`` (gCO2e/kWh).

    Without ``to``, each row lasts until the next row's ``from`` (the last one, the median step).
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).replace({"": None})
    where = f"intensity file {path}"
    missing = [c for c in ("from", "intensity") if c not in frame.columns]
    if missing:
        raise ValueError(f"{where}: missing column(s) {missing}; expected from, [to,] intensity")
    if frame.empty:
        raise ValueError(f"{where}: no rows")
    frame["from"] = _utc(frame["from"], "from", where)
    if "to" in frame.columns:
        frame["to"] = _utc(frame["to"], "to", where)
    label = f"csv:{os.path.basename(str(path))}"
    return _finish(frame, label, label, where)


def intensity_from_series(series: pd.Series, source: str = "series") -> pd.DataFrame:
    """Turn a Series of gCO2e/kWh indexed by period start (naive = UTC) into the table."""
    index = pd.DatetimeIndex(series.index)
    index = index.tz_localize("UTC") if index.tz is None else index.tz_convert("UTC")
    frame = pd.DataFrame({"from": index.astype("datetime64[ns, UTC]"),
                          "intensity": series.to_numpy()})
    if frame.empty:
        raise ValueError("intensity series: no rows")
    return _finish(frame, source, source, "intensity series")


@dataclass(frozen=True)
class CountryFallback:
    """A country's yearly average intensity used where no period value exists."""

    iso3: str
    intensity: float  # gCO2e/kWh
    year: int
    source: str

    @property
    def kind(self) -> str:
        return f"country-average:{self.iso3}:{self.year}"


def country_fallback(country: str) -> CountryFallback:
    """The yearly average of ``country`` (name, ISO-2 or ISO-3) from the model's table."""
    from footprintlab.model.country_data import find_country

    record = find_country(country)
    return CountryFallback(
        iso3=record.iso3,
        intensity=float(record.carbon_intensity_g_per_kwh),
        year=int(record.year),
        source=f"{record.source} ({record.licence}) {record.source_url}",
    )


def lookup_intensity(
    table: pd.DataFrame | None, period_start_s: np.ndarray, fallback: CountryFallback | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Intensity (g/kWh) and its kind for each period start (Unix s).

    A period takes the row with ``from <= start < to``. Periods with no row take the fallback's
    value (kind ``country-average:ISO3:YEAR``), or NaN and kind ``""`` without one.
    """
    starts = np.asarray(period_start_s, dtype="float64")
    values = np.full(len(starts), np.nan)
    kinds = np.full(len(starts), "", dtype=object)
    if table is not None and len(table):
        frm = unix_seconds(table["from"])
        to = unix_seconds(table["to"])
        i = np.searchsorted(frm, starts, side="right") - 1
        ok = (i >= 0) & (starts < to[np.clip(i, 0, None)])
        values[ok] = table["intensity"].to_numpy()[i[ok]]
        kinds[ok] = table["kind"].to_numpy()[i[ok]]
        values[~np.isfinite(values)] = np.nan
        kinds[np.isnan(values)] = ""
    if fallback is not None:
        missing = np.isnan(values)
        values[missing] = fallback.intensity
        kinds[missing] = fallback.kind
    return values, kinds

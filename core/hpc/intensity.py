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

import math
import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._errors import InputFileError, Rows
from ._text import read_source
from ._text import records as read_records
from ._time import NS_RANGE, out_of_range, unix_seconds

__all__ = [
    "CountryFallback",
    "country_fallback",
    "intensity_from_series",
    "lookup_intensity",
    "read_intensity_csv",
]

INTENSITY_COLUMNS = ("from", "to", "intensity", "kind", "source")


def _utc(values: pd.Series, column: str, rows: Rows) -> pd.Series:
    text = values.astype(str).str.strip()
    parsed = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
    bad = parsed.isna().to_numpy() | out_of_range(parsed)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise rows.error(i, f"{text.iloc[i]!r} is not a date-time like 2024-01-20T12:00Z "
                            f"(no offset means UTC) from {NS_RANGE}", column)
    return parsed.astype("datetime64[ns, UTC]")


def _intensities(values: pd.Series, rows: Rows) -> np.ndarray:
    """g/kWh as float; anything but a finite number >= 0 is refused with its row."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64")
    bad = ~np.isfinite(numbers) | (numbers < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise rows.error(i, f"{values.iloc[i]!r} is not a non-negative number of gCO2e/kWh",
                         "intensity")
    return numbers


def _finish(frame: pd.DataFrame, kind: str, source: str, rows: Rows) -> pd.DataFrame:
    """Check values and periods (on the rows as read), then sort by ``from``."""
    frame["intensity"] = _intensities(frame["intensity"], rows)
    if "to" in frame.columns:
        short = (frame["to"] <= frame["from"]).to_numpy()
        if short.any():
            i = int(np.flatnonzero(short)[0])
            raise rows.error(i, f"'to' {frame['to'].iloc[i]} is not after 'from' "
                                f"{frame['from'].iloc[i]}", "to")
    frame = frame.sort_values("from", kind="stable").reset_index(drop=True)
    if "to" not in frame.columns:
        step = frame["from"].diff().median() if len(frame) > 1 else pd.Timedelta(minutes=30)
        if not step > pd.Timedelta(0):
            step = pd.Timedelta(minutes=30)
        following = frame["from"].shift(-1)
        frame["to"] = following.where(following > frame["from"], frame["from"] + step)
    if "kind" not in frame.columns:
        frame["kind"] = kind
    frame["source"] = source
    return frame.loc[:, list(INTENSITY_COLUMNS)]


def read_intensity_csv(path: str | os.PathLike) -> pd.DataFrame:
    """Read a CSV with columns ``from`` (UTC), optional ``to``, ``intensity`` (gCO2e/kWh).

    Without ``to``, each row lasts until the next row's ``from`` (the last one, the median step).

    Raises
    ------
    InputFileError
        (a ``ValueError``) naming the file, the line (header = line 1), the column and the
        value: a missing column, a line with a missing or extra field, a date-time that is not
        ISO 8601, an intensity that is not a finite number >= 0, ``to`` not after ``from``.
    """
    text, source = read_source(path, "intensity")
    records, lines = read_records(text, ",", source)
    header, body = _header_and_body(records, lines, source)
    rows = Rows(source, lines[1:])
    frame = pd.DataFrame(body, columns=header, dtype=str)
    frame["from"] = _utc(frame["from"], "from", rows)
    if "to" in frame.columns:
        frame["to"] = _utc(frame["to"], "to", rows)
    label = f"csv:{os.path.basename(str(path))}"
    return _finish(frame, label, label, rows)


def _header_and_body(records: list[list[str]], lines: list[int], source: str):
    if not records:
        raise InputFileError(source, "the file is empty; expected a header from,[to,]intensity",
                             line=1)
    header = [name.strip() for name in records[0]]
    missing = [c for c in ("from", "intensity") if c not in header]
    if missing:
        raise InputFileError(source, f"missing column(s) {missing}; expected from, [to,] "
                             f"intensity (found {header})", line=lines[0])
    if len(set(header)) < len(header):
        twice = sorted({h for h in header if header.count(h) > 1})
        raise InputFileError(source, f"column(s) {twice} appear twice", line=lines[0])
    body = records[1:]
    if not body:
        raise InputFileError(source, "no rows after the header", line=lines[0])
    for record, line in zip(body, lines[1:]):
        if len(record) != len(header):
            raise InputFileError(source, f"{len(record)} field(s), expected {len(header)} "
                                 f"({', '.join(header)})", line=line)
    return header, body


def intensity_from_series(series: pd.Series, source: str = "series") -> pd.DataFrame:
    """Turn a Series of gCO2e/kWh indexed by period start (naive = UTC) into the table."""
    index = pd.DatetimeIndex(series.index)
    index = index.tz_localize("UTC") if index.tz is None else index.tz_convert("UTC")
    frame = pd.DataFrame({"from": index.astype("datetime64[ns, UTC]"),
                          "intensity": series.to_numpy()})
    if frame.empty:
        raise ValueError("intensity series: no rows")
    return _finish(frame, source, source, Rows("intensity series", labels=list(series.index)))


@dataclass(frozen=True)
class CountryFallback:
    """A country's yearly average intensity used where no period value exists."""

    iso3: str
    intensity: float  # gCO2e/kWh
    year: int
    source: str

    def __post_init__(self) -> None:
        if not (isinstance(self.intensity, (int, float)) and math.isfinite(self.intensity)
                and self.intensity >= 0):
            raise ValueError(f"CountryFallback {self.iso3}: intensity {self.intensity!r} is not "
                             "a non-negative number of gCO2e/kWh")

    @property
    def kind(self) -> str:
        return f"country-average:{self.iso3}:{self.year}"


def country_fallback(country: str) -> CountryFallback:
    """The yearly average of ``country`` (name, ISO-2 or ISO-3) from the model's table."""
    from footprintlab.model.country_data import find_country

    record = find_country(country)
    value = float(record.carbon_intensity_g_per_kwh)
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"country {country!r}: its yearly intensity {value!r} g/kWh is not a "
                         "non-negative number")
    return CountryFallback(
        iso3=record.iso3,
        intensity=value,
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

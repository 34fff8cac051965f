"""Parse start/end timestamps: ISO 8601 and the common spreadsheet formats, vectorised.

Accepted: ISO 8601 (``2022-01-17T13:38:18Z``, ``2022-01-17 13:38``, offsets), day/month/year and
month/day/year with ``/``, ``.`` or ``-`` (optionally with ``HH:MM[:SS]`` or ``hh:mm AM``),
``YYYY/MM/DD``, and spreadsheet serial day numbers (days since 1899-12-30, e.g. ``44578.5``).
Times without an offset are taken as UTC. A slashed date that reads differently day-first and
month-first (``03/04/2022``) is reported as ambiguous unless ``dayfirst`` is given: it is never
guessed silently.
"""

from __future__ import annotations

import pandas as pd

_TIMES = ("", " %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p")
_DAY_FIRST = tuple(d + t for d in ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y") for t in _TIMES)
_MONTH_FIRST = tuple(d + t for d in ("%m/%d/%Y", "%m.%d.%Y", "%m-%d-%Y") for t in _TIMES)
_YEAR_FIRST = tuple("%Y/%m/%d" + t for t in _TIMES)
_SERIAL_RANGE = (20000.0, 80000.0)  # spreadsheet day numbers for 1954..2119
_SPREADSHEET_EPOCH = pd.Timestamp("1899-12-30", tz="UTC")

EXPECTED = (
    "a date-time such as 2022-01-17T13:38:18Z, 2022-01-17 13:38, 17/01/2022 13:38 "
    "or a spreadsheet serial number"
)


def _first_match(text: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")
    todo = text.index
    for fmt in formats:
        if len(todo) == 0:
            break
        parsed = pd.to_datetime(text.loc[todo], format=fmt, utc=True, errors="coerce")
        hit = parsed.notna()
        result.loc[todo[hit.to_numpy()]] = parsed[hit]
        todo = todo[~hit.to_numpy()]
    return result


def _arrow_iso(text: pd.Series) -> pd.Series | None:
    """Fast path: every non-blank cell is ISO 8601 (all with an offset, or all without)."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:
        return None
    cells = pa.array(text, type=pa.large_string())
    cells = pc.if_else(pc.equal(cells, ""), pa.scalar(None, pa.large_string()), cells)
    for target in (pa.timestamp("ns", tz="UTC"), pa.timestamp("ns")):
        try:
            stamps = pc.cast(cells, target)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
        naive = pc.cast(stamps, pa.timestamp("ns")).to_numpy(zero_copy_only=False)
        return pd.Series(pd.DatetimeIndex(naive).tz_localize("UTC"), index=text.index)
    return None


def parse_datetimes(values: pd.Series, dayfirst: bool | None = None) -> tuple[pd.Series, pd.Series]:
    """Parse a column of date-time strings.

    Parameters
    ----------
    values : pandas.Series of str
        Cells as read (blank cells are ``""``).
    dayfirst : bool or None
        How to read an ambiguous slashed date; None reports it as a problem.

    Returns
    -------
    (parsed, problems) : tuple of pandas.Series
        ``parsed``: datetime64[ns, UTC], NaT where blank or invalid. ``problems``: str, empty
        where the cell is valid or blank, else what is wrong with it.
    """
    text = values.astype("string").fillna("").str.strip()
    problems = pd.Series("", index=text.index, dtype=object)
    fast = _arrow_iso(text)
    if fast is not None:
        return fast, problems
    parsed = pd.to_datetime(text, format="ISO8601", utc=True, errors="coerce")
    parsed = parsed.astype("datetime64[ns, UTC]")
    todo = text.index[(parsed.isna() & (text != "")).to_numpy()]
    if len(todo) == 0:
        return parsed, problems
    rest = text.loc[todo]
    serial = pd.to_numeric(rest, errors="coerce")
    is_serial = serial.between(*_SERIAL_RANGE).fillna(False).astype(bool)
    parsed.loc[is_serial[is_serial].index] = _SPREADSHEET_EPOCH + pd.to_timedelta(
        serial[is_serial], unit="D"
    )
    rest = rest[~is_serial]
    year_first = _first_match(rest, _YEAR_FIRST)
    day_first = _first_match(rest, _DAY_FIRST)
    month_first = _first_match(rest, _MONTH_FIRST)
    both = day_first.notna() & month_first.notna() & (day_first != month_first)
    if dayfirst is None:
        chosen = year_first.fillna(day_first.where(~both)).fillna(month_first.where(~both))
        problems.loc[both[both].index] = (
            "ambiguous day/month order: pass dayfirst (--dayfirst/--monthfirst)")
    else:
        first, second = (day_first, month_first) if dayfirst else (month_first, day_first)
        chosen = year_first.fillna(first).fillna(second)
    parsed.loc[rest.index] = chosen
    bad = rest.index[(chosen.isna() & ~both).to_numpy()] if dayfirst is None else rest.index[
        chosen.isna().to_numpy()
    ]
    problems.loc[bad] = "not a date-time"
    return parsed, problems

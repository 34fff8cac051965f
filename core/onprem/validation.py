"""Check a chunk of input rows and parse its cells; every problem is reported, none is fatal."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd
from footprintlab.onprem.dates import EXPECTED as DATE_EXPECTED
from footprintlab.onprem.dates import parse_datetimes
from footprintlab.onprem.grid import grid_factor
from footprintlab.onprem.options import EstimateOptions
from footprintlab.onprem.report import Problem, ValidationReport
from footprintlab.onprem.schema import (
    EMBODIED_COLUMNS,
    INPUT_COLUMNS,
    MAX_UPTIME_HOURS,
    PERIODS,
    REQUIRED_COLUMNS,
    UPTIME_COLUMNS,
)


@dataclass
class CheckedChunk:
    """Cells of a chunk parsed into numbers, with the rows that passed every check.

    Numeric arrays hold NaN for blank optional cells.
    """

    raw: pd.DataFrame
    rows: np.ndarray  # 1-based data row numbers
    valid: np.ndarray  # bool
    memory: np.ndarray
    cpu_utilization: np.ndarray
    pue: np.ndarray
    uptimes: dict[str, np.ndarray]
    start: np.ndarray  # datetime64[ns] UTC, naive
    end: np.ndarray
    grid_index: np.ndarray  # position of each row's factor in `factors`
    factors: list
    embodied_kg: np.ndarray
    lifespan_years: np.ndarray


DUPLICATED = "(duplicated)"  # value of the problem of a column named more than once


def file_problems(columns: list[str]) -> list[Problem]:
    """Problems with the header: duplicated names, missing required columns, no uptime column."""
    problems = []
    for name in dict.fromkeys(columns):
        places = [i + 1 for i, c in enumerate(columns) if c == name]
        if len(places) > 1:
            listed = ", ".join(map(str, places))
            problems.append(Problem(None, name or "(unnamed)", DUPLICATED, (
                f"one column named {name!r}; the header names it {len(places)} times (columns "
                f"{listed}): rename or remove all but one") if name else (
                f"a name for every column; columns {listed} have none: name or remove them")))
    present = set(columns)
    extra = [c for c in columns if c not in INPUT_COLUMNS and c not in EMBODIED_COLUMNS]
    for name in REQUIRED_COLUMNS:
        if name not in present:
            close = difflib.get_close_matches(name, extra, n=1, cutoff=0.6)
            hint = f" (is {close[0]!r} meant to be {name!r}?)" if close else ""
            problems.append(Problem(None, name, "", f"a column named {name!r}{hint}"))
    if not present.intersection(UPTIME_COLUMNS):
        problems.append(Problem(None, "dailyUptime", "", "at least one of the columns " +
                                ", ".join(UPTIME_COLUMNS)))
    return problems


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    values = frame[column]
    if values.dtype == object or pd.api.types.is_string_dtype(values):
        return values.fillna("").astype(str).str.strip()
    return values.astype(str).where(values.notna(), "")


def _numbers(text: pd.Series) -> np.ndarray:
    """Cells as floats, NaN where blank or not a number (pyarrow's cast first: fast path)."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        cells = pa.array(text, type=pa.large_string())
        cells = pc.if_else(pc.equal(cells, ""), pa.scalar(None, pa.large_string()), cells)
        return pc.cast(cells, pa.float64()).to_numpy(zero_copy_only=False)
    except (ImportError, ValueError, TypeError):  # no pyarrow, or a cell is not a number
        pass
    return pd.to_numeric(text.where(text != "", None), errors="coerce").to_numpy(dtype=float)


class _Collector:
    def __init__(self, report: ValidationReport, rows: np.ndarray, n: int):
        self.report, self.rows, self.bad = report, rows, np.zeros(n, dtype=bool)
        self.missing_columns: set[str] = set()
        self.found: list[Problem] = []

    def flush(self) -> None:
        """Add the problems found to the report, by row (in check order within a row)."""
        # every problem found here is a cell's: its row is never None
        for problem in sorted(self.found, key=lambda p: cast(int, p.row)):
            self.report.add(problem)

    def flag(self, mask: np.ndarray, column: str, text: pd.Series, expected) -> None:
        if column in self.missing_columns:  # already reported once for the whole file
            self.bad |= True
            return
        for i in np.flatnonzero(mask):
            message = expected(i) if callable(expected) else expected
            self.found.append(Problem(int(self.rows[i]), column, str(text.iat[i]), message))
        self.bad |= mask


def check_chunk(
    frame: pd.DataFrame,
    first_row: int | np.ndarray,
    options: EstimateOptions,
    report: ValidationReport,
) -> CheckedChunk:
    """Parse and check rows ``first_row ..`` of the input; add their problems to ``report``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Input rows (CSV cells as strings, or values of a user DataFrame).
    first_row : int or numpy.ndarray
        1-based data row number of ``frame``'s first row, or the row number of every row.
    options : EstimateOptions
    report : ValidationReport
        Receives the problems; ``n_rows`` and ``n_invalid_rows`` are updated.

    Returns
    -------
    CheckedChunk
    """
    n = len(frame)
    rows = (np.asarray(first_row) if isinstance(first_row, np.ndarray)
            else np.arange(first_row, first_row + n))
    out = _Collector(report, rows, n)
    out.missing_columns = {c for c in REQUIRED_COLUMNS if c not in frame}
    cpu = _text(frame, "cpuDescription")
    out.flag((cpu == "").to_numpy(), "cpuDescription", cpu,
             "a CPU description such as 'Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz'")
    machine_type = _text(frame, "machineType")
    out.flag((machine_type == "").to_numpy(), "machineType", machine_type,
             "a machine type such as server, desktop or laptop")

    memory_text = _text(frame, "memory")
    memory = _numbers(memory_text)
    out.flag(~(np.isfinite(memory) & (memory >= 0)), "memory", memory_text,
             "memory in GB, a number >= 0")

    utilization_text = _text(frame, "cpuUtilization")
    utilization = _numbers(utilization_text)
    out.flag((utilization_text != "").to_numpy() & ~((utilization >= 0) & (utilization <= 100)),
             "cpuUtilization", utilization_text, "a percentage from 0 to 100, or an empty cell")

    pue_text = _text(frame, "powerUsageEffectiveness")
    pue = _numbers(pue_text)
    out.flag((pue_text != "").to_numpy() & ~((pue >= 1) & (pue <= 10)), "powerUsageEffectiveness",
             pue_text, "a power usage effectiveness from 1 to 10 (typically 1.1 to 2), or empty")

    uptimes: dict[str, np.ndarray] = {}
    given_any = np.zeros(n, dtype=bool)
    for period, column in zip(PERIODS, UPTIME_COLUMNS):
        text = _text(frame, column)
        hours = _numbers(text)
        blank = (text == "").to_numpy()
        limit = MAX_UPTIME_HOURS[period]
        out.flag(~blank & ~((hours >= 0) & (hours <= limit)), column, text,
                 f"hours of uptime in the {period} period, a number from 0 to {limit:g}")
        uptimes[period] = hours
        given_any |= ~blank
    present_uptimes = [c for c in UPTIME_COLUMNS if c in frame]
    if present_uptimes:
        out.flag(~given_any, present_uptimes[0], _text(frame, present_uptimes[0]),
                 "at least one of " + ", ".join(present_uptimes) + " filled in")

    times = {}
    for column in ("startTime", "endTime"):
        text = _text(frame, column)
        parsed, problems = parse_datetimes(text, options.dayfirst)
        out.flag((text == "").to_numpy(), column, text, DATE_EXPECTED)
        has_problem = (problems != "").to_numpy()
        out.flag(has_problem, column, text,
                 lambda i, problems=problems: f"{DATE_EXPECTED} ({problems.iat[i]})")
        times[column] = parsed.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
    start, end = times["startTime"], times["endTime"]
    end_text = _text(frame, "endTime")
    out.flag(end < start, "endTime", end_text, "a date-time not before startTime")

    country_text, region_text = _text(frame, "country"), _text(frame, "region")
    country_codes, countries = pd.factorize(country_text)
    region_codes, regions = pd.factorize(region_text)
    codes, pairs = pd.factorize(country_codes * (len(regions) + 1) + region_codes)
    factors = [grid_factor(countries[pair // (len(regions) + 1)],
                           regions[pair % (len(regions) + 1)], options.grid, options.ccf_quirks)
               for pair in pairs]
    bad_country = np.array([bool(f.problem) for f in factors], dtype=bool)[codes]
    out.flag(bad_country, "country", country_text, lambda i: factors[codes[i]].problem)

    embodied_kg = _numbers(_text(frame, "embodiedKgCo2e"))
    lifespan = _numbers(_text(frame, "lifespanYears"))
    if options.embodied:
        for column, values in (("embodiedKgCo2e", embodied_kg), ("lifespanYears", lifespan)):
            text = _text(frame, column)
            out.flag((text != "").to_numpy() & ~(np.isfinite(values) & (values > 0)), column, text,
                     "a number > 0, or an empty cell for the machine type's default")

    out.flush()
    report.n_rows += n
    report.n_invalid_rows += int(out.bad.sum())
    return CheckedChunk(
        raw=frame, rows=rows, valid=~out.bad, memory=memory, cpu_utilization=utilization,
        pue=pue, uptimes=uptimes, start=start, end=end, grid_index=codes, factors=factors,
        embodied_kg=embodied_kg, lifespan_years=lifespan,
    )

"""Read Slurm accounting (``sacct -P`` output, a CSV or a DataFrame) into a clean job table.

Slurm prints local wall-clock times without an offset. They are converted to UTC with an IANA
zone; around DST changes a local time can be ambiguous (the repeated hour in autumn) or missing
(the skipped hour in spring):

- ambiguous times are resolved with the job's elapsed time when sacct gives it (``ElapsedRaw``
  in seconds, or ``Elapsed`` as ``[D-]HH:MM:SS``): of the two possible instants for start and
  end, the pair whose difference equals the elapsed time is kept. Without it, the first
  occurrence is used (unless that puts the end before the start) and the job is flagged
  ``ambiguous_time``;
- missing times are shifted forward to the first valid instant and flagged ``nonexistent_time``.
"""

from __future__ import annotations

import io
import os
import re
from typing import TypeAlias

import numpy as np
import pandas as pd

from .._progress import progress as progress_bar
from ._errors import InputFileError, Rows
from ._text import read_source, sniff_separator
from ._text import records as read_records
from ._time import NS_RANGE, out_of_range
from .nodelist import expand_nodelist

__all__ = ["REQUIRED_COLUMNS", "read_sacct"]

REQUIRED_COLUMNS = ("JobID", "User", "Account", "Partition", "NodeList", "Start", "End", "State")
_CPU_COLUMNS = ("AllocCPUS", "NCPUS")
_UNKNOWN_TIMES = {"", "Unknown", "None", "N/A"}

SacctSource: TypeAlias = str | os.PathLike | io.IOBase | pd.DataFrame


MAX_CPUS = 2**31 - 1  # the largest CPU count Slurm's signed 32-bit fields hold


def _read_table(source: SacctSource) -> tuple[pd.DataFrame, Rows]:
    """The table as text cells, and where each row came from (file lines or frame labels)."""
    if isinstance(source, pd.DataFrame):
        frame = source.copy()
        frame.columns = [str(c).strip() for c in frame.columns]
        return frame, Rows("sacct table", labels=list(frame.index))
    text, name = read_source(source, "sacct")
    sep = sniff_separator(text)
    records, lines = read_records(text, sep, name)
    if not records:
        raise InputFileError(name, f"the file is empty; expected a header line "
                             f"{'|'.join(REQUIRED_COLUMNS)}", line=1)
    header = [c.strip() for c in records[0]]
    for record, line in zip(records[1:], lines[1:]):
        if len(record) != len(header):
            raise InputFileError(name, f"{len(record)} field(s), expected {len(header)} "
                                 f"({sep.join(header)}): a field is missing or extra",
                                 line=line)
    # `sacct --parsable` ends each line with a "|": an unnamed, empty last column
    keep = [i for i, c in enumerate(header) if c or i < len(header) - 1]
    named = [header[i] for i in keep]
    twice = sorted({c for c in named if named.count(c) > 1})
    if twice:
        raise InputFileError(name, f"column(s) {twice} appear twice", line=lines[0])
    frame = pd.DataFrame([[r[i] for i in keep] for r in records[1:]], columns=named, dtype=str)
    return frame, Rows(name, lines[1:])


def _first(mask, rows: Rows, message, column: str | None = None) -> None:
    """Raise ``rows.error`` for the first True of ``mask``; ``message(i)`` describes row i."""
    bad = np.asarray(mask, dtype=bool)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise rows.error(i, message(i), column)


def _cpus(values: pd.Series, column: str, rows: Rows) -> np.ndarray:
    """Whole numbers of CPUs in [0, MAX_CPUS] (``1e30``, ``inf``, ``2.5`` are refused)."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = values.to_numpy(dtype="float64")
        whole = np.isfinite(numbers) & (np.floor(numbers) == numbers)
    else:
        text = values.astype(str).str.strip()
        whole = text.str.fullmatch(r"\d{1,10}").fillna(False).to_numpy(dtype=bool)
        numbers = pd.to_numeric(text.where(whole, "nan"), errors="coerce").to_numpy("float64")
    ok = whole & (numbers >= 0) & (numbers <= MAX_CPUS)
    _first(~ok, rows, lambda i: f"{values.iloc[i]!r} is not a whole number of CPUs "
                                f"(0 to {MAX_CPUS})", column)
    return numbers.astype("int64")


_ELAPSED = re.compile(r"(?:(\d+)-)?(?:(?:(\d+):)?(\d+):)?(\d+(?:\.\d*)?)")


def _elapsed_seconds(frame: pd.DataFrame) -> pd.Series | None:
    """Run time in s from ElapsedRaw (s) or Elapsed (``[D-][HH:]MM:SS``); NaN when empty."""
    if "ElapsedRaw" in frame.columns:
        return pd.to_numeric(frame["ElapsedRaw"], errors="coerce").astype("float64")
    if "Elapsed" not in frame.columns:
        return None
    return frame["Elapsed"].map(_parse_elapsed).astype("float64")


def _parse_elapsed(text) -> float:
    match = _ELAPSED.fullmatch(str(text).strip())
    if match is None:
        return np.nan
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    return days * 86400 + hours * 3600 + minutes * 60 + seconds  # s


def _localize(naive: pd.Series, zone: str) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """Return (first occurrence, second occurrence, ambiguous mask, nonexistent mask) in UTC."""
    strict = naive.dt.tz_localize(zone, ambiguous="NaT", nonexistent="NaT")
    n = len(naive)
    first = naive.dt.tz_localize(zone, ambiguous=np.ones(n, bool), nonexistent="shift_forward")
    second = naive.dt.tz_localize(zone, ambiguous=np.zeros(n, bool), nonexistent="shift_forward")
    failed = strict.isna() & naive.notna()
    ambiguous = failed & (first != second)
    nonexistent = failed & ~ambiguous
    return first.dt.tz_convert("UTC"), second.dt.tz_convert("UTC"), ambiguous, nonexistent


def _parse_local(values: pd.Series, column: str, rows: Rows) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = values
    else:
        text = values.astype(str).str.strip()
        known = ~text.isin(_UNKNOWN_TIMES)
        try:
            parsed = pd.to_datetime(text.where(known), format="ISO8601", errors="coerce")
        except (ValueError, TypeError):  # some with an offset, some without, or different ones
            raise rows.header_error(f"column {column!r} mixes date-times with different or no "
                                    "UTC offsets; expected all local (see --timezone) or all "
                                    "with the same offset") from None
        _first(known & parsed.isna(), rows, lambda i: f"{text.iloc[i]!r} is not a date-time "
               "like 2024-03-31T01:30:00 (or Unknown)", column)
        _first(out_of_range(parsed), rows, lambda i: f"{text.iloc[i]!r} is outside "
               f"{NS_RANGE}", column)
    if getattr(parsed.dt, "tz", None) is not None:  # carries an offset: absolute, not local
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
        parsed.attrs["utc"] = True
    return parsed.astype("datetime64[ns]")


def read_sacct(
    source: SacctSource,
    timezone: str = "UTC",
    include_steps: bool = False,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Read Slurm job accounting into one row per job with UTC start and end.

    Parameters
    ----------
    source : path, text stream or DataFrame
        ``sacct -P`` output (``|``-separated with a header line) or a CSV with the columns
        JobID, User, Account, Partition, NodeList, AllocCPUS (or NCPUS), Start, End, State.
        Optional: ElapsedRaw or Elapsed (used to resolve DST-ambiguous times).
    timezone : str
        IANA zone of sacct's local times (default ``"UTC"``), e.g. ``"Europe/London"``.
    include_steps : bool
        Keep job-step rows (``1234.batch``, ``1234.0``); by default only allocations are kept,
        since steps run inside their allocation's nodes and time.
    progress : bool, optional
        A bar in steps (lines, CPUs, node lists, times) for long reads: by default in a notebook
        or on a terminal's stderr (:mod:`footprintlab._progress`); False never.

    Returns
    -------
    pandas.DataFrame
        The input columns plus ``nodes`` (tuple of node names), ``n_nodes``, ``alloc_cpus``
        (int), ``start`` and ``end`` (UTC, ``datetime64[ns, UTC]``, NaT when unknown) and
        ``flags`` (``;``-separated data-quality flags, ``""`` when clean).

    Raises
    ------
    InputFileError
        (a ``ValueError``) naming the file, the line as it is in the file (header = line 1),
        the column and the value: a missing column, a line with a missing or extra field, an
        unreadable date-time, AllocCPUS that is not a whole number (0 only for jobs that did
        not run), a bad NodeList, End before Start. For a DataFrame, the row's index label.
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"timezone {timezone!r} is not an IANA zone like 'Europe/London'") from None
    with progress_bar(total=4, desc="reading sacct", unit=" step", option=progress) as bar:
        return _read_sacct(source, timezone, include_steps, bar)


def _read_sacct(source: SacctSource, timezone: str, include_steps: bool, bar) -> pd.DataFrame:
    frame, rows = _read_table(source)
    bar.update()
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    cpu_column = next((c for c in _CPU_COLUMNS if c in frame.columns), None)
    if cpu_column is None:
        missing.append("AllocCPUS (or NCPUS)")
    if missing:
        raise rows.header_error(f"missing column(s) {', '.join(missing)}; "
                                f"found {list(frame.columns)}")
    assert cpu_column is not None  # else "missing" names it and the error above is raised
    frame["JobID"] = frame["JobID"].astype(str).str.strip()
    _first(frame["JobID"].isin(["", "nan"]), rows, lambda i: "empty JobID", "JobID")
    if not include_steps:
        allocations = np.flatnonzero(~frame["JobID"].str.contains(".", regex=False).to_numpy())
        frame, rows = frame.iloc[allocations], rows.take(allocations)
    frame = frame.reset_index(drop=True)
    for column in ("User", "Account", "Partition", "State", "NodeList"):
        frame[column] = frame[column].astype(str).replace({"nan": ""}).str.strip()
    frame["alloc_cpus"] = _cpus(frame[cpu_column], cpu_column, rows)
    bar.update()
    frame["nodes"] = _nodes(frame["NodeList"], rows)
    frame["n_nodes"] = frame["nodes"].map(len).astype("int64")
    bar.update()
    start, end, flags = _utc_times(frame, timezone, rows)
    bar.update()
    frame["start"], frame["end"] = start, end
    _first(frame["start"].notna().to_numpy() & (frame["n_nodes"] > 0).to_numpy()
           & (frame["alloc_cpus"] == 0).to_numpy(), rows,
           lambda i: "0 CPUs for a job that ran on nodes; expected a whole number >= 1",
           cpu_column)
    for i in np.flatnonzero(frame["start"].isna().to_numpy()):
        flags[i].append("not_started")
    for i in np.flatnonzero((frame["end"].isna() & frame["start"].notna()).to_numpy()):
        flags[i].append("no_end")
    for i in np.flatnonzero((frame["n_nodes"] == 0).to_numpy()):
        if "not_started" not in flags[i]:
            flags[i].append("no_nodes")
    frame["flags"] = [";".join(f) for f in flags]
    return frame


def _nodes(nodelists: pd.Series, rows: Rows) -> list[tuple[str, ...]]:
    out = []
    for i, text in enumerate(nodelists):
        try:
            out.append(tuple(expand_nodelist(text)))
        except ValueError as exc:
            raise rows.error(i, str(exc), "NodeList") from None
    return out


def _utc_times(frame: pd.DataFrame, timezone: str, rows: Rows):
    """UTC start and end of each job, and its flags so far (ambiguous / nonexistent times)."""
    flags: list[list[str]] = [[] for _ in range(len(frame))]
    start_naive = _parse_local(frame["Start"], "Start", rows)
    end_naive = _parse_local(frame["End"], "End", rows)
    local = not (start_naive.attrs.get("utc") and end_naive.attrs.get("utc"))
    s1, s2, s_amb, s_gap = _localize(start_naive,
                                     "UTC" if start_naive.attrs.get("utc") else timezone)
    e1, e2, e_amb, e_gap = _localize(end_naive, "UTC" if end_naive.attrs.get("utc") else timezone)
    elapsed = _elapsed_seconds(frame)
    start, end = s1.copy(), e1.copy()
    for i in np.flatnonzero((s_amb | e_amb).to_numpy()):
        chosen, clear = _resolve_ambiguous(s1.iloc[i], s2.iloc[i], e1.iloc[i], e2.iloc[i],
                                           None if elapsed is None else elapsed.iloc[i])
        if not clear:
            flags[i].append("ambiguous_time")
        start.iloc[i], end.iloc[i] = chosen
    for i in np.flatnonzero((s_gap | e_gap).to_numpy()):
        flags[i].append("nonexistent_time")
    hint = ""
    if local and timezone == "UTC":
        hint = ("; sacct prints local times: if the cluster is not on UTC, give its zone "
                "with --timezone (timezone= in Python), e.g. Europe/London")
    _first((end < start).to_numpy(), rows, lambda i: f"End {frame['End'].iloc[i]} is before "
           f"Start {frame['Start'].iloc[i]} (JobID {frame['JobID'].iloc[i]}){hint}", "End")
    return start, end, flags


def _resolve_ambiguous(s1, s2, e1, e2, elapsed) -> tuple[tuple, bool]:
    """The (start, end) pair matching the elapsed time; else the first valid one (unclear)."""
    pairs = [(s, e) for s in (s1, s2) for e in (e1, e2)]
    if elapsed is not None and np.isfinite(elapsed):
        matches = [p for p in pairs if abs((p[1] - p[0]).total_seconds() - elapsed) < 1]
        if matches:
            return matches[0], True
    valid = [p for p in pairs if pd.isna(p[1]) or pd.isna(p[0]) or p[1] >= p[0]]
    return (valid[0] if valid else pairs[0]), False

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

import numpy as np
import pandas as pd

from .nodelist import expand_nodelist

__all__ = ["REQUIRED_COLUMNS", "read_sacct"]

REQUIRED_COLUMNS = ("JobID", "User", "Account", "Partition", "NodeList", "Start", "End", "State")
_CPU_COLUMNS = ("AllocCPUS", "NCPUS")
_UNKNOWN_TIMES = {"", "Unknown", "None", "N/A"}

SacctSource = str | os.PathLike | io.IOBase | pd.DataFrame


def _read_table(source: SacctSource) -> pd.DataFrame:
    if isinstance(source, pd.DataFrame):
        return source.copy()
    if isinstance(source, (str, os.PathLike)):
        with open(source, encoding="utf-8") as handle:
            text = handle.read()
        name = str(source)
    else:
        text = source.read()
        name = "<stream>"
    first = text.lstrip().split("\n", 1)[0]
    sep = "|" if "|" in first else ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        raise ValueError(f"sacct file {name}: cannot parse as '{sep}'-separated table: {exc}") from None
    # `sacct -P` ends each line with a trailing "|" when --parsable (not -P2) is used.
    return frame.loc[:, [c for c in frame.columns if not str(c).startswith("Unnamed")]]


def _elapsed_seconds(frame: pd.DataFrame) -> pd.Series | None:
    if "ElapsedRaw" in frame.columns:
        return pd.to_numeric(frame["ElapsedRaw"], errors="coerce").astype("float64")
    if "Elapsed" not in frame.columns:
        return None

    def parse(text: str) -> float:
        text = str(text).strip()
        if not text:
            return np.nan
        days = 0
        if "-" in text:
            day_text, text = text.split("-", 1)
            days = int(day_text)
        parts = [float(p) for p in text.split(":")]
        while len(parts) < 3:
            parts.insert(0, 0.0)
        hours, minutes, seconds = parts
        return days * 86400 + hours * 3600 + minutes * 60 + seconds

    return frame["Elapsed"].map(parse).astype("float64")


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


def _parse_local(values: pd.Series, column: str) -> pd.Series:
    text = values.astype(str).str.strip()
    known = ~text.isin(_UNKNOWN_TIMES)
    parsed = pd.to_datetime(text.where(known), format="ISO8601", errors="coerce")
    bad = known & parsed.isna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise ValueError(
            f"sacct column {column!r}, row {row}: {text.iloc[row]!r} is not a date-time "
            "like 2024-03-31T01:30:00 (or Unknown)"
        )
    if getattr(parsed.dt, "tz", None) is not None:  # carries an offset: absolute, not local
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
        parsed.attrs["utc"] = True
    return parsed.astype("datetime64[ns]")


def read_sacct(
    source: SacctSource,
    timezone: str = "UTC",
    include_steps: bool = False,
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

    Returns
    -------
    pandas.DataFrame
        The input columns plus ``nodes`` (tuple of node names), ``n_nodes``, ``alloc_cpus``
        (int), ``start`` and ``end`` (UTC, ``datetime64[ns, UTC]``, NaT when unknown) and
        ``flags`` (``;``-separated data-quality flags, ``""`` when clean).

    Raises
    ------
    ValueError
        Naming the missing column, or the row and column of an unparseable value.
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"timezone {timezone!r} is not an IANA zone like 'Europe/London'") from None
    frame = _read_table(source)
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    cpu_column = next((c for c in _CPU_COLUMNS if c in frame.columns), None)
    if cpu_column is None:
        missing.append("AllocCPUS (or NCPUS)")
    if missing:
        raise ValueError(
            f"sacct table: missing column(s) {', '.join(missing)}; found {list(frame.columns)}"
        )
    frame["JobID"] = frame["JobID"].astype(str).str.strip()
    if not include_steps:
        frame = frame.loc[~frame["JobID"].str.contains(".", regex=False)]
    frame = frame.reset_index(drop=True)
    for column in ("User", "Account", "Partition", "State", "NodeList"):
        frame[column] = frame[column].astype(str).replace({"nan": ""}).str.strip()

    cpus = pd.to_numeric(frame[cpu_column], errors="coerce")
    if cpus.isna().any() or (cpus < 0).any():
        row = int(np.flatnonzero((cpus.isna() | (cpus < 0)).to_numpy())[0])
        raise ValueError(
            f"sacct column {cpu_column!r}, row {row} (JobID {frame['JobID'].iloc[row]}): "
            f"{frame[cpu_column].iloc[row]!r} is not a non-negative number of CPUs"
        )
    frame["alloc_cpus"] = cpus.astype("int64")
    try:
        frame["nodes"] = [tuple(expand_nodelist(v)) for v in frame["NodeList"]]
    except ValueError as exc:
        raise ValueError(f"sacct column 'NodeList': {exc}") from None
    frame["n_nodes"] = frame["nodes"].map(len).astype("int64")

    flags: list[list[str]] = [[] for _ in range(len(frame))]
    start_naive = _parse_local(frame["Start"], "Start")
    end_naive = _parse_local(frame["End"], "End")
    s1, s2, s_amb, s_gap = _localize(start_naive,
                                     "UTC" if start_naive.attrs.get("utc") else timezone)
    e1, e2, e_amb, e_gap = _localize(end_naive, "UTC" if end_naive.attrs.get("utc") else timezone)
    elapsed = _elapsed_seconds(frame)

    start, end = s1.copy(), e1.copy()
    either = (s_amb | e_amb).to_numpy()
    for i in np.flatnonzero(either):
        pairs = [(s, e) for s in (s1.iloc[i], s2.iloc[i]) for e in (e1.iloc[i], e2.iloc[i])]
        chosen = None
        if elapsed is not None and np.isfinite(elapsed.iloc[i]):
            matches = [p for p in pairs if abs((p[1] - p[0]).total_seconds() - elapsed.iloc[i]) < 1]
            if matches:
                chosen = matches[0]
        if chosen is None:
            valid = [p for p in pairs if pd.isna(p[1]) or pd.isna(p[0]) or p[1] >= p[0]]
            chosen = valid[0] if valid else pairs[0]
            flags[i].append("ambiguous_time")
        start.iloc[i], end.iloc[i] = chosen
    for i in np.flatnonzero((s_gap | e_gap).to_numpy()):
        flags[i].append("nonexistent_time")
    frame["start"] = start
    frame["end"] = end
    for i in np.flatnonzero(frame["start"].isna().to_numpy()):
        flags[i].append("not_started")
    for i in np.flatnonzero((frame["end"].isna() & frame["start"].notna()).to_numpy()):
        flags[i].append("no_end")
    for i in np.flatnonzero((frame["n_nodes"] == 0).to_numpy()):
        if "not_started" not in flags[i]:
            flags[i].append("no_nodes")
    bad_order = (frame["end"] < frame["start"]).to_numpy()
    if bad_order.any():
        row = int(np.flatnonzero(bad_order)[0])
        raise ValueError(
            f"sacct row {row} (JobID {frame['JobID'].iloc[row]}): End {frame['End'].iloc[row]} "
            f"is before Start {frame['Start'].iloc[row]}"
        )
    frame["flags"] = [";".join(f) for f in flags]
    return frame

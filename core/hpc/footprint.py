"""Per-job energy and emissions from node power samples and grid intensity (pandas or Dask).

Energy per job and node is the integral of the node's power over the job's exact run, split at
settlement-period boundaries and shared between concurrent jobs by weight
(:mod:`footprintlab.hpc.integrate`). Emissions::

    co2e_g = sum over periods p of  energy_kWh[p] * intensity_g_per_kWh[p]

The samples can be one pandas DataFrame, an iterable of DataFrames each holding *all* samples
of its nodes (chunked processing in bounded memory), or a ``dask.dataframe`` (partitioned by
node, or shuffled so). All three run the same per-partition function and the same final
reduction, so they give the same results.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._logging import get_logger
from .._progress import progress as progress_bar
from ._time import unix_seconds
from .integrate import COVERED, ENDS_EARLY, STARTS_LATE, node_job_energy
from .intensity import CountryFallback, lookup_intensity
from .power import normalize_samples
from .sacct import read_sacct

__all__ = ["HPCFootprint", "job_footprints", "job_node_table", "partition_energy"]

log = get_logger(__name__)
J_PER_KWH = 3.6e6  # 1 kWh = 3,600,000 J
_META_PERIOD = -1.0  # period key of the per-(job, node) bookkeeping rows
_PART_COLUMNS = {"job_idx": "int64", "period": "float64", "energy_j": "float64",
                 "gap_s": "float64", "covered": "int64", "starts_late": "int64",
                 "ends_early": "int64"}


@dataclass
class HPCFootprint:
    """Result of :func:`job_footprints`.

    Attributes
    ----------
    jobs : DataFrame
        One row per job: JobID, User, Account, Partition, State, NodeList, n_nodes, alloc_cpus,
        start, end (UTC), energy_kWh, co2e_kg, intensity_g_per_kwh (energy-weighted mean),
        intensity_source, gap_s, flags. Flags say why a job has no (or partial) energy:
        ``no_power_data`` (no node's samples cover it), ``power_data_for_C_of_K_nodes``,
        ``power_starts_after_job`` / ``power_ends_before_job`` (a node's samples begin or stop
        more than ``max_gap`` inside the run, e.g. samples only before the job, or times in
        milliseconds read as seconds), ``gap``, ``no_intensity``.
    periods : DataFrame
        One row per (job, settlement period): JobID, period_start (UTC), energy_kWh,
        intensity_g_per_kwh, intensity_source, co2e_kg.
    """

    jobs: pd.DataFrame
    periods: pd.DataFrame


def _period_seconds(period: str | float | pd.Timedelta) -> float:
    seconds = pd.Timedelta(period).total_seconds() if not isinstance(period, (int, float)) \
        else float(period)
    if seconds <= 0 or 86400 % seconds:
        raise ValueError(f"period={period!r}: expected a positive divisor of a day, e.g. '30min'")
    return seconds


def job_node_table(jobs: pd.DataFrame, share_by: str = "cpus") -> pd.DataFrame:
    """One row per (job, node) of jobs that ran: job_idx, node, start_s, end_s, weight.

    ``share_by="cpus"`` weighs a job on a node by its allocated CPUs divided by its node count
    (sacct does not say how CPUs were spread); ``"equal"`` gives every job weight 1.
    """
    if share_by not in ("cpus", "equal"):
        raise ValueError(f"share_by={share_by!r}: expected 'cpus' or 'equal'")
    ran = jobs["start"].notna() & jobs["end"].notna() & (jobs["n_nodes"] > 0)
    sub = jobs.loc[ran]
    counts = sub["n_nodes"].to_numpy()
    job_idx = np.repeat(np.flatnonzero(ran.to_numpy()), counts)
    nodes = np.array([n for tup in sub["nodes"] for n in tup], dtype=object)
    start = np.repeat(unix_seconds(sub["start"]), counts)
    end = np.repeat(unix_seconds(sub["end"]), counts)
    if share_by == "cpus":
        cpus = sub["alloc_cpus"].to_numpy(dtype="float64")
        per_node = np.where(cpus > 0, cpus, 1.0) / np.maximum(counts, 1)
        weight = np.repeat(per_node, counts)
    else:
        weight = np.ones(len(job_idx))
    table = pd.DataFrame({"job_idx": job_idx.astype("int64"), "node": nodes, "start_s": start,
                          "end_s": end, "weight": weight})
    return table.sort_values(["node", "job_idx"], kind="stable").reset_index(drop=True)


def _empty_part() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in _PART_COLUMNS.items()})


def partition_energy(
    samples: pd.DataFrame,
    jobnodes: pd.DataFrame,
    period: float = 1800.0,
    max_gap: float = 300.0,
    interpolation: str = "linear",
    progress: bool | None = None,
) -> pd.DataFrame:
    """Energy per (job, period) from the samples of some nodes (all samples of each node).

    Returns columns job_idx, period (s; ``-1`` marks a per-(job, node) row carrying
    ``gap_s``, ``covered``, ``starts_late`` and ``ends_early``: 1 when this node's samples
    cover the job, start more than ``max_gap`` after it, end more than ``max_gap`` before its
    end), energy_j, gap_s, covered, starts_late, ends_early, summed over this partition's nodes.
    """
    if len(samples) == 0 or len(jobnodes) == 0:
        return _empty_part()
    node = samples["node"]
    if isinstance(node.dtype, pd.CategoricalDtype):
        codes, names = node.cat.codes.to_numpy(), node.cat.categories.to_numpy()
    else:
        codes, names = pd.factorize(node)
    time = samples["time"].to_numpy(dtype="float64")
    watts = samples["watts"].to_numpy(dtype="float64")
    order = np.lexsort((time, codes))
    codes, time, watts = codes[order], time[order], watts[order]
    splits = np.flatnonzero(np.diff(codes)) + 1
    lows = np.concatenate(([0], splits))
    highs = np.concatenate((splits, [len(codes)]))

    jn_node = jobnodes["node"].to_numpy()
    jn_job = jobnodes["job_idx"].to_numpy()
    jn_start = jobnodes["start_s"].to_numpy()
    jn_end = jobnodes["end_s"].to_numpy()
    jn_weight = jobnodes["weight"].to_numpy()
    pieces: list[tuple[np.ndarray, ...]] = []
    bar = progress_bar(zip(lows, highs), total=len(lows), desc="integrating power", unit=" node",
                       option=progress)
    for lo, hi in bar:
        name = names[codes[lo]]
        a, b = np.searchsorted(jn_node, name, "left"), np.searchsorted(jn_node, name, "right")
        if a == b:
            continue
        r = node_job_energy(time[lo:hi], watts[lo:hi], jn_start[a:b], jn_end[a:b],
                            jn_weight[a:b], period, max_gap, interpolation)
        jobs_here = jn_job[a:b]
        none = np.zeros(len(r.job), "int64")
        pieces.append((jobs_here[r.job], r.period, r.energy_j, np.zeros(len(r.job)),
                       none, none, none))
        pieces.append((jobs_here, np.full(b - a, _META_PERIOD), np.zeros(b - a), r.gap_s,
                       (r.coverage == COVERED).astype("int64"),
                       (r.coverage & STARTS_LATE > 0).astype("int64"),
                       (r.coverage & ENDS_EARLY > 0).astype("int64")))
    if not pieces:
        return _empty_part()
    cols = [np.concatenate(p) for p in zip(*pieces)]
    frame = pd.DataFrame(dict(zip(_PART_COLUMNS, cols)))
    return frame.groupby(["job_idx", "period"], as_index=False, sort=True).sum()


def _source_labels(job_idx: np.ndarray, kinds: np.ndarray, n: int) -> np.ndarray:
    """Per job, the sorted '+'-joined set of intensity sources of its periods ('none' if none).

    The few distinct sources become bits of an integer mask (fast for millions of jobs).
    """
    codes, names = pd.factorize(pd.Series(kinds, dtype=object).fillna(""))
    if len(names) > 62:
        raise ValueError(f"{len(names)} distinct intensity sources; at most 62 are supported")
    mask = np.zeros(n, dtype="int64")
    np.bitwise_or.at(mask, job_idx, np.left_shift(1, codes.astype("int64")))
    labels = {}
    for m in np.unique(mask):
        parts = sorted(names[b] for b in range(len(names)) if m >> b & 1 and names[b])
        labels[m] = "+".join(parts) or "none"
    return np.array([labels[m] for m in mask], dtype=object) if n else np.array([], object)


def _reduce(parts: pd.DataFrame, jobs: pd.DataFrame, intensity: pd.DataFrame | None,
            fallback: CountryFallback | None) -> HPCFootprint:
    g = parts.groupby(["job_idx", "period"], as_index=False, sort=True).sum()
    meta = g.loc[g["period"] == _META_PERIOD].set_index("job_idx")
    per = g.loc[g["period"] != _META_PERIOD].reset_index(drop=True)
    values, kinds = lookup_intensity(intensity, per["period"].to_numpy(), fallback)
    per["energy_kWh"] = per["energy_j"] / J_PER_KWH
    per["intensity_g_per_kwh"] = values
    per["intensity_source"] = kinds
    per["co2e_kg"] = per["energy_kWh"] * values / 1000.0  # kg = kWh * g/kWh / 1000

    n = len(jobs)
    idx = per["job_idx"].to_numpy()
    energy = np.bincount(idx, per["energy_kWh"].to_numpy(), minlength=n)
    co2e = np.bincount(idx, np.nan_to_num(per["co2e_kg"].to_numpy()), minlength=n)
    no_int = np.bincount(idx, np.isnan(values).astype(float), minlength=n) > 0
    covered = meta["covered"].reindex(range(n), fill_value=0).to_numpy()
    late = meta["starts_late"].reindex(range(n), fill_value=0).to_numpy()
    early = meta["ends_early"].reindex(range(n), fill_value=0).to_numpy()
    gap = meta["gap_s"].reindex(range(n), fill_value=0.0).to_numpy()
    sources = _source_labels(idx, kinds, n)

    out = jobs.loc[:, [c for c in ("JobID", "User", "Account", "Partition", "State", "NodeList",
                                   "n_nodes", "alloc_cpus", "start", "end") if c in jobs]].copy()
    ran = (jobs["start"].notna() & jobs["end"].notna() & (jobs["n_nodes"] > 0)).to_numpy()
    no_data = ran & (covered == 0)
    energy = np.where(ran & ~no_data, energy, np.nan)
    co2e = np.where(ran & ~no_data & ~no_int, co2e, np.nan)
    out["energy_kWh"] = energy
    out["co2e_kg"] = co2e
    with np.errstate(invalid="ignore", divide="ignore"):
        out["intensity_g_per_kwh"] = np.where(energy > 0, co2e * 1000.0 / energy, np.nan)
    out["intensity_source"] = sources
    out["gap_s"] = gap
    n_nodes = jobs["n_nodes"].to_numpy()
    extra = np.full(n, "", dtype=object)
    partial = ran & ~no_data & (covered < n_nodes)
    extra[no_data] = ";no_power_data"
    extra[partial] = [f";power_data_for_{c}_of_{k}_nodes" for c, k in
                      zip(covered[partial], n_nodes[partial])]
    extra[ran & (late > 0)] += ";power_starts_after_job"
    extra[ran & (early > 0)] += ";power_ends_before_job"
    extra[gap > 0] += ";gap"
    extra[ran & ~no_data & no_int] += ";no_intensity"
    flags = (jobs["flags"].to_numpy(dtype=object) + extra)
    flags = [f.removeprefix(";") for f in flags]
    out["flags"] = flags
    out = out.reset_index(drop=True)

    periods = pd.DataFrame({
        "JobID": jobs["JobID"].to_numpy()[idx],
        "period_start": pd.to_datetime(np.round(per["period"].to_numpy() * 1e9).astype("int64"),
                                       utc=True),
        "energy_kWh": per["energy_kWh"].to_numpy(),
        "intensity_g_per_kwh": values,
        "intensity_source": kinds.astype(str),
        "co2e_kg": per["co2e_kg"].to_numpy(),
    })
    return HPCFootprint(jobs=out, periods=periods)


def job_footprints(
    jobs: pd.DataFrame,
    samples,
    intensity: pd.DataFrame | None = None,
    *,
    fallback: CountryFallback | str | None = None,
    period: str | float = "30min",
    max_gap: float = 300.0,
    share_by: str = "cpus",
    interpolation: str = "linear",
    node_partitioned: bool = False,
    progress: bool | None = None,
) -> HPCFootprint:
    """Energy (kWh) and emissions (kgCO2e) of each Slurm job from its nodes' power.

    Parameters
    ----------
    jobs : DataFrame
        From :func:`footprintlab.hpc.read_sacct` (a raw sacct table is read with it, in UTC).
    samples : DataFrame, iterable of DataFrames, or dask DataFrame
        Power samples with columns node, time (Unix s) or timestamp, watts. An iterable or a
        dask DataFrame must hold all samples of a node in one chunk/partition, unless
        ``node_partitioned=False`` for dask (then it is shuffled on ``node``).
    intensity : DataFrame, optional
        Intensity table (:mod:`footprintlab.hpc.intensity`); periods it does not cover use
        ``fallback``.
    fallback : CountryFallback or str, optional
        A country (e.g. ``"GB"``) whose yearly average fills periods without intensity,
        recorded in ``intensity_source`` as ``country-average:ISO3:YEAR``.
    period : str or float
        Settlement period (default 30 minutes, aligned to UTC).
    max_gap : float
        Longest normal gap between samples, s (default 300); longer ones are reported in
        ``gap_s`` and flagged ``gap``.
    share_by : {"cpus", "equal"}
        How concurrent jobs on a node share its energy.
    interpolation : {"linear", "previous"}
        Power between samples: trapezoidal rule, or held at the previous sample.
    node_partitioned : bool
        For dask input: the partitions already hold whole nodes (skip the shuffle).
    progress : bool, optional
        A bar in nodes (chunks for an iterable) with rate and time left: by default in a
        notebook or on a terminal's stderr, for runs over a second; False never. Not for dask
        (use dask's own diagnostics).

    Returns
    -------
    HPCFootprint
    """
    if "start" not in jobs.columns:
        jobs = read_sacct(jobs)
    jobs = jobs.reset_index(drop=True)
    if isinstance(fallback, str):
        from .intensity import country_fallback

        fallback = country_fallback(fallback)
    p = _period_seconds(period)
    jobnodes = job_node_table(jobs, share_by)
    args = (p, float(max_gap), interpolation)
    if hasattr(samples, "map_partitions"):  # dask.dataframe
        import dask

        if not node_partitioned:
            samples = samples.shuffle("node")
        delayed_jobnodes = dask.delayed(jobnodes, pure=True)
        meta = _empty_part()
        parts = samples.map_partitions(_normalized_partition_energy, delayed_jobnodes, *args,
                                       meta=meta).compute()
    elif isinstance(samples, pd.DataFrame):
        parts = partition_energy(normalize_samples(samples), jobnodes, *args, progress=progress)
    elif isinstance(samples, Iterable):
        chunks = progress_bar(samples, desc="integrating power", unit=" chunk", option=progress)
        parts = pd.concat([partition_energy(normalize_samples(chunk), jobnodes, *args,
                                            progress=False)
                           for chunk in chunks] or [_empty_part()], ignore_index=True)
    else:
        raise TypeError(f"samples: expected a DataFrame, an iterable of DataFrames or a dask "
                        f"DataFrame, got {type(samples).__name__}")
    log.info("integrated %d job(s) on %d node(s) into %d (job, period) row(s)", len(jobs),
             jobnodes["node"].nunique(), len(parts))
    return _reduce(parts, jobs, intensity, fallback)


def _normalized_partition_energy(samples, jobnodes, period, max_gap, interpolation):
    return partition_energy(normalize_samples(samples), jobnodes, period, max_gap, interpolation,
                            progress=False)

"""Energy of jobs on one node from its power samples: the numerical kernel (numpy only).

Times are float64 Unix seconds, power in watts, energy in joules.

The node's power between samples is linear (``"linear"``: the trapezoidal rule) or held at the
previous sample (``"previous"``); before the first and after the last sample it is held at that
sample's value. ``F(x)``, the energy drawn from the first sample up to ``x``, is then known in
closed form at any instant, so the energy over ``[a, b]`` is ``F(b) - F(a)``: jobs' exact start
and end and the settlement-period boundaries need no resampling.

Jobs sharing the node at the same time split its energy in proportion to their weights
(allocated CPUs by default): the time axis is cut at every job start/end and period boundary;
in each piece the energy ``dE`` is divided by the total weight ``W`` of the jobs running then,
and a job gets ``weight * dE / W``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["COVERED", "ENDS_EARLY", "STARTS_LATE", "NodeEnergy", "cumulative_energy", "integrate_power", "node_job_energy"]


def cumulative_energy(
    t: np.ndarray, w: np.ndarray, x: np.ndarray, interpolation: str = "linear"
) -> np.ndarray:
    """Energy ``F(x)`` in J drawn since the first sample ``t[0]``, evaluated at instants ``x``.

    Parameters
    ----------
    t : ndarray of float
        Sample times in s, sorted ascending (repeated times are allowed: a step).
    w : ndarray of float
        Power in W at those times.
    x : ndarray of float
        Instants in s where ``F`` is wanted (any order; before ``t[0]`` it is negative).
    interpolation : {"linear", "previous"}
        Power between samples: linear (trapezoidal rule) or held at the previous sample.
    """
    if interpolation not in ("linear", "previous"):
        raise ValueError(f"interpolation={interpolation!r}: expected 'linear' or 'previous'")
    dt = np.diff(t)
    if interpolation == "linear":
        seg = dt * (w[1:] + w[:-1]) * 0.5  # J = s * W (trapezoid)
    else:
        seg = dt * w[:-1]  # J = s * W (held value)
    F = np.concatenate(([0.0], np.cumsum(seg)))
    x = np.asarray(x, dtype="float64")
    i = np.searchsorted(t, x, side="right") - 1
    n = len(t)
    out = np.empty_like(x)
    before = i < 0
    after = i >= n - 1
    inner = ~(before | after)
    out[before] = (x[before] - t[0]) * w[0]
    out[after] = F[-1] + (x[after] - t[-1]) * w[-1]
    ii = i[inner]
    h = x[inner] - t[ii]
    if interpolation == "linear":
        span = t[ii + 1] - t[ii]  # > 0 because side="right" picks the last of repeated times
        w_at = w[ii] + (w[ii + 1] - w[ii]) * (h / span)
        out[inner] = F[ii] + h * (w[ii] + w_at) * 0.5
    else:
        out[inner] = F[ii] + h * w[ii]
    return out


def integrate_power(
    t: np.ndarray, w: np.ndarray, start: float, end: float, interpolation: str = "linear"
) -> float:
    """Energy in J of the power samples ``(t, w)`` over ``[start, end]`` (edges interpolated)."""
    t = np.asarray(t, dtype="float64")
    w = np.asarray(w, dtype="float64")
    order = np.argsort(t, kind="stable")
    F = cumulative_energy(t[order], w[order], np.array([start, end], float), interpolation)
    return float(F[1] - F[0])


def _long_gap_measure(t: np.ndarray, max_gap: float, x: np.ndarray) -> np.ndarray:
    """Seconds of sample gaps longer than ``max_gap`` between ``t[0]`` and ``x``."""
    dt = np.diff(t)
    long = dt > max_gap
    G = np.concatenate(([0.0], np.cumsum(np.where(long, dt, 0.0))))
    i = np.clip(np.searchsorted(t, x, side="right") - 1, 0, len(t) - 1)
    inner = i < len(t) - 1
    out = G[i].copy()
    xi = np.clip(x - t[i], 0.0, None)
    out[inner] += np.where(long[i[inner]], xi[inner], 0.0)
    return out


COVERED, STARTS_LATE, ENDS_EARLY = 0, 1, 2  # bits of NodeEnergy.coverage


@dataclass
class NodeEnergy:
    """Result of :func:`node_job_energy` for the jobs on one node.

    ``job``/``period``/``energy_j`` are one row per (job, settlement period) of the jobs the
    samples cover: ``job`` indexes the input arrays, ``period`` is the period's start (s).
    Per job: ``gap_s`` is the time in s of its run inside sample gaps longer than ``max_gap``;
    ``coverage`` is ``COVERED`` (0) or a sum of ``STARTS_LATE`` (the first sample comes more
    than ``max_gap`` after the job's start) and ``ENDS_EARLY`` (the last sample comes more
    than ``max_gap`` before its end). An uncovered job gets no energy rows: holding the
    first or last sample over the rest of its run would be a guess, not a measurement.
    """

    job: np.ndarray
    period: np.ndarray
    energy_j: np.ndarray
    gap_s: np.ndarray
    coverage: np.ndarray


def node_job_energy(
    t: np.ndarray,
    w: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    weight: np.ndarray,
    period: float = 1800.0,
    max_gap: float = 300.0,
    interpolation: str = "linear",
) -> NodeEnergy:
    """Split one node's energy between its jobs and settlement periods.

    Parameters
    ----------
    t, w : ndarray of float
        The node's samples: times (s, sorted ascending) and power (W); at least one sample.
    start, end : ndarray of float
        Each job's start and end on this node (s), ``end >= start``.
    weight : ndarray of float
        Each job's share weight (e.g. its CPUs on this node), > 0.
    period : float
        Settlement period in s (1,800 s for GB half-hours); periods are aligned to the epoch.
    max_gap : float
        Longest gap between samples (s) treated as normal; longer gaps are interpolated too but
        counted in ``gap_s``. A job is covered when the samples start at most ``max_gap``
        after its start and end at most ``max_gap`` before its end.
    interpolation : {"linear", "previous"}
        See :func:`cumulative_energy`.

    Returns
    -------
    NodeEnergy
    """
    start = np.asarray(start, dtype="float64")
    end = np.asarray(end, dtype="float64")
    weight = np.asarray(weight, dtype="float64")
    n_jobs = len(start)
    if n_jobs == 0:
        empty = np.empty(0)
        return NodeEnergy(empty.astype("int64"), empty, empty, empty, empty.astype("int64"))
    coverage = (np.where(t[0] > start + max_gap, STARTS_LATE, COVERED)
                + np.where(t[-1] < end - max_gap, ENDS_EARLY, COVERED)).astype("int64")
    k_first = np.floor(start / period)
    k_last = np.ceil(end / period)  # exclusive
    bounds = np.arange(k_first.min(), k_last.max() + 1) * period
    cuts = np.unique(np.concatenate((start, end, bounds)))
    dE = np.diff(cumulative_energy(t, w, cuts, interpolation))  # J per piece

    i_start = np.searchsorted(cuts, start)
    i_end = np.searchsorted(cuts, end)
    delta = np.zeros(len(cuts))
    np.add.at(delta, i_start, weight)
    np.add.at(delta, i_end, -weight)
    W = np.cumsum(delta)[:-1]  # total weight of the jobs running in each piece
    busy = W > weight.min() * 1e-9
    q = np.where(busy, dE / np.where(busy, W, 1.0), 0.0)  # J per unit weight
    Q = np.concatenate(([0.0], np.cumsum(q)))

    n_periods = np.where((end > start) & (coverage == COVERED), k_last - k_first, 0)
    n_periods = n_periods.astype("int64")
    job = np.repeat(np.arange(n_jobs), n_periods)
    offset = np.arange(len(job)) - np.repeat(np.cumsum(n_periods) - n_periods, n_periods)
    p_start = (k_first[job] + offset) * period
    a = np.maximum(start[job], p_start)
    b = np.minimum(end[job], (k_first[job] + offset + 1) * period)
    energy = (Q[np.searchsorted(cuts, b)] - Q[np.searchsorted(cuts, a)]) * weight[job]

    gap = _long_gap_measure(t, max_gap, end) - _long_gap_measure(t, max_gap, start)
    gap = np.where(coverage == COVERED, gap, 0.0)
    return NodeEnergy(job=job, period=p_start, energy_j=energy, gap_s=gap, coverage=coverage)

"""Generated (synthetic) Slurm jobs and node power samples, for examples, tests and benchmarks.

Nothing here is measured data: node power is an idle draw plus a per-CPU load for each running
job, plus noise. The default idle and per-CPU figures are illustrative round numbers chosen
only to produce plausible-looking curves (they are not defaults of any calculation).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

__all__ = ["SyntheticCluster", "generate_cluster"]

USERS = ("alice", "bob", "chen", "dana", "eve", "farid", "gita", "hugo")
ACCOUNTS = ("physics", "chemistry", "biology", "climate")
PARTITIONS = ("cpu", "cpu-long", "highmem")


class SyntheticCluster:
    """Jobs (a sacct-like table) and a generator of per-node-group power samples."""

    def __init__(self, jobs: pd.DataFrame, nodes: list[str], t0: float, t1: float, step: float,
                 idle_w: float, per_cpu_w: float, seed: int) -> None:
        self.jobs = jobs
        self.nodes = nodes
        self.t0, self.t1, self.step = t0, t1, step
        self.idle_w, self.per_cpu_w, self.seed = idle_w, per_cpu_w, seed
        self._node_of_job = None

    def sacct_text(self) -> str:
        """The jobs as ``sacct -P`` would print them (``|``-separated, header line)."""
        columns = ["JobID", "User", "Account", "Partition", "NodeList", "AllocCPUS", "Start",
                   "End", "State", "ElapsedRaw"]
        return self.jobs[columns].to_csv(sep="|", index=False)

    @property
    def n_samples(self) -> int:
        return len(self.nodes) * (int((self.t1 - self.t0) // self.step) + 1)

    def _job_nodes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self._node_of_job is None:
            first = self.jobs["_first_node"].to_numpy()
            count = self.jobs["_n_nodes"].to_numpy()
            rep = np.repeat(np.arange(len(first)), count)
            offset = np.arange(len(rep)) - np.repeat(np.cumsum(count) - count, count)
            node = first[rep] + offset
            cpus = (self.jobs["AllocCPUS"].to_numpy() / count)[rep]
            order = np.argsort(node, kind="stable")
            self._node_of_job = (node[order], rep[order], cpus[order])
        return self._node_of_job

    def sample_chunks(self, nodes_per_chunk: int = 50) -> Iterator[pd.DataFrame]:
        """Yield sample tables (node, time, watts), each with all samples of its nodes."""
        for lo in range(0, len(self.nodes), nodes_per_chunk):
            yield self.samples_for(range(lo, min(lo + nodes_per_chunk, len(self.nodes))))

    def samples_for(self, node_indices) -> pd.DataFrame:
        """All samples of the nodes with these indices (deterministic for a given seed)."""
        node_indices = np.asarray(list(node_indices))
        times = self.t0 + np.arange(int((self.t1 - self.t0) // self.step) + 1) * self.step
        n_t = len(times)
        node, rep, cpus = self._job_nodes()
        a, b = np.searchsorted(node, node_indices.min()), np.searchsorted(node, node_indices.max(),
                                                                          "right")
        start = self.jobs["_start_s"].to_numpy()[rep[a:b]]
        end = self.jobs["_end_s"].to_numpy()[rep[a:b]]
        row = node[a:b] - node_indices.min()
        load = np.zeros((len(node_indices), n_t + 1))
        i0 = np.clip(np.ceil((start - self.t0) / self.step).astype(int), 0, n_t)
        i1 = np.clip(np.ceil((end - self.t0) / self.step).astype(int), 0, n_t)
        np.add.at(load, (row, i0), cpus[a:b] * self.per_cpu_w)
        np.add.at(load, (row, i1), -cpus[a:b] * self.per_cpu_w)
        watts = self.idle_w + np.cumsum(load, axis=1)[:, :n_t]
        for k, index in enumerate(node_indices):  # noise seeded per node: chunking-independent
            watts[k] += np.random.default_rng([self.seed, int(index)]).normal(0.0, 5.0, n_t)
        names = pd.Categorical.from_codes(np.repeat(node_indices, n_t),
                                          categories=self.nodes)
        return pd.DataFrame({"node": names, "time": np.tile(times, len(node_indices)),
                             "watts": np.maximum(watts, 0.0).ravel()})

    def samples(self) -> pd.DataFrame:
        """All samples at once (small clusters only)."""
        return pd.concat(list(self.sample_chunks()), ignore_index=True)


def generate_cluster(n_nodes: int = 8, n_jobs: int = 200, days: float = 7.0,
                     start: str = "2024-01-08T00:00Z", step: float = 30.0,
                     timezone: str = "UTC", idle_w: float = 120.0, per_cpu_w: float = 6.0,
                     cpus_per_node: int = 32, seed: int = 0) -> SyntheticCluster:
    """Generate jobs on ``n_nodes`` nodes over ``days`` days and their nodes' power.

    Jobs take 1 node (most), 2 or 4 contiguous nodes, 4 to 32 CPUs per node, and last from a
    minute to a day (log-normal, median 40 minutes). ``jobs`` has sacct's columns, with Start and
    End as local times in ``timezone``.
    """
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp(start).value / 1e9
    t1 = t0 + days * 86400
    n_per_job = rng.choice([1, 1, 1, 1, 1, 1, 2, 4], n_jobs)
    n_per_job = np.minimum(n_per_job, n_nodes)
    first = rng.integers(0, n_nodes - n_per_job + 1)
    duration = np.clip(np.round(rng.lognormal(np.log(2400), 1.0, n_jobs)), 60, 86400)
    begin = np.round(t0 + rng.uniform(0, 1, n_jobs) * np.maximum(t1 - t0 - duration, 0))
    cpus = rng.choice([4, 8, 16, cpus_per_node], n_jobs) * n_per_job
    width = len(str(n_nodes - 1))
    nodes = [f"cpu-{i:0{width}d}" for i in range(n_nodes)]
    nodelist = [f"cpu-{f:0{width}d}" if k == 1 else f"cpu-[{f:0{width}d}-{f + k - 1:0{width}d}]"
                for f, k in zip(first, n_per_job)]
    order = np.argsort(begin, kind="stable")

    def local(seconds: np.ndarray) -> np.ndarray:
        stamps = pd.to_datetime(seconds.astype("int64"), unit="s", utc=True).tz_convert(timezone)
        return stamps.strftime("%Y-%m-%dT%H:%M:%S").to_numpy()

    jobs = pd.DataFrame({
        "JobID": [str(1000 + i) for i in range(n_jobs)],
        "User": rng.choice(USERS, n_jobs),
        "Account": rng.choice(ACCOUNTS, n_jobs),
        "Partition": rng.choice(PARTITIONS, n_jobs),
        "NodeList": nodelist,
        "AllocCPUS": cpus,
        "Start": local(begin),
        "End": local(begin + duration),
        "State": "COMPLETED",
        "ElapsedRaw": duration.astype("int64"),
        "_first_node": first, "_n_nodes": n_per_job, "_start_s": begin, "_end_s": begin + duration,
    }).iloc[order].reset_index(drop=True)
    jobs["JobID"] = [str(1000 + i) for i in range(n_jobs)]
    return SyntheticCluster(jobs, nodes, t0, t1, step, idle_w, per_cpu_w, seed)

"""Generated (synthetic) Slurm jobs and node power samples, for examples, tests and benchmarks.

Nothing here is measured data: node power is an idle draw plus a per-CPU load for each running
job, plus noise. The default idle and per-CPU figures are illustrative round numbers chosen
only to produce plausible-looking curves (they are not defaults of any calculation).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["NodeGroup", "SyntheticCluster", "generate_cluster", "group_samples"]

USERS = ("alice", "bob", "chen", "dana", "eve", "farid", "gita", "hugo")
ACCOUNTS = ("physics", "chemistry", "biology", "climate")
PARTITIONS = ("cpu", "cpu-long", "highmem")


@dataclass
class NodeGroup:
    """What is needed to generate the samples of ``count`` contiguous nodes."""

    first: int
    count: int
    names: list[str]  # all the cluster's nodes (the categories)
    job_row: np.ndarray
    job_start: np.ndarray
    job_end: np.ndarray
    job_cpus: np.ndarray
    t0: float
    t1: float
    step: float
    idle_w: float
    per_cpu_w: float
    seed: int


def group_samples(group: NodeGroup) -> pd.DataFrame:
    """Samples (node, time, watts) of a node group: idle + per-CPU load of running jobs + noise."""
    times = group.t0 + np.arange(int((group.t1 - group.t0) // group.step) + 1) * group.step
    n_t = len(times)
    load = np.zeros((group.count, n_t + 1))
    i0 = np.clip(np.ceil((group.job_start - group.t0) / group.step).astype(int), 0, n_t)
    i1 = np.clip(np.ceil((group.job_end - group.t0) / group.step).astype(int), 0, n_t)
    np.add.at(load, (group.job_row, i0), group.job_cpus * group.per_cpu_w)
    np.add.at(load, (group.job_row, i1), -group.job_cpus * group.per_cpu_w)
    watts = group.idle_w + np.cumsum(load, axis=1)[:, :n_t]
    for k in range(group.count):  # noise seeded per node: chunking-independent
        watts[k] += np.random.default_rng([group.seed, group.first + k]).normal(0.0, 5.0, n_t)
    names = pd.Categorical.from_codes(np.repeat(group.first + np.arange(group.count), n_t),
                                      categories=group.names)
    return pd.DataFrame({"node": names, "time": np.tile(times, group.count),
                         "watts": np.maximum(watts, 0.0).ravel()})


class SyntheticCluster:
    """Jobs (a sacct-like table) and a generator of per-node-group power samples."""

    def __init__(self, jobs: pd.DataFrame, nodes: list[str], t0: float, t1: float, step: float,
                 idle_w: float, per_cpu_w: float, seed: int) -> None:
        self.jobs = jobs
        self.nodes = nodes
        self.t0, self.t1, self.step = t0, t1, step
        self.idle_w, self.per_cpu_w, self.seed = idle_w, per_cpu_w, seed
        self._node_of_job: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

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
        for group in self.node_groups(nodes_per_chunk):
            yield group_samples(group)

    def node_groups(self, nodes_per_chunk: int = 50) -> list[NodeGroup]:
        """Small picklable descriptions of node groups; :func:`group_samples` makes their samples
        (e.g. ``dask.dataframe.from_map(group_samples, cluster.node_groups())``)."""
        return [self._group(range(lo, min(lo + nodes_per_chunk, len(self.nodes))))
                for lo in range(0, len(self.nodes), nodes_per_chunk)]

    def samples_for(self, node_indices) -> pd.DataFrame:
        """All samples of the nodes with these contiguous indices (deterministic per seed)."""
        return group_samples(self._group(node_indices))

    def _group(self, node_indices) -> NodeGroup:
        node_indices = np.asarray(list(node_indices))
        node, rep, cpus = self._job_nodes()
        a = np.searchsorted(node, node_indices.min())
        b = np.searchsorted(node, node_indices.max(), "right")
        return NodeGroup(
            first=int(node_indices.min()), count=len(node_indices),
            names=self.nodes,
            job_row=node[a:b] - node_indices.min(),
            job_start=self.jobs["_start_s"].to_numpy()[rep[a:b]],
            job_end=self.jobs["_end_s"].to_numpy()[rep[a:b]], job_cpus=cpus[a:b],
            t0=self.t0, t1=self.t1, step=self.step, idle_w=self.idle_w,
            per_cpu_w=self.per_cpu_w, seed=self.seed)

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

"""Benchmark: HPC job footprints on generated telemetry, pandas (chunked) vs Dask.

Default size (the issue's): 1,000,000 jobs over 1,000 nodes, 30-second samples for 30 days
(1,000 x 86,401 = 86.4 M samples), generated and processed per node group so memory stays
bounded. Each engine runs in its own subprocess; peak RSS is sampled (psutil, every 0.1 s)
over that process and its children (Dask's workers included).

Rows:
- ``generate only``: make every node group's samples and drop them (the baseline: the part of
  each run that is data generation, not computation);
- ``pandas chunked``: ``job_footprints(jobs, cluster.sample_chunks(...))``;
- ``dask``: ``job_footprints(jobs, dask.dataframe.from_map(group_samples, groups))`` on a
  ``LocalCluster`` (``--workers`` processes, one thread each, 127.0.0.1).

Usage::

    python benchmarks/hpc_bench.py                       # full size (several minutes)
    python benchmarks/hpc_bench.py --jobs 100000 --nodes 100 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time


def _peak_rss_sampler(stop: threading.Event, out: list[int]) -> None:
    import psutil

    me = psutil.Process()
    peak = 0
    while not stop.is_set():
        total = 0
        for proc in [me, *me.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                pass
        peak = max(peak, total)
        stop.wait(0.1)
    out.append(peak)


def run_engine(args: argparse.Namespace) -> dict:
    """Run one engine ``args.repeat`` times in this process; return timings and peak RSS."""
    stop, peak = threading.Event(), []
    sampler = threading.Thread(target=_peak_rss_sampler, args=(stop, peak), daemon=True)
    sampler.start()
    from footprintlab.hpc import job_footprints, read_sacct
    from footprintlab.hpc.synthetic import generate_cluster, group_samples

    t = time.perf_counter()
    cluster = generate_cluster(n_nodes=args.nodes, n_jobs=args.jobs, days=args.days,
                               step=args.step, seed=1)
    jobs = read_sacct(cluster.jobs)
    setup_s = time.perf_counter() - t

    client = None
    if args.engine == "dask":
        import dask.dataframe as dd
        from dask.distributed import Client, LocalCluster

        local = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                             host="127.0.0.1", dashboard_address=None,
                             memory_limit=f"{args.worker_memory_gb}GB")
        client = Client(local)
    times, total_kwh = [], None
    for _ in range(args.repeat):
        t = time.perf_counter()
        if args.engine == "generate":
            n = sum(len(chunk) for chunk in cluster.sample_chunks(args.chunk))
            total_kwh = float(n)
        elif args.engine == "pandas":
            result = job_footprints(jobs, cluster.sample_chunks(args.chunk), fallback="GB")
            total_kwh = float(result.jobs["energy_kWh"].sum())
        else:
            ddf = dd.from_map(group_samples, cluster.node_groups(args.chunk))
            result = job_footprints(jobs, ddf, fallback="GB", node_partitioned=True)
            total_kwh = float(result.jobs["energy_kWh"].sum())
        times.append(time.perf_counter() - t)
    if client is not None:
        client.close()
        local.close()
    stop.set()
    sampler.join()
    return {"engine": args.engine, "setup_s": setup_s, "times": times,
            "peak_rss_mb": peak[0] / 2**20, "total": total_kwh, "samples": cluster.n_samples}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=1_000_000)
    parser.add_argument("--nodes", type=int, default=1_000)
    parser.add_argument("--days", type=float, default=30.0)
    parser.add_argument("--step", type=float, default=30.0)
    parser.add_argument("--chunk", type=int, default=25, help="nodes per chunk/partition")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-memory-gb", type=float, default=8.0)
    parser.add_argument("--engines", default="generate,pandas,dask")
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:  # child process
        print(json.dumps(run_engine(args)))
        return

    rows = []
    for engine in args.engines.split(","):
        cmd = [sys.executable, os.path.abspath(__file__), "--engine", engine,
               *[f"--{k.replace('_', '-')}={v}" for k, v in vars(args).items()
                 if k not in ("engine", "engines")]]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        print(f"  ... {engine} done", file=sys.stderr)

    base = next((r for r in rows if r["engine"] == "generate"), None)
    print(f"\nHPC footprints: {args.jobs:,} jobs, {args.nodes:,} nodes, {args.days:g} days of "
          f"{args.step:g}-s samples = {rows[0]['samples'] / 1e6:.1f} M samples; "
          f"{args.chunk} nodes per chunk; median of {args.repeat} run(s)")
    print(f"{'engine':<16}{'setup s':>9}{'wall s':>9}{'x generate':>12}{'M samples/s':>13}"
          f"{'peak RSS MB':>13}  total kWh")
    for r in rows:
        wall = statistics.median(r["times"])
        ratio = f"{wall / statistics.median(base['times']):.2f}" if base else "-"
        total = f"{r['total']:.1f}" if r["engine"] != "generate" else "-"
        print(f"{r['engine']:<16}{r['setup_s']:>9.1f}{wall:>9.1f}{ratio:>12}"
              f"{r['samples'] / wall / 1e6:>13.2f}{r['peak_rss_mb']:>13.0f}  {total}")


if __name__ == "__main__":
    main()

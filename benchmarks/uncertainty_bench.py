"""Uncertainty benchmark (issue 16); prints a table (medians).

- 1,000 samples of the quickstart (26,280 h) with 6 uncertain inputs: ``system.uncertainty``
  against a user's own loop of batched deterministic recomputes in the same process (the same
  samples set with ``system.batch()`` and read), and the peak RSS. Target: <= 2 s, <= 1 GB.
- 1,000 samples of the 50-pattern model (benchmarks/model_bench.py scale c), 2 uncertain inputs.
- ``--dask-samples N`` (default 100,000) on a Dask LocalCluster of 2 worker processes.

Each case runs in its own process so that peak RSS is its own.

Usage: ``python benchmarks/uncertainty_bench.py [--runs 3] [--dask-samples 100000]``
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _table import print_table  # noqa: E402


def quickstart_with_six():
    import footprintlab as fl
    from footprintlab import u

    system = fl.quickstart()
    device, server = system.devices()[0], system.servers()[0]
    system.jobs()[0].data_download = fl.Uniform(400 * u.MB, 1200 * u.MB)
    server.power_usage_effectiveness = fl.Normal(1.2, 0.1)
    device.lifespan = fl.Triangular(3 * u.year, 5 * u.year, 8 * u.year)
    device.power = fl.Uniform(20 * u.W, 60 * u.W)
    system.networks()[0].bandwidth_energy_intensity = fl.LogNormal(0.05 * u.kWh / u.GB, 1.5)
    system.usage_patterns[0].country.average_carbon_intensity = fl.Uniform(30 * u.g / u.kWh,
                                                                           90 * u.g / u.kWh)
    return system


def fifty_patterns():
    import footprintlab as fl
    from footprintlab import u
    from model_bench import build_scale

    system = build_scale("c")
    system.jobs()[0].data_download = fl.Uniform(400 * u.MB, 1200 * u.MB)
    system.servers()[0].power_usage_effectiveness = fl.Normal(1.2, 0.1)
    return system


def user_loop(system, n: int, seed: int) -> float:
    """What a user would write: draw the same samples, set them in a batch, read the totals."""
    from footprintlab import Quantity
    from footprintlab.model import uncertainty

    inputs = uncertainty.uncertain_inputs(system)
    rows = uncertainty.sample_matrix(inputs, n, seed)
    start = time.perf_counter()
    for row in rows:
        with system.batch():
            for item, value in zip(inputs, row):
                setattr(item.obj, item.name, Quantity(value, item.distribution.unit))
        uncertainty.category_totals(system)
    for item in inputs:
        setattr(item.obj, item.name, item.central)
    return time.perf_counter() - start


def run_case(case: str, n: int, runs: int) -> dict:
    system = quickstart_with_six() if case == "quickstart" else fifty_patterns()
    system.uncertainty(n=10, seed=0)  # warm-up (imports)
    times = []
    for run in range(runs):
        start = time.perf_counter()
        system.uncertainty(n=n, seed=run)
        times.append(time.perf_counter() - start)
    baseline = statistics.median(user_loop(system, n, 0) for _ in range(max(1, runs // 2)))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": statistics.median(times), "user_loop": baseline, "rss": rss}


def run_dask(n: int) -> dict:
    import dask.distributed as distributed

    system = quickstart_with_six()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        start = time.perf_counter()
        result = system.uncertainty(n=n, seed=0, engine="dask")
        seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "user_loop": float("nan"), "rss": rss,
            "p95": float(result.quantiles((0.95,)).loc["Total", 0.95])}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dask-samples", type=int, default=100_000)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.case:  # child process: one case, JSON on stdout
        name, n = args.case.split(":")
        figures = run_dask(int(n)) if name == "dask" else run_case(name, int(n), args.runs)
        print(json.dumps(figures))
        return 0
    rows = []
    for name, n, label in (("quickstart", 1000, "quickstart 26,280 h, 6 inputs"),
                           ("fifty", 1000, "50 patterns, 2 inputs"),
                           ("dask", args.dask_samples, "quickstart on Dask (2 workers)")):
        done = subprocess.run([sys.executable, __file__, "--runs", str(args.runs), "--case",
                               f"{name}:{n}"], capture_output=True, text=True, check=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        ratio = figures["seconds"] / figures["user_loop"] if figures["user_loop"] == figures["user_loop"] else None
        rows.append([label, f"{n:,}", figures["seconds"], figures["user_loop"], ratio, figures["rss"]])
    print_table("system.uncertainty (s, MiB; ratio < 1: faster than the user's own loop)",
                ["case", "samples", "median s", "user loop s", "ratio", "peak RSS MiB"], rows)
    print("\nTargets: quickstart 1,000 samples <= 2 s and <= 1 GB; at least as fast as the user's loop.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

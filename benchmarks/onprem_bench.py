"""Benchmark: on-premise fleet estimate of a generated CSV (default 1,000,000 rows).

Measures, each in a fresh subprocess (so peak RSS is that run's own), the median of several runs:

- baseline: ``pandas.read_csv(dtype=str)`` of the file in chunks (reading alone),
- validate: ``footprintlab onprem --validate-only``,
- estimate, no output: ``iter_estimates`` over the file (read, check, estimate), streaming,
- estimate -> CSV: ``footprintlab onprem INPUT -o OUT`` (read, check, estimate, write), streaming.

Targets (issue 6): estimate < 10 s and < 500 MB peak RSS for 1,000,000 rows.

Usage::

    python benchmarks/onprem_bench.py [--rows 1000000] [--runs 3] [--chunk-rows 100000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

CPUS = [
    "Intel(R) Xeon(R) Silver 4114 CPU @ 2.20GHz", "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz",
    "Intel(R) Xeon(R) CPU E5-2667 v3 @ 3.20GHz", "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz",
    "Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz", "Intel(R) Core(TM) i5-7500 CPU @ 3.40GHz",
    "AMD EPYC 7402P 24-Core Processor", "AMD EPYC 7763 64-Core Processor",
    "AMD Ryzen 7 5800X 8-Core Processor", "Intel Xeon Gold 6248 2.5GHz",
]
TYPES = ["server", "desktop", "laptop"]
PLACES = [("United States", "Texas"), ("United States", "Oregon"), ("France", ""),
          ("Germany", ""), ("GB", ""), ("IND", ""), ("Brazil", ""), ("", "")]

ESTIMATE_ONLY = """
import sys
from footprintlab.onprem import iter_estimates
from footprintlab.onprem.options import EstimateOptions
from footprintlab.onprem.report import ValidationReport
report = ValidationReport()
for part in iter_estimates(sys.argv[1], EstimateOptions.resolve(), report, int(sys.argv[2])):
    pass
assert report.ok
"""
READ_ONLY = """
import sys, pandas as pd
for chunk in pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False, chunksize=int(sys.argv[2])):
    pass
"""


def generate(path: Path, rows: int, seed: int = 6) -> None:
    """Write a CCF-format fleet CSV of ``rows`` machines (chunked, bounded memory)."""
    rng = np.random.default_rng(seed)
    step = 200_000
    for first in range(0, rows, step):
        n = min(step, rows - first)
        place = rng.integers(len(PLACES), size=n)
        start = pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(
            rng.integers(0, 300, size=n), unit="D")
        daily = rng.integers(1, 25, size=n)
        frame = pd.DataFrame({
            "cpuDescription": np.array(CPUS)[rng.integers(len(CPUS), size=n)],
            "machineName": [f"host-{i}" for i in range(first, first + n)],
            "memory": rng.choice([8, 16, 32, 64, 128, 256, 512, 1024], size=n),
            "machineType": np.array(TYPES)[rng.integers(len(TYPES), size=n)],
            "startTime": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "endTime": (start + pd.Timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "country": [PLACES[i][0] for i in place],
            "region": [PLACES[i][1] for i in place],
            "cost": "",
            "cpuUtilization": np.where(rng.random(n) < 0.5, "",
                                       rng.integers(5, 95, n).astype(str)),
            "powerUsageEffectiveness": np.where(rng.random(n) < 0.5, "", "1.4"),
            "dailyUptime": daily, "weeklyUptime": daily * 7, "monthlyUptime": daily * 30,
            "annualUptime": daily * 365,
        })
        frame.to_csv(path, mode="w" if first == 0 else "a", header=first == 0, index=False)


def timed_run(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Run ``command``; return (wall seconds, peak RSS MB of that process)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{command} failed: {process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def _no_pyarrow_env(folder: str) -> dict:
    """An environment whose Python cannot import pyarrow (as in a core install without extras)."""
    shim = Path(folder) / "no-pyarrow" / "pyarrow"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("raise ImportError('pyarrow hidden by onprem_bench')\n")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(shim.parent), *filter(None, [os.environ.get("PYTHONPATH")])])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chunk-rows", type=int, default=30_000)
    parser.add_argument("--without-pyarrow", action="store_true",
                        help="also run the estimate with pyarrow hidden (the pandas paths), to "
                             "compare the core install with the [onprem] extra")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="onprem-bench-") as folder:
        source = Path(folder) / "fleet.csv"
        t0 = time.perf_counter()
        generate(source, args.rows)
        size_mb = source.stat().st_size / 1e6
        print(f"generated {args.rows:,} rows ({size_mb:.0f} MB) in {time.perf_counter() - t0:.1f} s")
        py = sys.executable
        chunk = str(args.chunk_rows)
        cases = {
            "baseline: pandas read_csv": [py, "-c", READ_ONLY, str(source), chunk],
            "validate only": [py, "-m", "footprintlab.onprem.cli", str(source),
                              "--validate-only", "--chunk-rows", chunk],
            "estimate, no output": [py, "-c", ESTIMATE_ONLY, str(source), chunk],
            "estimate -> CSV": [py, "-m", "footprintlab.onprem.cli", str(source), "-o",
                                str(Path(folder) / "out.csv"), "--force", "--chunk-rows", chunk],
        }
        runs_of = {name: (command, None) for name, command in cases.items()}
        if args.without_pyarrow:
            runs_of["estimate -> CSV, no pyarrow"] = (cases["estimate -> CSV"], _no_pyarrow_env(folder))
        results = {}
        for name, (command, env) in runs_of.items():
            runs = [timed_run(command, env) for _ in range(args.runs)]
            results[name] = (statistics.median(r[0] for r in runs), max(r[1] for r in runs))
        baseline = results["baseline: pandas read_csv"][0]
        print(f"\n{args.rows:,} rows, chunks of {args.chunk_rows:,}, median of {args.runs} runs")
        print(f"{'case':28} {'seconds':>8} {'rows/s':>12} {'x baseline':>10} {'peak RSS MB':>12}")
        for name, (seconds, rss) in results.items():
            print(f"{name:28} {seconds:8.2f} {args.rows / seconds:12,.0f} "
                  f"{seconds / baseline:10.2f} {rss:12.0f}")
        seconds, rss = results["estimate -> CSV"]
        print(f"\ntargets: < 10 s -> {'met' if seconds < 10 else 'NOT met'}; "
              f"< 500 MB -> {'met' if rss < 500 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

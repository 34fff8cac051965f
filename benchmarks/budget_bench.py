"""The budget's noise over repeated runs of the same suite, and the plugin's overhead per test.

Usage::

    python benchmarks/budget_bench.py noise [--runs 10] [TEST PATHS...]   (default tests/engine)
    python benchmarks/budget_bench.py overhead [--tests 500] [--repeats 5]

noise: runs ``pytest --footprint`` on the same tests ``--runs`` times (one warm-up run first, not
counted: it writes the bytecode caches) and prints, for the session row, the mean, the standard
deviation, the coefficient of variation and the spread (max - min) / mean of the budget energy
(CPU time x W per thread), the measured energy (the tracker's) and the wall time.

overhead: a generated suite of ``--tests`` empty tests, run with and without ``--footprint``,
alternating, ``--repeats`` times each; prints the median wall and CPU time (pytest and its
children) per test of each, and the difference.
"""
from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _table import print_table

ROOT = Path(__file__).resolve().parents[1]


def pytest_run(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """(wall s, CPU s of the child, exit status) of one ``python -m pytest`` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
                          cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, done.returncode


def noise(runs: int, paths: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "footprint.csv"
        pytest_run(paths, ROOT)  # warm-up: bytecode caches
        sessions = []
        for _ in range(runs):
            pytest_run(["--footprint", "--footprint-output", str(output), *paths], ROOT)
            with open(output, newline="", encoding="utf-8") as handle:
                sessions.append(next(r for r in csv.DictReader(handle) if r["phase"] == "session"))
    rows = []
    for label, column, factor in (("budget energy (J)", "budget_energy", 3.6e6),
                                  ("measured energy (J)", "energy_consumed", 3.6e6),
                                  ("CPU time (s)", "cpu_seconds", 1.0),
                                  ("wall time (s)", "duration", 1.0)):
        values = [float(s[column]) * factor for s in sessions]
        mean, sd = statistics.mean(values), statistics.stdev(values)
        rows.append([label, mean, sd, f"{100 * sd / mean:.2f}%",
                     f"{100 * (max(values) - min(values)) / mean:.2f}%", min(values), max(values)])
    print_table(f"Session figures over {runs} runs of pytest --footprint {' '.join(paths)}",
                ["quantity", "mean", "sd", "CV", "spread", "min", "max"], rows)


def overhead(tests: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        suite = Path(folder)
        body = "".join(f"def test_{i}():\n    pass\n\n" for i in range(tests))
        (suite / "test_many.py").write_text(body)
        (suite / "pytest.ini").write_text("[pytest]\n")
        results: dict[str, list[tuple[float, float]]] = {"off": [], "on": []}
        pytest_run([], suite)  # warm-up
        for _ in range(repeats):
            for mode, args in (("off", []), ("on", ["--footprint"])):
                wall, cpu, code = pytest_run(args, suite)
                assert code == 0, f"the generated suite failed ({mode})"
                results[mode].append((wall, cpu))
    medians = {mode: (statistics.median(w for w, _ in values),
                      statistics.median(c for _, c in values)) for mode, values in results.items()}
    rows = [[mode, medians[mode][0], medians[mode][1], 1e3 * medians[mode][0] / tests,
             1e3 * medians[mode][1] / tests] for mode in ("off", "on")]
    rows.append(["difference", medians["on"][0] - medians["off"][0],
                 medians["on"][1] - medians["off"][1],
                 1e3 * (medians["on"][0] - medians["off"][0]) / tests,
                 1e3 * (medians["on"][1] - medians["off"][1]) / tests])
    print_table(f"{tests} empty tests, median of {repeats} runs",
                ["--footprint", "wall s", "CPU s", "wall ms/test", "CPU ms/test"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    n = sub.add_parser("noise")
    n.add_argument("--runs", type=int, default=10)
    n.add_argument("paths", nargs="*", default=["tests/engine"])
    o = sub.add_parser("overhead")
    o.add_argument("--tests", type=int, default=500)
    o.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("FOOTPRINTLAB_HYPOTHESIS", "ci")
    if args.what == "noise":
        noise(args.runs, args.paths)
    else:
        overhead(args.tests, args.repeats)


if __name__ == "__main__":
    main()

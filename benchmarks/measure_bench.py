"""Overhead of footprintlab's tracker, against CodeCarbon 3.3 in the same run when available.

Usage::

    python benchmarks/measure_bench.py [--repeats 5] [--sleep 5]
    FOOTPRINTLAB_CODECARBON_PYTHON=/tmp/cc-venv/bin/python python benchmarks/measure_bench.py

Figures (median of ``--repeats`` runs):

- first start+stop: in a fresh process (subprocess), constructing the tracker (hardware detection
  included) + start + stop of an empty block; the import time is shown apart;
- warm start+stop: a second tracker in the same process (constructed untimed), start + stop of
  an empty block (a stopped CodeCarbon tracker does not restart, so both sides use new ones);
- own CPU per second of tracking: the process's CPU time while the tracker runs and the main
  thread sleeps (so all CPU time is the tracker's threads'), per second; for footprintlab also
  the sampler thread's own ``time.thread_time`` as recorded by the sampler.

CodeCarbon runs in offline mode, ``OfflineEmissionsTracker(country_iso_code="FRA")``, no file
output, in the Python named by ``FOOTPRINTLAB_CODECARBON_PYTHON`` (a venv with
``codecarbon==3.3.*``); its sampling interval is its default (``measure_power_secs=15``) and,
as a second row, 1 s like ours.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import textwrap

FOOTPRINTLAB_FIRST = textwrap.dedent("""
    import json, time
    t0 = time.perf_counter()
    import footprintlab.measure as measure
    t1 = time.perf_counter()
    tracker = measure.Tracker("bench", country="FRA")
    tracker.start()
    tracker.stop()
    t2 = time.perf_counter()
    print(json.dumps({"import": t1 - t0, "first": t2 - t1}))
""")

FOOTPRINTLAB_WARM_AND_CPU = textwrap.dedent("""
    import json, statistics, sys, time
    import footprintlab.measure as measure
    from footprintlab.measure.meter import SAMPLER
    sleep_s, interval = float(sys.argv[1]), float(sys.argv[2])
    measure.Tracker("bench", country="FRA", interval=interval).start().stop()
    warm = []
    for _ in range(50):  # a new tracker each time (constructed untimed), as for CodeCarbon
        tracker = measure.Tracker("bench", country="FRA", interval=interval)
        t0 = time.perf_counter(); tracker.start(); tracker.stop()
        warm.append(time.perf_counter() - t0)
    tracker = measure.Tracker("bench", country="FRA", interval=interval)
    time.sleep(0.2)
    baseline0 = time.process_time(); time.sleep(sleep_s); baseline = time.process_time() - baseline0
    sampler0 = SAMPLER.cpu_seconds
    tracker.start()
    p0 = time.process_time(); w0 = time.perf_counter()
    time.sleep(sleep_s)
    p1 = time.process_time(); w1 = time.perf_counter()
    tracker.stop()
    print(json.dumps({"warm": statistics.median(warm),
                      "cpu_per_s": max(p1 - p0 - baseline, 0.0) / (w1 - w0),
                      "sampler_cpu_per_s": (SAMPLER.cpu_seconds - sampler0) / (w1 - w0),
                      "ticks": SAMPLER.ticks}))
""")

CODECARBON_FIRST = textwrap.dedent("""
    import json, logging, time
    t0 = time.perf_counter()
    from codecarbon import OfflineEmissionsTracker
    t1 = time.perf_counter()
    tracker = OfflineEmissionsTracker(country_iso_code="FRA", save_to_file=False,
                                      log_level="error")
    t2 = time.perf_counter()
    tracker.start()
    tracker.stop()
    t3 = time.perf_counter()
    print(json.dumps({"import": t1 - t0, "first": t3 - t1, "init": t2 - t1}))
""")

CODECARBON_WARM_AND_CPU = textwrap.dedent("""
    import json, statistics, sys, time
    from codecarbon import OfflineEmissionsTracker
    sleep_s, interval = float(sys.argv[1]), float(sys.argv[2])
    options = dict(country_iso_code="FRA", save_to_file=False, log_level="error")
    if interval > 0:
        options["measure_power_secs"] = interval
    warmup = OfflineEmissionsTracker(**options); warmup.start(); warmup.stop()
    warm = []
    for _ in range(5):  # a stopped CodeCarbon tracker does not restart: a new one each time
        tracker = OfflineEmissionsTracker(**options)
        t0 = time.perf_counter(); tracker.start(); tracker.stop()
        warm.append(time.perf_counter() - t0)
    tracker = OfflineEmissionsTracker(**options)
    time.sleep(0.2)
    baseline0 = time.process_time(); time.sleep(sleep_s); baseline = time.process_time() - baseline0
    tracker.start()
    p0 = time.process_time(); w0 = time.perf_counter()
    time.sleep(sleep_s)
    p1 = time.process_time(); w1 = time.perf_counter()
    tracker.stop()
    print(json.dumps({"warm": statistics.median(warm),
                      "cpu_per_s": max(p1 - p0 - baseline, 0.0) / (w1 - w0)}))
""")


def _run(python: str, code: str, *args: str) -> dict:
    result = subprocess.run([python, "-c", code, *args], capture_output=True, text=True,
                            check=False, cwd=os.path.expanduser("~") if os.path.isdir(
                                os.path.expanduser("~")) else None)
    if result.returncode != 0:
        raise RuntimeError(f"{python} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _median(rows: list[dict], key: str) -> float:
    return statistics.median(row[key] for row in rows)


def measure(python: str, first_code: str, warm_code: str, repeats: int, sleep_s: float,
            interval: float) -> dict:
    first = [_run(python, first_code) for _ in range(repeats)]
    warm = [_run(python, warm_code, str(sleep_s), str(interval)) for _ in range(repeats)]
    figures = {
        "import_ms": _median(first, "import") * 1e3,
        "first_ms": _median(first, "first") * 1e3,
        "warm_ms": _median(warm, "warm") * 1e3,
        "cpu_ms_per_s": _median(warm, "cpu_per_s") * 1e3,
    }
    if "sampler_cpu_per_s" in warm[0]:
        figures["sampler_ms_per_s"] = _median(warm, "sampler_cpu_per_s") * 1e3
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sleep", type=float, default=5.0, help="tracked sleep, s")
    args = parser.parse_args()
    rows = [("footprintlab (1 s sampling)",
             measure(sys.executable, FOOTPRINTLAB_FIRST, FOOTPRINTLAB_WARM_AND_CPU,
                     args.repeats, args.sleep, 1.0))]
    codecarbon = os.environ.get("FOOTPRINTLAB_CODECARBON_PYTHON")
    if codecarbon:
        for label, interval in (("CodeCarbon 3.3 (default 15 s)", 0.0),
                                ("CodeCarbon 3.3 (1 s sampling)", 1.0)):
            rows.append((label, measure(codecarbon, CODECARBON_FIRST, CODECARBON_WARM_AND_CPU,
                                        args.repeats, args.sleep, interval)))
    else:
        print("(set FOOTPRINTLAB_CODECARBON_PYTHON to a python with codecarbon==3.3.* "
              "to compare)\n")
    print(f"median of {args.repeats} runs; own CPU measured over {args.sleep:g} s of tracking "
          "with the main thread asleep\n")
    header = (f"{'tracker':32} {'import ms':>10} {'first start+stop ms':>20} "
              f"{'warm start+stop ms':>19} {'own CPU ms/s':>13} {'sampler ms/s':>13}")
    print(header)
    print("-" * len(header))
    for label, f in rows:
        sampler = f"{f['sampler_ms_per_s']:13.3f}" if "sampler_ms_per_s" in f else f"{'':>13}"
        print(f"{label:32} {f['import_ms']:10.1f} {f['first_ms']:20.2f} {f['warm_ms']:19.3f} "
              f"{f['cpu_ms_per_s']:13.3f} {sampler}")
    if len(rows) > 1:
        ours = rows[0][1]
        print("\nratios (CodeCarbon / footprintlab):")
        for label, f in rows[1:]:
            cpu = (f"{f['cpu_ms_per_s'] / ours['cpu_ms_per_s']:.1f}x"
                   if ours["cpu_ms_per_s"] > 0 else "n/a (ours below resolution)")
            print(f"  {label:32} first {f['first_ms'] / ours['first_ms']:.0f}x, "
                  f"warm {f['warm_ms'] / ours['warm_ms']:.0f}x, own CPU {cpu}")


if __name__ == "__main__":
    main()

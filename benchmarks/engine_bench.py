"""Engine benchmark: import time and incremental vs full recompute on synthetic graphs.

Run: ``python benchmarks/engine_bench.py``. Prints tables (medians of >= 5 runs).
The synthetic model is the engine tests' toy model (machines, tasks with 26,280-hour load series,
one group reading every machine's energy).
"""
from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "engine"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _table import median_time, print_table  # noqa: E402

HOURS = 26_280
RUNS = 7


def import_time() -> float:
    code = "import time; t = time.perf_counter(); import footprintlab; print(time.perf_counter() - t)"
    samples = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        samples.append(float(out.stdout))
    return statistics.median(samples)


def build(n_objects: int):
    import toy_model

    n_machines = max(1, n_objects // 9)
    tasks_per_machine = (n_objects - 1 - n_machines) // n_machines
    return toy_model.make(n_machines, tasks_per_machine, HOURS)


def all_nodes(machines, tasks, group):
    return [(t, "load") for t in tasks] + [(m, a) for m in machines for a in ("total_load", "energy", "total_energy")] + [
        (group, "energy")]


def full_recompute(machines, tasks, group):
    """Recompute every calculated attribute of the graph (as a first computation does)."""
    for obj, attr in all_nodes(machines, tasks, group):
        obj._fl_nodes[attr].computed = False
    group.energy  # pulls everything upstream, each once


def main() -> None:
    from footprintlab.engine import batch, graph, u

    print_table("Import", ["what", "median s", "target s"], [["import footprintlab (fresh process)", import_time(), 0.3]])
    rows = []
    for n in (100, 1000):
        machines, tasks, group = build(n)
        n_objects = len(machines) + len(tasks) + 1
        group.energy
        full = median_time(lambda: full_recompute(machines, tasks, group), runs=5)
        per_machine = len(machines[0].tasks)
        state = {"k": 0}

        def one_change():
            state["k"] += 1
            tasks[0].cores = (1 + (state["k"] % 2) * 0.5) * u.cpu_core

        def ten_objects():
            state["k"] += 1
            with batch():
                for task in tasks[:8]:
                    task.cores = (1 + (state["k"] % 2) * 0.25) * u.cpu_core

        before = graph.stats["computes"]
        one_change()
        nodes_one = graph.stats["computes"] - before
        single = median_time(one_change, runs=9)
        before = graph.stats["computes"]
        ten_objects()
        nodes_ten = graph.stats["computes"] - before
        ten = median_time(ten_objects, runs=9)
        rows.append([n_objects, f"{full * 1000:.1f}", f"1 task ({nodes_one} nodes, 3 objects)",
                     f"{single * 1000:.2f}", f"{single / full:.2%}"])
        rows.append([n_objects, f"{full * 1000:.1f}", f"8 tasks in a batch ({nodes_ten} nodes, 10 objects)",
                     f"{ten * 1000:.2f}", f"{ten / full:.2%}"])
        assert per_machine >= 8
    print_table(f"Incremental vs full recompute ({HOURS:,}-hour series)",
                ["objects", "full recompute ms", "change", "change ms", "change / full"], rows)
    print("\nTarget: a change touching 10 objects of the 1,000-object graph < 5 % of a full recompute.")


if __name__ == "__main__":
    main()

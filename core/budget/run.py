"""``footprintlab budget run -- CMD ARGS...``: the budget of any command's process tree.

The command runs as a child process, its standard streams untouched. Measured:

- CPU seconds of the tree: every process of it that was waited for (``RUSAGE_CHILDREN``: the
  command, and what it ran and waited for, as shells, make and test runners do), plus the CPU
  time so far of descendants still running when the command ends (seen by sampling the tree with
  psutil; they are named in the row's ``fallback``). A daemon that forks away and ends before the
  command does is not seen;
- memory: the tree's resident memory, sampled every 0.1 s and integrated over time;
- energy: CPU s x W per thread (the budget quantity) + RAM GB s x 0.375 W/GB, with the CO2e of
  the tracker's carbon intensity; one row like the tracker's (CodeCarbon's columns, then
  footprintlab's and the budget's, phase ``command``) appended to ``--output``.

Exit status: the command's (128 + N when a signal N ended it, 127 when it cannot be started); when
the command succeeds and its budget is more than ``--fail-over`` % above the baseline, 3.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import statistics
import subprocess
import sys
import threading
import time
import warnings
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = ["CommandRun", "OVER_BUDGET", "main", "run_command"]

OVER_BUDGET = 3  # exit status of a successful command over its budget
NOT_STARTED = 127  # as env(1) and shells: the command could not be started
SAMPLE_S = 0.1  # tree sampling interval, s


@dataclass
class CommandRun:
    """One run of the command: its exit status, figures, and the tracker's measurement."""

    returncode: int
    cpu_seconds: float
    budget_kwh: float
    measurement: Any
    row: dict[str, Any] = field(default_factory=dict)
    still_running: int = 0


class _TreeSampler(threading.Thread):
    """Samples the command's process tree: resident memory integrated, live descendants' CPU."""

    def __init__(self, pid: int):
        super().__init__(name="footprintlab-budget-tree", daemon=True)
        self.pid = pid
        self.stop_event = threading.Event()
        self.rss_gb_s = 0.0  # GiB x s
        self.peak_gb = 0.0
        self.seen: dict[int, Any] = {}  # pid -> psutil.Process of every descendant seen

    def run(self) -> None:
        try:
            import psutil
        except ImportError:  # pragma: no cover - psutil is a test dependency; noted in the row
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        last = time.monotonic()
        while True:
            total = 0
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.Error:
                tree = []
            for process in tree:
                try:
                    total += process.memory_info().rss
                    if process.pid != self.pid:
                        self.seen.setdefault(process.pid, process)
                except psutil.Error:
                    pass
            now = time.monotonic()
            gb = total / 2**30
            self.rss_gb_s += gb * (now - last)  # GiB x s += GiB x s
            self.peak_gb = max(self.peak_gb, gb)
            last = now
            if self.stop_event.wait(SAMPLE_S):
                return

    def still_running(self) -> tuple[int, float]:
        """Descendants seen and still alive now: how many, and their CPU seconds so far."""
        count, seconds = 0, 0.0
        for process in self.seen.values():
            try:
                if process.is_running() and process.status() != "zombie":
                    times = process.cpu_times()
                    seconds += times.user + times.system
                    count += 1
            except Exception:
                pass
        return count, seconds


def run_command(command: list[str], *, project: str = "command", country: str | None = None,
                tracker: Any = None) -> CommandRun:
    """Run ``command`` once and measure its process tree.

    Raises
    ------
    FileNotFoundError, PermissionError
        The command cannot be started.
    """
    from footprintlab.measure import Tracker
    from footprintlab.measure.defaults import RAM_WATTS_PER_GB, RAM_WATTS_PER_GB_SOURCE

    from .files import footprint_row
    from .quantity import J_PER_KWH, children_cpu_seconds, power_model

    model = power_model()
    if tracker is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tracker = Tracker(project, country=country, output=None)
    children0 = children_cpu_seconds()
    tracker.start()
    try:
        child = subprocess.Popen(command)
    except BaseException:
        tracker.stop()
        raise
    sampler = _TreeSampler(child.pid)
    sampler.start()
    forward = _forward_sigterm(child)
    try:
        returncode = _wait(child)
    finally:
        _restore_sigterm(forward)
        sampler.stop_event.set()
        sampler.join()
        measurement = tracker.stop()
    alive, alive_cpu = sampler.still_running()
    cpu_s = children_cpu_seconds() - children0 + alive_cpu
    duration = measurement.duration_s
    cpu_kwh = model.kwh(cpu_s)
    ram_kwh = RAM_WATTS_PER_GB * sampler.rss_gb_s / J_PER_KWH  # kWh = W/GB x GB s / (J/kWh)
    energy = cpu_kwh + ram_kwh + measurement.gpu_energy_kwh
    fallback = measurement.fallback
    if alive:
        fallback = "; ".join(filter(None, [fallback, (
            f"{alive} process(es) of the tree still running when the command ended: their CPU "
            "time so far counted")]))
    threads = measurement.machine.cpu_threads
    measurement = replace(
        measurement,
        cpu_energy_kwh=cpu_kwh,
        ram_energy_kwh=ram_kwh,
        emissions_kg=tracker.carbon_intensity.emissions_kg(
            [(measurement.started_at, measurement.ended_at, energy)]),
        methods={**measurement.methods,
                 "cpu": f"estimated: process tree CPU time x {model.watts_per_thread:.3g} W per "
                        f"thread; {model.source}",
                 "ram": f"estimated: process tree resident memory x {RAM_WATTS_PER_GB_SOURCE}"},
        estimated=True,
        # % = CPU s / (wall s x threads) x 100
        cpu_utilization_percent=100.0 * cpu_s / (duration * threads) if duration > 0 else 0.0,
        ram_used_gb=sampler.rss_gb_s / duration if duration > 0 else 0.0,
        fallback=fallback)
    row = footprint_row(measurement, "", "command", cpu_s, cpu_kwh)
    return CommandRun(returncode, cpu_s, cpu_kwh, measurement, row, alive)


def _shown(command: list[str]) -> str:
    """The command on one line, shortened to 100 characters."""
    text = " ".join(shlex.join(command).split())
    return text if len(text) <= 100 else text[:97] + "..."


def _wait(child: subprocess.Popen) -> int:
    """The child's exit status; Ctrl-C (which the child got too) waits for it to end."""
    interrupted = False
    while True:
        try:
            code = child.wait()
            break
        except KeyboardInterrupt:
            interrupted = True
    if code < 0:
        return 128 - code  # ended by signal N: 128 + N, as shells report it
    return 130 if interrupted and code == 0 else code


def _forward_sigterm(child: subprocess.Popen) -> Any:
    """While the command runs, a SIGTERM to us is passed on to it (CI timeouts end both)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    try:
        return signal.signal(signal.SIGTERM, lambda *_: child.send_signal(signal.SIGTERM))
    except (ValueError, OSError):
        return None


def _restore_sigterm(previous: Any) -> None:
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


# -- the command line ------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    from .plugin import _percent

    parser = argparse.ArgumentParser(
        prog="footprintlab budget run",
        usage="footprintlab budget run [options] -- CMD [ARGS...]",
        description="Run a command, measure its process tree's energy and CO2e, append the row "
                    "to --output; exit with the command's status, or 3 when it succeeded over "
                    "its budget.")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="emissions CSV to append the row to (created if missing)")
    parser.add_argument("--baseline", metavar="FILE", help="baseline to compare with")
    parser.add_argument("--fail-over", metavar="PCT", type=_percent,
                        help="exit 3 when the budget exceeds the baseline by more than PCT %%")
    parser.add_argument("--save-baseline", metavar="FILE", help="write this run as a baseline")
    parser.add_argument("--repeat", metavar="N", type=int, default=1,
                        help="run the command N times; the budget is their median (default 1)")
    parser.add_argument("--project", metavar="NAME",
                        help="project_name of the row (default: the command's name)")
    parser.add_argument("--country", metavar="COUNTRY", help="country of the grid intensity")
    return parser


def main(argv: list[str]) -> int:
    """``footprintlab budget run``; returns the exit status."""
    from .compare import Verdict, grams, joules
    from .files import BaselineEntry, BudgetFileError, append_rows, read_baseline, write_baseline

    if "--" in argv:
        index = argv.index("--")
        options, command = argv[:index], argv[index + 1:]
    else:
        options, command = argv, []
    parser = _parser()
    args = parser.parse_args(options)
    if not command:
        parser.error("give the command after --, e.g. footprintlab budget run -- make test")
    if args.repeat < 1:
        parser.error(f"--repeat: expected a whole number >= 1, got {args.repeat}")
    if args.fail_over is not None and args.baseline is None:
        parser.error("--fail-over needs --baseline FILE")
    baseline = None
    if args.baseline is not None:
        try:
            baseline = read_baseline(args.baseline)
        except BudgetFileError as error:
            raise BudgetFileError(f"--baseline: {error}") from None
    project = args.project or os.path.basename(command[0]) or "command"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from footprintlab.measure import Tracker

        tracker = Tracker(project, country=args.country, output=None)
    runs: list[CommandRun] = []
    for _ in range(args.repeat):
        try:
            run = run_command(command, tracker=tracker)
        except (FileNotFoundError, PermissionError, NotADirectoryError) as error:
            print(f"footprintlab budget run: cannot run {_shown(command)}: {error.strerror}",
                  file=sys.stderr)
            return NOT_STARTED
        runs.append(run)
        if args.output:
            append_rows(args.output, [run.row])
        if run.returncode != 0:
            break
    last = runs[-1]
    budget = statistics.median(run.budget_kwh for run in runs)
    cpu_s = statistics.median(run.cpu_seconds for run in runs)
    measured = last.measurement
    text = (f"footprintlab budget: {_shown(command)}: {cpu_s:.3g} s CPU, budget "
            f"{joules(budget)}" + (f" (median of {len(runs)})" if len(runs) > 1 else "")
            + f"; measured {joules(measured.energy_kwh)}, {grams(measured.emissions_kg)}")
    if last.still_running:
        text += f"; {last.still_running} process(es) still running when it ended"
    print(text, file=sys.stderr)
    if args.save_baseline and last.returncode == 0:
        write_baseline(args.save_baseline, BaselineEntry(
            "", "command", cpu_s, budget, measured.energy_kwh, measured.emissions_kg))
    if last.returncode != 0:
        return last.returncode
    if baseline is not None:
        verdict = Verdict(budget, baseline.total.budget_kwh, args.fail_over)
        print(f"footprintlab budget: {verdict.describe()} ({baseline.path})", file=sys.stderr)
        if verdict.over:
            return OVER_BUDGET
    return 0

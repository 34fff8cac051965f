"""The budget quantity: CPU time of a process and its children times a power model.

A machine's measured energy moves from run to run with everything else the machine does (other
processes, frequency scaling, the temperature of the room), by more than most code changes do.
The budget therefore rests on a quantity that depends on the code only:

    budget energy (J) = CPU seconds (user + system) x W per hardware thread

- CPU seconds: this process's (all threads, ``time.process_time``) plus its children's that were
  waited for (``getrusage(RUSAGE_CHILDREN)``: ``subprocess.run``, shells, ``make``, pytest's
  subprocess helpers all wait), so a test that runs a command is charged for it;
- W per thread: the machine's CPU TDP over its hardware threads, as the tracker estimates CPU
  energy without RAPL (:attr:`footprintlab.measure.hardware.MachineInfo.cpu_watts_per_thread`).

Wall time, memory and the power actually drawn are left out: they are what varies between runs
of the same code. The measured energy and CO2e are reported beside the budget (footprint.csv's
CodeCarbon columns); the budget is what is compared with a baseline.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

__all__ = ["J_PER_KWH", "PowerModel", "cpu_seconds", "power_model"]

J_PER_KWH = 3.6e6  # J per kWh

try:
    import resource

    def _children_cpu_s() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime
except ImportError:  # pragma: no cover - Windows: no rusage of children
    def _children_cpu_s() -> float:
        return 0.0


def cpu_seconds() -> float:
    """CPU seconds so far of this process (all threads) and of its waited-for children, s."""
    return time.process_time() + _children_cpu_s()


def children_cpu_seconds() -> float:
    """CPU seconds so far of this process's waited-for children (all descendants reaped), s."""
    return _children_cpu_s()


@dataclass(frozen=True)
class PowerModel:
    """Watts per busy hardware thread, and where the figure comes from."""

    watts_per_thread: float
    source: str

    def joules(self, cpu_s: float) -> float:
        """Budget energy of ``cpu_s`` CPU seconds, J (J = s x W)."""
        return cpu_s * self.watts_per_thread

    def kwh(self, cpu_s: float) -> float:
        """Budget energy of ``cpu_s`` CPU seconds, kWh (kWh = s x W / 3.6e6 J/kWh)."""
        return cpu_s * self.watts_per_thread / J_PER_KWH

    def describe(self) -> str:
        return f"CPU time x {self.watts_per_thread:.3g} W per thread"


def power_model() -> PowerModel:
    """This machine's power model (detected once per process)."""
    from footprintlab.measure.hardware import detect_machine

    machine = detect_machine()
    return PowerModel(machine.cpu_watts_per_thread, machine.cpu_tdp_source)

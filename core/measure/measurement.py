"""A measured run: energies per component, emissions, methods used, and how they were computed.

Energies come from two :class:`~footprintlab.measure.meter.Reading` objects (start, stop):

- CPU, measured: RAPL package energy (machine mode), or that energy x this process's share of
  the machine's busy CPU time (process mode).
- CPU, estimated: CPU seconds x TDP / hardware threads (J = s x W); the process's CPU seconds
  in process mode, the machine's busy CPU seconds in machine mode.
- RAM, measured: RAPL DRAM energy (machine), x RSS / total RAM (process).
- RAM, estimated: 0.375 W/GB x total RAM x duration (machine) or x the process's resident
  memory integrated over time (process).
- GPU: NVML energy of all GPUs (both modes).
- Every component is multiplied by the PUE, as CodeCarbon does.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from typing import Any

from .defaults import RAM_WATTS_PER_GB, RAM_WATTS_PER_GB_SOURCE
from .hardware import MachineInfo
from .meter import Meter, Reading

__all__ = ["Measurement", "component_energies"]

J_PER_KWH = 3.6e6  # J per kWh


def _finite(value: float) -> bool:
    return not math.isnan(value)


def _estimated(counter_at_start: float) -> str:
    """Start of an estimated method: says so when a RAPL counter read at the start was lost."""
    if _finite(counter_at_start):
        return "estimated (fallback: RAPL counter unreadable during the run):"
    return "estimated:"


def component_energies(
    a: Reading, b: Reading, meter: Meter, mode: str
) -> tuple[dict[str, float], dict[str, str]]:
    """Energy per component between readings ``a`` and ``b``, J, and the method of each.

    Parameters
    ----------
    a, b : Reading
        Start and end readings of the same meter.
    meter : Meter
        Gives the machine facts and which counters exist.
    mode : {"process", "machine"}
    """
    machine: MachineInfo = meter.machine
    duration = max(b.time - a.time, 0.0)
    process_cpu = max(b.process_cpu_s - a.process_cpu_s, 0.0)
    system_cpu = b.system_cpu_s - a.system_cpu_s
    # this process's share of the machine's busy CPU time, 0..1
    if _finite(system_cpu) and system_cpu > 0:
        share = min(process_cpu / system_cpu, 1.0)
    else:
        share = min(process_cpu / (duration * machine.cpu_threads), 1.0) if duration > 0 else 0.0
    energies: dict[str, float] = {}
    methods: dict[str, str] = {}

    package = b.package_j - a.package_j
    if _finite(package):
        energies["cpu"] = package if mode == "machine" else package * share
        methods["cpu"] = "measured: RAPL package energy" + (
            "" if mode == "machine" else " x this process's share of busy CPU time"
        )
    else:
        seconds = process_cpu if mode == "process" or not _finite(system_cpu) else max(system_cpu, 0)
        energies["cpu"] = seconds * machine.cpu_watts_per_thread  # J = CPU s x W/thread
        methods["cpu"] = (
            f"{_estimated(a.package_j)} {'process' if mode == 'process' else 'machine'} CPU "
            f"time x {machine.cpu_watts_per_thread:.3g} W per thread; {machine.cpu_tdp_source}"
        )

    dram = b.dram_j - a.dram_j
    rss_gb_s = max(b.rss_gb_s - a.rss_gb_s, 0.0)
    if _finite(dram):
        if mode == "machine":
            energies["ram"] = dram
            methods["ram"] = "measured: RAPL DRAM energy"
        else:
            ram_share = rss_gb_s / (duration * machine.ram_total_gb) if duration > 0 else 0.0
            energies["ram"] = dram * min(ram_share, 1.0)
            methods["ram"] = "measured: RAPL DRAM energy x this process's share of RAM"
    elif mode == "machine":
        energies["ram"] = RAM_WATTS_PER_GB * machine.ram_total_gb * duration  # J = W/GB x GB x s
        methods["ram"] = f"{_estimated(a.dram_j)} total RAM x {RAM_WATTS_PER_GB_SOURCE}"
    else:
        energies["ram"] = RAM_WATTS_PER_GB * rss_gb_s  # J = W/GB x GB s
        methods["ram"] = (f"{_estimated(a.dram_j)} process resident memory x "
                          f"{RAM_WATTS_PER_GB_SOURCE}")

    gpu = b.gpu_j - a.gpu_j
    if _finite(gpu) and meter.gpu is not None:
        energies["gpu"] = max(gpu, 0.0)
        methods["gpu"] = f"measured: NVML {meter.gpu.method} (whole GPU)"
    else:
        energies["gpu"] = 0.0
        methods["gpu"] = "none: no NVIDIA GPU found"
    return energies, methods


@dataclass(frozen=True)
class Measurement:
    """The result of one tracked run.

    Energies are in kWh (CodeCarbon's unit), emissions in kg CO2e, powers in W (averages over
    the run), durations in s; all include the PUE. ``methods`` says how each component was
    obtained, ``fallback`` which fallbacks were taken (unknown location, unreadable counter,
    unusable argument) and ``interrupted`` whether the run was cut short by the interpreter's
    exit, ``sys.exit()``, Ctrl-C or SIGTERM.
    """

    project_name: str
    run_id: str
    experiment_id: str
    started_at: float  # Unix time, s
    ended_at: float  # Unix time, s
    duration_s: float
    cpu_energy_kwh: float
    gpu_energy_kwh: float
    ram_energy_kwh: float
    emissions_kg: float
    country_iso3: str
    country_name: str
    intensity_g_per_kwh: float  # effective average (emissions / energy) or the annual value
    intensity_source: str
    mode: str
    pue: float
    methods: dict[str, str]
    estimated: bool
    machine: MachineInfo
    gpu_count: int = 0
    gpu_model: str = ""
    cpu_utilization_percent: float = 0.0
    ram_used_gb: float = 0.0
    running: bool = False
    warnings: tuple[str, ...] = field(default=())
    fallback: str = ""  # the fallbacks taken ("; "-separated), "" when none
    interrupted: bool = False  # ended by interpreter exit, sys.exit(), Ctrl-C or SIGTERM

    @property
    def energy_kwh(self) -> float:
        """CPU + GPU + RAM energy, kWh."""
        return self.cpu_energy_kwh + self.gpu_energy_kwh + self.ram_energy_kwh

    @property
    def energy_wh(self) -> float:
        """Total energy, Wh."""
        return self.energy_kwh * 1000.0

    @property
    def emissions_g(self) -> float:
        """Emissions, g CO2e."""
        return self.emissions_kg * 1000.0

    def _power_w(self, kwh: float) -> float:
        # W = kWh x 3.6e6 J/kWh / s
        return kwh * J_PER_KWH / self.duration_s if self.duration_s > 0 else 0.0

    @property
    def cpu_power_w(self) -> float:
        """Average CPU power, W."""
        return self._power_w(self.cpu_energy_kwh)

    @property
    def gpu_power_w(self) -> float:
        """Average GPU power, W."""
        return self._power_w(self.gpu_energy_kwh)

    @property
    def ram_power_w(self) -> float:
        """Average RAM power, W."""
        return self._power_w(self.ram_energy_kwh)

    @property
    def power_w(self) -> float:
        """Average total power, W."""
        return self._power_w(self.energy_kwh)

    def summary(self) -> str:
        """A few lines of plain text describing the run."""
        emissions = (
            f"{self.emissions_g:.4g} g CO2e"
            if _finite(self.emissions_kg)
            else "emissions unknown (no country)"
        )
        where = (
            f"{self.country_name} ({self.country_iso3}), {self.intensity_g_per_kwh:.4g} g/kWh"
            if self.country_iso3
            else f"{self.intensity_g_per_kwh:.4g} g/kWh"
        )
        lines = [
            f"{self.project_name}: {self.duration_s:.3g} s, {self.power_w:.3g} W, "
            f"{self.energy_wh:.4g} Wh, {emissions}"
            + (" [estimated]" if self.estimated else ""),
            f"  intensity: {where}; mode: {self.mode}; PUE {self.pue:g}",
        ]
        for component in ("cpu", "ram", "gpu"):
            lines.append(f"  {component}: {self.methods.get(component, '')}")
        if self.interrupted:
            lines.append("  interrupted: the run was cut short (exit, Ctrl-C or SIGTERM)")
        for warning in self.warnings:
            lines.append(f"  warning: {warning}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        rows = [
            ("Duration", f"{self.duration_s:.3g} s"),
            ("Power", f"{self.power_w:.3g} W"),
            ("Energy", f"{self.energy_wh:.4g} Wh"),
            ("Emissions", f"{self.emissions_g:.4g} g CO2e"),
            ("Intensity", f"{self.intensity_g_per_kwh:.4g} g/kWh ({self.intensity_source})"),
            ("Mode", f"{self.mode}, PUE {self.pue:g}"),
        ] + [(f"{name.upper()} method", text) for name, text in self.methods.items()]
        body = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
            f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        title = html.escape(self.project_name) + (" (estimated)" if self.estimated else "")
        return f"<table><caption>{title}</caption>{body}</table>"

    def as_dict(self) -> dict[str, Any]:
        """Flat dict of the figures (one row of :func:`footprintlab.measure.runs`)."""
        return {
            "project_name": self.project_name,
            "run_id": self.run_id,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "duration_s": self.duration_s,
            "cpu_energy_kwh": self.cpu_energy_kwh,
            "gpu_energy_kwh": self.gpu_energy_kwh,
            "ram_energy_kwh": self.ram_energy_kwh,
            "energy_kwh": self.energy_kwh,
            "emissions_kg": self.emissions_kg,
            "power_w": self.power_w,
            "country_iso3": self.country_iso3,
            "intensity_g_per_kwh": self.intensity_g_per_kwh,
            "mode": self.mode,
            "pue": self.pue,
            "estimated": self.estimated,
            "cpu_method": self.methods.get("cpu", ""),
            "ram_method": self.methods.get("ram", ""),
            "gpu_method": self.methods.get("gpu", ""),
            "fallback": self.fallback,
            "interrupted": self.interrupted,
        }

"""Fakes for the measurement tests: a powercap tree whose counters the test advances, and NVML.

A module of its own (not ``conftest``) so that test files can import the fakes whatever other
test folders are collected in the same run.
"""

from __future__ import annotations

import os
from pathlib import Path


class FakePowercap:
    """A directory laid out like /sys/class/powercap whose counters the test advances."""

    def __init__(self, root: Path, sockets: int = 2, dram: bool = True,
                 max_range_uj: int = 262_143_328_850):
        self.root = root
        self.max_range_uj = max_range_uj
        self.zones: dict[str, Path] = {}
        for socket in range(sockets):
            package = root / f"intel-rapl:{socket}"
            self._zone(package, f"package-{socket}", f"pkg{socket}")
            core = package / f"intel-rapl:{socket}:0"
            self._zone(core, "core", f"core{socket}")
            os.symlink(core, root / f"intel-rapl:{socket}:0")
            if dram:
                sub = package / f"intel-rapl:{socket}:1"
                self._zone(sub, "dram", f"dram{socket}")
                os.symlink(sub, root / f"intel-rapl:{socket}:1")
        # a platform zone the reader must ignore
        self._zone(root / f"intel-rapl:{sockets}", "psys", "psys")

    def _zone(self, path: Path, name: str, key: str) -> None:
        path.mkdir(parents=True)
        (path / "name").write_text(name + "\n")
        (path / "max_energy_range_uj").write_text(f"{self.max_range_uj}\n")
        (path / "energy_uj").write_text("1000000\n")
        self.zones[key] = path

    def value(self, key: str) -> int:
        return int((self.zones[key] / "energy_uj").read_text())

    def set(self, key: str, value_uj: int) -> None:
        (self.zones[key] / "energy_uj").write_text(f"{value_uj}\n")

    def set_text(self, key: str, text: str) -> None:
        """Write anything into a counter file, in place (its open descriptors see it)."""
        with open(self.zones[key] / "energy_uj", "r+") as handle:
            handle.truncate(0)
            handle.write(text)

    def advance(self, key: str, joules: float) -> None:
        """Add energy to a counter, wrapping at max_energy_range_uj like the hardware."""
        self.set(key, (self.value(key) + round(joules * 1e6)) % self.max_range_uj)


class FakeNvml:
    """The pynvml functions the reader calls; energies in mJ, powers in mW."""

    class NVMLError(Exception):
        pass

    def __init__(self, energy_counter=(True,), power_mw=(150_000,), names=("NVIDIA A100",)):
        self.energy_mj = [1_000_000.0 for _ in energy_counter]
        self.has_counter = list(energy_counter)
        self.power_mw = list(power_mw)
        self.names = list(names)
        self.initialised = False

    def nvmlInit(self):
        self.initialised = True

    def nvmlDeviceGetCount(self):
        return len(self.has_counter)

    def nvmlDeviceGetHandleByIndex(self, index):
        return index

    def nvmlDeviceGetName(self, handle):
        return self.names[handle].encode()

    def nvmlDeviceGetTotalEnergyConsumption(self, handle):
        if not self.has_counter[handle]:
            raise self.NVMLError("Not Supported")
        return self.energy_mj[handle]

    def nvmlDeviceGetPowerUsage(self, handle):
        return self.power_mw[handle]

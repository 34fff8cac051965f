"""NVIDIA GPU energy through NVML (the optional ``nvidia-ml-py`` package, module ``pynvml``).

Per device: the total energy counter (``nvmlDeviceGetTotalEnergyConsumption``, millijoules,
Volta and newer) where available, else power sampling (``nvmlDeviceGetPowerUsage``,
milliwatts) integrated over time by the tracker's sampler (each sample's power held until the
next one). Energy is the whole device's, in machine and process mode alike.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

__all__ = ["GpuReader", "GpuUnavailable", "GpuDevice"]


class GpuUnavailable(RuntimeError):
    """No NVML library, no driver or no GPU."""


@dataclass
class GpuDevice:
    """One GPU: its handle, name and how it is measured ("energy counter" or "power sampling")."""

    handle: Any
    name: str
    method: str
    first_mj: float = 0.0
    sampled_j: float = 0.0
    last_power_w: float = 0.0
    last_time: float = 0.0


class GpuReader:
    """Cumulative energy of all NVIDIA GPUs since the reader was opened, in joules."""

    def __init__(self, nvml: Any, devices: list[GpuDevice]):
        self._nvml = nvml
        self.devices = devices
        self._lock = threading.Lock()

    @classmethod
    def open(cls, nvml: Any = None) -> GpuReader:
        """Initialise NVML and list the GPUs.

        Parameters
        ----------
        nvml : module, optional
            The ``pynvml`` module (or an object with the same functions, for tests);
            imported when not given.

        Raises
        ------
        GpuUnavailable
        """
        if nvml is None:
            try:
                import pynvml  # optional extra "gpu": nvidia-ml-py
            except ImportError:
                raise GpuUnavailable("pynvml (nvidia-ml-py) is not installed") from None
            nvml = pynvml
        try:
            nvml.nvmlInit()
            count = int(nvml.nvmlDeviceGetCount())
        except Exception as error:  # NVMLError: no driver / library
            raise GpuUnavailable(f"NVML could not start: {error}") from None
        if count == 0:
            raise GpuUnavailable("NVML found no GPU")
        now = time.monotonic()
        devices = []
        for index in range(count):
            handle = nvml.nvmlDeviceGetHandleByIndex(index)
            name = nvml.nvmlDeviceGetName(handle)
            name = name.decode() if isinstance(name, bytes) else str(name)
            try:
                first = float(nvml.nvmlDeviceGetTotalEnergyConsumption(handle))
                device = GpuDevice(handle, name, "energy counter", first_mj=first)
            except Exception:  # NVMLError_NotSupported on pre-Volta GPUs
                device = GpuDevice(handle, name, "power sampling", last_time=now)
                device.last_power_w = _power_w(nvml, handle)
            devices.append(device)
        return cls(nvml, devices)

    @property
    def model(self) -> str:
        """Distinct GPU names joined by ", " (CodeCarbon's ``gpu_model``)."""
        return ", ".join(dict.fromkeys(device.name for device in self.devices))

    @property
    def method(self) -> str:
        """How the GPUs are measured."""
        return ", ".join(dict.fromkeys(device.method for device in self.devices))

    @property
    def needs_sampling(self) -> bool:
        """Whether some device is measured by power sampling."""
        return any(device.method == "power sampling" for device in self.devices)

    def sample(self, now: float | None = None) -> None:
        """Take one power sample of the devices without an energy counter."""
        now = time.monotonic() if now is None else now
        with self._lock:
            for device in self.devices:
                if device.method != "power sampling":
                    continue
                # J += W x s, the previous sample's power held until now
                device.sampled_j += device.last_power_w * (now - device.last_time)
                device.last_time = now
                device.last_power_w = _power_w(self._nvml, device.handle, device.last_power_w)

    def read(self, now: float | None = None) -> float:
        """Energy of all GPUs since opening, J."""
        now = time.monotonic() if now is None else now
        total = 0.0
        with self._lock:
            for device in self.devices:
                if device.method == "energy counter":
                    try:
                        current = float(self._nvml.nvmlDeviceGetTotalEnergyConsumption(device.handle))
                    except Exception:
                        current = device.first_mj + device.sampled_j * 1e3
                    device.sampled_j = (current - device.first_mj) * 1e-3  # J = mJ x 1e-3
                    total += device.sampled_j
                else:
                    total += device.sampled_j + device.last_power_w * (now - device.last_time)
        return total


def _power_w(nvml: Any, handle: Any, default: float = 0.0) -> float:
    try:
        return float(nvml.nvmlDeviceGetPowerUsage(handle)) * 1e-3  # W = mW x 1e-3
    except Exception:
        return default

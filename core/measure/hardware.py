"""What machine we run on: CPU model and threads, RAM size, OS; detected once and cached.

Detection reads a few small files (``/proc/cpuinfo``, ``sysconf``); nothing is probed that takes
longer than a millisecond, so the first tracker of a process starts fast.
"""

from __future__ import annotations

import functools
import os
import platform
import sys
from dataclasses import dataclass

from .cpu_tdp import find_tdp
from .defaults import UNKNOWN_CPU_SOURCE, UNKNOWN_CPU_WATTS_PER_THREAD

__all__ = ["MachineInfo", "detect_machine"]



@dataclass(frozen=True)
class MachineInfo:
    """Static facts about the machine.

    Attributes
    ----------
    cpu_model : str
        CPU model name as the OS reports it ("" if unknown).
    cpu_threads : int
        Logical CPUs (hardware threads) of the machine.
    cpu_tdp_w : float
        Thermal design power used for estimates, W (whole machine, all sockets' model TDP).
    cpu_tdp_source : str
        Where ``cpu_tdp_w`` comes from (table row or the unknown-CPU default).
    ram_total_gb : float
        Physical memory, GiB (2**30 bytes), as CodeCarbon reports ``ram_total_size``.
    os : str
        ``platform.platform()``.
    python_version : str
        ``platform.python_version()``.
    """

    cpu_model: str
    cpu_threads: int
    cpu_tdp_w: float
    cpu_tdp_source: str
    ram_total_gb: float
    os: str
    python_version: str

    @property
    def cpu_watts_per_thread(self) -> float:
        """TDP shared over the hardware threads, W per thread."""
        return self.cpu_tdp_w / max(self.cpu_threads, 1)


def _cpu_model() -> str:
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    key, _, value = line.partition(":")
                    if key.strip() in ("model name", "Model", "cpu model"):
                        return value.strip()
        except OSError:
            pass
    return platform.processor() or ""


def _ram_total_gb() -> float:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        pass
    try:
        import psutil  # optional; used only where sysconf lacks the figure (Windows)

        return psutil.virtual_memory().total / 2**30
    except Exception:
        return 0.0


@functools.lru_cache(maxsize=1)
def detect_machine() -> MachineInfo:
    """Detect the machine once per process.

    Returns
    -------
    MachineInfo
    """
    model = _cpu_model()
    threads = os.cpu_count() or 1
    match = find_tdp(model) if model else None
    if match is not None:
        # several sockets of the same model: the table's TDP is per package
        sockets = _socket_count()
        tdp_w = match.tdp_w * sockets
        source = (
            f"TDP {match.tdp_w:g} W of '{match.table_name}' x {sockets} socket(s) / {threads} "
            f"threads, {match.source}"
        )
    else:
        tdp_w = UNKNOWN_CPU_WATTS_PER_THREAD * threads  # W = W/thread x threads
        source = f"CPU {model or 'model unknown'!r} not in the TDP table: {UNKNOWN_CPU_SOURCE}"
    return MachineInfo(
        cpu_model=model,
        cpu_threads=threads,
        cpu_tdp_w=tdp_w,
        cpu_tdp_source=source,
        ram_total_gb=_ram_total_gb(),
        os=_platform_string(),
        python_version=platform.python_version(),
    )


def _platform_string() -> str:
    """``platform.platform()``'s text, without its slow scan of the Python binary on Linux."""
    if sys.platform.startswith("linux"):
        try:
            libc, version = (os.confstr("CS_GNU_LIBC_VERSION") or "").split()  # "glibc 2.36"
            uname = os.uname()
            return f"{uname.sysname}-{uname.release}-{uname.machine}-with-{libc}{version}"
        except (ValueError, OSError, AttributeError):
            pass
    return platform.platform()


def _socket_count() -> int:
    """Number of CPU packages (Linux: distinct ``physical id`` in /proc/cpuinfo), else 1."""
    ids: set[str] = set()
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("physical id"):
                    ids.add(line.partition(":")[2].strip())
    except OSError:
        return 1
    return max(len(ids), 1)

"""Cumulative counters of the process and machine, and the one background sampler thread.

A :class:`Meter` turns everything measurable into counters that only grow (CPU seconds, RAPL
joules with wraparound handled, GPU joules, RSS integrated over time). A tracker reads the
meter when it starts and when it stops and subtracts: nested and concurrent trackers therefore
see consistent figures (an inner block never exceeds its outer block), and a start or stop
costs a few file reads. The sampler thread exists only while some tracker runs; once a second it
reads the counters that must be followed between start and stop (RAPL wraparound, GPU power,
RSS) and feeds live listeners (the notebook meter). Its own CPU time is recorded in
:attr:`Sampler.cpu_seconds` so the overhead can be checked.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import warnings
from collections.abc import Callable
from types import FrameType
from typing import Any, NamedTuple

from .hardware import MachineInfo, detect_machine
from .nvml import GpuReader, GpuUnavailable
from .rapl import DEFAULT_POWERCAP_ROOT, RaplReader, RaplUnavailable

__all__ = ["MeasureWarning", "Meter", "Reading", "Sampler", "SAMPLER", "get_meter", "warn_user"]

NAN = float("nan")


class MeasureWarning(UserWarning):
    """Something could not be measured; the tracker carries on with an estimate."""


class Reading(NamedTuple):
    """Counters at one instant; a run's figures are differences of two readings.

    ``nan`` marks a counter this machine does not have.
    """

    time: float  # monotonic clock, s
    wall: float  # Unix time, s
    process_cpu_s: float  # CPU time of this process (all threads), s
    system_cpu_s: float  # busy CPU time of all CPUs of the machine, s
    package_j: float  # RAPL package energy, all sockets, J
    dram_j: float  # RAPL DRAM energy, J
    gpu_j: float  # NVML energy, all GPUs, J
    rss_gb_s: float  # resident memory of this process integrated over time, GiB x s
    rss_gb: float  # resident memory now, GiB


_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def warn_user(message: str) -> None:
    """A :class:`MeasureWarning` shown at the first caller outside footprintlab (the user's line)."""
    level = 2
    frame: FrameType | None = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        level, frame = level + 1, frame.f_back
    warnings.warn(message, MeasureWarning, stacklevel=level)


def _warn(message: str) -> None:
    warn_user(message)


_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class ProcFile:
    """A small file kept open and re-read with ``os.pread`` (no path lookup per read).

    Opening a /proc or /sys file costs ~0.1 ms when caches are cold (the sampler wakes once a
    second); a ``pread`` on an open descriptor costs a third of that. Reopened after a fork.
    """

    __slots__ = ("path", "_fd", "_pid")

    def __init__(self, path: str):
        self.path = path
        self._fd = os.open(path, os.O_RDONLY)
        self._pid = os.getpid()

    def read(self) -> bytes:
        if self._pid != os.getpid():
            self._fd = os.open(self.path, os.O_RDONLY)
            self._pid = os.getpid()
        return os.pread(self._fd, 4096, 0)


_STATM: ProcFile | None = None
_STAT: ProcFile | None = None


def _rss_gb_linux() -> float:
    global _STATM
    if _STATM is None:
        _STATM = ProcFile("/proc/self/statm")
    return int(_STATM.read().split()[1]) * _PAGE_SIZE / 2**30  # GiB = pages x B/page / 2^30


def _rss_gb_portable() -> float:
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**30
    except Exception:
        import resource  # peak RSS only: an upper bound

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**30 if sys.platform == "darwin" else peak * 1024 / 2**30


def _system_cpu_linux() -> float:
    # /proc/stat "cpu user nice system idle iowait irq softirq steal ..." in clock ticks;
    # busy = user + nice + system + irq + softirq (idle, iowait and steal are not ours)
    global _STAT
    if _STAT is None:
        _STAT = ProcFile("/proc/stat")
    fields = _STAT.read().split(b"\n", 1)[0].split()
    busy = int(fields[1]) + int(fields[2]) + int(fields[3]) + int(fields[6]) + int(fields[7])
    return busy / _CLOCK_TICKS  # s = ticks / (ticks/s)


def _system_cpu_portable() -> float:
    try:
        import psutil

        times = psutil.cpu_times()
        return times.user + times.system + getattr(times, "nice", 0.0)
    except Exception:
        return NAN


_LINUX = sys.platform.startswith("linux")
_RAPL_WARNED: set[str] = set()


class Meter:
    """Counters of one configuration (RAPL root, GPU access); shared by all trackers using it.

    Parameters
    ----------
    rapl_root : str
        Directory laid out like ``/sys/class/powercap``.
    nvml : bool or module
        True: use ``pynvml`` if installed; False: no GPU; a module object: use it (tests).
    """

    def __init__(self, rapl_root: str = DEFAULT_POWERCAP_ROOT, nvml: Any = True):
        self.machine: MachineInfo = detect_machine()
        self.notes: list[str] = []  # problems worth showing in every measurement
        self.rapl_error = ""  # the latest failure of a RAPL read, if any
        self.rapl: RaplReader | None = None
        self.gpu: GpuReader | None = None
        self._lock = threading.Lock()
        self._rss = _rss_gb_linux if _LINUX and os.path.exists("/proc/self/statm") else _rss_gb_portable
        self._system_cpu = (
            _system_cpu_linux if _LINUX and os.path.exists("/proc/stat") else _system_cpu_portable
        )
        try:
            self.rapl = RaplReader.open(rapl_root)
        except RaplUnavailable as error:
            message = str(error)
            if not message.startswith("no RAPL"):  # a tree that is there but unreadable
                self.notes.append(message)
            # a tree that exists but cannot be read deserves one clear warning per process
            if "not readable" in message and rapl_root not in _RAPL_WARNED:
                _RAPL_WARNED.add(rapl_root)
                _warn(f"{message} Falling back to estimates from CPU time and the CPU's TDP.")
        if nvml is not False:
            try:
                self.gpu = GpuReader.open(None if nvml is True else nvml)
            except GpuUnavailable:  # no GPU is the common case, not a problem
                pass
        now = time.monotonic()
        self._rss_last_gb = self._safe(self._rss, 0.0)
        self._rss_last_time = now
        self._rss_integral = 0.0

    @staticmethod
    def _safe(function: Callable[[], float], default: float) -> float:
        try:
            return function()
        except Exception:
            return default

    def _rss_integral_at(self, now: float, rss_now: float, keep: bool) -> float:
        # GiB x s += GiB x s, trapezoid between the last sample and now
        with self._lock:
            integral = self._rss_integral + 0.5 * (self._rss_last_gb + rss_now) * (
                now - self._rss_last_time
            )
            if keep:
                self._rss_integral, self._rss_last_gb, self._rss_last_time = integral, rss_now, now
        return integral

    def read(self) -> Reading:
        """Read every counter now (a few file reads; thread-safe)."""
        now = time.monotonic()
        wall = time.time()
        process_cpu = time.process_time()
        system_cpu = self._safe(self._system_cpu, NAN)
        package = dram = gpu = NAN
        if self.rapl is not None:
            try:
                package, dram = self.rapl.read()
                if not self.rapl.has_dram:
                    dram = NAN
            except Exception as error:  # the run using this reading falls back to estimates
                self.rapl_error = str(error)
                package = dram = NAN
        if self.gpu is not None:
            gpu = self._safe(lambda: self.gpu.read(now), NAN)  # type: ignore[union-attr]
        rss = self._safe(self._rss, self._rss_last_gb)
        integral = self._rss_integral_at(now, rss, keep=True)
        return Reading(now, wall, process_cpu, system_cpu, package, dram, gpu, integral, rss)

    def tick(self) -> None:
        """Sampler work: follow RAPL wraps, sample GPU power and RSS."""
        now = time.monotonic()
        if self.rapl is not None:
            try:
                self.rapl.read()
            except Exception:
                pass
        if self.gpu is not None and self.gpu.needs_sampling:
            try:
                self.gpu.sample(now)
            except Exception:
                pass
        rss = self._safe(self._rss, self._rss_last_gb)
        self._rss_integral_at(now, rss, keep=True)


_METERS: dict[tuple[str, Any], Meter] = {}
_METERS_LOCK = threading.Lock()


def get_meter(rapl_root: str = DEFAULT_POWERCAP_ROOT, nvml: Any = True) -> Meter:
    """The shared meter of a configuration, created (hardware detected) on first use."""
    key = (rapl_root, nvml)  # a module object hashes by identity and stays referenced
    meter = _METERS.get(key)
    if meter is None:
        with _METERS_LOCK:
            meter = _METERS.get(key)
            if meter is None:
                meter = _METERS[key] = Meter(rapl_root, nvml)
    return meter


class Sampler:
    """The background thread: ticks the meters of running trackers about once per interval.

    Started by the first running tracker; it stays for :attr:`linger` seconds after the last
    one stops (so back-to-back runs do not pay for a new thread), then ends. Per tick it calls
    :meth:`Meter.tick` for each meter in use, lets each run note an hour change (for hourly
    carbon intensity) and calls live listeners.
    """

    def __init__(self, linger: float = 5.0) -> None:
        self.linger = linger
        self._lock = threading.Lock()
        self._runs: dict[int, Any] = {}
        self._thread: threading.Thread | None = None
        self._wake = threading.Event()
        self._interval = 1.0  # the interval the thread sleeps now, s
        self.cpu_seconds = 0.0  # CPU time spent by the sampler thread, s (all threads so far)
        self.ticks = 0
        self.thread_id: int | None = None

    def add(self, run: Any) -> None:
        """Start following ``run`` (an object with ``meter``, ``interval``, ``on_tick()``)."""
        with self._lock:
            self._runs[id(run)] = run
            if run.interval < self._interval:
                self._wake.set()  # a shorter interval: take it now, not after the current sleep
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name="footprintlab-sampler", daemon=True
                )
                self._thread.start()

    def remove(self, run: Any) -> None:
        """Stop following ``run``."""
        with self._lock:
            self._runs.pop(id(run), None)

    @property
    def running(self) -> bool:
        """Whether the thread is alive."""
        thread = self._thread
        return thread is not None and thread.is_alive()

    def _loop(self) -> None:
        self.thread_id = threading.get_native_id()
        last_cpu = time.thread_time()
        idle_since: float | None = None
        hour = int(time.time() // 3600)
        self._interval = 1.0
        try:
            while True:
                if self._wake.wait(self._interval):
                    self._wake.clear()
                    with self._lock:
                        shortest = min((run.interval for run in self._runs.values()), default=1.0)
                    if shortest < self._interval:
                        self._interval = shortest
                        continue
                now_cpu = time.thread_time()  # keep cpu_seconds current, idle ticks included
                self.cpu_seconds += now_cpu - last_cpu
                last_cpu = now_cpu
                with self._lock:
                    runs = list(self._runs.values())
                    if not runs:
                        now = time.monotonic()
                        idle_since = now if idle_since is None else idle_since
                        if now - idle_since >= self.linger:
                            self._thread = None  # add() will start a new thread
                            return
                        continue
                idle_since = None
                self._interval = min(run.interval for run in runs)
                for meter in {id(run.meter): run.meter for run in runs}.values():
                    meter.tick()
                new_hour = int(time.time() // 3600)
                hour_changed, hour = new_hour != hour, new_hour
                for run in runs:
                    try:
                        run.on_tick(hour_changed)
                    except Exception:
                        pass
                self.ticks += 1
                now_cpu = time.thread_time()
                self.cpu_seconds += now_cpu - last_cpu
                last_cpu = now_cpu
        finally:
            self.cpu_seconds += time.thread_time() - last_cpu


SAMPLER = Sampler()

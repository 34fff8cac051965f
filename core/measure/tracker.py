"""The tracker: ``Tracker.start()/stop()``, ``with track(...)``, ``@track(...)``.

A tracker reads the shared :class:`~footprintlab.measure.meter.Meter` at start and at stop and
turns the difference into a :class:`~footprintlab.measure.measurement.Measurement`. Errors
inside the tracker never reach the user's code: they become a :class:`MeasureWarning` and an
"estimated" measurement.
"""

from __future__ import annotations

import functools
import inspect
import math
import os
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .intensity import CarbonIntensity, resolve_intensity
from .measurement import J_PER_KWH, Measurement, component_energies
from .meter import SAMPLER, MeasureWarning, Meter, Reading, get_meter
from .rapl import DEFAULT_POWERCAP_ROOT

__all__ = ["Tracker", "track", "session_measurements"]

# CodeCarbon 3.3.2's default experiment_id (codecarbon/emissions_tracker.py), kept so rows
# group the same way in CodeCarbon's dashboard.
DEFAULT_EXPERIMENT_ID = "5b0fa12a-3dd7-45bb-9766-cc326314d9f1"
_MODES = ("process", "machine")
_SESSION: deque[Measurement] = deque(maxlen=100_000)
F = TypeVar("F", bound=Callable[..., Any])


def session_measurements() -> list[Measurement]:
    """Every measurement finished in this Python process, oldest first."""
    return list(_SESSION)


def _uuid4() -> str:
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _warn(message: str) -> None:
    warnings.warn(message, MeasureWarning, stacklevel=3)


class _Run:
    """One start..stop interval of a tracker."""

    __slots__ = ("tracker", "meter", "interval", "run_id", "start", "marks", "problems",
                 "start_wall", "start_time", "__weakref__")

    def __init__(self, tracker: Tracker):
        self.tracker = tracker
        self.interval = tracker.interval
        self.run_id = _uuid4()
        self.marks: list[Reading] = []
        self.problems: list[str] = []
        self.start_wall = time.time()
        self.start_time = time.monotonic()
        self.meter: Meter | None = None
        self.start: Reading | None = None

    def on_tick(self, hour_changed: bool) -> None:
        """Called by the sampler thread about once per interval."""
        if hour_changed and self.meter is not None:
            self.marks.append(self.meter.read())
        if self.tracker._listeners:
            measurement = self.tracker._measure(self, final=False)
            for listener in list(self.tracker._listeners):
                try:
                    listener(measurement)
                except Exception:
                    pass


class Tracker:
    """Measure the energy and emissions of running Python code.

    Parameters
    ----------
    project_name : str
        Name written in every row.
    country : str, optional
        Country name, ISO-2 or ISO-3 code for the grid carbon intensity; default
        ``FOOTPRINTLAB_COUNTRY`` or the local time zone's country.
    intensity : float, pandas.Series or Hourly, optional
        Fixed gCO2e/kWh, or an hourly series overriding the country's annual average.
    output : str or path, optional
        CSV file to append each run to (CodeCarbon's ``emissions.csv`` columns).
    mode : {"process", "machine"}
        "process": this process's share (its CPU time, its memory); "machine": the whole
        machine (CodeCarbon's default).
    pue : float
        Power usage effectiveness of the site (>= 1), multiplies every component.
    interval : float
        Sampling interval of the background thread, s.
    gpu : bool
        Measure NVIDIA GPUs through NVML when ``pynvml`` is installed.
    rapl_root : str
        Where the powercap tree is (tests point it at a fake tree).
    experiment_id : str
        CodeCarbon's experiment id column.

    Examples
    --------
    >>> tracker = Tracker("inference", country="FRA")
    >>> tracker.start(); run_model(); m = tracker.stop()          # doctest: +SKIP
    >>> with track("training", country="FR") as t: train()         # doctest: +SKIP
    >>> @track("etl", country="Germany")                           # doctest: +SKIP
    ... def etl(): ...
    """

    def __init__(
        self,
        project_name: str = "footprintlab",
        *,
        country: str | None = None,
        intensity: Any = None,
        output: str | os.PathLike[str] | None = None,
        mode: str = "process",
        pue: float = 1.0,
        interval: float = 1.0,
        gpu: Any = True,
        rapl_root: str = DEFAULT_POWERCAP_ROOT,
        experiment_id: str = DEFAULT_EXPERIMENT_ID,
    ):
        if not isinstance(project_name, str):
            raise TypeError(f"Tracker project_name: expected a str; got {project_name!r}")
        if mode not in _MODES:
            raise ValueError(f"Tracker mode: expected 'process' or 'machine'; got {mode!r}")
        if not (isinstance(pue, (int, float)) and math.isfinite(pue) and pue >= 1.0):
            raise ValueError(f"Tracker pue: expected a number >= 1.0; got {pue!r}")
        if not (isinstance(interval, (int, float)) and 0.01 <= interval <= 3600):
            raise ValueError(f"Tracker interval: expected seconds in [0.01, 3600]; got {interval!r}")
        if output is not None and not isinstance(output, (str, os.PathLike)):
            raise TypeError(f"Tracker output: expected a file path or None; got {output!r}")
        self.project_name = project_name
        self.mode = mode
        self.pue = float(pue)
        self.interval = float(interval)
        self.output = Path(output) if output is not None else None
        self.experiment_id = experiment_id
        self.carbon_intensity: CarbonIntensity = resolve_intensity(country, intensity)
        self._gpu = gpu
        self._rapl_root = rapl_root
        self._lock = threading.Lock()
        self._stacks: dict[int, list[_Run]] = {}
        self._listeners: list[Callable[[Measurement], None]] = []
        self.measurements: list[Measurement] = []

    # -- public API -----------------------------------------------------------------------
    def start(self) -> Tracker:
        """Start a run (nested calls start nested runs, each stopped by one :meth:`stop`)."""
        run = self._begin()
        with self._lock:
            self._stacks.setdefault(threading.get_ident(), []).append(run)
        return self

    def stop(self) -> Measurement | None:
        """Stop the latest run of this thread (else of any thread) and return its measurement.

        Returns None, with a warning, when the tracker is not running.
        """
        with self._lock:
            stack = self._stacks.get(threading.get_ident())
            if not stack:
                stack = next((s for s in self._stacks.values() if s), None)
            run = stack.pop() if stack else None
        if run is None:
            _warn(f"Tracker {self.project_name!r}: stop() called but the tracker is not running")
            return None
        return self._end(run)

    @property
    def running(self) -> bool:
        """Whether some run of this tracker is in progress."""
        return any(self._stacks.values())

    @property
    def last(self) -> Measurement | None:
        """The latest finished measurement."""
        return self.measurements[-1] if self.measurements else None

    def current(self) -> Measurement | None:
        """Figures of the latest running run so far (the last finished one if none runs)."""
        with self._lock:
            runs = [run for stack in self._stacks.values() for run in stack]
        if not runs:
            return self.last
        return self._measure(max(runs, key=lambda r: r.start_time), final=False)

    def add_listener(self, listener: Callable[[Measurement], None]) -> None:
        """Call ``listener(measurement_so_far)`` from the sampler thread at every tick."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[Measurement], None]) -> None:
        """Undo :meth:`add_listener`."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def runs(self):
        """This tracker's measurements as a pandas DataFrame (one row per run)."""
        from .runs import measurements_frame

        return measurements_frame(self.measurements)

    def __enter__(self) -> Tracker:
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    def __call__(self, function: F) -> F:
        """Use the tracker as a decorator: every call of ``function`` is one run."""
        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                run = self._begin()
                try:
                    return await function(*args, **kwargs)
                finally:
                    self._end(run)

            async_wrapper.tracker = self  # type: ignore[attr-defined]
            return async_wrapper  # type: ignore[return-value]

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            run = self._begin()
            try:
                return function(*args, **kwargs)
            finally:
                self._end(run)

        wrapper.tracker = self  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    def __repr__(self) -> str:
        state = "running" if self.running else f"{len(self.measurements)} runs"
        return f"Tracker({self.project_name!r}, mode={self.mode!r}, {state})"

    # -- internals: never raise ---------------------------------------------------------------
    def _begin(self) -> _Run:
        run = _Run(self)
        try:
            run.meter = get_meter(self._rapl_root, self._gpu)
            run.problems.extend(run.meter.notes)
            run.start = run.meter.read()
            SAMPLER.add(run)
        except Exception as error:  # the user's code runs whatever happens here
            run.problems.append(f"tracker could not start measuring: {error!r}")
            _warn(f"Tracker {self.project_name!r}: {run.problems[-1]}; figures will be missing")
        return run

    def _end(self, run: _Run) -> Measurement:
        try:
            SAMPLER.remove(run)
        except Exception:
            pass
        measurement = self._measure(run, final=True)
        self.measurements.append(measurement)
        _SESSION.append(measurement)
        if self.output is not None:
            try:
                from .output import append_measurement

                append_measurement(self.output, measurement)
            except Exception as error:
                _warn(f"Tracker {self.project_name!r}: could not write {self.output}: {error}")
        return measurement

    def _measure(self, run: _Run, final: bool) -> Measurement:
        try:
            return self._compute(run, final)
        except Exception as error:
            if final:
                _warn(f"Tracker {self.project_name!r}: measurement failed: {error!r}")
            return self._failed(run, f"measurement failed: {error!r}", final)

    def _compute(self, run: _Run, final: bool) -> Measurement:
        meter, start = run.meter, run.start
        if meter is None or start is None:
            return self._failed(run, "; ".join(run.problems) or "no start reading", final)
        end = meter.read()
        readings = [start, *run.marks, end]
        totals = {"cpu": 0.0, "ram": 0.0, "gpu": 0.0}
        segments: list[tuple[float, float, float]] = []
        methods: dict[str, str] = {}
        for a, b in zip(readings, readings[1:]):
            energies, methods = component_energies(a, b, meter, self.mode)
            for key, joules in energies.items():
                totals[key] += joules * self.pue
            # kWh = J / 3.6e6 J/kWh
            segments.append((a.wall, b.wall, sum(energies.values()) * self.pue / J_PER_KWH))
        intensity = self.carbon_intensity
        energy_kwh = sum(totals.values()) / J_PER_KWH
        emissions_kg = intensity.emissions_kg(segments)
        effective = emissions_kg * 1000.0 / energy_kwh if energy_kwh > 0 else intensity.at(start.wall)
        duration = end.time - start.time
        machine = meter.machine
        cpu_seconds = end.process_cpu_s - start.process_cpu_s
        if self.mode == "machine" and not math.isnan(end.system_cpu_s - start.system_cpu_s):
            cpu_seconds = end.system_cpu_s - start.system_cpu_s
        # % = CPU s / (wall s x threads) x 100
        utilisation = 100.0 * cpu_seconds / (duration * machine.cpu_threads) if duration > 0 else 0.0
        estimated = any(text.startswith("estimated") for text in methods.values())
        problems = list(run.problems)
        if not intensity.country_iso3 and math.isnan(intensity.g_per_kwh):
            problems.append("no country given: emissions unknown (pass country=...)")
        return Measurement(
            project_name=self.project_name,
            run_id=run.run_id,
            experiment_id=self.experiment_id,
            started_at=start.wall,
            ended_at=end.wall,
            duration_s=duration,
            cpu_energy_kwh=totals["cpu"] / J_PER_KWH,
            gpu_energy_kwh=totals["gpu"] / J_PER_KWH,
            ram_energy_kwh=totals["ram"] / J_PER_KWH,
            emissions_kg=emissions_kg,
            country_iso3=intensity.country_iso3,
            country_name=intensity.country_name,
            intensity_g_per_kwh=effective,
            intensity_source=intensity.source,
            mode=self.mode,
            pue=self.pue,
            methods=methods,
            estimated=estimated,
            machine=machine,
            gpu_count=len(meter.gpu.devices) if meter.gpu else 0,
            gpu_model=meter.gpu.model if meter.gpu else "",
            cpu_utilization_percent=utilisation,
            ram_used_gb=(end.rss_gb_s - start.rss_gb_s) / duration if duration > 0 else end.rss_gb,
            running=not final,
            warnings=tuple(problems),
        )

    def _failed(self, run: _Run, problem: str, final: bool) -> Measurement:
        from .hardware import detect_machine

        nan = float("nan")
        try:
            machine = detect_machine()
        except Exception:  # pragma: no cover - detection itself is guarded
            from .hardware import MachineInfo

            machine = MachineInfo("", 1, nan, "", 0.0, "", "")
        return Measurement(
            project_name=self.project_name, run_id=run.run_id, experiment_id=self.experiment_id,
            started_at=run.start_wall, ended_at=time.time(),
            duration_s=time.monotonic() - run.start_time,
            cpu_energy_kwh=nan, gpu_energy_kwh=nan, ram_energy_kwh=nan, emissions_kg=nan,
            country_iso3=self.carbon_intensity.country_iso3,
            country_name=self.carbon_intensity.country_name,
            intensity_g_per_kwh=self.carbon_intensity.g_per_kwh,
            intensity_source=self.carbon_intensity.source, mode=self.mode, pue=self.pue,
            methods={"cpu": "failed", "ram": "failed", "gpu": "failed"}, estimated=True,
            machine=machine, running=not final, warnings=(problem,),
        )


def track(project_name: str = "footprintlab", **options: Any) -> Tracker:
    """A :class:`Tracker` to use as a context manager or a decorator.

    ``with track("step", country="FRA") as t: ...`` then ``t.last``; or ``@track("step")`` on a
    function, each call being one run (``f.tracker.measurements``). Options are
    :class:`Tracker`'s.
    """
    return Tracker(project_name, **options)

"""The tracker: ``Tracker.start()/stop()``, ``with track(...)``, ``@track(...)``.

A tracker reads the shared :class:`~footprintlab.measure.meter.Meter` at start and at stop and
turns the difference into a :class:`~footprintlab.measure.measurement.Measurement`.

Nothing here raises into the user's code, from the arguments to the last row written: a problem
becomes a :class:`MeasureWarning` naming what failed and the fallback taken, and the fallback is
recorded in the run (``methods``, ``fallback``). Unusable arguments take their default (see
:class:`Tracker`); an unknown or undetectable location falls back as
:mod:`~footprintlab.measure.intensity` documents. A run still going when the interpreter exits
(end of script, ``sys.exit()``) or receives SIGTERM is ended, written and marked ``interrupted``.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import inspect
import math
import numbers
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from .intensity import CarbonIntensity, resolve_intensity
from .measurement import J_PER_KWH, Measurement, component_energies
from .meter import SAMPLER, Meter, Reading, get_meter, warn_user
from .rapl import DEFAULT_POWERCAP_ROOT

__all__ = ["Tracker", "end_interrupted_runs", "session_measurements", "track"]

# CodeCarbon 3.3.2's default experiment_id (codecarbon/emissions_tracker.py), kept so rows
# group the same way in CodeCarbon's dashboard.
DEFAULT_EXPERIMENT_ID = "5b0fa12a-3dd7-45bb-9766-cc326314d9f1"
_MODES = ("process", "machine")
_SESSION: deque[Measurement] = deque(maxlen=100_000)
_ACTIVE: dict[int, _Run] = {}  # every run begun and not ended, of every tracker
if hasattr(os, "register_at_fork"):  # a forked child does not own its parent's runs
    os.register_at_fork(after_in_child=_ACTIVE.clear)
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
    warn_user(message)


class _Run:
    """One start..stop interval of a tracker."""

    __slots__ = ("tracker", "meter", "interval", "run_id", "start", "marks", "problems",
                 "start_wall", "start_time", "result", "__weakref__")

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
        self.result: Measurement | None = None  # set once ended: a run is ended only once

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

    Never raises into the caller's code: an unusable argument gives a :class:`MeasureWarning`
    naming it and the default used instead (recorded in each run's ``fallback``).

    Parameters
    ----------
    project_name : str
        Name written in every row (default "footprintlab"; not text: its ``str()``).
    country : str, optional
        Country name, ISO-2 or ISO-3 code for the grid carbon intensity; default
        ``FOOTPRINTLAB_COUNTRY`` or the local time zone's country. Unknown or undetectable:
        a warning and the fallbacks of :mod:`~footprintlab.measure.intensity` (the local time
        zone's country, else emissions not computed).
    intensity : float, pandas.Series or Hourly, optional
        Fixed gCO2e/kWh, or an hourly series overriding the country's annual average
        (unusable: the country's annual average).
    output : str or path, optional
        CSV file to append each run to (CodeCarbon's ``emissions.csv`` columns, then
        footprintlab's; see :mod:`~footprintlab.measure.output`). Not a path: nothing written.
    mode : {"process", "machine"}
        "process" (default): this process's share (its CPU time, its memory); "machine": the
        whole machine (CodeCarbon's default).
    pue : float
        Power usage effectiveness of the site (>= 1, default 1), multiplies every component.
    interval : float
        Sampling interval of the background thread, s (0.01 to 3600, default 1).
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
        self.problems: list[str] = []  # argument and location problems, each warned once
        self.fallbacks: list[str] = []
        self.project_name = project_name if isinstance(project_name, str) else self._fix(
            "project_name", project_name, "text", str(project_name))
        self.mode = mode if mode in _MODES else self._fix(
            "mode", mode, "'process' or 'machine'", "process")
        self.pue = float(pue) if _number_in(pue, 1.0, math.inf) else self._fix(
            "pue", pue, "a number >= 1.0", 1.0)
        self.interval = float(interval) if _number_in(interval, 0.01, 3600) else self._fix(
            "interval", interval, "seconds in [0.01, 3600]", 1.0)
        self.output = Path(output) if isinstance(output, (str, os.PathLike)) and str(
            output) else self._fix("output", output, "a file path or None", None, output is None)
        self.experiment_id = experiment_id if isinstance(experiment_id, str) else self._fix(
            "experiment_id", experiment_id, "text", DEFAULT_EXPERIMENT_ID)
        self._rapl_root = rapl_root if isinstance(rapl_root, str) else self._fix(
            "rapl_root", rapl_root, "a directory path", DEFAULT_POWERCAP_ROOT)
        self.carbon_intensity: CarbonIntensity = resolve_intensity(country, intensity)
        self.problems.extend(self.carbon_intensity.problems)
        if self.carbon_intensity.fallback:
            self.fallbacks.append(self.carbon_intensity.fallback)
        for problem in self.problems:
            _warn(f"Tracker {self.project_name!r}: {problem}")
        self._gpu = gpu
        self._lock = threading.Lock()
        self._stacks: dict[int, list[_Run]] = {}
        self._listeners: list[Callable[[Measurement], None]] = []
        self.measurements: list[Measurement] = []

    def _fix(self, name: str, value: Any, expected: str, default: Any, silent: bool = False):
        """Record an unusable argument; return the default used instead."""
        if not silent:
            shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
            self.problems.append(f"{name}: expected {expected}; got {shown}; used {default!r}")
            self.fallbacks.append(f"{name}: default {default!r}")
        return default

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

    def __exit__(self, exc_type: Any, *exc_info: Any) -> None:
        with self._lock:
            stack = self._stacks.get(threading.get_ident())
            run = stack.pop() if stack else None
        if run is None:  # started in another thread: stop() finds it
            self.stop()
            return
        self._end(run, interrupted=_is_interruption(exc_type))

    def __call__(self, function: F) -> F:
        """Use the tracker as a decorator: every call of ``function`` is one run.

        Functions and async functions: the run is the call. Generators and async generators:
        the run goes from the first item asked for to the end of the iteration (exhausted,
        closed, failed or collected), so it covers the generator's real work.
        """
        if inspect.isasyncgenfunction(function):
            wrapper = self._wrap_async_generator(function)
        elif inspect.isgeneratorfunction(function):
            wrapper = self._wrap_generator(function)
        elif inspect.iscoroutinefunction(function):
            wrapper = self._wrap_coroutine(function)
        else:
            wrapper = self._wrap_function(function)
        wrapper = functools.wraps(function)(wrapper)
        wrapper.tracker = self  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    def __repr__(self) -> str:
        state = "running" if self.running else f"{len(self.measurements)} runs"
        return f"Tracker({self.project_name!r}, mode={self.mode!r}, {state})"

    # -- decorators ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def _measuring(self) -> Iterator[Any]:
        """One run around a call's real work; ended (marked interrupted on SystemExit, Ctrl-C)
        whatever happens."""
        run = self._begin()
        interrupted = False
        try:
            yield run
        except BaseException as error:
            interrupted = _is_interruption(type(error))
            raise
        finally:
            self._end(run, interrupted)

    def _wrap_function(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self._measuring():
                return function(*args, **kwargs)

        return wrapper

    def _wrap_coroutine(self, function: Callable[..., Any]) -> Callable[..., Any]:
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self._measuring():
                return await function(*args, **kwargs)

        return wrapper

    def _wrap_generator(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self._measuring():  # entered at the first next(): the generator's work starts
                return (yield from function(*args, **kwargs))

        return wrapper

    def _wrap_async_generator(self, function: Callable[..., Any]) -> Callable[..., Any]:
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            run = self._begin()  # runs at the first __anext__(): the generator's work starts
            inner = function(*args, **kwargs)
            interrupted = False
            try:
                item = await inner.__anext__()
                while True:
                    try:
                        sent = yield item
                    except GeneratorExit:
                        raise
                    except BaseException as error:  # thrown in by the caller: pass it on
                        item = await inner.athrow(error)
                    else:
                        item = await inner.asend(sent)
            except StopAsyncIteration:
                return
            except BaseException as error:
                interrupted = _is_interruption(type(error))
                raise
            finally:
                try:
                    await inner.aclose()
                finally:
                    self._end(run, interrupted)

        return wrapper

    # -- internals: never raise ---------------------------------------------------------------
    def _begin(self) -> _Run:
        run = _Run(self)
        try:
            _ACTIVE[id(run)] = run
            _install_exit_handlers()
            run.meter = get_meter(self._rapl_root, self._gpu)
            run.problems.extend(run.meter.notes)
            run.start = run.meter.read()
            SAMPLER.add(run)
        except Exception as error:  # the user's code runs whatever happens here
            run.problems.append(f"tracker could not start measuring: {error!r}")
            _warn(f"Tracker {self.project_name!r}: {run.problems[-1]}; figures will be missing")
        return run

    def _end(self, run: _Run, interrupted: bool = False) -> Measurement:
        if run.result is not None:  # already ended (at exit, then by a collected generator)
            return run.result
        try:
            return self._finish(run, interrupted)
        except Exception as error:  # pragma: no cover - each step below is guarded already
            _warn(f"Tracker {self.project_name!r}: could not end the run: {error!r}")
            return self._failed(run, f"could not end the run: {error!r}", True)

    def _finish(self, run: _Run, interrupted: bool) -> Measurement:
        _ACTIVE.pop(id(run), None)
        try:
            SAMPLER.remove(run)
        except Exception:
            pass
        self._discard(run)
        measurement = self._measure(run, final=True)
        if interrupted:
            measurement = replace(measurement, interrupted=True)
        run.result = measurement
        self.measurements.append(measurement)
        _SESSION.append(measurement)
        if self.output is not None:
            self._write(measurement)
        return measurement

    def _discard(self, run: _Run) -> None:
        """Take ``run`` off its thread's stack (a run ended at exit was never stopped)."""
        with self._lock:
            for stack in self._stacks.values():
                if run in stack:
                    stack.remove(run)

    def _write(self, measurement: Measurement) -> None:
        try:
            from .output import append_measurement

            append_measurement(self.output, measurement)
        except Exception as error:
            _warn(f"Tracker {self.project_name!r}: could not write {self.output}: {error}")

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
        problems, fallbacks = [*self.problems, *run.problems], list(self.fallbacks)
        lost = _lost_counters(start, end, meter)
        if lost:
            problems.append(lost)
            fallbacks.append("cpu/ram: RAPL unreadable during the run, estimated")
            if final:
                _warn(f"Tracker {self.project_name!r}: {lost}")
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
        estimated = any(not text.startswith(("measured", "none")) for text in methods.values())
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
            fallback="; ".join(fallbacks),
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
            machine=machine, running=not final, warnings=(*self.problems, problem),
            fallback="; ".join([*self.fallbacks, "energy: not measured (tracker failed)"]),
        )


def track(project_name: str = "footprintlab", **options: Any) -> Tracker:
    """A :class:`Tracker` to use as a context manager or a decorator.

    ``with track("step", country="FRA") as t: ...`` then ``t.last``; or ``@track("step")`` on a
    function, generator, async function or async generator, each call being one run
    (``f.tracker.measurements``). Options are :class:`Tracker`'s; like it, never raises
    (an unknown option is reported by a warning and ignored).
    """
    known = _tracker_options()
    unknown = sorted(name for name in options if name not in known)
    for name in unknown:
        _warn(f"track({project_name!r}): unknown option {name}={options.pop(name)!r} ignored "
              f"(options: {', '.join(p for p in known if p not in ('self', 'project_name'))})")
    return Tracker(project_name, **options)


@functools.lru_cache(maxsize=1)
def _tracker_options() -> tuple[str, ...]:
    return tuple(inspect.signature(Tracker.__init__).parameters)


def _number_in(value: Any, low: float, high: float) -> bool:
    return (isinstance(value, numbers.Real) and not isinstance(value, bool)
            and not value < low and value <= high)  # numbers.Real defines < and <= only


def _is_interruption(exc_type: Any) -> bool:
    """Whether an exception ending a run means the program was cut short."""
    return isinstance(exc_type, type) and issubclass(exc_type, (SystemExit, KeyboardInterrupt))


def _lost_counters(start: Reading, end: Reading, meter: Meter) -> str:
    """The warning for RAPL counters readable at the start of a run and not at its end."""
    if math.isnan(start.package_j) or not math.isnan(end.package_j):
        return ""
    reason = getattr(meter, "rapl_error", "") or "unknown error"
    return (f"RAPL counters became unreadable during the run ({reason}); CPU and RAM energy "
            "of the run are estimated from CPU time and memory instead")


# -- interpreter exit and SIGTERM -----------------------------------------------------------
_EXIT_HANDLERS: list[bool] = []


def _install_exit_handlers() -> None:
    """Once per process: end and write running runs at exit and on SIGTERM.

    SIGTERM is handled only where its action is the default one (the process would die without
    running ``atexit``): the runs are written, then the default action is restored and the
    signal raised again, so the process ends as it would have. A handler of the program's own is
    left alone (it usually calls ``sys.exit()``, which ``atexit`` covers).
    """
    if _EXIT_HANDLERS:
        return
    _EXIT_HANDLERS.append(True)
    atexit.register(end_interrupted_runs)
    try:
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _on_sigterm)
    except (ValueError, OSError, AttributeError):  # not the main thread, or no SIGTERM
        pass


def end_interrupted_runs() -> None:
    """End every run still going, marked interrupted, and write what is pending (at exit)."""
    for run in list(_ACTIVE.values()):
        try:
            run.tracker._end(run, interrupted=True)
        except Exception:  # exiting: never raise
            pass
    try:
        from .output import flush_pending

        flush_pending(timeout=5.0)
    except Exception:
        pass


def _on_sigterm(signum: int, frame: Any) -> None:
    end_interrupted_runs()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)

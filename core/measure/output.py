"""CodeCarbon-compatible ``emissions.csv`` output: atomic appends that never lose a row.

The first columns and their order are CodeCarbon 3.3.2's ``EmissionsData`` fields
(``codecarbon/output_methods/emissions_data.py``), so CodeCarbon's dashboards and scripts read
the file. Units as CodeCarbon: duration s, emissions kg CO2e, emissions_rate kg/s, powers W,
energies kWh, ram_total_size and ram_used_gb GiB. A new file then has footprintlab's own
columns (:data:`FOOTPRINTLAB_COLUMNS`: method per component, estimated, fallback,
interrupted); a file with CodeCarbon's columns only (one CodeCarbon wrote) keeps them.

Writing (:func:`append_measurement`) goes through :func:`footprintlab._files.atomic_write`:

- an output that is a symbolic link writes its target; the link stays;
- a read-only file is not replaced (the run stays in ``fl.measure.runs()``), a replaced file
  keeps its mode;
- writers take turns (a thread lock, ``flock`` on the folder across processes); a lock held by
  another process for more than :data:`LOCK_WAIT_S` does not hold the caller up: the row is
  kept and written as soon as the lock is free, or at exit (:func:`flush_pending`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from footprintlab._files import atomic_write, resolve_output
from footprintlab._version import __version__

from .measurement import Measurement
from .meter import warn_user

__all__ = [
    "EMISSIONS_COLUMNS", "FOOTPRINTLAB_COLUMNS", "LOCK_WAIT_S", "OutputLocked",
    "append_measurement", "emissions_row", "flush_pending", "pending_runs", "read_emissions_csv",
]

EMISSIONS_COLUMNS: tuple[str, ...] = (
    "timestamp", "project_name", "run_id", "experiment_id", "duration", "emissions",
    "emissions_rate", "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy",
    "ram_energy", "energy_consumed", "water_consumed", "country_name", "country_iso_code",
    "region", "cloud_provider", "cloud_region", "os", "python_version", "codecarbon_version",
    "cpu_count", "cpu_model", "gpu_count", "gpu_model", "longitude", "latitude",
    "ram_total_size", "tracking_mode", "cpu_utilization_percent", "gpu_utilization_percent",
    "ram_utilization_percent", "ram_used_gb", "on_cloud", "pue", "wue",
)

# footprintlab's columns after CodeCarbon's: how each figure was obtained and what went wrong
FOOTPRINTLAB_COLUMNS: tuple[str, ...] = (
    "cpu_method", "ram_method", "gpu_method", "estimated", "fallback", "interrupted",
)
ALL_COLUMNS: tuple[str, ...] = EMISSIONS_COLUMNS + FOOTPRINTLAB_COLUMNS
LOCK_WAIT_S = 1.0  # longest a run's end waits for another writer's lock, s

_WRITE_LOCK = threading.Lock()
_PENDING_LOCK = threading.Lock()
_PENDING: dict[Path, list[Measurement]] = {}  # rows waiting for a lock, per resolved file
_RETRY: list[threading.Thread] = []
if hasattr(os, "register_at_fork"):  # a forked child does not write its parent's kept rows
    os.register_at_fork(after_in_child=_PENDING.clear)


class OutputLocked(RuntimeError):
    """Another process held the file's lock too long; the row is kept and written later."""


def emissions_row(m: Measurement) -> dict[str, Any]:
    """One ``emissions.csv`` row for a measurement (CodeCarbon's columns and units)."""
    machine = m.machine
    emissions = m.emissions_kg
    return {
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(m.ended_at)),
        "project_name": m.project_name,
        "run_id": m.run_id,
        "experiment_id": m.experiment_id,
        "duration": m.duration_s,
        "emissions": emissions,
        # kg/s = kg / s
        "emissions_rate": emissions / m.duration_s if m.duration_s > 0 else 0.0,
        "cpu_power": m.cpu_power_w,
        "gpu_power": m.gpu_power_w,
        "ram_power": m.ram_power_w,
        "cpu_energy": m.cpu_energy_kwh,
        "gpu_energy": m.gpu_energy_kwh,
        "ram_energy": m.ram_energy_kwh,
        "energy_consumed": m.energy_kwh,
        "water_consumed": 0.0,
        "country_name": m.country_name,
        "country_iso_code": m.country_iso3,
        "region": "",
        "cloud_provider": "",
        "cloud_region": "",
        "os": machine.os,
        "python_version": machine.python_version,
        "codecarbon_version": f"footprintlab-{__version__}",
        "cpu_count": machine.cpu_threads,
        "cpu_model": machine.cpu_model,
        "gpu_count": m.gpu_count,
        "gpu_model": m.gpu_model,
        "longitude": "",
        "latitude": "",
        "ram_total_size": machine.ram_total_gb,
        "tracking_mode": m.mode,
        "cpu_utilization_percent": m.cpu_utilization_percent,
        "gpu_utilization_percent": 0.0,
        "ram_utilization_percent": (
            100.0 * m.ram_used_gb / machine.ram_total_gb if machine.ram_total_gb else 0.0
        ),
        "ram_used_gb": m.ram_used_gb,
        "on_cloud": "N",
        "pue": m.pue,
        "wue": 0.0,
        "cpu_method": m.methods.get("cpu", ""),
        "ram_method": m.methods.get("ram", ""),
        "gpu_method": m.methods.get("gpu", ""),
        "estimated": m.estimated,
        "fallback": m.fallback,
        "interrupted": m.interrupted,
    }


def _cell(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return ""
    return value


@contextlib.contextmanager
def _locked(directory: Path, timeout: float) -> Iterator[bool]:
    """Take the writers' lock: a thread lock, plus ``flock`` on ``directory`` across processes.

    Yields whether the lock was taken within ``timeout`` seconds (never waits longer).
    """
    deadline = time.monotonic() + timeout
    if not _WRITE_LOCK.acquire(timeout=max(timeout, 0.0)):
        yield False
        return
    try:
        with _directory_lock(directory, deadline) as taken:
            yield taken
    finally:
        _WRITE_LOCK.release()


@contextlib.contextmanager
def _directory_lock(directory: Path, deadline: float) -> Iterator[bool]:
    try:
        import fcntl
    except ImportError:  # Windows: threads of this process only
        yield True
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        taken = _poll_flock(fcntl, fd, deadline)
        try:
            yield taken
        finally:
            if taken:
                fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _poll_flock(fcntl: Any, fd: int, deadline: float) -> bool:
    pause = 0.005
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(min(pause, max(deadline - time.monotonic(), 0.0)))
            pause = min(pause * 2, 0.05)


def _header_of(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text.split("\n", 1)[0])), [])


def _accepted(header: list[str]) -> bool:
    """CodeCarbon's columns (a file CodeCarbon wrote), or ours (any order)."""
    return sorted(header) in (sorted(EMISSIONS_COLUMNS), sorted(ALL_COLUMNS))


def append_measurement(path: str | os.PathLike[str], m: Measurement) -> Path:
    """Append one row to a CodeCarbon-style CSV, atomically (see the module docstring).

    Rows kept earlier for the same file (a lock was busy) are written first, in order. If the
    existing file has other columns, it is left untouched: the rows go to
    ``<name>.footprintlab.csv`` next to it, with a warning.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    OutputLocked
        Another process held the lock for more than :data:`LOCK_WAIT_S`; the row is kept and
        written later (it is not lost).
    PermissionError
        The file (or its folder) is read-only: nothing was replaced.
    """
    target = resolve_output(path)
    with _PENDING_LOCK:
        rows = [*_PENDING.pop(target, []), m]
    try:
        return _append_rows(target, rows, LOCK_WAIT_S, shown=path)
    except OutputLocked:
        _keep(target, rows)
        raise


def _append_rows(target: Path, rows: list[Measurement], timeout: float, shown: Any) -> Path:
    with _locked(target.parent, timeout) as taken:
        if not taken:
            raise OutputLocked(
                f"{str(shown)!r} is locked by another writer for more than {timeout:g} s; "
                f"{len(rows)} run(s) kept and written as soon as the lock is free "
                "(at the latest at exit)")
        return _write_rows(target, rows, shown)


def _write_rows(target: Path, rows: list[Measurement], shown: Any) -> Path:
    if target.exists() and _read_only(target):
        raise PermissionError(
            f"{str(shown)!r} is read-only: it was not replaced and this run was not written "
            "(it stays in fl.measure.runs()); make it writable or choose another output")
    existing = target.read_text("utf-8") if target.exists() else ""
    if existing.strip() and not _accepted(_header_of(existing)):
        target, existing = _other_file(target, existing)
    columns = _header_of(existing) if existing.strip() else list(ALL_COLUMNS)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if not existing.strip():
        existing = ""
        writer.writerow(columns)
    elif not existing.endswith("\n"):
        existing += "\n"
    for m in rows:
        row = emissions_row(m)
        writer.writerow([_cell(row[name]) for name in columns])
    with atomic_write(target, overwrite=True) as handle:
        handle.write(existing)
        handle.write(buffer.getvalue())
    return target


def _read_only(target: Path) -> bool:
    """No write permission for anyone (even root, who could write it), or not for this user."""
    return not (target.stat().st_mode & 0o222) or not os.access(target, os.W_OK)


def _other_file(target: Path, existing: str) -> tuple[Path, str]:
    """The file next to one with other columns, and its text."""
    header = _header_of(existing)
    other = target.with_name(target.stem + ".footprintlab.csv")
    missing = sorted(set(EMISSIONS_COLUMNS) - set(header))
    extra = sorted(set(header) - set(ALL_COLUMNS))
    warn_user(
        f"{target} has other columns than CodeCarbon 3.3's emissions.csv "
        f"(missing {missing}, extra {extra}); it was left untouched and this run "
        f"was appended to {other}")
    text = other.read_text("utf-8") if other.exists() else ""
    if text.strip() and not _accepted(_header_of(text)):
        raise ValueError(f"{other}: expected the columns {list(ALL_COLUMNS)}; nothing written")
    return other, text


# -- rows kept while another process holds the lock -----------------------------------------
def _keep(target: Path, rows: list[Measurement]) -> None:
    with _PENDING_LOCK:
        _PENDING[target] = [*rows, *_PENDING.get(target, [])]
        if not any(thread.is_alive() for thread in _RETRY):
            thread = threading.Thread(target=_retry_loop, name="footprintlab-csv-retry",
                                      daemon=True)
            _RETRY[:] = [thread]
            thread.start()


def pending_runs() -> dict[Path, list[Measurement]]:
    """Runs waiting to be written, per file (a lock was busy when they ended)."""
    with _PENDING_LOCK:
        return {path: list(rows) for path, rows in _PENDING.items()}


def flush_pending(timeout: float = LOCK_WAIT_S) -> dict[Path, list[Measurement]]:
    """Write the kept runs, waiting at most ``timeout`` s per file for its lock.

    Returns the runs still not written. A file that cannot be written any more (read-only,
    other columns) gives a warning and its runs are dropped from the queue (they stay in
    ``fl.measure.runs()``).
    """
    with _PENDING_LOCK:
        targets = list(_PENDING)
    for target in targets:
        with _PENDING_LOCK:
            rows = _PENDING.pop(target, [])
        if not rows:
            continue
        try:
            _append_rows(target, rows, timeout, shown=target)
        except OutputLocked:
            with _PENDING_LOCK:
                _PENDING[target] = [*rows, *_PENDING.get(target, [])]
        except Exception as error:
            warn_user(f"could not write {len(rows)} kept run(s) to {target}: {error}; they "
                      "stay in fl.measure.runs()")
    return pending_runs()


def _retry_loop() -> None:
    """Background writer of kept runs: tries every half second until none is left."""
    while True:
        time.sleep(0.5)
        try:
            if not flush_pending(timeout=0.0):
                return
        except Exception:  # never let this thread die with runs kept: try again
            continue


def read_emissions_csv(path: str | os.PathLike[str]):
    """The rows of a CodeCarbon-style ``emissions.csv`` as they are in the file (raw columns).

    :func:`footprintlab.measure.runs` reads the same file with footprintlab's column names.

    Returns
    -------
    pandas.DataFrame
        One row per run; ``timestamp`` parsed as datetime.
    """
    import pandas as pd

    frame = pd.read_csv(path)
    if "timestamp" in frame.columns:
        frame["timestamp"] = pd.to_datetime(frame["timestamp"], errors="coerce")
    return frame

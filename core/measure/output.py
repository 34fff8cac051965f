"""CodeCarbon-compatible ``emissions.csv`` output (atomic appends) and the runs DataFrame.

The columns and their order are CodeCarbon 3.3.2's ``EmissionsData`` fields
(``codecarbon/output_methods/emissions_data.py``), so CodeCarbon's dashboards and scripts read
the file. Units as CodeCarbon: duration s, emissions kg CO2e, emissions_rate kg/s, powers W,
energies kWh, ram_total_size and ram_used_gb GiB.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import os
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from footprintlab._version import __version__

from .measurement import Measurement
from .meter import MeasureWarning

__all__ = ["EMISSIONS_COLUMNS", "append_measurement", "emissions_row", "read_emissions_csv"]

EMISSIONS_COLUMNS: tuple[str, ...] = (
    "timestamp", "project_name", "run_id", "experiment_id", "duration", "emissions",
    "emissions_rate", "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy",
    "ram_energy", "energy_consumed", "water_consumed", "country_name", "country_iso_code",
    "region", "cloud_provider", "cloud_region", "os", "python_version", "codecarbon_version",
    "cpu_count", "cpu_model", "gpu_count", "gpu_model", "longitude", "latitude",
    "ram_total_size", "tracking_mode", "cpu_utilization_percent", "gpu_utilization_percent",
    "ram_utilization_percent", "ram_used_gb", "on_cloud", "pue", "wue",
)

_WRITE_LOCK = threading.Lock()


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
    }


def _cell(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return ""
    return value


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """Serialise writers: a thread lock, plus ``flock`` on the directory across processes."""
    with _WRITE_LOCK:
        try:
            import fcntl
        except ImportError:  # Windows: threads of this process only
            yield
            return
        fd = os.open(directory, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _header_of(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text.split("\n", 1)[0])), [])


def append_measurement(path: str | os.PathLike[str], m: Measurement) -> Path:
    """Append one row to a CodeCarbon-style CSV, atomically.

    The new file (existing rows + the new one) is written to a temporary file in the same
    directory, flushed to disk and moved over the old one with ``os.replace``: a crash leaves
    either the old or the new file, never a partial one. Writers in this process and in other
    processes (``flock``) take turns, so no row is lost.

    If the existing file has other columns than :data:`EMISSIONS_COLUMNS` (in any order), it is
    left untouched: the row goes to ``<name>.footprintlab.csv`` next to it, with a warning.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    row = emissions_row(m)
    with _locked(directory):
        existing = target.read_text("utf-8") if target.exists() else ""
        columns: list[str] = list(EMISSIONS_COLUMNS)
        if existing.strip():
            header = _header_of(existing)
            if sorted(header) != sorted(EMISSIONS_COLUMNS):
                other = target.with_name(target.stem + ".footprintlab.csv")
                missing = sorted(set(EMISSIONS_COLUMNS) - set(header))
                extra = sorted(set(header) - set(EMISSIONS_COLUMNS))
                warnings.warn(
                    f"{target} has other columns than CodeCarbon 3.3's emissions.csv "
                    f"(missing {missing}, extra {extra}); it was left untouched and this run "
                    f"was appended to {other}",
                    MeasureWarning,
                    stacklevel=3,
                )
                target = other
                existing = target.read_text("utf-8") if target.exists() else ""
                if existing.strip() and sorted(_header_of(existing)) != sorted(EMISSIONS_COLUMNS):
                    raise ValueError(f"{target}: expected the columns {list(EMISSIONS_COLUMNS)}")
            if existing.strip():
                columns = _header_of(existing)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        if not existing.strip():
            existing = ""
            writer.writerow(columns)
        elif not existing.endswith("\n"):
            existing += "\n"
        writer.writerow([_cell(row[name]) for name in columns])
        _replace_atomically(target, existing + buffer.getvalue())
    return target


def _replace_atomically(target: Path, text: str) -> None:
    directory = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            with contextlib.suppress(OSError):
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read_emissions_csv(path: str | os.PathLike[str]):
    """Read a CodeCarbon-style ``emissions.csv`` (ours or CodeCarbon's) into a DataFrame.

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

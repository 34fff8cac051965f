"""One builder for a model ``Job`` that reproduces a measured energy per call.

Serves :func:`footprintlab.measure.to_job` (a tracker run) and :func:`footprintlab.hpc.to_jobs`
(the typical job of a group of HPC jobs). The model computes a server's energy from its power
and its (raw) instance count: ``energy = raw instances x (power - idle) x PUE x 1 h`` per hour
(idle 0 here), and a job adds ``request_duration x compute_needed / (compute x utilization -
base)`` instance-hours per call. The dedicated *serverless* server is sized to one call:

- ``compute = compute_needed = 1 cpu_core``, ``utilization_rate = 1``, no base consumption,
  ``ram`` = the RAM needed (at least 1 MB, so RAM never dominates the instance count);
- ``power`` = the measured energy per call without PUE (W = kWh / PUE x 3.6e6 J/kWh / s),
  ``idle_power = 0``;
- ``request_duration`` = the measured duration;
- ``average_carbon_intensity`` = the intensity the measurement used (g/kWh).

One call then costs ``duration x power x PUE`` = the measured energy, and its emissions the
measured emissions. With ``server=`` an existing server instead, the job takes the measured
duration, CPU cores and RAM, and that server's power model applies.

Every measured input carries the measurement's :class:`~footprintlab.engine.Source` (see
:func:`measurement_source`), not "user input". What a measurement says nothing about
(fabrication, storage, data exchanged) is 0 unless given, recorded as a hypothesis.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from footprintlab.engine import Source, SourceValue, u

__all__ = ["NOT_MEASURED", "measured_job", "measurement_source"]

J_PER_KWH = 3.6e6  # J per kWh
NOT_MEASURED = Source("not measured: 0 unless given (a measurement says nothing about it)",
                      hypothesis=True)


def measurement_source(what: str, ids: Any = (), limit: int = 5) -> Source:
    """A source naming a measurement: ``"measured by <what>: <ids>"``, at most ``limit`` ids.

    Examples: ``measurement_source("footprintlab's tracker, run", [run_id])``,
    ``measurement_source("footprintlab.hpc, Slurm jobs", job_ids)``.
    """
    ids = [str(item) for item in ids]
    shown = ", ".join(ids[:limit]) + (f" and {len(ids) - limit} more" if len(ids) > limit else "")
    return Source(f"measured by {what} {shown}".rstrip() if ids else f"measured by {what}")


def measured_job(name: str, *, source: Source, duration_s: float, energy_kwh: float,
                 intensity_g_per_kwh: float, pue: float = 1.0, ram_mb: float = 0.0,
                 cpu_cores: float = 1.0, server: Any = None, data_upload: Any = None,
                 data_download: Any = None, data_stored: Any = None,
                 carbon_footprint_fabrication: Any = None, lifespan: Any = None,
                 storage: Any = None) -> Any:
    """A model ``Job`` whose energy per call is ``energy_kwh`` (see the module docstring).

    Parameters
    ----------
    name : str
        Job name; the dedicated server is ``"<name> (measured)"``.
    source : Source
        The measurement (:func:`measurement_source`), given to every measured input.
    duration_s : float
        Measured duration of one call, s (> 0).
    energy_kwh : float
        Measured energy of one call, kWh, PUE included (>= 0).
    intensity_g_per_kwh : float
        Carbon intensity the measurement used, gCO2e/kWh (>= 0; only for the dedicated server).
    pue : float
        PUE included in ``energy_kwh`` (>= 1).
    ram_mb : float
        RAM needed by one call, MB.
    cpu_cores : float
        CPU cores one call uses on ``server`` (the dedicated server uses 1).
    server : Server, optional
        Run the job on this server instead of a dedicated one.
    data_upload, data_download, data_stored : Quantity or str, optional
        Per call, default 0 MB.
    carbon_footprint_fabrication, lifespan : Quantity or str, optional
        Of the dedicated server; default 0 kg over 1 year.
    storage : Storage, optional
        Of the dedicated server; default one with no power, fabrication or base need.

    Raises
    ------
    ValueError
        A figure out of its range, naming the job and the measurement.
    """
    from footprintlab.model import Job

    _check(name, source, duration_s=(duration_s, 0.0, False), energy_kwh=(energy_kwh, 0.0, True),
           pue=(pue, 1.0, True), ram_mb=(ram_mb, 0.0, True), cpu_cores=(cpu_cores, 0.0, True))
    common = {
        "data_upload": _given_or_zero(data_upload, u.MB),
        "data_download": _given_or_zero(data_download, u.MB),
        "data_stored": _given_or_zero(data_stored, u.MB),
        "request_duration": SourceValue(duration_s * u.s, source,
                                        label=f"{name} measured duration"),
        "ram_needed": SourceValue(ram_mb * u.MB, source, label=f"{name} measured RAM"),
    }
    if server is not None:
        cores = SourceValue(cpu_cores * u.cpu_core, source, label=f"{name} measured CPU cores")
        return Job(name, server=server, compute_needed=cores, **common)
    _check(name, source, intensity_g_per_kwh=(intensity_g_per_kwh, 0.0, True))
    dedicated = _dedicated_server(name, source, duration_s, energy_kwh, intensity_g_per_kwh, pue,
                                  max(ram_mb, 1.0), carbon_footprint_fabrication, lifespan,
                                  storage)
    return Job(name, server=dedicated, compute_needed=1 * u.cpu_core, **common)


def _check(name: str, source: Source, **figures: tuple[float, float, bool]) -> None:
    """Each figure finite and above its minimum (or equal to it when allowed)."""
    for figure, (value, minimum, inclusive) in figures.items():
        ok = (isinstance(value, numbers.Real) and not isinstance(value, bool)
              and math.isfinite(value)
              and (value >= minimum if inclusive else value > minimum))
        if not ok:
            bound = ">=" if inclusive else ">"
            raise ValueError(f"measured job {name!r} ({source.name}): {figure} must be a finite "
                             f"number {bound} {minimum:g}; got {value!r}")


def _given_or_zero(value: Any, unit: Any) -> Any:
    return value if value is not None else SourceValue(0 * unit, NOT_MEASURED)


def _dedicated_server(name: str, source: Source, duration_s: float, energy_kwh: float,
                      intensity: float, pue: float, ram_mb: float, fabrication: Any,
                      lifespan: Any, storage: Any) -> Any:
    from footprintlab.model import Server, Storage

    # W = kWh / PUE x 3.6e6 J/kWh / s: the average power before PUE
    power_w = energy_kwh / pue * J_PER_KWH / duration_s
    grid = SourceValue(intensity * u.g / u.kWh, source, label=f"{name} intensity used")
    measured_pue = SourceValue(pue, source, label=f"{name} PUE of the measurement")
    if storage is None:
        storage = Storage(
            f"{name} (measured) storage", carbon_footprint_fabrication=0 * u.kg, power=0 * u.W,
            lifespan=1 * u.year, idle_power=0 * u.W, storage_capacity=1 * u.TB,
            power_usage_effectiveness=measured_pue, average_carbon_intensity=grid,
            data_replication_factor=1, data_storage_duration=0 * u.year,
            base_storage_need=0 * u.TB)
    return Server(
        f"{name} (measured)", server_type="serverless",
        carbon_footprint_fabrication=_given_or_zero(fabrication, u.kg),
        power=SourceValue(power_w * u.W, source, label=f"{name} measured power"),
        lifespan=lifespan if lifespan is not None else 1 * u.year,
        idle_power=0 * u.W, ram=ram_mb * u.MB, compute=1 * u.cpu_core,
        power_usage_effectiveness=measured_pue, average_carbon_intensity=grid,
        utilization_rate=1, base_ram_consumption=0 * u.GB,
        base_compute_consumption=0 * u.cpu_core, storage=storage)

"""``to_job``: turn a measured run into a model ``Job`` whose energy per call is the measured one.

The model computes a server's energy from its power and its (raw) instance count:
``energy = raw instances x (power - idle) x PUE x 1 h`` per hour (idle 0 here), and a job adds
``request_duration x compute_needed / (compute x utilization - base)`` instance-hours per call.
``to_job`` builds a dedicated *serverless* server sized to one call:

- ``compute = compute_needed = 1 cpu_core``, ``utilization_rate = 1``, no base consumption,
  ``ram = ram_needed`` (so RAM never dominates the instance count);
- ``power`` = the measured average power without PUE (W = kWh / PUE x 3.6e6 / s), ``idle_power
  = 0``, ``power_usage_effectiveness`` = the measurement's PUE;
- ``request_duration`` = the measured duration;
- ``average_carbon_intensity`` = the intensity the measurement used.

One call then costs ``duration x power x PUE`` = the measured energy (kWh) and the measured
emissions. A measured run says nothing about fabrication: the server's fabrication footprint is
0 kg unless ``carbon_footprint_fabrication`` (and ``lifespan``) are given. Network and storage
figures of the job are the caller's (0 MB by default).

With ``server=`` an existing server instead, the job takes the measured duration, CPU cores in
use (CPU utilisation x threads) and resident memory, and that server's power model applies.
"""

from __future__ import annotations

import math
from typing import Any

from .measurement import J_PER_KWH, Measurement

__all__ = ["to_job"]


def to_job(
    measurement: Measurement,
    name: str | None = None,
    *,
    server: Any = None,
    data_upload: Any = None,
    data_download: Any = None,
    data_stored: Any = None,
    carbon_footprint_fabrication: Any = None,
    lifespan: Any = None,
    storage: Any = None,
) -> Any:
    """A model ``Job`` from a measured run.

    Parameters
    ----------
    measurement : Measurement
        A finished run (``tracker.stop()``, ``tracker.last``, ``_footprint``).
    name : str, optional
        Job name (default: the project name).
    server : Server, optional
        Run the job on this server (its power model applies); default: a dedicated serverless
        server reproducing the measured energy per call (see the module docstring).
    data_upload, data_download, data_stored : Quantity or str, optional
        Per call, default 0 MB.
    carbon_footprint_fabrication, lifespan : Quantity or str, optional
        Of the dedicated server; default 0 kg (fabrication not included) over 1 year.
    storage : Storage, optional
        Storage of the dedicated server; default a storage with no power, no fabrication
        footprint and no base need, so that only ``data_stored`` (0 MB by default) counts,
        at nothing: a measured run says nothing about storage.

    Returns
    -------
    footprintlab.model.Job
        ``job.server`` is the dedicated server when ``server`` is None.

    Raises
    ------
    ValueError
        If the measurement has no energy figure (a failed run) or a zero duration.
    """
    from footprintlab.engine import u
    from footprintlab.model import Job, Server, Storage

    if not isinstance(measurement, Measurement):
        raise TypeError(f"to_job: expected a Measurement; got {type(measurement).__name__}")
    if math.isnan(measurement.energy_kwh) or not measurement.duration_s > 0:
        raise ValueError(
            f"to_job: measurement {measurement.run_id} has no usable energy/duration "
            f"(energy {measurement.energy_kwh} kWh, duration {measurement.duration_s} s)"
        )
    name = name or measurement.project_name
    ram_mb = max(measurement.ram_used_gb * 1024.0, 1.0)  # MB (MiB) of resident memory, >= 1
    zero_mb = 0 * u.MB
    common = dict(
        data_upload=data_upload if data_upload is not None else zero_mb,
        data_download=data_download if data_download is not None else zero_mb,
        data_stored=data_stored if data_stored is not None else zero_mb,
        request_duration=measurement.duration_s * u.s,
    )
    if server is not None:
        cores = measurement.cpu_utilization_percent / 100.0 * measurement.machine.cpu_threads
        return Job(name, server=server, compute_needed=cores * u.cpu_core,
                   ram_needed=ram_mb * u.MB, **common)
    intensity = measurement.intensity_g_per_kwh
    if math.isnan(intensity):
        raise ValueError(
            f"to_job: measurement {measurement.run_id} has no carbon intensity (no country); "
            "measure with country=... first"
        )
    # W = kWh / PUE x 3.6e6 J/kWh / s: the average power before PUE
    power_w = measurement.energy_kwh / measurement.pue * J_PER_KWH / measurement.duration_s
    if storage is None:
        storage = Storage(
            f"{name} (measured) storage", carbon_footprint_fabrication=0 * u.kg, power=0 * u.W,
            lifespan=1 * u.year, idle_power=0 * u.W, storage_capacity=1 * u.TB,
            power_usage_effectiveness=measurement.pue,
            average_carbon_intensity=intensity * u.g / u.kWh, data_replication_factor=1,
            data_storage_duration=0 * u.year, base_storage_need=0 * u.TB,
        )
    dedicated = Server(
        f"{name} (measured)",
        server_type="serverless",
        carbon_footprint_fabrication=(
            carbon_footprint_fabrication if carbon_footprint_fabrication is not None else 0 * u.kg
        ),
        power=power_w * u.W,
        lifespan=lifespan if lifespan is not None else 1 * u.year,
        idle_power=0 * u.W,
        ram=ram_mb * u.MB,
        compute=1 * u.cpu_core,
        power_usage_effectiveness=measurement.pue,
        average_carbon_intensity=intensity * u.g / u.kWh,
        utilization_rate=1,
        base_ram_consumption=0 * u.GB,
        base_compute_consumption=0 * u.cpu_core,
        storage=storage,
    )
    return Job(name, server=dedicated, compute_needed=1 * u.cpu_core, ram_needed=ram_mb * u.MB,
               **common)

"""``to_job``: turn a measured run into a model ``Job`` whose energy per call is the measured one.

Built by :func:`footprintlab.model.measured_job.measured_job` (shared with
:func:`footprintlab.hpc.to_jobs`; its docstring gives the formulas): a dedicated *serverless*
server whose power reproduces the run's energy per call, ``request_duration`` = the run's
duration, the run's PUE and carbon intensity, and the run's resident memory as ``ram_needed``.
Every measured input has the source "measured by footprintlab's tracker, run <run_id>".
With ``server=`` an existing server instead, the job takes the measured duration, CPU cores in
use (CPU utilisation x threads) and resident memory, and that server's power model applies.
"""

from __future__ import annotations

import math
from typing import Any

from .measurement import Measurement

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
        server reproducing the measured energy per call.
    data_upload, data_download, data_stored : Quantity or str, optional
        Per call, default 0 MB.
    carbon_footprint_fabrication, lifespan : Quantity or str, optional
        Of the dedicated server; default 0 kg (fabrication not included) over 1 year.
    storage : Storage, optional
        Storage of the dedicated server; default a storage with no power, no fabrication
        footprint and no base need: a measured run says nothing about storage.

    Returns
    -------
    footprintlab.model.Job
        ``job.server`` is the dedicated server when ``server`` is None.

    Raises
    ------
    ValueError
        If the measurement has no energy figure (a failed run), a zero duration, or no carbon
        intensity (no country) for a dedicated server.
    """
    from footprintlab.model.measured_job import measured_job, measurement_source

    if not isinstance(measurement, Measurement):
        raise TypeError(f"to_job: expected a Measurement; got {type(measurement).__name__}")
    if math.isnan(measurement.energy_kwh) or not measurement.duration_s > 0:
        raise ValueError(
            f"to_job: measurement {measurement.run_id} has no usable energy/duration "
            f"(energy {measurement.energy_kwh} kWh, duration {measurement.duration_s} s)"
        )
    if server is None and math.isnan(measurement.intensity_g_per_kwh):
        raise ValueError(
            f"to_job: measurement {measurement.run_id} has no carbon intensity (no country); "
            "measure with country=... first"
        )
    cores = measurement.cpu_utilization_percent / 100.0 * measurement.machine.cpu_threads
    return measured_job(
        name or measurement.project_name,
        source=measurement_source("footprintlab's tracker, run", [measurement.run_id]),
        duration_s=measurement.duration_s, energy_kwh=measurement.energy_kwh,
        intensity_g_per_kwh=measurement.intensity_g_per_kwh, pue=measurement.pue,
        ram_mb=max(measurement.ram_used_gb * 1024.0, 1.0),  # MB (MiB) resident, >= 1
        cpu_cores=max(cores, 0.0), server=server, data_upload=data_upload,
        data_download=data_download, data_stored=data_stored,
        carbon_footprint_fabrication=carbon_footprint_fabrication, lifespan=lifespan,
        storage=storage,
    )

"""``to_jobs``: turn measured HPC job footprints into model ``Job`` objects.

One model job per group of measured jobs (per account, partition, user, or all together): the
group's *typical* job, run ``len(group)`` times. As in :func:`footprintlab.measure.to_job`, each
model job gets a dedicated *serverless* server sized to one call, so that the model reproduces
the measured energy per job:

- ``request_duration`` = the group's mean run time (s);
- ``compute = compute_needed = 1 cpu_core``, ``utilization_rate = 1``, no base consumption;
- ``power`` = mean measured energy per job / mean run time (W; measured node power is IT power,
  so ``power_usage_effectiveness`` defaults to 1), ``idle_power = 0``;
- ``average_carbon_intensity`` = the group's energy-weighted measured intensity (g/kWh).

One call then costs ``duration x power x PUE`` = the group's mean measured energy, and its
emissions the mean measured emissions. Fabrication is not measured: 0 kg unless given.
With ``server=`` an existing server instead, each job takes the mean run time and mean allocated
CPUs and that server's power model applies.
"""

from __future__ import annotations

from typing import Any

from .footprint import J_PER_KWH, HPCFootprint

__all__ = ["ModelJobs", "to_jobs"]

MEASURED = "measured node power and grid intensity (footprintlab.hpc.job_footprints)"


class ModelJobs(list):
    """A list of model jobs with ``counts``: job name -> number of measured jobs it stands for."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.counts: dict[str, int] = {}


def to_jobs(result: HPCFootprint, by: str | None = "Account", *, server: Any = None,
            power_usage_effectiveness: float = 1.0, prefix: str = "hpc") -> list:
    """Model jobs reproducing the measured mean energy and emissions per job of each group.

    Parameters
    ----------
    result : HPCFootprint
        From :func:`footprintlab.hpc.job_footprints`. Jobs without energy or emissions (flags
        ``no_power_data``, ``no_intensity``, not run) are left out.
    by : str or None
        Column of ``result.jobs`` to group by (``"Account"``, ``"Partition"``, ``"User"``), or
        None for one job standing for all.
    server : Server, optional
        Run every job on this server instead of a dedicated measured one.
    power_usage_effectiveness : float
        PUE of the dedicated servers (default 1: the measurement is the nodes' own draw).
    prefix : str
        Start of the model jobs' names (``"hpc:physics"``).

    Returns
    -------
    ModelJobs
        A list of ``footprintlab.model.Job`` (each with ``job.server``); ``.counts[job.name]``
        is how many measured jobs it stands for.
    """
    from footprintlab.engine import Source, SourceValue, u
    from footprintlab.model import Job, Server, Storage

    jobs = result.jobs
    usable = jobs.loc[jobs["energy_kWh"].notna() & jobs["co2e_kg"].notna()
                      & (jobs["end"] > jobs["start"])]
    if usable.empty:
        raise ValueError("to_jobs: no job has both energy and emissions")
    if by is not None and by not in usable.columns:
        raise ValueError(f"to_jobs(by={by!r}): not a column of result.jobs "
                         f"(use 'Account', 'Partition', 'User' or None)")
    groups = [("all", usable)] if by is None else list(usable.groupby(by, sort=True))
    source = Source(MEASURED)
    out = ModelJobs()
    for key, group in groups:
        name = f"{prefix}:{key}"
        duration_s = float((group["end"] - group["start"]).dt.total_seconds().mean())
        energy_kwh = float(group["energy_kWh"].mean())
        co2e_kg = float(group["co2e_kg"].mean())
        duration = SourceValue(duration_s * u.s, source, label=f"{name} mean run time")
        common = {"data_upload": 0 * u.MB, "data_download": 0 * u.MB, "data_stored": 0 * u.MB,
                  "request_duration": duration, "ram_needed": 0 * u.MB}
        if server is not None:
            cpus = float(group["alloc_cpus"].mean())
            job = Job(name, server=server, compute_needed=cpus * u.cpu_core, **common)
        else:
            # W = kWh / PUE x 3.6e6 J/kWh / s: the mean power before PUE
            power_w = energy_kwh / power_usage_effectiveness * J_PER_KWH / duration_s
            # g/kWh = kg x 1000 / kWh, energy-weighted over the group's periods
            intensity = co2e_kg * 1000.0 / energy_kwh if energy_kwh > 0 else 0.0
            storage = Storage(
                f"{name} (measured) storage", carbon_footprint_fabrication=0 * u.kg,
                power=0 * u.W, lifespan=1 * u.year, idle_power=0 * u.W,
                storage_capacity=1 * u.TB, power_usage_effectiveness=power_usage_effectiveness,
                average_carbon_intensity=intensity * u.g / u.kWh, data_replication_factor=1,
                data_storage_duration=0 * u.year, base_storage_need=0 * u.TB)
            dedicated = Server(
                f"{name} (measured)", server_type="serverless",
                carbon_footprint_fabrication=0 * u.kg, lifespan=1 * u.year,
                power=SourceValue(power_w * u.W, source, label=f"{name} mean power"),
                idle_power=0 * u.W, ram=1 * u.MB, compute=1 * u.cpu_core,
                power_usage_effectiveness=power_usage_effectiveness,
                average_carbon_intensity=SourceValue(intensity * u.g / u.kWh, source,
                                                     label=f"{name} mean intensity"),
                utilization_rate=1, base_ram_consumption=0 * u.GB,
                base_compute_consumption=0 * u.cpu_core, storage=storage)
            job = Job(name, server=dedicated, compute_needed=1 * u.cpu_core, **common)
        out.append(job)
        out.counts[name] = len(group)
    return out


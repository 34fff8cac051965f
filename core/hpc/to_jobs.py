"""``to_jobs``: turn measured HPC job footprints into model ``Job`` objects.

One model job per group of measured jobs (per account, partition, user, or all together): the
group's *typical* job, run ``len(group)`` times, built by
:func:`footprintlab.model.measured_job.measured_job` (shared with
:func:`footprintlab.measure.to_job`; its docstring gives the formulas):

- ``request_duration`` = the group's mean run time (s);
- the dedicated server's ``power`` = mean measured energy per job / mean run time (W; measured
  node power is IT power, so ``power_usage_effectiveness`` defaults to 1);
- ``average_carbon_intensity`` = the group's energy-weighted measured intensity (g/kWh).

One call then costs the group's mean measured energy, and its emissions the mean measured
emissions. Fabrication is not measured: 0 kg. Each measured input's source names the Slurm
jobs it stands for. With ``server=`` an existing server instead, each job takes the mean run
time and mean allocated CPUs and that server's power model applies.
"""

from __future__ import annotations

from .footprint import HPCFootprint

__all__ = ["ModelJobs", "to_jobs"]

MEASURED = "footprintlab.hpc (node power x grid intensity), Slurm jobs"


class ModelJobs(list):
    """A list of model jobs with ``counts``: job name -> number of measured jobs it stands for."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.counts: dict[str, int] = {}


def to_jobs(result: HPCFootprint, by: str | None = "Account", *, server=None,
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
        PUE of the dedicated servers (default 1: the measurement is the nodes' own draw). The
        model's energy per job is the measured node energy x PUE (the facility's overhead).
    prefix : str
        Start of the model jobs' names (``"hpc:physics"``).

    Returns
    -------
    ModelJobs
        A list of ``footprintlab.model.Job`` (each with ``job.server``); ``.counts[job.name]``
        is how many measured jobs it stands for.
    """
    from footprintlab.model.measured_job import measured_job, measurement_source

    jobs = result.jobs
    usable = jobs.loc[jobs["energy_kWh"].notna() & jobs["co2e_kg"].notna()
                      & (jobs["end"] > jobs["start"])]
    if usable.empty:
        raise ValueError("to_jobs: no job has both energy and emissions")
    if by is not None and by not in usable.columns:
        raise ValueError(f"to_jobs(by={by!r}): not a column of result.jobs "
                         f"(use 'Account', 'Partition', 'User' or None)")
    groups = [("all", usable)] if by is None else list(usable.groupby(by, sort=True))
    out = ModelJobs()
    for key, group in groups:
        name = f"{prefix}:{key}"
        energy_kwh = float(group["energy_kWh"].mean())
        ids = group["JobID"] if "JobID" in group.columns else group.index
        out.append(measured_job(
            name, source=measurement_source(MEASURED, ids),
            duration_s=float((group["end"] - group["start"]).dt.total_seconds().mean()),
            # kWh at the facility = measured node (IT) energy x PUE
            energy_kwh=energy_kwh * power_usage_effectiveness,
            # g/kWh = kg x 1000 / kWh, energy-weighted over the group's periods
            intensity_g_per_kwh=(float(group["co2e_kg"].mean()) * 1000.0 / energy_kwh
                                 if energy_kwh > 0 else 0.0),
            pue=power_usage_effectiveness, cpu_cores=float(group["alloc_cpus"].mean()),
            server=server))
        out.counts[name] = len(group)
    return out

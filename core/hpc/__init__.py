"""HPC job footprints from node power telemetry and half-hourly grid intensity.

Typical use::

    import footprintlab as fl
    jobs = fl.hpc.read_sacct("sacct.txt", timezone="Europe/London")
    power = fl.hpc.PrometheusPowerClient("http://vm:8428").power_samples(start, end, nodes)
    intensity = fl.hpc.GBCarbonIntensityClient().fetch(start, end)
    result = fl.hpc.job_footprints(jobs, power, intensity, fallback="GB")
    result.jobs                       # one row per job: energy_kWh, co2e_kg, flags
    fl.hpc.summarize(result, "Account"); fl.hpc.daily(result, "Europe/London")
"""

from .aggregate import daily, summarize
from .footprint import HPCFootprint, job_footprints
from .gb_intensity import GBCarbonIntensityClient
from .integrate import integrate_power, node_job_energy
from .intensity import (
    CountryFallback,
    country_fallback,
    intensity_from_series,
    lookup_intensity,
    read_intensity_csv,
)
from .nodelist import expand_nodelist
from .power import normalize_samples, read_power_csv
from .prometheus import PrometheusPowerClient
from .sacct import read_sacct
from .to_jobs import to_jobs

__all__ = [
    "CountryFallback",
    "GBCarbonIntensityClient",
    "HPCFootprint",
    "PrometheusPowerClient",
    "country_fallback",
    "daily",
    "expand_nodelist",
    "integrate_power",
    "intensity_from_series",
    "job_footprints",
    "lookup_intensity",
    "node_job_energy",
    "normalize_samples",
    "read_intensity_csv",
    "read_power_csv",
    "read_sacct",
    "summarize",
    "to_jobs",
]

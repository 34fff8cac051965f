"""Footprint per job and per usage pattern: each job's share of what it uses.

A job's share of its server (energy and fabrication) is, hour by hour, its part of the server's
compute and RAM need (the mean of both shares); of the network, its part of the data transferred;
of the storage, its part of the data stored. Device footprints go to usage patterns (per journey in
parallel). Shares sum to the system total.
"""
from __future__ import annotations

import numpy as np
from footprintlab.engine import Hourly, u
from footprintlab.engine.values import _align

_TINY = 1e-300  # guards shares of an empty whole


def _attributed(part: Hourly, whole: Hourly, footprint: Hourly) -> float:
    """Σ_h footprint(h) × part(h) / whole(h), aligned on hours (kg)."""
    start, a, b = _align(part.to(whole.unit), whole)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = Hourly(np.where(b > 0, a / b, 0.0), start, u.dimensionless)
    _, f, s = _align(footprint, share)
    return float((f * s).sum())


def _kg(value) -> float:
    return value.value.sum().m_as(u.kg)


def pattern_job_data(pattern, job) -> float:
    """GB transferred by ``job`` per journey of ``pattern``."""
    count = sum(1 for step in pattern.usage_journey.steps for other in step.jobs if other is job)
    return count * (job.data_upload.value + job.data_download.value).m_as(u.GB)


def _network_kg(system, job) -> float:
    """The job's share of each pattern's network footprint, by data transferred per journey."""
    total = 0.0
    for pattern in system.usage_patterns:
        data = pattern_job_data(pattern, job)
        journey_data = sum(s.data_transferred_per_start.value.m_as(u.GB) for s in pattern.usage_journey.steps)
        if data and journey_data:
            total += data / journey_data * _kg(pattern.network_energy_footprint)
    return total


def _job_parts(system) -> dict:
    """Per job: energy and fabrication (kg) of its server and storage shares, and its network kg."""
    parts = {}
    for job in system.jobs():
        server = job.server
        server_parts = {}
        for phase, footprint in (("energy", server.energy_footprint), ("fabrication",
                                                                      server.instances_fabrication_footprint)):
            hourly = footprint.value.to(u.kg)
            by_compute = _attributed(job.hourly_compute_need(), server.hourly_compute_need.value, hourly)
            by_ram = _attributed(job.hourly_ram_need(), server.hourly_ram_need.value, hourly)
            server_parts[phase] = (by_compute + by_ram) / 2
        energy, fabrication = server_parts["energy"], server_parts["fabrication"]
        storage = server.storage
        if storage is not None:
            total_stored = sum(j.hourly_data_stored().sum().m_as(u.GB) for s in storage.servers for j in s.jobs)
            stored_share = job.hourly_data_stored().sum().m_as(u.GB) / max(total_stored, _TINY)
            fabrication += stored_share * _kg(storage.instances_fabrication_footprint)
            energy += stored_share * _kg(storage.energy_footprint)
        parts[job] = {"energy": energy, "fabrication": fabrication, "network": _network_kg(system, job)}
    return parts


def by_job(system):
    """DataFrame indexed by job: energy and fabrication footprints attributed to each job (kg)."""
    import pandas as pd

    rows = {}
    for job, part in _job_parts(system).items():
        energy = part["energy"] + part["network"]
        rows[job.name] = {"energy_kg": energy, "fabrication_kg": part["fabrication"],
                          "total_kg": energy + part["fabrication"]}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "job"
    return frame


def by_usage_pattern(system):
    """DataFrame indexed by usage pattern: its devices, network and its jobs' share of servers and
    storage (by the pattern's share of each job's starts), in kg."""
    import pandas as pd

    parts = _job_parts(system)
    rows = {}
    for pattern in system.usage_patterns:
        users = pattern.journeys_in_parallel.value.sum().magnitude
        devices = 0.0
        for device in pattern.devices:
            all_users = sum(p.journeys_in_parallel.value.sum().magnitude for p in device.usage_patterns)
            devices += users / max(all_users, _TINY) * (
                _kg(device.energy_footprint) + _kg(device.instances_fabrication_footprint))
        network = _kg(pattern.network_energy_footprint)
        pattern_starts = pattern.utc_journey_starts.value.sum().magnitude
        servers = 0.0
        for job in set(pattern.jobs()):
            count = sum(1 for step in pattern.usage_journey.steps for other in step.jobs if other is job)
            share = count * pattern_starts / max(job.hourly_starts.value.sum().magnitude, _TINY)
            servers += share * (parts[job]["energy"] + parts[job]["fabrication"])
        rows[pattern.name] = {"devices_kg": devices, "network_kg": network, "servers_and_storage_kg": servers,
                              "total_kg": devices + network + servers}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "usage pattern"
    return frame

"""Footprint per job and per usage pattern: each job's share of what it uses.

A job's share of its server (energy and fabrication) is, hour by hour, its part of the server's
compute and RAM need (the mean of both shares); of the network, its part of the data transferred;
of the storage, its part of the data stored. Device footprints go to usage patterns (per journey in
parallel). Shares sum to the system total.
"""
from __future__ import annotations

import numpy as np

from footprintlab.engine import u
from footprintlab.engine.values import _align


def _share(part, whole) -> np.ndarray:
    start, a, b = _align(part.to(whole.unit), whole)
    with np.errstate(divide="ignore", invalid="ignore"):
        return start, np.where(b > 0, a / b, 0.0)


def _attributed(part, whole, footprint) -> float:
    """Σ_h footprint(h) × part(h) / whole(h), aligned on hours (kg)."""
    start, share = _share(part, whole)
    fstart, f, s = _align(footprint, type(footprint)(share, start, u.dimensionless))
    return float((f * s).sum())


def by_job(system):
    """DataFrame indexed by job: energy and fabrication footprints attributed to each job (kg)."""
    import pandas as pd

    rows = {}
    for job in system.jobs():
        server = job.server
        energy = fabrication = 0.0
        compute_need, ram_need = server.hourly_compute_need.value, server.hourly_ram_need.value
        for footprint, phase in ((server.energy_footprint.value.to(u.kg), "energy"),
                                 (server.instances_fabrication_footprint.value.to(u.kg), "fabrication")):
            by_compute = _attributed(job.hourly_compute_need(), compute_need, footprint)
            by_ram = _attributed(job.hourly_ram_need(), ram_need, footprint)
            value = (by_compute + by_ram) / 2
            if phase == "energy":
                energy += value
            else:
                fabrication += value
        storage = server.storage
        if storage is not None:
            stored_all = [j.hourly_data_stored() for s in storage.servers for j in s.jobs]
            total_stored = sum(item.sum().m_as(u.GB) for item in stored_all)
            stored_share = job.hourly_data_stored().sum().m_as(u.GB) / max(total_stored, 1e-300)
            fabrication += stored_share * storage.instances_fabrication_footprint.value.sum().m_as(u.kg)
            energy += stored_share * storage.energy_footprint.value.sum().m_as(u.kg)
        network_kg = 0.0
        for pattern in system.usage_patterns:
            data_per_start = pattern_job_data(pattern, job)
            total = pattern.usage_journey.steps and sum(
                s.data_transferred_per_start.value.m_as(u.GB) for s in pattern.usage_journey.steps)
            if data_per_start and total:
                network_kg += data_per_start / total * pattern.network_energy_footprint.value.sum().m_as(u.kg)
        energy += network_kg
        rows[job.name] = {"energy_kg": energy, "fabrication_kg": fabrication, "total_kg": energy + fabrication}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "job"
    return frame


def pattern_job_data(pattern, job) -> float:
    """GB transferred by ``job`` per journey of ``pattern``."""
    total = 0.0
    for step in pattern.usage_journey.steps:
        for other in step.jobs:
            if other is job:
                total += (job.data_upload.value + job.data_download.value).m_as(u.GB)
    return total


def by_usage_pattern(system):
    """DataFrame indexed by usage pattern: its devices, network and its jobs' share of servers and
    storage (by the pattern's share of each job's starts), in kg."""
    import pandas as pd

    jobs = by_job(system)
    rows = {}
    for pattern in system.usage_patterns:
        devices = 0.0
        for device in pattern.devices:
            users = pattern.journeys_in_parallel.value
            all_users = None
            for other in device.usage_patterns:
                all_users = other.journeys_in_parallel.value if all_users is None else all_users + other.journeys_in_parallel.value
            share = users.sum().magnitude / max(all_users.sum().magnitude, 1e-300)
            devices += share * (device.energy_footprint.value.sum().m_as(u.kg)
                                + device.instances_fabrication_footprint.value.sum().m_as(u.kg))
        network = pattern.network_energy_footprint.value.sum().m_as(u.kg)
        servers = 0.0
        for job in set(pattern.jobs()):
            pattern_starts = sum(pattern.utc_journey_starts.value.sum().magnitude for step in pattern.usage_journey.steps
                                 for other in step.jobs if other is job)
            share = pattern_starts / max(job.hourly_starts.value.sum().magnitude, 1e-300)
            job_network = sum(pattern_job_data(p, job) / max(sum(s.data_transferred_per_start.value.m_as(u.GB)
                              for s in p.usage_journey.steps), 1e-300) * p.network_energy_footprint.value.sum().m_as(u.kg)
                              for p in system.usage_patterns if pattern_job_data(p, job))
            servers += share * (jobs.loc[job.name, "total_kg"] - job_network)
        rows[pattern.name] = {"devices_kg": devices, "network_kg": network, "servers_and_storage_kg": servers,
                              "total_kg": devices + network + servers}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "usage pattern"
    return frame

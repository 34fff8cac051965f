"""Footprint per job and per usage pattern: each job's share of what it uses.

A job's share of its server (energy and fabrication) is, hour by hour, its part of the server's
compute and RAM need (the mean of both shares); of the network, its part of the data transferred;
of the storage, its part of the data stored. Device footprints go to usage patterns (per journey in
parallel). Shares sum to the system total.
"""
from __future__ import annotations

from typing import cast

import numpy as np
from footprintlab.engine import Hourly, u
from footprintlab.engine.graph import unique_objects
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


def job_runs_per_start(pattern, job) -> float:
    """Runs of ``job`` per hourly start of ``pattern``: Σ journeys weight × times the job is listed."""
    return sum(weight * sum(1 for step in journey.steps for other in step.jobs if other is job)
               for journey, weight in pattern.weighted_journeys())


def pattern_job_data(pattern, job) -> float:
    """GB transferred by ``job`` per hourly start of ``pattern`` (all its weighted journeys)."""
    return job_runs_per_start(pattern, job) * (job.data_upload.value + job.data_download.value).m_as(u.GB)


def _network_kg(system, job) -> float:
    """The job's share of each pattern's network footprint, by data transferred per start."""
    total = 0.0
    for pattern in system.usage_patterns:
        data = pattern_job_data(pattern, job)
        journey_data = sum(weight * sum(s.data_transferred_per_start.value.m_as(u.GB) for s in journey.steps)
                           for journey, weight in pattern.weighted_journeys())
        if data and journey_data:
            total += data / journey_data * _kg(pattern.network_energy_footprint)
    return total


def _job_parts(system) -> dict:
    """Per job: energy and fabrication (kg) of its server and storage shares, and its network kg."""
    parts = {}
    from footprintlab.model.genai import GenAIJob

    for job in system.jobs():
        server = job.server
        if isinstance(job, GenAIJob):  # its own calls: per-request footprints × calls
            starts = job.hourly_starts.value.sum().magnitude
            parts[job] = {"energy": starts * job.request_usage_footprint.value.m_as(u.kg),
                          "fabrication": starts * job.request_embodied_footprint.value.m_as(u.kg),
                          "network": _network_kg(system, job)}
            continue
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
            count = job_runs_per_start(pattern, job)
            share = count * pattern_starts / max(job.hourly_starts.value.sum().magnitude, _TINY)
            servers += share * (parts[job]["energy"] + parts[job]["fabrication"])
        rows[pattern.name] = {"devices_kg": devices, "network_kg": network, "servers_and_storage_kg": servers,
                              "total_kg": devices + network + servers}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "usage pattern"
    return frame


# --- per (job, source): the repartition weights of efootprint 27's attribution ----------------------
def _grid(series: Hourly, start, n: int) -> np.ndarray:
    """``series`` on the ``n`` hours from ``start`` (zeros outside; hours after the grid dropped)."""
    out = np.zeros(n)
    if series is None or not len(series.values):
        return out
    offset = int((series.start - start) / np.timedelta64(1, "h"))
    values = np.asarray(series.values, dtype=np.float64)
    lo, hi = max(offset, 0), min(offset + len(values), n)
    if hi > lo:
        out[lo:hi] = values[lo - offset:hi - offset]
    return out


def _shares(parts: dict, total: np.ndarray) -> dict:
    with np.errstate(divide="ignore", invalid="ignore"):
        return {key: np.where(total > 0, part / total, 0.0) for key, part in parts.items()}


def _on_premise_shares(demand: dict, raw: np.ndarray, tiers: int) -> dict:
    """Flat per-job weights of an on-premise server's provisioned footprint: instance tier k (1..tiers)
    is needed in the hours where raw > k − 1; in those hours the jobs share the tier's 1/tiers slice
    by their demand summed over those hours (a tier no hour needs: by demand over the period)."""
    period = {job: d.sum() for job, d in demand.items()}
    whole = sum(period.values())
    fallback = {job: (v / whole if whole > 0 else 1 / len(demand)) for job, v in period.items()}
    shares = dict.fromkeys(demand, 0.0)
    for tier in range(1, tiers + 1):
        hours = raw > tier - 1
        in_tier = {job: d[hours].sum() for job, d in demand.items()}
        total = sum(in_tier.values())
        for job in shares:
            shares[job] += (in_tier[job] / total if total > 0 else fallback[job]) / tiers
    return shares


def _server_rows(server, add) -> None:
    """A server's fabrication and energy footprints shared by its jobs: hour by hour, each job's
    share of the demand on the binding resource (compute if compute pressure ≥ RAM pressure, else
    RAM); a service's base consumption × instances goes to the service's jobs by volume. Idle
    energy and fabrication follow the provisioned weights (the same, hourly, unless on-premise);
    the energy above idle the dynamic ones."""
    raw_series = server.raw_nb_of_instances.value
    start, n = raw_series.start, len(raw_series.values)
    if not n or not server.jobs:
        return
    raw = _grid(raw_series, start, n)
    instances = _grid(server.nb_of_instances.value, start, n)
    ram_available = server.available_ram_per_instance.value.m_as(u.GB)
    compute_available = server.available_compute_per_instance.value.magnitude
    compute_pressure = _grid(server.hourly_compute_need.value, start, n) / compute_available
    ram_pressure = _grid(server.hourly_ram_need.value.to(u.GB), start, n) / ram_available
    compute_binds = (compute_pressure >= ram_pressure).astype(np.float64)
    ram_binds = 1.0 - compute_binds
    volumes = {job: _grid(job.hourly_concurrency.value, start, n) for job in server.jobs}
    service_volume: dict[int, np.ndarray] = {}
    for job in server.jobs:
        service = getattr(job, "service", None)
        if service is not None:
            service_volume[id(service)] = service_volume.get(id(service), 0.0) + volumes[job]
    demand = {}
    for job in server.jobs:
        per_run = (job.compute_needed.value.to(server.compute.value.unit).magnitude / compute_available * compute_binds
                   + job.ram_needed.value.m_as(u.GB) / ram_available * ram_binds)
        demand[job] = per_run * volumes[job]
        service = getattr(job, "service", None)
        if service is not None:
            base = (service.base_compute_consumption.value.magnitude / compute_available * compute_binds
                    + service.base_ram_consumption.value.m_as(u.GB) / ram_available * ram_binds)
            with np.errstate(divide="ignore", invalid="ignore"):
                volume_share = np.where(service_volume[id(service)] > 0, volumes[job] / service_volume[id(service)], 0)
            demand[job] = demand[job] + base * instances * volume_share
    dynamic = _shares(demand, sum(demand.values()))
    if server.server_type == "on-premise" and instances.max() > 0:
        flat = _on_premise_shares(demand, raw, int(round(instances.max())))
        provisioned = {job: np.full(n, share) for job, share in flat.items()}
    else:
        provisioned = dynamic
    fabrication = _grid(server.instances_fabrication_footprint.value.to(u.kg), start, n)
    footprint = _grid(server.energy_footprint.value.to(u.kg), start, n)
    idle_energy = instances * server.idle_power.value.m_as(u.W)
    load_energy = raw * (server.power.value.m_as(u.W) - server.idle_power.value.m_as(u.W))
    with np.errstate(divide="ignore", invalid="ignore"):
        idle_part = np.where(idle_energy + load_energy > 0, idle_energy / (idle_energy + load_energy), 0.0)
    idle_footprint, load_footprint = footprint * idle_part, footprint * (1 - idle_part)
    for job in server.jobs:
        add(job, server, "Servers", float((fabrication * provisioned[job]).sum()),
            float((idle_footprint * provisioned[job] + load_footprint * dynamic[job]).sum()))


def _storage_rows(storage, add) -> None:
    """A storage's footprints shared by the jobs of its servers: the part holding job-written data
    (cumulative written need / provisioned capacity, hour by hour) by each job's cumulative written
    data; the rest (unused capacity and base need) by each job's share of the runs over the period."""
    from footprintlab.model.timeseries import minus_delayed

    need = storage.cumulative_storage_need.value.to(u.TB)
    start, n = need.start, len(need.values)
    jobs = [job for server in storage.servers for job in server.jobs]
    if not n or not jobs:
        return
    replication = storage.data_replication_factor.value.magnitude
    duration_h = storage.data_storage_duration.value.m_as(u.h)
    written = {}
    for job in jobs:
        rate = job.hourly_data_stored().to(u.TB) * replication
        written[job] = np.cumsum(_grid(minus_delayed(_grid_series(rate, start, n), duration_h), start, n))
    held = cast(np.ndarray, sum(written.values()))  # jobs is not empty: an array, never 0
    provisioned = _grid(storage.nb_of_instances.value, start, n) * storage.storage_capacity.value.m_as(u.TB)
    with np.errstate(divide="ignore", invalid="ignore"):
        retention = np.where(provisioned > 0, held / provisioned, 0.0)
    runs = {job: job.hourly_concurrency.value.sum().magnitude for job in jobs}
    all_runs = sum(runs.values())
    by_held = _shares(written, held)
    for phase_series, phase in ((storage.instances_fabrication_footprint, "fabrication"),
                                (storage.energy_footprint, "energy")):
        values = _grid(phase_series.value.to(u.kg), start, n)
        kept, rest = values * retention, values * (1 - retention)
        for job in jobs:
            flat = runs[job] / all_runs if all_runs > 0 else 1 / len(jobs)
            kg = float((kept * by_held[job]).sum() + rest.sum() * flat)
            add(job, storage, "Storage", kg if phase == "fabrication" else 0.0, kg if phase == "energy" else 0.0)


def _grid_series(series: Hourly, start, n: int) -> Hourly:
    return Hourly._raw(_grid(series, start, n), start, series.unit)


def by_job_and_source(system):
    """DataFrame indexed by (job, source): the energy and fabrication footprints (kg) of each object
    whose footprint jobs share (servers, storage, networks, external APIs), split with efootprint
    27's repartition weights; each source's rows add up to its footprint. Devices are not shared by
    jobs (see ``footprints_by_usage_pattern``)."""
    import pandas as pd
    from footprintlab.model.genai import GenAIJob

    rows: dict = {}

    def add(job, source, category, fabrication, energy):
        row = rows.setdefault((job.name, source.name), {"category": category, "energy_kg": 0.0,
                                                        "fabrication_kg": 0.0})
        row["energy_kg"] += energy
        row["fabrication_kg"] += fabrication

    for server in system.servers():
        _server_rows(server, add)
    for storage in system.storages():
        _storage_rows(storage, add)
    for job in system.jobs():
        if isinstance(job, GenAIJob):
            starts = job.hourly_starts.value.sum().magnitude
            add(job, job.server, "External APIs", starts * job.request_embodied_footprint.value.m_as(u.kg),
                starts * job.request_usage_footprint.value.m_as(u.kg))
    for pattern in system.usage_patterns:
        per_start = sum(weight * sum(s.data_transferred_per_start.value.m_as(u.GB) for s in journey.steps)
                        for journey, weight in pattern.weighted_journeys())
        network_kg = _kg(pattern.network_energy_footprint)
        for job in unique_objects(pattern.jobs()):
            data = pattern_job_data(pattern, job)
            if data and per_start:
                add(job, pattern.network, "Network", 0.0, data / per_start * network_kg)
    frame = pd.DataFrame.from_dict(rows, orient="index")
    if frame.empty:
        frame = pd.DataFrame(columns=["category", "energy_kg", "fabrication_kg"])
    frame.index = pd.MultiIndex.from_tuples(frame.index, names=["job", "source"])
    frame["total_kg"] = frame["energy_kg"] + frame["fabrication_kg"]
    return frame

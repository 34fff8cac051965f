"""Servers, GPU servers and storage: instances, energy, energy and fabrication footprints."""
from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import numpy as np
from footprintlab.engine import (
    Choice,
    Hourly,
    Input,
    ModelError,
    ModelObject,
    Reference,
    ReverseLink,
    calculated,
    u,
)
from footprintlab.model import intensity
from footprintlab.model.timeseries import minus_delayed, sum_series

ONE_HOUR = 1 * u.h
SERVER_TYPES = ("autoscaling", "serverless", "on-premise")


def _instances(raw: Hourly, server_type: str, fixed, owner: str) -> Hourly:
    """Instances from raw need: ceil (autoscaling), raw (serverless), constant (on-premise)."""
    if server_type == "autoscaling":
        return raw.ceil()
    if server_type == "serverless":
        return raw
    peak = float(np.ceil(raw.values.max())) if len(raw) else 0.0
    if fixed is not None:
        count = fixed.m_as(u.dimensionless)
        if peak > count:
            raise ModelError(f"peak need of {peak:g} instances exceeds {owner}'s fixed_nb_of_instances "
                             f"({count:g})")
        peak = count
    return Hourly(np.full(len(raw), peak), raw.start, u.dimensionless)


class Infrastructure(ModelObject):
    """What servers and storage share: footprints from instances, energy, intensity, fabrication.

    Subclasses declare the inputs read here and calculate ``nb_of_instances`` and
    ``instances_energy``.
    """

    @calculated(u.kg, "instances energy × carbon intensity (hourly if given, else average; hours "
                "the hourly series does not cover: refused, or the average if carbon_intensity_gaps "
                "is 'average')", "energy=instances_energy", "average=average_carbon_intensity",
                "hourly=hourly_carbon_intensity", "gaps=carbon_intensity_gaps")
    def energy_footprint(self, energy, average, hourly, gaps):
        # kg = kWh × g/kWh
        owner = f"{type(self).__name__} {self.name!r}"
        return intensity.energy_footprint(energy, average, hourly, gaps, owner, "it")

    @calculated(u.kg, "instances × fabrication footprint × 1 h / lifespan", "instances=nb_of_instances",
                "fabrication=carbon_footprint_fabrication", "lifespan")
    def instances_fabrication_footprint(self, instances, fabrication, lifespan):
        # kg/h = instances × kg × 1 h / lifespan(h)
        return instances * (fabrication * ONE_HOUR / lifespan)


class Storage(Infrastructure):
    """Storage attached to a server: cumulative data stored, instances, fabrication and energy."""

    carbon_footprint_fabrication = Input(u.kg, min=0, help="per storage unit")
    power = Input(u.W, min=0, help="per storage unit")
    lifespan = Input(u.year, min=1e-9)
    idle_power = Input(u.W, 0 * u.W, min=0)
    storage_capacity = Input(u.TB, min=1e-12)
    power_usage_effectiveness = Input(u.dimensionless, min=1, slider=(1, 3))
    average_carbon_intensity = Input(u.g / u.kWh, min=0)
    data_replication_factor = Input(u.dimensionless, min=1, slider=(1, 10))
    data_storage_duration = Input(u.year, min=0)
    base_storage_need = Input(u.TB, 0 * u.TB, min=0)
    fixed_nb_of_instances = Input(u.dimensionless, hourly=False, default=None, min=0, help=(
        "None: the number of instances follows the storage need"))
    hourly_carbon_intensity = Input(u.g / u.kWh, hourly="optional", min=0, help=(
        "UTC hourly grid intensity; None: the average carbon intensity is used for every hour"))
    carbon_intensity_gaps = intensity.gap_policy_input()
    servers = ReverseLink("Server", "storage")
    # archetypes (footprintlab.model.archetypes), attached by footprintlab.model
    ssd: ClassVar[Callable[..., Storage]]
    hdd: ClassVar[Callable[..., Storage]]

    @calculated(u.TB, "Σ jobs (hourly starts × data stored × replication factor − the same shifted by "
                "the storage duration)", "starts=servers[].jobs[].hourly_starts", "per_start=servers[].jobs[].data_stored",
                "replication=data_replication_factor", "duration=data_storage_duration")
    def hourly_storage_need_delta(self, starts, per_start, replication, duration):
        # TB/h = Σ_jobs starts_j(t) × stored_j × r − the same at (t − duration)
        written = sum_series([s * (d / (1 * u.occurrence)) for s, d in zip(starts, per_start, strict=True)], u.TB)
        return minus_delayed(written * replication, duration.m_as(u.h))

    @calculated(u.TB, "cumulative sum of hourly storage need delta + base storage need",
                "delta=hourly_storage_need_delta", "base=base_storage_need")
    def cumulative_storage_need(self, delta, base):
        # TB = base + Σ_{τ ≤ t} delta(τ); base storage need is not replicated
        return delta.cumsum() + base

    @calculated(u.dimensionless, "cumulative storage need / storage capacity",
                "need=cumulative_storage_need", "capacity=storage_capacity")
    def raw_nb_of_instances(self, need, capacity):
        return need / capacity

    @calculated(u.dimensionless, "raw instances, rounded up (raw if its server is serverless; "
                "fixed number if given)", "raw=raw_nb_of_instances", "server_types=servers[].server_type",
                "fixed=fixed_nb_of_instances")
    def nb_of_instances(self, raw, server_types, fixed):
        kind = "serverless" if "serverless" in server_types else "autoscaling"
        if fixed is not None:
            kind = "on-premise"
        return _instances(raw, kind, fixed, f"storage {self.name!r}")

    @calculated(u.kWh, "instances × power × PUE × 1 h", "instances=nb_of_instances", "power",
                "pue=power_usage_effectiveness")
    def instances_energy(self, instances, power, pue):
        # kWh = instances × W × PUE × 1 h
        return instances * (power * pue * ONE_HOUR)



class Server(Infrastructure):
    """A server (autoscaling, serverless or on-premise) running jobs."""

    server_type = Choice(SERVER_TYPES, "autoscaling")
    carbon_footprint_fabrication = Input(u.kg, min=0)
    power = Input(u.W, min=0)
    lifespan = Input(u.year, min=1e-9)
    idle_power = Input(u.W, 0 * u.W, min=0)
    ram = Input(u.GB, min=0)
    compute = Input(u.cpu_core, min=0, also=(u.gpu,))
    power_usage_effectiveness = Input(u.dimensionless, min=1, slider=(1, 3))
    average_carbon_intensity = Input(u.g / u.kWh, min=0)
    utilization_rate = Input(u.dimensionless, min=0, max=1, slider=(0.05, 1))
    base_ram_consumption = Input(u.GB, 0 * u.GB, min=0)
    base_compute_consumption = Input(u.cpu_core, 0 * u.cpu_core, min=0, also=(u.gpu,))
    storage = Reference("Storage", reverse="servers", allow_none=True,
                        help="None: the server stores nothing (no storage footprint)")
    fixed_nb_of_instances = Input(u.dimensionless, default=None, min=0, help=(
        "None: the number of instances follows the need (see server_type)"))
    hourly_carbon_intensity = Input(u.g / u.kWh, hourly="optional", min=0, help=(
        "UTC hourly grid intensity; None: the average carbon intensity is used for every hour"))
    carbon_intensity_gaps = intensity.gap_policy_input()
    jobs = ReverseLink("Job", "server")
    # a cloud instance type (footprintlab.model.cloud.cloud_server), attached by footprintlab.model
    cloud: ClassVar[Callable[..., Server]]
    services = ReverseLink("Service", "server")

    @calculated(u.GB, "Σ jobs' hourly concurrency × RAM needed", "concurrency=jobs[].hourly_concurrency",
                "ram=jobs[].ram_needed")
    def hourly_ram_need(self, concurrency, ram):
        # GB = Σ_j concurrent requests_j × GB per request_j
        return sum_series([c * (r / (1 * u.occurrence)) for c, r in zip(concurrency, ram, strict=True)], u.GB)

    @calculated(None, "Σ jobs' hourly concurrency × compute needed", "concurrency=jobs[].hourly_concurrency",
                "per_request=jobs[].compute_needed", "compute")
    def hourly_compute_need(self, concurrency, per_request, compute):
        # cores (or GPUs) = Σ_j concurrent requests_j × compute per request_j
        parts = [c * (n / (1 * u.occurrence)) for c, n in zip(concurrency, per_request, strict=True)]
        return sum_series(parts, compute.unit)

    @calculated(u.GB, "base RAM consumption + Σ installed services' base RAM consumption",
                "base=base_ram_consumption", "services_base=services[].base_ram_consumption")
    def occupied_ram_per_instance(self, base, services_base):
        # GB = server's base + Σ_services base (each instance runs every installed service)
        total = base
        for part in services_base:
            total = total + part
        return total

    @calculated(None, "base compute consumption + Σ installed services' base compute consumption",
                "base=base_compute_consumption", "services_base=services[].base_compute_consumption")
    def occupied_compute_per_instance(self, base, services_base):
        # cores (or GPUs) = server's base + Σ_services base
        total = base
        for part in services_base:
            total = total + part.to(base.unit)
        return total

    @calculated(u.GB, "RAM × utilization rate − occupied RAM per instance (base and services)", "ram",
                "rate=utilization_rate", "occupied=occupied_ram_per_instance")
    def available_ram_per_instance(self, ram, rate, occupied):
        # GB = GB × rate − GB
        available = ram * rate - occupied
        if available.magnitude <= 0:
            raise ModelError(f"available RAM per instance is {available} ≤ 0: the RAM occupied by the "
                             f"server's base consumption and its services ({occupied}) exceeds ram × "
                             f"utilization_rate ({ram * rate})")
        return available

    @calculated(None, "compute × utilization rate − occupied compute per instance (base and services)",
                "compute", "rate=utilization_rate", "occupied=occupied_compute_per_instance")
    def available_compute_per_instance(self, compute, rate, occupied):
        # cores = cores × rate − cores
        available = compute * rate - occupied.to(compute.unit)
        if available.magnitude <= 0:
            raise ModelError(f"available compute per instance is {available} ≤ 0: the compute occupied "
                             f"by the server's base consumption and its services ({occupied}) exceeds "
                             f"compute × utilization_rate")
        return available

    @calculated(u.dimensionless, "max(RAM need / available RAM, compute need / available compute)",
                "ram_need=hourly_ram_need", "ram_available=available_ram_per_instance", "compute_need=hourly_compute_need",
                "compute_available=available_compute_per_instance")
    def raw_nb_of_instances(self, ram_need, ram_available, compute_need, compute_available):
        by_ram = ram_need / ram_available
        by_compute = compute_need / compute_available
        start, a, b = _aligned(by_ram, by_compute)
        return Hourly(np.maximum(a, b), start, u.dimensionless)

    @calculated(u.dimensionless, "ceil(raw) if autoscaling; raw if serverless; constant ceil(max raw) "
                "or fixed number if on-premise", "raw=raw_nb_of_instances", "server_type",
                "fixed=fixed_nb_of_instances")
    def nb_of_instances(self, raw, server_type, fixed):
        return _instances(raw, server_type, fixed, f"server {self.name!r}")

    @calculated(u.kWh, "instances × idle power × PUE × 1 h + raw instances × (power − idle power) × "
                "PUE × 1 h", "instances=nb_of_instances", "raw=raw_nb_of_instances", "power", "idle=idle_power",
                "pue=power_usage_effectiveness")
    def instances_energy(self, instances, raw, power, idle, pue):
        # kWh = n × W_idle × PUE × 1 h + raw × (W − W_idle) × PUE × 1 h
        return instances * (idle * pue * ONE_HOUR) + raw * ((power - idle) * pue * ONE_HOUR)



class GPUServer(Server):
    """A GPU server: compute counted in GPUs; power, idle power, RAM and fabrication per GPU."""

    compute = Input(u.gpu, min=0)
    base_compute_consumption = Input(u.gpu, 0 * u.gpu, min=0)
    power_per_gpu = Input(u.W, min=0)
    idle_power_per_gpu = Input(u.W, 0 * u.W, min=0)
    ram_per_gpu = Input(u.GB, min=0)
    carbon_footprint_fabrication_per_gpu = Input(u.kg, min=0)
    carbon_footprint_fabrication_without_gpu = Input(u.kg, min=0)

    @calculated(u.W, "GPUs × power per GPU", "gpus=compute", "per_gpu=power_per_gpu")
    def power(self, gpus, per_gpu):
        return gpus.magnitude * per_gpu

    @calculated(u.W, "GPUs × idle power per GPU", "gpus=compute", "per_gpu=idle_power_per_gpu")
    def idle_power(self, gpus, per_gpu):
        return gpus.magnitude * per_gpu

    @calculated(u.GB, "GPUs × RAM per GPU", "gpus=compute", "per_gpu=ram_per_gpu")
    def ram(self, gpus, per_gpu):
        return gpus.magnitude * per_gpu

    @calculated(u.kg, "chassis fabrication + GPUs × fabrication per GPU", "gpus=compute",
                "per_gpu=carbon_footprint_fabrication_per_gpu", "chassis=carbon_footprint_fabrication_without_gpu")
    def carbon_footprint_fabrication(self, gpus, per_gpu, chassis):
        return chassis + gpus.magnitude * per_gpu


def _aligned(a: Hourly, b: Hourly):
    from footprintlab.engine.values import _align

    return _align(a, b)

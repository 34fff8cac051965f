"""The efootprint 27 side of ``model_bench.py``: same scales, same operations, JSON on stdout.

Runs under a Python that has efootprint 27 (it needs Python >= 3.12), e.g.
``FOOTPRINTLAB_EFOOTPRINT_PYTHON=/path/to/venv/bin/python``. Only efootprint's public API is used.
"""
from __future__ import annotations

import gc
import json
import resource
import sys
import time
from datetime import datetime

RUNS = 7


def build(scale: str):
    from efootprint.abstract_modeling_classes.source_objects import SourceValue
    from efootprint.builders.time_builders import (
        daily_fluct_hourly_values,
        linear_growth_hourly_values,
        sinusoidal_fluct_hourly_values,
    )
    from efootprint.constants.countries import Countries
    from efootprint.constants.units import u
    from efootprint.core.hardware.device import Device
    from efootprint.core.hardware.network import Network
    from efootprint.core.hardware.server import Server, ServerTypes
    from efootprint.core.hardware.storage import Storage
    from efootprint.core.system import System
    from efootprint.core.usage.job import Job
    from efootprint.core.usage.usage_journey import UsageJourney
    from efootprint.core.usage.usage_journey_step import UsageJourneyStep
    from efootprint.core.usage.usage_pattern import UsagePattern

    hours = 87_600 if scale == "d" else 26_280
    start = datetime(2025, 1, 1)
    span = hours * u.hour
    starts = (linear_growth_hourly_values(span, 5000, 100000, start)
              + sinusoidal_fluct_hourly_values(span, 3000, 3 * 30 * 24, start)) * daily_fluct_hourly_values(
        span, 0.8, 4, start)

    def storage():
        return Storage("SSD storage", storage_capacity=SourceValue(1 * u.TB_stored),
                       carbon_footprint_manufacturing_per_storage_capacity=SourceValue(160 * u.kg / u.TB_stored),
                       data_replication_factor=SourceValue(3 * u.dimensionless),
                       data_storage_duration=SourceValue(2 * u.year), base_storage_need=SourceValue(100 * u.TB_stored),
                       lifespan=SourceValue(6 * u.year))

    def server(name, st):
        return Server(name, server_type=ServerTypes.autoscaling(),
                      carbon_footprint_manufacturing=SourceValue(600 * u.kg), power=SourceValue(300 * u.W),
                      lifespan=SourceValue(6 * u.year), idle_power=SourceValue(50 * u.W), ram=SourceValue(128 * u.GB_ram),
                      compute=SourceValue(24 * u.cpu_core), power_usage_effectiveness=SourceValue(1.2 * u.dimensionless),
                      average_carbon_intensity=SourceValue(100 * u.g / u.kWh),
                      utilization_rate=SourceValue(0.9 * u.dimensionless),
                      base_ram_consumption=SourceValue(300 * u.MB_ram),
                      base_compute_consumption=SourceValue(2 * u.cpu_core), storage=st)

    def job(name, srv, transferred, stored, duration):
        return Job(name, server=srv, data_transferred=SourceValue(transferred * u.MB),
                   data_stored=SourceValue(stored * u.MB_stored), request_duration=duration,
                   compute_needed=SourceValue(1 * u.cpu_core), ram_needed=SourceValue(50 * u.MB_ram))

    if scale == "e":
        return build_services_scale(server, storage, job, starts)
    if scale in ("a", "d"):
        srv = server("server", storage())
        streaming = job("streaming", srv, 800.05, 0.05, SourceValue(4 * u.min))
        upload = job("video upload", srv, 20, 20, SourceValue(2 * u.s))
        steps = [UsageJourneyStep("20 min streaming", user_time_spent=SourceValue(20 * u.min), jobs=[streaming]),
                 UsageJourneyStep("70 s capture and upload", user_time_spent=SourceValue(70 * u.s), jobs=[upload])]
        journey = UsageJourney("Mean video consumption", uj_steps=steps)
        patterns = [UsagePattern("pattern", [journey], [Device.laptop()], Network.wifi_network(), Countries.FRANCE(),
                                 starts)]
    else:
        n = 10 if scale == "b" else 50
        servers = [server(f"server {i}", storage()) for i in range(2)]  # one storage per server
        patterns = []
        network, country = Network.wifi_network(), Countries.FRANCE()
        for p in range(n):
            steps = [UsageJourneyStep(f"step {p}-{s}", user_time_spent=SourceValue(5 * u.min),
                                      jobs=[job(f"job {p}-{s}", servers[s % 2], 800.05, 0.05, SourceValue(4 * u.min))])
                     for s in range(3)]
            patterns.append(UsagePattern(f"pattern {p}", [UsageJourney(f"journey {p}", uj_steps=steps)],
                                         [Device.laptop()], network, country, starts * SourceValue((1 / n) * u.dimensionless)))
    return System("System", usage_patterns=patterns, edge_usage_patterns=[])


def build_services_scale(server, storage, job, starts, n: int = 20):
    """Scale (e) of model_bench.py: 20 patterns, each a casual journey (upload, 1080p stream; weight
    0.7) and a binge journey (4K stream; weight 0.3), 2 servers with a VideoStreaming service each."""
    from efootprint.abstract_modeling_classes.source_objects import SourceObject, SourceValue
    from efootprint.builders.services.video_streaming import VideoStreaming, VideoStreamingJob
    from efootprint.constants.countries import Countries
    from efootprint.constants.units import u
    from efootprint.core.hardware.device import Device
    from efootprint.core.hardware.network import Network
    from efootprint.core.system import System
    from efootprint.core.usage.usage_journey import UsageJourney
    from efootprint.core.usage.usage_journey_step import UsageJourneyStep
    from efootprint.core.usage.usage_pattern import UsagePattern

    servers = [server(f"server {i}", storage()) for i in range(2)]
    services = [VideoStreaming(f"streaming {i}", server=srv, base_ram_consumption=SourceValue(2 * u.GB_ram),
                               bits_per_pixel=SourceValue(0.1 * u.bit),
                               static_delivery_cpu_cost=SourceValue(4 * u.cpu_core / (u.GB / u.s)),
                               ram_buffer_per_user=SourceValue(50 * u.MB_ram)) for i, srv in enumerate(servers)]
    network, country = Network.wifi_network(), Countries.FRANCE()
    patterns = []
    for p in range(n):
        service, srv = services[p % 2], servers[p % 2]

        def video(name, resolution, minutes):
            return VideoStreamingJob(name, service=service, resolution=SourceObject(resolution),
                                     video_duration=SourceValue(minutes * u.min),
                                     refresh_rate=SourceValue(30 * u.dimensionless / u.s),
                                     data_stored=SourceValue(0 * u.MB_stored))

        upload = job(f"upload {p}", srv, 20, 20, SourceValue(2 * u.s))
        casual = UsageJourney(f"casual {p}", uj_steps=[
            UsageJourneyStep(f"upload {p}", user_time_spent=SourceValue(70 * u.s), jobs=[upload]),
            UsageJourneyStep(f"watch {p}", user_time_spent=SourceValue(20 * u.min),
                             jobs=[video(f"1080p {p}", "1080p (1920 x 1080)", 20)])])
        binge = UsageJourney(f"binge {p}", uj_steps=[
            UsageJourneyStep(f"binge {p}", user_time_spent=SourceValue(90 * u.min),
                             jobs=[video(f"4K {p}", "4K (3840 x 2160)", 90)])])
        patterns.append(UsagePattern(f"pattern {p}", {casual: 0.7, binge: 0.3}, [Device.laptop()], network, country,
                                     starts * SourceValue((1 / n) * u.dimensionless)))
    return System("System", usage_patterns=patterns, edge_usage_patterns=[])


def median(samples):
    return sorted(samples)[len(samples) // 2]


def run(scale: str) -> dict:
    from efootprint.abstract_modeling_classes.source_objects import SourceValue
    from efootprint.api_utils.json_to_system import json_to_system
    from efootprint.api_utils.system_to_json import system_to_json
    from efootprint.constants.units import u
    from efootprint.core.hardware.server import Server, ServerTypes
    from efootprint.core.hardware.storage import Storage
    from efootprint.core.usage.job import Job
    from efootprint.core.usage.usage_journey_step import UsageJourneyStep

    builds = []
    system = None
    for _ in range(5):
        system = None
        gc.collect()
        t = time.perf_counter()
        system = build(scale)
        system.total_footprint.sum()
        builds.append(time.perf_counter() - t)
    pattern = system.usage_patterns[0]
    journey = list(pattern.usage_journeys)[0]
    first_job = list(list(journey.uj_steps)[0].jobs)[0]
    numeric, server_side, structural = [], [], []
    for k in range(RUNS):
        t = time.perf_counter()
        first_job.data_transferred = SourceValue((500.05 if k % 2 == 0 else 800.05) * u.MB)
        system.total_footprint.sum()
        numeric.append(time.perf_counter() - t)
    for k in range(RUNS):
        t = time.perf_counter()
        first_job.compute_needed = SourceValue((0.5 if k % 2 == 0 else 1) * u.cpu_core)
        system.total_footprint.sum()
        server_side.append(time.perf_counter() - t)
    from efootprint.abstract_modeling_classes.explainable_object_dict import (
        to_weighted_explainable_object_dict,
    )

    original = list(journey.uj_steps)
    for k in range(RUNS):
        big = Server(f"new server {k}", server_type=ServerTypes.autoscaling(),
                     carbon_footprint_manufacturing=SourceValue(1000 * u.kg), power=SourceValue(6400 * u.W),
                     lifespan=SourceValue(6 * u.year), idle_power=SourceValue(1000 * u.W), ram=SourceValue(256 * u.GB_ram),
                     compute=SourceValue(16 * u.cpu_core), power_usage_effectiveness=SourceValue(1.2 * u.dimensionless),
                     average_carbon_intensity=SourceValue(100 * u.g / u.kWh),
                     utilization_rate=SourceValue(0.9 * u.dimensionless), base_ram_consumption=SourceValue(0 * u.MB_ram),
                     base_compute_consumption=SourceValue(0 * u.cpu_core), storage=Storage.ssd(f"new storage {k}"))
        new_job = Job(f"new job {k}", server=big, data_transferred=SourceValue(2 * u.MB),
                      data_stored=SourceValue(0 * u.MB_stored), request_duration=SourceValue(10 * u.s),
                      compute_needed=SourceValue(1 * u.cpu_core), ram_needed=SourceValue(100 * u.MB_ram))
        step = UsageJourneyStep(f"new step {k}", user_time_spent=SourceValue(1 * u.min), jobs=[new_job])
        t = time.perf_counter()
        journey.uj_steps = to_weighted_explainable_object_dict([*original, step])
        system.total_footprint.sum()
        structural.append(time.perf_counter() - t)
        journey.uj_steps = to_weighted_explainable_object_dict(original)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    io = []
    try:
        for _ in range(3):
            t = time.perf_counter()
            data = system_to_json(system, save_computed_state=False)
            class_obj_dict = json_to_system(json.loads(json.dumps(data)))[0]
            next(iter(class_obj_dict["System"].values())).total_footprint.sum()  # recompute, as ours does
            io.append(time.perf_counter() - t)
    except Exception as exc:  # report, do not fail the whole comparison
        print(f"efootprint JSON round trip failed: {exc!r}", file=sys.stderr)
        io = [float("nan")]
    return {"build": median(builds) * 1000, "numeric": median(numeric) * 1000, "server": median(server_side) * 1000,
            "structural": median(structural) * 1000, "json": median(io) * 1000, "rss": rss,
            "total_kg": float(system.total_footprint.sum().to(u.kg).magnitude)}


if __name__ == "__main__":
    t0 = time.perf_counter()
    import efootprint  # noqa: F401
    from efootprint.core.system import System  # noqa: F401

    import_s = time.perf_counter() - t0
    result = run(sys.argv[1])
    result["import_s"] = import_s
    print(json.dumps(result))

"""efootprint 27 reference figures for the model-breadth scenarios (issue 14), as a JSON fixture.

Builds, with efootprint 27's public API, the two scenarios that ``tests/model/test_fidelity_breadth.py``
builds with footprintlab, and writes their category x phase totals (kg CO2e over the period) and
per-(job, source) attributed footprints to ``tests/model/data/efootprint27_breadth.json``:

- ``streaming``: a server with a VideoStreaming service (1080p 20 min and 4K 90 min streams) and a
  plain upload job writing to SSD storage; usage patterns mixing a casual journey (weight 0.7) and
  a binge journey (weight 0.3); France, laptops, WiFi; the quickstart's hourly starts.
- ``genai``: an assistant whose journey calls openai/gpt-4o-mini (400 output tokens) and a web
  request on a server; smartphones, mobile network, France.

Run it with a Python that has efootprint 27.0.0 (AGPL-3.0; it is run, never imported by the package
or its tests), e.g. ``/tmp/efvenv/bin/python benchmarks/efootprint_issue14.py``. ``--print`` prints
the figures instead of writing the fixture.
"""
from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "model" / "data" / "efootprint27_breadth.json"
HOURS = 26_280


def _starts(span_hours: int):
    from efootprint.builders.time_builders import (
        daily_fluct_hourly_values,
        linear_growth_hourly_values,
        sinusoidal_fluct_hourly_values,
    )
    from efootprint.constants.units import u

    start = datetime(2025, 1, 1)
    span = span_hours * u.hour
    return (linear_growth_hourly_values(span, 5000, 100000, start)
            + sinusoidal_fluct_hourly_values(span, 3000, 3 * 30 * 24, start)) * daily_fluct_hourly_values(
        span, 0.8, 4, start)


def _server(name: str, storage):
    from efootprint.abstract_modeling_classes.source_objects import SourceValue
    from efootprint.constants.units import u
    from efootprint.core.hardware.server import Server, ServerTypes

    return Server(name, server_type=ServerTypes.autoscaling(),
                  carbon_footprint_manufacturing=SourceValue(600 * u.kg), power=SourceValue(300 * u.W),
                  lifespan=SourceValue(6 * u.year), idle_power=SourceValue(50 * u.W), ram=SourceValue(128 * u.GB_ram),
                  compute=SourceValue(24 * u.cpu_core), power_usage_effectiveness=SourceValue(1.2 * u.dimensionless),
                  average_carbon_intensity=SourceValue(100 * u.g / u.kWh),
                  utilization_rate=SourceValue(0.9 * u.dimensionless),
                  base_ram_consumption=SourceValue(300 * u.MB_ram),
                  base_compute_consumption=SourceValue(2 * u.cpu_core), storage=storage)


def _storage(name: str):
    from efootprint.abstract_modeling_classes.source_objects import SourceValue
    from efootprint.constants.units import u
    from efootprint.core.hardware.storage import Storage

    return Storage(name, storage_capacity=SourceValue(1 * u.TB_stored),
                   carbon_footprint_manufacturing_per_storage_capacity=SourceValue(160 * u.kg / u.TB_stored),
                   data_replication_factor=SourceValue(3 * u.dimensionless),
                   data_storage_duration=SourceValue(2 * u.year), base_storage_need=SourceValue(10 * u.TB_stored),
                   lifespan=SourceValue(6 * u.year))


def _job(name, server, transferred_mb, stored_mb, duration, cores, ram_mb):
    from efootprint.abstract_modeling_classes.source_objects import SourceValue
    from efootprint.constants.units import u
    from efootprint.core.usage.job import Job

    return Job(name, server=server, data_transferred=SourceValue(transferred_mb * u.MB),
               data_stored=SourceValue(stored_mb * u.MB_stored), request_duration=SourceValue(duration),
               compute_needed=SourceValue(cores * u.cpu_core), ram_needed=SourceValue(ram_mb * u.MB_ram))


def build_streaming(hours: int = HOURS):
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

    server = _server("video server", _storage("SSD storage"))
    video = VideoStreaming("streaming service", server=server,
                           base_ram_consumption=SourceValue(2 * u.GB_ram), bits_per_pixel=SourceValue(0.1 * u.bit),
                           static_delivery_cpu_cost=SourceValue(4 * u.cpu_core / (u.GB / u.s)),
                           ram_buffer_per_user=SourceValue(50 * u.MB_ram))
    hd = VideoStreamingJob("1080p stream", service=video, resolution=SourceObject("1080p (1920 x 1080)"),
                           video_duration=SourceValue(20 * u.min), refresh_rate=SourceValue(30 * u.dimensionless / u.s),
                           data_stored=SourceValue(0 * u.MB_stored))
    uhd = VideoStreamingJob("4K stream", service=video, resolution=SourceObject("4K (3840 x 2160)"),
                            video_duration=SourceValue(90 * u.min), refresh_rate=SourceValue(30 * u.dimensionless / u.s),
                            data_stored=SourceValue(0 * u.MB_stored))
    upload = _job("video upload", server, 20, 20, 2 * u.s, 1, 50)
    watch = UsageJourneyStep("watch 20 min", user_time_spent=SourceValue(20 * u.min), jobs=[hd])
    capture = UsageJourneyStep("capture and upload", user_time_spent=SourceValue(70 * u.s), jobs=[upload])
    binge = UsageJourneyStep("binge 90 min", user_time_spent=SourceValue(90 * u.min), jobs=[uhd])
    casual_journey = UsageJourney("casual", uj_steps=[watch, capture])
    binge_journey = UsageJourney("binge", uj_steps=[binge])
    pattern = UsagePattern("households", {casual_journey: 0.7, binge_journey: 0.3}, [Device.laptop()],
                           Network.wifi_network(), Countries.FRANCE(), _starts(hours))
    return System("System", usage_patterns=[pattern], edge_usage_patterns=[])


def build_genai(hours: int = HOURS):
    from efootprint.abstract_modeling_classes.source_objects import SourceObject, SourceValue
    from efootprint.builders.external_apis.ecologits.ecologits_external_api import (
        EcoLogitsGenAIExternalAPI,
        EcoLogitsGenAIExternalAPIJob,
    )
    from efootprint.constants.countries import Countries
    from efootprint.constants.units import u
    from efootprint.core.hardware.device import Device
    from efootprint.core.hardware.network import Network
    from efootprint.core.system import System
    from efootprint.core.usage.usage_journey import UsageJourney
    from efootprint.core.usage.usage_journey_step import UsageJourneyStep
    from efootprint.core.usage.usage_pattern import UsagePattern

    server = _server("web server", _storage("SSD storage"))
    web = _job("web request", server, 0.5, 0.01, 1 * u.s, 0.1, 50)
    api = EcoLogitsGenAIExternalAPI("openai gpt-4o-mini", provider=SourceObject("openai"),
                                    model_name=SourceObject("gpt-4o-mini"))
    answer = EcoLogitsGenAIExternalAPIJob("assistant answer", external_api=api,
                                          output_token_count=SourceValue(400 * u.dimensionless))
    ask = UsageJourneyStep("ask the assistant", user_time_spent=SourceValue(2 * u.min), jobs=[web, answer])
    read = UsageJourneyStep("read the answer", user_time_spent=SourceValue(3 * u.min), jobs=[web])
    journey = UsageJourney("assistant session", uj_steps=[ask, read])
    pattern = UsagePattern("mobile users", [journey], [Device.smartphone()], Network.mobile_network(),
                           Countries.FRANCE(), _starts(hours) * SourceValue(0.1 * u.dimensionless))
    return System("System", usage_patterns=[pattern], edge_usage_patterns=[])


def figures(system) -> dict:
    from efootprint.constants.units import u
    from efootprint.core.attribution import footprint_per_node_per_source
    from efootprint.core.lifecycle_phases import LifeCyclePhases
    from efootprint.core.usage.job import JobBase

    def kg(value) -> float:
        total = value.sum()
        return float(total.value.to(u.kg).magnitude) if hasattr(total, "value") and total.value is not None else 0.0

    fabrication = system.total_manufacturing_footprint_sum_over_period
    energy = system.total_use_footprint_sum_over_period
    categories = {name: {"fabrication": float(fabrication[name].value.to(u.kg).magnitude),
                         "energy": float(energy[name].value.to(u.kg).magnitude)}
                  for name in ("Servers", "Storage", "ExternalAPIs", "Network", "Devices")}
    by_job = {}
    for phase, key in ((LifeCyclePhases.MANUFACTURING, "fabrication"), (LifeCyclePhases.USE, "energy")):
        for (source, job), value in footprint_per_node_per_source(system, JobBase, phase).items():
            row = by_job.setdefault(job.name, {}).setdefault(source.name, {"fabrication": 0.0, "energy": 0.0})
            row[key] += kg(value)
    server = next(iter(system.servers), None)
    details = {}
    if server is not None:
        details = {"server_peak_instances": float(server.nb_of_instances.max().value.magnitude),
                   "server_occupied_ram_gb": float(server.occupied_ram_per_instance.value.to(u.GB_ram).magnitude),
                   "server_available_ram_gb": float(server.available_ram_per_instance.value.to(u.GB_ram).magnitude)}
    return {"categories": categories, "total_kg": float(system.total_footprint.sum().value.to(u.kg).magnitude),
            "by_job_and_source": by_job, **details}


def main() -> None:
    import efootprint

    started = time.perf_counter()
    out = {"_about": "efootprint 27.0.0 reference figures (kg CO2e over 26,280 h) written by "
                     "benchmarks/efootprint_issue14.py; categories x phases and per-(job, source) "
                     "attributed footprints (efootprint.core.attribution.footprint_per_node_per_source)",
           "efootprint_version": efootprint.__version__ if hasattr(efootprint, "__version__") else "27.0.0"}
    try:
        import ecologits

        out["ecologits_version"] = getattr(ecologits, "__version__", "?")
    except ImportError:
        pass
    out["streaming"] = figures(build_streaming())
    out["genai"] = figures(build_genai())
    text = json.dumps(out, indent=1, sort_keys=True)
    if "--print" in sys.argv:
        print(text)
    else:
        FIXTURE.parent.mkdir(parents=True, exist_ok=True)
        FIXTURE.write_text(text + "\n")
        print(f"wrote {FIXTURE} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()

"""Generate the efootprint-written model files that tests/interop opens (run once, commit the output).

efootprint is AGPL: it is never a dependency of footprintlab and none of its code is copied. This
script runs in its own environment (efootprint 27 needs Python >= 3.12) and only calls efootprint's
public API to build systems and write them with ``system_to_json``:

    /path/to/efootprint-venv/bin/python benchmarks/make_efootprint_fixtures.py [OUT_DIR]

OUT_DIR defaults to tests/interop/data. For each shape it writes ``NAME.efp.json`` (efootprint's
own file) and adds efootprint's figures for it to ``expected.json``: total, category × phase and
per-object footprints over the modelling period, in kg (what the tests compare ours against).

Shapes:
- quickstart_inputs: the seed quickstart (one year) saved without computed state;
- quickstart_computed: the same over 60 days saved with its computed state and calculation graph;
- multi: two usage patterns in two countries (one in New York), one pattern with two weighted
  journeys, a step repeated 2 times per journey, jobs 3 and 0.5 times per step, a serverless
  server, an on-premise server with fixed instances, a GPU server with a GPU job, an HDD with a
  fixed number of instances, smartphone + laptop, mobile network, hourly starts from the web
  interface's form inputs (initial volume and growth rate);
- services: the quickstart plus a VideoStreaming service with a VideoStreamingJob, an EcoLogits
  GenAI external API with its job and an edge-free BoaviztaCloudServer (what footprintlab does not
  model: tests load it with partial=True).
"""
from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

from efootprint.abstract_modeling_classes.source_objects import SourceValue
from efootprint.api_utils.system_to_json import system_to_json
from efootprint.builders.time_builders import (
    daily_fluct_hourly_values,
    linear_growth_hourly_values,
    sinusoidal_fluct_hourly_values,
)
from efootprint.builders.timeseries.explainable_hourly_quantities_from_form_inputs import (
    ExplainableHourlyQuantitiesFromFormInputs,
)
from efootprint.constants.countries import Countries, country_generator, tz
from efootprint.constants.units import u
from efootprint.core.hardware.device import Device
from efootprint.core.hardware.gpu_server import GPUServer
from efootprint.core.hardware.network import Network
from efootprint.core.hardware.server import Server, ServerTypes
from efootprint.core.hardware.storage import Storage
from efootprint.core.system import System
from efootprint.core.usage.job import GPUJob, Job
from efootprint.core.usage.usage_journey import UsageJourney
from efootprint.core.usage.usage_journey_step import UsageJourneyStep
from efootprint.core.usage.usage_pattern import UsagePattern

START = datetime(2025, 1, 1)


def quickstart_starts(hours: int):
    span = hours * u.hour
    return (linear_growth_hourly_values(span, 5000, 100000, START)
            + sinusoidal_fluct_hourly_values(span, 3000, 3 * 30 * 24, START)) * daily_fluct_hourly_values(
        span, 0.8, 4, START)


def quickstart_server(name="server", storage=None, server_type=None):
    return Server(name, server_type=server_type or ServerTypes.autoscaling(),
                  carbon_footprint_manufacturing=SourceValue(600 * u.kg), power=SourceValue(300 * u.W),
                  lifespan=SourceValue(6 * u.year), idle_power=SourceValue(50 * u.W), ram=SourceValue(128 * u.GB_ram),
                  compute=SourceValue(24 * u.cpu_core), power_usage_effectiveness=SourceValue(1.2 * u.dimensionless),
                  average_carbon_intensity=SourceValue(100 * u.g / u.kWh),
                  utilization_rate=SourceValue(0.9 * u.dimensionless),
                  base_ram_consumption=SourceValue(300 * u.MB_ram),
                  base_compute_consumption=SourceValue(2 * u.cpu_core),
                  storage=storage or Storage("SSD storage", storage_capacity=SourceValue(1 * u.TB_stored),
                                             carbon_footprint_manufacturing_per_storage_capacity=SourceValue(
                                                 160 * u.kg / u.TB_stored),
                                             data_replication_factor=SourceValue(3 * u.dimensionless),
                                             data_storage_duration=SourceValue(2 * u.year),
                                             base_storage_need=SourceValue(100 * u.TB_stored),
                                             lifespan=SourceValue(6 * u.year)))


def w(value):
    """A weight of a weighted dict (times per step, times per journey, journeys per occurrence)."""
    return SourceValue(value * u.dimensionless)


def job(name, server, transferred, stored, duration, cls=Job, compute=1 * u.cpu_core, ram=50 * u.MB_ram):
    return cls(name, server=server, data_transferred=SourceValue(transferred * u.MB),
               data_stored=SourceValue(stored * u.MB_stored), request_duration=SourceValue(duration),
               compute_needed=SourceValue(compute), ram_needed=SourceValue(ram))


def quickstart_patterns(hours: int):
    server = quickstart_server()
    streaming = job("streaming", server, 800.05, 0.05, 4 * u.min)
    upload = job("video upload", server, 20, 20, 2 * u.s)
    steps = [UsageJourneyStep("20 min streaming", user_time_spent=SourceValue(20 * u.min), jobs=[streaming]),
             UsageJourneyStep("70 s capture and upload", user_time_spent=SourceValue(70 * u.s), jobs=[upload])]
    journey = UsageJourney("Mean video consumption", uj_steps=steps)
    return [UsagePattern("Daily video streaming consumption", [journey], [Device.laptop()], Network.wifi_network(),
                         Countries.FRANCE(), quickstart_starts(hours))]


def quickstart(hours: int) -> System:
    return System("System", usage_patterns=quickstart_patterns(hours), edge_usage_patterns=[])


def multi() -> System:
    hdd = Storage.hdd("HDD archive", fixed_nb_of_instances=SourceValue(5000 * u.concurrent),
                      data_storage_duration=SourceValue(1 * u.year), base_storage_need=SourceValue(10 * u.TB_stored))
    web = quickstart_server("web server", server_type=ServerTypes.serverless(),
                            storage=Storage.ssd("SSD cache", data_storage_duration=SourceValue(3 * u.month)))
    onprem = quickstart_server("on-premise server", storage=hdd, server_type=ServerTypes.on_premise())
    onprem.fixed_nb_of_instances = SourceValue(3000 * u.concurrent)
    gpu = GPUServer.from_defaults("GPU server", server_type=ServerTypes.autoscaling(),
                                  storage=Storage.ssd("GPU server SSD"))
    page = job("page view", web, 2, 0, 1 * u.s, ram=20 * u.MB_ram)
    search = job("search", onprem, 0.5, 0.01, 3 * u.s, compute=0.5 * u.cpu_core, ram=200 * u.MB_ram)
    archive = job("archive upload", onprem, 30, 30, 10 * u.s)
    infer = job("image generation", gpu, 1, 1, 8 * u.s, cls=GPUJob, compute=1 * u.gpu, ram=10 * u.GB_ram)
    browse = UsageJourneyStep("browse", user_time_spent=SourceValue(2 * u.min), jobs={page: w(3), search: w(0.5)})
    upload = UsageJourneyStep("upload", user_time_spent=SourceValue(40 * u.s), jobs=[archive])
    generate = UsageJourneyStep("generate an image", user_time_spent=SourceValue(1 * u.min), jobs=[infer, page])
    shop = UsageJourney("shop", uj_steps={browse: w(2), upload: w(1)})
    create = UsageJourney("create", uj_steps=[browse, generate])
    mobile_starts = ExplainableHourlyQuantitiesFromFormInputs(
        form_inputs={"start_date": "2025-01-01", "modeling_duration_value": 1, "modeling_duration_unit": "year",
                     "initial_volume": 2_000_000, "initial_volume_unit": "occurrence",
                     "initial_volume_timespan": "month", "net_growth_rate_in_percentage": 15,
                     "net_growth_rate_timespan": "year"}, label="hourly occurrences")
    mobile = UsagePattern("mobile users", {shop: w(1), create: w(0.25)}, [Device.smartphone()],
                          Network.mobile_network(), Countries.FRANCE(), mobile_starts)
    usa = country_generator("United States", "USA", SourceValue(380 * u.g / u.kWh), tz("America/New_York"))()
    desktop_starts = linear_growth_hourly_values(365 * 24 * u.hour, 1000, 3000, START)
    desktop = UsagePattern("desktop users", [create], [Device.laptop(), Device.screen()], Network.wifi_network(),
                           usa, desktop_starts)
    return System("Shop and create", usage_patterns=[mobile, desktop], edge_usage_patterns=[])


def services() -> System:
    from efootprint.builders.external_apis.ecologits.ecologits_external_api import (
        EcoLogitsGenAIExternalAPI,
        EcoLogitsGenAIExternalAPIJob,
    )
    from efootprint.builders.hardware.boavizta_cloud_server import BoaviztaCloudServer
    from efootprint.builders.services.video_streaming import VideoStreaming, VideoStreamingJob

    patterns = quickstart_patterns(60 * 24)
    journey = next(iter(patterns[0].usage_journeys))
    server = list(journey.uj_steps)[0].jobs and next(iter(list(journey.uj_steps)[0].jobs)).server
    streaming = VideoStreaming.from_defaults("Video streaming service", server=server)
    video_job = VideoStreamingJob.from_defaults("1 h of video", service=streaming)
    api = EcoLogitsGenAIExternalAPI.from_defaults("GenAI API")
    prompt = EcoLogitsGenAIExternalAPIJob.from_defaults("summary prompt", external_api=api)
    cloud = BoaviztaCloudServer.from_defaults("cloud server", storage=Storage.ssd("cloud SSD"))
    cloud_job = job("cloud job", cloud, 1, 0, 1 * u.s)
    extra = UsageJourneyStep("watch and ask", user_time_spent=SourceValue(5 * u.min),
                             jobs=[video_job, prompt, cloud_job])
    journey.uj_steps = {**{step: w(1) for step in journey.uj_steps}, extra: w(1)}
    return System("System with services", usage_patterns=patterns, edge_usage_patterns=[])


def figures(system) -> dict:
    """efootprint's own figures (kg over the modelling period)."""
    def kg(value):
        total = value.sum() if hasattr(value, "sum") else value
        return float(total.to(u.kg).magnitude) if hasattr(total, "to") else 0.0

    categories = {}
    for category, objs in system.manufacturing_footprints.items():
        categories.setdefault(category, {})["fabrication"] = sum(kg(v) for v in objs.values())
    for category, objs in system.use_footprints.items():
        categories.setdefault(category, {})["energy"] = sum(kg(v) for v in objs.values())
    objects = []
    for category, objs in system.manufacturing_footprints.items():
        uses = system.use_footprints[category]
        for obj in dict.fromkeys([*objs, *uses]):
            objects.append({"category": category, "class": obj.class_as_simple_str, "name": obj.name,
                            "fabrication": kg(objs[obj]) if obj in objs else 0.0,
                            "energy": kg(uses[obj]) if obj in uses else 0.0})
    return {"total": kg(system.total_footprint), "categories": categories, "objects": objects}


SHAPES = {
    "quickstart_inputs": (lambda: quickstart(365 * 24), False),
    "quickstart_computed": (lambda: quickstart(60 * 24), True),
    "multi": (multi, False),
    "services": (services, False),
}


def main(out_dir: Path) -> None:
    import efootprint

    out_dir.mkdir(parents=True, exist_ok=True)
    expected = {"efootprint_version": efootprint.__version__, "unit": "kg CO2e", "files": {}}
    for name, (build, computed) in SHAPES.items():
        system = build()
        expected["files"][f"{name}.efp.json"] = figures(system)
        system_to_json(system, str(out_dir / f"{name}.efp.json"), indent=1, save_computed_state=computed)
        print(f"{name}: {expected['files'][f'{name}.efp.json']['total']:,.0f} kg")
    (out_dir / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    default = Path(__file__).resolve().parent.parent / "tests" / "interop" / "data"
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)


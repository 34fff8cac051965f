"""Model benchmark on the four scales of the model issue; prints a table (medians).

Scales: (a) quickstart, 26,280 h; (b) 10 usage patterns, 3-step journeys, 2 shared servers;
(c) 50 such patterns; (d) quickstart over 87,600 h; (e) services and weighted journeys: 20 patterns
each mixing a casual journey (an upload, then a 1080p stream; weight 0.7) and a binge journey (a
4K stream; weight 0.3), on 2 servers each with a VideoStreaming service, 26,280 h. Each scale runs in its own process so that
peak RSS is its own. Baseline: efootprint 27 medians measured on this machine (from the issue);
set FOOTPRINTLAB_EFOOTPRINT_PYTHON to a Python with efootprint 27 (it needs Python >= 3.12) to run
``efootprint_side.py`` on the same scales in the same run; the ratios then use those live figures.
"""
from __future__ import annotations

import gc
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _table import print_table  # noqa: E402

EFOOTPRINT_27 = {  # medians measured here with efootprint 27.0.0 (ms; RSS MiB)
    "a": {"build": 34, "numeric": 2.4, "structural": 43, "rss": 163},
    "b": {"build": 314, "numeric": 12, "structural": 60, "rss": 222},
    "c": {"build": 1464, "numeric": 106, "structural": 192, "rss": 433},
    "d": {"build": 77, "numeric": 3.4, "structural": 41, "rss": 200},
    "e": None,  # no issue median: compared with the live efootprint run only
}
RUNS = 7
EFOOTPRINT_PYTHON = os.environ.get("FOOTPRINTLAB_EFOOTPRINT_PYTHON")


def build_scale(scale: str):
    import footprintlab as fl
    from footprintlab import u
    from footprintlab.model.quickstart import hourly_starts

    if scale == "a":
        return fl.quickstart()
    if scale == "d":
        return fl.quickstart(87_600)
    if scale == "e":
        return build_services_scale()
    n_patterns = 10 if scale == "b" else 50
    servers = [fl.Server(f"server {i}", carbon_footprint_fabrication=600 * u.kg, power=300 * u.W, lifespan=6 * u.year,
                         idle_power=50 * u.W, ram=128 * u.GB, compute=24 * u.cpu_core, power_usage_effectiveness=1.2,
                         average_carbon_intensity=100 * u.g / u.kWh, utilization_rate=0.9,
                         base_ram_consumption=300 * u.MB, base_compute_consumption=2 * u.cpu_core,
                         storage=fl.Storage.ssd(f"storage {i}"))
               for i in range(2)]  # one storage per server, as efootprint requires
    starts = hourly_starts()
    patterns = []
    network = fl.Network.wifi()
    country = fl.Countries.FRANCE()
    for p in range(n_patterns):
        steps = []
        for s in range(3):
            job = fl.Job(f"job {p}-{s}", server=servers[s % 2], data_upload=0.05 * u.MB, data_download=800 * u.MB,
                         data_stored=0.05 * u.MB, request_duration=4 * u.min, compute_needed=1 * u.cpu_core,
                         ram_needed=50 * u.MB)
            steps.append(fl.UsageJourneyStep(f"step {p}-{s}", user_time_spent=5 * u.min, jobs=[job]))
        journey = fl.UsageJourney(f"journey {p}", steps=steps)
        patterns.append(fl.UsagePattern(f"pattern {p}", usage_journey=journey, devices=[fl.Device.laptop()],
                                        network=network, country=country, hourly_usage_journey_starts=starts * (1 / n_patterns)))
    return fl.System("System", usage_patterns=patterns)


def build_services_scale(n_patterns: int = 20):
    """Scale (e): services and weighted journeys (see the module doc)."""
    import footprintlab as fl
    from footprintlab import u
    from footprintlab.model.quickstart import hourly_starts

    servers = [fl.Server(f"server {i}", carbon_footprint_fabrication=600 * u.kg, power=300 * u.W, lifespan=6 * u.year,
                         idle_power=50 * u.W, ram=128 * u.GB, compute=24 * u.cpu_core, power_usage_effectiveness=1.2,
                         average_carbon_intensity=100 * u.g / u.kWh, utilization_rate=0.9,
                         base_ram_consumption=300 * u.MB, base_compute_consumption=2 * u.cpu_core,
                         storage=fl.Storage.ssd(f"storage {i}", power=0 * u.W))
               for i in range(2)]
    services = [fl.VideoStreaming(f"streaming {i}", server=server) for i, server in enumerate(servers)]
    starts = hourly_starts()
    network, country = fl.Network.wifi(), fl.Countries.FRANCE()
    patterns = []
    for p in range(n_patterns):
        service, server = services[p % 2], servers[p % 2]
        upload = fl.Job(f"upload {p}", server=server, data_upload=20 * u.MB, data_download=0 * u.MB,
                        data_stored=20 * u.MB, request_duration=2 * u.s, compute_needed=1 * u.cpu_core,
                        ram_needed=50 * u.MB)
        hd = fl.VideoStreamingJob(f"1080p {p}", service=service, video_duration=20 * u.min)
        uhd = fl.VideoStreamingJob(f"4K {p}", service=service, resolution="4K (3840 x 2160)", video_duration=90 * u.min)
        casual = fl.UsageJourney(f"casual {p}", steps=[
            fl.UsageJourneyStep(f"upload {p}", user_time_spent=70 * u.s, jobs=[upload]),
            fl.UsageJourneyStep(f"watch {p}", user_time_spent=20 * u.min, jobs=[hd])])
        binge = fl.UsageJourney(f"binge {p}", steps=[
            fl.UsageJourneyStep(f"binge {p}", user_time_spent=90 * u.min, jobs=[uhd])])
        patterns.append(fl.UsagePattern(f"pattern {p}", usage_journeys={casual: 0.7, binge: 0.3},
                                        devices=[fl.Device.laptop()], network=network, country=country,
                                        hourly_usage_journey_starts=starts * (1 / n_patterns)))
    return fl.System("System", usage_patterns=patterns)


def median(samples):
    samples = sorted(samples)
    return samples[len(samples) // 2]


def run_scale(scale: str) -> dict:
    import footprintlab as fl
    from footprintlab import u

    builds = []
    system = None
    for _ in range(5):
        system = None
        gc.collect()
        start = time.perf_counter()
        system = build_scale(scale)
        system.total_footprint
        builds.append(time.perf_counter() - start)
    job = system.jobs()[0]
    numeric = []
    for k in range(RUNS):
        start = time.perf_counter()
        job.data_download = (500 if k % 2 == 0 else 800) * u.MB
        system.total_footprint
        numeric.append(time.perf_counter() - start)
    server_side = []
    for k in range(RUNS):
        start = time.perf_counter()
        job.compute_needed = (0.5 if k % 2 == 0 else 1) * u.cpu_core
        system.total_footprint
        server_side.append(time.perf_counter() - start)
    structural = []
    journey = system.usage_patterns[0].usage_journeys[0]
    original = list(journey.steps)
    for k in range(RUNS):
        big = fl.Server(f"new server {k}", carbon_footprint_fabrication=1000 * u.kg, power=6400 * u.W,
                        lifespan=6 * u.year, idle_power=1000 * u.W, ram=256 * u.GB, compute=16 * u.cpu_core,
                        power_usage_effectiveness=1.2, average_carbon_intensity=100 * u.g / u.kWh,
                        utilization_rate=0.9, storage=fl.Storage.ssd(f"new storage {k}"))
        new_job = fl.Job(f"new job {k}", server=big, data_upload=1 * u.MB, data_download=1 * u.MB,
                         data_stored=0 * u.MB, request_duration=10 * u.s, compute_needed=1 * u.cpu_core,
                         ram_needed=100 * u.MB)
        step = fl.UsageJourneyStep(f"new step {k}", user_time_spent=1 * u.min, jobs=[new_job])
        start = time.perf_counter()
        journey.steps = [*original, step]
        system.total_footprint
        structural.append(time.perf_counter() - start)
        journey.steps = original
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # one model, after all changes
    io = []
    for _ in range(3):
        start = time.perf_counter()
        text = system.to_json()
        fl.load(text).total_footprint
        io.append(time.perf_counter() - start)
        gc.collect()
    return {"build": median(builds) * 1000, "numeric": median(numeric) * 1000,
            "server": median(server_side) * 1000, "structural": median(structural) * 1000,
            "json": median(io) * 1000, "rss": rss_mib, "total_kg": system.total_footprint.m_as(u.kg)}


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--scale":
        print(json.dumps(run_scale(sys.argv[2])))
        return
    rows, live_rows = [], []
    for scale, label in (("a", "quickstart 26,280 h"), ("b", "10 patterns"), ("c", "50 patterns"),
                         ("d", "quickstart 87,600 h"), ("e", "20 patterns, services, weighted journeys")):
        out = subprocess.run([sys.executable, __file__, "--scale", scale], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        ref = EFOOTPRINT_27[scale]
        if ref is None and not EFOOTPRINT_PYTHON:
            rows.append([f"({scale}) {label}", r["build"], "n/a", r["numeric"], "n/a", r["server"],
                         r["structural"], "n/a", r["json"], r["rss"], "n/a"])
            continue
        if EFOOTPRINT_PYTHON:
            live = subprocess.run([EFOOTPRINT_PYTHON, str(Path(__file__).with_name("efootprint_side.py")), scale],
                                  capture_output=True, text=True, check=True)
            ref = json.loads(live.stdout.strip().splitlines()[-1])
            live_rows.append([f"({scale}) {label}", ref["build"], ref["numeric"], ref["server"], ref["structural"],
                              ref["json"], ref["rss"]])
        rows.append([f"({scale}) {label}", r["build"], f"{r['build'] / ref['build']:.2f}x", r["numeric"],
                     f"{r['numeric'] / ref['numeric']:.2f}x", r["server"], r["structural"],
                     f"{r['structural'] / ref['structural']:.2f}x", r["json"], r["rss"],
                     f"{r['rss'] / ref['rss']:.2f}x"])
    print_table("footprintlab model (ms, MiB; ratios vs efootprint 27: the live run below if "
                "FOOTPRINTLAB_EFOOTPRINT_PYTHON is set, else the issue's medians)",
                ["scale", "build+total", "vs ef27", "numeric chg", "vs ef27", "server chg", "structural",
                 "vs ef27", "JSON save+load", "peak RSS", "vs ef27"], rows)
    if live_rows:
        print_table("efootprint 27 in the same run (ms, MiB)",
                    ["scale", "build+total", "numeric chg", "server chg", "structural", "JSON save+load",
                     "peak RSS"], live_rows)
    print("\nTargets: build <= 0.3x, numeric change <= 0.2x (and <= 10 ms at 50 patterns), "
          "structural <= 0.1x, peak RSS <= 0.3x.")


if __name__ == "__main__":
    main()

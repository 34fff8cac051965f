"""Round trip with efootprint 27: footprintlab writes efootprint files, efootprint loads and computes them.

Two halves, two Pythons (efootprint is AGPL-3.0: it is run here in its own environment, never
imported by footprintlab or its tests, and none of its code is copied):

    python benchmarks/efootprint_roundtrip.py [--efootprint-python /tmp/efvenv/bin/python] [--write-fixture]

1. (footprintlab's Python) builds three models — the quickstart (efootprint's conventions, 3 years),
   the ``multi`` fixture model (read from tests/interop/data/multi.efp.json) and a services and
   weighted-journeys model (``services_model`` below) — writes each with
   ``system.to_efootprint_json`` into a temporary folder and computes footprintlab's totals;
2. (efootprint's Python, ``--efootprint-side DIR``) loads every file with efootprint's
   ``json_to_system`` and prints efootprint's total and category × phase figures as JSON;
3. prints both side by side and fails (exit 1) if a total differs by more than 0.5 %.

``--write-fixture`` writes tests/interop/data/roundtrip_expected.json: both sets of figures and the
written files' structure (objects per class, keys per class), which tests/interop/test_efootprint_write.py
checks our writer still produces. The efootprint Python defaults to $FOOTPRINTLAB_EFOOTPRINT_PYTHON or
/tmp/efvenv/bin/python.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "interop" / "data" / "roundtrip_expected.json"
TOLERANCE = 0.005
QUICKSTART_HOURS = 26_280
SERVICES_HOURS = 8_760


# --- footprintlab side -----------------------------------------------------------------------------
def services_model(hours: int = SERVICES_HOURS):
    """A video platform with a VideoStreaming service, a generic web service, a GenAI assistant and
    weighted journeys (casual 0.7, binge 0.3), a page job twice per step and a step twice per
    journey (efootprint 27's conventions: storage without power, France at 44 g/kWh)."""
    import footprintlab as fl
    from footprintlab import Sources, SourceValue, u
    from footprintlab.model.quickstart import hourly_starts

    def storage(name):
        return fl.Storage(name, carbon_footprint_fabrication=160 * u.kg, power=0 * u.W, lifespan=6 * u.year,
                          storage_capacity=1 * u.TB, power_usage_effectiveness=1.2,
                          average_carbon_intensity=100 * u.g / u.kWh, data_replication_factor=3,
                          data_storage_duration=2 * u.year, base_storage_need=10 * u.TB)

    def server(name, store):
        return fl.Server(name, carbon_footprint_fabrication=600 * u.kg, power=300 * u.W, lifespan=6 * u.year,
                         idle_power=50 * u.W, ram=128 * u.GB, compute=24 * u.cpu_core,
                         power_usage_effectiveness=1.2, average_carbon_intensity=100 * u.g / u.kWh,
                         utilization_rate=0.9, base_ram_consumption=300 * u.MB,
                         base_compute_consumption=2 * u.cpu_core, storage=store)

    france = fl.Countries.FRANCE()
    france.average_carbon_intensity = SourceValue(44 * u.g / u.kWh, Sources.HYPOTHESIS,
                                                  comment="efootprint 27's France value")
    video_server = server("video server", storage("video SSD"))
    app_server = server("app server", storage("app SSD"))
    video = fl.VideoStreaming("streaming service", server=video_server)
    web = fl.Service("web application", server=app_server, base_ram_consumption=1 * u.GB,
                     base_compute_consumption=0.5 * u.cpu_core)
    hd = fl.VideoStreamingJob("1080p stream", service=video, video_duration=20 * u.min)
    uhd = fl.VideoStreamingJob("4K stream", service=video, resolution="4K (3840 x 2160)", video_duration=90 * u.min)
    upload = fl.Job("video upload", server=video_server, data_upload=20 * u.MB, data_download=0 * u.MB,
                    data_stored=20 * u.MB, request_duration=2 * u.s, compute_needed=1 * u.cpu_core,
                    ram_needed=50 * u.MB)
    page = fl.ServiceJob("page view", service=web, data_upload=0.05 * u.MB, data_download=2 * u.MB,
                         data_stored=0 * u.MB, request_duration=0.5 * u.s, compute_needed=0.2 * u.cpu_core,
                         ram_needed=100 * u.MB)
    answer = fl.GenAIJob("assistant answer", api=fl.GenAIExternalAPI("LLM", provider="openai", model="gpt-4o-mini"),
                         output_tokens=400)
    browse = fl.UsageJourneyStep("browse", user_time_spent=1 * u.min, jobs=[page, page])
    watch = fl.UsageJourneyStep("watch 20 min", user_time_spent=20 * u.min, jobs=[hd])
    capture = fl.UsageJourneyStep("capture and upload", user_time_spent=70 * u.s, jobs=[upload])
    ask = fl.UsageJourneyStep("ask the assistant", user_time_spent=2 * u.min, jobs=[answer, page])
    binge_step = fl.UsageJourneyStep("binge 90 min", user_time_spent=90 * u.min, jobs=[uhd])
    casual = fl.UsageJourney("casual", steps=[browse, browse, watch, capture, ask])
    binge = fl.UsageJourney("binge", steps=[browse, binge_step])
    households = fl.UsagePattern("households", usage_journeys={casual: 0.7, binge: 0.3},
                                 devices=[fl.Device.laptop()], network=fl.Network.wifi("Default wifi network"),
                                 country=france, hourly_usage_journey_starts=hourly_starts(hours))
    return fl.System("Services and weighted journeys", usage_patterns=[households])


def models() -> dict:
    """name -> a function building the footprintlab system written for efootprint."""
    import footprintlab as fl
    from footprintlab.model import quickstart

    return {
        "quickstart": lambda: quickstart.build(QUICKSTART_HOURS, efootprint_conventions=True),
        "multi": lambda: fl.load(ROOT / "tests" / "interop" / "data" / "multi.efp.json"),
        "services": services_model,
    }


def our_figures(system) -> dict:
    from footprintlab.model.system import EXTERNAL_APIS

    frame = system.footprints_by_category()
    categories = {("ExternalAPIs" if category == EXTERNAL_APIS else category):
                  {"fabrication": float(row["fabrication"]), "energy": float(row["energy"])}
                  for category, row in frame.iterrows() if category != "Total"}
    return {"total": float(system.total_footprint.value.m_as("kg")), "categories": categories}


def structure(data: dict) -> dict:
    """Objects per class and the keys of each class in a written efootprint document."""
    out = {}
    for class_name, block in data.items():
        if class_name in ("efootprint_version", "Sources"):
            continue
        keys = sorted({key for item in block.values() for key in item})
        out[class_name] = {"objects": len(block), "keys": keys}
    return out


# --- efootprint side (runs under efootprint's Python) ------------------------------------------------
def efootprint_side(folder: Path) -> dict:
    from efootprint.api_utils.json_to_system import json_to_system

    def kg(value):
        total = value.sum() if hasattr(value, "sum") else value
        return float(total.to("kg").magnitude) if hasattr(total, "to") else 0.0

    results = {}
    for path in sorted(folder.glob("*.efp.json")):
        class_obj_dict, _, _ = json_to_system(json.loads(path.read_text()))
        system = next(iter(class_obj_dict["System"].values()))
        categories = {}
        for category, objs in system.manufacturing_footprints.items():
            categories.setdefault(category, {})["fabrication"] = sum(kg(v) for v in objs.values())
        for category, objs in system.use_footprints.items():
            categories.setdefault(category, {})["energy"] = sum(kg(v) for v in objs.values())
        categories = {name: parts for name, parts in categories.items() if any(parts.values())}
        results[path.name[: -len(".efp.json")]] = {"total": kg(system.total_footprint), "categories": categories}
    return results


# --- driver ------------------------------------------------------------------------------------------
def run(efootprint_python: str, write_fixture: bool) -> int:
    import footprintlab

    ours, shapes = {}, {}
    with tempfile.TemporaryDirectory() as folder:
        for name, build in models().items():
            system = build()
            ours[name] = our_figures(system)
            text = system.to_efootprint_json()
            shapes[name] = structure(json.loads(text))
            (Path(folder) / f"{name}.efp.json").write_text(text)
        done = subprocess.run([efootprint_python, __file__, "--efootprint-side", folder], check=True,
                              capture_output=True, text=True)
        theirs = json.loads(done.stdout)
    version = subprocess.run([efootprint_python, "-c", "import efootprint; print(efootprint.__version__)"],
                             check=True, capture_output=True, text=True).stdout.strip()
    failed = False
    print(f"| model | category | phase | footprintlab (kg) | efootprint {version} loading our file (kg) | diff |")
    print("|---|---|---|---:|---:|---:|")
    for name in ours:
        rows = [("total", "", ours[name]["total"], theirs[name]["total"])]
        for category, parts in ours[name]["categories"].items():
            for phase in ("fabrication", "energy"):
                theirs_value = theirs[name]["categories"].get(category, {}).get(phase, 0.0)
                if parts[phase] or theirs_value:
                    rows.append((category, phase, parts[phase], theirs_value))
        for category, phase, a, b in rows:
            diff = (b - a) / a if a else float("inf") if b else 0.0
            failed |= category == "total" and abs(diff) > TOLERANCE
            print(f"| {name} | {category} | {phase} | {a:,.1f} | {b:,.1f} | {diff:+.3%} |")
    if write_fixture:
        fixture = {"efootprint_version": version, "footprintlab_version": footprintlab.__version__,
                   "unit": "kg CO2e", "tolerance": TOLERANCE,
                   "note": "made by benchmarks/efootprint_roundtrip.py --write-fixture",
                   "models": {name: {"footprintlab": ours[name], "efootprint": theirs[name],
                                     "structure": shapes[name]} for name in ours}}
        FIXTURE.write_text(json.dumps(fixture, indent=1) + "\n")
        print(f"wrote {FIXTURE.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--efootprint-side"]:
        json.dump(efootprint_side(Path(args[1])), sys.stdout)
        sys.exit(0)
    python = os.environ.get("FOOTPRINTLAB_EFOOTPRINT_PYTHON", "/tmp/efvenv/bin/python")
    if "--efootprint-python" in args:
        python = args[args.index("--efootprint-python") + 1]
    sys.exit(run(python, "--write-fixture" in args))

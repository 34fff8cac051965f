"""Opening efootprint 27 files: totals within 0.5 % of efootprint's own, conventions, refusals.

The files in data/ were written by efootprint 27.0.0 itself (benchmarks/make_efootprint_fixtures.py,
run in its own environment); data/expected.json holds efootprint's figures for each.
"""
import json
import subprocess
import sys
import warnings
from pathlib import Path

import footprintlab as fl
import pytest
from footprintlab import u
from footprintlab.model.efootprint_json import PartialModelWarning
from footprintlab.model.json_checks import ModelFileError

DATA = Path(__file__).parent / "data"
EXPECTED = json.loads((DATA / "expected.json").read_text())["files"]
TOLERANCE = 0.005
CATEGORIES = ("Servers", "Storage", "Network", "Devices")
COMPLETE = ("quickstart_inputs.efp.json", "quickstart_computed.efp.json", "multi.efp.json")


def _load(name, **options):
    return fl.load(DATA / name, **options)




@pytest.mark.parametrize("name", COMPLETE)
def test_totals_within_half_a_percent_of_efootprint(name):
    system = _load(name)
    reference = EXPECTED[name]
    assert system.total_footprint.m_as(u.kg) == pytest.approx(reference["total"], rel=TOLERANCE)
    table = system.footprints_by_category()
    for category in CATEGORIES:
        for phase in ("fabrication", "energy"):
            assert table.loc[category, phase] == pytest.approx(
                reference["categories"][category][phase], rel=TOLERANCE, abs=1.0), (category, phase)


@pytest.mark.parametrize("name", COMPLETE)
def test_objects_within_half_a_percent_of_efootprint(name):
    system = _load(name)
    ours = system.footprints_by_object().reset_index().set_index("object")
    for row in EXPECTED[name]["objects"]:
        assert ours.loc[row["name"], "fabrication_kg"] == pytest.approx(row["fabrication"], rel=TOLERANCE, abs=1)
        assert ours.loc[row["name"], "energy_footprint_kg"] == pytest.approx(row["energy"], rel=TOLERANCE, abs=1)


def test_inputs_units_and_sources_carried_over():
    system = _load("quickstart_inputs.efp.json")
    assert [p.name for p in system.usage_patterns] == ["Daily video streaming consumption"]
    server, storage = system.servers()[0], system.storages()[0]
    assert server.server_type == "autoscaling"
    assert server.ram.value.m_as(u.GB) == pytest.approx(128)
    assert server.base_ram_consumption.value.m_as(u.MB) == pytest.approx(300)
    assert storage.data_storage_duration.value.m_as(u.h) == pytest.approx(17532)
    # conventions: storage without energy; fabrication per unit = per capacity × capacity
    assert storage.power.value.m_as(u.W) == 0
    assert "convention" in storage.power.source.name
    assert storage.carbon_footprint_fabrication.value.m_as(u.kg) == pytest.approx(160)
    streaming = next(job for job in system.jobs() if job.name == "streaming")
    assert streaming.data_upload.value.m_as(u.MB) == 0
    assert streaming.data_download.value.m_as(u.MB) == pytest.approx(800.05)
    laptop = system.devices()[0]
    assert laptop.carbon_footprint_fabrication.source.name == "Base ADEME_V19"
    assert laptop.carbon_footprint_fabrication.source.link.startswith("https://")
    assert laptop.fraction_of_usage_time.value.m_as(u.dimensionless) == pytest.approx(7 / 24)
    country = system.usage_patterns[0].country
    assert (country.name, country.short_name, country.timezone) == ("France", "FRA", "Europe/Paris")
    assert "confidence: high" in country.average_carbon_intensity.comment
    assert system.usage_patterns[0].hourly_usage_journey_starts.value.values.size == 365 * 24


def test_weights_multiplicities_gpu_and_server_types():
    system = _load("multi.efp.json")
    names = sorted(p.name for p in system.usage_patterns)
    assert names == ["desktop users", "mobile users"]  # one pattern, its journeys weighted
    by_name = {p.name: p for p in system.usage_patterns}
    weighted = {journey.name: weight for journey, weight in by_name["mobile users"].weighted_journeys()}
    assert weighted == {"shop": 1.0, "create": 0.25}
    shop, create = by_name["mobile users"].usage_journeys
    assert (shop.name, create.name) == ("shop", "create")
    steps = {s.name: s for s in shop.steps}
    assert list(steps) == ["browse ×2", "upload"]
    assert steps["browse ×2"].user_time_spent.value.m_as(u.min) == pytest.approx(4)
    jobs = [job.name for job in steps["browse ×2"].jobs]
    assert jobs.count("page view") == 6 and jobs.count("search") == 1  # 3 × 2 and 0.5 × 2
    browse_once = next(s for s in create.steps if s.name == "browse")
    half = next(job for job in browse_once.jobs if job.name.startswith("search"))
    assert half.name == "search ×0.5"
    assert half.compute_needed.value.magnitude == pytest.approx(0.25)
    servers = {s.name: s for s in system.servers()}
    assert servers["web server"].server_type == "serverless"
    assert servers["on-premise server"].fixed_nb_of_instances.value.magnitude == 3000
    gpu = servers["GPU server"]
    assert type(gpu).__name__ == "GPUServer"
    assert gpu.power_per_gpu.value.m_as(u.W) == 400 and gpu.power.value.m_as(u.W) == 1600
    assert gpu.ram.value.m_as(u.GB) == pytest.approx(320)
    # hourly starts from the web interface's form inputs: 2 M the first month, +15 % a year
    starts = by_name["mobile users"].hourly_usage_journey_starts.value.values
    assert starts[: 30 * 24].sum() == pytest.approx(2_000_000, rel=1e-6)
    assert starts.size == 365 * 24


def test_device_energy_of_patterns_sharing_a_country():
    """efootprint's figure for a device used by two journeys of one pattern (one country)."""
    system = _load("multi.efp.json")
    phone = next(d for d in system.devices() if d.name == "Default smartphone")
    reference = next(o for o in EXPECTED["multi.efp.json"]["objects"] if o["name"] == "Default smartphone")
    users_hours = sum(p.journeys_in_parallel.value.values.sum() for p in phone.usage_patterns)
    assert users_hours * 1 * 44 / 1e6 == pytest.approx(reference["energy"], rel=TOLERANCE)  # h × W × g/kWh


def test_services_genai_and_video_are_read():
    """The services file: VideoStreaming, its job and an EcoLogits GenAI API job map to footprintlab's;
    its BoaviztaCloudServer was saved without its computed state, so its hardware (from the Boavizta
    API) is not in the file: named in the error, dropped with partial=True (54 kg of 1.22 kt)."""
    with pytest.raises(ModelFileError) as refused:
        _load("services.efp.json")
    message = str(refused.value)
    assert "BoaviztaCloudServer 'cloud server'" in message and "computed state" in message
    assert "partial=True" in message and "VideoStreaming" not in message
    with pytest.warns(PartialModelWarning) as caught:
        system = _load("services.efp.json", partial=True)
    text = str(caught[0].message)
    assert "BoaviztaCloudServer 'cloud server'" in text and "VideoStreaming" not in text
    jobs = {job.name: job for job in system.jobs()}
    assert set(jobs) == {"streaming", "video upload", "1 h of video", "summary prompt"}  # cloud job dropped
    video = jobs["1 h of video"]
    assert type(video).__name__ == "VideoStreamingJob" and video.resolution == "1080p (1920 x 1080)"
    assert video.service.base_ram_consumption.value.m_as(u.GB) == pytest.approx(2)
    assert video.server.name == "server"
    prompt = jobs["summary prompt"]
    assert type(prompt).__name__ == "GenAIJob"
    assert (prompt.api.provider, prompt.api.model) == ("anthropic", "claude-opus-4-5")
    assert prompt.output_tokens.value.magnitude == 1000
    reference = EXPECTED["services.efp.json"]
    assert system.total_footprint.m_as(u.kg) == pytest.approx(reference["total"], rel=TOLERANCE)
    table = system.footprints_by_category()
    for category, ours in (*((c, c) for c in CATEGORIES), ("ExternalAPIs", "External APIs")):
        for phase in ("fabrication", "energy"):
            assert table.loc[ours, phase] == pytest.approx(
                reference["categories"][category][phase], rel=TOLERANCE, abs=1.0), (category, phase)
    # EcoLogits 0.11.3 at the middle of its ranges, as efootprint 27: the same to 0.001 %
    assert table.loc["External APIs", "energy"] == pytest.approx(
        reference["categories"]["ExternalAPIs"]["energy"], rel=1e-5)


def test_cloud_server_with_its_saved_hardware_is_a_plain_server():
    data = json.loads((DATA / "services.efp.json").read_text())
    cloud = next(iter(data["BoaviztaCloudServer"].values()))
    for key, value, unit in (("carbon_footprint_manufacturing", 1200.0, "kilogram"), ("power", 150.0, "watt"),
                             ("ram", 32.0, "gigabyte_ram"), ("compute", 8.0, "cpu_core")):
        # as efootprint saves computed values (value, unit, label and their explanation)
        cloud[key] = {"value": value, "unit": unit, "label": key, "source": "hypothesis",
                      "explain_nested_tuples": "[]"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        system = fl.load(json.dumps(data))
    server = next(s for s in system.servers() if s.name == "cloud server")
    assert type(server).__name__ == "Server"
    assert server.ram.value.m_as(u.GB) == 32 and server.compute.value.magnitude == 8
    assert server.carbon_footprint_fabrication.value.m_as(u.kg) == 1200
    assert "cloud job" in {job.name for job in system.jobs()}


def test_fractional_genai_calls_are_refused():
    data = json.loads((DATA / "services.efp.json").read_text())
    step = next(s for s in data["UsageJourneyStep"].values() if s["name"] == "watch and ask")
    prompt_id = next(i for i, j in data["EcoLogitsGenAIExternalAPIJob"].items())
    step["jobs"][prompt_id]["value"] = 0.5
    with pytest.raises(ModelFileError, match=r"EcoLogitsGenAIExternalAPIJob.*whole number"):
        fl.load(json.dumps(data), partial=True)


def test_unknown_input_is_named(tmp_path):
    data = json.loads((DATA / "quickstart_inputs.efp.json").read_text())
    job_id, job = next(iter(data["Job"].items()))
    job["energy_per_request"] = {"value": 1, "unit": "watt_hour", "label": "x", "source": "hypothesis"}
    with pytest.raises(ModelFileError, match=rf'\$\.Job\["{job_id}"\]\.energy_per_request: .*not modelled'):
        fl.load(json.dumps(data))
    with pytest.warns(PartialModelWarning, match="energy_per_request"):
        fl.load(json.dumps(data), partial=True)


@pytest.mark.parametrize("mutate, where", [
    (lambda d: d.update(efootprint_version="26.1.0"), r"\$\.efootprint_version"),
    (lambda d: next(iter(d["Job"].values()))["request_duration"].update(unit="parsec"),
     r"\$\.Job\[.*\]\.request_duration\.unit"),
    (lambda d: next(iter(d["Job"].values())).update(server="nope"), r"\$\.Job\[.*\]\.server"),
    (lambda d: next(iter(d["UsagePattern"].values()))["hourly_occurrences"].update(compressed_values="!!"),
     r"\$\.UsagePattern\[.*\]\.hourly_occurrences\.compressed_values"),
    (lambda d: next(iter(d["UsagePattern"].values()))["hourly_occurrences"].update(compressed_values="KLUv"),
     r"\$\.UsagePattern\[.*\]\.hourly_occurrences\.compressed_values"),
    (lambda d: next(iter(d["Server"].values()))["power"].update(value=-3), r"\$\.Server\[.*\]"),
    (lambda d: next(iter(d["Country"].values()))["timezone"].update(zone="Mars/Olympus"),
     r"\$\.Country\[.*\]\.timezone"),
    (lambda d: d.pop("System"), r"\$\.System"),
])
def test_bad_files_name_their_path(mutate, where):
    data = json.loads((DATA / "quickstart_inputs.efp.json").read_text())
    mutate(data)
    with pytest.raises(ModelFileError, match=where):
        fl.load(json.dumps(data))


def test_plain_values_and_utc_series(tmp_path):
    data = json.loads((DATA / "quickstart_inputs.efp.json").read_text())
    pattern = next(iter(data["UsagePattern"].values()))
    pattern["hourly_occurrences"] = {"values": [100.0] * 48, "unit": "occurrence",
                                     "start_date": "2025-01-01 00:00:00", "timezone": "UTC", "label": "x"}
    system = fl.load(json.dumps(data))
    starts = system.usage_patterns[0].utc_journey_starts.value
    assert str(starts.start).startswith("2025-01-01T00")  # given in UTC: kept on the same UTC hours
    assert starts.values.sum() == pytest.approx(4800)


def test_command_line_report_and_dispatch(tmp_path):
    out = subprocess.run([sys.executable, "-m", "footprintlab.cli", "report", str(DATA / "multi.efp.json")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Shop and create" in out.stdout and "Servers" in out.stdout
    out = subprocess.run([sys.executable, "-m", "footprintlab.cli", "report", str(DATA / "services.efp.json")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "BoaviztaCloudServer" in out.stderr


def test_footprintlab_files_still_load():
    system = fl.quickstart(48)
    assert fl.load(system.to_json()).total_footprint.m_as(u.kg) == pytest.approx(system.total_footprint.m_as(u.kg))


def test_no_warning_without_drops():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _load("quickstart_computed.efp.json")

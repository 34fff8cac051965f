"""One test per formula of services, weighted journeys and GenAI calls, on small hand-computable models."""
import json

import footprintlab as fl
import pytest
from footprintlab import Hourly, InputError, RecomputeError, u
from footprintlab.model.genai import ecologits_available
from footprintlab.model.serialization import ModelFileError

needs_ecologits = pytest.mark.skipif(not ecologits_available(),
                                     reason="EcoLogits is not installed (pip install 'footprintlab[genai]')")


def server(name="srv", **overrides):
    inputs = dict(carbon_footprint_fabrication=876.6 * u.kg, power=200 * u.W, lifespan=1 * u.year,
                  idle_power=100 * u.W, ram=10 * u.GB, compute=10 * u.cpu_core, power_usage_effectiveness=2,
                  average_carbon_intensity=500 * u.g / u.kWh, utilization_rate=0.5, base_ram_consumption=1 * u.GB,
                  base_compute_consumption=1 * u.cpu_core)
    inputs.update(overrides)
    return fl.Server(name, **inputs)


def job(name, srv, **overrides):
    inputs = dict(server=srv, data_upload=100 * u.MB, data_download=900 * u.MB, data_stored=0 * u.MB,
                  request_duration=30 * u.min, compute_needed=1 * u.cpu_core, ram_needed=1 * u.GB)
    inputs.update(overrides)
    return fl.Job(name, **inputs)


def pattern(journeys, starts=(10.0, 0.0, 20.0, 0.0)):
    return fl.UsagePattern("pattern", usage_journeys=journeys, devices=[fl.Device.laptop()],
                           network=fl.Network("net", bandwidth_energy_intensity=0.1 * u.kWh / u.GB),
                           country=fl.Country("Testland", average_carbon_intensity=200 * u.g / u.kWh),
                           hourly_usage_journey_starts=Hourly(list(starts), "2025-01-01", u.occurrence))


def vals(value, unit):
    """Values on the hours from 2025-01-01 00:00 UTC (a later start is padded with zeros)."""
    import numpy as np

    inner = value.value
    offset = int((inner.start - np.datetime64("2025-01-01T00", "h")) / np.timedelta64(1, "h"))
    return [0.0] * offset + inner.m_as(unit).tolist()


# --- services ----------------------------------------------------------------------------------------
@pytest.fixture
def video_model():
    srv = server()
    video = fl.VideoStreaming("video", server=srv, base_ram_consumption=1 * u.GB, bits_per_pixel=0.1 * u.bit,
                              static_delivery_cpu_cost=4 * u.cpu_core / (u.GB / u.s), ram_buffer_per_user=50 * u.MB)
    generic = fl.Service("db", server=srv, base_ram_consumption=0.5 * u.GB, base_compute_consumption=0.5 * u.cpu_core)
    stream = fl.VideoStreamingJob("stream", service=video, resolution="720p (1280 x 720)", video_duration=30 * u.min,
                                  refresh_rate=25 * u.dimensionless / u.s)
    query = fl.ServiceJob("query", service=generic, data_upload=1 * u.MB, data_download=1 * u.MB,
                          data_stored=0 * u.MB, request_duration=1 * u.s, compute_needed=0.1 * u.cpu_core,
                          ram_needed=10 * u.MB)
    step = fl.UsageJourneyStep("watch", user_time_spent=30 * u.min, jobs=[stream, query])
    system = fl.System("sys", usage_patterns=[pattern([fl.UsageJourney("j", steps=[step])])])
    return system, srv, video, generic, stream, query


def test_occupied_and_available_resources_include_services(video_model):
    _, srv, *_ = video_model
    assert srv.occupied_ram_per_instance.value.m_as(u.GB) == pytest.approx(1 + 1 + 0.5)  # server + 2 services
    assert srv.occupied_compute_per_instance.value.magnitude == pytest.approx(1 + 0 + 0.5)
    assert srv.available_ram_per_instance.value.m_as(u.GB) == pytest.approx(10 * 0.5 - 2.5)
    assert srv.available_compute_per_instance.value.magnitude == pytest.approx(10 * 0.5 - 1.5)


def test_service_base_exceeding_capacity_is_refused_and_rolled_back(video_model):
    _, srv, video, *_ = video_model
    with pytest.raises(RecomputeError, match=r"available_ram_per_instance: .*services"):
        video.base_ram_consumption = 4 * u.GB
    assert video.base_ram_consumption.value == 1 * u.GB


def test_video_streaming_job_formulas(video_model):
    stream = video_model[4]
    assert stream.pixel_count.value.magnitude == 1280 * 720
    # 921,600 px × 0.1 bit × 25 /s = 2,304,000 bit/s = 0.288 MB/s
    assert stream.dynamic_bitrate.value.m_as(u.MB / u.s) == pytest.approx(0.288)
    assert stream.request_duration.value.m_as(u.min) == 30
    assert stream.data_download.value.m_as(u.MB) == pytest.approx(0.288 * 1800)
    assert stream.compute_needed.value.magnitude == pytest.approx(4 * 0.000288)  # cores/(GB/s) × GB/s
    assert stream.ram_needed.value.m_as(u.MB) == 50


def test_service_jobs_are_server_jobs_and_follow_their_service(video_model):
    system, srv, video, generic, stream, query = video_model
    assert stream.server is srv and query.server is srv
    assert set(srv.jobs) == {stream, query}
    # server RAM need: concurrency × RAM (stream: 10 starts × 0.5 h in hour 0)
    assert vals(srv.hourly_ram_need, u.GB)[0] == pytest.approx(5 * 0.05 + 10 * (1 / 3600) * 0.01)
    other = server("other")
    video.server = other
    assert stream.server is other and query.server is srv
    assert {s.name for s in system.servers()} == {"srv", "other"}
    with pytest.raises(InputError, match="runs on its service's server"):
        stream.server = srv
    stream.service = fl.VideoStreaming("video 2", server=srv)
    assert stream.server is srv


def test_service_job_server_must_be_the_services():
    srv, other = server(), server("other")
    video = fl.VideoStreaming("video", server=srv)
    with pytest.raises(TypeError, match="is not its service's server"):
        fl.VideoStreamingJob("stream", service=video, server=other)


def test_resolution_is_a_choice(video_model):
    stream = video_model[4]
    with pytest.raises(InputError, match="expected one of"):
        stream.resolution = "999p"
    stream.resolution = "4K (3840 x 2160)"
    assert stream.pixel_count.value.magnitude == 3840 * 2160


# --- weighted journeys -------------------------------------------------------------------------------
@pytest.fixture
def weighted():
    srv = server()
    short_job = job("short", srv, request_duration=6 * u.min)
    long_job = job("long", srv, request_duration=6 * u.min)
    short = fl.UsageJourney("short", steps=[fl.UsageJourneyStep("s", user_time_spent=60 * u.min, jobs=[short_job])])
    long = fl.UsageJourney("long", steps=[fl.UsageJourneyStep("l1", user_time_spent=60 * u.min, jobs=[]),
                                          fl.UsageJourneyStep("l2", user_time_spent=60 * u.min, jobs=[long_job])])
    p = pattern({short: 0.5, long: 2})
    system = fl.System("sys", usage_patterns=[p])
    return system, p, short, long, short_job, long_job


def test_journey_weight_values(weighted):
    system, p, short, long, *_ = weighted
    assert p.journey_weights == "0.5, 2"
    assert p.journey_weight_values.value == [0.5, 2.0]
    assert p.weighted_journeys() == [(short, 0.5), (long, 2.0)]
    with pytest.raises(AttributeError, match="runs 2 journeys"):
        p.usage_journey


def test_weighted_journeys_in_parallel_and_journey_starts(weighted):
    _, p, short, long, *_ = weighted
    # short: 1 h, 0.5 each start -> [5, 0, 10, 0]; long: 2 h, 2 each start -> [20, 20, 40, 40]
    assert vals(p.journeys_in_parallel, u.occurrence)[:4] == pytest.approx([25, 20, 50, 40])
    assert vals(short.hourly_starts, u.occurrence) == pytest.approx([5, 0, 10, 0])
    assert vals(long.hourly_starts, u.occurrence) == pytest.approx([20, 0, 40, 0])


def test_weighted_job_starts_and_data_transferred(weighted):
    _, p, short, long, short_job, long_job = weighted
    assert vals(short_job.hourly_starts, u.occurrence)[:4] == pytest.approx([5, 0, 10, 0])
    assert vals(long_job.hourly_starts, u.occurrence)[:4] == pytest.approx([0, 20, 0, 40])  # step 2: +1 h
    assert short.step_data_transferred.value == pytest.approx([1.0])  # GB per start of each step
    assert long.step_data_transferred.value == pytest.approx([0.0, 1.0])
    assert vals(p.hourly_data_transferred, u.GB)[:4] == pytest.approx([5, 20, 10, 40])


def test_weights_change_recomputes_and_bad_weights_are_refused(weighted):
    system, p, short, long, *_ = weighted
    before = system.total_footprint.m_as(u.kg)
    p.usage_journeys = {short: 1, long: 1}
    assert p.journey_weight_values.value == [1.0, 1.0]
    assert system.total_footprint.m_as(u.kg) < before
    with pytest.raises(InputError, match="finite number > 0"):
        p.journey_weights = "1, -1"
    with pytest.raises(RecomputeError, match="3 journey weights for 2 usage journeys"):
        p.journey_weights = "1, 2, 3"
    assert p.journey_weights == "1, 1"
    with pytest.raises(InputError, match="finite number > 0"):
        p.usage_journeys = {short: 0, long: 1}
    p.usage_journeys = [short]
    assert p.usage_journey is short and p.journey_weight_values.value == [1.0]


def test_usage_journey_keeps_working():
    srv = server()
    journey = fl.UsageJourney("j", steps=[fl.UsageJourneyStep("s", user_time_spent=1 * u.h, jobs=[job("a", srv)])])
    p = fl.UsagePattern("p", usage_journey=journey, devices=[], network=fl.Network.wifi(),
                        country=fl.Countries.FRANCE(), hourly_usage_journey_starts=Hourly([1.0], "2025-01-01", u.occurrence))
    assert p.usage_journeys == [journey] and p.usage_journey is journey
    with pytest.raises(TypeError, match="not both"):
        fl.UsagePattern("p2", usage_journey=journey, usage_journeys=[journey], devices=[], network=fl.Network.wifi(),
                        country=fl.Countries.FRANCE(), hourly_usage_journey_starts=Hourly([1.0], "2025-01-01", u.occurrence))


# --- JSON ----------------------------------------------------------------------------------------------
def test_json_round_trip_of_services_and_weights(video_model, weighted):
    for system in (video_model[0], weighted[0]):
        loaded = fl.load(system.to_json())
        assert loaded.total_footprint.m_as(u.kg) == pytest.approx(system.total_footprint.m_as(u.kg), rel=1e-9)
        assert loaded.to_json() == system.to_json()


def test_json_bad_weights_and_wrong_service_server_are_refused(weighted, video_model):
    data = json.loads(weighted[0].to_json())
    at = next(i for i, o in enumerate(data["objects"]) if o["class"] == "UsagePattern")
    data["objects"][at]["inputs"]["journey_weights"] = "0.5, x"
    with pytest.raises(ModelFileError, match=rf"\$\.objects\[{at}\]\.inputs\.journey_weights: .*not a number"):
        fl.load(json.dumps(data))
    data["objects"][at]["inputs"]["journey_weights"] = "1"
    with pytest.raises(ModelFileError, match=r"1 journey weights for 2 usage journeys"):
        fl.load(json.dumps(data))
    data = json.loads(video_model[0].to_json())
    at = next(i for i, o in enumerate(data["objects"]) if o["class"] == "VideoStreamingJob")
    data["objects"][at]["inputs"]["resolution"] = "3D"
    with pytest.raises(ModelFileError, match=rf"\$\.objects\[{at}\]\.inputs\.resolution: .*expected one of"):
        fl.load(json.dumps(data))


def test_files_from_before_weighted_journeys_still_load(weighted):
    system = fl.quickstart(48)
    data = json.loads(system.to_json())
    for entry in data["objects"]:
        if entry["class"] == "UsagePattern":
            entry["inputs"]["usage_journey"] = entry["inputs"].pop("usage_journeys")[0]
            entry["inputs"].pop("journey_weights")
    assert fl.load(json.dumps(data)).total_footprint.m_as(u.kg) == pytest.approx(system.total_footprint.m_as(u.kg))


# --- GenAI -------------------------------------------------------------------------------------------
@pytest.fixture
def genai_model():
    api = fl.GenAIExternalAPI("api", provider="openai", model="gpt-4o-mini")
    call = fl.GenAIJob("call", api=api, output_tokens=400)
    step = fl.UsageJourneyStep("ask", user_time_spent=1 * u.min, jobs=[call])
    system = fl.System("sys", usage_patterns=[pattern([fl.UsageJourney("j", steps=[step])])])
    return system, api, call


@needs_ecologits
def test_genai_api_facts_from_ecologits(genai_model):
    _, api, _ = genai_model
    facts = api.model_facts.value
    assert facts["zone"] == "USA" and facts["total_parameters"] == pytest.approx(18)  # middle of 8-28 B
    assert api.average_carbon_intensity.value.m_as(u.g / u.kWh) == pytest.approx(facts["gwp_kg_per_kwh"] * 1000)
    assert api.power_usage_effectiveness.value.magnitude == pytest.approx(facts["pue"])


@needs_ecologits
def test_genai_job_per_request_values(genai_model):
    _, api, call = genai_model
    impacts = call.impacts.value
    assert call.request_energy.value.m_as(u.kWh) == pytest.approx(impacts["request_energy"])
    assert call.request_usage_footprint.value.m_as(u.kg) == pytest.approx(impacts["request_usage_gwp"])
    # usage footprint = energy × the data centre zone's intensity
    assert impacts["request_usage_gwp"] == pytest.approx(impacts["request_energy"] * api.model_facts.value["gwp_kg_per_kwh"])
    assert call.request_embodied_footprint.value.m_as(u.kg) == pytest.approx(impacts["request_embodied_gwp"])
    assert call.request_duration.value.m_as(u.s) == pytest.approx(impacts["generation_latency"])
    assert call.data_download.value.m_as(u.B) == 2000  # 400 tokens × 5 B
    assert call.data_stored.value.magnitude == 0 and call.compute_needed.value.magnitude == 0
    assert call.ram_needed.value.magnitude == 0
    assert call.api is api


@needs_ecologits
def test_genai_api_hourly_footprints_and_system_row(genai_model):
    system, api, call = genai_model
    usage, embodied = call.request_usage_footprint.value.m_as(u.kg), call.request_embodied_footprint.value.m_as(u.kg)
    assert vals(api.energy_footprint, u.kg)[:4] == pytest.approx([10 * usage, 0, 20 * usage, 0])
    assert vals(api.instances_fabrication_footprint, u.kg)[:4] == pytest.approx([10 * embodied, 0, 20 * embodied, 0])
    energy = call.request_energy.value.m_as(u.kWh)
    assert vals(api.instances_energy, u.kWh)[:4] == pytest.approx([10 * energy, 0, 20 * energy, 0])
    table = system.footprints_by_category()
    assert table.loc["External APIs", "energy"] == pytest.approx(30 * usage)
    assert table.loc["External APIs", "fabrication"] == pytest.approx(30 * embodied)
    assert system.external_apis() == [api] and system.servers() == []
    by_source = system.footprints_by_job(by="source")
    assert by_source.loc[("call", "api"), "energy_kg"] == pytest.approx(30 * usage)
    assert fl.load(system.to_json()).total_footprint.m_as(u.kg) == pytest.approx(system.total_footprint.m_as(u.kg))


@needs_ecologits
def test_unknown_provider_or_model_suggests_names(genai_model):
    _, api, call = genai_model
    with pytest.raises(InputError, match="nearest: openai"):
        api.provider = "opnai"
    with pytest.raises(RecomputeError, match="no model 'gpt-4o-mni'.*nearest: gpt-4o-mini"):
        api.model = "gpt-4o-mni"
    assert api.model == "gpt-4o-mini"
    before = call.request_energy.value
    call.output_tokens = 800
    assert call.request_energy.value.magnitude > before.magnitude


def test_by_source_parts_add_up_to_each_object(video_model):
    system = video_model[0]
    table = system.footprints_by_job(by="source")
    objects = system.footprints_by_object()
    for (category, name), row in objects.iterrows():
        if category == "Devices":
            continue
        parts = table.xs(name, level="source")
        assert parts["total_kg"].sum() == pytest.approx(row["total_kg"], rel=1e-6)
    with pytest.raises(ValueError, match="expects None or 'source'"):
        system.footprints_by_job(by="step")

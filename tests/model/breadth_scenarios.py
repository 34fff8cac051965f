"""The two model-breadth scenarios of issue 14, built as ``benchmarks/efootprint_issue14.py`` builds
them in efootprint 27 (its conventions: storage without power, France at 44 g/kWh)."""
import footprintlab as fl
from footprintlab import Sources, SourceValue, u
from footprintlab.model.quickstart import hourly_starts

HOURS = 26_280


def _france():
    france = fl.Countries.FRANCE()
    france.average_carbon_intensity = SourceValue(44 * u.g / u.kWh, Sources.HYPOTHESIS,
                                                  comment="efootprint 27's France value")
    return france


def _storage(name="SSD storage"):
    return fl.Storage(name, carbon_footprint_fabrication=160 * u.kg, power=0 * u.W, lifespan=6 * u.year,
                      storage_capacity=1 * u.TB, power_usage_effectiveness=1.2,
                      average_carbon_intensity=100 * u.g / u.kWh, data_replication_factor=3,
                      data_storage_duration=2 * u.year, base_storage_need=10 * u.TB)


def _server(name, storage):
    return fl.Server(name, carbon_footprint_fabrication=600 * u.kg, power=300 * u.W, lifespan=6 * u.year,
                     idle_power=50 * u.W, ram=128 * u.GB, compute=24 * u.cpu_core, power_usage_effectiveness=1.2,
                     average_carbon_intensity=100 * u.g / u.kWh, utilization_rate=0.9,
                     base_ram_consumption=300 * u.MB, base_compute_consumption=2 * u.cpu_core, storage=storage)


def build_streaming(hours: int = HOURS) -> fl.System:
    server = _server("video server", _storage())
    video = fl.VideoStreaming("streaming service", server=server)
    hd = fl.VideoStreamingJob("1080p stream", service=video, resolution="1080p (1920 x 1080)",
                              video_duration=20 * u.min)
    uhd = fl.VideoStreamingJob("4K stream", service=video, resolution="4K (3840 x 2160)", video_duration=90 * u.min)
    upload = fl.Job("video upload", server=server, data_upload=20 * u.MB, data_download=0 * u.MB,
                    data_stored=20 * u.MB, request_duration=2 * u.s, compute_needed=1 * u.cpu_core,
                    ram_needed=50 * u.MB)
    watch = fl.UsageJourneyStep("watch 20 min", user_time_spent=20 * u.min, jobs=[hd])
    capture = fl.UsageJourneyStep("capture and upload", user_time_spent=70 * u.s, jobs=[upload])
    binge = fl.UsageJourneyStep("binge 90 min", user_time_spent=90 * u.min, jobs=[uhd])
    casual_journey = fl.UsageJourney("casual", steps=[watch, capture])
    binge_journey = fl.UsageJourney("binge", steps=[binge])
    pattern = fl.UsagePattern("households", usage_journeys={casual_journey: 0.7, binge_journey: 0.3},
                              devices=[fl.Device.laptop()], network=fl.Network.wifi("Default wifi network"),
                              country=_france(), hourly_usage_journey_starts=hourly_starts(hours))
    return fl.System("System", usage_patterns=[pattern])


def build_genai(hours: int = HOURS) -> fl.System:
    server = _server("web server", _storage())
    web = fl.Job("web request", server=server, data_upload=0.25 * u.MB, data_download=0.25 * u.MB,
                 data_stored=0.01 * u.MB, request_duration=1 * u.s, compute_needed=0.1 * u.cpu_core,
                 ram_needed=50 * u.MB)
    api = fl.GenAIExternalAPI("openai gpt-4o-mini server", provider="openai", model="gpt-4o-mini")
    answer = fl.GenAIJob("assistant answer", api=api, output_tokens=400)
    ask = fl.UsageJourneyStep("ask the assistant", user_time_spent=2 * u.min, jobs=[web, answer])
    read = fl.UsageJourneyStep("read the answer", user_time_spent=3 * u.min, jobs=[web])
    journey = fl.UsageJourney("assistant session", steps=[ask, read])
    pattern = fl.UsagePattern("mobile users", usage_journeys=[journey], devices=[fl.Device.smartphone()],
                              network=fl.Network.mobile("Default mobile network"), country=_france(),
                              hourly_usage_journey_starts=hourly_starts(hours) * 0.1)
    return fl.System("System", usage_patterns=[pattern])

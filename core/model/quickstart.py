"""The seed quickstart scenario: a video streaming platform used by French households for 3 years."""
from __future__ import annotations

from footprintlab.engine import Sources, SourceValue, u
from footprintlab.model import builders
from footprintlab.model.archetypes import Countries
from footprintlab.model.edge import Device, Network
from footprintlab.model.hardware import Server, Storage
from footprintlab.model.system import System
from footprintlab.model.usage import Job, UsageJourney, UsageJourneyStep, UsagePattern

START = "2025-01-01"
HOURS = 3 * 365 * 24  # 26,280 hours


def hourly_starts(n_hours: int = HOURS, start_date: str = START):
    """(linear growth 5,000 -> 100,000 + sinusoid of amplitude 3,000 and period 90 days) × daily
    fluctuation (scale 0.8, minimum at 4 am): journey starts per hour, local time."""
    growth = builders.linear_growth(5_000, 100_000, n_hours, start_date)
    seasonal = builders.sinusoidal_fluctuation(3_000, 3 * 30 * 24, n_hours, start_date)
    daily = builders.daily_fluctuation(0.8, 4, n_hours, start_date)
    return (growth + seasonal) * daily


def build(n_hours: int = HOURS, *, efootprint_conventions: bool = False) -> System:
    """Build the quickstart ``System``.

    ``efootprint_conventions=True`` sets what efootprint 27 assumes, for comparisons: storage power 0
    (it has no storage energy) and France at 44 g/kWh.
    """
    storage = Storage(
        "SSD storage", carbon_footprint_fabrication=SourceValue(160 * u.kg, Sources.HYPOTHESIS),
        power=SourceValue((0 if efootprint_conventions else 1.3) * u.W, Sources.HYPOTHESIS),
        lifespan=6 * u.year, idle_power=0 * u.W, storage_capacity=1 * u.TB,
        power_usage_effectiveness=1.2, average_carbon_intensity=100 * u.g / u.kWh,
        data_replication_factor=3, data_storage_duration=2 * u.year, base_storage_need=100 * u.TB)
    server = Server(
        "server", server_type="autoscaling", carbon_footprint_fabrication=600 * u.kg, power=300 * u.W,
        lifespan=6 * u.year, idle_power=50 * u.W, ram=128 * u.GB, compute=24 * u.cpu_core,
        power_usage_effectiveness=1.2, average_carbon_intensity=100 * u.g / u.kWh, utilization_rate=0.9,
        base_ram_consumption=300 * u.MB, base_compute_consumption=2 * u.cpu_core, storage=storage)
    streaming = Job("streaming", server=server, data_upload=0.05 * u.MB, data_download=800 * u.MB,
                    data_stored=0.05 * u.MB, request_duration=4 * u.min, compute_needed=1 * u.cpu_core,
                    ram_needed=50 * u.MB)
    upload = Job("video upload", server=server, data_upload=20 * u.MB, data_download=0 * u.MB,
                 data_stored=20 * u.MB, request_duration=2 * u.s, compute_needed=1 * u.cpu_core,
                 ram_needed=50 * u.MB)
    streaming_step = UsageJourneyStep("20 min streaming", user_time_spent=20 * u.min, jobs=[streaming])
    upload_step = UsageJourneyStep("70 s capture and upload", user_time_spent=70 * u.s, jobs=[upload])
    journey = UsageJourney("Mean video consumption", steps=[streaming_step, upload_step])
    france = Countries.FRANCE()
    if efootprint_conventions:
        france.average_carbon_intensity = SourceValue(44 * u.g / u.kWh, Sources.HYPOTHESIS,
                                                      comment="efootprint 27's France value")
    pattern = UsagePattern(
        "Daily video streaming consumption", usage_journey=journey, devices=[Device.laptop()],
        network=Network.wifi(), country=france, hourly_usage_journey_starts=hourly_starts(n_hours))
    return System("System", usage_patterns=[pattern])

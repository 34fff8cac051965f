"""One test per formula, on a small model computed by hand (starts 10, 0, 20, 0 per hour, UTC)."""
import footprintlab as fl
import numpy as np
import pytest
from footprintlab import Hourly, RecomputeError, u
from small_model import build
from traitlets import TraitError


@pytest.fixture
def model():
    return build()


def vals(explainable, unit):
    return explainable.value.m_as(unit).tolist()


def test_journey_duration_and_step_offsets(model):
    system, server, storage, job, step1, journey, pattern, device, network = model
    assert journey.duration.value == 90 * u.min  # Σ steps' user_time_spent
    assert journey.step_offsets.value == [0.0, 1.0]  # hours


def test_journeys_in_parallel_boxcar_with_fractional_remainder(model):
    pattern = model[6]
    # 1.5 h journeys: full in the start hour, half in the next: [10, 10*.5+0, 20, 10] ...
    assert vals(pattern.journeys_in_parallel, u.occurrence)[:5] == pytest.approx([10, 5, 20, 10, 0])


def test_job_starts_and_concurrency(model):
    job = model[3]
    assert vals(job.hourly_starts, u.occurrence) == [10, 0, 20, 0]
    # 30 min requests: half an hour each -> 0.5 in parallel on average, in the start hour
    assert vals(job.hourly_concurrency, u.occurrence)[:4] == pytest.approx([5, 0, 10, 0])


def test_server_needs_available_capacity_and_instances(model):
    server = model[1]
    assert vals(server.hourly_ram_need, u.GB)[:4] == pytest.approx([5, 0, 10, 0])  # concurrency × 1 GB
    assert server.hourly_compute_need.value.values[:4] == pytest.approx([10, 0, 20, 0])  # × 2 cores
    assert server.available_ram_per_instance.value == 4 * u.GB  # 10 × 0.5 − 1
    assert server.available_compute_per_instance.value == 4 * u.cpu_core
    raw = server.raw_nb_of_instances.value.values[:4]
    assert raw == pytest.approx([2.5, 0, 5, 0])  # max(5/4, 10/4), max(10/4, 20/4)
    assert server.nb_of_instances.value.values[:4] == pytest.approx([3, 0, 5, 0])


def test_server_energy_and_footprints(model):
    server = model[1]
    # n × 100 W × 2 × 1 h + raw × 100 W × 2 × 1 h
    assert vals(server.instances_energy, u.kWh)[:4] == pytest.approx([0.6 + 0.5, 0, 1.0 + 1.0, 0])
    assert vals(server.energy_footprint, u.kg)[:4] == pytest.approx([0.55, 0, 1.0, 0])  # × 0.5 kg/kWh
    # instances × 876.6 kg × 1 h / 8766 h
    assert vals(server.instances_fabrication_footprint, u.kg)[:4] == pytest.approx([0.3, 0, 0.5, 0])


def test_serverless_and_on_premise_instances():
    serverless = build("serverless")[1]
    assert serverless.nb_of_instances.value.values[:4] == pytest.approx([2.5, 0, 5, 0])
    on_premise = build("on-premise")[1]
    assert on_premise.nb_of_instances.value.values[:4] == pytest.approx([5, 5, 5, 5])
    fixed = build("on-premise", fixed=8)[1]
    assert fixed.nb_of_instances.value.values[:4] == pytest.approx([8, 8, 8, 8])
    with pytest.raises(RecomputeError, match=r"Server 'srv': nb_of_instances: peak need of 5 instances exceeds"):
        build("on-premise", fixed=4)[0].total_footprint


def test_capacity_error_rolls_back(model):
    system, server = model[0], model[1]
    before = system.total_footprint
    with pytest.raises(RecomputeError, match=r"Server 'srv': available_ram_per_instance: .*≤ 0"):
        server.base_ram_consumption = 6 * u.GB
    assert server.base_ram_consumption.value == 1 * u.GB
    assert system.total_footprint == before


def test_storage_need_instances_and_footprints(model):
    storage = model[2]
    # written: starts × 0.25 GB × 2 replicas = [5, 0, 10, 0]; deleted 2 h later
    assert vals(storage.hourly_storage_need_delta, u.GB) == pytest.approx([5, 0, 5, 0])
    assert vals(storage.cumulative_storage_need, u.GB) == pytest.approx([6, 6, 11, 11])  # + 1 GB base
    assert storage.nb_of_instances.value.values.tolist() == [6, 6, 11, 11]
    assert vals(storage.instances_energy, u.kWh) == pytest.approx([0.018, 0.018, 0.033, 0.033])  # n × 2 W × 1.5
    assert vals(storage.instances_fabrication_footprint, u.kg) == pytest.approx(
        [6 * 100 / 8766, 6 * 100 / 8766, 11 * 100 / 8766, 11 * 100 / 8766])


def test_network_energy_and_footprint(model):
    pattern, network = model[6], model[8]
    assert vals(pattern.hourly_data_transferred, u.GB)[:4] == pytest.approx([10, 0, 20, 0])  # starts × 1 GB
    assert vals(network.energy, u.kWh)[:4] == pytest.approx([1, 0, 2, 0])  # × 0.1 kWh/GB
    assert vals(network.energy_footprint, u.kg)[:4] == pytest.approx([0.2, 0, 0.4, 0])  # × 0.2 kg/kWh


def test_device_energy_and_fabrication(model):
    device = model[7]
    assert vals(device.energy, u.kWh)[:5] == pytest.approx([0.1, 0.05, 0.2, 0.1, 0])  # in parallel × 10 W
    assert vals(device.energy_footprint, u.kg)[:5] == pytest.approx([0.02, 0.01, 0.04, 0.02, 0])
    # in parallel × 87.66 kg × 1 h / (8766 h × 0.5)
    assert vals(device.instances_fabrication_footprint, u.kg)[:5] == pytest.approx([0.2, 0.1, 0.4, 0.2, 0])


def test_hourly_carbon_intensity_replaces_average(model):
    server = model[1]
    server.hourly_carbon_intensity = Hourly([1000, 1000, 0, 0], "2025-01-01", u.g / u.kWh)
    assert vals(server.energy_footprint, u.kg)[:4] == pytest.approx([1.1, 0, 0, 0])
    country = model[6].country
    country.hourly_carbon_intensity = Hourly([0, 0, 100, 100], "2025-01-01", u.g / u.kWh)
    assert vals(model[8].energy_footprint, u.kg)[:4] == pytest.approx([0, 0, 0.2, 0])


def test_local_time_converted_to_utc():
    system = build()[0]
    pattern = system.usage_patterns[0]
    pattern.country.timezone = "Europe/Paris"  # UTC+1 in January
    assert str(pattern.utc_journey_starts.value.start) == "2024-12-31T23"
    assert pattern.utc_journey_starts.value.values.tolist() == [10, 0, 20, 0]


def test_structural_change_adds_step_with_new_server(model):
    system, server, storage, job, step1, journey = model[:6]
    before = system.total_footprint
    gpu = fl.GPUServer("gpu", server_type="serverless", compute=4 * u.gpu, power_per_gpu=300 * u.W,
                       idle_power_per_gpu=50 * u.W, ram_per_gpu=80 * u.GB, carbon_footprint_fabrication_per_gpu=150 * u.kg,
                       carbon_footprint_fabrication_without_gpu=2500 * u.kg, lifespan=5 * u.year,
                       power_usage_effectiveness=1.2, average_carbon_intensity=100 * u.g / u.kWh,
                       utilization_rate=1, storage=storage)
    assert gpu.power.value == 1200 * u.W and gpu.carbon_footprint_fabrication.value == 3100 * u.kg
    inference = fl.Job("inference", server=gpu, data_upload=0 * u.MB, data_download=0 * u.MB, data_stored=0 * u.MB,
                       request_duration=6 * u.min, compute_needed=1 * u.gpu, ram_needed=10 * u.GB)
    journey.steps = [*journey.steps, fl.UsageJourneyStep("ask", user_time_spent=6 * u.min, jobs=[inference])]
    assert journey.duration.value == 96 * u.min
    assert gpu in system.servers()
    starts = inference.hourly_starts.value  # offset 1.5 h: each start split over two hours
    assert str(starts.start) == "2025-01-01T01" and starts.values.tolist()[:4] == [5, 5, 10, 10]
    assert system.total_footprint.magnitude > before.magnitude
    with pytest.raises(TypeError, match="assign a new list"):
        journey.steps.append(step1)


def test_invalid_inputs_are_named():
    with pytest.raises(TraitError, match=r"Job 'j': data_download: expected data .*got energy"):
        fl.Job("j", server=build()[1], data_upload=0 * u.MB, data_download=5 * u.kWh, data_stored=0 * u.MB,
               request_duration=1 * u.s, compute_needed=1 * u.cpu_core, ram_needed=1 * u.MB)
    server = build()[1]
    with pytest.raises(TraitError, match=r"Server 'srv': power: must be at least 0 W"):
        server.power = -1 * u.W
    with pytest.raises(TraitError, match=r"server_type: expected one of"):
        server.server_type = "cloud"


def test_builders():
    from footprintlab.model import builders

    linear = builders.linear_growth(0, 10, 11, "2025-01-01")
    assert linear.values.tolist() == list(map(float, range(11)))
    sine = builders.sinusoidal_fluctuation(3, 4, 4, "2025-01-01")
    assert sine.values == pytest.approx([0, 3, 0, -3], abs=1e-12)
    daily = builders.daily_fluctuation(0.8, 4, 24, "2025-01-01")
    assert daily.values[4] == pytest.approx(0.2) and daily.values[16] == pytest.approx(1.8)
    week = builders.from_typical_week(np.arange(168), 48, "2025-01-06")  # a Monday
    assert week.values[:3].tolist() == [0, 1, 2]
    import pandas as pd

    series = pd.Series([1.0, 2.0], index=pd.DatetimeIndex(["2025-01-01 00:00", "2025-01-01 02:00"]))
    assert builders.from_pandas(series).values.tolist() == [1, 0, 2]
    product = (linear + linear) * builders.daily_fluctuation(0, 4, 11, "2025-01-01")
    assert product.unit == u.occurrence and product.values[10] == 20


def test_countries_and_archetypes():
    france = fl.Countries.FRANCE()
    assert france.timezone == "Europe/Paris" and france.short_name == "FRA"
    assert france.average_carbon_intensity.source.link.startswith("https://")
    assert len(fl.Countries.names()) >= 100
    assert fl.Network.wifi().bandwidth_energy_intensity.value == 0.05 * u.kWh / u.GB
    assert fl.Network.mobile().bandwidth_energy_intensity.value == 0.12 * u.kWh / u.GB
    laptop = fl.Device.laptop()
    assert laptop.fraction_of_usage_time.value.m_as(u.dimensionless) == pytest.approx(7 / 24)
    assert laptop.carbon_footprint_fabrication.source.name.startswith("ADEME")
    assert fl.Storage.ssd().carbon_footprint_fabrication.value == 160 * u.kg


def test_str_and_to_pandas(model):
    server = model[1]
    text = str(server)
    assert "power: 200 W  [user input]" in text
    assert "instances_energy: 4 values from 2025-01-01 00:00 to 2025-01-01 03:00 in kWh: first 4 vals" in text
    frame = server.to_pandas()
    assert frame["instances_energy (kWh)"].iloc[0] == pytest.approx(1.1)


def test_series_helpers_fractional_offsets():
    from footprintlab.model.timeseries import (
        minus_delayed,
        shifted_weighted_sum,
        spread_over_duration,
    )

    starts = Hourly([10.0, 20.0], "2025-01-01", u.occurrence)
    total = shifted_weighted_sum(starts, [(0, 1.0), (1.5, 2.0)], u.GB)
    # step 1 at 0 h weight 1: [10, 20]; step 2 at 1.5 h weight 2: half of each start in hour 1+k, half in 2+k
    assert total.values.tolist() == [10, 30, 30, 20]
    assert total.values.sum() == pytest.approx(3 * 30)
    delta = minus_delayed(Hourly([4.0, 4.0, 4.0, 4.0], "2025-01-01", u.GB), 1.5)
    assert delta.values.tolist() == [4, 2, 0, 0]  # deletions start half-way through hour 1
    assert spread_over_duration(starts, 1.5).values.tolist()[:3] == [10, 25, 10]


def test_server_without_storage():
    system, server = build()[:2]
    server.storage = None
    assert system.storages() == []
    assert system.footprints_by_category().loc["Storage", "total"] == 0
    jobs = system.footprints_by_job()
    devices = system.footprints_by_category().loc["Devices", "total"]
    assert jobs["total_kg"].sum() + devices == pytest.approx(system.total_footprint.m_as(u.kg), rel=1e-6)

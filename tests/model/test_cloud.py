"""Cloud instances from Cloud Carbon Footprint's tables: Server.cloud(provider, type, region=...)."""
import footprintlab as fl
import pytest
from footprintlab import u
from footprintlab.model import cloud


def test_table_covers_the_three_providers_with_more_than_200_types():
    counts = {p: len(cloud.instance_types(p)) for p in cloud.PROVIDERS}
    assert sum(counts.values()) >= 200 and min(counts.values()) >= 50
    for name in ("m5.xlarge", "c5.2xlarge", "r5.large"):
        assert name in cloud.instance_types("aws")
    for name in ("n2-standard-4", "c2-standard-8", "n2-highmem-4"):
        assert name in cloud.instance_types("gcp")
    assert "D4s v3" in cloud.instance_types("azure")


def test_cloud_server_inputs_follow_the_ccf_method():
    server = fl.Server.cloud("aws", "m5.xlarge", region="eu-west-3")
    assert server.compute.value.magnitude == 4 and server.ram.value.m_as(u.GB) == 16
    # Skylake: 0.65 to 4.26 W per vCPU; at 50 %: 4 × (0.65 + 0.5 × 3.61) W
    assert server.power.value.m_as(u.W) == pytest.approx(4 * (0.65 + 0.5 * (4.26 - 0.65)))
    assert server.idle_power.value.m_as(u.W) == pytest.approx(4 * 0.65)
    assert server.power_usage_effectiveness.value.magnitude == pytest.approx(1.135)
    assert server.lifespan.value.m_as(u.year) == pytest.approx(4, rel=1e-3)
    assert server.carbon_footprint_fabrication.value.m_as(u.kg) > 0
    assert server.average_carbon_intensity.value.m_as(u.g / u.kWh) == pytest.approx(cloud.region_intensity(
        "aws", "eu-west-3"))
    assert "Cloud Carbon Footprint" in server.power.source.name
    busy = fl.Server.cloud("aws", "m5.xlarge", region="eu-west-3", utilization=1)
    assert busy.power.value.m_as(u.W) == pytest.approx(4 * 4.26)


def test_unknown_type_or_region_suggests_the_nearest_names():
    with pytest.raises(KeyError, match="nearest: m5.xlarge"):
        fl.Server.cloud("aws", "m5.xlarg", region="eu-west-3")
    with pytest.raises(KeyError, match="nearest: eu-west-3"):
        fl.Server.cloud("aws", "m5.xlarge", region="eu-west-33")
    with pytest.raises(ValueError, match="unknown cloud provider"):
        fl.Server.cloud("ovh", "b2-7", region="gra")
    with pytest.raises(TypeError, match="give region="):
        fl.Server.cloud("gcp", "n2-standard-4")


def test_cloud_server_runs_in_a_model_and_saves():
    server = fl.Server.cloud("gcp", "n2-standard-4", region="europe-west1", storage=fl.Storage.ssd())
    job = fl.Job("api call", server=server, data_upload=0.1 * u.MB, data_download=1 * u.MB, data_stored=0 * u.MB,
                 request_duration=1 * u.s, compute_needed=0.5 * u.cpu_core, ram_needed=100 * u.MB)
    journey = fl.UsageJourney("j", steps=[fl.UsageJourneyStep("s", user_time_spent=1 * u.min, jobs=[job])])
    pattern = fl.UsagePattern("p", usage_journey=journey, devices=[fl.Device.smartphone()],
                              network=fl.Network.mobile(), country=fl.Countries.FRANCE(),
                              hourly_usage_journey_starts=fl.Hourly([1000.0] * 24, "2025-01-01", u.occurrence))
    system = fl.System("s", usage_patterns=[pattern])
    assert system.footprints_by_category().loc["Servers", "total"] > 0
    assert fl.load(system.to_json()).total_footprint.m_as(u.kg) == pytest.approx(system.total_footprint.m_as(u.kg))

"""The quickstart with efootprint 27's conventions reproduces its figures within 0.5 %.

Reference figures: efootprint 27.0.0 run on the seed quickstart scenario (kg CO2e over 26,280 h).
"""
import footprintlab as fl
import pytest
from footprintlab import u

REFERENCE_BY_CATEGORY = {  # (fabrication, energy) kg
    "Servers": (54161.64453125, 170527.15625),
    "Storage": (2219578.5, 0.0),
    "Network": (0.0, 2490557.5),
    "Devices": (4952447.0, 1071414.25),
}
REFERENCE_TOTAL = 10958686.0
REFERENCE_PEAK_INSTANCES = 634.0
REFERENCE_SERVER_ENERGY_KWH = 1705271.625
REFERENCE_STORAGE_FINAL_NEED_TB = 72187.609375
REFERENCE_DELTA_AFTER_DOWNLOAD_500MB = -911124.0
REFERENCE_FIRST_RAW_INSTANCES = [7.46624, 5.293683, 3.926021, 3.463567, 3.94526, 5.34569, 7.576534,
                                 10.492275, 13.899889, 17.57177]
TOLERANCE = 0.005


@pytest.fixture(scope="module")
def system():
    return fl.quickstart(efootprint_conventions=True).track_changes()


def test_category_and_phase_totals(system):
    table = system.footprints_by_category()
    for category, (fabrication, energy) in REFERENCE_BY_CATEGORY.items():
        assert table.loc[category, "fabrication"] == pytest.approx(fabrication, rel=TOLERANCE, abs=1)
        assert table.loc[category, "energy"] == pytest.approx(energy, rel=TOLERANCE, abs=1)
    assert system.total_footprint.m_as(u.kg) == pytest.approx(REFERENCE_TOTAL, rel=TOLERANCE)


def test_server_and_storage_details(system):
    server, storage = system.servers()[0], system.storages()[0]
    assert server.nb_of_instances.value.max().magnitude == pytest.approx(REFERENCE_PEAK_INSTANCES, rel=TOLERANCE)
    assert server.instances_energy.value.sum().m_as(u.kWh) == pytest.approx(REFERENCE_SERVER_ENERGY_KWH, rel=TOLERANCE)
    assert server.available_ram_per_instance.value.m_as(u.GB) == pytest.approx(114.9)
    assert server.available_compute_per_instance.value.magnitude == pytest.approx(19.6)
    final_need = storage.cumulative_storage_need.value.values[-1]
    assert final_need == pytest.approx(REFERENCE_STORAGE_FINAL_NEED_TB, rel=TOLERANCE)
    # efootprint rolls local time into UTC hour 0; our UTC series starts one hour earlier
    ours = server.raw_nb_of_instances.value.values[1:11]
    assert ours == pytest.approx(REFERENCE_FIRST_RAW_INSTANCES, rel=0.01)


def test_total_after_download_change(system):
    streaming = next(job for job in system.jobs() if job.name == "streaming")
    before = system.total_footprint.m_as(u.kg)
    streaming.data_download = 500 * u.MB
    try:
        delta = system.total_footprint.m_as(u.kg) - before
        assert delta == pytest.approx(REFERENCE_DELTA_AFTER_DOWNLOAD_500MB, rel=TOLERANCE)
        assert system.total_footprint.m_as(u.kg) == pytest.approx(REFERENCE_TOTAL + REFERENCE_DELTA_AFTER_DOWNLOAD_500MB,
                                                                  rel=TOLERANCE)
        diff = system.diff()
        assert diff.attrs["label"] == "streaming's data_download changing from 800 MB to 500 MB"
        assert diff.loc[("Network", "energy"), "delta"] == pytest.approx(REFERENCE_DELTA_AFTER_DOWNLOAD_500MB, rel=TOLERANCE)
        assert diff.loc[("Servers", "energy"), "delta"] == 0
    finally:
        streaming.data_download = 800 * u.MB
    since_start = system.diff(since="start")
    assert since_start["delta"].abs().max() < 1e-6


def test_jobs_and_patterns_attribution_sum_to_total(system):
    jobs = system.footprints_by_job()
    devices = system.footprints_by_category().loc["Devices", "total"]
    assert jobs["total_kg"].sum() + devices == pytest.approx(system.total_footprint.m_as(u.kg), rel=1e-7)
    assert jobs.loc["streaming", "energy_kg"] == pytest.approx(2598933.828125, rel=TOLERANCE)
    patterns = system.footprints_by_usage_pattern()
    assert patterns["total_kg"].sum() == pytest.approx(system.total_footprint.m_as(u.kg), rel=1e-7)

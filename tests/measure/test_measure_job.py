"""to_job: a measured run becomes a model Job whose energy per call is the measured one."""

from __future__ import annotations

import pytest
from footprintlab.engine import u
from footprintlab.measure import Tracker, to_job
from job_system import system_for


def _system_for(job, starts_per_hour=10.0, hours=48):
    return system_for(job, starts_per_hour, hours)


def test_the_model_reproduces_the_measured_energy_and_emissions_per_call():
    tracker = Tracker("inference", country="FRA", pue=1.2, rapl_root="/nonexistent", gpu=False)
    with tracker:
        sum(range(1_000_000))
    m = tracker.last
    job = to_job(m, data_download="2 MB")
    _system_for(job)
    calls = 10 * 48
    server = job.server
    assert server.server_type == "serverless"
    assert server.instances_energy.value.values.sum() == pytest.approx(calls * m.energy_kwh)
    assert server.energy_footprint.value.values.sum() == pytest.approx(calls * m.emissions_kg)
    assert server.instances_fabrication_footprint.value.values.sum() == 0.0
    assert job.request_duration.m_as(u.s) == pytest.approx(m.duration_s)
    assert job.data_download.m_as(u.MB) == pytest.approx(2.0)


def test_failed_measurement_is_refused_clearly(monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("no sensor")

    monkeypatch.setattr("footprintlab.measure.tracker.get_meter", broken)
    tracker = Tracker("broken", country="FRA")
    with pytest.warns(UserWarning):
        with tracker:
            pass
    with pytest.raises(ValueError, match="no usable energy"):
        to_job(tracker.last)
    with pytest.raises(TypeError, match="expected a Measurement"):
        to_job({"energy": 1})


def test_measured_inputs_name_the_tracker_run_they_come_from():
    with Tracker("sourced", country="FRA", rapl_root="/nonexistent", gpu=False) as tracker:
        sum(range(10_000))
    m = tracker.last
    job = to_job(m)
    name = f"measured by footprintlab's tracker, run {m.run_id}"
    assert job.request_duration.source.name == name
    assert job.server.power.source.name == name
    assert job.server.average_carbon_intensity.source.name == name
    assert job.ram_needed.source.name == name

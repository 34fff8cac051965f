"""The one measured-job builder: reproduces the measured energy, and says where inputs come from."""

from __future__ import annotations

import io

import pytest
from footprintlab.engine import Sources, u
from footprintlab.model import (
    Server,
)
from footprintlab.model import measured_job as builder_module
from footprintlab.model.measured_job import NOT_MEASURED, measured_job, measurement_source
from job_system import system_for


def _system_for(job, starts_per_hour=4.0, hours=24):
    return system_for(job, starts_per_hour, hours)


def test_the_model_reproduces_the_measured_energy_and_emissions_per_call():
    source = measurement_source("a test bench, run", ["r-1"])
    job = measured_job("bench", source=source, duration_s=12.0, energy_kwh=0.003,
                       intensity_g_per_kwh=250.0, pue=1.5, ram_mb=300.0)
    _system_for(job)
    calls = 4.0 * 24
    server = job.server
    assert server.server_type == "serverless"
    # W = kWh / PUE x 3.6e6 / s
    assert server.power.m_as(u.W) == pytest.approx(0.003 / 1.5 * 3.6e6 / 12.0)
    assert server.instances_energy.value.values.sum() == pytest.approx(calls * 0.003, rel=1e-6)
    # kg = kWh x g/kWh / 1000
    assert server.energy_footprint.value.values.sum() == pytest.approx(
        calls * 0.003 * 250.0 / 1000, rel=1e-6)
    assert server.instances_fabrication_footprint.value.values.sum() == 0.0


def test_measured_inputs_carry_the_measurements_source_not_user_input():
    # the defect: measured figures were recorded as "user input"
    source = measurement_source("footprintlab's tracker, run", ["0123-abcd"])
    job = measured_job("tagged", source=source, duration_s=2.0, energy_kwh=1e-4,
                       intensity_g_per_kwh=56.0, ram_mb=10.0)
    server = job.server
    for value in (job.request_duration, job.ram_needed, server.power,
                  server.average_carbon_intensity, server.power_usage_effectiveness):
        assert value.source is source
        assert value.source.name == "measured by footprintlab's tracker, run 0123-abcd"
    for value in (job.data_download, server.carbon_footprint_fabrication):
        assert value.source is NOT_MEASURED and value.source.hypothesis
    given = measured_job("given", source=source, duration_s=2.0, energy_kwh=1e-4,
                         intensity_g_per_kwh=56.0, data_download="3 MB")
    assert given.data_download.source is Sources.USER_INPUT


def test_on_an_existing_server_the_job_takes_the_measured_cores():
    first = measured_job("first", source=measurement_source("x"), duration_s=1.0,
                         energy_kwh=1e-5, intensity_g_per_kwh=100.0)
    job = measured_job("second", source=measurement_source("y", ["7"]), duration_s=3.0,
                       energy_kwh=1e-5, intensity_g_per_kwh=float("nan"), cpu_cores=2.5,
                       server=first.server)
    assert job.server is first.server and isinstance(job.server, Server)
    assert job.compute_needed.m_as(u.cpu_core) == 2.5
    assert job.compute_needed.source.name == "measured by y 7"


@pytest.mark.parametrize("figures, message", [
    (dict(duration_s=0.0), "duration_s must be a finite number > 0"),
    (dict(energy_kwh=float("nan")), "energy_kwh must be a finite number >= 0"),
    (dict(pue=0.5), "pue must be a finite number >= 1"),
    (dict(intensity_g_per_kwh=float("nan")), "intensity_g_per_kwh must be"),
])
def test_unusable_figures_are_refused_naming_the_job_and_the_measurement(figures, message):
    options = dict(duration_s=1.0, energy_kwh=1e-4, intensity_g_per_kwh=50.0) | figures
    with pytest.raises(ValueError, match=f"'bad' \\(measured by z 9\\): {message}"):
        measured_job("bad", source=measurement_source("z", [9]), **options)


def test_source_names_at_most_five_ids():
    assert measurement_source("HPC jobs", range(1, 9)).name == (
        "measured by HPC jobs 1, 2, 3, 4, 5 and 3 more")


def test_to_job_and_to_jobs_both_build_through_this_builder(monkeypatch):
    # the defect: two copies of the dedicated-server construction
    from footprintlab.hpc import job_footprints, read_sacct, to_jobs
    from footprintlab.hpc.synthetic import generate_cluster
    from footprintlab.measure import Tracker, to_job

    calls = []
    real = builder_module.measured_job

    def spy(name, **options):
        calls.append(name)
        return real(name, **options)

    monkeypatch.setattr(builder_module, "measured_job", spy)
    with Tracker("spied", country="FRA", rapl_root="/nonexistent", gpu=False) as tracker:
        sum(range(10_000))
    to_job(tracker.last)
    cluster = generate_cluster(n_nodes=2, n_jobs=10, days=1, seed=3)
    result = job_footprints(read_sacct(io.StringIO(cluster.sacct_text())), cluster.samples(),
                            fallback="GB")
    jobs = to_jobs(result, by=None)
    assert calls == ["spied", jobs[0].name]

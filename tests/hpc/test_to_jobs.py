"""to_jobs: measured HPC jobs become model Jobs reproducing the measured energy per job."""

import io

import pytest
from footprintlab.engine import u
from footprintlab.hpc import job_footprints, read_sacct, to_jobs
from footprintlab.hpc.synthetic import generate_cluster
from job_system import system_for


def _system_for(job, starts_per_hour=2.0, hours=24):
    return system_for(job, starts_per_hour, hours)


@pytest.fixture(scope="module")
def result():
    cluster = generate_cluster(n_nodes=4, n_jobs=60, days=2, seed=11)
    return job_footprints(read_sacct(io.StringIO(cluster.sacct_text())), cluster.samples(),
                          fallback="GB")


def test_model_reproduces_measured_energy_and_emissions_per_job(result):
    jobs = to_jobs(result, by="Account")
    accounts = sorted(result.jobs["Account"].unique())
    assert [j.name for j in jobs] == [f"hpc:{a}" for a in accounts]
    job = jobs[0]
    group = result.jobs.loc[result.jobs["Account"] == accounts[0]]
    assert jobs.counts[job.name] == len(group)
    _system_for(job)
    calls = 2.0 * 24
    server = job.server
    assert server.server_type == "serverless"
    assert server.instances_energy.value.values.sum() == pytest.approx(
        calls * group["energy_kWh"].mean(), rel=1e-6)  # the model stores hourly float32
    assert server.energy_footprint.value.values.sum() == pytest.approx(
        calls * group["co2e_kg"].mean(), rel=1e-6)  # the model stores hourly float32
    mean_s = (group["end"] - group["start"]).dt.total_seconds().mean()
    assert job.request_duration.m_as(u.s) == pytest.approx(mean_s)


def test_on_a_given_server_and_errors(result):
    from footprintlab.model import Server

    every = to_jobs(result, by=None)
    (first,) = every
    assert every.counts == {"hpc:all": result.jobs["energy_kWh"].notna().sum()}
    (job,) = to_jobs(result, by=None, server=first.server, prefix="x")
    assert job.server is first.server
    assert job.compute_needed.m_as(u.cpu_core) == pytest.approx(result.jobs["alloc_cpus"].mean())
    assert isinstance(job.server, Server)
    with pytest.raises(ValueError, match="to_jobs\\(by='Project'\\)"):
        to_jobs(result, by="Project")


def test_measured_inputs_name_the_slurm_jobs_they_stand_for(result):
    jobs = to_jobs(result, by="Account")
    accounts = sorted(result.jobs["Account"].unique())
    group = result.jobs.loc[(result.jobs["Account"] == accounts[0])
                            & result.jobs["energy_kWh"].notna()]
    source = jobs[0].request_duration.source
    assert source.name.startswith("measured by footprintlab.hpc")
    assert f"Slurm jobs {group['JobID'].iloc[0]}" in source.name
    assert jobs[0].server.power.source is source
    assert jobs[0].server.average_carbon_intensity.source is source


def test_pue_adds_the_facility_overhead_to_the_measured_node_energy(result):
    plain, with_pue = to_jobs(result)[0], to_jobs(result, power_usage_effectiveness=1.5)[0]
    _system_for(plain)
    _system_for(with_pue)
    plain_kwh = plain.server.instances_energy.value.values.sum()
    assert with_pue.server.instances_energy.value.values.sum() == pytest.approx(1.5 * plain_kwh, rel=1e-6)
    assert with_pue.server.energy_footprint.value.values.sum() == pytest.approx(
        1.5 * plain.server.energy_footprint.value.values.sum(), rel=1e-6)

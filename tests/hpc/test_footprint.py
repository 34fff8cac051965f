import io

import numpy as np
import pandas as pd
import pytest
from footprintlab.hpc import daily, intensity_from_series, job_footprints, read_sacct, summarize
from footprintlab.hpc.synthetic import generate_cluster
from hpc_helpers import NOTEBOOK_ENERGY_J, step_series

T0 = pd.Timestamp("2024-01-10T00:00Z")
SACCT = """JobID|User|Account|Partition|NodeList|AllocCPUS|Start|End|State
1|alice|phys|cpu|n[1-2]|8|2024-01-10T00:00:00|2024-01-10T01:21:29|COMPLETED
2|bob|chem|cpu|n2|8|2024-01-10T00:00:00|2024-01-10T00:30:00|COMPLETED
3|bob|chem|cpu|n9|4|2024-01-10T00:00:00|2024-01-10T00:30:00|COMPLETED
4|bob|chem|cpu|None assigned|4|Unknown|Unknown|PENDING
"""


@pytest.fixture
def jobs():
    return read_sacct(io.StringIO(SACCT))


@pytest.fixture
def samples():
    frames = []
    for node in ("n1", "n2"):
        s = step_series(T0.value / 1e9, None)
        frames.append(s.assign(node=node))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture
def intensity():
    # 100, 200, 300 g/kWh for the first three half-hours
    index = pd.date_range(T0, periods=3, freq="30min")
    return intensity_from_series(pd.Series([100.0, 200.0, 300.0], index=index), source="test")


def test_energy_and_emissions_per_job(jobs, samples, intensity):
    r = job_footprints(jobs, samples, intensity, max_gap=2000)
    j = r.jobs.set_index("JobID")
    # node n2, first half-hour: 300 W * 1800 s = 540,000 J shared 4 CPUs (job 1) : 8 CPUs (job 2)
    shared = 540_000.0
    e1 = NOTEBOOK_ENERGY_J * 2 - shared * 2 / 3
    e2 = shared * 2 / 3
    assert j.loc["1", "energy_kWh"] == pytest.approx(e1 / 3.6e6, rel=1e-12)
    assert j.loc["2", "energy_kWh"] == pytest.approx(e2 / 3.6e6, rel=1e-12)
    # job 1 per period: n1 540,000 + n2 540,000/3; then 346,650 * 2; then 386,700 * 2 (J)
    p1 = [540_000 + shared / 3, 346_650 * 2, 386_700 * 2]
    expected_kg = sum(e / 3.6e6 * g / 1000 for e, g in zip(p1, [100, 200, 300]))
    assert j.loc["1", "co2e_kg"] == pytest.approx(expected_kg, rel=1e-12)
    assert j.loc["2", "co2e_kg"] == pytest.approx(e2 / 3.6e6 * 100 / 1000, rel=1e-12)
    assert j.loc["1", "intensity_source"] == "test"
    assert j.loc["3", "flags"] == "no_power_data" and np.isnan(j.loc["3", "energy_kWh"])
    assert j.loc["4", "flags"] == "not_started"
    periods = r.periods.loc[r.periods["JobID"] == "1"]
    assert list(periods["energy_kWh"] * 3.6e6) == pytest.approx(p1)


def test_equal_sharing(jobs, samples, intensity):
    r = job_footprints(jobs, samples, intensity, max_gap=2000, share_by="equal")
    assert r.jobs.set_index("JobID").loc["2", "energy_kWh"] == pytest.approx(270_000 / 3.6e6)


def test_missing_intensity_flags_or_falls_back(jobs, samples, intensity):
    short = intensity.iloc[:1]
    r = job_footprints(jobs, samples, short, max_gap=2000)
    j = r.jobs.set_index("JobID")
    assert "no_intensity" in j.loc["1", "flags"] and np.isnan(j.loc["1", "co2e_kg"])
    assert j.loc["2", "co2e_kg"] > 0  # its only period has a value
    r = job_footprints(jobs, samples, short, max_gap=2000, fallback="GB")
    j = r.jobs.set_index("JobID")
    assert j.loc["1", "intensity_source"].startswith("country-average:GBR:+test") is False
    assert set(j.loc["1", "intensity_source"].split("+")) == {"test", "country-average:GBR:2023"}


def test_gaps_are_reported(jobs, samples, intensity):
    r = job_footprints(jobs, samples, intensity)  # samples 1,800 s apart > 300 s
    j = r.jobs.set_index("JobID")
    assert j.loc["1", "gap_s"] > 0 and "gap" in j.loc["1", "flags"].split(";")


def test_chunked_equals_whole_and_aggregations():
    cluster = generate_cluster(n_nodes=6, n_jobs=120, days=3, timezone="Europe/London", seed=3)
    jobs = read_sacct(io.StringIO(cluster.sacct_text()), timezone="Europe/London")
    whole = job_footprints(jobs, cluster.samples(), fallback="FR")
    chunked = job_footprints(jobs, cluster.sample_chunks(nodes_per_chunk=2), fallback="FR")
    pd.testing.assert_frame_equal(whole.jobs, chunked.jobs, rtol=1e-12)
    assert whole.jobs["energy_kWh"].notna().all()
    by_account = summarize(whole, "Account")
    assert by_account["energy_kWh"].sum() == pytest.approx(whole.jobs["energy_kWh"].sum())
    assert by_account["jobs"].sum() == 120
    days = daily(whole, "Europe/London")
    assert days["energy_kWh"].sum() == pytest.approx(whole.jobs["energy_kWh"].sum())
    assert days["co2e_kg"].sum() == pytest.approx(whole.jobs["co2e_kg"].sum())
    assert len(days) in (3, 4)


def test_samples_as_csv_like_frame(jobs, tmp_path):
    frame = pd.DataFrame({"timestamp": ["2024-01-10T00:00:00Z", "2024-01-10T01:30:00+00:00"],
                          "node": ["n2", "n2"], "watts": [100.0, 100.0]})
    r = job_footprints(jobs, frame, fallback="GB", max_gap=6000)
    assert r.jobs.set_index("JobID").loc["2", "energy_kWh"] == pytest.approx(
        100 * 1800 * 8 / 12 / 3.6e6)


def test_bad_samples_type(jobs):
    with pytest.raises(TypeError, match="samples: expected a DataFrame"):
        job_footprints(jobs, 42)


def test_job_across_the_autumn_dst_change_gets_its_true_duration():
    # London, 27 Oct 2024: 00:30 BST (23:30 UTC) to 01:30 GMT (01:30 UTC) is 2 h, not 1 h
    sacct = ("JobID|User|Account|Partition|NodeList|AllocCPUS|Start|End|State|ElapsedRaw\n"
             "20|a|x|p|n1|4|2024-10-27T00:30:00|2024-10-27T01:30:00|COMPLETED|7200\n")
    jobs = read_sacct(io.StringIO(sacct), timezone="Europe/London")
    t = np.arange(pd.Timestamp("2024-10-26T23:00Z").value / 1e9,
                  pd.Timestamp("2024-10-27T02:00Z").value / 1e9 + 1, 30.0)
    samples = pd.DataFrame({"node": "n1", "time": t, "watts": 100.0})
    r = job_footprints(jobs, samples, fallback="GB")
    assert r.jobs["energy_kWh"].iloc[0] == pytest.approx(0.2)  # 100 W x 2 h
    starts = r.periods["period_start"].dt.strftime("%H:%M").tolist()
    assert starts == ["23:30", "00:00", "00:30", "01:00"]  # UTC half-hours
    assert r.periods["energy_kWh"].tolist() == pytest.approx([0.05] * 4)

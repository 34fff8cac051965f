import numpy as np
import pytest
from footprintlab.hpc import integrate_power, node_job_energy
from hpc_helpers import NOTEBOOK_ENERGY_J, step_series

T0 = 1_706_745_600.0  # 2024-02-01T00:00Z, on a half-hour boundary


def test_notebook_series_exact_with_samples_on_the_steps():
    s = step_series(T0, None)
    energy = integrate_power(s["time"], s["watts"], T0, T0 + 4889)
    assert energy == NOTEBOOK_ENERGY_J  # 1,273,350 J, not the notebook's 735,450 J
    assert energy / 3600 == pytest.approx(353.708, abs=5e-4)  # Wh


def test_notebook_series_exact_with_previous_hold():
    t = T0 + np.array([0, 1800, 3089, 4889.0])
    w = np.array([300, 150, 300, 300.0])
    assert integrate_power(t, w, T0, T0 + 4889, "previous") == NOTEBOOK_ENERGY_J


@pytest.mark.parametrize("step", [30.0, 10.0])
def test_notebook_series_within_one_percent_with_regular_samples(step):
    s = step_series(T0, step)
    energy = integrate_power(s["time"], s["watts"], T0, T0 + 4889)
    assert energy == pytest.approx(NOTEBOOK_ENERGY_J, rel=0.01)
    assert energy != NOTEBOOK_ENERGY_J  # the 30 s grid misses the step at 3,089 s


def test_edges_are_interpolated_between_samples():
    t = T0 + np.array([0.0, 60.0])
    w = np.array([100.0, 200.0])
    # power at 15 s is 125 W, at 45 s 175 W: trapezoid = 30 s * 150 W
    assert integrate_power(t, w, T0 + 15, T0 + 45) == pytest.approx(4500.0)


def test_split_at_half_hours_sums_to_total():
    s = step_series(T0, None)
    r = node_job_energy(s["time"].to_numpy(), s["watts"].to_numpy(), np.array([T0 + 100]),
                        np.array([T0 + 4889]), np.array([1.0]), max_gap=4000)
    assert list(r.period - T0) == [0.0, 1800.0, 3600.0]
    # 300 W * 1700 s; 150 W * 1289 s + 300 W * 511 s; 300 W * 1289 s
    assert list(r.energy_j) == [510_000.0, 346_650.0, 386_700.0]
    assert r.gap_s[0] == 0.0


def test_shared_node_split_by_weight():
    t = T0 + np.array([0.0, 3600.0])
    w = np.array([400.0, 400.0])
    # job 0 (3 CPUs) runs the whole hour, job 1 (1 CPU) the first half-hour
    r = node_job_energy(t, w, np.array([T0, T0]), np.array([T0 + 3600, T0 + 1800]),
                        np.array([3.0, 1.0]), max_gap=3600)
    per_job = np.bincount(r.job, r.energy_j)
    first_half = 400 * 1800.0
    assert per_job[0] == pytest.approx(0.75 * first_half + first_half)
    assert per_job[1] == pytest.approx(0.25 * first_half)
    assert per_job.sum() == pytest.approx(400 * 3600.0)


def test_long_gaps_are_reported_and_uncovered_edges_get_no_energy():
    from footprintlab.hpc.integrate import COVERED, ENDS_EARLY

    t = T0 + np.array([0, 30, 60, 960, 990.0])  # a 900 s hole between 60 and 960
    w = np.full(5, 200.0)
    r = node_job_energy(t, w, np.array([T0, T0 + 500, T0]), np.array([T0 + 990, T0 + 700,
                        T0 + 2000]), np.ones(3), max_gap=300)
    assert r.gap_s[0] == pytest.approx(900.0)
    assert r.gap_s[1] == pytest.approx(200.0)
    # job 2 runs 1,010 s past the last sample: holding 200 W that long would be a guess
    assert list(r.coverage) == [COVERED, COVERED, ENDS_EARLY]
    assert 2 not in r.job and 0 in r.job and 1 in r.job


def test_bad_interpolation_name():
    with pytest.raises(ValueError, match="interpolation='cubic'"):
        integrate_power([0, 1], [1, 1], 0, 1, "cubic")

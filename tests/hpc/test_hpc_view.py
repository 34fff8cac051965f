"""HPCView without a browser: widgets get a dummy comm; assert on state and messages."""

import io

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("bqplot")

from footprintlab.hpc import PrometheusPowerClient, daily, job_footprints, read_sacct
from footprintlab.hpc.synthetic import generate_cluster
from footprintlab.widgets.hpc_view import ALL, HPCView


@pytest.fixture(scope="module")
def result():
    cluster = generate_cluster(n_nodes=6, n_jobs=150, days=5, timezone="Europe/London", seed=5)
    jobs = read_sacct(io.StringIO(cluster.sacct_text()), timezone="Europe/London")
    return job_footprints(jobs, cluster.samples(), fallback="GB")


def test_initial_state_shows_all_days(result):
    view = HPCView(result, timezone="Europe/London")
    expected = daily(result, "Europe/London")
    assert len(view.energy_bars.x) == len(expected)
    np.testing.assert_allclose(view.energy_bars.y, expected["energy_kWh"].to_numpy())
    np.testing.assert_allclose(view.co2_line.y, expected["co2e_kg"].to_numpy())
    assert view.intensity_line.y == pytest.approx(237.589)  # GB average fallback
    assert view.account_filter.options[0] == ALL
    assert set(view.account_filter.options[1:]) == set(result.jobs["Account"])
    assert view.top_table.value.count("<tr>") == 1 + 10  # header + top 10
    state = view.energy_bars.get_state()
    assert tuple(state["y"]["shape"]) == (len(expected),)  # sent as a binary array


def test_filter_mutates_marks_in_one_message_each(result):
    view = HPCView(result, timezone="Europe/London")
    marks = (view.energy_bars, view.co2_line, view.intensity_line)
    ids = [id(m) for m in marks]
    sent = {id(m): [] for m in marks}
    for m in marks:
        m.comm.send = lambda data=None, *a, _m=m, **k: sent[id(_m)].append(data)
    account = view.account_filter.options[1]
    view.account_filter.value = account
    assert [id(m) for m in view.figure.marks] == ids  # created once
    assert all(len(v) == 1 for v in sent.values())  # hold_sync: x and y in one message
    assert "y" in sent[id(view.energy_bars)][0]["state"]  # x unchanged: not resent
    chosen = result.jobs.loc[result.jobs["Account"] == account]
    assert view.energy_bars.y.sum() == pytest.approx(chosen["energy_kWh"].sum())
    assert "<td>" + account + "</td>" in view.top_table.value


def test_date_range_and_user_filter(result):
    view = HPCView(result, timezone="Europe/London")
    first_day = view.start_picker.value
    view.end_picker.value = first_day
    assert len(view.energy_bars.x) == 1
    user = view.user_filter.options[1]
    view.user_filter.value = user
    jobs = view.selected_jobs()
    assert set(jobs["User"]) <= {user}
    assert (jobs["start"].dt.tz_convert("Europe/London").dt.date <= first_day).all()


def test_csv_export_does_not_overwrite(result, tmp_path):
    view = HPCView(result)
    path = tmp_path / "jobs.csv"
    path.write_text("keep me")
    view.export_path.value = str(path)
    view.export_button.click()
    assert path.read_text() == "keep me"
    assert "exists" in view.export_status.value
    view.export_overwrite.value = True
    view.export_button.click()
    written = pd.read_csv(path, dtype={"JobID": str})
    assert len(written) == len(result.jobs)
    assert written["energy_kWh"].sum() == pytest.approx(result.jobs["energy_kWh"].sum())


def test_fetch_from_victoria_metrics_updates_progress(victoria_metrics):
    cluster = generate_cluster(n_nodes=6, n_jobs=50, days=2, start="2022-06-01T00:00Z", seed=2)
    jobs = read_sacct(cluster.jobs)
    samples = cluster.samples()
    samples["node"] = samples["node"].astype(str)
    victoria_metrics.import_samples(samples)
    view = HPCView()
    progress = []
    view.progress.observe(lambda c: progress.append(c["new"]), names="value")
    client = PrometheusPowerClient(victoria_metrics.url)
    out = view.fetch(jobs, client, nodes_per_request=2, fallback="GB")
    assert progress == [1, 2, 3] and view.progress.max == 3
    assert view.result is out and out.jobs["energy_kWh"].notna().all()
    expected = job_footprints(jobs, samples, fallback="GB")
    np.testing.assert_allclose(out.jobs["energy_kWh"], expected.jobs["energy_kWh"], rtol=1e-9)
    assert len(view.energy_bars.x) >= 2


def test_csv_export_to_a_missing_folder_is_reported_not_raised_and_leaves_nothing(result,
                                                                                  tmp_path):
    view = HPCView(result)
    assert view.export_csv(str(tmp_path / "no" / "such" / "jobs.csv")) is None
    assert view.export_status.value.startswith("could not write")
    link = tmp_path / "link.csv"
    target = tmp_path / "target.csv"
    target.write_text("old")
    link.symlink_to(target)
    assert view.export_csv(str(link), overwrite=True) == str(link)
    assert link.is_symlink() and target.read_text().startswith("JobID,")  # written through
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left

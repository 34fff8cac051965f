"""The Prometheus client against a real VictoriaMetrics on 127.0.0.1."""

import numpy as np
import pandas as pd
import pytest
from footprintlab.hpc import PrometheusPowerClient, integrate_power
from footprintlab.hpc.prometheus import read_token
from hpc_helpers import NOTEBOOK_ENERGY_J, step_series

# 2023 dates: older than VictoriaMetrics' default one-month retention (the fixture sets 100y)
T0 = pd.Timestamp("2023-03-26T00:00Z").value / 1e9


@pytest.fixture(scope="module")
def loaded(victoria_metrics):
    frames = [step_series(T0, 30.0).assign(node=n) for n in ("cpu-p-1", "cpu-p-2", "cpu-p-7")]
    samples = pd.concat(frames, ignore_index=True)
    samples.loc[samples["node"] == "cpu-p-2", "watts"] *= 2
    victoria_metrics.import_samples(samples)
    # another metric, different location label: must not be picked up
    victoria_metrics.import_samples(samples, labels={"amperageProbeLocationName": "PSU1"})
    # a second, differently named metric/label set for the configurable-names test
    victoria_metrics.import_samples(samples.assign(watts=samples["watts"] / 230.0),
                                    metric="node_power_amps", labels={}, node_label="instance")
    return victoria_metrics, samples


@pytest.mark.parametrize("mode", ["raw", "query_range"])
def test_samples_come_back_unchanged(loaded, mode):
    vm, samples = loaded
    client = PrometheusPowerClient(vm.url, mode=mode)
    got = client.power_samples(T0, T0 + 4889, nodes=["cpu-p-1", "cpu-p-2"])
    assert sorted(got["node"].unique()) == ["cpu-p-1", "cpu-p-2"]
    for node in ("cpu-p-1", "cpu-p-2"):
        want = samples.loc[samples["node"] == node]
        want = want.loc[want["time"] <= T0 + 4889]
        have = got.loc[got["node"] == node]
        np.testing.assert_array_equal(have["time"].to_numpy(), want["time"].to_numpy())
        np.testing.assert_array_equal(have["watts"].to_numpy(), want["watts"].to_numpy())
    one = got.loc[got["node"] == "cpu-p-1"]
    energy = integrate_power(one["time"], one["watts"], T0, T0 + 4889)
    assert energy == pytest.approx(NOTEBOOK_ENERGY_J, rel=0.01)


@pytest.mark.parametrize("mode", ["raw", "query_range"])
def test_ranges_are_split_to_respect_the_point_limit(loaded, mode):
    vm, samples = loaded
    client = PrometheusPowerClient(vm.url, mode=mode, max_points=40)
    calls = []
    got = client.power_samples(T0, T0 + 4889, nodes=["cpu-p-7"],
                               progress=lambda done, total: calls.append((done, total)))
    # 4,889 s / (39 steps * 30 s) -> 5 windows
    assert client.requests_made == 5
    assert calls == [(k, 5) for k in range(1, 6)]
    assert len(got) == len(samples.loc[(samples["node"] == "cpu-p-7") &
                                       (samples["time"] <= T0 + 4889)])
    assert got["time"].is_unique


def test_all_nodes_and_configurable_names(loaded):
    vm, _ = loaded
    client = PrometheusPowerClient(vm.url, metric="node_power_amps", labels={},
                                   node_label="instance", scale=230.0)
    got = client.power_samples(T0, T0 + 600)
    assert sorted(got["node"].unique()) == ["cpu-p-1", "cpu-p-2", "cpu-p-7"]
    assert got.loc[got["node"] == "cpu-p-1", "watts"].to_numpy() == pytest.approx(300.0)


def test_token_is_sent_from_env_never_code(recorded_server, monkeypatch):
    recorded_server.routes["/api/v1/query"] = (200, {"status": "success", "data": {
        "resultType": "matrix",
        "result": [{"metric": {"alias": "n1"}, "values": [[T0, "250"], [T0 + 30, "260"]]}]}})
    monkeypatch.setenv("FOOTPRINTLAB_PROMETHEUS_TOKEN", "s3cret")
    got = PrometheusPowerClient(recorded_server.url).power_samples(T0, T0 + 30)
    assert list(got["watts"]) == [250.0, 260.0]
    path, headers = recorded_server.requests[0]
    assert headers["Authorization"] == "Bearer s3cret"
    assert "amperageProbeLocationName%3D%22System+Board+Pwr+Consumption%22" in path


def test_token_from_config_file(tmp_path, monkeypatch):
    monkeypatch.delenv("FOOTPRINTLAB_PROMETHEUS_TOKEN", raising=False)
    config = tmp_path / "config.ini"
    config.write_text("[prometheus]\ntoken = from-file\n")
    monkeypatch.setenv("FOOTPRINTLAB_CONFIG", str(config))
    assert read_token() == "from-file"
    assert read_token("explicit") == "explicit"


def test_unknown_node_label_is_a_clear_error(loaded):
    vm, _ = loaded
    client = PrometheusPowerClient(vm.url, node_label="hostname")
    with pytest.raises(ValueError, match="has no label 'hostname'"):
        client.power_samples(T0, T0 + 600)

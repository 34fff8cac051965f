"""to_servers: estimated rows become on-premise Server objects with sourced inputs."""

from __future__ import annotations

import footprintlab as fl
import pandas as pd
import pytest
from footprintlab import onprem, u
from onprem_helpers import GOOD_ROW, csv_text


@pytest.fixture
def storage():
    return fl.Storage("ssd", carbon_footprint_fabrication=160 * u.kg, power=1.3 * u.W,
                      lifespan=6 * u.year, storage_capacity=1 * u.TB,
                      power_usage_effectiveness=1.2, average_carbon_intensity=100 * u.g / u.kWh,
                      data_replication_factor=1, data_storage_duration=1 * u.year)


def test_rows_become_on_premise_servers(storage):
    text = csv_text(GOOD_ROW, GOOD_ROW.replace("web-1", ""))
    result = onprem.estimate(text.encode())
    servers = onprem.to_servers(result, storage=storage, compute=40 * u.cpu_core)
    assert [s.name for s in servers] == ["web-1", "row 2"]
    web = servers[0]
    assert web.server_type == "on-premise"
    assert web.power.magnitude == 919 and web.idle_power.magnitude == 120  # Cascade Lake
    assert web.ram.magnitude == 192 and web.compute.magnitude == 40
    assert web.power_usage_effectiveness.magnitude == 1.4
    assert web.utilization_rate.magnitude == pytest.approx(0.4)
    assert web.average_carbon_intensity.m_as(u.g / u.kWh) == pytest.approx(51.28)  # CCF France
    assert web.carbon_footprint_fabrication.magnitude == pytest.approx(1000 + 176 * 533 / 384)
    assert web.lifespan.magnitude == 4
    assert web.storage is storage


def test_embodied_and_cores_from_the_rows(storage):
    frame = onprem.estimate(csv_text(GOOD_ROW).encode(), ccf_compatible=False)
    frame["cpuCores"] = 16
    frame["embodiedKgCo2e"], frame["lifespanYears"] = 900.0, 5.0
    server = onprem.to_servers(frame, storage=storage)[0]
    assert server.compute.magnitude == 16
    assert (server.carbon_footprint_fabrication.magnitude, server.lifespan.magnitude) == (900, 5)


def test_missing_core_count_is_a_clear_error(storage):
    result = onprem.estimate(csv_text(GOOD_ROW).encode())
    with pytest.raises(ValueError, match="row 1 \\('web-1'\\): no core count"):
        onprem.to_servers(result, storage=storage)
    with pytest.raises(ValueError, match="expects the output of onprem.estimate"):
        onprem.to_servers(pd.DataFrame({"memory": [1]}), storage=storage)

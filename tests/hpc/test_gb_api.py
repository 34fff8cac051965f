import pandas as pd
import pytest
from footprintlab.hpc import GBCarbonIntensityClient
from footprintlab.hpc._http import HTTPFetchError


def test_one_request_per_14_days_and_actual_else_forecast(recorded_server, tmp_path):
    client = GBCarbonIntensityClient(recorded_server.url, cache_dir=tmp_path)
    table = client.fetch("2024-01-10T00:00Z", "2024-01-31T12:00Z")
    paths = [p for p, _ in recorded_server.requests]
    assert paths == ["/intensity/2024-01-04T00:00Z/2024-01-18T00:00Z",
                     "/intensity/2024-01-18T00:00Z/2024-02-01T00:00Z"]
    assert len(table) == 21 * 48 + 24  # half-hours from 10 Jan 00:00 to 31 Jan 12:00
    assert table["from"].is_monotonic_increasing and table["from"].is_unique
    first = table.iloc[0]
    assert first["from"] == pd.Timestamp("2024-01-10T00:00Z")
    assert first["to"] == pd.Timestamp("2024-01-10T00:30Z")
    # the recordings' last day (31 Jan) has "actual": null -> forecast, recorded as such
    kinds = table.set_index("from")["kind"]
    assert kinds[pd.Timestamp("2024-01-30T23:30Z")] == "gb-api:actual"
    assert kinds[pd.Timestamp("2024-01-31T00:00Z")] == "gb-api:forecast"


def test_values_are_the_recorded_ones(recorded_server, tmp_path):
    import json

    from hpc_helpers import DATA_DIR

    raw = json.loads((DATA_DIR / "gb_api" / "2024-01-04T0000Z_2024-01-18T0000Z.json").read_text())
    item = next(d for d in raw["data"] if d["from"] == "2024-01-12T08:30Z")
    table = GBCarbonIntensityClient(recorded_server.url, cache_dir=False).fetch(
        "2024-01-12T08:00Z", "2024-01-12T10:00Z")
    assert len(table) == 4
    assert table.set_index("from").loc[pd.Timestamp("2024-01-12T08:30Z"), "intensity"] == \
        item["intensity"]["actual"]


def test_disk_cache_avoids_requests(recorded_server, tmp_path):
    GBCarbonIntensityClient(recorded_server.url, cache_dir=tmp_path).fetch(
        "2024-01-05", "2024-01-06")
    assert len(recorded_server.requests) == 1
    again = GBCarbonIntensityClient(recorded_server.url, cache_dir=tmp_path)
    table = again.fetch("2024-01-05", "2024-01-06")
    assert again.requests_made == 0 and len(recorded_server.requests) == 1
    assert len(table) == 48
    assert len(list(tmp_path.glob("*.json"))) == 1


def test_server_errors_are_retried_then_reported(recorded_server, monkeypatch):
    import footprintlab.hpc._http as http

    waits = []
    monkeypatch.setattr(http.time, "sleep", waits.append)
    recorded_server.routes["/intensity/2024-01-04T00:00Z/2024-01-18T00:00Z"] = (503, {})
    client = GBCarbonIntensityClient(recorded_server.url, cache_dir=False, retries=2)
    with pytest.raises(HTTPFetchError, match="HTTP Error 503|failed after 3 attempts"):
        client.fetch("2024-01-05", "2024-01-06")
    assert len(recorded_server.requests) == 3
    assert waits == [0.5, 1.0]  # exponential backoff


def test_bad_answer_shape(recorded_server):
    recorded_server.routes["/intensity/2024-01-04T00:00Z/2024-01-18T00:00Z"] = (200, {"x": 1})
    with pytest.raises(ValueError, match=r"expected \{'data'"):
        GBCarbonIntensityClient(recorded_server.url, cache_dir=False).fetch("2024-01-05",
                                                                            "2024-01-06")

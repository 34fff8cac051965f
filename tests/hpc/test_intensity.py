import numpy as np
import pandas as pd
import pytest
from footprintlab.hpc import (
    country_fallback,
    intensity_from_series,
    lookup_intensity,
    read_intensity_csv,
)


def test_csv_without_to_lasts_until_next_row(tmp_path):
    path = tmp_path / "int.csv"
    path.write_text("from,intensity\n2024-01-10T00:00Z,100\n2024-01-10T01:00Z,200\n")
    table = read_intensity_csv(path)
    assert list(table["to"]) == [pd.Timestamp("2024-01-10T01:00Z"),
                                 pd.Timestamp("2024-01-10T02:00Z")]
    starts = pd.to_datetime(["2024-01-10T00:30Z", "2024-01-10T01:30Z", "2024-01-10T02:00Z"])
    values, kinds = lookup_intensity(table, starts.as_unit("s").asi8.astype(float))
    assert values[:2].tolist() == [100.0, 200.0] and np.isnan(values[2])
    assert list(kinds) == ["csv:int.csv", "csv:int.csv", ""]


def test_fallback_fills_missing_periods_and_is_recorded():
    fallback = country_fallback("United Kingdom")
    assert fallback.iso3 == "GBR" and fallback.intensity > 0
    values, kinds = lookup_intensity(None, np.array([0.0]), fallback)
    assert values[0] == fallback.intensity
    assert kinds[0] == f"country-average:GBR:{fallback.year}"


def test_series_input():
    series = pd.Series([50.0, 60.0], index=pd.to_datetime(["2024-01-01 00:00", "2024-01-01 00:30"]))
    table = intensity_from_series(series, source="my-meter")
    assert list(table["kind"]) == ["my-meter", "my-meter"]
    assert table["to"].iloc[1] == pd.Timestamp("2024-01-01T01:00Z")


def test_csv_errors_name_row_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("from,intensity\n2024-01-10T00:00Z,lots\n")
    with pytest.raises(ValueError, match=r"bad.csv, line 2, column 'intensity': 'lots'"):
        read_intensity_csv(path)
    path.write_text("start,intensity\n")
    with pytest.raises(ValueError, match=r"missing column\(s\) \['from'\]"):
        read_intensity_csv(path)


def test_unknown_country_suggests():
    with pytest.raises(KeyError):
        country_fallback("Untied Kingdom")

"""Beyond CCF: national grid factors, embodied carbon, hourly intensity, derived uptimes."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from footprintlab import onprem
from footprintlab.model.country_data import find_country
from onprem_ccf_cases import COMMON

ROW = {**COMMON, "cpuDescription": "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", "memory": 192,
       "machineType": "server", "country": "France", "startTime": "2024-01-01T00:00:00Z",
       "endTime": "2024-01-03T00:00:00Z"}


def test_ccf_compatible_off_uses_country_table_and_adds_embodied():
    row = onprem.estimate(pd.DataFrame([ROW]), ccf_compatible=False).iloc[0]
    france = find_country("FRA").carbon_intensity_g_per_kwh
    assert row["emissionFactor"] == france / 1e6
    assert "CC BY 4.0" in row["emissionFactorSource"]
    kg = 1000 + (192 - 16) * 533 / 384  # CCF embodied: base + DRAM beyond 16 GB
    assert row["embodiedKgCo2e"] == pytest.approx(kg)
    assert row["lifespanYears"] == 4
    assert row["annualEmbodiedCo2e"] == pytest.approx(kg / 1000 / 4)
    assert row["dailyEmbodiedCo2e"] == pytest.approx(kg / 1000 * 24 / (4 * 8760))


def test_each_switch_alone():
    grid_only = onprem.estimate(pd.DataFrame([ROW]), grid="countries")
    assert "annualEmbodiedCo2e" not in grid_only
    embodied_only = onprem.estimate(pd.DataFrame([ROW]), embodied=True).iloc[0]
    assert embodied_only["emissionFactor"] == 0.00005128  # CCF's France factor


def test_embodied_for_other_machine_types_needs_a_value():
    rows = [{**ROW, "machineType": "laptop"},
            {**ROW, "machineType": "desktop", "embodiedKgCo2e": 300, "lifespanYears": 5}]
    result = onprem.estimate(pd.DataFrame(rows), embodied=True)
    assert math.isnan(result.at[0, "annualEmbodiedCo2e"])
    assert "no cited embodied default for machine type 'laptop'" in result.at[0, "fallbacks"]
    assert result.at[1, "annualEmbodiedCo2e"] == pytest.approx(0.3 / 5)
    assert result.at[1, "embodiedSource"] == "row"
    given = onprem.estimate(pd.DataFrame(rows[:1]), embodied=True,
                            embodied_defaults={"laptop": (250, 4)})
    assert given.at[0, "annualEmbodiedCo2e"] == pytest.approx(0.25 / 4)


def test_hourly_series_mean_over_the_period_replaces_the_grid_factor():
    hours = pd.date_range("2024-01-01", periods=48, freq="h", tz="UTC")
    series = pd.Series(np.r_[np.full(24, 100.0), np.full(24, 300.0)], index=hours)
    rows = [ROW, {**ROW, "startTime": "2024-01-02T00:00:00Z"},
            {**ROW, "startTime": "2025-01-01T00:00:00Z", "endTime": "2025-01-02T00:00:00Z"}]
    result = onprem.estimate(pd.DataFrame(rows), carbon_intensity=series)
    assert result["emissionFactor"].tolist()[:2] == [200e-6, 300e-6]  # g/kWh -> t/kWh
    assert result.at[2, "emissionFactor"] == 0.00005128
    assert "does not cover the period" in result.at[2, "fallbacks"]
    assert result.at[0, "annualCo2e"] == pytest.approx(result.at[0, "annualKilowattHours"] * 2e-4)


def test_missing_uptimes_are_derived_and_marked():
    row = {**ROW, "dailyUptime": "", "weeklyUptime": "", "monthlyUptime": "", "annualUptime": 4380}
    result = onprem.estimate(pd.DataFrame([row])).iloc[0]
    assert result["derivedUptimes"] == "daily+weekly+monthly"
    assert (result["dailyUptime"], result["weeklyUptime"], result["monthlyUptime"]) == (
        12.0, 84.0, 365.0)
    assert result["annualUptime"] == 4380
    assert result["spanHours"] == 48 and result["periodUptime"] == 24  # 2 days x 12 h


def test_ccf_quirks_refuses_beyond_ccf_switches():
    with pytest.raises(ValueError, match="ccf_quirks=True reproduces CCF exactly"):
        onprem.estimate(pd.DataFrame([ROW]), ccf_quirks=True, embodied=True)
    with pytest.raises(ValueError, match="grid: expected 'ccf' or 'countries'"):
        onprem.estimate(pd.DataFrame([ROW]), grid="ember")


def test_unknown_machine_type_default_key_is_rejected():
    with pytest.raises(ValueError, match="unknown key"):
        onprem.estimate(pd.DataFrame([ROW]), machine_type_defaults={"server": {"watts": 3}})


def test_output_columns_in_order_even_when_empty():
    from footprintlab.onprem.schema import CCF_OUTPUT_COLUMNS, output_columns
    from onprem_helpers import HEADER

    full = onprem.estimate(pd.DataFrame([ROW]), embodied=True)
    assert tuple(full.columns) == output_columns(True)
    assert tuple(full.columns[:23]) == CCF_OUTPUT_COLUMNS
    empty = onprem.estimate((HEADER + "\n").encode())
    assert tuple(empty.columns) == output_columns(False) and len(empty) == 0


def test_plausibility_notes_for_fraction_utilization():
    row = onprem.estimate(pd.DataFrame([{**ROW, "cpuUtilization": 0.5}])).iloc[0]
    assert row["cpuUtilizationUsed"] == 0.5  # as CCF: a percentage, noted
    assert "cpuUtilization is a percentage" in row["fallbacks"]


SUB_NATIONAL = [("United States", "Texas"), ("US", "TX"), ("USA", "Oregon"),
                ("United States", "Alaska"), ("Germany", "Bavaria")]


def test_no_ccf_compatible_never_keeps_ccf_state_factors():
    rows = [{**ROW, "country": country, "region": region} for country, region in SUB_NATIONAL]
    result = onprem.estimate(pd.DataFrame(rows), ccf_compatible=False)
    for (country, region), (_, row) in zip(SUB_NATIONAL, result.iterrows()):
        record = find_country(country)
        assert row["emissionFactor"] == record.carbon_intensity_g_per_kwh / 1e6
        assert row["emissionFactorSource"] == f"{record.source} ({record.licence})"
        assert row["emissionFactorRegion"] == record.name
        assert f"region {region!r}" in row["fallbacks"]
    assert not result["emissionFactorSource"].str.contains("Cloud Carbon Footprint").any()
    ccf = onprem.estimate(pd.DataFrame(rows[:1]))  # CCF's factor stays the default
    assert ccf.at[0, "emissionFactor"] == 0.00041432
    assert ccf.at[0, "emissionFactorRegion"] == "United States-Texas"


def test_command_no_ccf_compatible_writes_own_factors_and_embodied_in_the_summary(tmp_path):
    import subprocess
    import sys

    from onprem_helpers import GOOD_ROW, csv_text

    source = tmp_path / "fleet.csv"
    source.write_text(csv_text(GOOD_ROW.replace("France,", "United States,Texas"),
                               GOOD_ROW.replace(",server,", ",laptop,")))
    out = tmp_path / "out.csv"
    done = subprocess.run([sys.executable, "-m", "footprintlab.cli", "onprem", str(source),
                           "-o", str(out), "--no-ccf-compatible"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out)
    usa, france = find_country("USA"), find_country("FRA")
    assert table["emissionFactor"].tolist() == [usa.carbon_intensity_g_per_kwh / 1e6,
                                                 france.carbon_intensity_g_per_kwh / 1e6]
    assert table["emissionFactorSource"].str.contains("Ember / Our World in Data").all()
    operational, embodied = table["annualCo2e"].sum(), table["annualEmbodiedCo2e"].sum()
    assert embodied > 0 and math.isnan(table.at[1, "annualEmbodiedCo2e"])
    assert (f"{operational:.6g} t CO2e operational + {embodied:.6g} t CO2e embodied = "
            f"{operational + embodied:.6g} t CO2e; 1 machine(s) without an embodied value"
            ) in done.stdout
    plain = subprocess.run([sys.executable, "-m", "footprintlab.cli", "onprem", str(source),
                            "-o", str(tmp_path / "ccf.csv")], capture_output=True, text=True)
    assert plain.returncode == 0 and "embodied" not in plain.stdout

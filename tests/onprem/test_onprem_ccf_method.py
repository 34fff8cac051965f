"""footprintlab reproduces Cloud Carbon Footprint's on-premise numbers exactly."""

from __future__ import annotations

import pandas as pd
import pytest
from footprintlab import onprem
from footprintlab.onprem.cli import main
from footprintlab.onprem.schema import CCF_OUTPUT_COLUMNS
from onprem_ccf_cases import COMMON, ESTIMATE_CASES, EXAMPLE_INPUT_CSV, EXAMPLE_OUTPUT_CSV


@pytest.mark.parametrize("case_id, row, defaults, expected", ESTIMATE_CASES,
                         ids=[c[0] for c in ESTIMATE_CASES])
@pytest.mark.parametrize("quirks", [False, True], ids=["footprintlab", "ccf_quirks"])
def test_ccf_unit_cases_exact(case_id, row, defaults, expected, quirks):
    frame = pd.DataFrame([{**COMMON, **row}])
    result = onprem.estimate(frame, machine_type_defaults=defaults, ccf_quirks=quirks)
    got = {key: result.at[0, key] for key in expected}
    assert got == expected  # exact float equality, as CCF's tests (Jest toEqual)


def test_worked_example_intermediate_values(example_csv):
    row = onprem.estimate(example_csv).iloc[0]
    assert row["processorFamily"] == "Skylake"
    assert row["averageWatts"] == 410.95000000000005  # 88.9 + 0.5 x (733 - 88.9)
    assert row["emissionFactor"] == 0.00041432  # United States-Texas
    assert row["emissionFactorRegion"] == "United States-Texas"
    assert row["dailyKilowattHours"] == 324.5278083574544
    assert row["dailyCo2e"] == 0.1344583615586605  # sum of the two parts, not kWh x EF
    assert row["dailyKilowattHours"] * row["emissionFactor"] == 0.13445836155866048
    assert row["cpuUtilizationSource"] == "default" and row["cpuUtilizationUsed"] == 50
    assert row["powerUsageEffectivenessUsed"] == 1.58
    assert row["fallbacks"] == "memory above 32768 GB: the column is in GB, not MB"


def test_formulas_by_hand():
    # compute kWh = (min + u x (max - min)) W x h x PUE / 1000
    # memory kWh = extra GB x 0.000392 kWh/GB-h x h x PUE
    frame = pd.DataFrame([{
        **COMMON, "cpuDescription": "Intel(R) Xeon(R) CPU E5-2667 v3 @ 3.20GHz",
        "memory": 100.38095238, "machineType": "server", "country": "France",
        "cpuUtilization": 20, "powerUsageEffectiveness": 1.2, "dailyUptime": 10}])
    row = onprem.estimate(frame).iloc[0]
    assert row["processorFamily"] == "Haswell"
    compute = (46.9 + (20 / 100) * (272 - 46.9)) * 10 * 1.2 / 1000
    memory = (100.38095238 - 80.38095238) * 10 * 0.000392 * 1.2
    assert row["dailyKilowattHours"] == pytest.approx(compute + memory, rel=1e-12)
    assert row["dailyCo2e"] == pytest.approx((compute + memory) * 0.00005128, rel=1e-12)


def test_cli_output_is_ccf_snapshot_byte_for_byte(example_csv):
    out = example_csv.with_name("out.csv")
    assert main([str(example_csv), "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    ccf_part = "".join(",".join(line.rstrip("\n").split(",")[:23]) + "\n" for line in lines)
    assert ccf_part == EXAMPLE_OUTPUT_CSV
    header = lines[0].rstrip("\n").split(",")
    assert tuple(header[:23]) == CCF_OUTPUT_COLUMNS
    assert "processorFamily" in header[23:] and "fallbacks" in header[23:]


def test_estimate_reads_paths_bytes_and_frames_alike(example_csv):
    from_path = onprem.estimate(example_csv)
    from_bytes = onprem.estimate(EXAMPLE_INPUT_CSV.encode())
    assert from_path["annualCo2e"].tolist() == from_bytes["annualCo2e"].tolist() == [
        1.2101252540279446
    ]
    assert from_path["memory"].tolist() == ["130690"]  # input cells echoed as read


def test_unknown_cpu_is_a_recorded_fallback():
    frame = pd.DataFrame([{**COMMON, "cpuDescription": "Intel(R) Xeon(R) Amber 4114 CPU @ 2.20GHz",
                           "memory": 16, "machineType": "server"}])
    row = onprem.estimate(frame).iloc[0]
    assert row["processorFamily"] == "" and row["familyMatch"] == "none"
    assert (row["minWatts"], row["maxWatts"], row["processorMemoryGb"]) == (
        65.81111111, 367.1444444, 331.7121348)
    assert "processor family not recognised" in row["fallbacks"]
    assert "no country" in row["fallbacks"]
    assert row["emissionFactor"] == 0.0003228315385


def test_epyc_3rd_gen_has_no_coefficients_and_falls_back():
    frame = pd.DataFrame([{**COMMON, "cpuDescription": "AMD EPYC 7763 64-Core Processor",
                           "memory": 512, "machineType": "server", "country": "DE"}])
    row = onprem.estimate(frame).iloc[0]
    assert row["processorFamily"] == "AMD EPYC 3rd Gen"
    assert row["minWatts"] == 65.81111111
    assert "AMD EPYC 3rd Gen has no coefficients" in row["fallbacks"]
    assert row["emissionFactor"] == 0.00033866  # "DE" read as Germany


def test_machine_type_default_fills_only_blank_utilization_unless_quirks():
    rows = [{**COMMON, "memory": 16, "machineType": "server", "cpuUtilization": 10},
            {**COMMON, "memory": 16, "machineType": "server"}]
    defaults = {"server": {"cpu_utilization": 80}}
    ours = onprem.estimate(pd.DataFrame(rows), machine_type_defaults=defaults)
    assert ours["cpuUtilizationUsed"].tolist() == [10, 80]
    assert ours["cpuUtilizationSource"].tolist() == ["row", "machine type"]
    ccf = onprem.estimate(pd.DataFrame(rows), machine_type_defaults=defaults, ccf_quirks=True)
    assert ccf["cpuUtilizationUsed"].tolist() == [80, 80]


def test_machine_type_defaults_from_ccf_environment_variables():
    env = {"ON_PREMISE_CPU_UTILIZATION_SERVER": "45", "ON_PREMISE_AVG_WATTS_LAPTOP": "250",
           "ON_PREMISE_AVG_WATTS_DESKTOP": "not a number"}
    assert onprem.machine_type_defaults_from_env(env) == {
        "server": {"cpu_utilization": 45.0}, "laptop": {"average_watts": 250.0}}


def test_us_state_outside_ccf_list_uses_national_factor_unless_quirks():
    row = {**COMMON, "memory": 16, "machineType": "server", "country": "United States",
           "region": "Nevada"}
    ours = onprem.estimate(pd.DataFrame([row])).iloc[0]
    assert ours["emissionFactor"] == 0.00042394
    assert "not in CCF's state list" in ours["fallbacks"]
    ccf = onprem.estimate(pd.DataFrame([row]), ccf_quirks=True).iloc[0]
    assert ccf["emissionFactor"] == 0.0003228315385


def test_state_postal_code_and_case_are_accepted():
    row = {**COMMON, "memory": 16, "machineType": "server", "country": "usa", "region": "tx"}
    assert onprem.estimate(pd.DataFrame([row])).at[0, "emissionFactor"] == 0.00041432


def test_onprem_loads_lazily_and_without_widgets():
    import subprocess
    import sys

    code = ("import sys, footprintlab as fl; assert 'footprintlab.onprem' not in sys.modules; "
            "fl.onprem.estimate; assert 'ipywidgets' not in sys.modules; print('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr


def test_machine_type_defaults_ignore_case_unless_quirks():
    rows = [{**COMMON, "memory": 16, "machineType": "SERVER"}]
    ours = onprem.estimate(pd.DataFrame(rows), machine_type_defaults={"Server": {
        "cpu_utilization": 70}})
    assert ours.at[0, "cpuUtilizationUsed"] == 70
    ccf = onprem.estimate(pd.DataFrame(rows), machine_type_defaults={"server": {
        "cpu_utilization": 70}}, ccf_quirks=True)
    assert ccf.at[0, "cpuUtilizationUsed"] == 50  # CCF: only exact lower-case types

import io

import pandas as pd
import pytest
from footprintlab.cli import main as footprintlab_main
from footprintlab.hpc.cli import main
from hpc_helpers import NOTEBOOK_ENERGY_J, step_series

SACCT = """JobID|User|Account|Partition|NodeList|AllocCPUS|Start|End|State|ElapsedRaw
71|alice|phys|cpu|n[1-2]|8|2024-01-10T00:00:00|2024-01-10T01:21:29|COMPLETED|4889
71.batch|||cpu|n1|4|2024-01-10T00:00:00|2024-01-10T01:21:29|COMPLETED|4889
72|bob|chem|cpu|n3|4|2024-01-10T00:00:00|2024-01-10T00:30:00|COMPLETED|1800
"""
T0 = pd.Timestamp("2024-01-10T00:00Z").value / 1e9


@pytest.fixture
def files(tmp_path):
    sacct = tmp_path / "sacct.txt"
    sacct.write_text(SACCT)
    samples = pd.concat([step_series(T0, 30.0).assign(node=n) for n in ("n1", "n2")])
    power = tmp_path / "power.csv"
    samples.rename(columns={"time": "timestamp"})[["timestamp", "node", "watts"]].to_csv(
        power, index=False)
    intensity = tmp_path / "intensity.csv"
    intensity.write_text("from,intensity\n2024-01-10T00:00Z,100\n2024-01-10T00:30Z,100\n"
                         "2024-01-10T01:00Z,100\n")
    return tmp_path, sacct, power, intensity


def test_csv_inputs_to_csv_output(files, capsys):
    tmp, sacct, power, intensity = files
    out = tmp / "out.csv"
    assert main([str(sacct), "--power", str(power), "--intensity", str(intensity),
                 "-o", str(out)]) == 0
    table = pd.read_csv(out, dtype={"JobID": str}).set_index("JobID")
    assert list(table.index) == ["71", "72"]
    energy_j = table.loc["71", "energy_kWh"] * 3.6e6
    assert energy_j == pytest.approx(2 * NOTEBOOK_ENERGY_J, rel=0.01)
    assert table.loc["71", "co2e_kg"] == pytest.approx(table.loc["71", "energy_kWh"] * 0.1)
    assert table.loc["71", "intensity_source"] == "csv:intensity.csv"
    assert table.loc["72", "flags"] == "no_power_data"
    assert {"energy_kWh", "co2e_kg", "intensity_source", "flags"} <= set(table.columns)
    assert "wrote 2 jobs" in capsys.readouterr().err


def test_no_overwrite_without_force(files, capsys):
    tmp, sacct, power, intensity = files
    out = tmp / "out.csv"
    out.write_text("mine")
    args = [str(sacct), "--power", str(power), "--intensity", str(intensity), "-o", str(out)]
    assert main(args) == 2
    assert out.read_text() == "mine"
    assert "exists; nothing was written (pass --force" in capsys.readouterr().err
    assert main([str(sacct), "--power", str(power), "--intensity", str(intensity),
                 "-o", str(sacct), "--force"]) == 2
    assert sacct.read_text() == SACCT  # the input is never overwritten
    assert "is the input file" in capsys.readouterr().err
    assert main(args + ["--force"]) == 0
    assert out.read_text().startswith("JobID,")


def test_dispatch_from_top_level_cli_and_stdout(files, capsys):
    _tmp, sacct, power, _ = files
    assert footprintlab_main(["hpc", str(sacct), "--power", str(power), "--country", "FR"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"JobID": str})
    assert table["intensity_source"].iloc[0].startswith("country-average:FRA:")


def test_needs_an_intensity(files, capsys):
    _tmp, sacct, power, _ = files
    assert main([str(sacct), "--power", str(power)]) == 2
    assert "--intensity" in capsys.readouterr().err


def test_bad_input_is_reported_not_raised(files, capsys):
    tmp, sacct, _, intensity = files
    bad = tmp / "bad.csv"
    bad.write_text("time_utc,node,watts\n")
    assert main([str(sacct), "--power", str(bad), "--intensity", str(intensity)]) == 2
    assert "missing column(s) ['timestamp']" in capsys.readouterr().err


def test_gb_api_and_victoria_metrics(files, recorded_server, victoria_metrics, capsys):
    tmp, sacct, _, _ = files
    samples = pd.concat([step_series(T0, 30.0).assign(node=n) for n in ("n1", "n2")])
    victoria_metrics.import_samples(samples)
    code = main([str(sacct), "--power", victoria_metrics.url, "--intensity", "gb-api",
                 "--gb-api-url", recorded_server.url, "--cache-dir", str(tmp / "cache"),
                 "--timezone", "Europe/London"])
    assert code == 0, capsys.readouterr().err
    table = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"JobID": str})
    row = table.set_index("JobID").loc["71"]
    assert row["energy_kWh"] * 3.6e6 == pytest.approx(2 * NOTEBOOK_ENERGY_J, rel=0.01)
    assert row["intensity_source"] == "gb-api:actual"
    assert 0 < row["co2e_kg"] < row["energy_kWh"]
    assert [p for p, _ in recorded_server.requests] == [
        "/intensity/2024-01-04T00:00Z/2024-01-18T00:00Z"]


def test_example_runs_the_shipped_samples(capsys):
    assert main(["--example"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("JobID,User,Account") and len(out) == 41


def test_missing_inputs_say_what_to_give(capsys):
    assert main([]) == 2
    assert "give SACCT_FILE and --power (or --example" in capsys.readouterr().err

"""`footprintlab onprem`: output placement, no-overwrite rules, exit codes, messages."""

from __future__ import annotations

import os
import subprocess
import sys

from footprintlab.onprem.cli import main
from onprem_ccf_cases import EXAMPLE_INPUT_CSV, EXAMPLE_OUTPUT_CSV
from onprem_helpers import GOOD_ROW, csv_text


def ccf_columns(path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return "".join(",".join(line.split(",")[:23]) + "\n" for line in lines)


def test_default_output_goes_next_to_input_with_a_unique_name(example_csv, capsys):
    assert main([str(example_csv)]) == 0
    first = example_csv.with_name("fleet.footprint.csv")
    assert ccf_columns(first) == EXAMPLE_OUTPUT_CSV
    assert f"Written to {first}" in capsys.readouterr().out
    first.write_text("my own notes\n")
    assert main([str(example_csv)]) == 0
    assert first.read_text() == "my own notes\n"  # never overwritten
    assert ccf_columns(example_csv.with_name("fleet.footprint-2.csv")) == EXAMPLE_OUTPUT_CSV
    assert main([str(example_csv)]) == 0
    assert example_csv.with_name("fleet.footprint-3.csv").exists()


def test_existing_output_needs_force(example_csv, capsys):
    out = example_csv.with_name("result.csv")
    out.write_text("keep me\n")
    assert main([str(example_csv), "-o", str(out)]) == 2
    assert out.read_text() == "keep me\n"
    assert "exists; pass --force" in capsys.readouterr().err
    assert main([str(example_csv), "-o", str(out), "--force"]) == 0
    assert ccf_columns(out) == EXAMPLE_OUTPUT_CSV


def test_input_is_never_touched_even_with_force(example_csv, capsys):
    assert main([str(example_csv), "-o", str(example_csv), "--force"]) == 2
    assert example_csv.read_text(encoding="utf-8") == EXAMPLE_INPUT_CSV
    assert "is the input file" in capsys.readouterr().err


def test_invalid_input_writes_nothing_and_lists_every_problem(tmp_path, capsys):
    source = tmp_path / "bad.csv"
    bad = GOOD_ROW.replace(",192,", ",many,")
    source.write_text(csv_text(GOOD_ROW, bad, bad.replace("France", "Frnace")))
    assert main([str(source)]) == 2
    err = capsys.readouterr().err
    assert "row 2, column 'memory': got 'many'" in err
    assert "row 3, column 'memory': got 'many'" in err
    assert "row 3, column 'country': got 'Frnace'; expected a country name" in err
    assert "nothing written" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]  # no output, no temp file


def test_skip_invalid_estimates_valid_rows_and_lists_skipped(tmp_path, capsys):
    source = tmp_path / "bad.csv"
    source.write_text(csv_text(GOOD_ROW, GOOD_ROW.replace(",192,", ",x,"), GOOD_ROW))
    assert main([str(source), "--skip-invalid"]) == 0
    captured = capsys.readouterr()
    assert "Skipped rows: 2" in captured.err and "Estimated 2 machine(s)" in captured.out
    lines = (tmp_path / "bad.footprint.csv").read_text().splitlines()
    assert len(lines) == 3


def test_validate_only_and_missing_input(example_csv, tmp_path, capsys):
    assert main([str(example_csv), "--validate-only"]) == 0
    assert "Input is valid: 1 rows." in capsys.readouterr().out
    assert main([str(tmp_path / "nope.csv")]) == 2
    assert "no input file" in capsys.readouterr().err
    assert main(["--no-such-option"]) == 2


def test_output_folder_must_exist(example_csv, capsys):
    assert main([str(example_csv), "-o", str(example_csv.parent / "missing" / "o.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_streams_in_chunks_with_same_result(tmp_path):
    source = tmp_path / "many.csv"
    source.write_text(csv_text(*[GOOD_ROW] * 25))
    assert main([str(source), "-o", str(tmp_path / "a.csv"), "--chunk-rows", "4"]) == 0
    assert main([str(source), "-o", str(tmp_path / "b.csv")]) == 0
    a, b = (tmp_path / "a.csv").read_text(), (tmp_path / "b.csv").read_text()
    assert a == b and len(a.splitlines()) == 26


def test_console_command_dispatches_to_onprem(example_csv):
    out = example_csv.with_name("cli.csv")
    done = subprocess.run([sys.executable, "-m", "footprintlab.cli", "onprem", str(example_csv),
                           "-o", str(out)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONWARNINGS": "error"})
    assert done.returncode == 0, done.stderr
    assert ccf_columns(out) == EXAMPLE_OUTPUT_CSV


def test_cli_switches_beyond_ccf(tmp_path, monkeypatch):
    source = tmp_path / "fleet.csv"
    source.write_text(csv_text(GOOD_ROW.replace(",40,", ",,")))
    series = tmp_path / "intensity.csv"
    hours = [f"2024-01-{day:02d}T{hour:02d}:00:00Z" for day in range(1, 32) for hour in range(24)]
    series.write_text("time,g_per_kwh\n" + "".join(f"{h},80\n" for h in hours))
    monkeypatch.setenv("ON_PREMISE_CPU_UTILIZATION_SERVER", "70")
    out = tmp_path / "out.csv"
    assert main([str(source), "-o", str(out), "--carbon-intensity", str(series), "--ccf-env",
                 "--no-ccf-compatible"]) == 0
    header, row = (line.split(",") for line in out.read_text().splitlines())
    cell = dict(zip(header, row))
    assert cell["emissionFactor"] == "0.00008"  # 80 g/kWh over January
    assert cell["cpuUtilizationUsed"] == "70" and cell["cpuUtilizationSource"] == "machine type"
    assert float(cell["annualEmbodiedCo2e"]) > 0
    assert main([str(source), "-o", str(tmp_path / "x.csv"), "--carbon-intensity",
                 str(tmp_path / "missing.csv")]) == 2


def test_carbon_intensity_file_errors_name_file_line_and_value(tmp_path, capsys):
    source = tmp_path / "fleet.csv"
    source.write_text(csv_text(GOOD_ROW))
    series = tmp_path / "intensity.csv"
    for body, message in [
        ("2024-01-01T00:00:00Z,80\n2024-01-01T01:00:00Z,-5\n", "line 3: got '-5'; expected "
         "gCO2e/kWh, a number >= 0"),
        ("2024-01-01T00:00:00Z,eighty\n", "line 2: got 'eighty'"),
        ("2024-01-01T00:00:00Z,nan\n", "line 2: got 'nan'"),
        ("yesterday,80\n", "line 2: got 'yesterday'; expected an ISO 8601 time"),
    ]:
        series.write_text("time,g_per_kwh\n" + body)
        assert main([str(source), "--carbon-intensity", str(series)]) == 2
        assert f"{series}, {message}" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fleet.csv", "intensity.csv"]


def test_example_estimates_the_shipped_inventory_to_stdout(capsys):
    assert main(["--example"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("cpuDescription,machineName,")
    assert len(captured.out.strip().splitlines()) == 11
    assert "Estimated 10 machine(s)" in captured.err


def test_input_and_example_together_is_an_error(example_csv, capsys):
    assert main([str(example_csv), "--example"]) == 2
    assert main([]) == 2
    assert "give an INPUT csv or --example" in capsys.readouterr().err

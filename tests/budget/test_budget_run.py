"""``footprintlab budget run``: real subprocesses, exit codes, the row written, the baseline."""
from __future__ import annotations

import csv
import subprocess
import sys
import textwrap

import pytest
from footprintlab.budget import read_baseline
from footprintlab.budget.files import footprint_columns

BURN = "import time\nt = time.process_time()\nwhile time.process_time() - t < {s}: pass\n"


def budget(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "footprintlab.cli", "budget", *map(str, args)],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


def burner(seconds: float) -> list[str]:
    return [sys.executable, "-c", BURN.format(s=seconds)]


def test_exit_status_follows_the_command(tmp_path):
    assert budget("run", "--", sys.executable, "-c", "pass", cwd=tmp_path).returncode == 0
    failed = budget("run", "--", sys.executable, "-c", "raise SystemExit(5)", cwd=tmp_path)
    assert failed.returncode == 5
    killed = budget("run", "--", "sh", "-c", "kill -9 $$", cwd=tmp_path)
    assert killed.returncode == 128 + 9
    missing = budget("run", "--", "no-such-command-anywhere", cwd=tmp_path)
    assert missing.returncode == 127
    assert "cannot run no-such-command-anywhere" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_the_command_output_passes_through(tmp_path):
    done = budget("run", "--", sys.executable, "-c", "print('hello from the command')",
                  cwd=tmp_path)
    assert done.stdout == "hello from the command\n"
    assert "footprintlab budget:" in done.stderr


def test_over_budget_is_3_within_is_0_and_a_failure_wins(tmp_path):
    saved = budget("run", "--save-baseline", "base.csv", "--", *burner(0.2), cwd=tmp_path)
    assert saved.returncode == 0, saved.stderr
    assert read_baseline(tmp_path / "base.csv").total.phase == "command"
    over = budget("run", "--baseline", "base.csv", "--fail-over", "50", "--", *burner(0.8),
                  cwd=tmp_path)
    assert over.returncode == 3, over.stderr
    assert "OVER BUDGET" in over.stderr
    within = budget("run", "--baseline", "base.csv", "--fail-over", "50", "--",
                    sys.executable, "-c", "pass", cwd=tmp_path)
    assert within.returncode == 0, within.stderr
    failing = budget("run", "--baseline", "base.csv", "--fail-over", "50", "--", "sh", "-c",
                     BURN.format(s=0.8).join(["python3 -c '", "'; exit 4"]), cwd=tmp_path)
    assert failing.returncode == 4  # the command's failure, not the budget's


def test_the_process_tree_is_measured_and_the_row_appended(tmp_path):
    script = tmp_path / "tree.sh"
    script.write_text(textwrap.dedent(f"""\
        {sys.executable} -c '{BURN.format(s=0.3)}' &
        {sys.executable} -c '{BURN.format(s=0.3)}' &
        wait
        """))
    for _ in range(2):
        done = budget("run", "-o", "runs.csv", "--project", "tree", "--", "sh", str(script),
                      cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    with open(tmp_path / "runs.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames) == footprint_columns()
        table = list(reader)
    assert len(table) == 2
    for row in table:
        assert row["project_name"] == "tree" and row["phase"] == "command"
        assert float(row["cpu_seconds"]) >= 0.6  # both grandchildren
        assert float(row["cpu_energy"]) == pytest.approx(float(row["budget_energy"]))
        assert float(row["energy_consumed"]) >= float(row["cpu_energy"])
        assert "process tree CPU time" in row["cpu_method"]


def test_repeat_takes_the_median_and_writes_each_run(tmp_path):
    done = budget("run", "--repeat", "3", "-o", "runs.csv", "--", *burner(0.05), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "median of 3" in done.stderr
    with open(tmp_path / "runs.csv", newline="", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 3


@pytest.mark.parametrize("args, message", [
    ([], "give the command after --"),
    (["--fail-over", "10", "--", "true"], "--fail-over needs --baseline"),
    (["--repeat", "0", "--", "true"], "--repeat"),
])
def test_usage_errors(tmp_path, args, message):
    done = budget("run", *args, cwd=tmp_path)
    assert done.returncode == 2 and message in done.stderr


def test_a_bad_baseline_is_one_line_naming_file_and_line(tmp_path):
    (tmp_path / "base.csv").write_text("test_id,phase,budget_energy\n,session,-1\n")
    done = budget("run", "--baseline", "base.csv", "--", "true", cwd=tmp_path)
    assert done.returncode == 2
    assert "base.csv: line 2: budget_energy '-1'" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1

"""The pytest plugin, run by pytest's own ``pytester``: CSV, report, baseline, fail-over."""
from __future__ import annotations

import csv

import pytest
from footprintlab.budget import read_baseline
from footprintlab.budget.files import footprint_columns

pytest_plugins = ["pytester"]

BURN = """
import time

def burn(seconds):
    start = time.process_time()
    while time.process_time() - start < seconds:
        pass
"""


def suite(pytester, heavy_s: float) -> None:
    """Two tests: one doing nothing, one burning ``heavy_s`` CPU seconds, and a fixture."""
    pytester.makepyfile(test_suite=BURN + f"""
import pytest

@pytest.fixture
def prepared():
    burn(0.05)
    yield
    burn(0.02)

def test_light():
    pass

def test_heavy(prepared):
    burn({heavy_s})
""")


def rows(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_off_unless_asked(pytester):
    suite(pytester, 0.0)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    assert not (pytester.path / "footprint.csv").exists()
    assert " footprint -" not in result.stdout.str() and "session:" not in result.stdout.str()


def test_csv_has_codecarbon_columns_and_a_row_per_phase(pytester):
    suite(pytester, 0.2)
    result = pytester.runpytest("-p", "no:cacheprovider", "--footprint",
                                "--footprint-project", "demo")
    result.assert_outcomes(passed=2)
    with open(pytester.path / "footprint.csv", newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert tuple(header) == footprint_columns()
    table = rows(pytester.path / "footprint.csv")
    phases = [(r["test_id"], r["phase"]) for r in table]
    for test in ("test_suite.py::test_light", "test_suite.py::test_heavy"):
        assert [p for t, p in phases if t == test] == ["setup", "call", "teardown"]
    assert phases[-1] == ("", "session") and len(table) == 7
    assert {r["project_name"] for r in table} == {"demo"}
    assert len({r["experiment_id"] for r in table}) == 1  # one session groups its rows
    by = {(r["test_id"], r["phase"]): r for r in table}
    heavy = by[("test_suite.py::test_heavy", "call")]
    assert float(heavy["cpu_seconds"]) >= 0.2
    assert float(by[("test_suite.py::test_heavy", "setup")]["cpu_seconds"]) >= 0.05
    assert float(by[("test_suite.py::test_heavy", "teardown")]["cpu_seconds"]) >= 0.02
    session = by[("", "session")]
    assert float(session["cpu_seconds"]) >= 0.27
    parts = sum(float(r["cpu_seconds"]) for r in table if r["phase"] != "session")
    assert float(session["cpu_seconds"]) >= parts  # the session covers its tests
    # budget energy = CPU s x W per thread, the same factor on every row
    ratios = {round(float(r["budget_energy"]) / float(r["cpu_seconds"]), 15)
              for r in table if float(r["cpu_seconds"]) > 0}
    assert len(ratios) == 1
    assert float(heavy["energy_consumed"]) > 0 and heavy["cpu_method"]
    # the report: totals, then the heaviest test first
    out = result.stdout.str()
    assert " footprint -" in out and "session: 2 tests" in out
    listed = [line for line in out.splitlines() if line.startswith("test_suite.py::")]
    assert [line.split()[0] for line in listed] == ["test_suite.py::test_heavy",
                                                    "test_suite.py::test_light"]


def test_a_heavier_change_fails_the_budget_and_a_lighter_one_passes(pytester):
    suite(pytester, 0.3)
    saved = pytester.runpytest("-p", "no:cacheprovider", "--footprint-save-baseline",
                               "baseline.csv")
    saved.assert_outcomes(passed=2)
    baseline = read_baseline(pytester.path / "baseline.csv")
    assert baseline.total.phase == "session" and baseline.total.cpu_seconds >= 0.3
    assert baseline.test_kwh("test_suite.py::test_heavy") > 0

    suite(pytester, 1.2)  # four times the work
    heavier = pytester.runpytest("-p", "no:cacheprovider", "--footprint-baseline",
                                 "baseline.csv", "--footprint-fail-over", "50")
    heavier.assert_outcomes(passed=2)
    assert heavier.ret == pytest.ExitCode.TESTS_FAILED
    assert "OVER BUDGET" in heavier.stdout.str()
    heavy_line = next(line for line in heavier.stdout.str().splitlines()
                      if line.startswith("test_suite.py::test_heavy"))
    assert heavy_line.split()[-1].startswith("+")  # its change against the baseline

    suite(pytester, 0.0)
    lighter = pytester.runpytest("-p", "no:cacheprovider", "--footprint-baseline",
                                 "baseline.csv", "--footprint-fail-over", "50")
    assert lighter.ret == pytest.ExitCode.OK
    assert "within the allowed +50%" in lighter.stdout.str()


def test_a_command_run_by_a_test_is_charged_to_it(pytester):
    pytester.makepyfile(test_child="""
import subprocess, sys

def test_runs_a_command():
    subprocess.run([sys.executable, "-c",
                    "import time\\nt = time.process_time()\\n"
                    "while time.process_time() - t < 0.3: pass"], check=True)
""")
    result = pytester.runpytest("-p", "no:cacheprovider", "--footprint")
    result.assert_outcomes(passed=1)
    call = next(r for r in rows(pytester.path / "footprint.csv") if r["phase"] == "call")
    assert float(call["cpu_seconds"]) >= 0.3


def test_history_appends_the_session_row(pytester):
    suite(pytester, 0.0)
    for _ in range(2):
        pytester.runpytest("-p", "no:cacheprovider", "--footprint-history", "history.csv")
    history = rows(pytester.path / "history.csv")
    assert [r["phase"] for r in history] == ["session", "session"]
    assert len(rows(pytester.path / "footprint.csv")) == 7  # replaced, not appended


@pytest.mark.parametrize("content, expected", [
    ("test_id,phase,budget_energy\n", "line 2: no total row"),
    ("test_id,phase,budget_energy\n,session,abc\n", "line 2: budget_energy 'abc' is not a number"),
    ("id,energy\n1,2\n", "line 1: not a footprintlab baseline: no column test_id"),
])
def test_a_bad_baseline_stops_before_any_test_with_one_line(pytester, content, expected):
    suite(pytester, 0.0)
    (pytester.path / "baseline.csv").write_text(content)
    result = pytester.runpytest("-p", "no:cacheprovider", "--footprint-baseline", "baseline.csv")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    error = result.stderr.str()
    assert "baseline.csv" in error and expected in error
    assert "Traceback" not in error + result.stdout.str()
    assert not (pytester.path / "footprint.csv").exists()


def test_usage_errors(pytester):
    suite(pytester, 0.0)
    result = pytester.runpytest("-p", "no:cacheprovider", "--footprint",
                                "--footprint-fail-over", "10")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "--footprint-fail-over needs --footprint-baseline" in result.stderr.str()
    result = pytester.runpytest("-p", "no:cacheprovider", "--footprint-baseline", "missing.csv")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "cannot read missing.csv" in result.stderr.str()
    result = pytester.runpytest("-p", "no:cacheprovider", "--footprint-fail-over", "ten")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "expected a percentage" in result.stderr.str()


def test_an_output_that_cannot_be_written_fails_the_run_with_a_message(pytester):
    suite(pytester, 0.0)
    (pytester.path / "sub").mkdir()
    result = pytester.runpytest("-p", "no:cacheprovider", "--footprint",
                                "--footprint-output", "no/such/folder/footprint.csv")
    result.assert_outcomes(passed=2)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "error: could not write the per-test CSV no/such/folder/footprint.csv" in \
        result.stdout.str()

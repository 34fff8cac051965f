"""Every validation error path: each problem has its row, column, value and expectation."""

from __future__ import annotations

import pandas as pd
import pytest
from footprintlab import onprem
from footprintlab.onprem import OnPremInputError
from onprem_helpers import GOOD_ROW, HEADER, csv_text


def problems_of(text: str, **kwargs) -> list[tuple]:
    report = onprem.validate(text.encode(), **kwargs)
    return [(p.row, p.column, p.value) for p in report.problems]


def with_cell(column: str, value: str) -> str:
    cells = GOOD_ROW.split(",")
    cells[HEADER.split(",").index(column)] = value
    return ",".join(cells)


def test_good_row_is_valid():
    report = onprem.validate(csv_text(GOOD_ROW).encode())
    assert report.ok and report.n_rows == 1 and report.summary() == "Input is valid: 1 rows."


@pytest.mark.parametrize("column, value, expected_words", [
    ("cpuDescription", "", "CPU description"),
    ("memory", "", "memory in GB"),
    ("memory", "lots", "memory in GB"),
    ("memory", "-4", "memory in GB"),
    ("memory", "inf", "memory in GB"),
    ("machineType", "", "machine type"),
    ("startTime", "", "date-time"),
    ("startTime", "yesterday", "not a date-time"),
    ("endTime", "2024-13-45", "not a date-time"),
    ("endTime", "2023-12-01T00:00:00Z", "not before startTime"),
    ("startTime", "03/04/2024", "ambiguous day/month"),
    ("cpuUtilization", "150", "percentage from 0 to 100"),
    ("cpuUtilization", "half", "percentage from 0 to 100"),
    ("powerUsageEffectiveness", "0.8", "power usage effectiveness from 1 to 10"),
    ("dailyUptime", "25", "from 0 to 24"),
    ("weeklyUptime", "169", "from 0 to 168"),
    ("monthlyUptime", "-1", "from 0 to 744"),
    ("annualUptime", "9000", "from 0 to 8784"),
    ("country", "Frnace", "did you mean France (FRA)"),
])
def test_each_bad_cell_is_reported_with_row_column_value_and_expectation(
        column, value, expected_words):
    report = onprem.validate(csv_text(GOOD_ROW, with_cell(column, value)).encode())
    assert [(p.row, p.column, p.value) for p in report.problems] == [(2, column, value)]
    assert expected_words in report.problems[0].expected
    assert f"row 2, column {column!r}: got {value!r}; expected" in report.summary()


def test_all_uptimes_blank_is_one_problem():
    row = with_cell("dailyUptime", "")
    for column in ("weeklyUptime", "monthlyUptime", "annualUptime"):
        cells = row.split(",")
        cells[HEADER.split(",").index(column)] = ""
        row = ",".join(cells)
    report = onprem.validate(csv_text(row).encode())
    assert [(p.row, p.column) for p in report.problems] == [(1, "dailyUptime")]
    assert "at least one of dailyUptime" in report.problems[0].expected


def test_every_problem_of_the_file_is_reported_at_once():
    text = csv_text(with_cell("memory", "x"), GOOD_ROW, with_cell("country", "Atlantis"),
                    with_cell("dailyUptime", "99"))
    assert problems_of(text) == [(1, "memory", "x"), (3, "country", "Atlantis"),
                                 (4, "dailyUptime", "99")]
    report = onprem.validate(text.encode())
    assert report.n_invalid_rows == 3 and report.n_rows == 4


def test_problems_across_chunks_keep_their_row_numbers():
    text = csv_text(*[GOOD_ROW] * 5, with_cell("memory", "x"), *[GOOD_ROW] * 3,
                    with_cell("memory", "y"))
    assert problems_of(text, chunksize=3) == [(6, "memory", "x"), (10, "memory", "y")]


def test_missing_columns_are_named_with_a_hint():
    header = HEADER.replace("cpuDescription", "cpuDescriptoin").replace(
        ",dailyUptime,weeklyUptime,monthlyUptime,annualUptime", "")
    row = ",".join(GOOD_ROW.split(",")[:11])
    report = onprem.validate(csv_text(row, header=header).encode())
    assert [(p.row, p.column) for p in report.file_problems] == [
        (None, "cpuDescription"), (None, "dailyUptime")]
    assert "'cpuDescriptoin' meant to be 'cpuDescription'" in report.problems[0].expected


def test_lines_with_too_many_or_too_few_fields_are_reported_and_the_rest_checked():
    short = ",".join(GOOD_ROW.split(",")[:-1])
    text = csv_text(GOOD_ROW, GOOD_ROW + ",extra", with_cell("memory", "x"), short, GOOD_ROW)
    report = onprem.validate(text.encode())
    assert [(p.row, p.column) for p in report.problems] == [
        (2, "(line)"), (3, "memory"), (4, "(line)")]
    assert report.problems[0].expected == "15 fields as in the header, not 16"
    assert report.problems[2].expected == "15 fields as in the header, not 14"
    result = onprem.estimate(text.encode(), skip_invalid=True)
    assert result["sourceRow"].tolist() == [1, 5]
    assert result.attrs["validation"].skipped_rows == [2, 3, 4]


def test_ccf_incorrect_input_file_is_rejected_with_named_problems():
    # CCF's incorrect_input.test.csv: header says incorrectCpuDescription and the row is short
    header = HEADER.replace("cpuDescription", "incorrectCpuDescription")
    row = ("Intel(R) Xeon(R) CPU E5-2667 v3 @ 3.20GHz,65459,server,2020-11-02T00:53:03Z,"
           "2020-11-06T18:22:30.135082Z,United States,Texas,93.12,,,4,12,36,36")
    with pytest.raises(OnPremInputError) as raised:
        onprem.estimate(csv_text(row, header=header).encode())
    report = raised.value.report
    assert ("incorrectCpuDescription' meant to be 'cpuDescription'" in
            report.file_problems[0].expected)
    assert [(p.row, p.column) for p in report.problems[1:]] == [(1, "(line)")]
    assert "expected 15 fields as in the header, not 14" in str(raised.value)


def test_estimate_raises_listing_all_problems_or_skips_invalid_rows():
    text = csv_text(GOOD_ROW, with_cell("memory", "x"), GOOD_ROW, with_cell("endTime", "no"))
    with pytest.raises(OnPremInputError) as raised:
        onprem.estimate(text.encode())
    assert raised.value.report.n_problems == 2
    result = onprem.estimate(text.encode(), skip_invalid=True)
    assert result["sourceRow"].tolist() == [1, 3]
    assert result.attrs["validation"].skipped_rows == [2, 4]


def test_dayfirst_resolves_ambiguous_dates():
    row = with_cell("startTime", "03/01/2024").replace("2024-01-31T00:00:00Z", "31/01/2024")
    day_first = onprem.estimate(csv_text(row).encode(), dayfirst=True).iloc[0]
    assert day_first["spanHours"] == 28 * 24  # 3 January -> 31 January
    # month first: 03/01 is 1 March, after the end (31/01 can only be 31 January)
    assert problems_of(csv_text(row), dayfirst=False) == [(1, "endTime", "31/01/2024")]
    assert problems_of(csv_text(row)) == [(1, "startTime", "03/01/2024")]  # never guessed


@pytest.mark.parametrize("text, expected", [
    ("2024-01-01T00:00:00Z", "2024-01-01 00:00:00"),
    ("2024-01-01 06:30", "2024-01-01 06:30:00"),
    ("2024-01-01T06:30:00+02:00", "2024-01-01 04:30:00"),
    ("15/01/2024 13:45", "2024-01-15 13:45:00"),
    ("01/15/2024 1:45 PM", "2024-01-15 13:45:00"),
    ("15.01.2024", "2024-01-15 00:00:00"),
    ("2024/01/15", "2024-01-15 00:00:00"),
    ("45306.5", "2024-01-15 12:00:00"),
])
def test_date_formats(text, expected):
    from footprintlab.onprem.dates import parse_datetimes

    parsed, problems = parse_datetimes(pd.Series([text]))
    assert problems.iat[0] == ""
    assert str(parsed.iat[0].tz_localize(None)) == expected


def test_duplicated_column_is_an_error_naming_it_not_attribute_error(tmp_path):
    path = tmp_path / "fleet.csv"
    path.write_text(csv_text(GOOD_ROW + ",512", header=HEADER + ",memory"))
    with pytest.raises(OnPremInputError) as raised:
        onprem.estimate(path)
    [problem] = raised.value.report.problems
    assert problem.row is None and problem.column == "memory"
    assert "names it 2 times (columns 3, 16)" in problem.expected
    frame = pd.DataFrame([GOOD_ROW.split(",") + ["512"]], columns=HEADER.split(",") + ["memory"])
    assert [p.column for p in onprem.validate(frame).problems] == ["memory"]
    assert [p.column for p in onprem.validate(path).problems] == ["memory"]


def test_duplicated_column_in_the_command_is_reported_and_nothing_written(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "fleet.csv"
    path.write_text(csv_text(GOOD_ROW + ",x", header=HEADER + ",country"))
    done = subprocess.run([sys.executable, "-m", "footprintlab.cli", "onprem", str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "file, column 'country': got '(duplicated)'; expected one column named" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fleet.csv"]

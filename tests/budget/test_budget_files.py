"""Readers of baselines and emissions CSVs: a round trip, and any bytes give rows or a clear error."""
from __future__ import annotations

import math
import string

import pytest
from budget_helpers import write_history
from footprintlab.budget import BaselineEntry, BudgetFileError, read_baseline, read_runs
from footprintlab.budget.files import append_rows, write_baseline
from hypothesis import given
from hypothesis import strategies as st


def test_baseline_round_trip_sorted(tmp_path):
    entries = [BaselineEntry("t.py::b[x,\"y\"\n]", "call", 0.5, 1e-7, 2e-7, math.nan),
               BaselineEntry("t.py::a", "teardown", 0.0, 0.0),
               BaselineEntry("t.py::a", "setup", 0.1, 3e-8)]
    write_baseline(tmp_path / "b.csv", BaselineEntry("", "session", 1.0, 5e-7, 6e-7, 1e-9),
                   entries)
    baseline = read_baseline(tmp_path / "b.csv")
    assert baseline.total == BaselineEntry("", "session", 1.0, 5e-7, 6e-7, 1e-9)
    assert list(baseline.entries) == [("t.py::a", "setup"), ("t.py::a", "teardown"),
                                      ("t.py::b[x,\"y\"\n]", "call")]
    assert baseline.test_kwh("t.py::a") == pytest.approx(3e-8)
    assert baseline.test_kwh("missing") is None


@pytest.mark.parametrize("text, message", [
    ("", "line 1: the file is empty"),
    ("test_id,phase\n", "line 1: not a footprintlab baseline: no column budget_energy"),
    ("test_id,phase,budget_energy,phase\n", "line 1: column 'phase' appears twice"),
    ("test_id,phase,budget_energy\n,session,1\n,command,2\n", "line 3: a second total row"),
    ("test_id,phase,budget_energy\n,session,1\nt,lunch,1\n", "line 3: phase 'lunch'"),
    ("test_id,phase,budget_energy\n,session,1\nt,call,1\nt,call,2\n", "line 4: 't' call appears"),
    ("test_id,phase,budget_energy\n,session,inf\n", "line 2: budget_energy 'inf'"),
    ("test_id,phase,budget_energy\n,session,\n", "line 2: budget_energy is empty"),
    ("test_id,phase,budget_energy\n,session,1,2\n", "line 2: 4 fields, the header has 3"),
    ("test_id,phase,budget_energy\nt,session,1\n", "line 2: a total row"),
    ('test_id,phase,budget_energy\n,session,"1\n', "line 2: unexpected end of data"),
])
def test_bad_baselines_name_file_and_line(tmp_path, text, message):
    (tmp_path / "b.csv").write_text(text)
    with pytest.raises(BudgetFileError) as caught:
        read_baseline(tmp_path / "b.csv")
    assert str(caught.value).startswith(f"{tmp_path / 'b.csv'}: ")
    assert message in str(caught.value)


def test_bytes_that_are_not_utf8_are_named_by_line(tmp_path):
    (tmp_path / "b.csv").write_bytes(b"test_id,phase,budget_energy\n,session,1\n\xff\n")
    with pytest.raises(BudgetFileError, match=r"line 3: byte 0xff is not UTF-8"):
        read_baseline(tmp_path / "b.csv")


def test_runs_of_a_history_and_an_append_keeps_a_foreign_header(tmp_path):
    write_history(tmp_path / "h.csv", runs=3)
    runs = read_runs(tmp_path / "h.csv")
    assert len(runs) == 6 and all(r.is_total for r in runs)
    assert runs[0].budget_kwh == pytest.approx(10 / 3.6e6)
    codecarbon = tmp_path / "emissions.csv"
    codecarbon.write_text("timestamp,project_name,energy_consumed,emissions\n"
                          "2025-01-01T00:00:00,cc,1e-6,\n")
    append_rows(codecarbon, [{"timestamp": "2025-01-02T00:00:00", "project_name": "cc",
                              "energy_consumed": 2e-6, "emissions": 1e-7, "phase": "command"}])
    assert codecarbon.read_text().splitlines()[-1] == "2025-01-02T00:00:00,cc,2e-06,1e-07"
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    with pytest.raises(BudgetFileError, match="line 1: not an emissions CSV"):
        append_rows(tmp_path / "other.csv", [{}])
    assert (tmp_path / "other.csv").read_text() == "a,b\n1,2\n"


@pytest.mark.parametrize("row, message", [
    ("yesterday,p,1", "line 2: timestamp 'yesterday'"),
    ("2025-01-01T00:00:00,p,-1", "line 2: energy_consumed '-1'"),
    ("2025-01-01T00:00:00,p,lots", "line 2: energy_consumed 'lots' is not a number"),
])
def test_bad_emissions_rows_name_file_and_line(tmp_path, row, message):
    (tmp_path / "e.csv").write_text(f"timestamp,project_name,energy_consumed\n{row}\n")
    with pytest.raises(BudgetFileError, match=message):
        read_runs(tmp_path / "e.csv")


def _check_any(reader, path, data: bytes) -> None:
    """``reader(path)`` gives a result, or a BudgetFileError naming the file and a line."""
    path.write_bytes(data)
    try:
        reader(path)
    except BudgetFileError as error:
        text = str(error)
        assert text.startswith(f"{path}: line ") and "\n" not in text.split(": ", 2)[1]


CELLS = st.one_of(st.sampled_from(["", "session", "call", "command", "1", "0", "-1", "1e400",
                                   "nan", "inf", "t.py::x", "2025-03-01T10:00:00", "\"", ",",
                                   "2025-03-01T10:00:00+14:00", "0001-01-01T00:00:00+14:00"]),
                  st.text(string.printable, max_size=8))


@st.composite
def csv_like(draw, header: list[str]) -> bytes:
    """A file near the format: its header shuffled or cut, rows of near-valid cells."""
    columns = draw(st.permutations(header)) if draw(st.booleans()) else header
    columns = columns[: draw(st.integers(0, len(columns)))] + draw(
        st.lists(st.sampled_from([*header, "x"]), max_size=2))
    lines = [",".join(columns)]
    for _ in range(draw(st.integers(0, 4))):
        lines.append(",".join(draw(st.lists(CELLS, min_size=0, max_size=len(columns) + 1))))
    text = "\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n"]))
    data = text.encode("utf-8", "surrogatepass") if draw(st.booleans()) else text.encode(
        "utf-8", "replace")
    cut = draw(st.integers(0, len(data)))
    return data[:cut] if draw(st.booleans()) else data


@given(csv_like(["test_id", "phase", "cpu_seconds", "budget_energy", "energy_consumed",
                 "emissions"]))
def test_any_baseline_file_reads_or_names_its_line(tmp_path_factory, data):
    _check_any(read_baseline, tmp_path_factory.mktemp("b") / "baseline.csv", data)


@given(csv_like(["timestamp", "project_name", "energy_consumed", "emissions", "phase",
                 "budget_energy", "cpu_seconds"]))
def test_any_emissions_file_reads_or_names_its_line(tmp_path_factory, data):
    _check_any(read_runs, tmp_path_factory.mktemp("e") / "emissions.csv", data)


@given(st.binary(max_size=200))
def test_any_bytes_read_or_name_their_line(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("x")
    _check_any(read_baseline, folder / "baseline.csv", data)
    _check_any(read_runs, folder / "emissions.csv", data)

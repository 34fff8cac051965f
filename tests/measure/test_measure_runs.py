"""runs() and runs(path) agree on columns; reading any file ends in runs or a named error."""

from __future__ import annotations

import csv
import io
import warnings

import footprintlab.measure as measure
import numpy as np
import pandas as pd
import pytest
from footprintlab.measure import RUN_COLUMNS, EmissionsFileError, MeasureWarning, Tracker
from footprintlab.measure.output import EMISSIONS_COLUMNS
from hypothesis import given
from hypothesis import strategies as st

OPTIONS = dict(country="FRA", rapl_root="/nonexistent", gpu=False)


def test_session_runs_and_file_runs_have_the_same_columns_and_types(tmp_path):
    # the defect: runs() had footprintlab's names, runs(path) CodeCarbon's
    path = tmp_path / "emissions.csv"
    with Tracker("same", output=path, **OPTIONS) as tracker:
        pass
    session = measure.runs()
    session = session[session["run_id"] == tracker.last.run_id].reset_index(drop=True)
    from_file = measure.runs(path)
    assert list(session.columns) == list(from_file.columns) == list(RUN_COLUMNS)
    assert dict(session.dtypes) == dict(from_file.dtypes)
    pd.testing.assert_frame_equal(session, from_file, check_exact=False, rtol=1e-12)


def test_a_codecarbon_file_reads_with_footprintlabs_columns_empty(tmp_path):
    path = tmp_path / "codecarbon.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(EMISSIONS_COLUMNS)
        writer.writerow(["2024-05-01T10:00:00", "cc", "r1", "e", "10.0", "0.001", "0.0001"]
                        + ["1.5"] * (len(EMISSIONS_COLUMNS) - 7))
    frame = measure.runs(path)
    assert list(frame.columns) == list(RUN_COLUMNS)
    assert frame.loc[0, "duration"] == 10.0 and frame.loc[0, "emissions"] == 0.001
    assert frame["interrupted"].isna().all() and frame["cpu_method"].isna().all()


def test_bad_cells_and_rows_are_named_and_not_fatal(tmp_path):
    path = tmp_path / "emissions.csv"
    path.write_text("duration,emissions,energy_consumed,project_name\n"
                    "1.0,0.5,2.0,a\n"
                    "oops,0.5,2.0,b\n"
                    "1.0,0.5\n")
    with pytest.warns(MeasureWarning) as record:
        frame = measure.runs(path)
    messages = " | ".join(str(w.message) for w in record)
    assert "duration 'oops' on line 3" in messages
    assert "line 4 (2 fields)" in messages
    assert frame["project_name"].tolist() == ["a", "b"]
    assert np.isnan(frame.loc[1, "duration"])


@pytest.mark.parametrize("content, message", [
    (b"a,b\n1,2\n", "no column duration, emissions, energy_consumed"),
    (b"duration,duration,emissions\n", "column 'duration' appears twice"),
    (b"duration,emissions,energy_consumed\n1,2,3\n\xff\xfe,1,1\n", "line 3: byte 0xff"),
])
def test_a_file_that_is_not_an_emissions_csv_is_refused_naming_why(tmp_path, content, message):
    path = tmp_path / "emissions.csv"
    path.write_bytes(content)
    with pytest.raises(EmissionsFileError, match=message):
        measure.runs(path)


HEADERS = st.lists(st.sampled_from(list(RUN_COLUMNS) + ["other", "", "duration"]),
                   max_size=12)
CELLS = st.one_of(st.text(max_size=12), st.sampled_from(
    ["", "1.5", "nan", "inf", "-1", "True", "false", "2024-01-01T00:00:00", "1e400", '"']))


@given(header=HEADERS, rows=st.lists(st.lists(CELLS, max_size=14), max_size=6),
       raw=st.one_of(st.none(), st.binary(max_size=200)))
def test_any_file_ends_in_runs_or_a_named_error(tmp_path_factory, header, rows, raw):
    path = tmp_path_factory.mktemp("csv") / "emissions.csv"
    if raw is not None:
        path.write_bytes(raw)
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            frame = measure.runs(path)
        except EmissionsFileError as error:
            assert str(path) in str(error)
            return
    assert list(frame.columns) == list(RUN_COLUMNS)
    assert all(issubclass(w.category, MeasureWarning) for w in caught), [
        str(w.message) for w in caught]

"""Property tests of the HPC file readers: any file, generated or mutated from a good one, gives
a table or an :class:`InputFileError` (a ValueError naming the file's line), nothing else."""

import pandas as pd
import pytest
from footprintlab.hpc import read_intensity_csv, read_power_csv, read_sacct
from footprintlab.hpc._errors import InputFileError
from hypothesis import given
from hypothesis import strategies as st

SACCT_HEADER = b"JobID|User|Account|Partition|NodeList|AllocCPUS|Start|End|State|ElapsedRaw\n"
SACCT_ROW = b"%d|alice|phys|cpu|cpu-p-[1-3,7]|%d|2024-10-27T0%d:10:00|2024-10-27T0%d:20:00|DONE|%d\n"
POWER_HEADER = b"timestamp,node,watts\n"
INTENSITY_HEADER = b"from,to,intensity\n"

# the bytes that matter to these formats, plus some that should never be there
ALPHABET = list(b"0123456789|,-:.T Z\n\r\"[]eEnaif+") + [0, 0xFF, 0xC3]


def sacct_file(rows):
    return SACCT_HEADER + b"".join(SACCT_ROW % r for r in rows)


def power_file(rows):
    return POWER_HEADER + b"".join(b"%s,n%d,%s\n" % (t, n, w) for t, n, w in rows)


def intensity_file(rows):
    return INTENSITY_HEADER + b"".join(
        b"2024-01-10T%02d:00Z,2024-01-10T%02d:30Z,%s\n" % (h, h, g) for h, g in rows)


sacct_rows = st.lists(st.tuples(st.integers(1, 10**6), st.integers(0, 64), st.integers(0, 2),
                                st.integers(0, 3), st.integers(0, 20000)), max_size=6)
numbers = st.sampled_from([b"1704844800", b"1704844800.5", b"2024-01-10T00:00:00Z",
                           b"2024-01-10T00:00:00+01:00", b"250", b"0", b"-3", b"inf", b"nan",
                           b"", b"1e999", b"abc", b"1704844800000"])
power_rows = st.lists(st.tuples(numbers, st.integers(1, 3), numbers), max_size=8)
intensity_rows = st.lists(st.tuples(st.integers(0, 23), numbers), max_size=8)


@st.composite
def mutated(draw, base):
    """A good file with a few bytes replaced, inserted or removed, or cut short."""
    data = bytearray(draw(base))
    for _ in range(draw(st.integers(0, 4))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["replace", "insert", "delete", "cut"]))
        byte = draw(st.sampled_from(ALPHABET))
        if action == "replace" and position < len(data):
            data[position] = byte
        elif action == "insert":
            data.insert(position, byte)
        elif action == "delete" and position < len(data):
            del data[position]
        elif action == "cut":
            del data[position:]
    return bytes(data)


def outcome(read, path, data):
    """Read ``data`` from ``path``: a DataFrame, or the documented error with a real line."""
    path.write_bytes(data)
    try:
        result = read(path)
    except InputFileError as exc:
        n_lines = data.count(b"\n") + data.count(b"\r") + 1
        assert exc.line is not None and 1 <= exc.line <= n_lines, (exc, data)
        assert f"line {exc.line}" in str(exc)
        return exc
    assert isinstance(result, pd.DataFrame)
    return result


@given(data=mutated(sacct_rows.map(sacct_file)),
       zone=st.sampled_from(["UTC", "Europe/London", "America/New_York"]))
def test_sacct_reader_gives_a_table_or_a_line_error(tmp_path, data, zone):
    outcome(lambda p: read_sacct(p, timezone=zone), tmp_path / "sacct.txt", data)


@given(data=mutated(power_rows.map(power_file)))
def test_power_reader_gives_a_table_or_a_line_error(tmp_path, data):
    result = outcome(read_power_csv, tmp_path / "power.csv", data)
    if isinstance(result, pd.DataFrame):
        assert list(result.columns) == ["node", "time", "watts"]
        assert result["watts"].ge(0).all() and result["time"].notna().all()


@given(data=mutated(intensity_rows.map(intensity_file)))
def test_intensity_reader_gives_a_table_or_a_line_error(tmp_path, data):
    result = outcome(read_intensity_csv, tmp_path / "intensity.csv", data)
    if isinstance(result, pd.DataFrame):
        assert result["intensity"].ge(0).all() and (result["to"] > result["from"]).all()


@given(data=st.binary(max_size=300) | st.lists(st.sampled_from(ALPHABET), max_size=300).map(bytes))
@pytest.mark.parametrize("read", [read_sacct, read_power_csv, read_intensity_csv])
def test_readers_on_arbitrary_bytes_give_a_table_or_a_line_error(tmp_path, read, data):
    outcome(read, tmp_path / "input.txt", data)

"""Property tests: any inventory file, however damaged or encoded, ends in a result or in the
documented validation error (every problem with its row or line, and its column) — nothing else.

Files are generated from valid inventories, then mutated as real files get damaged: bytes
replaced, inserted or deleted, the file cut short, saved in another encoding, read with a right,
wrong or no ``encoding``.
"""

from __future__ import annotations

import contextlib
import io

import pandas as pd
from footprintlab import onprem
from footprintlab.onprem import cli
from hypothesis import example, given
from hypothesis import strategies as st
from onprem_helpers import GOOD_ROW, HEADER

CELLS = {  # a few valid and invalid values per column, mixed by the strategy below
    "cpuDescription": ["Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", "AMD EPYC 7402P 24-Core",
                       '"AMD PRO A8-8600B R6, 10 Compute Cores"', "", "Ünïcödé CPU ©"],
    "memory": ["192", "0", "-1", "many", "1e400", ""],
    "country": ["France", "United States", "US", "Frnace", "", "Côte d'Ivoire"],
    "region": ["", "Texas", "TX", "Bavaria"],
    "startTime": ["2024-01-01T00:00:00Z", "03/04/2022", "44578.5", "yesterday", ""],
    "cpuUtilization": ["40", "", "150", "0.5", "nan"],
    "dailyUptime": ["24", "", "25", "-3", "inf"],
}
HEADER_BYTES = (HEADER + "\n").encode()
FOUND = [  # files hypothesis found failing once, kept as regression examples
    (HEADER_BYTES, "utf-16"),  # utf-16 named, no byte-order mark: UnicodeError
    (b"c", "utf-16"),  # one byte of UTF-16
    (HEADER_BYTES + "Ünï,web".encode("latin-1"), None),  # undecodable first byte of a line
    ((HEADER + "\r\x00\n").encode("utf-16-le")[:-1], "utf-16-le"),  # CR before a bad byte
    (b",,x\n1,2,3\n", None),  # two unnamed columns
]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"]


@st.composite
def inventories(draw) -> str:
    """CSV text of 0-6 rows of the helper's good row with some cells replaced."""
    names = HEADER.split(",")
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        cells = GOOD_ROW.split(",")
        for column, values in CELLS.items():
            if draw(st.booleans()):
                cells[names.index(column)] = draw(st.sampled_from(values))
        rows.append(",".join(cells))
    line_end = draw(st.sampled_from(["\n", "\r\n"]))
    return line_end.join([HEADER, *rows]) + line_end


@st.composite
def damaged(draw, data: bytes) -> bytes:
    """``data`` after a few byte edits and perhaps a cut."""
    data = bytearray(data)
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["replace", "insert", "delete"]))
        byte = draw(st.integers(0, 255))
        if kind == "insert" or where == len(data):
            data.insert(where, byte)
        elif kind == "replace":
            data[where] = byte
        else:
            del data[where]
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


@st.composite
def inventory_files(draw) -> tuple[bytes, str | None]:
    """(file bytes, encoding option): a generated inventory, encoded, damaged."""
    text = draw(inventories())
    saved_as = draw(st.sampled_from(ENCODINGS))
    data = text.encode(saved_as, errors="replace")
    if draw(st.booleans()):
        data = draw(damaged(data))
    option = draw(st.sampled_from([None, None, saved_as, *ENCODINGS]))
    return data, option


def _assert_documented(error: onprem.OnPremInputError) -> None:
    report = error.report
    assert not report.ok and report.problems
    for problem in report.problems:
        assert isinstance(problem.column, str) and problem.column
        assert isinstance(problem.expected, str) and problem.expected
        assert problem.row is None or (isinstance(problem.row, int) and problem.row >= 1)
        assert problem.line is None or problem.line >= 1


@given(inventory_files(), st.booleans())
@example(FOUND[0], False)
@example(FOUND[1], False)
@example(FOUND[2], False)
@example(FOUND[3], False)
@example(FOUND[4], False)
def test_damaged_or_oddly_encoded_file_ends_in_result_or_documented_error(
        tmp_path, file_and_option, skip_invalid):
    data, encoding = file_and_option
    path = tmp_path / "fleet.csv"
    path.write_bytes(data)
    try:
        result = onprem.estimate(path, encoding=encoding, skip_invalid=skip_invalid, chunksize=3)
    except onprem.OnPremInputError as error:
        _assert_documented(error)
        return
    report = result.attrs["validation"]
    assert isinstance(result, pd.DataFrame) and len(result) <= report.n_rows
    assert skip_invalid or report.ok
    assert result["sourceRow"].between(1, max(report.n_rows, 1)).all()
    assert path.read_bytes() == data  # the input is never touched


@given(inventory_files())
@example(FOUND[0])
@example(FOUND[2])
@example(FOUND[3])
def test_command_on_any_file_exits_with_a_documented_code_and_writes_all_or_nothing(
        tmp_path, file_and_option):
    data, encoding = file_and_option
    path = tmp_path / "fleet.csv"
    path.write_bytes(data)
    out = tmp_path / "out.csv"
    out.unlink(missing_ok=True)
    argv = [str(path), "-o", str(out)] + (["--encoding", encoding] if encoding else [])
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(argv)
    assert code in (0, 2)
    assert out.exists() == (code == 0)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["fleet.csv"] + (["out.csv"] if code == 0 else []))  # no temporary file left
    if code == 2:
        assert stderr.getvalue().strip()  # the reason is on stderr
    assert path.read_bytes() == data

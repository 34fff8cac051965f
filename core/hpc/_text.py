"""Reading the HPC text inputs with the line number of every record (header = line 1)."""

from __future__ import annotations

import csv
import io
import os

from ._errors import InputFileError

__all__ = ["LazyLines", "decode", "first_bad_record", "read_source", "records",
           "sniff_separator"]


def decode(data: bytes, source: str) -> str:
    """UTF-8 text (a BOM is dropped); a bad byte is reported with its line and offset."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputFileError(source, f"byte {data[exc.start]:#04x} at offset {exc.start} is not "
                             "UTF-8; save the file as UTF-8", line=line) from None


def read_source(source, kind: str) -> tuple[str, str]:
    """``(text, name)`` of a path or a text/binary stream; ``name`` is ``"<kind> file PATH"``."""
    if isinstance(source, (str, os.PathLike)):
        name = f"{kind} file {os.fspath(source)}"
        with open(source, "rb") as handle:
            return decode(handle.read(), name), name
    data = source.read()
    name = f"{kind} stream"
    return (decode(data, name) if isinstance(data, bytes) else data), name


def records(text: str, sep: str, source: str) -> tuple[list[list[str]], list[int]]:
    """CSV records of ``text`` (blank lines skipped) and the line where each one starts."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    previous_end = 0
    try:
        for row in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not _blank(row):
                rows.append(row)
                lines.append(start)
    except csv.Error as exc:
        raise InputFileError(source, f"cannot read as a {sep!r}-separated table ({exc})",
                             line=reader.line_num) from None
    return rows, lines


def _blank(row: list[str]) -> bool:
    """A line with nothing but white space (skipped, as pandas does)."""
    return not row or (len(row) == 1 and not row[0].strip())


class LazyLines:
    """File line of each data record of a CSV file, computed on first use (error paths only)."""

    def __init__(self, path, source: str, sep: str = ",") -> None:
        self.path, self.source, self.sep = path, source, sep
        self._lines: list[int] | None = None

    def __getitem__(self, position: int) -> int:
        if self._lines is None:
            text, _name = read_source(self.path, "")
            self._lines = records(text, self.sep, self.source)[1][1:]
        return self._lines[position]


def first_bad_record(path, source: str, sep: str = ",") -> InputFileError | None:
    """The first record of a CSV file whose field count differs from the header's."""
    text, _name = read_source(path, "")
    rows, lines = records(text, sep, source)
    for row, line in zip(rows[1:], lines[1:]):
        if len(row) != len(rows[0]):
            return InputFileError(source, f"{len(row)} field(s), expected {len(rows[0])} "
                                  f"({', '.join(rows[0])})", line=line)
    return None


def sniff_separator(text: str) -> str:
    """``|`` when the header line has one (``sacct -P``), else ``,``."""
    first = text.lstrip("\r\n").split("\n", 1)[0]
    return "|" if "|" in first else ","

"""The runs DataFrame: measurements of this session, or the rows of an ``emissions.csv``.

Both give the same columns, :data:`RUN_COLUMNS`: CodeCarbon 3.3.2's ``emissions.csv`` columns
then footprintlab's (method per component, ``estimated``, ``fallback``, ``interrupted``), with
the same types: a session's run is the row it would have in the file. ``timestamp`` is the end
of the run in local time (as CodeCarbon writes it); footprintlab's columns are empty (``<NA>``)
for a file CodeCarbon wrote; columns of the file that are neither are left out (read the file
with :func:`~footprintlab.measure.output.read_emissions_csv` to see them).

Reading a file: a cell that is not a number where one is expected becomes ``nan``, with one
warning naming the lines; a row with the wrong number of fields is skipped, with a warning. A
file that is not an emissions CSV (no ``duration``, ``emissions`` or ``energy_consumed``
column, a duplicated column, bytes that are not UTF-8, a broken quote) raises
:class:`EmissionsFileError` naming the file and the line.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .measurement import Measurement
from .meter import warn_user
from .output import ALL_COLUMNS, emissions_row

__all__ = ["EmissionsFileError", "RUN_COLUMNS", "measurements_frame", "read_runs", "runs"]

RUN_COLUMNS: tuple[str, ...] = ALL_COLUMNS
_NUMBERS = (
    "duration", "emissions", "emissions_rate", "cpu_power", "gpu_power", "ram_power",
    "cpu_energy", "gpu_energy", "ram_energy", "energy_consumed", "water_consumed", "cpu_count",
    "gpu_count", "longitude", "latitude", "ram_total_size", "cpu_utilization_percent",
    "gpu_utilization_percent", "ram_utilization_percent", "ram_used_gb", "pue", "wue",
)
_FLAGS = ("estimated", "interrupted")
_REQUIRED = ("duration", "emissions", "energy_consumed")


class EmissionsFileError(ValueError):
    """The file is not a readable emissions CSV; the message names the file and the line."""


def measurements_frame(measurements: Iterable[Measurement]):
    """One row per measurement, as :func:`~footprintlab.measure.output.emissions_row` writes it.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RUN_COLUMNS`.
    """
    rows = [emissions_row(m) for m in measurements]
    columns = {name: [row[name] for row in rows] for name in RUN_COLUMNS}
    return _typed(columns, len(rows), lines=None, bad=[])


def runs(source: str | os.PathLike[str] | None = None):
    """A pandas DataFrame of measured runs, columns :data:`RUN_COLUMNS` in both cases.

    Parameters
    ----------
    source : path, optional
        An ``emissions.csv`` (written by footprintlab or CodeCarbon): its rows. None: every
        run finished in this Python session (written to a file or not).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    EmissionsFileError
        ``source`` is not an emissions CSV (see the module docstring).
    OSError
        ``source`` cannot be read (missing, a folder, no permission).
    """
    if source is None:
        from .tracker import session_measurements

        return measurements_frame(session_measurements())
    return read_runs(source)


def read_runs(path: str | os.PathLike[str]):
    """The runs of an emissions CSV with :data:`RUN_COLUMNS` (see :func:`runs`)."""
    header, rows = _read_rows(Path(path))
    missing = [name for name in _REQUIRED if name not in header]
    if missing:
        raise EmissionsFileError(
            f"{path}: not an emissions CSV: no column {', '.join(missing)} (line 1 has "
            f"{_shorten(', '.join(header)) or 'nothing'})")
    columns = {name: [row[name] for _, row in rows] if name in header else None
               for name in RUN_COLUMNS}
    bad: list[str] = []
    frame = _typed(columns, len(rows), [line for line, _ in rows], bad)
    if bad:
        warn_user(f"{path}: not numbers, read as nan: {'; '.join(bad[:5])}"
                      + (f" (and {len(bad) - 5} more)" if len(bad) > 5 else ""))
    return frame


def _typed(columns: Mapping[str, list | None], count: int, lines: list[int] | None,
           bad: list[str]):
    """The frame of :data:`RUN_COLUMNS` from cells (values or text; None: column absent)."""
    import pandas as pd

    frame = pd.DataFrame(index=range(count))
    for name in RUN_COLUMNS:
        cells = columns.get(name)
        if name in _NUMBERS:
            frame[name] = _numbers(cells, count, lines, name, bad)
        elif name in _FLAGS:
            frame[name] = _flags(cells, count)
        elif name == "timestamp":
            frame[name] = pd.to_datetime(pd.Series(cells if cells is not None else [None] * count,
                                                   dtype=object), errors="coerce",
                                         format="ISO8601")
        else:
            frame[name] = pd.Series(cells if cells is not None else [pd.NA] * count, dtype=object)
    return frame


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(header, [(line, row)]) of a CSV; rows with the wrong number of fields are skipped."""
    text = _decode(path, path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    skipped: list[str] = []
    try:
        for fields in reader:
            if header is None:
                header = _header(path, fields)
            elif fields and len(fields) != len(header):
                skipped.append(f"line {reader.line_num} ({len(fields)} fields)")
            elif fields:
                rows.append((reader.line_num, dict(zip(header, fields))))
    except csv.Error as error:
        raise EmissionsFileError(f"{path}: line {reader.line_num}: {error}") from None
    if skipped:
        warn_user(f"{path}: rows with other than {len(header or [])} fields skipped: "
                      f"{', '.join(skipped[:5])}" + (" ..." if len(skipped) > 5 else ""))
    return header or [], rows


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise EmissionsFileError(
            f"{path}: line {line}: byte 0x{data[error.start]:02x} is not UTF-8 text "
            "(emissions CSVs are UTF-8)") from None


def _header(path: Path, fields: list[str]) -> list[str]:
    seen: set[str] = set()
    for name in fields:
        if name in seen:
            raise EmissionsFileError(f"{path}: line 1: column {name!r} appears twice")
        seen.add(name)
    return fields


def _shorten(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _numbers(cells: list | None, count: int, lines: list[int] | None, name: str,
             bad: list[str]) -> list[float]:
    if cells is None:
        return [float("nan")] * count
    values = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, str):  # a session's value
            values.append(float(cell) if cell is not None else float("nan"))
            continue
        try:
            values.append(float(cell) if cell.strip() else float("nan"))
        except ValueError:
            where = f" on line {lines[index]}" if lines else ""
            bad.append(f"{name} {_shorten(cell, 40)!r}{where}")
            values.append(float("nan"))
    return values


def _flags(cells: list | None, count: int) -> Any:
    import pandas as pd

    if cells is None:
        return pd.array([pd.NA] * count, dtype="boolean")
    known = {"true": True, "false": False, "1": True, "0": False}
    return pd.array([known.get(str(cell).strip().lower(), pd.NA) for cell in cells],
                    dtype="boolean")

"""The budget's files: footprint.csv and history rows, and baselines.

footprint.csv (and a history file, and ``budget run --output``) have CodeCarbon 3.3.2's
``emissions.csv`` columns, then footprintlab's (:data:`footprintlab.measure.output.ALL_COLUMNS`),
then the budget's (:data:`BUDGET_COLUMNS`): ``test_id`` (pytest's node id, "" for a total),
``phase`` (setup, call, teardown; ``session`` for a pytest session, ``command`` for
``footprintlab budget run``), ``cpu_seconds`` (s) and ``budget_energy`` (kWh, CodeCarbon's unit;
see :mod:`.quantity`). A row appended to an existing emissions CSV with other columns keeps that
file's header: the cells of the columns it has are written.

A baseline is a small CSV meant to be kept in the repository (one line per test phase, sorted, so
its diffs read well): :data:`BASELINE_COLUMNS`, and exactly one total row (empty ``test_id``,
phase ``session`` or ``command``).

Every reader refuses a file it cannot use with :class:`BudgetFileError`, whose message names the
file and the line; nothing else escapes but :class:`OSError` (missing file, no permission).
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from footprintlab._files import atomic_write, resolve_output

__all__ = [
    "BASELINE_COLUMNS", "BUDGET_COLUMNS", "PHASES", "TOTAL_PHASES", "Baseline", "BaselineEntry",
    "BudgetFileError", "Run", "append_rows", "footprint_columns", "footprint_row",
    "read_baseline", "read_runs", "write_baseline", "write_rows",
]

BUDGET_COLUMNS: tuple[str, ...] = ("test_id", "phase", "cpu_seconds", "budget_energy")
BASELINE_COLUMNS: tuple[str, ...] = (
    "test_id", "phase", "cpu_seconds", "budget_energy", "energy_consumed", "emissions")
PHASES: tuple[str, ...] = ("setup", "call", "teardown", "session", "command")
TOTAL_PHASES: tuple[str, ...] = ("session", "command")
_RUN_REQUIRED = ("timestamp", "project_name", "energy_consumed")


class BudgetFileError(ValueError):
    """A baseline or emissions file that cannot be used; the message names the file and line."""


def footprint_columns() -> tuple[str, ...]:
    """Every column of footprint.csv, in order."""
    from footprintlab.measure.output import ALL_COLUMNS

    return ALL_COLUMNS + BUDGET_COLUMNS


def footprint_row(measurement: Any, test_id: str, phase: str, cpu_s: float,
                  budget_kwh: float) -> dict[str, Any]:
    """One row: the tracker's CodeCarbon row for ``measurement`` plus the budget's columns."""
    from footprintlab.measure.output import emissions_row

    row = emissions_row(measurement)
    row.update(test_id=test_id, phase=phase, cpu_seconds=cpu_s, budget_energy=budget_kwh)
    return row


def _cell(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return ""
    return value


def _csv_text(columns: Iterable[str], rows: Iterable[dict[str, Any]], header: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = list(columns)
    if header:
        writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(name, "")) for name in columns])
    return buffer.getvalue()


def write_rows(path: str | os.PathLike[str], rows: list[dict[str, Any]],
               overwrite: bool = True) -> Path:
    """Write footprint.csv: every row, atomically (the previous file replaced if ``overwrite``)."""
    with atomic_write(path, overwrite=overwrite, hint="--force") as handle:
        handle.write(_csv_text(footprint_columns(), rows, header=True))
    return resolve_output(path)


def append_rows(path: str | os.PathLike[str], rows: list[dict[str, Any]]) -> Path:
    """Append rows to an emissions CSV (created with footprint.csv's columns if new or empty).

    The existing header is kept; a file without an emissions CSV's columns is refused
    (:class:`BudgetFileError`), nothing written. Writers of the same folder take turns
    (``flock`` on the folder, as the tracker's CSV writer does).
    """
    target = resolve_output(path)
    with _folder_lock(target.parent):
        existing = _decode(path, target.read_bytes()) if target.exists() else ""
        if existing.strip():
            header = next(csv.reader(io.StringIO(existing.split("\n", 1)[0])), [])
            missing = [name for name in _RUN_REQUIRED if name not in header]
            if missing:
                raise BudgetFileError(
                    f"{path}: line 1: not an emissions CSV (no column {', '.join(missing)}); "
                    "nothing written")
            text = existing if existing.endswith("\n") else existing + "\n"
            text += _csv_text(header, rows, header=False)
        else:
            text = _csv_text(footprint_columns(), rows, header=True)
        with atomic_write(target, overwrite=True) as handle:
            handle.write(text)
    return target


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# -- reading ---------------------------------------------------------------------------------
def _decode(path: Any, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BudgetFileError(f"{path}: line {line}: byte 0x{data[error.start]:02x} is not "
                              "UTF-8 text (these files are UTF-8)") from None


def _records(path: Any, required: tuple[str, ...], what: str
             ) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(header, [(line, row)]) of a CSV file, every problem a :class:`BudgetFileError`."""
    text = _decode(path, Path(path).read_bytes())
    if not text.strip():
        raise BudgetFileError(f"{path}: line 1: the file is empty; expected {what}")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for fields in reader:
            if header is None:
                header = [name.strip() for name in fields]
                _check_header(path, header, required, what)
            elif not fields or (len(fields) == 1 and not fields[0].strip()):
                continue  # a blank line
            elif len(fields) != len(header):
                raise BudgetFileError(f"{path}: line {reader.line_num}: {len(fields)} fields, "
                                      f"the header has {len(header)}")
            else:
                rows.append((reader.line_num, dict(zip(header, fields))))
    except csv.Error as error:
        raise BudgetFileError(f"{path}: line {reader.line_num}: {error}") from None
    return header or [], rows


def _check_header(path: Any, header: list[str], required: tuple[str, ...], what: str) -> None:
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise BudgetFileError(f"{path}: line 1: column {name!r} appears twice")
        seen.add(name)
    missing = [name for name in required if name not in seen]
    if missing:
        shown = ", ".join(header)
        shown = shown if len(shown) <= 100 else shown[:97] + "..."
        raise BudgetFileError(f"{path}: line 1: not {what}: no column {', '.join(missing)} "
                              f"(the header is {shown!r})")


def _number(path: Any, line: int, column: str, text: str, *, required: bool = False) -> float:
    """A non-negative finite number, or nan for an empty optional cell."""
    text = text.strip()
    if not text:
        if required:
            raise BudgetFileError(f"{path}: line {line}: {column} is empty")
        return math.nan
    try:
        value = float(text)
    except ValueError:
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise BudgetFileError(f"{path}: line {line}: {column} {shown!r} is not a number") from None
    if math.isnan(value) and not required:
        return value
    if not math.isfinite(value) or value < 0:
        raise BudgetFileError(f"{path}: line {line}: {column} {text!r}: expected a finite "
                              "number >= 0")
    return value


@dataclass(frozen=True)
class BaselineEntry:
    """One line of a baseline: a test's phase, or the total (``test_id`` "")."""

    test_id: str
    phase: str
    cpu_seconds: float  # s
    budget_kwh: float  # kWh
    energy_kwh: float = math.nan  # kWh, the tracker's figure (information)
    emissions_kg: float = math.nan  # kg CO2e (information)


@dataclass(frozen=True)
class Baseline:
    """A saved baseline: the total and each test phase."""

    path: str
    total: BaselineEntry
    entries: dict[tuple[str, str], BaselineEntry] = field(default_factory=dict)

    def test_kwh(self, test_id: str) -> float | None:
        """A test's budget energy (its phases summed), kWh; None if the baseline lacks it."""
        found = [e.budget_kwh for (tid, _), e in self.entries.items() if tid == test_id]
        return sum(found) if found else None

    def tests(self) -> dict[str, float]:
        """Budget energy per test (phases summed), kWh."""
        sums: dict[str, float] = {}
        for (test_id, _), entry in self.entries.items():
            sums[test_id] = sums.get(test_id, 0.0) + entry.budget_kwh
        return sums


def read_baseline(path: str | os.PathLike[str]) -> Baseline:
    """Read a baseline file (see the module docstring).

    Raises
    ------
    BudgetFileError
        Not a baseline: message names the file and the line.
    OSError
        The file cannot be read.
    """
    _, rows = _records(path, ("test_id", "phase", "budget_energy"), "a footprintlab baseline")
    total: BaselineEntry | None = None
    total_line = 0
    entries: dict[tuple[str, str], BaselineEntry] = {}
    for line, row in rows:
        test_id, phase = row["test_id"], row["phase"].strip()
        if phase not in PHASES:
            raise BudgetFileError(f"{path}: line {line}: phase {phase[:40]!r}: expected one of "
                                  f"{', '.join(PHASES)}")
        is_total = phase in TOTAL_PHASES
        if is_total != (test_id == ""):
            raise BudgetFileError(
                f"{path}: line {line}: " + ("a total row (phase session or command) has an "
                                            "empty test_id" if is_total else
                                            f"phase {phase} needs a test_id"))
        entry = BaselineEntry(
            test_id, phase,
            _number(path, line, "cpu_seconds", row.get("cpu_seconds", "")),
            _number(path, line, "budget_energy", row["budget_energy"], required=True),
            _number(path, line, "energy_consumed", row.get("energy_consumed", "")),
            _number(path, line, "emissions", row.get("emissions", "")))
        if is_total:
            if total is not None:
                raise BudgetFileError(f"{path}: line {line}: a second total row (the first is "
                                      f"on line {total_line}); a baseline has one")
            total, total_line = entry, line
        elif (test_id, phase) in entries:
            raise BudgetFileError(f"{path}: line {line}: {test_id[:60]!r} {phase} appears twice")
        else:
            entries[(test_id, phase)] = entry
    if total is None:
        raise BudgetFileError(f"{path}: line {len(rows) + 1 if rows else 2}: no total row "
                              "(empty test_id, phase session or command)")
    return Baseline(str(path), total, entries)


def write_baseline(path: str | os.PathLike[str], total: BaselineEntry,
                   entries: Iterable[BaselineEntry] = ()) -> Path:
    """Write a baseline (replacing the file: saving a baseline is asked for by name)."""
    ordered = [total, *sorted(entries, key=lambda e: (e.test_id, PHASES.index(e.phase)))]
    rows = [{"test_id": e.test_id, "phase": e.phase, "cpu_seconds": e.cpu_seconds,
             "budget_energy": e.budget_kwh, "energy_consumed": e.energy_kwh,
             "emissions": e.emissions_kg} for e in ordered]
    with atomic_write(path, overwrite=True) as handle:
        handle.write(_csv_text(BASELINE_COLUMNS, rows, header=True))
    return resolve_output(path)


@dataclass(frozen=True)
class Run:
    """One row of an emissions CSV, as the history and the report use it."""

    line: int
    timestamp: datetime
    project: str
    run_id: str
    experiment_id: str
    test_id: str
    phase: str  # "" for a plain tracker row
    duration_s: float
    energy_kwh: float
    emissions_kg: float  # nan when unknown (no country)
    cpu_seconds: float  # nan for rows without the budget's columns
    budget_kwh: float

    @property
    def is_total(self) -> bool:
        """A whole run (a session, a command, a tracker run), not a test's phase."""
        return self.phase in ("", *TOTAL_PHASES)


def read_runs(path: str | os.PathLike[str]) -> list[Run]:
    """The rows of an emissions CSV (footprint.csv, a history, CodeCarbon's emissions.csv).

    Raises
    ------
    BudgetFileError
        Not an emissions CSV, or a cell that cannot be read: names the file and the line.
    OSError
        The file cannot be read.
    """
    _, rows = _records(path, _RUN_REQUIRED, "an emissions CSV")
    runs = []
    for line, row in rows:
        phase = row.get("phase", "").strip()
        if phase and phase not in PHASES:
            raise BudgetFileError(f"{path}: line {line}: phase {phase[:40]!r}: expected one of "
                                  f"{', '.join(PHASES)} or nothing")
        runs.append(Run(
            line=line,
            timestamp=_timestamp(path, line, row["timestamp"]),
            project=row["project_name"],
            run_id=row.get("run_id", ""),
            experiment_id=row.get("experiment_id", ""),
            test_id=row.get("test_id", ""),
            phase=phase,
            duration_s=_number(path, line, "duration", row.get("duration", "")),
            energy_kwh=_number(path, line, "energy_consumed", row["energy_consumed"]),
            emissions_kg=_number(path, line, "emissions", row.get("emissions", "")),
            cpu_seconds=_number(path, line, "cpu_seconds", row.get("cpu_seconds", "")),
            budget_kwh=_number(path, line, "budget_energy", row.get("budget_energy", ""))))
    return runs


def _timestamp(path: Any, line: int, text: str) -> datetime:
    """Local naive time (as CodeCarbon and the tracker write it); an offset converted to local."""
    try:
        value = datetime.fromisoformat(text.strip())
        return value if value.tzinfo is None else value.astimezone().replace(tzinfo=None)
    except (ValueError, OverflowError, OSError):
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise BudgetFileError(f"{path}: line {line}: timestamp {shown!r} is not an ISO 8601 "
                              "date and time") from None

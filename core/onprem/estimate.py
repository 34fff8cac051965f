"""Public entry points: :func:`estimate`, :func:`validate`, the streaming :func:`iter_estimates`."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator, Mapping
from typing import Any

import pandas as pd
from footprintlab._logging import get_logger
from footprintlab._progress import count_lines, enabled
from footprintlab._progress import progress as progress_bar
from footprintlab.onprem.method import estimate_chunk
from footprintlab.onprem.options import EstimateOptions, check_chunksize
from footprintlab.onprem.report import OnPremInputError, Problem, ValidationReport
from footprintlab.onprem.schema import output_columns
from footprintlab.onprem.textfile import Text, decode_problem, open_text
from footprintlab.onprem.validation import DUPLICATED, check_chunk, file_problems

DEFAULT_CHUNK_ROWS = 30_000
log = get_logger(__name__)

Source = Any  # path (str / os.PathLike), file-like object, bytes, or pandas.DataFrame


def read_chunks(
    source: Source, chunksize: int, report: ValidationReport, encoding: str | None = None,
) -> Iterator[tuple[pd.DataFrame, int]]:
    """Yield (rows, first 1-based row number) chunks of the input.

    CSV cells are read as text, trimmed later, blanks as ``""``; blank lines are skipped. The
    text encoding is the file's byte-order mark, else ``encoding``, else UTF-8 (see
    :mod:`.textfile`). Problems with the whole file (an undecodable byte, a header that cannot
    name the columns) end reading with a file problem in ``report``.
    """
    if isinstance(source, pd.DataFrame):
        if report_header(list(map(str, source.columns)), report):
            for first in range(0, len(source), chunksize):
                yield source.iloc[first : first + chunksize], first + 1
            if len(source) == 0:
                yield source, 1
        return
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(bytes(source))
    if isinstance(source, str | os.PathLike):
        if not os.path.isfile(source):
            raise FileNotFoundError(f"on-premise input: no file at {os.fspath(source)!r}")
        report.source = os.fspath(source)
    text = open_text(source, encoding, report)
    if text is None:
        return
    if not text.names:
        report.add(Problem(None, "(header)", "", "a header line naming CCF's columns"))
        return
    if not report_header(text.names, report):
        return
    try:
        from footprintlab.onprem._arrow_csv import read_text_batches
    except ImportError:
        yield from _pandas_chunks(text, chunksize, report)
        return
    yield from read_text_batches(text, chunksize, report)


def _pandas_chunks(text: Text, chunksize: int, report: ValidationReport) -> Iterator[
    tuple[pd.DataFrame, int]
]:
    """CSV chunks with pandas' reader (used without pyarrow)."""
    reader = pd.read_csv(
        text.path if text.path is not None else text.buffer(), dtype=str,
        keep_default_na=False, skip_blank_lines=True, chunksize=chunksize,
        encoding=text.encoding,
    )
    first = 1
    try:
        with reader:
            for chunk in reader:
                chunk.columns = text.names
                yield chunk, first
                first += len(chunk)
    except UnicodeDecodeError:
        report.add(decode_problem(text.open_binary, text.encoding, text.names))
    except pd.errors.ParserError as error:
        report.add(Problem(None, "(line)", str(error).split("C error: ")[-1].strip(),
                           "each line to have as many fields as the header"))
    except pd.errors.EmptyDataError:
        report.add(Problem(None, "(header)", "", "a header line naming CCF's columns"))


def report_header(columns: list[str], report: ValidationReport) -> bool:
    """Add the header's problems to ``report``; False if rows cannot be read by column name."""
    problems = file_problems(columns)
    for problem in problems:
        report.add(problem)
    return not any(p.value == DUPLICATED for p in problems)


def _rows_total(source: Source) -> int | None:
    """The number of rows to read (a progress total): a frame's length, a file's lines."""
    if isinstance(source, pd.DataFrame):
        return len(source)
    if isinstance(source, str | os.PathLike) and os.path.isfile(source):
        lines = count_lines(source)
        return None if lines is None else max(lines - 1, 0)
    return None


def _chunks(source: Source, chunksize: int, report: ValidationReport, encoding: str | None,
            progress: bool | None, desc: str) -> Iterator[tuple[pd.DataFrame, int]]:
    """:func:`read_chunks` with a progress bar in rows (see :mod:`footprintlab._progress`)."""
    total = _rows_total(source) if enabled(progress) else None
    with progress_bar(total=total, option=progress, desc=desc, unit=" rows",
                      unit_scale=True) as bar:
        for chunk, first in read_chunks(source, chunksize, report, encoding):
            yield chunk, first
            bar.update(len(chunk))


def iter_estimates(
    source: Source, options: EstimateOptions, report: ValidationReport,
    chunksize: int = DEFAULT_CHUNK_ROWS, progress: bool | None = None,
) -> Iterator[pd.DataFrame]:
    """Check and estimate the input chunk by chunk (memory bounded by ``chunksize`` rows).

    Yields the estimates of each chunk's valid rows while the input has no problem so far, or
    always when ``options.skip_invalid``. Callers check ``report`` at the end: rows already
    yielded must be discarded if it has problems and invalid rows are not skipped.
    ``progress``: a bar in rows (None: in a notebook, or on a terminal's stderr, for runs over
    a second; False: never).
    """
    chunksize = check_chunksize(chunksize)
    for chunk, first in _chunks(source, chunksize, report, options.encoding, progress,
                                "estimating"):
        checked = check_chunk(chunk, first, options, report)
        if not options.skip_invalid and not report.ok:
            continue  # keep checking, to report every problem at once
        if report.file_problems:
            continue
        report.skipped_rows.extend(int(r) for r in checked.rows[~checked.valid])
        yield estimate_chunk(checked, options)
    report.sort()
    if options.skip_invalid and report.bad_lines:
        report.skipped_rows = sorted(set(report.skipped_rows) | set(report.bad_lines))


def estimate(
    source: Source,
    *,
    ccf_compatible: bool = True,
    grid: str | None = None,
    embodied: bool | None = None,
    carbon_intensity: pd.Series | None = None,
    ccf_quirks: bool = False,
    machine_type_defaults: Mapping[str, Mapping[str, float]] | None = None,
    embodied_defaults: Mapping[str, tuple[float, float]] | None = None,
    dayfirst: bool | None = None,
    skip_invalid: bool = False,
    chunksize: int = DEFAULT_CHUNK_ROWS,
    encoding: str | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Estimate the energy and carbon of an on-premise fleet given in CCF's CSV format.

    Parameters
    ----------
    source : str, os.PathLike, file-like, bytes or pandas.DataFrame
        A CSV with CCF's on-premise columns (cpuDescription, memory, machineType, startTime,
        endTime, country, region, optional machineName, cost, cpuUtilization %,
        powerUsageEffectiveness, and at least one of dailyUptime, weeklyUptime, monthlyUptime,
        annualUptime in hours), or a DataFrame with those columns.
    ccf_compatible : bool, default True
        Preset for ``grid`` and ``embodied``: True gives CCF's numbers (CCF's grid factors, no
        embodied carbon); False uses footprintlab's country table and adds embodied carbon.
    grid : {"ccf", "countries"}, optional
        Grid factors: CCF's table (t CO2e/kWh, 18 countries + 9 US states) or footprintlab's
        country table (Ember / Our World in Data, CC BY 4.0).
    embodied : bool, optional
        Add embodied (manufacturing) carbon amortised over the machine's lifespan:
        ``embodiedKgCo2e``/``lifespanYears`` columns of the row, else ``embodied_defaults``,
        else CCF's rack-server figure for ``server`` rows (1000 kg + 533 kg per 384 GB of DRAM
        beyond 16 GB, 4 years); other machine types without a value get NaN and a note.
    carbon_intensity : pandas.Series, optional
        Hourly grid carbon intensity (gCO2e/kWh, DatetimeIndex); its mean over each row's
        startTime-endTime replaces the grid factor (rows it does not cover keep the grid factor).
    ccf_quirks : bool, default False
        Reproduce CCF bug for bug: its CPU parser only, machine-type defaults override the row's
        utilization, exact case-sensitive location keys, unlisted US state -> global average.
    machine_type_defaults : mapping, optional
        ``{"server": {"cpu_utilization": 45, "average_watts": 350}, ...}`` (CCF's ON_PREMISE
        configuration; see :func:`machine_type_defaults_from_env`). The utilization applies only
        where the row has none (unless ``ccf_quirks``); average watts replace the min/max formula.
    embodied_defaults : mapping, optional
        ``{"laptop": (kg CO2e, lifespan years), ...}`` used when ``embodied``.
    dayfirst : bool, optional
        How to read ambiguous slashed dates such as 03/04/2022; None reports them as problems.
    skip_invalid : bool, default False
        Estimate the valid rows and list the skipped ones in the report instead of raising.
    chunksize : int
        Rows processed at a time.
    encoding : str, optional
        Text encoding of a file or bytes input (e.g. ``"cp1252"``, ``"utf-16-le"``). By default
        a byte-order mark (UTF-8, UTF-16 LE/BE) decides, else UTF-8; an undecodable byte is
        reported with its line and column.
    progress : bool, optional
        A progress bar in rows with rate and time left: by default in a notebook (a widget) or
        on a terminal's stderr, for inputs taking over a second; False never, True always.

    Returns
    -------
    pandas.DataFrame
        One row per valid input row: CCF's 23 output columns (same names and order; kWh and
        metric tons CO2e per period), then transparency columns (family matched, coefficients,
        utilization/PUE used and where they come from, emission factor and its source,
        derived uptimes, period spanned, fallbacks) and, with ``embodied``, embodied columns.
        ``result.attrs["validation"]`` holds the :class:`ValidationReport`.

    Raises
    ------
    OnPremInputError
        When the input has problems and ``skip_invalid`` is False; its ``report`` lists them all.
    TypeError, ValueError
        An option of the wrong type or out of range (the message names it).
    """
    options = EstimateOptions.resolve(
        ccf_compatible=ccf_compatible, grid=grid, embodied=embodied,
        carbon_intensity=carbon_intensity, ccf_quirks=ccf_quirks,
        machine_type_defaults=machine_type_defaults, embodied_defaults=embodied_defaults,
        dayfirst=dayfirst, skip_invalid=skip_invalid, encoding=encoding,
    )
    report = ValidationReport()
    began = time.perf_counter()
    parts = list(iter_estimates(source, options, report, chunksize, progress))
    log.info("estimated %d row(s) in %.2f s (%d problem(s))", sum(len(p) for p in parts),
             time.perf_counter() - began, report.n_problems)
    if report.file_problems or (not report.ok and not skip_invalid):
        raise OnPremInputError(report)
    result = (pd.concat(parts, ignore_index=True) if parts
              else pd.DataFrame(columns=list(output_columns(options.embodied))))
    result.attrs["validation"] = report
    return result


def validate(
    source: Source,
    *,
    grid: str = "ccf",
    ccf_quirks: bool = False,
    dayfirst: bool | None = None,
    chunksize: int = DEFAULT_CHUNK_ROWS,
    encoding: str | None = None,
    progress: bool | None = None,
) -> ValidationReport:
    """Check an input without estimating it.

    Parameters
    ----------
    source : str, os.PathLike, file-like, bytes or pandas.DataFrame
        As for :func:`estimate`.
    grid, ccf_quirks, dayfirst, chunksize, encoding, progress
        As for :func:`estimate` (the country check depends on ``grid`` and ``ccf_quirks``).

    Returns
    -------
    ValidationReport
        Every problem: row number, column, value and what was expected.
    """
    options = EstimateOptions.resolve(grid=grid, ccf_quirks=ccf_quirks, dayfirst=dayfirst,
                                      encoding=encoding)
    chunksize = check_chunksize(chunksize)
    report = ValidationReport()
    for chunk, first in _chunks(source, chunksize, report, options.encoding, progress,
                                "checking"):
        check_chunk(chunk, first, options, report)
    report.sort()
    return report

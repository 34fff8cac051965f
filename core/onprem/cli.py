"""``footprintlab onprem INPUT.csv [-o OUT.csv] [--force] ...``: estimate a fleet CSV to a CSV.

Exit codes: 0 written; 2 an error (missing input, output exists, bad option, or the input has
problems: all listed on stderr; nothing written unless ``--skip-invalid``), one line on stderr
for each. ``-o -`` writes the table to stdout; ``--example`` estimates the shipped sample
inventory (``fl.examples.path("fleet.csv")``) to stdout.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from footprintlab._progress import setting as progress_setting
from footprintlab.onprem.estimate import DEFAULT_CHUNK_ROWS, iter_estimates, validate
from footprintlab.onprem.options import (
    EstimateOptions,
    check_chunksize,
    machine_type_defaults_from_env,
)
from footprintlab.onprem.output import (
    OutputExistsError,
    check_output_path,
    default_output_path,
    open_output,
    write_csv_chunk,
)
from footprintlab.onprem.report import ValidationReport

# Attempts at a free default name when another process takes it while we write (then the run
# is repeated under the next free name; an explicit -o is never renamed).
DEFAULT_NAME_ATTEMPTS = 3


class _Discard(Exception):
    """Raised inside the writer: nothing is put in place (invalid input, or no row)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="footprintlab onprem",
        description="Estimate an on-premise fleet given in Cloud Carbon Footprint's CSV format. "
        "Output: CCF's columns (same names and order) plus transparency columns.",
    )
    parser.add_argument("input", nargs="?", help="input CSV (never modified)")
    parser.add_argument("--example", action="store_true",
                        help="use the shipped sample inventory (10 machines) as INPUT; the table "
                        "goes to stdout unless -o is given")
    parser.add_argument("-o", "--output", help="output CSV, or - for stdout (default: "
                        "INPUT.footprint.csv next to the input, or the first free "
                        "INPUT.footprint-N.csv)")
    parser.add_argument("--force", action="store_true", help="overwrite -o if it exists")
    parser.add_argument("--skip-invalid", action="store_true",
                        help="estimate the valid rows and list the skipped ones")
    parser.add_argument("--validate-only", action="store_true", help="only report problems")
    parser.add_argument("--grid", choices=("ccf", "countries"),
                        help="grid factors: CCF's table (default) or footprintlab's country table")
    parser.add_argument("--embodied", action="store_true",
                        help="add embodied carbon amortised over the lifespan")
    parser.add_argument("--no-ccf-compatible", action="store_true",
                        help="footprintlab's defaults: country grid factors and embodied carbon")
    parser.add_argument("--ccf-quirks", action="store_true",
                        help="reproduce CCF bug for bug (its CPU parser, its override order)")
    parser.add_argument("--ccf-env", action="store_true",
                        help="read machine-type defaults from CCF's ON_PREMISE_* variables")
    parser.add_argument("--carbon-intensity", metavar="CSV",
                        help="hourly carbon intensity: columns time, gCO2e/kWh")
    order = parser.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", dest="dayfirst", action="store_const", const=True,
                       help="read 03/04/2022 as 3 April")
    order.add_argument("--monthfirst", dest="dayfirst", action="store_const", const=False,
                       help="read 03/04/2022 as 4 March")
    parser.add_argument("--chunk-rows", type=int, default=DEFAULT_CHUNK_ROWS,
                        help=f"rows per chunk (default {DEFAULT_CHUNK_ROWS})")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no progress bar (one is shown on stderr for long runs when it "
                        "is a terminal)")
    parser.add_argument("--encoding", metavar="NAME",
                        help="text encoding of INPUT, e.g. cp1252 (Excel on Windows) or utf-16 "
                        "(default: the file's byte-order mark if any, else UTF-8)")
    return parser


def _read_series(path: str):
    """The ``--carbon-intensity`` CSV (time, gCO2e/kWh) as a Series; errors name file and line."""
    import numpy as np
    import pandas as pd

    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skip_blank_lines=False)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise ValueError(f"{path}: not a CSV of time, gCO2e/kWh ({error})") from None
    if frame.shape[1] < 2:
        raise ValueError(f"{path}: expected two columns, time and gCO2e/kWh")
    index = pd.to_datetime(frame.iloc[:, 0], utc=True, format="ISO8601", errors="coerce")
    values = pd.to_numeric(frame.iloc[:, 1], errors="coerce").to_numpy(dtype=float)
    for bad, expected in ((index.isna().to_numpy(), "an ISO 8601 time"),
                          (~(np.isfinite(values) & (values >= 0)), "gCO2e/kWh, a number >= 0")):
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            column = 0 if expected.startswith("an ISO") else 1
            raise ValueError(f"{path}, line {first + 2}: got {frame.iat[first, column]!r}; "
                             f"expected {expected} ({int(bad.sum())} such line(s))")
    return pd.Series(values, index=pd.DatetimeIndex(index)).sort_index()


def _write(source: Path, output: Path, options: EstimateOptions, force: bool,
           chunk_rows: int, protect: list) -> tuple[ValidationReport, dict, bool]:
    """Estimate ``source`` into ``output``; returns (report, totals, whether it was written)."""
    report = ValidationReport()
    totals = {"rows": 0, "kwh": 0.0, "co2e": 0.0, "embodied": 0.0, "no_embodied": 0}
    try:
        with open_output(output, force=force, protect=protect) as handle, \
                ThreadPoolExecutor(max_workers=1) as writer:
            pending = None  # chunk k is encoded and written while chunk k+1 is estimated
            for part in iter_estimates(source, options, report, chunk_rows):
                if pending is not None:
                    pending.result()
                pending = writer.submit(write_csv_chunk, part, handle, totals["rows"] == 0)
                _add_totals(totals, part)
            if pending is not None:
                pending.result()
            failed = report.file_problems or (not report.ok and not options.skip_invalid)
            if failed or totals["rows"] == 0:
                raise _Discard
    except _Discard:
        return report, totals, False
    return report, totals, True


def _add_totals(totals: dict, part) -> None:
    totals["rows"] += len(part)
    totals["kwh"] += float(part["annualKilowattHours"].sum())
    totals["co2e"] += float(part["annualCo2e"].sum())
    if "annualEmbodiedCo2e" in part:
        embodied = part["annualEmbodiedCo2e"]
        totals["embodied"] += float(embodied.sum())  # NaN (no cited default) is left out
        totals["no_embodied"] += int(embodied.isna().sum())


def _summary(totals: dict, options: EstimateOptions, output: Path) -> str:
    """One line: machines, annual kWh and t CO2e (operational, and embodied when it is on)."""
    text = (f"Estimated {totals['rows']} machine(s): annual {totals['kwh']:.6g} kWh, "
            f"{totals['co2e']:.6g} t CO2e")
    if options.embodied:
        missing = (f"; {totals['no_embodied']} machine(s) without an embodied value"
                   if totals["no_embodied"] else "")
        text += (f" operational + {totals['embodied']:.6g} t CO2e embodied = "
                 f"{totals['co2e'] + totals['embodied']:.6g} t CO2e{missing}")
    return f"{text}. Written to {output}"


def main(argv: list[str]) -> int:
    """Run ``footprintlab onprem``; return the exit code (130 when interrupted: nothing written)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        with progress_setting(False if args.quiet else None):
            return _main(args)
    except KeyboardInterrupt:
        print("footprintlab onprem: interrupted; nothing written", file=sys.stderr)
        return 130


def _main(args: argparse.Namespace) -> int:
    if args.example == (args.input is not None):
        print("footprintlab onprem: error: give an INPUT csv or --example (one of them)",
              file=sys.stderr)
        return 2
    if args.example:
        from footprintlab import examples

        args.input, args.output = str(examples.path("fleet.csv")), args.output or "-"
    source = Path(args.input)
    if not source.is_file():
        print(f"footprintlab onprem: no input file at {str(source)!r}", file=sys.stderr)
        return 2
    _speed_hint(source)
    if args.validate_only:
        try:
            report = validate(source, dayfirst=args.dayfirst, grid=args.grid or "ccf",
                              ccf_quirks=args.ccf_quirks, encoding=args.encoding,
                              chunksize=args.chunk_rows)
        except ValueError as error:
            print(f"footprintlab onprem: {error}", file=sys.stderr)
            return 2
        print(report.summary(limit=None), file=sys.stdout if report.ok else sys.stderr)
        return 0 if report.ok else 2
    protect = [source] + ([args.carbon_intensity] if args.carbon_intensity else [])
    try:
        options = EstimateOptions.resolve(
            ccf_compatible=not args.no_ccf_compatible, grid=args.grid,
            embodied=True if args.embodied else None,
            carbon_intensity=_read_series(args.carbon_intensity) if args.carbon_intensity else None,
            ccf_quirks=args.ccf_quirks,
            machine_type_defaults=machine_type_defaults_from_env() if args.ccf_env else None,
            dayfirst=args.dayfirst, skip_invalid=args.skip_invalid, encoding=args.encoding,
        )
        check_chunksize(args.chunk_rows)
        if args.output == "-":
            return _to_stdout(source, options, args.chunk_rows)
        output = Path(args.output) if args.output else default_output_path(source)
        check_output_path(output, source, args.force, protect)
        for attempt in range(1, DEFAULT_NAME_ATTEMPTS + 1):
            try:
                report, totals, written = _write(source, output, options, args.force,
                                                 args.chunk_rows, protect)
                break
            except OutputExistsError:
                if args.output is not None or attempt == DEFAULT_NAME_ATTEMPTS:
                    raise
                output = default_output_path(source)  # the name was taken meanwhile
    except (ValueError, OSError) as error:
        print(f"footprintlab onprem: {error}", file=sys.stderr)
        return 2
    if not report.ok:
        print(report.summary(limit=None), file=sys.stderr)
    if not written:
        print("footprintlab onprem: nothing written" + (
            "" if not report.ok else " (no rows)"), file=sys.stderr)
        return 2
    print(_summary(totals, options, output))
    return 0


def _speed_hint(source: Path) -> None:
    """A large file without pyarrow: say how to make it about five times faster."""
    if source.stat().st_size > 20_000_000 and importlib.util.find_spec("pyarrow") is None:
        print("footprintlab onprem: note: pip install 'footprintlab[onprem]' (pyarrow) makes "
              "large inventories about five times faster", file=sys.stderr)


def _to_stdout(source: Path, options: EstimateOptions, chunk_rows: int) -> int:
    """``-o -``: the table on stdout (nothing written if the input has problems), the summary
    line on stderr so that stdout stays one CSV."""
    report = ValidationReport()
    totals = {"rows": 0, "kwh": 0.0, "co2e": 0.0, "embodied": 0.0, "no_embodied": 0}
    parts = list(iter_estimates(source, options, report, chunk_rows))
    if report.file_problems or (not report.ok and not options.skip_invalid) or not parts:
        print(report.summary(limit=None), file=sys.stderr)
        return 2
    for part in parts:
        write_csv_chunk(part, sys.stdout, totals["rows"] == 0)
        _add_totals(totals, part)
    sys.stdout.flush()
    if not report.ok:
        print(report.summary(limit=None), file=sys.stderr)
    print(_summary(totals, options, Path("stdout")), file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))

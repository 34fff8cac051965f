"""``footprintlab hpc``: per-job energy and emissions for batch use and cron jobs.

Example::

    footprintlab hpc jobs.txt --power power.csv --intensity gb-api --timezone Europe/London \\
        -o footprints.csv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="footprintlab hpc",
        description="Energy (kWh) and emissions (kgCO2e) of Slurm jobs from node power telemetry "
                    "and grid carbon intensity. One output row per job.")
    p.add_argument("sacct_file", metavar="SACCT_FILE",
                   help="`sacct -P` output (or a CSV) with JobID, User, Account, Partition, "
                        "NodeList, AllocCPUS, Start, End, State")
    p.add_argument("--power", required=True, metavar="POWER",
                   help="CSV with columns timestamp (ISO 8601 or Unix s), node, watts; or a "
                        "Prometheus/VictoriaMetrics URL (http://...)")
    p.add_argument("--intensity", metavar="INTENSITY",
                   help="CSV with columns from (UTC), [to,] intensity (g/kWh); or 'gb-api'")
    p.add_argument("--country", metavar="COUNTRY",
                   help="country whose yearly average fills periods without intensity "
                        "(e.g. GB); recorded in intensity_source")
    p.add_argument("--timezone", default="UTC", metavar="ZONE",
                   help="IANA zone of sacct's local times (default UTC)")
    p.add_argument("-o", "--output", metavar="OUT.csv", help="write here (default: stdout)")
    p.add_argument("--force", action="store_true", help="overwrite OUT.csv if it exists")
    p.add_argument("--max-gap", type=float, default=300.0, metavar="S",
                   help="longest normal gap between power samples, s (default 300)")
    p.add_argument("--share-by", choices=("cpus", "equal"), default="cpus",
                   help="how jobs sharing a node split its energy (default cpus)")
    p.add_argument("--interpolation", choices=("linear", "previous"), default="linear")
    p.add_argument("--period", default="30min", help="settlement period (default 30min)")
    g = p.add_argument_group("Prometheus / VictoriaMetrics (when POWER is a URL)")
    g.add_argument("--metric", default="amperageProbeReading")
    g.add_argument("--label", action="append", default=None, metavar="KEY=VALUE",
                   help="label matcher (repeatable; default "
                        "amperageProbeLocationName=System Board Pwr Consumption)")
    g.add_argument("--node-label", default="alias")
    g.add_argument("--scale", type=float, default=1.0, help="metric value -> watts factor")
    g.add_argument("--step", default="30s")
    g.add_argument("--mode", choices=("raw", "query_range"), default="raw")
    g.add_argument("--timeout", type=float, default=30.0)
    g.add_argument("--gb-api-url", default=None, help="GB Carbon Intensity API root")
    g.add_argument("--cache-dir", default=None, help="GB API cache directory")
    return p


def _run(args: argparse.Namespace) -> int:
    import pandas as pd

    # the on-prem CLI's output rules: never the input, never an existing file without --force
    from footprintlab.onprem.output import check_output_path, staged_output

    from .footprint import job_footprints
    from .gb_intensity import DEFAULT_GB_API_URL, GBCarbonIntensityClient
    from .intensity import read_intensity_csv
    from .power import read_power_csv
    from .prometheus import PrometheusPowerClient
    from .sacct import read_sacct

    output = Path(args.output) if args.output else None
    if output is not None:
        check_output_path(output, Path(args.sacct_file), args.force)
    if not args.intensity and not args.country:
        print("footprintlab hpc: error: give --intensity (CSV or gb-api) and/or --country",
              file=sys.stderr)
        return 2
    jobs = read_sacct(args.sacct_file, timezone=args.timezone)
    ran = jobs.loc[jobs["start"].notna() & jobs["end"].notna()]
    if ran.empty:
        print("footprintlab hpc: error: no job in the sacct file has both Start and End",
              file=sys.stderr)
        return 1
    first, last = ran["start"].min(), ran["end"].max()
    if args.power.startswith(("http://", "https://")):
        labels = None
        if args.label:
            labels = dict(item.split("=", 1) for item in args.label)
        client = PrometheusPowerClient(args.power, metric=args.metric, labels=labels,
                                       node_label=args.node_label, scale=args.scale,
                                       step=args.step, mode=args.mode, timeout=args.timeout)
        nodes = sorted({n for tup in ran["nodes"] for n in tup})
        pad = pd.Timedelta(seconds=args.max_gap)
        samples = client.power_samples(first - pad, last + pad, nodes=nodes)
    else:
        samples = read_power_csv(args.power)
    intensity = None
    if args.intensity == "gb-api":
        gb = GBCarbonIntensityClient(args.gb_api_url or DEFAULT_GB_API_URL,
                                     cache_dir=args.cache_dir, timeout=args.timeout)
        intensity = gb.fetch(first.floor("30min"), last.ceil("30min"))
    elif args.intensity:
        intensity = read_intensity_csv(args.intensity)
    result = job_footprints(jobs, samples, intensity, fallback=args.country, period=args.period,
                            max_gap=args.max_gap, share_by=args.share_by,
                            interpolation=args.interpolation)
    table = result.jobs.copy()
    for column in ("start", "end"):
        table[column] = table[column].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    if output is not None:
        with staged_output(output, force=args.force, unique=False) as (handle, _final):
            table.to_csv(handle, index=False)
        done = table["energy_kWh"].notna().sum()
        print(f"wrote {len(table)} jobs ({done} with energy, "
              f"{table['energy_kWh'].sum():.3f} kWh, {table['co2e_kg'].sum():.3f} kgCO2e) "
              f"to {args.output}", file=sys.stderr)
    else:
        table.to_csv(sys.stdout, index=False)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``footprintlab hpc``; returns the exit code."""
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    from ._http import HTTPFetchError

    try:
        return _run(args)
    except (ValueError, KeyError, OSError, HTTPFetchError, RuntimeError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"footprintlab hpc: error: {message}", file=sys.stderr)
        return 1

"""``footprintlab hpc``: per-job energy and emissions for batch use and cron jobs.

Example::

    footprintlab hpc --example                      # the shipped samples
    footprintlab hpc jobs.txt --power power.csv --intensity gb-api --timezone Europe/London \\
        -o footprints.csv

The output never replaces an input (sacct file, --power and --intensity files, the config file
holding the token), symbolic links followed, with or without --force; it is written atomically
(:func:`footprintlab._files.atomic_write`). No message quotes a credential.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import warnings

__all__ = ["build_parser", "main"]

DEFAULT_METRIC = "amperageProbeReading"
DEFAULT_LABEL = "amperageProbeLocationName=System Board Pwr Consumption"
_PROG = "footprintlab hpc"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=_PROG,
        description="Energy (kWh) and emissions (kgCO2e) of Slurm jobs from node power telemetry "
                    "and grid carbon intensity. One output row per job; jobs whose power "
                    "samples do not cover their run get no energy and a flag saying why.")
    p.add_argument("sacct_file", metavar="SACCT_FILE", nargs="?",
                   help="`sacct -P` output (or a CSV) with JobID, User, Account, Partition, "
                        "NodeList, AllocCPUS, Start, End, State")
    p.add_argument("--example", action="store_true",
                   help="use the shipped samples (40 jobs on 4 nodes over 2 days, their power "
                        "samples and a half-hourly intensity; times in Europe/London) in place "
                        "of SACCT_FILE, --power and --intensity")
    p.add_argument("--power", metavar="POWER",
                   help="CSV with columns timestamp (ISO 8601 or Unix s), node, watts; or a "
                        "Prometheus/VictoriaMetrics URL (http://...; user:password@ in the URL "
                        "is sent as Basic auth, a token is read from "
                        "$FOOTPRINTLAB_PROMETHEUS_TOKEN or the config file)")
    p.add_argument("--intensity", metavar="INTENSITY",
                   help="CSV with columns from (UTC), [to,] intensity (g/kWh); or 'gb-api'")
    p.add_argument("--country", metavar="COUNTRY",
                   help="country whose yearly average fills periods without intensity "
                        "(e.g. GB); recorded in intensity_source")
    p.add_argument("--timezone", default=None, metavar="ZONE",
                   help="IANA zone of sacct's local times, e.g. Europe/London (default UTC; "
                        "Europe/London with --example)")
    p.add_argument("-o", "--output", metavar="OUT.csv",
                   help="write here (default: stdout); never one of the inputs")
    p.add_argument("--force", action="store_true", help="replace OUT.csv if it exists")
    p.add_argument("--max-gap", type=float, default=300.0, metavar="S",
                   help="longest normal gap between power samples, s; a job whose samples "
                        "start or stop more than this inside its run gets no energy "
                        "(default 300)")
    p.add_argument("--share-by", choices=("cpus", "equal"), default="cpus",
                   help="how jobs sharing a node split its energy (default cpus)")
    p.add_argument("--interpolation", choices=("linear", "previous"), default="linear",
                   help="power between samples: linear (trapezoidal rule) or held at the "
                        "previous sample (default linear)")
    p.add_argument("--period", default="30min",
                   help="settlement period, a divisor of a day (default 30min)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress bars (shown on stderr for long runs when it is a terminal)")
    g = p.add_argument_group("Prometheus / VictoriaMetrics (when POWER is a URL)")
    g.add_argument("--metric", default=DEFAULT_METRIC,
                   help="metric holding node power (default %(default)s, Dell iDRAC over SNMP)")
    g.add_argument("--label", action="append", default=None, metavar="KEY=VALUE",
                   help=f"label matcher (repeatable; default {DEFAULT_LABEL})")
    g.add_argument("--node-label", default="alias",
                   help="label naming the node (default %(default)s)")
    g.add_argument("--scale", type=float, default=1.0,
                   help="factor turning the metric's values into watts (default 1)")
    g.add_argument("--step", default="30s",
                   help="sample interval, the query_range step (default 30s)")
    g.add_argument("--mode", choices=("raw", "query_range"), default="raw",
                   help="raw: the stored samples unchanged (default); query_range: the "
                        "server's samples aligned to --step")
    g.add_argument("--timeout", type=float, default=30.0, metavar="S",
                   help="seconds one HTTP request may take in all, retries included "
                        "(default 30); applies to the GB API too")
    g.add_argument("--gb-api-url", default=None,
                   help="GB Carbon Intensity API root (default https://api.carbonintensity.org.uk)")
    g.add_argument("--cache-dir", default=None,
                   help="GB API cache directory (default $FOOTPRINTLAB_CACHE/gb-intensity or "
                        "~/.cache/footprintlab/gb-intensity)")
    return p


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _inputs(args: argparse.Namespace) -> list[str]:
    """The files this run reads: an output resolving to one of them is refused."""
    from .prometheus import config_path

    files = [args.sacct_file, config_path()]
    if not _is_url(args.power):
        files.append(args.power)
    if args.intensity and args.intensity != "gb-api":
        files.append(args.intensity)
    return files


def _check_output(args: argparse.Namespace) -> None:
    """Fail before any work: an output that is an input, or exists without --force."""
    from .._files import OutputExistsError, check_not_input, resolve_output

    check_not_input(args.output, _inputs(args))
    if not args.force and resolve_output(args.output).exists():
        raise OutputExistsError(f"{args.output!r} exists; nothing was written "
                                "(pass --force to replace it)")


def _labels(items: list[str] | None) -> dict[str, str] | None:
    if not items:
        return None
    bad = [item for item in items if "=" not in item]
    if bad:
        raise ValueError(f"--label {bad[0]!r}: expected KEY=VALUE")
    return dict(item.split("=", 1) for item in items)


def _samples(args: argparse.Namespace, ran, secrets: list[str]):
    import pandas as pd

    from .power import read_power_csv
    from .prometheus import PrometheusPowerClient

    if not _is_url(args.power):
        return read_power_csv(args.power)
    client = PrometheusPowerClient(args.power, metric=args.metric, labels=_labels(args.label),
                                   node_label=args.node_label, scale=args.scale,
                                   step=args.step, mode=args.mode, timeout=args.timeout)
    secrets.extend(client.secrets)
    nodes = sorted({n for tup in ran["nodes"] for n in tup})
    pad = pd.Timedelta(seconds=args.max_gap)
    return client.power_samples(ran["start"].min() - pad, ran["end"].max() + pad, nodes=nodes)


def _intensity(args: argparse.Namespace, ran):
    from .gb_intensity import DEFAULT_GB_API_URL, GBCarbonIntensityClient
    from .intensity import read_intensity_csv

    if args.intensity == "gb-api":
        gb = GBCarbonIntensityClient(args.gb_api_url or DEFAULT_GB_API_URL,
                                     cache_dir=args.cache_dir, timeout=args.timeout)
        return gb.fetch(ran["start"].min().floor("30min"), ran["end"].max().ceil("30min"))
    return read_intensity_csv(args.intensity) if args.intensity else None


def _overlap_note(samples, ran) -> None:
    """Say so when the samples and the jobs do not overlap at all (Unix ms given as s?)."""
    from ._time import unix_seconds

    if len(samples) == 0:
        return
    t0, t1 = float(samples["time"].min()), float(samples["time"].max())
    j0, j1 = unix_seconds(ran["start"]).min(), unix_seconds(ran["end"]).max()
    if t1 < j0 or t0 > j1:
        hint = " (are the timestamps in milliseconds?)" if t0 > 1e11 else ""
        warnings.warn(f"the power samples ({_stamp(t0)} to {_stamp(t1)}) do not overlap the "
                      f"jobs ({_stamp(j0)} to {_stamp(j1)}){hint}", UserWarning, stacklevel=2)


def _stamp(seconds: float) -> str:
    import pandas as pd

    if not -62135596800 <= seconds <= 253402300799:  # years 1 to 9999
        return f"Unix {seconds:.0f} s"
    return pd.Timestamp(seconds, unit="s", tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


def _run(args: argparse.Namespace, secrets: list[str]) -> int:
    from .._files import atomic_write
    from .footprint import job_footprints
    from .sacct import read_sacct

    if not args.intensity and not args.country:
        print(f"{_PROG}: error: give --intensity (CSV or gb-api) and/or --country",
              file=sys.stderr)
        return 2
    if args.output:
        _check_output(args)
    jobs = read_sacct(args.sacct_file, timezone=args.timezone)
    ran = jobs.loc[jobs["start"].notna() & jobs["end"].notna()]
    if ran.empty:
        print(f"{_PROG}: error: no job in the sacct file has both Start and End", file=sys.stderr)
        return 2
    samples = _samples(args, ran, secrets)
    intensity = _intensity(args, ran)
    result = job_footprints(jobs, samples, intensity, fallback=args.country, period=args.period,
                            max_gap=args.max_gap, share_by=args.share_by,
                            interpolation=args.interpolation)
    if "time" in samples:
        _overlap_note(samples, ran)
    table = result.jobs.copy()
    for column in ("start", "end"):
        table[column] = table[column].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    if not args.output:
        table.to_csv(sys.stdout, index=False)
        sys.stdout.flush()
        return 0
    with atomic_write(args.output, overwrite=args.force, protect=_inputs(args),
                      hint="--force") as handle:
        table.to_csv(handle, index=False)
    done = table["energy_kWh"].notna().sum()
    print(f"wrote {len(table)} jobs ({done} with energy, "
          f"{table['energy_kWh'].sum():.3f} kWh, {table['co2e_kg'].sum():.3f} kgCO2e) "
          f"to {args.output}", file=sys.stderr)
    return 0


def _known_secrets(args: argparse.Namespace) -> list[str]:
    """Credentials this run may hold, to mask in any message (best effort, never raises)."""
    from ._redact import split_userinfo
    from .prometheus import read_token

    found = [split_userinfo(args.power)[2]]
    with contextlib.suppress(ValueError, OSError):
        found.append(read_token())
    return [s for s in found if s]


def _quiet_stdout() -> None:
    """After the reader closed the pipe (``| head``): send the rest to /dev/null, quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _resolve_example(args: argparse.Namespace) -> str | None:
    """Fill the shipped samples in for ``--example``; the reason the arguments are incomplete."""
    if args.example:
        if args.sacct_file or args.power:
            return "--example replaces SACCT_FILE and --power; give one or the other"
        from footprintlab import examples

        args.sacct_file = str(examples.path("sacct.txt"))
        args.power = str(examples.path("power.csv"))
        args.intensity = args.intensity or str(examples.path("intensity.csv"))
        args.timezone = args.timezone or "Europe/London"
    elif not args.sacct_file or not args.power:
        return "give SACCT_FILE and --power (or --example for the shipped samples)"
    args.timezone = args.timezone or "UTC"
    return None


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``footprintlab hpc``; returns the exit code (2 on any error, 130 when
    interrupted: nothing written)."""
    from .._progress import setting as progress_setting
    from ._http import HTTPFetchError
    from ._redact import redact

    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    problem = _resolve_example(args)
    if problem:
        print(f"{_PROG}: error: {problem}", file=sys.stderr)
        return 2
    secrets = _known_secrets(args)

    def show(message, category, *_args, **_kwargs) -> None:
        print(f"{_PROG}: warning: {redact(message, secrets)}", file=sys.stderr)

    with warnings.catch_warnings(), progress_setting(False if args.quiet else None):
        warnings.simplefilter("always", UserWarning)
        warnings.showwarning = show
        try:
            return _run(args, secrets)
        except KeyboardInterrupt:
            print(f"{_PROG}: interrupted; nothing written", file=sys.stderr)
            return 130
        except BrokenPipeError:
            _quiet_stdout()
            return 0
        except (ValueError, KeyError, OSError, HTTPFetchError, RuntimeError) as exc:
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
            print(f"{_PROG}: error: {redact(message, secrets)}", file=sys.stderr)
            return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The ``%%footprint`` cell magic (``%load_ext footprintlab``).

Usage::

    %%footprint --country FRA --project training --output emissions.csv
    train()

Options: ``--country``, ``--project``, ``--output``, ``--mode {process,machine}``, ``--pue``,
``--interval``. While the cell runs a live meter (``footprintlab.widgets.meter``) shows
elapsed time, power, energy and emissions about once a second when a notebook frontend and
ipywidgets are there; otherwise the summary is printed at the end. The measurement is stored
in the user's namespace as ``_footprint``. ipywidgets is imported only here, only when a
frontend exists.
"""

from __future__ import annotations

import argparse
import shlex
from typing import Any

from .tracker import Tracker

__all__ = ["load_ipython_extension", "footprint"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="%%footprint", add_help=False)
    parser.add_argument("--country", default=None)
    parser.add_argument("--project", default="notebook cell")
    parser.add_argument("--output", default=None)
    parser.add_argument("--mode", default="process", choices=("process", "machine"))
    parser.add_argument("--pue", type=float, default=1.0)
    parser.add_argument("--interval", type=float, default=1.0)
    return parser


def _has_frontend(shell: Any) -> bool:
    """A kernel (so a notebook or Voila frontend) and ipywidgets installed."""
    if getattr(shell, "kernel", None) is None:
        return False
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    return True


def footprint(line: str, cell: str, shell: Any = None) -> None:
    """Run ``cell`` under a tracker configured by ``line``; show live figures, then a summary."""
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    try:
        options = _parser().parse_args(shlex.split(line))
    except SystemExit:
        raise ValueError(
            f"%%footprint: cannot read options {line!r}; expected --country CODE --project NAME "
            "--output FILE --mode process|machine --pue N --interval S"
        ) from None
    tracker = Tracker(
        options.project, country=options.country, output=options.output, mode=options.mode,
        pue=options.pue, interval=options.interval,
    )
    meter = None
    if _has_frontend(shell):
        try:
            from footprintlab.widgets.meter import FootprintMeter
            from IPython.display import display

            meter = FootprintMeter(options.project)
            display(meter)
            tracker.add_listener(meter.update)
        except Exception:  # no widget: the printed summary still comes
            meter = None
    tracker.start()
    try:
        shell.run_cell(cell)
    finally:
        measurement = tracker.stop()
        if measurement is not None:
            shell.user_ns["_footprint"] = measurement
            if meter is not None:
                meter.finish(measurement)
            else:
                print(measurement.summary())


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%%footprint`` on an IPython shell."""

    def footprint_magic(line: str, cell: str) -> None:
        footprint(line, cell, ipython)

    footprint_magic.__doc__ = footprint.__doc__
    ipython.register_magic_function(footprint_magic, magic_kind="cell", magic_name="footprint")

"""Measure the energy and emissions of running Python code.

``fl.measure.Tracker`` (start/stop), ``fl.measure.track`` (context manager and decorator),
``%%footprint`` in notebooks (``%load_ext footprintlab``), CodeCarbon-compatible CSV output,
``fl.measure.runs()`` as a DataFrame and ``fl.measure.to_job`` to feed a measured run into the
model. Nothing here imports ipywidgets or pandas at import time.
"""

from __future__ import annotations

from .measurement import Measurement
from .meter import MeasureWarning
from .output import EMISSIONS_COLUMNS
from .runs import RUN_COLUMNS, EmissionsFileError, runs
from .tracker import Tracker, track


def to_job(measurement: Measurement, name: str | None = None, **options):
    """A model ``Job`` whose energy per call is the measured one (see :mod:`.job`)."""
    from .job import to_job as build

    return build(measurement, name, **options)


def __getattr__(name: str):
    """``History`` (the runs-over-time widget) from footprintlab.widgets, imported on first use."""
    if name == "History":
        from footprintlab.widgets.history import History

        return History
    raise AttributeError(f"module 'footprintlab.measure' has no attribute {name!r}")


__all__ = [
    "EMISSIONS_COLUMNS", "RUN_COLUMNS", "EmissionsFileError", "MeasureWarning", "Measurement",
    "Tracker", "runs", "to_job", "track",
]

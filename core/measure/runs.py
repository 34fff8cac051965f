"""The runs DataFrame: measurements of this session, or the rows of an ``emissions.csv``."""

from __future__ import annotations

import os
from collections.abc import Iterable

from .measurement import Measurement

__all__ = ["measurements_frame", "runs"]


def measurements_frame(measurements: Iterable[Measurement]):
    """One row per measurement (:meth:`Measurement.as_dict`), times as UTC datetimes.

    Returns
    -------
    pandas.DataFrame
    """
    import pandas as pd

    rows = [m.as_dict() for m in measurements]
    frame = pd.DataFrame(rows, columns=None if rows else _COLUMNS)
    for column in ("started_at", "ended_at"):
        frame[column] = pd.to_datetime(frame[column], unit="s", utc=True)
    return frame


_COLUMNS = [
    "project_name", "run_id", "started_at", "ended_at", "duration_s", "cpu_energy_kwh",
    "gpu_energy_kwh", "ram_energy_kwh", "energy_kwh", "emissions_kg", "power_w", "country_iso3",
    "intensity_g_per_kwh", "mode", "pue", "estimated", "cpu_method", "ram_method", "gpu_method",
]


def runs(source: str | os.PathLike[str] | None = None):
    """A pandas DataFrame of measured runs.

    Parameters
    ----------
    source : path, optional
        An ``emissions.csv`` (written by footprintlab or CodeCarbon): its rows, CodeCarbon's
        columns. None: every run finished in this Python session, footprintlab's columns
        (see :meth:`Measurement.as_dict`).

    Returns
    -------
    pandas.DataFrame
    """
    if source is None:
        from .tracker import session_measurements

        return measurements_frame(session_measurements())
    from .output import read_emissions_csv

    return read_emissions_csv(source)

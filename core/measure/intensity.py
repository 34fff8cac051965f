"""Which carbon intensity applies to a measured run: a country's annual average or an hourly series.

The country table is :mod:`footprintlab.model.country_data` (Ember / Our World in Data, CC BY
4.0, via CodeCarbon, MIT). When no country is given, ``FOOTPRINTLAB_COUNTRY`` is used, else the
country whose capital's time zone is the machine's local zone; failing both, emissions are not
computed (``nan``) and the measurement says so.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["CarbonIntensity", "resolve_intensity"]

NAN = float("nan")


@dataclass(frozen=True)
class CarbonIntensity:
    """The intensity used for a run.

    Attributes
    ----------
    country_iso3, country_name : str
        Country ("" if none).
    g_per_kwh : float
        Annual average, gCO2e/kWh (``nan`` if unknown).
    source : str
        Where the figure comes from.
    hourly_start_s : float
        Unix time of the first hourly value, s (hourly series only).
    hourly_g_per_kwh : numpy.ndarray or None
        One value per hour, gCO2e/kWh.
    """

    country_iso3: str
    country_name: str
    g_per_kwh: float
    source: str
    hourly_start_s: float = 0.0
    hourly_g_per_kwh: np.ndarray | None = field(default=None, compare=False, repr=False)

    def at(self, wall_s: float) -> float:
        """Intensity at Unix time ``wall_s``, gCO2e/kWh (annual value outside the series)."""
        if self.hourly_g_per_kwh is not None:
            index = math.floor((wall_s - self.hourly_start_s) / 3600.0)
            if 0 <= index < len(self.hourly_g_per_kwh):
                return float(self.hourly_g_per_kwh[index])
        return self.g_per_kwh

    def emissions_kg(self, segments: list[tuple[float, float, float]]) -> float:
        """Emissions of energy segments ``(start_s, end_s, energy_kwh)``, kgCO2e.

        Each segment takes the intensity of the hour holding its midpoint:
        kg = sum(kWh x g/kWh) / 1000.
        """
        return sum(kwh * self.at(0.5 * (a + b)) for a, b, kwh in segments) / 1000.0


def _local_timezone() -> str:
    zone = os.environ.get("TZ", "").lstrip(":")
    if zone:
        return zone
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        return ""
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else ""


def _country_for_timezone(zone: str) -> Any:
    if not zone:
        return None
    from footprintlab.model.country_data import all_countries

    for record in all_countries():
        if record.timezone == zone:
            return record
    return None


def _hourly_from(series: Any) -> tuple[float, np.ndarray]:
    """(start Unix s, values g/kWh) from a pandas Series or a footprintlab Hourly."""
    if hasattr(series, "start") and hasattr(series, "values") and hasattr(series, "to"):
        from footprintlab.engine.units import parse_unit

        converted = series.to(parse_unit("g/kWh"))
        start = (converted.start - np.datetime64(0, "h")) / np.timedelta64(1, "s")
        return float(start), np.asarray(converted.values, dtype=np.float64)
    import pandas as pd

    if not isinstance(series, pd.Series) or not isinstance(series.index, pd.DatetimeIndex):
        raise TypeError(
            "intensity: expected a number (gCO2e/kWh), a pandas Series of gCO2e/kWh with an "
            f"hourly DatetimeIndex, or a footprintlab Hourly; got {type(series).__name__}"
        )
    index = series.index
    index = index.tz_localize("UTC") if index.tz is None else index.tz_convert("UTC")
    hours = index.floor("h")
    full = pd.date_range(hours.min(), hours.max(), freq="h")
    values = pd.Series(series.to_numpy(dtype=float), index=hours).groupby(level=0).mean()
    values = values.reindex(full).ffill()
    start = (full[0] - pd.Timestamp(0, tz="UTC")).total_seconds()
    return float(start), values.to_numpy(dtype=np.float64)


def resolve_intensity(country: str | None, intensity: Any = None) -> CarbonIntensity:
    """Turn the tracker's ``country`` / ``intensity`` arguments into a :class:`CarbonIntensity`.

    Parameters
    ----------
    country : str or None
        Name, ISO-2 or ISO-3 code; None: ``FOOTPRINTLAB_COUNTRY`` or the local time zone.
    intensity : float, pandas.Series, Hourly or None
        A fixed gCO2e/kWh, or an hourly series (naive timestamps are UTC) that overrides the
        country's annual average for the hours it covers.

    Raises
    ------
    KeyError
        Unknown country (with suggestions).
    TypeError, ValueError
        Unusable ``intensity``.
    """
    from footprintlab.model.country_data import find_country

    record = None
    note = ""
    if country is None and os.environ.get("FOOTPRINTLAB_COUNTRY"):
        country = os.environ["FOOTPRINTLAB_COUNTRY"]
        note = " (from FOOTPRINTLAB_COUNTRY)"
    if country is not None:
        record = find_country(country)
    elif intensity is None:
        record = _country_for_timezone(_local_timezone())
        note = " (guessed from the local time zone)"
    iso3 = record.iso3 if record else ""
    name = record.name if record else ""
    annual = record.carbon_intensity_g_per_kwh if record else NAN
    source = (
        f"{record.name} {record.year}: {record.source}{note}"
        if record
        else "no country given (pass country=...)"
    )
    if intensity is None:
        return CarbonIntensity(iso3, name, annual, source)
    if isinstance(intensity, (int, float)) and not isinstance(intensity, bool):
        if not intensity >= 0:
            raise ValueError(f"intensity: expected gCO2e/kWh >= 0; got {intensity!r}")
        return CarbonIntensity(iso3, name, float(intensity), "given by the caller")
    start, values = _hourly_from(intensity)
    if len(values) == 0 or not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ValueError("intensity: the hourly series must hold finite values >= 0 gCO2e/kWh")
    fallback = annual if record else float(np.mean(values))
    return CarbonIntensity(
        iso3, name, fallback, "hourly series given by the caller", start, values
    )

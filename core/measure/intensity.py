"""Which carbon intensity applies to a measured run: a country's annual average or an hourly series.

The country table is :mod:`footprintlab.model.country_data` (Ember / Our World in Data, CC BY
4.0, via CodeCarbon, MIT). Resolving never raises (the tracker's promise): a problem becomes a
line of :attr:`CarbonIntensity.problems` (the tracker warns with it) and the fallback taken is
recorded in :attr:`CarbonIntensity.fallback`. The documented fallbacks:

- no ``country`` (or an unknown one, or an unknown ``FOOTPRINTLAB_COUNTRY``): the country whose
  capital's time zone is the machine's local zone;
- no country found that way either: emissions are not computed (``nan``); energies still are;
- an unusable ``intensity`` (negative, not finite, not a number or series): the country's
  annual average.
"""

from __future__ import annotations

import math
import numbers
import os
from dataclasses import dataclass, field, replace
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
    problems : tuple of str
        What was wrong with the arguments or the location (each one warning).
    fallback : str
        The fallbacks taken ("" if none), as recorded in each run's ``fallback`` column.
    """

    country_iso3: str
    country_name: str
    g_per_kwh: float
    source: str
    hourly_start_s: float = 0.0
    hourly_g_per_kwh: np.ndarray | None = field(default=None, compare=False, repr=False)
    problems: tuple[str, ...] = ()
    fallback: str = ""

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


def resolve_intensity(country: Any, intensity: Any = None) -> CarbonIntensity:
    """Turn the tracker's ``country`` / ``intensity`` arguments into a :class:`CarbonIntensity`.

    Never raises: see the module docstring for the fallbacks; ``problems`` says what was wrong.

    Parameters
    ----------
    country : str or None
        Name, ISO-2 or ISO-3 code; None: ``FOOTPRINTLAB_COUNTRY`` or the local time zone.
    intensity : float, pandas.Series, Hourly or None
        A fixed gCO2e/kWh, or an hourly series (naive timestamps are UTC) that overrides the
        country's annual average for the hours it covers.
    """
    problems: list[str] = []
    fallbacks: list[str] = []
    record, note = _locate(country, problems, fallbacks)
    base = _country_intensity(record, note)
    try:
        result = _with_intensity(base, record, intensity)
    except Exception as error:  # any unusable value falls back, as documented
        problems.append(f"{error}; used {base.source} instead")
        fallbacks.append(f"intensity: given value unusable, used {base.source}")
        result = base
    return replace(result, problems=tuple(problems), fallback="; ".join(fallbacks))


def _locate(country: Any, problems: list[str], fallbacks: list[str]) -> tuple[Any, str]:
    """The country record to use and how it was found ("" if given); fills the problems."""
    given = country
    if country is None and os.environ.get("FOOTPRINTLAB_COUNTRY"):
        country = os.environ["FOOTPRINTLAB_COUNTRY"]
    if country is not None:
        record = _find(country, problems)
        if record is not None:
            return record, "" if given is not None else " (from FOOTPRINTLAB_COUNTRY)"
    zone = _local_timezone()
    record = _country_for_timezone(zone)
    asked = "no country given" if country is None else f"country {country!r} unknown"
    if record is None:
        problems.append(
            f"{asked} and none detected (local time zone {zone or 'unknown'!r} is no "
            "country's capital zone): emissions are not computed; pass country=... "
            "(a name, ISO-2 or ISO-3 code) or set FOOTPRINTLAB_COUNTRY")
        fallbacks.append(f"location: {asked}, none detected; emissions not computed")
        return None, ""
    how = f"guessed from the local time zone {zone}"
    problems.append(f"{asked}: used {record.name} ({record.iso3}), {how}; pass country=... "
                    "to be sure")
    fallbacks.append(f"location: {asked}; {record.iso3} {how}")
    return record, f" ({how})"


def _find(country: Any, problems: list[str]) -> Any:
    from footprintlab.model.country_data import find_country

    if not isinstance(country, str):
        problems.append(f"country: expected a country name, ISO-2 or ISO-3 code as text; got "
                        f"{type(country).__name__} {country!r}")
        return None
    try:
        return find_country(country)
    except KeyError as error:  # UnknownCountryError, with suggestions
        problems.append(str(error))
        return None


def _country_intensity(record: Any, note: str) -> CarbonIntensity:
    if record is None:
        return CarbonIntensity("", "", NAN, "no country: emissions not computed")
    return CarbonIntensity(record.iso3, record.name, record.carbon_intensity_g_per_kwh,
                           f"{record.name} {record.year}: {record.source}{note}")


def _with_intensity(base: CarbonIntensity, record: Any, intensity: Any) -> CarbonIntensity:
    """``base`` with the caller's ``intensity``; raises ValueError/TypeError if unusable."""
    if intensity is None:
        return base
    if isinstance(intensity, numbers.Real) and not isinstance(intensity, bool):
        if not math.isfinite(intensity) or intensity < 0:  # numbers.Real defines < and <=
            raise ValueError(f"intensity: expected gCO2e/kWh >= 0; got {intensity!r}")
        return replace(base, g_per_kwh=float(intensity), source="given by the caller")
    start, values = _hourly_from(intensity)
    if len(values) == 0 or not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ValueError("intensity: the hourly series must hold finite values >= 0 gCO2e/kWh")
    fallback = base.g_per_kwh if record else float(np.mean(values))
    return replace(base, g_per_kwh=fallback, source="hourly series given by the caller",
                   hourly_start_s=start, hourly_g_per_kwh=values)

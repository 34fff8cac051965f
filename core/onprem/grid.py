"""Grid emission factor of a row's location (t CO2e per kWh), with its source and fallbacks.

Three sources: CCF's on-premise table (``grid="ccf"``, 18 countries and 9 US states, Apache-2.0),
footprintlab's country table (``grid="countries"``: Ember / Our World in Data, CC BY 4.0, see
:mod:`footprintlab.model.country_data`), and an hourly carbon-intensity series averaged over the
row's start-end period (:func:`series_mean_factor`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from footprintlab.onprem.tables import (
    CCF_GRID_SOURCE,
    FALLBACK_T_CO2E_PER_KWH,
    ccf_grid_factors,
)

US = "United States"
_US_STATE_CODES = {  # the states of CCF's table, by postal code
    "CA": "California", "VA": "Virginia", "LA": "Louisiana", "FL": "Florida", "IL": "Illinois",
    "TX": "Texas", "WA": "Washington", "OH": "Ohio", "OR": "Oregon",
}
G_PER_T = 1e6  # grams per metric ton


@dataclass(frozen=True)
class GridFactor:
    """Emission factor chosen for one (country, region) pair.

    Attributes
    ----------
    t_per_kwh : float
        Metric tons CO2e per kWh (CCF's unit), NaN if the country is not recognised.
    region : str
        What it is the factor of, e.g. ``"United States-Texas"`` or ``"average"``.
    source : str
    fallback : str
        Empty, or why a less specific factor was used.
    problem : str
        Empty, or why the country cell is invalid (an input error).
    iso3 : str
        ISO-3 code of the country ("" if blank or not recognised).
    """

    t_per_kwh: float
    region: str
    source: str
    fallback: str = ""
    problem: str = ""
    iso3: str = ""


def _ccf_quirk_factor(country: str, region: str) -> GridFactor:
    """CCF exactly: "United States-<region>" or the country, case-sensitive, else Unknown."""
    table = ccf_grid_factors()
    key = (country, region) if (region and country == US) else (country, "")
    if key in table:
        label = f"{key[0]}-{key[1]}" if key[1] else key[0]
        return GridFactor(table[key], label, CCF_GRID_SOURCE)
    return GridFactor(FALLBACK_T_CO2E_PER_KWH, "average", CCF_GRID_SOURCE,
                      f"location {country!r}/{region!r} not in CCF's table: average factor used")


@functools.lru_cache(maxsize=1)
def _ccf_country_by_iso3() -> dict[str, str]:
    from footprintlab.model.country_data import find_country

    return {find_country(c).iso3: c for c, r in ccf_grid_factors() if not r}


def _us_state(region: str) -> str | None:
    wanted = _US_STATE_CODES.get(region.upper(), region).lower()
    for country, state in ccf_grid_factors():
        if country == US and state and state.lower() == wanted:
            return state
    return None


@functools.lru_cache(maxsize=4096)
def grid_factor(country: str, region: str, grid: str = "ccf", quirks: bool = False) -> GridFactor:
    """Emission factor for a row's ``country`` and ``region`` cells.

    Parameters
    ----------
    country : str
        Country name, ISO-2 or ISO-3 code, or "" (then CCF's average applies, as a fallback).
    region : str
        US state (CCF's list; name or postal code) with ``grid="ccf"``; otherwise not used, with
        a note (footprintlab's country table has national factors only).
    grid : {"ccf", "countries"}
        CCF's table, or footprintlab's country table (CC BY 4.0) for every row with a country,
        sub-national rows included. A row without a country gets CCF's average (cited) under
        both: footprintlab's table has no world average.
    quirks : bool
        Reproduce CCF exactly (case-sensitive names, unlisted US state -> global average).

    Returns
    -------
    GridFactor
    """
    country, region = country.strip(), region.strip()
    if quirks:
        return _ccf_quirk_factor(country, region)
    if not country:  # footprintlab's country table has no world average: CCF's, cited
        return GridFactor(FALLBACK_T_CO2E_PER_KWH, "average", CCF_GRID_SOURCE,
                          "no country: CCF's average factor used")
    from footprintlab.model.country_data import find_country

    try:
        record = find_country(country)
    except KeyError as error:
        message = str(error.args[0] if error.args else error)
        return GridFactor(float("nan"), "", "", problem=message.split("expected ", 1)[-1])
    table = ccf_grid_factors()
    notes = []
    if region and record.iso3 == "USA" and grid == "countries":
        notes.append(f"region {region!r} not used: footprintlab's country table has national "
                     "factors only (grid='ccf' uses CCF's US-state factors)")
    elif region and record.iso3 == "USA":
        state = _us_state(region)
        if state is not None:
            return GridFactor(table[(US, state)], f"{US}-{state}", CCF_GRID_SOURCE, iso3="USA")
        notes.append(f"US state {region!r} not in CCF's state list: national factor used")
    elif region:
        notes.append(f"region {region!r} ignored: sub-national factors exist only for US states")
    if grid == "countries":
        return GridFactor(
            record.carbon_intensity_g_per_kwh / G_PER_T, record.name,
            f"{record.source} ({record.licence})", "; ".join(notes), iso3=record.iso3,
        )
    ccf_name = _ccf_country_by_iso3().get(record.iso3)
    if ccf_name is None:
        notes.append(
            f"{record.name} not in CCF's 18-country table: CCF's average factor used "
            "(grid='countries' uses the country's own factor)"
        )
        return GridFactor(FALLBACK_T_CO2E_PER_KWH, "average", CCF_GRID_SOURCE, "; ".join(notes),
                          iso3=record.iso3)
    return GridFactor(table[(ccf_name, "")], ccf_name, CCF_GRID_SOURCE, "; ".join(notes),
                      iso3=record.iso3)


def series_mean_factor(series, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Mean of an hourly carbon-intensity series over each [start, end), in t CO2e/kWh.

    Parameters
    ----------
    series : pandas.Series
        gCO2e/kWh indexed by a sorted, time-zone-aware or UTC DatetimeIndex of hours.
    starts, ends : numpy.ndarray of datetime64[ns]
        Row periods in UTC.

    Returns
    -------
    numpy.ndarray
        NaN where the series has no hour in the period.
    """
    import pandas as pd

    index = pd.DatetimeIndex(series.index)
    index = index.tz_convert("UTC") if index.tz is not None else index.tz_localize("UTC")
    hours = index.tz_localize(None).to_numpy(dtype="datetime64[ns]")
    values = series.to_numpy(dtype=float)
    cumulative = np.concatenate([[0.0], np.cumsum(values)])  # mean = cumsum difference / count
    first = np.searchsorted(hours, starts, side="left")
    last = np.searchsorted(hours, ends, side="left")
    count = last - first
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_g = (cumulative[last] - cumulative[first]) / count
    return np.where(count > 0, mean_g / G_PER_T, np.nan)

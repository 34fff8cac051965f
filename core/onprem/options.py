"""The switches of an on-premise estimate, resolved once from the user's arguments."""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from footprintlab.onprem.textfile import check_encoding

MACHINE_TYPES = ("server", "laptop", "desktop")


@dataclass(frozen=True)
class EstimateOptions:
    """Resolved switches (see :func:`footprintlab.onprem.estimate` for their meaning)."""

    grid: str = "ccf"
    embodied: bool = False
    carbon_intensity: Any = None  # pandas.Series (gCO2e/kWh, hourly) or None
    ccf_quirks: bool = False
    cpu_parser: str = "cleaned"
    machine_type_defaults: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    embodied_defaults: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    dayfirst: bool | None = None
    skip_invalid: bool = False
    encoding: str | None = None  # None: the file's byte-order mark, else UTF-8

    @classmethod
    def resolve(
        cls,
        *,
        ccf_compatible: bool = True,
        grid: str | None = None,
        embodied: bool | None = None,
        carbon_intensity: Any = None,
        ccf_quirks: bool = False,
        machine_type_defaults: Mapping[str, Mapping[str, float]] | None = None,
        embodied_defaults: Mapping[str, tuple[float, float]] | None = None,
        dayfirst: bool | None = None,
        skip_invalid: bool = False,
        encoding: str | None = None,
    ) -> EstimateOptions:
        """Check every switch, then apply the ``ccf_compatible`` preset to those left as None.

        Raises
        ------
        TypeError, ValueError
            A switch of the wrong type or out of range; the message starts with its name.
        """
        for name, value in (("ccf_compatible", ccf_compatible), ("ccf_quirks", ccf_quirks),
                            ("skip_invalid", skip_invalid)):
            _check_bool(name, value)
        for name, optional in (("embodied", embodied), ("dayfirst", dayfirst)):
            _check_bool(name, optional, none_ok=True)
        grid = grid if grid is not None else ("ccf" if ccf_compatible else "countries")
        if grid not in ("ccf", "countries"):
            raise ValueError(f"grid: expected 'ccf' or 'countries'; got {grid!r}")
        embodied = bool(embodied) if embodied is not None else not ccf_compatible
        carbon_intensity = check_carbon_intensity(carbon_intensity)
        if ccf_quirks and (grid != "ccf" or embodied or carbon_intensity is not None):
            raise ValueError(
                "ccf_quirks=True reproduces CCF exactly: it needs grid='ccf', embodied=False "
                "and no carbon_intensity series"
            )
        return cls(
            grid=grid, embodied=embodied, carbon_intensity=carbon_intensity,
            ccf_quirks=ccf_quirks, cpu_parser="ccf" if ccf_quirks else "cleaned",
            machine_type_defaults=_check_machine_type_defaults(machine_type_defaults),
            embodied_defaults=_check_embodied_defaults(embodied_defaults),
            dayfirst=None if dayfirst is None else bool(dayfirst), skip_invalid=skip_invalid,
            encoding=check_encoding(encoding),
        )


def _check_bool(name: str, value: object, none_ok: bool = False) -> None:
    if (value is None and none_ok) or isinstance(value, bool | np.bool_):
        return
    allowed = "True, False or None" if none_ok else "True or False"
    raise TypeError(f"{name}: expected {allowed}; got {value!r} ({type(value).__name__})")


def _number(name: str, value: object, low: float, high: float = math.inf,
            low_inclusive: bool = True) -> float:
    """``value`` as a float if it is a finite real number in range, else a named error."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a number; got {value!r} ({type(value).__name__})")
    number = float(value)
    above_low = number >= low if low_inclusive else number > low
    if not (math.isfinite(number) and above_low and number <= high):
        bounds = (f"from {low:g} to {high:g}" if math.isfinite(high)
                  else f"{'>=' if low_inclusive else '>'} {low:g}")
        raise ValueError(f"{name}: expected a finite number {bounds}; got {value!r}")
    return number


def _mapping(name: str, value: object) -> Mapping:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{name}: expected a mapping (dict) keyed by machine type; got "
                        f"{type(value).__name__}")
    for key in value:
        if not isinstance(key, str):
            raise TypeError(f"{name}: machine types must be text; got {key!r}")
    return value


def _check_machine_type_defaults(defaults: object) -> dict[str, dict[str, float]]:
    checked: dict[str, dict[str, float]] = {}
    for machine_type, values in _mapping("machine_type_defaults", defaults).items():
        name = f"machine_type_defaults[{machine_type!r}]"
        if not isinstance(values, Mapping):
            raise TypeError(f"{name}: expected a mapping such as {{'cpu_utilization': 45, "
                            f"'average_watts': 350}}; got {type(values).__name__}")
        unknown = set(values) - {"cpu_utilization", "average_watts"}
        if unknown:
            raise ValueError(
                f"{name}: unknown key(s) {sorted(map(str, unknown))}; "
                "expected 'cpu_utilization' (percent) and/or 'average_watts' (W)"
            )
        limits = {"cpu_utilization": (0.0, 100.0), "average_watts": (0.0, math.inf)}
        checked[machine_type.strip().lower()] = {
            key: _number(f"{name}[{key!r}]", value, *limits[key])
            for key, value in values.items() if value is not None
        }
    return checked


def _check_embodied_defaults(defaults: object) -> dict[str, tuple[float, float]]:
    checked: dict[str, tuple[float, float]] = {}
    for machine_type, pair in _mapping("embodied_defaults", defaults).items():
        name = f"embodied_defaults[{machine_type!r}]"
        if isinstance(pair, str) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise TypeError(f"{name}: expected (kg CO2e, lifespan years); got {pair!r}")
        checked[machine_type.strip().lower()] = (
            _number(f"{name} kg CO2e", pair[0], 0.0, low_inclusive=False),
            _number(f"{name} lifespan years", pair[1], 0.0, low_inclusive=False))
    return checked


def check_carbon_intensity(series: object):
    """Validate the ``carbon_intensity`` option; returns it as floats sorted by time, or None.

    Expected: a pandas Series of gCO2e/kWh, finite and >= 0, indexed by times.
    """
    if series is None:
        return None
    import pandas as pd

    expected = "a pandas Series of gCO2e/kWh indexed by times (DatetimeIndex)"
    if not isinstance(series, pd.Series):
        raise TypeError(f"carbon_intensity: expected {expected}; got {type(series).__name__}")
    if not isinstance(series.index, pd.DatetimeIndex):
        raise TypeError(f"carbon_intensity: expected {expected}; its index is "
                        f"{type(series.index).__name__}")
    if not pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(
            series.dtype):
        raise TypeError(f"carbon_intensity: expected {expected}; its values are {series.dtype}")
    values = series.to_numpy(dtype=float, na_value=np.nan)
    bad = ~(np.isfinite(values) & (values >= 0))
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise ValueError(f"carbon_intensity: {values[first]:g} gCO2e/kWh at "
                         f"{series.index[first]} ({int(bad.sum())} such value(s)); expected "
                         "finite values >= 0")
    return pd.Series(values, index=series.index, name=series.name).sort_index()


def check_chunksize(chunksize: object) -> int:
    """Validate a rows-per-chunk option: a positive integer."""
    if isinstance(chunksize, bool | np.bool_) or not isinstance(chunksize, numbers.Integral) \
            or chunksize < 1:
        raise ValueError(f"chunksize: expected a whole number of rows >= 1; got {chunksize!r}")
    return int(chunksize)


def machine_type_defaults_from_env(environ: Mapping[str, str] | None = None) -> dict:
    """Machine-type defaults from CCF's environment variables.

    Reads ``ON_PREMISE_CPU_UTILIZATION_<TYPE>`` and ``ON_PREMISE_AVG_WATTS_<TYPE>`` for TYPE in
    SERVER, LAPTOP, DESKTOP, as CCF's CLI does (unparsable or zero values are ignored, as there).

    Parameters
    ----------
    environ : mapping, optional
        Defaults to ``os.environ``.

    Returns
    -------
    dict
        ``{"server": {"cpu_utilization": 45.0}, ...}`` for the variables that are set.
    """
    environ = os.environ if environ is None else environ
    result: dict[str, dict[str, float]] = {}
    for machine_type in MACHINE_TYPES:
        for key, variable in (("cpu_utilization", "ON_PREMISE_CPU_UTILIZATION_"),
                              ("average_watts", "ON_PREMISE_AVG_WATTS_")):
            raw = environ.get(variable + machine_type.upper(), "")
            try:
                value = float(raw)
            except ValueError:
                continue
            if value and not math.isnan(value):
                result.setdefault(machine_type, {})[key] = value
    return result

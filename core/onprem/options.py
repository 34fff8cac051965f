"""The switches of an on-premise estimate, resolved once from the user's arguments."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

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
    ) -> EstimateOptions:
        """Apply the ``ccf_compatible`` preset to switches left as None and check them."""
        grid = grid if grid is not None else ("ccf" if ccf_compatible else "countries")
        if grid not in ("ccf", "countries"):
            raise ValueError(f"grid must be 'ccf' or 'countries'; got {grid!r}")
        embodied = bool(embodied) if embodied is not None else not ccf_compatible
        if ccf_quirks and (grid != "ccf" or embodied or carbon_intensity is not None):
            raise ValueError(
                "ccf_quirks=True reproduces CCF exactly: it needs grid='ccf', embodied=False "
                "and no carbon_intensity series"
            )
        defaults = _check_machine_type_defaults(machine_type_defaults or {})
        return cls(
            grid=grid, embodied=embodied, carbon_intensity=carbon_intensity,
            ccf_quirks=ccf_quirks, cpu_parser="ccf" if ccf_quirks else "cleaned",
            machine_type_defaults=defaults, embodied_defaults=dict(embodied_defaults or {}),
            dayfirst=dayfirst, skip_invalid=skip_invalid,
        )


def _check_machine_type_defaults(
    defaults: Mapping[str, Mapping[str, float]],
) -> dict[str, dict[str, float]]:
    checked: dict[str, dict[str, float]] = {}
    for machine_type, values in defaults.items():
        unknown = set(values) - {"cpu_utilization", "average_watts"}
        if unknown:
            raise ValueError(
                f"machine_type_defaults[{machine_type!r}]: unknown key(s) {sorted(unknown)}; "
                "expected 'cpu_utilization' (percent) and/or 'average_watts' (W)"
            )
        checked[machine_type.strip().lower()] = {
            k: float(v) for k, v in values.items() if v is not None}
    return checked


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

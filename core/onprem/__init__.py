"""On-premise fleet estimates from Cloud Carbon Footprint's CSV format (``fl.onprem``).

Reads the same CSV as Cloud Carbon Footprint's on-premise CLI (Apache-2.0; its method and
coefficients are re-implemented here with attribution, see DATA_SOURCES.md), gives the same
numbers where CCF's method applies, and adds validation of every cell, transparency columns,
safe output files and optional embodied carbon, national grid factors and hourly intensities.

>>> import footprintlab as fl                              # doctest: +SKIP
>>> table = fl.onprem.estimate("fleet.csv")                # doctest: +SKIP
>>> fl.onprem.validate("fleet.csv").summary()              # doctest: +SKIP
"""

from __future__ import annotations

from footprintlab.onprem.cpu import CpuMatch, ccf_series_key, match_cpu
from footprintlab.onprem.estimate import estimate, iter_estimates, validate
from footprintlab.onprem.options import machine_type_defaults_from_env
from footprintlab.onprem.report import OnPremInputError, Problem, ValidationReport

__all__ = [
    "CpuMatch",
    "OnPremInputError",
    "Problem",
    "ValidationReport",
    "ccf_series_key",
    "estimate",
    "iter_estimates",
    "machine_type_defaults_from_env",
    "match_cpu",
    "to_servers",
    "validate",
]


def to_servers(*args, **kwargs):
    """Turn estimated rows into on-premise ``Server`` objects (see :mod:`.servers`)."""
    from footprintlab.onprem.servers import to_servers as _to_servers

    return _to_servers(*args, **kwargs)

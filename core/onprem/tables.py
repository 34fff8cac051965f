"""Coefficient tables and constants of the on-premise method, each with its source.

Cloud Carbon Footprint (CCF), https://github.com/cloud-carbon-footprint/cloud-carbon-footprint,
Apache-2.0, snapshot b7a049c7 (2024-03-25); on-premise code last changed 2023-02-02. The three
CSV files next to this module are footprintlab's own re-arrangement of CCF's published values:

- ``ccf_cpu_series.csv``: CPU series -> processor family (CCF ``MachineTypes.ts``, INTEL and AMD
  maps, 1135 entries; one family per series).
- ``ccf_family_power.csv``: family -> minimum and maximum watts per machine (SPECpower medians)
  and the family's typical memory in GB (CCF ``OnPremiseFootprintEstimationConstants.ts``).
  AMD EPYC 3rd Gen is in the series map but has no coefficients in CCF: it falls back to the
  averages below, as in CCF.
- ``ccf_grid_factors.csv``: CCF's on-premise grid emission factors, metric tons CO2e per kWh
  (18 countries and 9 US states).

Embodied (manufacturing) emissions of a rack server come from CCF's embodied-emissions
methodology and its coefficients (cloud-carbon-coefficients ``ccfcoef/constants.py``, from Teads'
and Dell PowerEdge R740 life-cycle data). See DATA_SOURCES.md, section "On-premise fleets".
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources

# --- CCF on-premise constants (OnPremiseFootprintEstimationConstants.ts, Apache-2.0) ---
MEMORY_KWH_PER_GB_HOUR = 0.000392  # kWh per GB-hour of memory beyond the family's memory
DEFAULT_PUE = 1.58  # power usage effectiveness when the row gives none (CCF PUE_AVG)
DEFAULT_CPU_UTILIZATION = 50.0  # percent, when the row gives none (CCF AVG_CPU_UTILIZATION_2020)
FALLBACK_MIN_WATTS = 65.81111111  # W, average of the family table (CCF MIN_WATTS_AVG)
FALLBACK_MAX_WATTS = 367.1444444  # W, average of the family table (CCF MAX_WATTS_AVG)
FALLBACK_MEMORY_GB = 331.7121348  # GB, average of the family table (CCF MEMORY_AVG)
FALLBACK_T_CO2E_PER_KWH = 0.0003228315385  # t/kWh, CCF's "Unknown" region (average)

# --- Embodied emissions of a rack server (CCF embodied methodology, Apache-2.0) ---
SERVER_BASE_EMBODIED_KG = 1000.0  # kgCO2e, mono-socket low-DRAM rack server (Teads / CCF)
SERVER_DRAM_BASE_GB = 16.0  # GB of DRAM included in the base figure
SERVER_DRAM_KG_PER_GB = 533.0 / 384.0  # kgCO2e/GB beyond the base (Dell R740 LCA: 533 kg/384 GB)
SERVER_LIFESPAN_YEARS = 4.0  # years (CCF SERVER_EXPECTED_LIFESPAN = 35040 h)
HOURS_PER_YEAR = 8760.0  # h, 365 days; embodied is amortised over lifespan x 8760 h

CCF_SOURCE = "Cloud Carbon Footprint on-premise method (Apache-2.0)"
CCF_GRID_SOURCE = "Cloud Carbon Footprint on-premise emission factors (Apache-2.0)"
CCF_EMBODIED_SOURCE = (
    "Cloud Carbon Footprint embodied-emissions method (Apache-2.0): 1000 kgCO2e base rack server "
    "+ 533 kgCO2e per 384 GB DRAM beyond 16 GB, 4-year lifespan"
)


@dataclass(frozen=True)
class FamilyPower:
    """Power and memory coefficients of one processor family.

    Attributes
    ----------
    family : str
    min_watts, max_watts : float
        Machine power at idle and at 100 % load, W.
    memory_gb : float
        Memory a machine of this family typically has, GB; only memory beyond it is counted.
    """

    family: str
    min_watts: float
    max_watts: float
    memory_gb: float


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("footprintlab.onprem").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@functools.lru_cache(maxsize=1)
def series_to_family() -> dict[str, str]:
    """CPU series key (e.g. ``"Gold 6248"``, ``"E5-2667 v3"``, ``"7402P"``) -> family name."""
    return {row["series"]: row["family"] for row in _read_csv("ccf_cpu_series.csv")}


@functools.lru_cache(maxsize=1)
def family_power() -> dict[str, FamilyPower]:
    """Family name -> :class:`FamilyPower` (families with coefficients only)."""
    return {
        row["family"]: FamilyPower(
            row["family"], float(row["min_watts"]), float(row["max_watts"]), float(row["memory_gb"])
        )
        for row in _read_csv("ccf_family_power.csv")
    }


@functools.lru_cache(maxsize=1)
def ccf_grid_factors() -> dict[tuple[str, str], float]:
    """(country, region) -> t CO2e/kWh; region ``""`` is the national factor."""
    return {
        (row["country"], row["region"]): float(row["t_co2e_per_kwh"])
        for row in _read_csv("ccf_grid_factors.csv")
    }


def server_embodied_kg(memory_gb: float) -> float:
    """Embodied emissions of a rack server with ``memory_gb`` of DRAM, kgCO2e.

    embodied kg = 1000 + max(0, memory GB - 16) x 533/384 kg/GB (CCF embodied method).
    """
    extra_gb = max(0.0, memory_gb - SERVER_DRAM_BASE_GB)
    return SERVER_BASE_EMBODIED_KG + extra_gb * SERVER_DRAM_KG_PER_GB

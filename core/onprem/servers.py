"""Turn estimated fleet rows into on-premise ``Server`` objects of the model.

Each row becomes ``Server(server_type="on-premise", fixed_nb_of_instances=1)`` whose inputs carry
their source: idle and full-load power from CCF's family table (the row's minWatts/maxWatts),
RAM from the row, PUE and grid carbon intensity as the estimate used them, the CPU utilization
as the utilization rate, and embodied carbon from the row (``embodied=True``) or CCF's
rack-server figure (1000 kg + 533 kg per 384 GB of DRAM beyond 16 GB, 4-year lifespan).
The CSV has no core counts and no storage: give ``compute`` (or a ``cpuCores`` column) and the
``storage`` the servers use.
"""

from __future__ import annotations

import math
from typing import Any

from footprintlab.onprem.tables import (
    CCF_EMBODIED_SOURCE,
    CCF_SOURCE,
    SERVER_LIFESPAN_YEARS,
    server_embodied_kg,
)

G_PER_T = 1e6  # grams per metric ton


def _number(row, column: str) -> float | None:
    value = row.get(column)
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def to_servers(result, *, storage, compute: Any = None, names: str = "machineName") -> list:
    """On-premise ``Server`` objects, one per estimated row.

    Parameters
    ----------
    result : pandas.DataFrame
        Output of :func:`footprintlab.onprem.estimate`.
    storage : footprintlab.Storage
        Storage attached to every server (the CSV format has no storage columns).
    compute : Quantity or str, optional
        CPU cores per server, e.g. ``24 * u.cpu_core`` or ``"24 cpu_core"``; required unless the
        frame has a ``cpuCores`` column.
    names : str
        Column naming the servers (default ``machineName``; blank names become "row N").

    Returns
    -------
    list of footprintlab.Server

    Raises
    ------
    ValueError
        If a row has no core count or the result lacks the estimate's columns.
    """
    import footprintlab as fl
    from footprintlab import u

    required = {"maxWatts", "minWatts", "memory", "powerUsageEffectivenessUsed",
                "cpuUtilizationUsed", "emissionFactor", "sourceRow"}
    missing = required - set(result.columns)
    if missing:
        raise ValueError(f"to_servers expects the output of onprem.estimate; missing columns "
                         f"{sorted(missing)}")
    family_source = fl.Source(f"{CCF_SOURCE}: processor family min/max watts")
    servers, seen = [], set()
    for row in result.to_dict("records"):
        number = int(row["sourceRow"])
        name = str(row.get(names) or "").strip() or f"row {number}"
        if name in seen:
            name = f"{name} (row {number})"
        seen.add(name)
        cores = _number(row, "cpuCores")
        if cores is not None:
            row_compute = fl.SourceValue(cores * u.cpu_core, fl.Sources.USER_DATA)
        elif compute is not None:
            row_compute = fl.SourceValue(compute, fl.Sources.USER_INPUT)
        else:
            raise ValueError(f"row {number} ({name!r}): no core count; pass compute=... (e.g. "
                             "24 * u.cpu_core) or add a cpuCores column")
        kg, years = _number(row, "embodiedKgCo2e"), _number(row, "lifespanYears")
        embodied_source = fl.Source(str(row.get("embodiedSource") or "user data"))
        if kg is None or years is None:
            kg = server_embodied_kg(float(row["memory"]))
            years = SERVER_LIFESPAN_YEARS
            embodied_source = fl.Source(CCF_EMBODIED_SOURCE)
        grid_source = fl.Source(str(row.get("emissionFactorSource") or CCF_SOURCE))
        servers.append(fl.Server(
            name,
            server_type="on-premise",
            fixed_nb_of_instances=1,
            carbon_footprint_fabrication=fl.SourceValue(kg * u.kg, embodied_source),
            lifespan=fl.SourceValue(years * u.year, embodied_source),
            power=fl.SourceValue(float(row["maxWatts"]) * u.W, family_source),
            idle_power=fl.SourceValue(float(row["minWatts"]) * u.W, family_source),
            ram=fl.SourceValue(float(row["memory"]) * u.GB, fl.Sources.USER_DATA),
            compute=row_compute,
            power_usage_effectiveness=fl.SourceValue(
                float(row["powerUsageEffectivenessUsed"]), fl.Source(
                    "row" if row.get("powerUsageEffectivenessSource") == "row" else
                    f"{CCF_SOURCE}: average PUE")),
            average_carbon_intensity=fl.SourceValue(
                float(row["emissionFactor"]) * G_PER_T * u.g / u.kWh, grid_source),
            utilization_rate=fl.SourceValue(float(row["cpuUtilizationUsed"]) / 100,
                                            fl.Source("CPU utilization used by the estimate")),
            storage=storage,
        ))
    return servers

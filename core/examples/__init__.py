"""Small sample inputs shipped with footprintlab, for the README, the notebooks and the workshop.

``fl.examples.path("fleet.csv")`` gives a file's path; ``fl.examples.names()`` lists them. All
files are made for footprintlab (no third-party data) and described in DATA_SOURCES.md:

- ``fleet.csv``: an on-premise inventory in Cloud Carbon Footprint's CSV format (10 machines);
- ``fleet_with_errors.csv``: the same format with three faulty cells, for the validation report;
- ``sacct.txt``: Slurm jobs as ``sacct -P`` prints them (generated, 4 nodes, 2 days);
- ``power.csv``: those nodes' power samples (``timestamp,node,watts``, every 2 minutes);
- ``intensity.csv``: a half-hourly grid carbon intensity over the same days (``from,to,intensity``,
  g CO2e/kWh, a synthetic daily cycle in the range of Great Britain's grid).
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

_DESCRIPTIONS = {
    "fleet.csv": "on-premise inventory, Cloud Carbon Footprint's CSV format (10 machines)",
    "fleet_with_errors.csv": "the same format with three faulty cells",
    "sacct.txt": "Slurm jobs (sacct -P), generated: 4 nodes, 2 days",
    "power.csv": "node power samples for sacct.txt (timestamp,node,watts)",
    "intensity.csv": "half-hourly grid carbon intensity for those days (synthetic)",
}


def names() -> dict[str, str]:
    """The shipped sample files and what each holds."""
    return dict(_DESCRIPTIONS)


def path(name: str) -> Path:
    """The path of a shipped sample file (see ``names()``)."""
    if name not in _DESCRIPTIONS:
        raise ValueError(f"no sample file {name!r}; choose one of {sorted(_DESCRIPTIONS)}")
    found = Path(str(resources.files(__name__) / name))
    if not found.is_file():
        raise FileNotFoundError(f"sample file {name!r} is missing from the installation ({found})")
    return found

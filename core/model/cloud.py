"""Cloud instances: ``Server.cloud("aws", "m5.xlarge", region="eu-west-3")``.

Compute, RAM, power, PUE and embodied footprint come from ``data/cloud_instances.csv`` and the grid
intensity of a region from ``data/cloud_regions.csv``, both derived (by
``benchmarks/ccf_cloud_instances.py``) from Cloud Carbon Footprint's coefficient tables (Apache-2.0,
(c) 2021 Thoughtworks, Inc., commit b7a049c7). CCF's method, in our words: an instance draws
``vCPUs × (min + utilization × (max − min))`` watts, min and max watts per vCPU being those of its
processor microarchitectures (averaged; the median when Sandy or Ivy Bridge is among them; the
provider's average when unknown); its embodied emissions are the host's scope-3 emissions × the
instance's share of the host's vCPUs, over a 4-year life.
"""
from __future__ import annotations

import csv
import difflib
from functools import lru_cache
from importlib import resources

from footprintlab.engine import Source, SourceValue, u

CCF = Source("Cloud Carbon Footprint coefficients (Apache-2.0, Thoughtworks), commit b7a049c7",
             "https://github.com/cloud-carbon-footprint/cloud-carbon-footprint")
CCF_UTILIZATION = Source("Cloud Carbon Footprint's default average CPU utilization (50 %)",
                         "https://www.cloudcarbonfootprint.org/docs/methodology", hypothesis=True)
PROVIDERS = ("aws", "gcp", "azure")


def _rows(filename: str) -> list[dict]:
    text = resources.files("footprintlab.model.data").joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


@lru_cache(maxsize=1)
def instances() -> dict:
    """{(provider, instance type): row} of the shipped table."""
    return {(row["provider"], row["instance_type"]): row for row in _rows("cloud_instances.csv")}


@lru_cache(maxsize=1)
def regions() -> dict:
    return {(row["provider"], row["region"]): float(row["g_per_kwh"]) for row in _rows("cloud_regions.csv")}


def instance_types(provider: str) -> list[str]:
    """The instance types known for ``provider`` ("aws", "gcp" or "azure")."""
    return sorted(name for p, name in instances() if p == provider)


def _check_provider(provider: str) -> None:
    if provider not in PROVIDERS:
        raise ValueError(f"unknown cloud provider {provider!r}; expected one of {list(PROVIDERS)}")


def lookup(provider: str, instance_type: str) -> dict:
    """The table row of an instance type; an unknown type is a ``KeyError`` naming the nearest."""
    _check_provider(provider)
    row = instances().get((provider, instance_type))
    if row is None:
        names = instance_types(provider)
        near = difflib.get_close_matches(instance_type, names, n=5, cutoff=0.5)
        hint = f"; nearest: {', '.join(near)}" if near else ""
        raise KeyError(f"no {provider} instance type {instance_type!r} in the Cloud Carbon Footprint table"
                       f"{hint} (fl.model.cloud.instance_types({provider!r}) lists the {len(names)} known)")
    return row


def region_intensity(provider: str, region: str) -> float:
    """Grid intensity of a provider's region, g CO2e/kWh; unknown regions name the nearest."""
    _check_provider(provider)
    known = regions()
    if (provider, region) not in known:
        names = sorted(r for p, r in known if p == provider)
        near = difflib.get_close_matches(region, names, n=5, cutoff=0.5)
        raise KeyError(f"no {provider} region {region!r} in the Cloud Carbon Footprint table"
                       + (f"; nearest: {', '.join(near)}" if near else ""))
    return known[(provider, region)]


def server_inputs(provider: str, instance_type: str, region: str | None = None, utilization: float = 0.5) -> dict:
    """The ``Server`` inputs of a cloud instance (each with its source)."""
    if not 0 <= utilization <= 1:
        raise ValueError(f"utilization must be between 0 and 1, got {utilization!r}")
    row = lookup(provider, instance_type)
    vcpus, low, high = float(row["vcpus"]), float(row["min_watts_per_vcpu"]), float(row["max_watts_per_vcpu"])
    what = f"{provider} {instance_type}: {vcpus:g} vCPU ({row['processors'] or 'processor unknown'})"
    inputs = {
        "compute": SourceValue(vcpus * u.cpu_core, CCF, comment=what),
        "ram": SourceValue(float(row["memory_gb"]) * u.GB, CCF, comment=what),
        # W = vCPU × (min + utilization × (max − min)) per vCPU
        "power": SourceValue(vcpus * (low + utilization * (high - low)) * u.W, CCF,
                             comment=f"{vcpus:g} vCPU × ({low} + {utilization:g} × ({high} − {low})) W"),
        "idle_power": SourceValue(vcpus * low * u.W, CCF, comment=f"{vcpus:g} vCPU × {low} W"),
        "power_usage_effectiveness": SourceValue(float(row["pue"]), CCF, comment=f"{provider} average PUE"),
        "lifespan": SourceValue(float(row["lifespan_hours"]) * u.h, CCF, comment="CCF server expected lifespan"),
    }
    if row["embodied_kg"]:
        inputs["carbon_footprint_fabrication"] = SourceValue(
            float(row["embodied_kg"]) * u.kg, CCF, comment="host scope-3 emissions × instance vCPUs / host vCPUs")
    if region is not None:
        inputs["average_carbon_intensity"] = SourceValue(region_intensity(provider, region) * u.g / u.kWh, CCF,
                                                         comment=f"{provider} {region}")
    return inputs


def cloud_server(provider: str, instance_type: str, region: str | None = None, *, name: str | None = None,
                 utilization: float = 0.5, **overrides):
    """A ``Server`` for a cloud instance type; ``overrides`` set or replace any input (e.g.
    ``average_carbon_intensity`` when no region is given, ``utilization_rate``, ``storage``)."""
    from footprintlab.model.hardware import Server

    inputs = server_inputs(provider, instance_type, region, utilization)
    inputs.setdefault("utilization_rate", SourceValue(utilization, CCF_UTILIZATION))
    inputs.update(overrides)
    if "average_carbon_intensity" not in inputs:
        raise TypeError(f"Server.cloud({provider!r}, {instance_type!r}): give region= (its grid intensity) or "
                        "average_carbon_intensity=")
    return Server(name or f"{provider} {instance_type}", **inputs)


__all__ = ["cloud_server", "instance_types", "lookup", "region_intensity", "server_inputs"]

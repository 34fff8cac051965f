"""Derive footprintlab's cloud instance and region tables from Cloud Carbon Footprint (Apache-2.0).

Reads the TypeScript coefficient tables of github.com/cloud-carbon-footprint/cloud-carbon-footprint
(a git checkout or bare mirror, commit b7a049c7d25c0022919ab9010199dd9e77aa4577) and writes
``core/model/data/cloud_instances.csv`` (one row per instance type: vCPUs, memory, processors, min
and max watts per vCPU of those microarchitectures, PUE, embodied emissions of the instance over the
server lifespan) and ``core/model/data/cloud_regions.csv`` (grid emission factor per region).
Only facts (numbers and names) are taken; no CCF code is shipped.

``python benchmarks/ccf_cloud_instances.py /path/to/cloud-carbon-footprint/repo``
"""
from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

COMMIT = "b7a049c7d25c0022919ab9010199dd9e77aa4577"
OUT = Path(__file__).resolve().parents[1] / "core" / "model" / "data"
PROVIDERS = {  # provider: (instance table file, table name, processor mapping name, constants file, regions file)
    "aws": ("packages/aws/src/lib/AWSInstanceTypes.ts", "EC2_INSTANCE_TYPES",
            "packages/aws/src/domain/AwsFootprintEstimationConstants.ts", "packages/aws/src/lib/AWSRegions.ts",
            "AWS_EMISSIONS_FACTORS_METRIC_TON_PER_KWH"),
    "gcp": ("packages/gcp/src/lib/MachineTypes.ts", "MACHINE_FAMILY_TO_MACHINE_TYPE_MAPPING",
            "packages/gcp/src/domain/GcpFootprintEstimationConstants.ts", "packages/gcp/src/lib/GCPRegions.ts",
            "getGCPEmissionsFactors"),
    "azure": ("packages/azure/src/lib/VirtualMachineTypes.ts", "VIRTUAL_MACHINE_TYPE_SERIES_MAPPING",
              "packages/azure/src/domain/AzureFootprintEstimationConstants.ts", "packages/azure/src/lib/AzureRegions.ts",
              "AZURE_EMISSIONS_FACTORS_METRIC_TON_PER_KWH"),
}
LIFESPAN_HOURS = 35040
# GCP's table has no memory: GB per vCPU of the predefined machine types, from Google Cloud's
# machine-family documentation (https://cloud.google.com/compute/docs/machine-resource)
GCP_GB_PER_VCPU = {"n1-standard": 3.75, "n1-highmem": 6.5, "n1-highcpu": 0.9, "standard": 4, "highmem": 8,
                   "highcpu": 1, "megamem": 14.9, "ultramem": 24.025}  # CCF's SERVER_EXPECTED_LIFESPAN (4 years)


def show(repo: Path, path: str) -> str:
    return subprocess.run(["git", "--git-dir", str(repo), "show", f"{COMMIT}:{path}"], capture_output=True,
                          text=True, check=True).stdout


def block(text: str, name: str) -> str:
    """The ``{ ... }`` (or ``[ ... ]``) body following ``export const name``."""
    match = re.search(rf"(export const {name}\b[^=]*=|\b{name}\s*:)", text)
    if match is None:
        raise ValueError(f"no table {name}")
    start = match.end()
    opening = min(i for i in (text.find("{", start), text.find("[", start)) if i >= 0)
    close = {"{": "}", "[": "]"}[text[opening]]
    depth = 0
    for i in range(opening, len(text)):
        if text[i] == text[opening]:
            depth += 1
        elif text[i] == close:
            depth -= 1
            if depth == 0:
                return text[opening + 1:i]
    raise ValueError(name)


def enum(text: str, name: str) -> dict:
    body = text[text.index(f"enum {name}"):]
    body = body[body.index("{") + 1:body.index("}")]
    return dict(re.findall(r"(\w+)\s*=\s*'([^']+)'", body))


def processor_groups(core: str) -> dict:
    types = enum(core, "COMPUTE_PROCESSOR_TYPES")
    groups = {}
    for name, body in re.findall(r"export const (\w+)(?:\s*:\s*string\[\])?\s*=\s*\[([^\]]*)\]", core):
        groups[name] = [types[t] for t in re.findall(r"COMPUTE_PROCESSOR_TYPES\.(\w+)", body)]
    return types, groups


def processors(text: str, types: dict, groups: dict) -> dict:
    body = block(text, "INSTANCE_TYPE_COMPUTE_PROCESSOR_MAPPING")
    out = {}
    for quoted, bare, value in re.findall(r"^\s*(?:'([^']+)'|([\w.\-]+))\s*:\s*(\[[^\]]*\]|\w+)\s*,", body,
                                         re.M):
        key = quoted or bare
        if value.startswith("["):
            out[key] = [types[t] for t in re.findall(r"COMPUTE_PROCESSOR_TYPES\.(\w+)", value)]
        elif value in groups:
            out[key] = groups[value]
    return out


def watts(constants: str, which: str, types: dict) -> dict:
    body = block(constants, f"{which}_WATTS_BY_COMPUTE_PROCESSOR")
    return {types[k]: float(v) for k, v in re.findall(r"COMPUTE_PROCESSOR_TYPES\.(\w+)\]\s*:\s*([\d.]+)", body)}


def scalar(constants: str, *names: str) -> float:
    for name in names:
        match = re.search(rf"{name}\s*:\s*([\d.]+)", constants)
        if match:
            return float(match.group(1))
    raise ValueError(names)


def average_or_median(procs: list, values: list) -> float | None:
    """CCF's rule: the median if the processors include Sandy Bridge or Ivy Bridge, else the mean."""
    if not values:
        return None
    if any(p in ("Sandy Bridge", "Ivy Bridge") for p in procs):
        ordered = sorted(values)
        middle = len(ordered) // 2
        return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return sum(values) / len(values)


def table(text: str, name: str) -> list:
    """(family, size or type, [numbers]) rows of a two-level table."""
    rows = []
    body = block(text, name)
    for quoted_family, bare_family, inner in re.findall(r"(?:'([^']+)'|([\w.\-]+))\s*:\s*\{([^{}]*)\}", body):
        family = quoted_family or bare_family
        for quoted, bare, numbers in re.findall(r"(?:'([^']+)'|([\w.\-]+))\s*:\s*\[([^\]]*)\]", inner):
            key = quoted or bare
            values = [float(x) for x in re.findall(r"[\d.]+(?:e-?\d+)?", numbers)]
            rows.append((family, key, values))
    return rows


def main(repo: Path) -> None:
    core = show(repo, "packages/core/src/compute/ComputeProcessorTypes.ts")
    types, groups = processor_groups(core)
    instances, regions = [], []
    for provider, (path, name, constants_path, regions_path, factors) in PROVIDERS.items():
        text, constants = show(repo, path), show(repo, constants_path)
        mapping = processors(text, types, groups)
        low, high = watts(constants, "MIN", types), watts(constants, "MAX", types)
        low_avg = scalar(constants, "MIN_WATTS_AVG", "MIN_WATTS_MEDIAN")
        high_avg = scalar(constants, "MAX_WATTS_AVG", "MAX_WATTS_MEDIAN")
        pue = scalar(constants, "PUE_AVG")
        rows = table(text, name)
        largest = {}
        for family, _, values in rows:
            largest[family] = max(largest.get(family, 0), values[0])
        for family, key, values in rows:
            if provider == "gcp":  # [vcpus, scope3]: memory from the machine type's GB per vCPU
                kind = family if family in GCP_GB_PER_VCPU else family.split("-", 1)[-1]
                if kind not in GCP_GB_PER_VCPU or len(values) < 2:
                    continue
                values = [values[0], round(values[0] * GCP_GB_PER_VCPU[kind], 3), values[1]]
            if len(values) < 2:
                continue
            instance = {"aws": f"{family}.{key}", "gcp": key, "azure": key}[provider]
            procs = (mapping.get(instance) or mapping.get(family) or mapping.get(instance.split(".")[0])
                     or mapping.get(family.split("-")[0]) or [])
            procs = [p for p in procs if p != "Unknown"]
            known_low = [low[p] for p in procs if p in low]
            known_high = [high[p] for p in procs if p in high]
            min_w = average_or_median(procs, known_low) or low_avg
            max_w = average_or_median(procs, known_high) or high_avg
            scope3 = values[2] if len(values) > 2 else ""
            embodied = round(scope3 * 1000 * values[0] / largest[family], 4) if scope3 != "" else ""
            instances.append({"provider": provider, "instance_type": instance, "family": family,
                              "vcpus": values[0], "memory_gb": values[1], "processors": "|".join(procs),
                              "min_watts_per_vcpu": round(min_w, 4), "max_watts_per_vcpu": round(max_w, 4),
                              "pue": pue, "embodied_kg": embodied,
                              "lifespan_hours": LIFESPAN_HOURS})
        region_names = {}
        try:
            region_text = show(repo, regions_path)
            for enum_name in re.findall(r"enum (\w+)", region_text):
                region_names.update(enum(region_text, enum_name))
        except subprocess.CalledProcessError:
            pass
        body = block(constants, factors)
        for key, value in re.findall(r"\[\w+\.(\w+)\]\s*:\s*([\d.]+(?:e-?\d+)?)", body):
            regions.append({"provider": provider, "region": region_names.get(key, key.lower().replace("_", "-")),
                            "g_per_kwh": round(float(value) * 1e6, 4)})
    OUT.mkdir(parents=True, exist_ok=True)
    header = "# Derived from Cloud Carbon Footprint (Apache-2.0, (c) 2021 Thoughtworks, Inc.), commit " + COMMIT
    for filename, rows in (("cloud_instances.csv", instances), ("cloud_regions.csv", regions)):
        with open(OUT / filename, "w", newline="") as handle:
            handle.write(header + "; see DATA_SOURCES.md\n")
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        print(f"{filename}: {len(rows)} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

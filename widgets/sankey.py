"""``ImpactSankey(system)``: kg CO2e flowing from usage patterns to journeys, steps and jobs, into
devices, network, servers and storage; fabrication and energy links coloured apart; hover values;
live (one message per model change); flows under ``threshold`` of the total grouped per target.

The flows follow footprintlab's attribution (``footprintlab.model.attribution``): a pattern's share
of a job is its share of the job's starts, a job's share of its server and storage its share of
their need, devices go to the patterns that use them.
"""
from __future__ import annotations

from collections import defaultdict

import anywidget
import traitlets
from footprintlab.engine import u
from footprintlab.model import attribution
from footprintlab.widgets._assets import esm
from footprintlab.widgets._live import LiveBinding

SANKEY_CSS = """
.fl-sankey { font: 12px sans-serif; }
.fl-sankey-label { font: 11px sans-serif; fill: #222; pointer-events: none; }
.fl-sankey-link:hover { fill-opacity: 0.8; }
.fl-sankey-card { position: absolute; background: #fff; border: 1px solid #bbb; padding: 4px 6px;
  font: 12px sans-serif; pointer-events: none; max-width: 260px; box-shadow: 0 1px 3px #0003; }
"""


def _kg(value) -> float:
    return float(value.value.sum().m_as(u.kg))


def sankey_data(system, threshold: float = 0.01) -> dict:
    """``{"nodes": [...], "links": [...], "total": kg}`` of the system's flows (see the module doc).

    Columns: 0 usage patterns, 1 journeys, 2 steps, 3 jobs, 4 hardware. Links below ``threshold`` ×
    total are merged, per target and phase, into one link from an "other flows" node in their
    source column (its hover lists what it groups).
    """
    parts = attribution._job_parts(system)
    flows: dict = defaultdict(float)  # (source key, target key, phase) -> kg
    labels: dict = {}
    columns: dict = {}

    def node(kind, obj, column, label=None):
        key = (kind, id(obj))
        labels[key], columns[key] = label or obj.name, column
        return key

    for pattern in system.usage_patterns:
        p = node("pattern", pattern, 0)
        users = pattern.journeys_in_parallel.value.sum().magnitude
        for device in pattern.devices:
            all_users = sum(q.journeys_in_parallel.value.sum().magnitude for q in device.usage_patterns)
            share = users / all_users if all_users else 0.0
            d = node("hardware", device, 4)
            flows[(p, d, "fabrication")] += share * _kg(device.instances_fabrication_footprint)
            flows[(p, d, "energy")] += share * _kg(device.energy_footprint)
        weighted = pattern.weighted_journeys()
        pattern_starts = pattern.utc_journey_starts.value.sum().magnitude
        # GB per pattern start over all its journeys: each journey's data × its weight
        pattern_data = sum(w * _journey_data(journey) for journey, w in weighted)
        network_kg = _kg(pattern.network_energy_footprint)
        net = node("hardware", pattern.network, 4)
        for journey, weight in weighted:
            j = node("journey", journey, 1)
            for step in journey.steps:
                s = node("step", step, 2)
                for job in step.jobs:
                    job_starts = job.hourly_starts.value.sum().magnitude
                    # this pattern-journey's share of the job's runs
                    share = pattern_starts * weight / job_starts if job_starts else 0.0
                    b = node("job", job, 3)
                    split = _job_flows(flows, node, b, job, parts[job], share)
                    data = (job.data_upload.value + job.data_download.value).m_as(u.GB)
                    network = weight * data / pattern_data * network_kg if pattern_data else 0.0
                    flows[(b, net, "energy")] += network
                    split["energy"] += network
                    for phase, kg in split.items():
                        flows[(s, b, phase)] += kg
                        flows[(j, s, phase)] += kg
                        flows[(p, j, phase)] += kg
    total = system.total_footprint.m_as(u.kg)
    limit = threshold * total
    grouped: dict = defaultdict(lambda: [0.0, []])
    links = []
    for (source, target, phase), kg in flows.items():
        if kg <= 0:
            continue
        if kg < limit:
            entry = grouped[(columns[source], target, phase)]
            entry[0] += kg
            entry[1].append(labels[source])
            continue
        links.append({"source": _id(source), "target": _id(target), "kg": kg, "phase": phase})
    nodes = {_id(key): {"id": _id(key), "label": labels[key], "column": columns[key]} for key in labels}
    for (column, target, phase), (kg, names) in grouped.items():
        other = f"other-{column}"
        nodes.setdefault(other, {"id": other, "label": "other flows", "column": column,
                                 "detail": f"flows under {threshold:.0%} of the total"})
        links.append({"source": other, "target": _id(target), "kg": kg, "phase": phase,
                      "detail": f"{len(names)} small flows from " + ", ".join(sorted(set(names))[:6])})
    return {"nodes": list(nodes.values()), "links": links, "total": total}


def _id(key) -> str:
    return f"{key[0]}-{key[1]}"


class ImpactSankey(anywidget.AnyWidget):
    """Where a system's kg CO2e come from and go to (see ``sankey_data``)."""

    _esm = traitlets.Unicode(esm("sankey")).tag(sync=True)
    _css = traitlets.Unicode(SANKEY_CSS).tag(sync=True)
    data = traitlets.Dict().tag(sync=True)
    width = traitlets.Int(960).tag(sync=True)
    height = traitlets.Int(460).tag(sync=True)

    def __init__(self, system, threshold: float = 0.01, **kwargs):
        self.system = system
        self.threshold = threshold
        super().__init__(data=sankey_data(system, threshold), **kwargs)
        self._binding = LiveBinding(self.redraw, on_commit=self._dirty, system=system)

    def _dirty(self, commit) -> None:
        self._binding.dirty = True

    def redraw(self) -> None:
        with self.hold_sync():
            self.data = sankey_data(self.system, self.threshold)

    def close(self):
        if hasattr(self, "_binding"):
            self._binding.close()
        super().close()


def _journey_data(journey) -> float:
    """GB transferred by one run of ``journey`` (Σ steps' data per start)."""
    return sum(step.data_transferred_per_start.value.m_as(u.GB) for step in journey.steps)


def _job_flows(flows, node, b, job, part, share) -> dict:
    """Add ``share`` of ``job``'s server and storage footprints to ``flows`` (from job node
    ``b``); returns the share of its parts per phase."""
    server = node("hardware", job.server, 4)
    storage = getattr(job.server, "storage", None)
    stored_total = job.hourly_data_stored().sum().m_as(u.GB)
    split = {}
    for phase in ("energy", "fabrication"):
        storage_kg = 0.0
        if storage is not None and stored_total:
            every = sum(x.hourly_data_stored().sum().m_as(u.GB) for srv in storage.servers for x in srv.jobs)
            own = stored_total / every if every else 0.0
            storage_kg = own * _kg(storage.energy_footprint if phase == "energy"
                                   else storage.instances_fabrication_footprint)
        flows[(b, server, phase)] += share * (part[phase] - storage_kg)
        if storage_kg:
            flows[(b, node("hardware", storage, 4), phase)] += share * storage_kg
        split[phase] = share * part[phase]
    return split

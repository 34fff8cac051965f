"""What changed: snapshots of a system's footprints after each change, and their differences."""
from __future__ import annotations

import weakref

from footprintlab.engine import ExplainableValue, graph, u

MAX_SNAPSHOTS = 50


def describe_change(obj, name: str, old, new) -> str:
    """``"streaming's data_download changing from 800 MB to 500 MB"``."""
    return f"{obj.name}'s {name} changing from {_show(old)} to {_show(new)}"


def _show(value) -> str:
    if isinstance(value, ExplainableValue):
        value = value.value
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(getattr(v, "name", str(v)) for v in value) + "]"
    return getattr(value, "name", None) or str(value)


def snapshot(system) -> dict:
    """Category × phase totals and per-object totals in kg; objects are keyed by their ``id`` (two
    objects with the same name stay apart), ``names`` maps ids to names."""
    from footprintlab.model.system import CATEGORY_ATTRIBUTES

    categories = {}
    for category, (fabrication, energy) in CATEGORY_ATTRIBUTES.items():
        fab = getattr(system, fabrication).value.sum().m_as(u.kg) if fabrication else 0.0
        en = getattr(system, energy).value.sum().m_as(u.kg)
        categories[category] = {"fabrication": fab, "energy": en}
    objects, names = {}, {}
    for obj in [*system.servers(), *system.storages(), *system.networks(), *system.devices()]:
        fab = getattr(obj, "instances_fabrication_footprint", None)
        names[obj.id] = obj.name
        objects[obj.id] = (fab.value.sum().m_as(u.kg) if fab is not None else 0.0) + \
            obj.energy_footprint.value.sum().m_as(u.kg)
    return {"categories": categories, "objects": objects, "names": names}


class ChangeLog:
    """Keeps the start snapshot and the snapshots around the latest changes of one system."""

    def __init__(self, system):
        self._system = weakref.ref(system)
        self.start = snapshot(system)
        self.entries: list[tuple[str, dict]] = [("start", self.start)]
        self._unsubscribe = graph.on_commit(self._on_commit, system=system)

    def _on_commit(self, changes) -> None:
        system = self._system()
        if system is None:
            self._unsubscribe()
            return
        members = {id(o) for o in system.all_objects()} | {id(system)}
        relevant = [c for c in changes if id(c[0]) in members]
        if not relevant:
            return
        label = "; ".join(describe_change(*c) for c in relevant[:3])
        if len(relevant) > 3:
            label += f" and {len(relevant) - 3} more changes"
        self.entries.append((label, snapshot(system)))
        if len(self.entries) > MAX_SNAPSHOTS:
            del self.entries[1]


def diff_snapshots(system, since: str = "last") -> tuple[str, dict, dict]:
    """``(label, before, after)`` snapshots (see ``snapshot``) for ``since`` = "last" or "start";
    pandas-free, for live widgets."""
    if since not in ("last", "start"):
        raise ValueError(f"diff(since=...) expects 'last' or 'start', got {since!r}")
    log = system.change_log()
    after_label, after = log.entries[-1]
    if since == "start" or len(log.entries) < 2:
        labels = [label for label, _ in log.entries[1:]]
        label = "no change since the start" if not labels else (
            labels[0] if len(labels) == 1 else f"{len(labels)} changes since the start")
        return label, log.start, after
    return after_label, log.entries[-2][1], after


def system_diff(system, since: str = "last"):
    """DataFrame of before/after/delta per category × phase (kg), titled by the change's label.

    ``since="last"``: the effect of the last change; ``since="start"``: of all changes since the
    system was built. The label is in ``frame.attrs["label"]``; per-object deltas in
    ``frame.attrs["objects"]`` (object id -> (before, after, delta)), keyed by the object's
    ``id`` so that two objects with the same name stay apart; ``frame.attrs["names"]`` maps ids
    to names.
    """
    import pandas as pd

    label, before, after = diff_snapshots(system, since)
    rows = []
    for category, phases in after["categories"].items():
        for phase, value in phases.items():
            old = before["categories"][category][phase]
            rows.append({"category": category, "phase": phase, "before": old, "after": value,
                         "delta": value - old})
    frame = pd.DataFrame(rows).set_index(["category", "phase"])
    frame.attrs["label"] = label
    objects = list(before["objects"]) + [o for o in after["objects"] if o not in before["objects"]]
    frame.attrs["objects"] = {
        o: (before["objects"].get(o, 0.0), after["objects"].get(o, 0.0),
            after["objects"].get(o, 0.0) - before["objects"].get(o, 0.0)) for o in objects}
    frame.attrs["names"] = {**before["names"], **after["names"]}
    return frame

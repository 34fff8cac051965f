"""What changed: snapshots of a system's footprints after each change, and their differences."""
from __future__ import annotations

import weakref

from footprintlab.engine import ExplainableValue, Quantity, graph, u
from footprintlab.numbers import readable

MAX_SNAPSHOTS = 50


def describe_change(obj, name: str, old, new) -> str:
    """``"streaming's data_download changing from 800 MB to 500 MB"``."""
    return f"{obj.name}'s {name} changing from {_show(old)} to {_show(new)}"


def _show(value) -> str:
    if isinstance(value, ExplainableValue):
        value = value.value
    if isinstance(value, Quantity):  # "1,000 MB", as people read it
        return f"{readable(value.magnitude, 6)} {value.unit}".rstrip()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(getattr(v, "name", str(v)) for v in value) + "]"
    return getattr(value, "name", None) or str(value)


_OBJECT_PARTS = ("instances_fabrication_footprint", "energy_footprint")


def snapshot(system) -> dict:
    """Category × phase totals and per-object totals in kg; objects are keyed by their ``id`` (two
    objects with the same name stay apart), ``names`` maps ids to names."""
    from footprintlab.model.system import category_attributes

    categories = {}
    for category, (fabrication, energy) in category_attributes(system).items():
        categories[category] = {"fabrication": _kg(system, fabrication) if fabrication else 0.0,
                                "energy": _kg(system, energy)}
    objects, names = {}, {}
    for obj in [*system.servers(), *system.storages(), *system.networks(), *system.devices(),
                *system.external_apis()]:
        names[obj.id] = obj.name
        objects[obj.id] = _object_total(obj)
    return {"categories": categories, "objects": objects, "names": names}


def _kg(obj, attribute: str) -> float:
    return getattr(obj, attribute).value.sum().m_as(u.kg)


def _object_total(obj) -> float:
    return sum(_kg(obj, part) for part in _OBJECT_PARTS if hasattr(obj, part))


def _updated(system, latest: dict, commit) -> dict:
    """``latest`` after ``commit``: only the totals whose values changed are summed again; a
    structural change (a reference assigned) takes a whole new snapshot."""
    from footprintlab.engine.declarations import Reference
    from footprintlab.model.system import category_attributes

    if any(isinstance(type(o).input_traits().get(n), Reference) for o, n, _, _ in commit.inputs):
        return snapshot(system)
    categories = {category: dict(phases) for category, phases in latest["categories"].items()}
    objects = dict(latest["objects"])
    for obj, name, _, _ in commit.calculated:
        if obj is system:
            for category, (fabrication, energy) in category_attributes(system).items():
                if name in (fabrication, energy) and category in categories:
                    categories[category]["fabrication" if name == fabrication else "energy"] = _kg(obj, name)
        elif name in _OBJECT_PARTS and obj.id in objects:
            objects[obj.id] = _object_total(obj)
    return {"categories": categories, "objects": objects, "names": latest["names"]}


class ChangeLog:
    """The start snapshot and the snapshots around the latest changes of one system.

    Started with the system: ``system.diff()`` works without any set-up. Each change updates the
    latest snapshot from the commit's changed values only (a structural change takes a new one),
    so the log costs little per change.
    """

    def __init__(self, system):
        self._system = weakref.ref(system)
        self.start = snapshot(system)
        self.entries: list[tuple[str, dict]] = [("start", self.start)]
        self._unsubscribe = graph.on_commit(self._on_commit, system=system)

    def _on_commit(self, commit) -> None:
        system = self._system()
        if system is None:
            self._unsubscribe()
            return
        relevant = list(commit.inputs)
        label = "; ".join(describe_change(*c) for c in relevant[:3]) or "a recompute"
        if len(relevant) > 3:
            label += f" and {len(relevant) - 3} more changes"
        self.entries.append((label, _updated(system, self.entries[-1][1], commit)))
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

"""``ObjectGraph``: the objects of a system and their references (anywidget, ESM in ``js/``)."""
from __future__ import annotations

import anywidget
import traitlets
from footprintlab.engine import ExplainableValue, Hourly, Quantity, u
from footprintlab.engine.declarations import Reference
from footprintlab.widgets._assets import css, esm
from footprintlab.widgets._live import LiveBinding
from footprintlab.widgets.numbers import readable

# column of each kind in the layered layout; devices, network and country sit beside the system
COLUMNS = {"System": 0, "Country": 0, "Network": 0, "Device": 0, "UsagePattern": 1,
           "UsageJourney": 2, "UsageJourneyStep": 3, "Job": 4, "Server": 5, "GPUServer": 5,
           "Storage": 6}
SIDE_KINDS = ("Country", "Network", "Device")
KEY_FIGURES = ("total_footprint", "energy_footprint", "instances_fabrication_footprint",
               "instances_energy", "energy", "nb_of_instances", "hourly_starts", "duration",
               "data_transferred_per_start", "hourly_data_transferred", "journeys_in_parallel")


def structure(system) -> tuple[list[dict], list[list[str]]]:
    """Nodes (id, label, kind, column) and reference edges ([source id, target id]) of a system."""
    objects = [system, *system.all_objects()]
    main = [o for o in objects if type(o).__name__ not in SIDE_KINDS]
    side = [o for o in objects if type(o).__name__ in SIDE_KINDS]
    nodes = [{"id": o.id, "label": o.name, "kind": type(o).__name__,
              "column": COLUMNS.get(type(o).__name__, 7)} for o in [*main, *side]]
    members = {o.id for o in objects}
    edges = []
    for obj in objects:
        for name, trait in type(obj).input_traits().items():
            if isinstance(trait, Reference):
                for target in trait.targets(getattr(obj, name)):
                    if target.id in members and [obj.id, target.id] not in edges:
                        edges.append([obj.id, target.id])
    return nodes, edges


def _quantity(value) -> str:
    """``1.38 billion occurrence``, ``54.2 kg``: a quantity as people read it."""
    unit = str(value.unit)
    return readable(value.magnitude) + ("" if unit in ("", "dimensionless") else f" {unit}")


def _figure(value) -> str | None:
    inner = value.value if isinstance(value, ExplainableValue) else value
    if isinstance(inner, Hourly):
        if inner.unit.compatible(u.kg):
            return f"{readable(inner.sum().m_as(u.t))} t CO2e over {len(inner):,} h"
        return f"total {_quantity(inner.sum())}, peak {_quantity(inner.max())} per hour"
    if isinstance(inner, Quantity):
        return _quantity(inner)
    return None


def key_figures(obj) -> list[str]:
    """Lines shown on hover: the object's name and kind, then its main results."""
    lines = [f"{obj.name} ({type(obj).__name__})"]
    for name in KEY_FIGURES:
        if name in type(obj).calculated_traits():
            try:
                text = _figure(getattr(obj, name))
            except Exception as exc:  # a model in error: show it instead of hiding the tooltip
                text = f"error: {exc}"
            if text:
                lines.append(f"{name.replace('_', ' ')}: {text}")
    return lines


class ObjectGraph(anywidget.AnyWidget):
    """Every object of a system as a node (coloured by kind), references as edges.

    Deterministic layered layout (patterns → journeys → steps → jobs → servers → storage; devices,
    network and country beside the system); structural changes update the drawing in place, new
    nodes appended to their column. Hover shows key figures (asked from the kernel on hover, so a
    model change sends nothing). Clicking a node sets ``selected`` (the object's id);
    ``selected_object`` gives the object.
    """

    _esm = traitlets.Unicode(esm("object_graph")).tag(sync=True)
    _css = traitlets.Unicode(css()).tag(sync=True)
    nodes = traitlets.List().tag(sync=True)
    edges = traitlets.List().tag(sync=True)
    selected = traitlets.Unicode("").tag(sync=True)

    def __init__(self, system, **kwargs):
        nodes, edges = structure(system)
        super().__init__(nodes=nodes, edges=edges, selected=system.id, **kwargs)
        self.system = system
        self.on_msg(self._on_message)
        self._binding = LiveBinding(self.refresh, on_commit=self._on_commit)

    def _on_commit(self, changes) -> None:
        """Re-read the structure after a change of a reference of one of this system's objects."""
        ids = {node["id"] for node in self.nodes}
        if any(obj.id in ids and isinstance(type(obj).input_traits().get(name), Reference)
               for obj, name, _, _ in changes):
            self._binding.dirty = True

    def refresh(self) -> None:
        """Re-read the structure; sends only if it changed."""
        nodes, edges = structure(self.system)
        with self.hold_sync():
            if nodes != self.nodes:
                self.nodes = nodes
            if edges != self.edges:
                self.edges = edges
            if self.selected not in {n["id"] for n in nodes}:
                self.selected = self.system.id

    def object_by_id(self, object_id: str):
        if object_id == self.system.id:
            return self.system
        for obj in self.system.all_objects():
            if obj.id == object_id:
                return obj
        raise KeyError(f"no object with id {object_id!r} in system {self.system.name!r}")

    @property
    def selected_object(self):
        return self.object_by_id(self.selected)

    @selected_object.setter
    def selected_object(self, obj) -> None:
        self.selected = obj.id

    def _on_message(self, widget, content, buffers) -> None:
        if isinstance(content, dict) and content.get("type") == "figures":
            try:
                lines = key_figures(self.object_by_id(content.get("id", "")))
            except KeyError as exc:
                lines = [str(exc)]
            self.send({"type": "figures", "id": content.get("id"), "lines": lines})

    def close(self):
        if hasattr(self, "_binding"):
            self._binding.close()
        super().close()

"""``CalculationGraph``: the DAG of a calculated value down to its inputs (anywidget)."""
from __future__ import annotations

import anywidget
import traitlets
from footprintlab.engine import ExplainableValue
from footprintlab.engine.explain import _node_data
from footprintlab.widgets._assets import css, esm
from footprintlab.widgets._live import LiveBinding, series_of

MAX_NODES = 400


def calculation_dag(value: ExplainableValue, max_nodes: int = MAX_NODES) -> tuple[dict, dict]:
    """(structure, values) of ``value``'s DAG, with ids stable across recomputes.

    Node ids come from labels ("power of server"), so a recompute that yields new value objects
    keeps the ids: the browser then updates the numbers without redrawing the structure.
    ``structure`` is ``{"root", "nodes", "edges", "truncated"}``; ``values`` maps id -> number.
    """
    ids: dict[int, str] = {}
    used: set[str] = set()

    def id_of(item) -> str:
        key = id(item)
        if key not in ids:
            base = item.label or "value"
            name, n = base, 2
            while name in used:
                name, n = f"{base} #{n}", n + 1
            used.add(name)
            ids[key] = name
        return ids[key]

    nodes, edges, values, seen = [], [], {}, set()
    stack, truncated = [value], False
    while stack:
        current = stack.pop(0)
        if id(current) in seen:
            continue
        if len(nodes) >= max_nodes:
            truncated = True
            break
        seen.add(id(current))
        data = _node_data(current)
        node_id = id_of(current)
        values[node_id] = data.pop("value")
        data["id"] = node_id
        nodes.append(data)
        for parent in current.parents:
            edges.append([id_of(parent), node_id])
            stack.append(parent)
    kept = {n["id"] for n in nodes}
    edges = [e for e in edges if e[0] in kept and e[1] in kept]
    return {"root": id_of(value), "nodes": nodes, "edges": edges, "truncated": truncated}, values


class CalculationGraph(anywidget.AnyWidget):
    """The calculation of a value: each node's label, value, unit and formula (or source).

    Parameters
    ----------
    value : (ModelObject, str) or ExplainableValue
        ``(server, "energy_footprint")`` is live: after a change of the model, the values are
        updated (and the structure only if it changed). Inputs, hypotheses and calculated values
        are coloured differently; clicking a node shows its formula.
    """

    _esm = traitlets.Unicode(esm("calculation_graph")).tag(sync=True)
    _css = traitlets.Unicode(css()).tag(sync=True)
    structure = traitlets.Dict().tag(sync=True)
    values = traitlets.Dict().tag(sync=True)

    def __init__(self, value, max_nodes: int = MAX_NODES, **kwargs):
        self._obj, self._name, explainable = series_of(value)
        self.max_nodes = max_nodes
        structure, values = calculation_dag(explainable, max_nodes)
        super().__init__(structure=structure, values=values, **kwargs)
        watched = [(self._obj, self._name)] if self._obj is not None else []
        self._binding = LiveBinding(self.refresh, watched)

    def refresh(self) -> None:
        structure, values = calculation_dag(getattr(self._obj, self._name), self.max_nodes)
        with self.hold_sync():
            if structure != self.structure:
                self.structure = structure
            if values != self.values:
                self.values = values

    def close(self):
        if hasattr(self, "_binding"):
            self._binding.close()
        super().close()

"""Provenance: sources of inputs, explainable values, ``explain()`` and calculation-graph export.

An ``ExplainableValue`` wraps a ``Quantity``/``Hourly`` (or another plain value) with where it came
from: an input carries a ``Source``; a calculated value carries its label, its formula text and the
explainable values it was computed from (its parents). Lineage is recorded by the engine from the
declaration of each calculated attribute, never inferred from arithmetic, so it cannot be lost.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from footprintlab.engine.distributions import Distribution
from footprintlab.engine.pint_support import as_quantity as pint_quantity
from footprintlab.engine.pint_support import is_pint
from footprintlab.engine.values import Hourly, Quantity, make_quantity, parse_quantity


@dataclass(frozen=True)
class Source:
    """Where an input value comes from: a name, an optional link, and whether it is a hypothesis."""

    name: str
    link: str | None = None
    hypothesis: bool = False

    def to_json(self) -> dict:
        return {"name": self.name, "link": self.link, "hypothesis": self.hypothesis}

    @classmethod
    def from_json(cls, data: dict) -> Source:
        return cls(str(data["name"]), data.get("link"), bool(data.get("hypothesis", False)))

    def __str__(self):
        return f"{self.name} ({self.link})" if self.link else self.name


class Sources:
    """Common sources. Studies and datasets used by defaults are defined next to the defaults."""

    USER_DATA = Source("user data")
    USER_INPUT = Source("user input")
    HYPOTHESIS = Source("hypothesis", hypothesis=True)
    TRACKER = Source("measured by footprintlab's tracker")


@dataclass(eq=False)
class ExplainableValue:
    """A value with its provenance.

    Attributes
    ----------
    value : Quantity | Hourly | object
        The value itself.
    label : str
        Human label, e.g. ``"energy of server"``.
    source : Source | None
        For inputs: where the value comes from. ``None`` for calculated values.
    formula : str | None
        For calculated values: the formula in words, with the parents' labels.
    parents : tuple[ExplainableValue, ...]
        For calculated values: the values it was computed from.
    distribution : Distribution | None
        For uncertain inputs: the distribution (``value`` is its central value).
    """

    value: object
    label: str = ""
    source: Source | None = None
    comment: str = ""
    formula: str | None = None
    parents: tuple[ExplainableValue, ...] = field(default_factory=tuple)
    distribution: object = None  # an uncertain input's Distribution; ``value`` is its central value

    @property
    def kind(self) -> str:
        """``"calculated"``, ``"hypothesis"`` or ``"input"``."""
        if self.formula is not None:
            return "calculated"
        if self.source is not None and self.source.hypothesis:
            return "hypothesis"
        return "input"

    # conveniences delegating to the value
    @property
    def unit(self):
        return getattr(self.value, "unit", None)

    @property
    def magnitude(self):
        value = self.value
        if isinstance(value, Hourly):
            return value.values
        return getattr(value, "magnitude", value)

    def to(self, unit):
        return self.value.to(unit)

    def m_as(self, unit):
        return self.value.m_as(unit)

    def sum(self):
        return self.value.sum() if isinstance(self.value, Hourly) else self.value

    def max(self):
        return self.value.max() if isinstance(self.value, Hourly) else self.value

    def to_pandas(self):
        return self.value.to_pandas()

    def __float__(self):
        return float(self.value)

    def __len__(self):
        return len(self.value)

    def __repr__(self):
        text = f"{self.label}: {self.value}" if self.label else str(self.value)
        if self.source is not None and self.source is not Sources.USER_INPUT:
            text += f" [source: {self.source}]"
        return text

    def __str__(self):
        return str(self.value)

    def _repr_html_(self) -> str:
        """In a notebook: the value with its source badge, or its formula tree."""
        from footprintlab.engine.html import explanation_html

        return explanation_html(self)

    def to_pint(self, registry=None):
        """The value as a ``pint.Quantity`` (see ``Quantity.to_pint``)."""
        return self.value.to_pint(registry)

    def same_value(self, other: ExplainableValue | None) -> bool:
        """Whether ``other`` holds an equal value (arrays compared element-wise)."""
        if other is None:
            return False
        a, b = self.value, other.value
        if isinstance(a, (Quantity, Hourly)) or isinstance(b, (Quantity, Hourly)):
            if type(a) is not type(b):
                return False
            return bool(a == b) and a.unit == b.unit  # type: ignore[attr-defined]
        if isinstance(a, dict) and isinstance(b, dict):
            return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
        return _equal(a, b)

    def explain(self) -> Explanation:
        """The formula with its parents' values, or the input's source: text, shown in a notebook
        as a formula tree (HTML)."""
        return Explanation(self._explain_text(), self)

    def _explain_text(self) -> str:
        if self.kind != "calculated":
            text = f"{self.label} = {self.value} (source: {self.source})"
            if self.distribution is not None:
                text += f"; uncertain: {self.distribution}, central value {self.value}"
            return text + (f"; {self.comment}" if self.comment else "")
        lines = [f"{self.label} = {self.formula}"]
        lines.append(f"  = {_short(self.value)}")
        lines.append("  where:")
        for parent in self.parents:
            origin = parent.source if parent.kind != "calculated" else "calculated"
            lines.append(f"    {parent.label} = {_short(parent.value)}  ({origin})")
        return "\n".join(lines)

    def calculation_graph(self, max_nodes: int = 5000) -> dict:
        return calculation_graph(self, max_nodes=max_nodes)


class Explanation(str):
    """The text of ``explain()``: a ``str``, printed as such, shown in a notebook as an HTML
    formula tree (the value, its formula, and each parent under it with its source)."""

    _value: ExplainableValue

    def __new__(cls, text: str, value: ExplainableValue):
        self = super().__new__(cls, text)
        self._value = value
        return self

    def __repr__(self):
        return str(self)

    def _repr_html_(self) -> str:
        from footprintlab.engine.html import explanation_html

        return explanation_html(self._value)


def _equal(a, b) -> bool:
    if isinstance(a, (Quantity, Hourly)) or isinstance(b, (Quantity, Hourly)):
        return type(a) is type(b) and bool(a == b)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    try:
        return bool(a == b)
    except Exception:
        return False


def _short(value) -> str:
    if isinstance(value, Hourly):
        total = value.sum()
        return f"{len(value)} hourly values in {value.unit}, total {total}"
    if isinstance(value, dict):
        return f"{len(value)} entries"
    return str(value)


def SourceValue(value, source: Source | None = None, comment: str = "", label: str = "") -> ExplainableValue:
    """An input value with its source: ``SourceValue(160 * u.kg, Sources.HYPOTHESIS)``.

    ``value`` may be a Quantity, an Hourly series, a number (dimensionless), a string such as
    ``"800 MB"`` or a distribution (``Uniform(400 * u.MB, 1200 * u.MB)``: an uncertain input). Without a source, the value is recorded as ``"user input"``.
    """
    if isinstance(value, ExplainableValue):
        return ExplainableValue(value.value, label or value.label, source or value.source,
                                comment or value.comment, distribution=value.distribution)
    if isinstance(value, Distribution):
        return ExplainableValue(value.central(), label, source or Sources.USER_INPUT, comment,
                                distribution=value)
    if isinstance(value, str):
        value = parse_quantity(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        value = Quantity(float(value))
    elif is_pint(value):
        value = pint_quantity(value)
    elif not isinstance(value, (Quantity, Hourly)):
        raise TypeError(f"SourceValue takes a quantity, an hourly series, a number or a string like '800 MB', got {value!r}")
    return ExplainableValue(value, label, source or Sources.USER_INPUT, comment)


def as_value(value, unit=None):
    """Quantity/Hourly from what users pass: quantity, number, string, pint quantity, or
    ExplainableValue."""
    if isinstance(value, ExplainableValue):
        return value.value
    if isinstance(value, str):
        return parse_quantity(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return make_quantity(value, unit) if unit is not None else Quantity(float(value))
    if is_pint(value):
        return pint_quantity(value)
    return value


def calculation_graph(value: ExplainableValue, max_nodes: int = 5000) -> dict:
    """The DAG of ``value`` down to its inputs, as plain data (JSON-ready).

    Returns ``{"root": id, "nodes": [...], "edges": [...]}``; each node has ``id``, ``label``,
    ``value`` (a number: a total for hourly values), ``unit``, ``hourly`` (bool), ``kind``
    (input/hypothesis/calculated), ``formula`` and ``source``; each edge goes from a parent to the
    value computed from it (``{"source": parent_id, "target": child_id}``).
    """
    nodes: dict[int, dict] = {}
    edges: list[dict] = []
    stack = [value]
    while stack:
        current = stack.pop()
        key = id(current)
        if key in nodes:
            continue
        if len(nodes) >= max_nodes:
            break
        nodes[key] = _node_data(current)
        for parent in current.parents:
            edges.append({"source": f"v{id(parent)}", "target": f"v{key}"})
            if id(parent) not in nodes:
                stack.append(parent)
    return {"root": f"v{id(value)}", "nodes": list(nodes.values()), "edges": edges}


def _node_data(value: ExplainableValue) -> dict:
    inner = value.value
    if isinstance(inner, Hourly):
        number, unit, hourly = float(inner.values.sum()), inner.unit.name, True
    elif isinstance(inner, Quantity):
        number, unit, hourly = inner.magnitude, inner.unit.name, False
    elif isinstance(inner, (int, float)) and not isinstance(inner, bool):
        number, unit, hourly = float(inner), "", False
    else:
        number, unit, hourly = None, "", False
    return {
        "id": f"v{id(value)}",
        "label": value.label,
        "value": number,
        "unit": unit,
        "hourly": hourly,
        "kind": value.kind,
        "formula": value.formula,
        "source": value.source.name if value.source else None,
        "source_link": value.source.link if value.source else None,
    }

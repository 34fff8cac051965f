"""``fl.compare(a, b)``: how design B differs from design A, in results and in inputs.

Results: the total, category × phase, per object (matched by class and name) and hour by hour
(UTC hours of either system, zeros where one has none), each with A, B and B − A in kg CO2e.
Inputs: objects matched by class and name; those only in B are "added", only in A "removed",
and each input whose value differs is "changed" with its old and new value and source.

Everything is computed when asked (``Comparison`` reads the systems' current values): the same
comparison object follows later changes of either system.
"""
from __future__ import annotations

import numpy as np
from footprintlab.engine import ExplainableValue, Hourly, Quantity, u

__all__ = ["Comparison", "compare"]


def compare(a, b, *, names: tuple[str, str] = ("A", "B")) -> Comparison:
    """Compare two systems: ``b`` against ``a`` (deltas are ``b − a``)."""
    return Comparison(a, b, names)


def _categories(system) -> dict:
    """{category: (fabrication kg, energy kg)} from the system's own table."""
    table = system.footprints_by_category()
    return {category: (float(row["fabrication"]), float(row["energy"]))
            for category, row in table.iterrows() if category != "Total"}


def _objects(system) -> dict:
    from footprintlab.model.results import object_rows

    rows: dict[tuple[str, str], tuple[float, float]] = {}
    for row in object_rows(system):
        key = (row["category"], row["object"])
        fabrication, energy = rows.get(key, (0.0, 0.0))
        rows[key] = (fabrication + row["fabrication_kg"], energy + row["energy_footprint_kg"])
    return rows


def _object_key(obj) -> tuple[str, str]:
    return type(obj).__name__, obj.name


def _all_objects(system) -> list:
    return [*system.all_objects(), system]


def _show(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, ExplainableValue):
        value = value.value
    if isinstance(value, Hourly):
        values = value.values
        return (f"{len(values):,} hours from {str(value.start).replace('T', ' ')}:00, "
                f"Σ {values.sum():,.6g} {value.unit}")
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(getattr(v, "name", str(v)) for v in value) + "]"
    if isinstance(value, Quantity):
        return f"{value.magnitude:,.6g} {value.unit}"
    return getattr(value, "name", None) or str(value)


def _source(value) -> str:
    source = getattr(value, "source", None)
    return "" if source is None else source.name


def _same(x, y) -> bool:
    if isinstance(x, ExplainableValue) and isinstance(y, ExplainableValue):
        x, y = x.value, y.value
    if isinstance(x, Hourly) or isinstance(y, Hourly):
        if not (isinstance(x, Hourly) and isinstance(y, Hourly)):
            return False
        if x.start != y.start or len(x) != len(y) or not x.unit.compatible(y.unit):
            return False
        return bool(np.allclose(x.values, y.to(x.unit).values, rtol=1e-9, atol=0))
    if isinstance(x, Quantity) and isinstance(y, Quantity):
        if not x.unit.compatible(y.unit):
            return False
        return bool(np.isclose(x.magnitude, y.m_as(x.unit), rtol=1e-9, atol=0))
    if isinstance(x, (list, tuple)) and isinstance(y, (list, tuple)):
        return [_name(v) for v in x] == [_name(v) for v in y]
    return _name(x) == _name(y)


def _name(value):
    return getattr(value, "name", value) if value is not None and hasattr(value, "input_traits") else value


def _inputs_of(obj) -> dict:
    return {name: obj._trait_values.get(name) for name in type(obj).input_traits()}


class Comparison:
    """Results and input differences of system ``b`` against system ``a`` (see the module doc)."""

    def __init__(self, a, b, names=("A", "B")):
        self.a, self.b = a, b
        self.names = tuple(names)

    # --- results -------------------------------------------------------------------------------
    @property
    def total(self) -> dict:
        """``{"a", "b", "delta", "relative"}`` in kg (relative: delta / a, None if a is 0)."""
        before, after = self.a.total_footprint.m_as(u.kg), self.b.total_footprint.m_as(u.kg)
        return {"a": before, "b": after, "delta": after - before,
                "relative": (after - before) / before if before else None}

    def by_category(self):
        """DataFrame indexed by (category, phase): a, b, delta (kg)."""
        import pandas as pd

        before, after = _categories(self.a), _categories(self.b)
        rows = []
        for category in [*before, *(c for c in after if c not in before)]:
            for index, phase in enumerate(("fabrication", "energy")):
                x = before.get(category, (0.0, 0.0))[index]
                y = after.get(category, (0.0, 0.0))[index]
                rows.append({"category": category, "phase": phase, "a": x, "b": y, "delta": y - x})
        frame = pd.DataFrame(rows).set_index(["category", "phase"])
        frame.attrs.update(unit="kg CO2e", names=self.names)
        return frame

    def by_object(self):
        """DataFrame indexed by (category, object): a, b, delta (kg; fabrication + energy), and
        the status ("both", "added", "removed")."""
        import pandas as pd

        before, after = _objects(self.a), _objects(self.b)
        rows = []
        for key in [*before, *(k for k in after if k not in before)]:
            x, y = sum(before.get(key, (0.0, 0.0))), sum(after.get(key, (0.0, 0.0)))
            status = "both" if key in before and key in after else ("removed" if key in before else "added")
            rows.append({"category": key[0], "object": key[1], "a": x, "b": y, "delta": y - x, "status": status})
        frame = pd.DataFrame(rows, columns=["category", "object", "a", "b", "delta", "status"])
        frame = frame.set_index(["category", "object"])
        frame.attrs.update(unit="kg CO2e", names=self.names)
        return frame

    def hourly(self):
        """DataFrame indexed by UTC hour: a, b, delta (kg per hour) over the hours of either system."""
        import pandas as pd

        x = self.a.hourly_total_footprint.value.to(u.kg)
        y = self.b.hourly_total_footprint.value.to(u.kg)
        start = min(x.start, y.start)
        end = max(x.end, y.end)
        hours = int((end - start) / np.timedelta64(1, "h"))
        values = np.zeros((2, hours))
        for row, series in enumerate((x, y)):
            offset = int((series.start - start) / np.timedelta64(1, "h"))
            values[row, offset:offset + len(series)] = series.values
        index = pd.date_range(pd.Timestamp(start), periods=hours, freq="h", name="hour (UTC)")
        frame = pd.DataFrame({"a": values[0], "b": values[1], "delta": values[1] - values[0]}, index=index)
        frame.attrs.update(unit="kg CO2e", names=self.names)
        return frame

    # --- inputs --------------------------------------------------------------------------------
    def input_rows(self) -> list[dict]:
        """One dict per difference: class, object, input, change, a, b, source_a, source_b."""
        before = {_object_key(obj): obj for obj in _all_objects(self.a)}
        after = {_object_key(obj): obj for obj in _all_objects(self.b)}
        rows = []
        for key, obj in before.items():
            if key not in after:
                rows.append(_row(key, "", "removed", obj.name, None))
        for key, obj in after.items():
            if key not in before:
                rows.append(_row(key, "", "added", None, obj.name))
        for key, old_obj in before.items():
            new_obj = after.get(key)
            if new_obj is None:
                continue
            old_inputs, new_inputs = _inputs_of(old_obj), _inputs_of(new_obj)
            for name in [*old_inputs, *(n for n in new_inputs if n not in old_inputs)]:
                old, new = old_inputs.get(name), new_inputs.get(name)
                if not _same(old, new):
                    rows.append(_row(key, name, "changed", old, new))
        return rows

    def inputs(self):
        """DataFrame of the input differences (see ``input_rows``), values shown as text."""
        import pandas as pd

        columns = ["class", "object", "input", "change", "a", "b", "source_a", "source_b"]
        frame = pd.DataFrame(self.input_rows(), columns=columns)
        frame.attrs.update(names=self.names)
        return frame

    # --- renders -------------------------------------------------------------------------------
    def to_frame(self):
        """The category × phase table with a Total row (the DataFrame render)."""
        frame = self.by_category().copy()
        frame.loc[("Total", ""), :] = frame.sum()
        return frame

    def to_text(self, max_rows: int = 20) -> str:
        a_name, b_name = self.names
        total = self.total
        relative = "" if total["relative"] is None else f" ({total['relative']:+.1%})"
        lines = [f"{b_name} ({self.b.name}) vs {a_name} ({self.a.name}): "
                 f"{_kg(total['b'])} vs {_kg(total['a'])}, Δ {_kg(total['delta'], True)}{relative}", "",
                 "by category and phase (kg CO2e):"]
        table = self.by_category()
        for (category, phase), row in table.iterrows():
            if row["a"] or row["b"]:
                lines.append(f"  {category:<10} {phase:<12} {row['a']:>16,.0f} {row['b']:>16,.0f} "
                             f"{row['delta']:>+16,.0f}")
        objects = self.by_object()
        moved = objects[objects["delta"] != 0]
        moved = moved.loc[moved["delta"].abs().sort_values(ascending=False).index]
        if len(moved):
            lines += ["", "largest changes by object (kg CO2e):"]
            for (category, name), row in moved.head(max_rows).iterrows():
                note = "" if row["status"] == "both" else f" ({row['status']})"
                lines.append(f"  {category:<10} {name[:30]:<30} {row['delta']:>+16,.0f}{note}")
        rows = self.input_rows()
        lines += ["", f"input differences: {len(rows)}" if rows else "no input differences"]
        for row in rows[:max_rows]:
            if row["change"] == "changed":
                lines.append(f"  {row['class']} {row['object']!r}.{row['input']}: {row['a']} -> {row['b']}")
            else:
                lines.append(f"  {row['change']}: {row['class']} {row['object']!r}")
        if len(rows) > max_rows:
            lines.append(f"  ... and {len(rows) - max_rows} more")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        total = self.total
        return (f"<Comparison {self.names[1]} {self.b.name!r} vs {self.names[0]} {self.a.name!r}: "
                f"Δ {_kg(total['delta'], True)}>")

    def _repr_html_(self) -> str:
        import html

        return (f"<p>{html.escape(self.to_text(0).splitlines()[0])}</p>"
                + self.to_frame().to_html(float_format=lambda v: f"{v:,.0f}")
                + self.inputs().to_html(index=False))


def _row(key, name, change, old, new) -> dict:
    return {"class": key[0], "object": key[1], "input": name, "change": change,
            "a": _show(old) if change == "changed" else ("" if old is None else old),
            "b": _show(new) if change == "changed" else ("" if new is None else new),
            "source_a": _source(old), "source_b": _source(new)}


def _kg(kg: float, signed: bool = False) -> str:
    sign = "+" if signed and kg > 0 else ""
    if abs(kg) >= 1000:
        return f"{sign}{kg / 1000:,.3g} t CO2e" if abs(kg) < 1e5 else f"{sign}{kg / 1000:,.0f} t CO2e"
    return f"{sign}{kg:,.3g} kg CO2e"

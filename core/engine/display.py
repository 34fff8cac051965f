"""Readable text of a model object: its inputs and calculated values."""
from __future__ import annotations


def describe(obj) -> str:
    """``str(obj)``: a header, then one line per input and per calculated value."""
    from footprintlab.engine.declarations import Reference

    lines = [f"{type(obj).__name__} {obj.name!r} ({obj.id})", "", "inputs:"]
    for name, trait in type(obj).input_traits().items():
        value = obj._trait_values.get(name)
        if isinstance(trait, Reference):
            shown = ", ".join(repr(t.name) for t in trait.targets(value)) or "none"
            lines.append(f"  {name}: {shown}")
        elif hasattr(value, "value"):
            source = f"  [{value.source}]" if value.source else ""
            lines.append(f"  {name}: {value.value}{source}")
        else:
            lines.append(f"  {name}: {value}")
    lines += ["", "calculated:"]
    for name in type(obj).calculated_traits():
        value = getattr(obj, name)
        inner = getattr(value, "value", value)
        if isinstance(inner, dict):
            inner = f"{len(inner)} entries"
        lines.append(f"  {name}: {inner}")
    return "\n".join(lines)

"""pint interoperability: pint quantities as inputs, ``value.to_pint()`` out.

pint is optional: this module never imports it unless ``to_pint`` is called; a pint quantity is
recognised by its type's module, so accepting one costs nothing when pint is not used.

A pint quantity is converted exactly: its magnitude is kept as it is and each of its units is
read by footprintlab's own unit grammar (pint's symbol for it: ``kWh``, ``g``, ``MB``, ``h``),
so no conversion factor comes from pint. A unit footprintlab does not know (``KiB``, ``degC``,
``mile``) raises ``UnitError``; an input then refuses it like any other bad value.
"""
from __future__ import annotations

from typing import Any

from footprintlab.engine.units import Unit, UnitError, u

__all__ = ["as_quantity", "from_pint", "is_pint", "to_pint"]

# pint symbols that footprintlab spells differently
_SYMBOLS = {"a": "year", "yr": "year", "hr": "h", "sec": "s", "percent": "%", "": "dimensionless"}
# footprintlab units pint does not define: added to the registry on first use
_OWN_DIMENSIONS = {"cpu_core": "compute", "gpu": "gpu", "occurrence": "occurrence"}


def is_pint(value: object) -> bool:
    """Whether ``value`` is a pint Quantity (without importing pint)."""
    module = type(value).__module__
    return (module == "pint" or module.startswith("pint.")) and hasattr(value, "magnitude") \
        and hasattr(value, "units")


def from_pint(value: Any) -> tuple[Any, Unit]:
    """``(magnitude, Unit)`` of a pint quantity, units read by footprintlab's grammar."""
    registry = value._REGISTRY
    above: list[str] = []
    below: list[str] = []
    items = value.unit_items() if hasattr(value, "unit_items") else value._units.items()
    for name, exponent in items:
        if exponent != int(exponent):
            raise UnitError(f"pint unit {value.units!s}: fractional exponent {exponent}")
        symbol = registry.get_symbol(name)
        text = _SYMBOLS.get(symbol, symbol)
        try:
            u.get(text)
        except UnitError:
            raise UnitError(f"pint unit {name!r} ({symbol}) has no footprintlab equivalent; "
                            "convert the quantity to one footprintlab knows first (e.g. kWh, "
                            "g, MB, h)") from None
        power = abs(int(exponent))
        (above if exponent > 0 else below).append(text if power == 1 else f"{text}**{power}")
    if not above and not below:
        return value.magnitude, u.dimensionless
    text = "*".join(above) or "1"
    if below:
        text += "/" + (below[0] if len(below) == 1 else "(" + "*".join(below) + ")")
    unit = u.get(text)
    return value.magnitude, unit


def as_quantity(value: Any) -> Any:
    """A scalar pint quantity as a footprintlab ``Quantity`` (an array is refused: an hourly
    series needs its start hour, ``Hourly(q.magnitude, start, unit)``)."""
    import numpy as np
    from footprintlab.engine.values import Quantity

    magnitude, unit = from_pint(value)
    if np.ndim(magnitude) != 0:
        raise UnitError(f"a pint quantity holding {np.size(magnitude)} values has no start "
                        f"hour; use Hourly(values, start, unit) for an hourly series")
    try:
        number = float(magnitude)
    except (TypeError, ValueError):
        raise UnitError(f"the pint quantity's magnitude {magnitude!r} is not a number") from None
    return Quantity(number, unit)


def _pint_name(unit: Unit) -> str:
    name = unit.name
    if name in ("", "dimensionless"):
        return "dimensionless"
    return "percent" if name in ("%", "percent") else name


def to_pint(magnitude: Any, unit: Unit, registry: Any = None) -> Any:
    """A pint Quantity of ``magnitude`` in ``unit`` (pint is imported here)."""
    import pint

    registry = registry if registry is not None else pint.get_application_registry()
    for name, dimension in _OWN_DIMENSIONS.items():
        if name not in registry:
            registry.define(f"{name} = [{dimension}]")
    try:
        result = registry.Quantity(magnitude, _pint_name(unit))
    except Exception as exc:  # pint's own parse errors
        raise UnitError(f"unit {unit} cannot be written for pint: {exc}") from None
    back = from_pint(result)[1]
    if back.dims != unit.dims or back.factor != unit.factor:
        raise UnitError(f"unit {unit} means something else in pint ({result.units})")
    return result

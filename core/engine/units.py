"""Units: dimensions, unit names, exact conversions and parsing of strings like ``"800 MB"``.

A unit is a rational factor to the canonical unit of its dimension plus a vector of exponents over
the base dimensions below. Factors are ``fractions.Fraction`` so conversions are exact ratios
(``MB -> GB`` divides by exactly 1000); values stay float64.

Base dimensions and their canonical units:

=============  ==================  ==========================================
dimension      canonical unit      notes
=============  ==================  ==========================================
energy         Wh                  power is energy / time (W = Wh / h)
time           h
mass           g                   mass of CO2-equivalent
data           B                   decimal prefixes (kB = 1000 B); RAM uses it too
compute        cpu_core
gpu            gpu
occurrence     occurrence          counts of events (journeys, requests)
=============  ==================  ==========================================
"""
from __future__ import annotations

import math
import re
from fractions import Fraction

BASE_DIMENSIONS = ("energy", "time", "mass", "data", "compute", "gpu", "occurrence")
_N = len(BASE_DIMENSIONS)


class UnitError(ValueError):
    """Incompatible or unknown units."""


_ALGEBRA_CACHE: dict = {}


class Unit:
    """A unit: an exact factor to the canonical unit and exponents over the base dimensions."""

    __slots__ = ("factor", "dims", "name", "_hash", "_conversions")

    def __init__(self, factor: Fraction | int, dims: tuple[int, ...], name: str):
        self.factor = Fraction(factor)
        self.dims = dims
        self.name = name
        self._hash = hash((self.factor, self.dims))
        self._conversions: dict[int, tuple] = {}  # id(target) -> (target, numerator, denominator)

    # --- algebra -------------------------------------------------------------------------------
    def __mul__(self, other):
        if isinstance(other, Unit):
            key = (self, other, "*")
            cached = _ALGEBRA_CACHE.get(key)
            if cached is not None:
                return cached
            dims = tuple(a + b for a, b in zip(self.dims, other.dims))
            result = _canonical_name(Unit(self.factor * other.factor, dims, _join(self.name, "*", other.name)))
            _ALGEBRA_CACHE[key] = result
            return result
        from footprintlab.engine.values import make_quantity

        return make_quantity(other, self)

    __rmul__ = __mul__

    def __truediv__(self, other):
        if isinstance(other, Unit):
            key = (self, other, "/")
            cached = _ALGEBRA_CACHE.get(key)
            if cached is not None:
                return cached
            dims = tuple(a - b for a, b in zip(self.dims, other.dims))
            result = _canonical_name(Unit(self.factor / other.factor, dims, _join(self.name, "/", other.name)))
            _ALGEBRA_CACHE[key] = result
            return result
        return NotImplemented

    def __rtruediv__(self, other):
        if isinstance(other, (int, float)):
            from footprintlab.engine.values import make_quantity

            inverse = Unit(1 / self.factor, tuple(-d for d in self.dims), f"1/{self.name}")
            return make_quantity(other, inverse)
        return NotImplemented

    def __pow__(self, power: int):
        dims = tuple(d * power for d in self.dims)
        return Unit(self.factor**power, dims, f"{self.name}**{power}")

    def __eq__(self, other):
        return isinstance(other, Unit) and self.factor == other.factor and self.dims == other.dims

    def __hash__(self):
        return self._hash

    def __repr__(self):
        return f"<Unit {self.name}>"

    def __str__(self):
        return self.name

    # --- queries ---------------------------------------------------------------------------------
    @property
    def dimensionless(self) -> bool:
        return not any(self.dims)

    def compatible(self, other: Unit) -> bool:
        return self.dims == other.dims

    def conversion_factor(self, target: Unit) -> Fraction:
        """Exact factor f such that ``x self == x * f target``."""
        if self.dims != target.dims:
            raise UnitError(
                f"cannot convert {self.name} ({describe_dimension(self)}) "
                f"to {target.name} ({describe_dimension(target)})"
            )
        return self.factor / target.factor


def convert(values, source: Unit, target: Unit):
    """Convert a float or numpy array from ``source`` to ``target`` units, exactly where possible."""
    if source is target:
        return values
    cached = source._conversions.get(id(target))
    if cached is None or cached[0] is not target:
        ratio = source.conversion_factor(target)
        cached = (target, float(ratio.numerator), float(ratio.denominator))
        source._conversions[id(target)] = cached
    _, numerator, denominator = cached
    if denominator == 1.0:
        return values if numerator == 1.0 else values * numerator
    if numerator == 1.0:
        return values / denominator
    return values * numerator / denominator


def _join(a: str, op: str, b: str) -> str:
    if op == "/" and ("/" in b or "*" in b):
        b = f"({b})"
    if op == "/" and "/" in a:
        a = f"({a})"
    if a in ("", "dimensionless"):
        a = "1"
    if b in ("", "dimensionless"):
        return a
    return f"{a}{op}{b}" if op == "/" else f"{a}*{b}"


def _dims(**exponents: int) -> tuple[int, ...]:
    return tuple(exponents.get(name, 0) for name in BASE_DIMENSIONS)


_DIMENSION_NAMES = {
    _dims(): "dimensionless",
    _dims(energy=1): "energy",
    _dims(energy=1, time=-1): "power",
    _dims(time=1): "time",
    _dims(mass=1): "mass CO2e",
    _dims(data=1): "data",
    _dims(data=1, time=-1): "data rate",
    _dims(mass=1, energy=-1): "carbon intensity",
    _dims(compute=1): "compute",
    _dims(gpu=1): "GPUs",
    _dims(occurrence=1): "occurrences",
    _dims(energy=1, data=-1): "energy per data",
    _dims(mass=1, data=-1): "mass per data",
}


def describe_dimension(unit: Unit) -> str:
    name = _DIMENSION_NAMES.get(unit.dims)
    if name:
        return name
    parts = [f"{d}^{e}" if e != 1 else d for d, e in zip(BASE_DIMENSIONS, unit.dims) if e]
    return " * ".join(parts)


class UnitRegistry:
    """Namespace of units: ``u.kWh``, ``u.g / u.kWh``; ``u.parse("800 MB")``."""

    def __init__(self):
        self._units: dict[str, Unit] = {}

    def define(self, name: str, factor, dims: tuple[int, ...], *aliases: str) -> Unit:
        unit = Unit(Fraction(factor), dims, name)
        for key in (name, *aliases):
            self._units[key] = unit
        return unit

    def __getattr__(self, name: str) -> Unit:
        try:
            return self.__dict__["_units"][name]
        except KeyError:
            raise AttributeError(f"unknown unit {name!r}") from None

    def __contains__(self, name: str) -> bool:
        return name in self._units

    def __dir__(self):
        return sorted(self._units)

    def get(self, name: str) -> Unit:
        """Unit from a name or expression such as ``"g/kWh"`` or ``"kg*h"``."""
        return parse_unit(name, self)

    def same_dimension(self, unit: Unit) -> list[str]:
        """Names of the registered units of the same dimension (for unit pickers)."""
        seen, names = set(), []
        for key, candidate in self._units.items():
            if candidate.dims == unit.dims and key == candidate.name and candidate.factor not in seen:
                seen.add(candidate.factor)
                names.append(key)
        return names


u = UnitRegistry()
_E, _T, _M, _D = _dims(energy=1), _dims(time=1), _dims(mass=1), _dims(data=1)
_P = _dims(energy=1, time=-1)

u.define("dimensionless", 1, _dims(), "")
u.define("percent", Fraction(1, 100), _dims(), "%")
u.define("occurrence", 1, _dims(occurrence=1), "occurrences")
# energy (canonical: Wh); 1 J = 1 W*s = 1/3600 Wh
u.define("J", Fraction(1, 3600), _E, "joule")
u.define("kJ", Fraction(1000, 3600), _E)
u.define("MJ", Fraction(10**6, 3600), _E)
u.define("Wh", 1, _E)
u.define("kWh", 10**3, _E)
u.define("MWh", 10**6, _E)
u.define("GWh", 10**9, _E)
u.define("TWh", 10**12, _E)
# time (canonical: h); a year is 365.25 days (Julian year)
u.define("s", Fraction(1, 3600), _T, "second", "seconds")
u.define("ms", Fraction(1, 3_600_000), _T)
u.define("min", Fraction(1, 60), _T, "minute", "minutes")
u.define("h", 1, _T, "hour", "hours")
u.define("day", 24, _T, "days", "d")
u.define("week", 24 * 7, _T, "weeks")
u.define("month", Fraction(24 * 36525, 1200), _T, "months")
u.define("year", Fraction(24 * 36525, 100), _T, "years", "yr")
# power: energy per hour
u.define("mW", Fraction(1, 1000), _P)
u.define("W", 1, _P, "watt")
u.define("kW", 10**3, _P)
u.define("MW", 10**6, _P)
# mass of CO2e (canonical: g)
u.define("mg", Fraction(1, 1000), _M)
u.define("g", 1, _M, "gCO2e")
u.define("kg", 10**3, _M, "kgCO2e")
u.define("t", 10**6, _M, "tonne", "tCO2e")
# data, decimal prefixes (canonical: byte); RAM uses the same dimension
for prefix, power in (("", 0), ("k", 1), ("M", 2), ("G", 3), ("T", 4), ("P", 5)):
    u.define(f"{prefix}B", 1000**power, _D, f"{prefix}B_ram", f"{prefix}B_stored")
u.define("bit", Fraction(1, 8), _D)
# compute
u.define("cpu_core", 1, _dims(compute=1), "cpu_cores", "core", "cores", "vCPU")
u.define("gpu", 1, _dims(gpu=1), "gpus", "GPU", "GPUs")

_TOKEN = re.compile(r"\s*(?:(?P<name>[A-Za-z_%][A-Za-z0-9_%]*)|(?P<int>-?\d+)|(?P<op>\*\*|[*/()^]))")
_NUMBER = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)(?:\s+|(?=[^\d.eE])|$)(.*?)\s*$")
_MAX_UNIT_DEPTH = 8


def parse_unit(text: str, registry: UnitRegistry = u) -> Unit:
    """Parse a unit expression: ``"kWh"``, ``"g/kWh"``, ``"kg*h"``, ``"GB/h"``, ``"1/h"``, ``"m**2"``.

    The grammar is strict (anything else is a ``UnitError`` naming the position)::

        expression := factor (("*" | "/") factor)*
        factor     := atom (("**" | "^") integer)?
        atom       := unit name | "1" | "(" expression ")"
    """
    if not isinstance(text, str):
        raise UnitError(f"expected a unit name as text, got {text!r}")
    stripped = text.strip()
    if stripped in registry:
        return registry._units[stripped]
    tokens = _unit_tokens(stripped)
    unit, position = _unit_expression(tokens, 0, stripped, registry, 0)
    if position != len(tokens):
        raise UnitError(f"cannot read unit {text!r}: unexpected {tokens[position][1]!r}")
    return _canonical_name(Unit(unit.factor, unit.dims, stripped))


def _unit_tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            if not text[position:].strip():
                break
            raise UnitError(f"cannot read unit {text!r}: unexpected {text[position:].strip()[0]!r} "
                            f"at character {position + 1}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind) or ""))
        position = match.end()
    return tokens


def _unit_expression(tokens, position, text, registry, depth):
    unit, position = _unit_factor(tokens, position, text, registry, depth)
    while position < len(tokens) and tokens[position][1] in ("*", "/"):
        op = tokens[position][1]
        right, position = _unit_factor(tokens, position + 1, text, registry, depth)
        unit = unit * right if op == "*" else unit / right
    return unit, position


def _unit_factor(tokens, position, text, registry, depth):
    if position >= len(tokens):
        raise UnitError(f"cannot read unit {text!r}: a unit is missing at the end")
    kind, value = tokens[position]
    if kind == "name":
        if value not in registry:
            raise UnitError(f"unknown unit {value!r} in {text!r}")
        unit = registry._units[value]
    elif kind == "int" and value == "1":
        unit = registry._units["dimensionless"]
    elif value == "(" and depth < _MAX_UNIT_DEPTH:
        unit, position = _unit_expression(tokens, position + 1, text, registry, depth + 1)
        if position >= len(tokens) or tokens[position][1] != ")":
            raise UnitError(f"cannot read unit {text!r}: a ')' is missing")
    else:
        raise UnitError(f"cannot read unit {text!r}: unexpected {value!r}")
    position += 1
    if position < len(tokens) and tokens[position][1] in ("**", "^"):
        if position + 1 >= len(tokens) or tokens[position + 1][0] != "int" \
                or abs(int(tokens[position + 1][1])) > 12:
            raise UnitError(f"cannot read unit {text!r}: expected a small integer exponent")
        unit = unit ** int(tokens[position + 1][1])
        position += 2
    return unit, position


def parse_quantity_text(text: str, registry: UnitRegistry = u) -> tuple[float, Unit]:
    """``"800 MB"`` -> ``(800.0, u.MB)``; ``"0.9"`` -> ``(0.9, dimensionless)``.

    The number must be finite (``"1e400"`` is refused) and the unit follow :func:`parse_unit`.
    """
    match = _NUMBER.match(text)
    if not match:
        raise UnitError(f"cannot read {text!r} as a quantity: expected a number and a unit, like '800 MB'")
    number, unit_text = match.groups()
    magnitude = float(number)
    if not math.isfinite(magnitude):
        raise UnitError(f"cannot read {text!r} as a quantity: {number} is too large to be represented")
    if unit_text.startswith("/"):  # "2 /h" is 2 per hour
        unit_text = "1" + unit_text
    return magnitude, parse_unit(unit_text, registry)


_BY_FACTOR_AND_DIMS: dict[tuple[Fraction, tuple[int, ...]], Unit] = {}


def _canonical_name(unit: Unit) -> Unit:
    """Give a product/quotient the name of a registered unit when one matches exactly."""
    if not _BY_FACTOR_AND_DIMS:
        for candidate in u._units.values():
            _BY_FACTOR_AND_DIMS.setdefault((candidate.factor, candidate.dims), candidate)
    if "/" in unit.name and not unit.dimensionless:
        return unit
    return _BY_FACTOR_AND_DIMS.get((unit.factor, unit.dims), unit)

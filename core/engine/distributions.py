"""Uncertain inputs: distributions with units, assignable to any scalar quantity input.

``job.data_download = fl.Uniform(400 * u.MB, 1200 * u.MB)``. The deterministic model uses each
distribution's *central value* (documented per class); ``system.uncertainty()`` samples them.

Sampling goes through the inverse of the cumulative distribution, from uniform numbers in
[F(lower bound), F(upper bound)]: a distribution truncated at its input's bounds (``min``/``max``
of the input) is sampled exactly, and the same uniform numbers give the same samples whatever
the chunking.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from footprintlab.engine.units import Unit, UnitError, convert
from footprintlab.engine.values import Quantity, parse_quantity

_STANDARD_NORMAL = NormalDist()
_Z95 = _STANDARD_NORMAL.inv_cdf(0.95)  # 1.6449: P5 and P95 of a normal are mean ∓ 1.6449 sd


def _quantity(value, what: str) -> Quantity:
    if isinstance(value, str):
        value = parse_quantity(value)
    elif isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        value = Quantity(float(value))  # a plain number: dimensionless (a PUE, a rate)
    if not isinstance(value, Quantity):
        raise TypeError(f"{what}: expected a quantity such as 400 * u.MB or '400 MB', got {value!r}")
    if not math.isfinite(value.magnitude):
        raise ValueError(f"{what}: expected a finite number, got {value}")
    return value


def _same_unit(first: Quantity, *others: tuple[Quantity, str]) -> list[float]:
    """Magnitudes of ``first`` and ``others`` in ``first``'s unit."""
    out = [first.magnitude]
    for value, what in others:
        if not value.unit.compatible(first.unit):
            raise UnitError(f"{what}: {value} is not in a unit compatible with {first.unit}")
        out.append(float(convert(value.magnitude, value.unit, first.unit)))
    return out


def _normal_ppf(normal: NormalDist, u: np.ndarray) -> np.ndarray:
    """The normal's inverse CDF at each of ``u`` (clipped away from 0 and 1)."""
    inverse = np.frompyfunc(normal.inv_cdf, 1, 1)
    return inverse(np.clip(u, 1e-15, 1 - 1e-15)).astype(np.float64)


class Distribution:
    """Base class: ``unit``, ``central()``, ``low_high()``, ``ppf(u)`` in ``unit``."""

    unit: Unit
    kind = ""

    def central(self) -> Quantity:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def low_high(self) -> tuple[float, float]:  # pragma: no cover
        raise NotImplementedError

    def cdf(self, x: float) -> float:  # pragma: no cover
        raise NotImplementedError

    def ppf(self, u: np.ndarray) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def sample(self, uniforms: np.ndarray, lower: float | None = None,
               upper: float | None = None) -> np.ndarray:
        """Values (in ``unit``) for uniform numbers in [0, 1), truncated to [lower, upper]."""
        lo = self.cdf(lower) if lower is not None else 0.0
        hi = self.cdf(upper) if upper is not None else 1.0
        if not hi > lo:
            raise ValueError(f"{self}: no probability between the input's bounds "
                             f"{lower} and {upper} {self.unit}")
        return self.ppf(lo + (hi - lo) * np.asarray(uniforms, dtype=np.float64))

    _fields: tuple[str, ...]

    def to_json(self) -> dict:
        return {"kind": self.kind, "unit": self.unit.name,
                **{name: getattr(self, name) for name in self._fields}}

    def __str__(self):
        values = ", ".join(f"{getattr(self, name):g}" for name in self._fields)
        return f"{type(self).__name__}({values} {self.unit})"


@dataclass(frozen=True, init=False, repr=False)
class Uniform(Distribution):
    """Any value from ``low`` to ``high`` equally likely; central value: the midpoint."""

    low: float
    high: float
    unit: Unit
    kind = "uniform"
    _fields = ("low", "high")

    def __init__(self, low, high):
        low, high = _quantity(low, "Uniform low"), _quantity(high, "Uniform high")
        a, b = _same_unit(low, (high, "Uniform high"))
        if not b > a:
            raise ValueError(f"Uniform: expected low < high, got {low} and {high}")
        object.__setattr__(self, "low", a)
        object.__setattr__(self, "high", b)
        object.__setattr__(self, "unit", low.unit)

    def central(self) -> Quantity:
        return Quantity((self.low + self.high) / 2, self.unit)

    def low_high(self):
        return self.low, self.high

    def cdf(self, x):
        return min(max((x - self.low) / (self.high - self.low), 0.0), 1.0)

    def ppf(self, u):
        return self.low + u * (self.high - self.low)


@dataclass(frozen=True, init=False, repr=False)
class Triangular(Distribution):
    """From ``low`` to ``high``, most likely at ``mode``; central value: the mode (the value a
    user would give as a single best guess)."""

    low: float
    mode: float
    high: float
    unit: Unit
    kind = "triangular"
    _fields = ("low", "mode", "high")

    def __init__(self, low, mode, high):
        low = _quantity(low, "Triangular low")
        a, c, b = _same_unit(low, (_quantity(mode, "Triangular mode"), "Triangular mode"),
                             (_quantity(high, "Triangular high"), "Triangular high"))
        if not (a <= c <= b and b > a):
            raise ValueError(f"Triangular: expected low <= mode <= high and low < high, got "
                             f"{a:g}, {c:g}, {b:g} {low.unit}")
        for name, value in (("low", a), ("mode", c), ("high", b)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "unit", low.unit)

    def central(self) -> Quantity:
        return Quantity(self.mode, self.unit)

    def low_high(self):
        return self.low, self.high

    def cdf(self, x):
        a, c, b = self.low, self.mode, self.high
        if x <= a:
            return 0.0
        if x >= b:
            return 1.0
        if x <= c:
            return (x - a) ** 2 / ((b - a) * (c - a))
        return 1.0 - (b - x) ** 2 / ((b - a) * (b - c))

    def ppf(self, u):
        a, c, b = self.low, self.mode, self.high
        split = (c - a) / (b - a)
        left = a + np.sqrt(u * (b - a) * (c - a))
        right = b - np.sqrt((1.0 - u) * (b - a) * (b - c))
        return np.where(u < split, left, right)


@dataclass(frozen=True, init=False, repr=False)
class Normal(Distribution):
    """Normal with ``mean`` and standard deviation ``sd``, truncated at the input's bounds;
    central value: the mean. ``low_high()`` (for the tornado) is P5 and P95."""

    mean: float
    sd: float
    unit: Unit
    kind = "normal"
    _fields = ("mean", "sd")

    def __init__(self, mean, sd):
        mean = _quantity(mean, "Normal mean")
        m, s = _same_unit(mean, (_quantity(sd, "Normal sd"), "Normal sd"))
        if not s > 0:
            raise ValueError(f"Normal: expected sd > 0, got {sd}")
        object.__setattr__(self, "mean", m)
        object.__setattr__(self, "sd", s)
        object.__setattr__(self, "unit", mean.unit)

    def central(self) -> Quantity:
        return Quantity(self.mean, self.unit)

    def low_high(self):
        return self.mean - _Z95 * self.sd, self.mean + _Z95 * self.sd

    def cdf(self, x):
        return NormalDist(self.mean, self.sd).cdf(x)

    def ppf(self, u):
        return _normal_ppf(NormalDist(self.mean, self.sd), u)


@dataclass(frozen=True, init=False, repr=False)
class LogNormal(Distribution):
    """Log-normal with ``median`` and geometric standard deviation ``gsd`` (> 1): about 68 % of
    the values lie between median / gsd and median × gsd; central value: the median."""

    median: float
    gsd: float
    unit: Unit
    kind = "lognormal"
    _fields = ("median", "gsd")

    def __init__(self, median, gsd):
        median = _quantity(median, "LogNormal median")
        gsd = float(gsd)
        if not (median.magnitude > 0 and math.isfinite(gsd) and gsd > 1):
            raise ValueError(f"LogNormal: expected median > 0 and gsd > 1, got {median} and {gsd}")
        object.__setattr__(self, "median", median.magnitude)
        object.__setattr__(self, "gsd", gsd)
        object.__setattr__(self, "unit", median.unit)

    @property
    def _log(self) -> NormalDist:
        return NormalDist(math.log(self.median), math.log(self.gsd))

    def central(self) -> Quantity:
        return Quantity(self.median, self.unit)

    def low_high(self):
        return self.median / self.gsd ** _Z95, self.median * self.gsd ** _Z95

    def cdf(self, x):
        return 0.0 if x <= 0 else self._log.cdf(math.log(x))

    def ppf(self, u):
        return np.exp(_normal_ppf(self._log, u))

    def to_json(self) -> dict:
        return {"kind": self.kind, "unit": self.unit.name, "median": self.median, "gsd": self.gsd}


KINDS = {cls.kind: cls for cls in (Uniform, Triangular, Normal, LogNormal)}


def from_json(data: dict, unit: Unit) -> Distribution:
    """Rebuild a distribution from ``to_json()`` (``unit`` already parsed)."""
    cls = KINDS[data["kind"]]
    args = [Quantity(float(data[name]), unit) if name != "gsd" else float(data[name])
            for name in cls._fields]
    return cls(*args)


__all__ = ["Distribution", "Uniform", "Triangular", "Normal", "LogNormal", "KINDS", "from_json"]

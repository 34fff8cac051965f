"""Values with a unit: ``Quantity`` (a scalar) and ``Hourly`` (one float64 value per UTC hour).

Arithmetic checks units (adding kWh to kg raises ``UnitError``) and aligns hourly series with
different starts or lengths: the result spans the union of both, missing hours count as 0.
"""
from __future__ import annotations

import datetime as _dt
from fractions import Fraction
from typing import Any

import numpy as np
from footprintlab.engine.units import (
    Unit,
    UnitError,
    convert,
    describe_dimension,
    parse_quantity_text,
    u,
)

HOUR = np.timedelta64(1, "h")
_EPOCH = np.datetime64("1970-01-01T00", "h")


def to_hour(start) -> np.datetime64:
    """A UTC hour as ``numpy.datetime64[h]`` from a datetime, string, pandas Timestamp or datetime64.

    Timezone-aware datetimes are converted to UTC; naive ones are taken as UTC.
    """
    if isinstance(start, np.datetime64):
        return start.astype("datetime64[h]")
    if isinstance(start, str):
        start = _dt.datetime.fromisoformat(start.replace("Z", "+00:00"))
    if isinstance(start, _dt.date) and not isinstance(start, _dt.datetime):
        start = _dt.datetime(start.year, start.month, start.day)
    if isinstance(start, _dt.datetime):
        if start.tzinfo is not None:
            start = start.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return np.datetime64(start.replace(minute=0, second=0, microsecond=0), "h")
    if hasattr(start, "to_datetime64"):  # pandas Timestamp
        if getattr(start, "tzinfo", None) is not None:
            start = start.tz_convert("UTC").tz_localize(None)
        return start.to_datetime64().astype("datetime64[h]")
    raise TypeError(f"cannot read {start!r} as a start hour: expected a datetime, ISO string or datetime64")


class _UnitArithmetic:
    """+, -, *, / with unit checks, shared by Quantity and Hourly (see ``_add``, ``_mul``, ``_div``)."""

    __slots__ = ()

    def __add__(self, other):
        return _add(self, other, 1.0)

    def __radd__(self, other):
        return _add(self, other, 1.0)

    def __sub__(self, other):
        return _add(self, other, -1.0)

    def __rsub__(self, other):
        return _add(self, other, -1.0) * -1.0

    def __mul__(self, other):
        return _mul(self, other)

    __rmul__ = __mul__

    def __truediv__(self, other):
        return _div(self, other)


class Quantity(_UnitArithmetic):
    """A float with a unit. ``(800 * u.MB).to(u.GB)`` is ``0.8 GB``."""

    __slots__ = ("magnitude", "unit")
    __array_priority__ = 1000

    def __init__(self, magnitude: float, unit: Unit = u.dimensionless):
        self.magnitude = float(magnitude)
        self.unit = unit

    # conversions
    def to(self, unit: Unit | str) -> Quantity:
        unit = _as_unit(unit)
        return Quantity(convert(self.magnitude, self.unit, unit), unit)

    def m_as(self, unit: Unit | str) -> float:
        return float(convert(self.magnitude, self.unit, _as_unit(unit)))

    def __float__(self):
        if not self.unit.dimensionless:
            raise UnitError(f"{self} has a unit ({self.unit}); use .m_as(unit) to get a number")
        return float(convert(self.magnitude, self.unit, u.dimensionless))


    def __rtruediv__(self, other):
        if isinstance(other, (int, float)):
            return Quantity(other / self.magnitude, u.dimensionless / self.unit)
        return NotImplemented

    def __neg__(self):
        return Quantity(-self.magnitude, self.unit)

    def __abs__(self):
        return Quantity(abs(self.magnitude), self.unit)

    def _cmp_value(self, other) -> float:
        if isinstance(other, Quantity):
            return convert(other.magnitude, other.unit, self.unit)
        if isinstance(other, (int, float)) and (other == 0 or self.unit.dimensionless):
            return float(other)
        raise UnitError(f"cannot compare {self} with {other!r}")

    def __lt__(self, other):
        return self.magnitude < self._cmp_value(other)

    def __le__(self, other):
        return self.magnitude <= self._cmp_value(other)

    def __gt__(self, other):
        return self.magnitude > self._cmp_value(other)

    def __ge__(self, other):
        return self.magnitude >= self._cmp_value(other)

    def _canonical(self) -> float:
        """The magnitude in the canonical unit of its dimension (factor 1): what ``==`` and
        ``hash`` compare, so that ``1000 g == 1 kg`` and both hash alike."""
        factor = self.unit.factor
        if factor.denominator == 1:
            return self.magnitude * factor.numerator
        return self.magnitude * factor.numerator / factor.denominator

    def __eq__(self, other):
        if isinstance(other, Quantity):
            if not self.unit.compatible(other.unit):
                return False
            return self._canonical() == other._canonical()
        if isinstance(other, (int, float)) and self.unit.dimensionless:
            return self._canonical() == other
        return NotImplemented

    def __hash__(self):
        if self.unit.dimensionless:
            return hash(self._canonical())  # equal numbers hash alike
        return hash((self._canonical(), self.unit.dims))

    def isclose(self, other: Quantity, rel: float = 1e-9) -> bool:
        return bool(np.isclose(self.magnitude, self._cmp_value(other), rtol=rel, atol=0))

    def __repr__(self):
        return f"{_fmt(self.magnitude)} {self.unit}".rstrip()

    __str__ = __repr__

    def __format__(self, spec):
        return f"{format(self.magnitude, spec)} {self.unit}".rstrip() if spec else repr(self)

    def to_json(self) -> dict:
        return {"value": self.magnitude, "unit": self.unit.name}

    def _repr_html_(self) -> str:
        from footprintlab.engine.html import quantity_html, wrap

        return wrap(quantity_html(self))

    def to_pint(self, registry: Any = None) -> Any:
        """This quantity as a ``pint.Quantity`` (pint must be installed; it is imported here).

        ``registry``: a pint ``UnitRegistry`` (default: pint's application registry). Units pint
        does not know (``cpu_core``, ``gpu``, ``occurrence``) are defined in it on first use.
        """
        from footprintlab.engine.pint_support import to_pint

        return to_pint(self.magnitude, self.unit, registry)

    @classmethod
    def from_pint(cls, value: Any) -> Quantity:
        """A ``pint.Quantity`` (a scalar) as a Quantity, converted exactly through footprintlab's
        unit grammar; a unit it does not know raises ``UnitError``."""
        from footprintlab.engine.pint_support import from_pint

        magnitude, unit = from_pint(value)
        return cls(magnitude, unit)


class Hourly(_UnitArithmetic):
    """One float64 value per hour from ``start`` (UTC), with a unit.

    ``values`` is a numpy array; ``start`` is a ``numpy.datetime64`` at hour precision.
    """

    __slots__ = ("start", "values", "unit", "_total")
    _total: float | None
    __array_priority__ = 1000

    def __init__(self, values, start, unit: Unit = u.dimensionless):
        self.values = np.asarray(values, dtype=np.float64)
        if self.values.ndim != 1:
            raise ValueError(f"hourly values must be one-dimensional, got shape {self.values.shape}")
        self.start = to_hour(start)
        self.unit = unit
        self._total = None

    @classmethod
    def _raw(cls, values: np.ndarray, start: np.datetime64, unit: Unit) -> Hourly:
        """Internal constructor: ``values`` float64 1-D, ``start`` datetime64[h]; no checks."""
        out = cls.__new__(cls)
        out.values, out.start, out.unit, out._total = values, start, unit, None
        return out

    @classmethod
    def zeros(cls, start, hours: int, unit: Unit = u.dimensionless) -> Hourly:
        return cls(np.zeros(hours), start, unit)

    # shape and time axis
    def __len__(self):
        return len(self.values)

    @property
    def end(self) -> np.datetime64:
        """The hour after the last value."""
        return self.start + len(self.values) * HOUR

    def hours(self) -> np.ndarray:
        """The UTC hours as ``datetime64[h]``."""
        return self.start + np.arange(len(self.values)) * HOUR

    def epoch_ms(self) -> np.ndarray:
        """Hours as float milliseconds since the Unix epoch (what bqplot's date scales take)."""
        first = float((self.start - _EPOCH) / HOUR) * 3_600_000.0
        return first + np.arange(len(self.values), dtype=np.float64) * 3_600_000.0

    def shift(self, hours: float) -> Hourly:
        """The series delayed by ``hours``; a fractional part is split between two hours."""
        whole = int(np.floor(hours))
        frac = hours - whole
        if frac == 0:
            return Hourly._raw(self.values, self.start + whole * HOUR, self.unit)
        values = np.zeros(len(self.values) + 1, dtype=self.values.dtype)
        values[:-1] += self.values * (1 - frac)
        values[1:] += self.values * frac
        return Hourly._raw(values, self.start + whole * HOUR, self.unit)

    # conversions and reductions
    def to(self, unit: Unit | str) -> Hourly:
        unit = _as_unit(unit)
        return Hourly._raw(convert(self.values, self.unit, unit), self.start, unit)

    def m_as(self, unit: Unit | str) -> np.ndarray:
        return convert(self.values, self.unit, _as_unit(unit))

    def sum(self) -> Quantity:
        """Total over all hours (a quantity of the same unit; computed once: the engine's stored
        values are read-only)."""
        if self._total is None or self.values.flags.writeable:
            self._total = float(self.values.sum(dtype=np.float64))
        return Quantity(self._total, self.unit)

    def max(self) -> Quantity:
        return Quantity(float(self.values.max()) if len(self.values) else 0.0, self.unit)

    def mean(self) -> Quantity:
        return Quantity(float(self.values.mean(dtype=np.float64)) if len(self.values) else 0.0, self.unit)

    def cumsum(self) -> Hourly:
        return Hourly._raw(np.cumsum(self.values, dtype=np.float64), self.start, self.unit)

    def ceil(self) -> Hourly:
        return Hourly._raw(np.ceil(self.values), self.start, self.unit)

    def to_pandas(self):
        """A pandas Series indexed by UTC hour."""
        import pandas as pd

        index = pd.DatetimeIndex(self.hours(), tz="UTC", name="hour")
        return pd.Series(self.values, index=index, name=str(self.unit))


    def __neg__(self):
        return Hourly(-self.values, self.start, self.unit)

    def __eq__(self, other):
        if not isinstance(other, Hourly):
            return NotImplemented
        return (
            self.start == other.start
            and self.unit.compatible(other.unit)
            and _arrays_equal(self.values, convert(other.values, other.unit, self.unit))
        )

    __hash__ = None  # type: ignore[assignment]  # mutable array inside

    def __repr__(self):
        n = len(self.values)
        if n == 0:
            return f"0 values in {self.unit}"
        first = ", ".join(_fmt(v) for v in self.values[:10])
        last = self.end - HOUR
        return (
            f"{n} values from {_fmt_hour(self.start)} to {_fmt_hour(last)} in {self.unit}: "
            f"first {min(n, 10)} vals [{first}]"
        )

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from footprintlab.engine.html import hourly_html

        return hourly_html(self)

    def to_pint(self, registry: Any = None) -> Any:
        """The hourly values as a ``pint.Quantity`` wrapping a numpy array (the start hour is
        not part of it: see ``hours()``)."""
        from footprintlab.engine.pint_support import to_pint

        return to_pint(self.values, self.unit, registry)

    def to_json(self) -> dict:
        return {
            "start": _fmt_hour(self.start),
            "values": self.values.tolist(),
            "unit": self.unit.name,
        }


Value = Quantity | Hourly


def _arrays_equal(a: np.ndarray, b: np.ndarray) -> bool:
    """Element-wise equality; arrays that differ usually differ at the ends, which are checked first."""
    if a is b:
        return True
    if a.shape != b.shape:
        return False
    if len(a) > 256 and (not np.array_equal(a[:64], b[:64]) or not np.array_equal(a[-64:], b[-64:])):
        return False
    return bool(np.array_equal(a, b))


def _fmt(x: float) -> str:
    if x == 0:
        return "0"
    if abs(x) >= 1e6 or abs(x) < 1e-3:
        return f"{x:.4g}"
    return f"{x:.6g}"


def first_non_finite(values: np.ndarray) -> int | None:
    """Index of the first NaN or ±inf in ``values``, or None (one vectorised pass when all are
    finite, which is the common case)."""
    if values.size and not np.isfinite(values.sum(dtype=np.float64)):
        bad = np.flatnonzero(~np.isfinite(values))
        if len(bad):
            return int(bad[0])
    return None


def _fmt_hour(hour: np.datetime64) -> str:
    return str(hour.astype("datetime64[h]")).replace("T", " ") + ":00"


def _as_unit(unit: Unit | str) -> Unit:
    if isinstance(unit, Unit):
        return unit
    return u.get(unit)


def _coerce(other):
    if isinstance(other, (Quantity, Hourly)):
        return other
    if isinstance(other, Unit):
        return Quantity(1.0, other)
    if isinstance(other, (int, float, np.floating, np.integer, Fraction)):
        return Quantity(float(other), u.dimensionless)
    return None


def _align(a: Hourly, b: Hourly) -> tuple[np.datetime64, np.ndarray, np.ndarray]:
    """Both series on their union of hours (missing hours are 0; an empty series is neutral: its
    start does not widen the other's hours)."""
    if a.start == b.start and len(a.values) == len(b.values):
        return a.start, a.values, b.values
    if not len(a.values) or not len(b.values):
        full = a if len(a.values) else b
        return full.start, _resized(a.values, len(full)), _resized(b.values, len(full))
    start = min(a.start, b.start)
    end = max(a.end, b.end)
    n = int((end - start) / HOUR)
    out_a = np.zeros(n, dtype=a.values.dtype)
    out_b = np.zeros(n, dtype=b.values.dtype)
    ia = int((a.start - start) / HOUR)
    ib = int((b.start - start) / HOUR)
    out_a[ia : ia + len(a.values)] = a.values
    out_b[ib : ib + len(b.values)] = b.values
    return start, out_a, out_b


def _resized(values: np.ndarray, n: int) -> np.ndarray:
    return values if len(values) == n else np.zeros(n, dtype=values.dtype)


def _add(left, right, sign: float):
    right = _coerce(right)
    if right is None:
        return NotImplemented
    if not left.unit.compatible(right.unit):
        if _is_zero(right):
            return left
        if _is_zero(left):
            return right if sign > 0 else right * -1.0
        verb = "add" if sign > 0 else "subtract"
        raise UnitError(
            f"cannot {verb} {right.unit} ({describe_dimension(right.unit)}) "
            f"{'to' if sign > 0 else 'from'} {left.unit} ({describe_dimension(left.unit)})"
        )
    rv = right.values if isinstance(right, Hourly) else right.magnitude
    rv = convert(rv, right.unit, left.unit)
    if isinstance(left, Hourly) and isinstance(right, Hourly):
        return _add_series(left, rv, right.start, sign)
    if isinstance(left, Hourly):
        return Hourly._raw(left.values + sign * rv, left.start, left.unit)
    if isinstance(right, Hourly):
        return Hourly._raw(left.magnitude + sign * rv, right.start, left.unit)
    return Quantity(left.magnitude + sign * rv, left.unit)


def _add_series(left: Hourly, right_values: np.ndarray, right_start, sign: float) -> Hourly:
    """left + sign × right on the union of their hours: one allocation, in-place adds."""
    la, lb = len(left.values), len(right_values)
    if left.start == right_start and la == lb:
        return Hourly._raw(left.values + sign * right_values, left.start, left.unit)
    if lb == 0:  # an empty series is neutral: it does not widen the hours
        return left
    if la == 0:
        return Hourly._raw(sign * right_values, right_start, left.unit)
    start = min(left.start, right_start)
    ia = int((left.start - start) / HOUR)
    ib = int((right_start - start) / HOUR)
    out = np.zeros(max(ia + la, ib + lb), dtype=np.result_type(left.values, right_values))
    out[ia : ia + la] = left.values
    if sign > 0:
        out[ib : ib + lb] += right_values
    else:
        out[ib : ib + lb] -= right_values
    return Hourly._raw(out, start, left.unit)


def _is_zero(value) -> bool:
    if isinstance(value, Quantity):
        return value.magnitude == 0
    return not np.any(value.values)


def _combine(left, right, unit: Unit, op):
    lv = left.values if isinstance(left, Hourly) else left.magnitude
    rv = right.values if isinstance(right, Hourly) else right.magnitude
    if isinstance(left, Hourly) and isinstance(right, Hourly):
        start, a, b = _align(left, right)
        return Hourly._raw(op(a, b), start, unit)
    if isinstance(left, Hourly):
        return Hourly._raw(op(lv, rv), left.start, unit)
    if isinstance(right, Hourly):
        return Hourly._raw(op(lv, rv), right.start, unit)
    return Quantity(op(lv, rv), unit)


def _simplify(result):
    """Collapse a dimensionless unit with a factor (e.g. MB/GB) into plain numbers."""
    if result.unit.dimensionless and result.unit is not u.dimensionless:
        return result.to(u.dimensionless)
    return result


def _mul(left, right):
    right = _coerce(right)
    if right is None:
        return NotImplemented
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused by the engine's check
        return _simplify(_combine(left, right, left.unit * right.unit, np.multiply))


def _div(left, right):
    right = _coerce(right)
    if right is None:
        return NotImplemented
    with np.errstate(divide="ignore", invalid="ignore"):
        return _simplify(_combine(left, right, left.unit / right.unit, np.divide))


def make_quantity(value, unit: Unit):
    """``number * unit`` -> Quantity; ``array * unit`` needs a start: use ``Hourly(values, start, unit)``."""
    if isinstance(value, (Quantity, Hourly)):
        return value * Quantity(1.0, unit)
    if isinstance(value, (int, float, np.floating, np.integer, Fraction)):
        return Quantity(float(value), unit)
    raise TypeError(
        f"cannot attach unit {unit} to {type(value).__name__}: use a number, or "
        "Hourly(values, start, unit) for an hourly series"
    )


def parse_quantity(text: str) -> Quantity:
    """``"800 MB"`` -> ``Quantity(800, MB)``."""
    magnitude, unit = parse_quantity_text(text)
    return Quantity(magnitude, unit)

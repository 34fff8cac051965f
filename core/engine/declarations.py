"""Declarations of a model object's attributes: inputs, references and calculated attributes.

Each is a traitlets ``TraitType`` so that every attribute can be observed. Assigning an input hands
the change to the dependency graph (``engine.graph``), which recomputes what depends on it.
"""
from __future__ import annotations

import inspect
import math
from collections.abc import Callable

import numpy as np
from footprintlab.engine.distributions import Distribution
from footprintlab.engine.explain import ExplainableValue, Source, Sources, as_value
from footprintlab.engine.units import Unit, UnitError, convert, describe_dimension, u
from footprintlab.engine.values import Hourly, Quantity, _fmt_hour, first_non_finite
from traitlets import TraitError, TraitType, Undefined


class InputError(TraitError, ValueError):
    """An input was refused (wrong unit, out of range, not finite, missing...); the model is
    unchanged. A ``ValueError`` (and a traitlets ``TraitError``) naming object and attribute."""


def _owner(obj) -> str:
    return f"{type(obj).__name__} {getattr(obj, 'name', '?')!r}"


def _refuse(obj, name: str, what: str, value) -> None:
    shown = value.value if isinstance(value, ExplainableValue) else value
    raise InputError(f"{_owner(obj)}: {name}: {what} (got {shown!r})")


def check_finite(obj, name: str, inner, unit: Unit, raw) -> None:
    """Refuse NaN, ±inf and values that overflow when converted to ``unit`` (the input's own)."""
    if isinstance(inner, Quantity):
        converted = convert(inner.magnitude, inner.unit, unit) if inner.unit.compatible(unit) else 0.0
        if not math.isfinite(inner.magnitude):
            _refuse(obj, name, "expected a finite number", raw)
        if not math.isfinite(converted):
            _refuse(obj, name, f"too large to be represented in {unit}", raw)
        return
    values = inner.values
    bad, problem = first_non_finite(values), "is not a finite number"
    if bad is None and inner.unit.compatible(unit):
        with np.errstate(over="ignore"):
            bad = first_non_finite(np.asarray(convert(values, inner.unit, unit), dtype=np.float64))
        problem = f"overflows in {unit}"
    if bad is not None:
        hour = _fmt_hour(inner.start + np.timedelta64(bad, "h"))
        _refuse(obj, name, f"expected finite values; value {float(values[bad])!r} at index {bad} "
                f"({hour} UTC) {problem}", f"{len(values)} hourly values")


class Input(TraitType):
    """A quantity input with a unit: ``power = Input(u.W, min=0)``.

    Accepts a Quantity, ``SourceValue(...)``, a string like ``"300 W"`` or, for dimensionless
    inputs, a number. ``hourly`` is ``False`` (scalar only), ``True`` (an ``Hourly`` series only)
    or ``"optional"`` (``None`` or a series).
    """

    info_text = "a quantity"

    def __init__(self, unit: Unit, default=Undefined, *, min=None, max=None, hourly=False,
                 source: Source | None = None, help: str = "", slider: tuple | None = None,
                 also: tuple[Unit, ...] = ()):
        self.unit = unit
        self.also = also
        self.minimum = min
        self.maximum = max
        self.hourly = hourly
        self.default_source = source
        self.slider = slider
        self.optional = hourly == "optional" or default is None
        self.required = default is Undefined and not self.optional
        super().__init__(default_value=None, help=help, allow_none=self.optional)
        self.declared_default = None if default is Undefined and self.optional else default

    # traitlets hooks ---------------------------------------------------------------------------
    def validate(self, obj, value):
        if value is None:
            if self.optional:
                return None
            self.error_message(obj, f"a value in {self.unit} is required; None is not accepted", value)
        label = f"{self.name} of {getattr(obj, 'name', '?')}"
        distribution = None
        if isinstance(value, Distribution):
            value = ExplainableValue(value.central(), "", None, "", distribution=value)
        if isinstance(value, ExplainableValue):
            inner, source, comment = value.value, value.source, value.comment
            distribution = value.distribution
        else:
            source, comment = None, ""
            try:
                inner = as_value(value, u.dimensionless if self.unit.dimensionless else None)
            except UnitError as exc:
                self.error_message(obj, str(exc), value)
        if isinstance(inner, Hourly):
            if not self.hourly:
                self.error_message(obj, "an hourly series is not accepted here", value)
        elif isinstance(inner, Quantity):
            if self.hourly is True or self.hourly == "optional":
                self.error_message(obj, "an hourly series is expected", value)
        else:
            self.error_message(obj, "expected a quantity", value)
        if not inner.unit.compatible(self.unit) and not any(inner.unit.compatible(a) for a in self.also):
            self.error_message(
                obj, f"expected {describe_dimension(self.unit)} (e.g. in {self.unit}), "
                f"got {describe_dimension(inner.unit)}", value)
        check_finite(obj, self.name, inner, self.unit if inner.unit.compatible(self.unit) else inner.unit,
                     value)
        self._check_bounds(obj, inner, value)
        if distribution is not None:
            self._check_distribution(obj, distribution, value)
        return ExplainableValue(inner, label, source or self.default_source or Sources.USER_INPUT,
                                comment, distribution=distribution)

    def _check_distribution(self, obj, distribution, raw) -> None:
        """An uncertain input: a scalar input, and some probability within the input's bounds."""
        if self.hourly is True or self.hourly == "optional":
            self.error_message(obj, "a distribution is accepted for scalar inputs only", raw)
        lower, upper = self.bounds_in(distribution.unit)
        try:
            distribution.sample(np.array([0.5]), lower, upper)
        except ValueError as exc:
            self.error_message(obj, str(exc), raw)

    def bounds_in(self, unit: Unit) -> tuple[float | None, float | None]:
        """The input's ``min`` and ``max`` converted to ``unit`` (None where unbounded)."""
        own = self.unit if self.unit.compatible(unit) else unit
        low, high = (None if bound is None else float(convert(bound, own, unit))
                     for bound in (self.minimum, self.maximum))
        return low, high

    def _check_bounds(self, obj, inner, raw):
        if self.minimum is None and self.maximum is None:
            return
        unit = self.unit if inner.unit.compatible(self.unit) else inner.unit
        values = inner.m_as(unit)
        if isinstance(inner, Hourly):
            if not len(values):
                return
            low, high = values.min(), values.max()
        else:
            low = high = values
        if self.minimum is not None and low < self.minimum:
            self.error_message(obj, f"must be at least {self.minimum} {self.unit}", raw)
        if self.maximum is not None and high > self.maximum:
            self.error_message(obj, f"must be at most {self.maximum} {self.unit}", raw)

    def error_message(self, obj, what: str, value):
        _refuse(obj, str(self.name), what, value)

    def set(self, obj, value):
        from footprintlab.engine import graph

        graph.set_input(obj, self, self._validate(obj, value))

    def get(self, obj, cls=None):
        return obj._trait_values.get(self.name)


class Choice(TraitType):
    """A text input among fixed options: ``server_type = Choice(["autoscaling", ...])``."""

    def __init__(self, options, default=Undefined, help: str = ""):
        self.options = tuple(options)
        self.required = default is Undefined
        self.optional = default is None  # None is accepted only where it is the declared default
        self.declared_default = default
        super().__init__(default_value=None, help=help, allow_none=self.optional)

    def validate(self, obj, value):
        if value is None and self.optional:
            return None
        if not isinstance(value, str) or value not in self.options:
            _refuse(obj, self.name, f"expected one of {list(self.options)}", value)
        return value

    def set(self, obj, value):
        from footprintlab.engine import graph

        graph.set_input(obj, self, self._validate(obj, value))

    def get(self, obj, cls=None):
        return obj._trait_values.get(self.name)


class Text(Choice):
    """A free text input (e.g. a time zone name)."""

    def __init__(self, default=Undefined, help: str = "", check: Callable[[str], None] | None = None):
        super().__init__((), default, help)
        self.check = check

    def validate(self, obj, value):
        if value is None and self.optional:
            return None
        if not isinstance(value, str):
            _refuse(obj, self.name, "expected text", value)
        if self.check is not None:
            try:
                self.check(value)
            except Exception as exc:
                _refuse(obj, self.name, str(exc), value)
        return value


class Reference(TraitType):
    """A reference to another model object: ``server = Reference("Server", reverse="jobs")``.

    ``reverse`` names the ``ReverseLink`` on the target class that lists the referrers.
    """

    is_link = True
    is_list = False

    def __init__(self, target: str, reverse: str | None = None, allow_none: bool = False,
                 default=Undefined, help: str = ""):
        self.target = target
        self.reverse = reverse
        self.required = default is Undefined and not allow_none
        self.declared_default = None if default is Undefined else default
        super().__init__(default_value=None, allow_none=allow_none, help=help)
        self.optional = allow_none
        self._target_class = None

    def target_class(self):
        """The class named ``target``, resolved from the declaring class's module: a user's own
        class with the same short name elsewhere does not replace it."""
        if self._target_class is None:
            from footprintlab.engine.objects import ModelObject

            self._target_class = ModelObject.class_named(self.target, near=self.this_class)
        return self._target_class

    def validate(self, obj, value):
        if value is None:
            if self.optional:
                return None
            _refuse(obj, self.name, f"a {self.target} is required; None is not accepted", value)
        cls = self.target_class()
        if not isinstance(value, cls):
            _refuse(obj, self.name, f"expected a {self.target}", value)
        return value

    def set(self, obj, value):
        from footprintlab.engine import graph

        graph.set_link(obj, self, self._validate(obj, value))

    def get(self, obj, cls=None):
        return obj._trait_values.get(self.name)

    def targets(self, value) -> list:
        return [] if value is None else [value]


class ObjectList(list):
    """A list of model objects that refuses in-place changes (assign a new list instead)."""

    __slots__ = ("_owner_label",)

    def _refuse(self, *args, **kwargs):
        raise TypeError(
            f"{self._owner_label} cannot be changed in place; assign a new list instead, "
            f"e.g. obj.{self._owner_label.rsplit('.', 1)[-1]} = [*old_list, new_item]"
        )

    append = extend = insert = remove = pop = clear = sort = reverse = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse


class ReferenceList(Reference):
    """A list of references: ``steps = ReferenceList("UsageJourneyStep", reverse="usage_journeys")``."""

    is_list = True

    def __init__(self, target: str, reverse: str | None = None, default=Undefined, help: str = ""):
        super().__init__(target, reverse, allow_none=False, default=[] if default is Undefined else default,
                         help=help)
        self.required = default is Undefined

    def validate(self, obj, value):
        if value is None or isinstance(value, (str, bytes, dict)):
            _refuse(obj, self.name, f"expected a list of {self.target} (use [] for none)", value)
        if isinstance(value, ModelObjectLike):
            _refuse(obj, self.name, f"expected a list of {self.target}, got one object", value)
        try:
            items = list(value)
        except TypeError:
            _refuse(obj, self.name, f"expected a list of {self.target}", value)
        cls = self.target_class()
        for index, item in enumerate(items):
            if not isinstance(item, cls):
                _refuse(obj, f"{self.name}[{index}]", f"expected a {self.target}", item)
        result = ObjectList(items)
        result._owner_label = f"{_owner(obj)}.{self.name}"
        return result

    def targets(self, value) -> list:
        return list(value or ())


class ModelObjectLike:
    """Marker base for model objects (set by ``engine.objects``)."""


class ReverseLink:
    """The objects referring to this one through ``Reference(..., reverse=<this name>)``.

    ``jobs = ReverseLink("Job", "server")`` on Server gives ``server.jobs`` (a tuple).
    """

    is_link = True
    is_list = True

    def __init__(self, source: str, through: str):
        self.source = source
        self.through = through
        self.name = ""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        return tuple(obj._fl_backrefs.get(self.name, ()))

    def __set__(self, obj, value):
        raise AttributeError(
            f"{_owner(obj)}: {self.name} lists the {self.source} objects whose {self.through} is this "
            f"object; change their {self.through} instead")

    def targets(self, value) -> list:
        return list(value)


class Calculated(TraitType):
    """A calculated attribute: read-only, computed by the graph from declared reads."""

    read_only = True

    def __init__(self, function: Callable, unit: Unit | None, formula: str, reads: tuple[str, ...],
                 label: str | None = None, lazy: bool = False):
        super().__init__(default_value=None, allow_none=True, read_only=True)
        self.lazy = lazy
        self.function = function
        self.unit = unit
        self.formula = formula
        self.parameters = tuple(_parameter_of(read) for read in reads)
        self.reads = tuple(read.partition("=")[2] if "=" in read else read for read in reads)
        self.call_order: tuple[int, ...] | None = None  # read index for each formula parameter
        self.label = label
        self.__doc__ = f"{formula} [{unit}]" if unit is not None else formula

    def class_init(self, cls, name):
        super().class_init(cls, name)
        self.call_order = _bind_reads(self.function, self.parameters, f"{cls.__name__}.{name}")

    def get(self, obj, cls=None):
        from footprintlab.engine import graph

        return graph.read_calculated(obj, self.name)

    def set(self, obj, value):
        raise TraitError(f"{_owner(obj)}: {self.name} is calculated ({self.formula}); change its inputs instead")


def _parameter_of(read: str) -> str:
    """The formula parameter a read binds to: ``"name=path"`` names it, else the path's last part."""
    if "=" in read:
        return read.partition("=")[0].strip()
    return read.rsplit(".", 1)[-1].removesuffix("[]")


def _bind_reads(function: Callable, parameters: tuple[str, ...], where: str) -> tuple[int, ...]:
    """For each parameter of ``function`` after ``self``, the index of the read bound to it.

    A formula taking only ``*values`` gets every read in declared order. Otherwise each parameter
    must match exactly one read by name, checked when the class is created.
    """
    signature = list(inspect.signature(function).parameters.values())[1:]
    if len(signature) == 1 and signature[0].kind is inspect.Parameter.VAR_POSITIONAL:
        return tuple(range(len(parameters)))
    names = [p.name for p in signature]
    kinds_ok = all(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in signature)
    duplicated = sorted({n for n in parameters if parameters.count(n) > 1})
    if not kinds_ok or duplicated or sorted(names) != sorted(parameters):
        raise TypeError(
            f"{where}: the formula's parameters {names} do not match its declared reads "
            f"{list(parameters)} (bound by name: name each parameter after the last part of its "
            f"read path, or write the read as 'parameter=path')"
            + (f"; {duplicated} bound twice" if duplicated else ""))
    return tuple(parameters.index(n) for n in names)


def calculated(unit: Unit | str | None, formula: str, *reads: str, label: str | None = None,
               lazy: bool = False):
    """Declare a calculated attribute.

    Parameters
    ----------
    unit : Unit, str or None
        Unit of the result (the formula's result is converted to it); ``None`` for non-quantities.
    formula : str
        The formula in words, shown by ``explain()``.
    *reads : str
        What the formula reads: an attribute of this object (``"power"``), of a referenced object
        (``"server.available_ram"``) or of each object of a list (``"jobs[].ram_need"``,
        ``"steps[].jobs[].data_stored"``). A list path gives the formula a list of values. Each
        read binds to the formula parameter named after its last part (``ram_need``), or to the
        one it names (``"need=jobs[].ram_need"``); a formula taking ``*values`` gets them all in
        order. A mismatch raises ``TypeError`` when the class is created.
    lazy : bool
        Computed on first read only, not when its system is created: for views that cannot
        refuse a change their parents accepted (a sum of checked values).
    """
    if isinstance(unit, str):
        unit = u.get(unit)

    def decorate(function):
        return Calculated(function, unit, formula, reads, label, lazy)

    return decorate

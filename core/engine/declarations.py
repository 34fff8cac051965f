"""Declarations of a model object's attributes: inputs, references and calculated attributes.

Each is a traitlets ``TraitType`` so that every attribute can be observed. Assigning an input hands
the change to the dependency graph (``engine.graph``), which recomputes what depends on it.
"""
from __future__ import annotations

from collections.abc import Callable

from footprintlab.engine.explain import ExplainableValue, Source, Sources, as_value
from footprintlab.engine.units import Unit, UnitError, describe_dimension, u
from footprintlab.engine.values import Hourly, Quantity
from traitlets import TraitError, TraitType, Undefined


def _owner(obj) -> str:
    return f"{type(obj).__name__} {getattr(obj, 'name', '?')!r}"


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
            self.error_message(obj, "a value is required", value)
        label = f"{self.name} of {getattr(obj, 'name', '?')}"
        if isinstance(value, ExplainableValue):
            inner, source, comment = value.value, value.source, value.comment
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
        self._check_bounds(obj, inner, value)
        return ExplainableValue(inner, label, source or self.default_source or Sources.USER_INPUT, comment)

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
        shown = value.value if isinstance(value, ExplainableValue) else value
        raise TraitError(f"{_owner(obj)}: {self.name}: {what} (got {shown!r})")

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
        self.declared_default = default
        super().__init__(default_value=None, help=help, allow_none=True)

    def validate(self, obj, value):
        if value not in self.options:
            raise TraitError(f"{_owner(obj)}: {self.name}: expected one of {list(self.options)}, got {value!r}")
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
        if not isinstance(value, str):
            raise TraitError(f"{_owner(obj)}: {self.name}: expected text, got {value!r}")
        if self.check is not None:
            try:
                self.check(value)
            except Exception as exc:
                raise TraitError(f"{_owner(obj)}: {self.name}: {exc} (got {value!r})") from None
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
        super().__init__(default_value=None, allow_none=True, help=help)
        self.optional = allow_none

    def target_class(self):
        from footprintlab.engine.objects import ModelObject

        return ModelObject.registry[self.target]

    def validate(self, obj, value):
        if value is None and self.optional:
            return None
        cls = self.target_class()
        if not isinstance(value, cls):
            raise TraitError(f"{_owner(obj)}: {self.name}: expected a {self.target}, got {value!r}")
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
        if isinstance(value, ModelObjectLike):
            raise TraitError(f"{_owner(obj)}: {self.name}: expected a list of {self.target}, got one object")
        try:
            items = list(value)
        except TypeError:
            raise TraitError(f"{_owner(obj)}: {self.name}: expected a list of {self.target}, got {value!r}") from None
        cls = self.target_class()
        for index, item in enumerate(items):
            if not isinstance(item, cls):
                raise TraitError(
                    f"{_owner(obj)}: {self.name}[{index}]: expected a {self.target}, got {item!r}")
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
                 label: str | None = None):
        super().__init__(default_value=None, allow_none=True, read_only=True)
        self.function = function
        self.unit = unit
        self.formula = formula
        self.reads = tuple(reads)
        self.label = label
        self.__doc__ = f"{formula} [{unit}]" if unit is not None else formula

    def get(self, obj, cls=None):
        from footprintlab.engine import graph

        return graph.read_calculated(obj, self.name)

    def set(self, obj, value):
        raise TraitError(f"{_owner(obj)}: {self.name} is calculated ({self.formula}); change its inputs instead")


def calculated(unit: Unit | str | None, formula: str, *reads: str, label: str | None = None):
    """Declare a calculated attribute.

    Parameters
    ----------
    unit : Unit, str or None
        Unit of the result (the formula's result is converted to it); ``None`` for non-quantities.
    formula : str
        The formula in words, shown by ``explain()``.
    *reads : str
        What the formula reads, in the order of its parameters after ``self``: an attribute of this
        object (``"power"``), of a referenced object (``"server.available_ram"``) or of each object
        of a list (``"jobs[].ram_need"``, ``"steps[].jobs[].data_stored"``). A list path gives the
        formula a list of values.
    """
    if isinstance(unit, str):
        unit = u.get(unit)

    def decorate(function):
        return Calculated(function, unit, formula, reads, label)

    return decorate

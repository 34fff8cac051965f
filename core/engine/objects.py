"""``ModelObject``: the observable base of every model object."""
from __future__ import annotations

import contextlib
import itertools

from footprintlab.engine.declarations import (
    Calculated,
    Choice,
    Input,
    ModelObjectLike,
    Reference,
    ReverseLink,
)
from traitlets import HasTraits, TraitError, Unicode

_ids = itertools.count(1)


class ModelObject(HasTraits, ModelObjectLike):
    """Base class of model objects.

    Inputs are traits declared with ``Input``/``Choice``/``Reference``/``ReferenceList``;
    calculated attributes with ``@calculated``. ``ModelObject("name", power="300 W", ...)``.
    Assigning an input recomputes what depends on it (see ``footprintlab.engine.graph``).
    """

    # every model class by qualified name ("footprintlab.model.hardware.Server"); a user's own
    # class called Server does not replace the built-in one (see ``class_named``)
    registry: dict[str, type] = {}
    name = Unicode("")
    _fl_input_traits: dict
    _fl_calculated_traits: dict

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        ModelObject.registry[f"{cls.__module__}.{cls.__qualname__}"] = cls

    @staticmethod
    def class_named(name: str, near: type | None = None) -> type:
        """The model class called ``name`` (short or qualified).

        Several classes may share a short name (a notebook's own ``class Server(ModelObject)``):
        the one in ``near``'s module wins, then one in ``near``'s top-level package, then the
        only one; otherwise a ``ModelError`` lists the candidates.
        """
        registry = ModelObject.registry
        if name in registry:
            return registry[name]
        candidates = [cls for cls in registry.values() if cls.__name__ == name]
        if near is not None and len(candidates) > 1:
            for same in (lambda c: c.__module__ == near.__module__,
                         lambda c: c.__module__.split(".")[0] == near.__module__.split(".")[0]):
                if sum(1 for c in candidates if same(c)) == 1:
                    return next(c for c in candidates if same(c))
        if len(candidates) == 1:
            return candidates[0]
        from footprintlab.engine.graph import ModelError

        found = sorted(f"{c.__module__}.{c.__qualname__}" for c in candidates)
        raise ModelError(f"no single model class is called {name!r} (found {found or 'none'}); "
                         "use its qualified name")

    def __init__(self, name: str, **inputs):
        from footprintlab.engine import graph

        super().__init__()
        self.name = str(name)
        self.id = f"{type(self).__name__.lower()}-{next(_ids)}"
        self._fl_backrefs: dict[str, list] = {}
        self._fl_nodes: dict[str, graph.NodeState] = {}
        self._fl_link_readers: dict[str, set] = {}
        self._fl_children: dict[str, set] = {}
        unknown = set(inputs) - set(self.input_names())
        if unknown:
            raise TypeError(
                f"{type(self).__name__} {name!r}: unknown input(s) {sorted(unknown)}; "
                f"expected some of {self.input_names()}")
        values = {}
        for trait_name, trait in self.input_traits().items():
            if trait_name in inputs:
                raw = inputs[trait_name]
            elif not trait.required:
                raw = trait.declared_default
            else:
                raise TypeError(f"{type(self).__name__} {name!r}: missing input {trait_name!r}"
                                f"{_expected(trait)}")
            optional = not trait.required and getattr(trait, "optional", False)
            values[trait_name] = None if raw is None and optional else trait._validate(self, raw)
        graph.add_object(self, values)

    # introspection -------------------------------------------------------------------------------
    @classmethod
    def input_traits(cls) -> dict:
        """Input traits (quantities, choices, references) in declaration order."""
        cached = cls.__dict__.get("_fl_input_traits")
        if cached is None:
            cached = {
                name: trait
                for name, trait in _declared(cls)
                if isinstance(trait, (Input, Choice, Reference))
            }
            cls._fl_input_traits = cached
        return cached

    @classmethod
    def input_names(cls) -> list[str]:
        return list(cls.input_traits())

    @classmethod
    def calculated_traits(cls) -> dict:
        cached = cls.__dict__.get("_fl_calculated_traits")
        if cached is None:
            cached = {name: trait for name, trait in _declared(cls) if isinstance(trait, Calculated)}
            cls._fl_calculated_traits = cached
        return cached

    @classmethod
    def calculated_names(cls) -> list[str]:
        return list(cls.calculated_traits())

    @classmethod
    def reverse_links(cls) -> dict:
        return {name: attr for klass in reversed(cls.__mro__) for name, attr in vars(klass).items()
                if isinstance(attr, ReverseLink)}

    def explainable(self, attribute: str):
        """The ``ExplainableValue`` of an input or calculated attribute."""
        return getattr(self, attribute)

    def explain(self, attribute: str) -> str:
        return getattr(self, attribute).explain()

    @contextlib.contextmanager
    def batch(self):
        """Group assignments into one recompute: ``with server.batch(): ...``; all or nothing."""
        from footprintlab.engine import graph

        with graph.batch():
            yield self

    def to_pandas(self):
        """A DataFrame of this object's hourly values (inputs and calculated), indexed by UTC hour."""
        import pandas as pd
        from footprintlab.engine.values import Hourly

        columns = {}
        for attribute in [*self.input_traits(), *self.calculated_traits()]:
            value = getattr(self, attribute)
            inner = getattr(value, "value", None)
            if isinstance(inner, Hourly):
                columns[f"{attribute} ({inner.unit})"] = inner.to_pandas()
        return pd.DataFrame(columns)

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"

    def __str__(self):
        from footprintlab.engine.display import describe

        return describe(self)

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        """IPython's plain text (a terminal, ``text/plain``): the description of ``str``."""
        printer.text(repr(self) if cycle else str(self))

    def _repr_html_(self) -> str:
        """In a notebook: inputs with units and source badges, results, and the object's own
        summary when it has one (``_html_summary()``: a System's category table)."""
        from footprintlab.engine.html import model_object_html

        return model_object_html(self)

    def __setattr__(self, key, value):
        # Catch typos: assigning an attribute that is neither a trait nor private is an error.
        if not key.startswith("_") and key != "id" and not self.has_trait(key) and not hasattr(type(self), key):
            raise AttributeError(f"{type(self).__name__} {self.name!r} has no input {key!r}; "
                                 f"inputs are {self.input_names()}")
        super().__setattr__(key, value)


def _declared(cls):
    found = {}
    for klass in reversed(cls.__mro__):
        for name, attr in vars(klass).items():
            if name != "name" and isinstance(attr, (Input, Choice, Reference, Calculated)):
                found[name] = attr
    return found.items()


def _expected(trait) -> str:
    if isinstance(trait, Input):
        return f" (expected {trait.unit} or compatible)"
    if isinstance(trait, Reference):
        return f" (expected a {trait.target})"
    return ""


__all__ = ["ModelObject", "TraitError"]

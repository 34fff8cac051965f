"""The framework layer: units, values with provenance, observable objects, the dependency graph.

It knows nothing of servers or jobs; the model (``footprintlab.model``) is written with it.
"""
from footprintlab.engine.declarations import (
    Choice,
    Input,
    InputError,
    Reference,
    ReferenceList,
    ReverseLink,
    Text,
    calculated,
)
from footprintlab.engine.distributions import (
    Distribution,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
)
from footprintlab.engine.explain import (
    ExplainableValue,
    Source,
    Sources,
    SourceValue,
    calculation_graph,
)
from footprintlab.engine.graph import (
    Commit,
    CycleError,
    ModelError,
    RecomputeError,
    batch,
    on_commit,
)
from footprintlab.engine.objects import ModelObject
from footprintlab.engine.units import Unit, UnitError, u
from footprintlab.engine.values import Hourly, Quantity

__all__ = [
    "Choice", "Input", "InputError", "Reference", "ReferenceList", "ReverseLink", "Text", "calculated",
    "ExplainableValue", "Source", "Sources", "SourceValue", "calculation_graph",
    "Commit", "CycleError", "ModelError", "RecomputeError", "batch", "on_commit", "ModelObject", "Unit", "UnitError", "u",
    "Hourly", "Quantity", "Distribution", "Uniform", "Triangular", "Normal", "LogNormal",
]

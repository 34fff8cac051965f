"""footprintlab: model, measure and teach the energy and carbon footprint of digital services.

``import footprintlab as fl`` gives the engine's public names and the model's objects. The
measurement, on-premise and HPC sub-packages and the shipped sample files load on first use
(``fl.measure``, ``fl.onprem``, ``fl.hpc``, ``fl.examples``); widgets live in
``footprintlab.widgets`` and are never imported from here.
"""
from __future__ import annotations

import importlib

from footprintlab._version import __version__
from footprintlab.engine import (
    Commit,
    CycleError,
    ExplainableValue,
    Hourly,
    InputError,
    LogNormal,
    ModelError,
    ModelObject,
    Normal,
    Quantity,
    RecomputeError,
    Source,
    Sources,
    SourceValue,
    Triangular,
    Uniform,
    Unit,
    UnitError,
    batch,
    calculation_graph,
    on_commit,
    u,
)
from footprintlab.model import (  # noqa: E402
    Countries,
    Country,
    Device,
    GenAIExternalAPI,
    GenAIJob,
    GPUServer,
    Job,
    Network,
    Server,
    Service,
    ServiceJob,
    Storage,
    System,
    UsageJourney,
    UsageJourneyStep,
    UsagePattern,
    VideoStreaming,
    VideoStreamingJob,
    builders,
)

_LAZY_SUBPACKAGES = ("measure", "onprem", "hpc", "examples")


def __getattr__(name: str):
    if name == "templates":  # starter models: fl.templates.names(), fl.templates.load(name)
        module = importlib.import_module("footprintlab.model.templates")
        globals()[name] = module
        return module
    if name in _LAZY_SUBPACKAGES:
        module = importlib.import_module(f"footprintlab.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'footprintlab' has no attribute {name!r}")


def load_ipython_extension(ipython) -> None:
    """``%load_ext footprintlab``: registers the ``%%footprint`` cell magic."""
    from footprintlab.measure.magic import load_ipython_extension as load

    load(ipython)


__all__ = [
    "__version__", "Commit", "CycleError", "ExplainableValue", "Hourly", "InputError", "ModelError", "ModelObject", "Quantity",
    "RecomputeError", "Source", "Sources", "SourceValue", "Unit", "UnitError", "batch",
    "calculation_graph", "on_commit", "u", "Countries", "Country", "Device", "GPUServer", "Job", "Network",
    "Server", "Storage", "System", "UsageJourney", "UsageJourneyStep", "UsagePattern", "builders",
    "load", "quickstart", "compare", "Uniform", "Triangular", "Normal", "LogNormal",
    "Service", "ServiceJob", "VideoStreaming", "VideoStreamingJob", "GenAIExternalAPI", "GenAIJob",
]


def load(path, *, partial: bool = False):
    """Load a model saved with ``system.to_json(path)`` or written by efootprint 27: a path, a file
    object (text or binary) or the JSON text itself (a string starting with ``{``). Results are
    recomputed; any malformed or invalid file raises ``ModelFileError`` (a ``ValueError``) naming
    the JSON path. ``partial=True`` drops what footprintlab does not model from an efootprint file
    (with a warning listing it) instead of refusing the file."""
    from footprintlab.model.serialization import load as _load

    return _load(path, partial=partial)


def compare(a, b, **options):
    """Compare system ``b`` with system ``a``: total, category × phase, per-object and hourly deltas
    and the input differences (``footprintlab.model.compare.Comparison``)."""
    from footprintlab.model.compare import compare as _compare

    return _compare(a, b, **options)


def quickstart(n_hours: int = 26_280, **options):
    """The seed quickstart scenario (video streaming in France over 3 years) as a ``System``."""
    from footprintlab.model.quickstart import build

    return build(n_hours, **options)

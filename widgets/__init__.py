"""Jupyter widgets for footprintlab models (ipywidgets, bqplot, anywidget; imported on use).

``from footprintlab.widgets import Explorer``; ``Explorer(fl.quickstart())`` in a notebook, or
``footprintlab app`` to serve it with Voila.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "Editor": "footprintlab.widgets.editor",
    "HourlyChart": "footprintlab.widgets.hourly_chart",
    "FootprintBreakdown": "footprintlab.widgets.breakdown",
    "DiffChart": "footprintlab.widgets.diff_chart",
    "ObjectGraph": "footprintlab.widgets.object_graph",
    "CalculationGraph": "footprintlab.widgets.calculation_graph",
    "Explorer": "footprintlab.widgets.explorer",
    "Tornado": "footprintlab.widgets.tornado",
    # interoperability: two systems compared, and the flows of one
    "CompareView": "footprintlab.widgets.compare_view",
    "ImpactSankey": "footprintlab.widgets.sankey",
    # the measurement, on-premise and HPC views (their own modules)
    "FootprintMeter": "footprintlab.widgets.meter",
    "OnPremView": "footprintlab.widgets.onprem_view",
    "HPCView": "footprintlab.widgets.hpc_view",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'footprintlab.widgets' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted([*globals(), *_EXPORTS])

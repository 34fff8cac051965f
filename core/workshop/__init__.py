"""The workshop "The footprint of digital services": six 30-minute notebook modules, offline.

``footprintlab workshop [DIR] [--instructor]`` copies the notebooks into DIR (never over an
existing file). In the notebooks::

    from footprintlab.workshop import check, describe, equivalents
    check("1.4", answer)           # prints ✅ or a 💡 hint, never raises
    print(describe(system.total_footprint))   # km by car, phone charges, ... each factor cited
    print(outline(system))         # who uses it, which journeys, steps and jobs (for templates)

``course_path()`` is the folder of the shipped notebooks (``learner/``, ``instructor/``);
``MODULES`` lists the modules in order.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from footprintlab.workshop.checks import check, evaluate, exercises
from footprintlab.workshop.equivalents import describe, equivalents, factors
from footprintlab.workshop.outline import outline, sessions

__all__ = ["MODULES", "check", "course_path", "describe", "equivalents", "evaluate", "exercises",
           "factors", "outline", "sessions"]

MODULES = {
    "01-what-makes-the-footprint": "What makes the footprint of a digital service",
    "02-what-if": "What if? Which inputs matter, and why",
    "03-measure-your-code": "Measure your own code",
    "04-on-premise-fleet": "An on-premise fleet",
    "05-hpc-and-the-grid": "HPC jobs and the grid",
    "06-your-own-service": "Your own service",
}


def course_path() -> Path:
    """The installed course folder: ``learner/`` and ``instructor/`` notebooks and notes."""
    return Path(str(resources.files(__name__) / "course"))

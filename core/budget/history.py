"""The runs of an emissions CSV grouped for the history views (widget and HTML report)."""

from __future__ import annotations

import math
from collections.abc import Iterable

from .files import Run

__all__ = ["heaviest_tests", "runs_by_project"]


def runs_by_project(runs: Iterable[Run]) -> dict[str, list[Run]]:
    """Whole runs (sessions, commands, tracker runs; not test phases) per project, by time."""
    projects: dict[str, list[Run]] = {}
    for run in runs:
        if run.is_total:
            projects.setdefault(run.project, []).append(run)
    for rows in projects.values():
        rows.sort(key=lambda r: (r.timestamp, r.line))
    return dict(sorted(projects.items()))


def heaviest_tests(runs: list[Run], count: int = 10) -> tuple[Run | None, list[tuple[str, dict]]]:
    """The latest pytest session of the file and its ``count`` heaviest tests.

    Returns the session row (None when the file has no test rows) and ``(test_id, figures)``
    pairs, heaviest budget first; figures are ``cpu_seconds``, ``budget_kwh``, ``energy_kwh``,
    ``emissions_kg`` and each phase's CPU seconds.
    """
    tests = [run for run in runs if not run.is_total]
    if not tests:
        return None, []
    sessions = [run for run in runs if run.phase == "session"]
    latest = max(sessions, key=lambda r: (r.timestamp, r.line)) if sessions else None
    experiment = latest.experiment_id if latest else tests[-1].experiment_id
    figures: dict[str, dict[str, float]] = {}
    for run in tests:
        if run.experiment_id != experiment:
            continue
        f = figures.setdefault(run.test_id, {"cpu_seconds": 0.0, "budget_kwh": 0.0,
                                             "energy_kwh": 0.0, "emissions_kg": 0.0,
                                             "setup": 0.0, "call": 0.0, "teardown": 0.0})
        for key, value in (("cpu_seconds", run.cpu_seconds), ("budget_kwh", run.budget_kwh),
                           ("energy_kwh", run.energy_kwh), ("emissions_kg", run.emissions_kg)):
            f[key] += value if not math.isnan(value) or key == "emissions_kg" else 0.0
        f[run.phase] += 0.0 if math.isnan(run.cpu_seconds) else run.cpu_seconds
    ordered = sorted(figures.items(), key=lambda item: (-_key(item[1]), item[0]))
    return latest, ordered[:count]


def _key(figures: dict[str, float]) -> float:
    budget = figures["budget_kwh"]
    return budget if budget > 0 else figures["energy_kwh"]

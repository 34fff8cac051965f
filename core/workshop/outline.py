"""``outline(system)``: a model's structure in a few lines of text, for reading a template.

Who (usage patterns: country, network, devices, sessions), what they do (journeys, their steps
with minutes and jobs) and what each job asks of the servers (MB down and up, where it runs).
"""
from __future__ import annotations

from collections import Counter

__all__ = ["outline", "sessions"]


def _value(obj, name, unit):
    """``obj.name`` in ``unit`` as a float, or None when it has no such input."""
    try:
        return float(getattr(obj, name).value.m_as(unit))
    except Exception:
        return None


def sessions(system) -> float:
    """How many journeys (sessions) start over the whole period, all usage patterns together."""
    total = 0.0
    for pattern in system.usage_patterns:
        starts = float(pattern.hourly_usage_journey_starts.sum().magnitude)
        weights = [float(w) for w in str(pattern.journey_weights or "").split(",") if w.strip()]
        total += starts * (sum(weights) if weights else len(pattern.usage_journeys))
    return total


def _count(items) -> str:
    counts = Counter(item.name for item in items)
    return ", ".join(name if n == 1 else f"{n} × {name}" for name, n in counts.items()) or "no job"


def outline(system) -> str:
    """The system's patterns, journeys, steps and jobs, one line each (print it)."""
    from footprintlab import u

    lines = [f"{system.name}: {sessions(system):,.0f} sessions (journeys) in all"]
    for pattern in system.usage_patterns:
        starts = float(pattern.hourly_usage_journey_starts.sum().magnitude)
        devices = " + ".join(d.name for d in pattern.devices)
        lines.append(f"  usage pattern {pattern.name!r}: in {pattern.country.name}, on {devices}, "
                     f"over the {pattern.network.name}; {starts:,.0f} sessions start")
        weights = [w.strip() for w in str(pattern.journey_weights or "").split(",") if w.strip()]
        for index, journey in enumerate(pattern.usage_journeys):
            weight = f", weight {weights[index]}" if index < len(weights) else ""
            minutes = sum(_value(step, "user_time_spent", u.min) or 0 for step in journey.steps)
            lines.append(f"    journey {journey.name!r} ({minutes:g} min{weight})")
            for step in journey.steps:
                lines.append(f"      step {step.name!r}: {_value(step, 'user_time_spent', u.min):g} min, "
                             f"jobs: {_count(step.jobs)}")
    lines.append("  jobs (what one run asks):")
    for job in system.jobs():
        down, up = _value(job, "data_download", u.MB), _value(job, "data_upload", u.MB)
        data = ", ".join(f"{value:g} MB {word}" for value, word in ((down, "down"), (up, "up"))
                         if value is not None)
        where = getattr(getattr(job, "server", None), "name", None)
        lines.append(f"    {job.name!r}: {data or 'data computed by the job'}"
                     + (f", runs on {where!r}" if where else ""))
    return "\n".join(lines)

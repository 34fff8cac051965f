"""Feed measured job energy into the footprintlab model (placeholder until the Job API lands)."""

from __future__ import annotations

__all__ = ["to_jobs"]


def to_jobs(*args, **kwargs):
    """Not available yet: the model's Job/Server API (issue 3) is still being written."""
    raise NotImplementedError("footprintlab.hpc.to_jobs needs the model's Job API (issue 3)")

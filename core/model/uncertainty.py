"""Uncertainty and sensitivity of a system's footprint: Monte Carlo over its uncertain inputs.

``system.uncertainty(n=1000, seed=0)`` draws ``n`` joint samples of the uncertain inputs (inputs
assigned a ``Uniform``, ``Triangular``, ``Normal`` or ``LogNormal``; independent draws), then for
each sample sets them in one batch and reads the footprint by category: per-sample incremental
recomputes through the same declared formulas, with nobody notified (``graph.quiet()``). The
model ends where it started (the central values). The sample matrix is drawn up front from the
seed, so the numbers do not depend on how the samples are chunked, nor on the engine (``"local"``
or ``"dask"``: chunks run on a Dask cluster, each on a copy of the model loaded from its JSON).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
from footprintlab.engine import (
    ExplainableValue,
    Input,
    ModelObject,
    Quantity,
    RecomputeError,
    graph,
    u,
)
from footprintlab.engine.distributions import Distribution
from footprintlab.model.system import category_attributes

DEFAULT_CHUNK = 250  # samples per Dask task


@dataclass
class UncertainInput:
    """One uncertain input of the system: where it is, its distribution and its input's bounds."""

    obj: ModelObject
    name: str
    trait: Input
    central: ExplainableValue
    lower: float | None
    upper: float | None

    @property
    def distribution(self) -> Distribution:
        return cast(Distribution, self.central.distribution)  # an uncertain input's: never None

    @property
    def label(self) -> str:
        return f"{self.obj.name}.{self.name}"

    def value(self, magnitude: float) -> ExplainableValue:
        """The input's value for one sample (in the distribution's unit), source kept."""
        c = self.central
        return ExplainableValue(Quantity(float(magnitude), self.distribution.unit), c.label, c.source,
                                c.comment, distribution=c.distribution)


def uncertain_inputs(system) -> list[UncertainInput]:
    """The system's uncertain inputs, in a stable order (objects as ``all_objects``, inputs as
    declared)."""
    found = []
    for obj in [system, *system.all_objects()]:
        for name, trait in type(obj).input_traits().items():
            value = obj._trait_values.get(name)
            if isinstance(trait, Input) and isinstance(value, ExplainableValue) \
                    and value.distribution is not None:
                lower, upper = trait.bounds_in(cast(Distribution, value.distribution).unit)
                found.append(UncertainInput(obj, name, trait, value, lower, upper))
    return found


def sample_matrix(inputs: list[UncertainInput], n: int, seed: int) -> np.ndarray:
    """``n`` × inputs values, each in its distribution's unit (uniform numbers from ``seed``,
    through each distribution's inverse CDF truncated at its input's bounds)."""
    uniforms = np.random.default_rng(seed).random((n, len(inputs)))
    matrix = np.empty_like(uniforms)
    for j, item in enumerate(inputs):
        matrix[:, j] = item.distribution.sample(uniforms[:, j], item.lower, item.upper)
    return matrix


def categories(system) -> list[str]:
    """The columns of the samples: the system's categories (External APIs included when it
    calls such APIs), then the total."""
    return [*category_attributes(system), "Total"]


def category_totals(system) -> np.ndarray:
    """kg CO2e over the period per category (fabrication + energy), then the total."""
    attributes = list(category_attributes(system).values())
    out = np.zeros(len(attributes) + 1)
    for k, pair in enumerate(attributes):
        out[k] = sum(getattr(system, a).value.sum().m_as(u.kg) for a in pair if a)
    out[-1] = out[:-1].sum()
    return out


def run_samples(system, inputs: list[UncertainInput], rows: np.ndarray, read=category_totals,
                progress: bool | None = None):
    """``read(system)`` for each row of sample values; returns (outputs list, failed mask).

    A sample the model refuses (e.g. a capacity exceeded) is marked failed. The inputs get
    their central values back at the end, whatever happened. ``progress``: a bar in samples
    for runs over a second (None: in a notebook or a terminal; False: never)."""
    from footprintlab._progress import progress as progress_bar

    outputs, failed = [], np.zeros(len(rows), dtype=bool)
    with graph.quiet():
        try:
            for i, row in enumerate(progress_bar(rows, total=len(rows), desc="Monte Carlo",
                                                 unit=" sample", option=progress)):
                try:
                    with graph.batch():
                        for item, magnitude in zip(inputs, row, strict=True):
                            graph.set_input(item.obj, item.trait, item.value(magnitude))
                    outputs.append(read(system))
                except RecomputeError:
                    failed[i] = True
                    outputs.append(None)
        finally:
            with graph.batch():
                for item in inputs:
                    graph.set_input(item.obj, item.trait, item.central)
    return outputs, failed


def bounded_low_high(item: UncertainInput) -> tuple[float, float]:
    """The input's low and high values for a tornado (uniform and triangular: their ends; normal
    and log-normal: P5 and P95), within the input's bounds."""
    low, high = item.distribution.low_high()
    if item.lower is not None:
        low = max(low, item.lower)
    if item.upper is not None:
        high = min(high, item.upper)
    return low, high


def one_at_a_time(system):
    """Each uncertain input at its low then its high value, the others at their central values:
    DataFrame (index ``object.attribute``) with ``low``, ``high`` (in the distribution's unit),
    ``total_at_low``, ``total_at_high`` and ``swing`` (kg CO2e), largest swing first."""
    import pandas as pd

    inputs = uncertain_inputs(system)
    central = np.array([item.central.value.m_as(item.distribution.unit) for item in inputs])
    bounds = np.array([bounded_low_high(item) for item in inputs]).reshape(-1, 2)
    rows = np.repeat(central[None, :], 2 * len(inputs), axis=0)
    for j in range(len(inputs)):
        rows[2 * j, j], rows[2 * j + 1, j] = bounds[j]
    outputs, _ = run_samples(system, inputs, rows)
    totals = np.array([np.nan if out is None else out[-1] for out in outputs])
    frame = pd.DataFrame({"low": bounds[:, 0], "high": bounds[:, 1], "total_at_low": totals[0::2],
                          "total_at_high": totals[1::2],
                          "swing": np.abs(totals[1::2] - totals[0::2])},
                         index=pd.Index([item.label for item in inputs], name="input"))
    frame.attrs.update(unit="kg CO2e", central=float(category_totals(system)[-1]))
    return frame.sort_values("swing", ascending=False)


def _dask_chunk(model_json: str, rows: np.ndarray, target):
    """One Dask task: load a copy of the model, run its rows (module-level: picklable)."""
    import footprintlab as fl

    copy = fl.load(model_json)
    inputs = uncertain_inputs(copy)
    if target is None:
        read = category_totals
    else:
        index, attribute = target
        obj = ([copy, *copy.all_objects()])[index]
        read = _hourly_reader(obj, attribute)
    return run_samples(copy, inputs, rows, read, progress=False)


def _hourly_reader(obj, attribute: str):
    def read(_system):
        value = getattr(obj, attribute).value
        return value.start, np.asarray(value.values, dtype=np.float32)
    return read


def run(system, rows: np.ndarray, engine: str = "local", target=None, chunk: int = DEFAULT_CHUNK,
        progress: bool | None = None):
    """Run ``rows`` locally or on Dask; ``target`` = None (category totals) or (obj, attribute).
    ``progress``: a bar for a long local run (see ``run_samples``)."""
    inputs = uncertain_inputs(system)
    if engine == "local":
        read = category_totals if target is None else _hourly_reader(*target)
        return run_samples(system, inputs, rows, read, progress)
    if engine != "dask":
        raise ValueError(f"engine={engine!r}: expected 'local' or 'dask'")
    import dask

    objects = [system, *system.all_objects()]
    where = None if target is None else (next(i for i, o in enumerate(objects) if o is target[0]),
                                         target[1])
    text = system.to_json()
    tasks = [dask.delayed(_dask_chunk)(text, rows[i:i + chunk], where)
             for i in range(0, len(rows), chunk)]
    outputs, failed = [], []
    for part_outputs, part_failed in dask.compute(*tasks):
        outputs.extend(part_outputs)
        failed.append(part_failed)
    return outputs, np.concatenate(failed) if failed else np.zeros(0, dtype=bool)

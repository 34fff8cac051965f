"""``History``: energy and CO2e per run over time, per project, with the baseline (bqplot).

``fl.measure.History("emissions.csv", baseline="footprint-baseline.csv")`` reads any emissions CSV
(footprint.csv, a ``--footprint-history`` file, ``budget run --output``, CodeCarbon's), keeps the
whole runs (sessions, commands, tracker runs; not test phases) and draws one project's runs,
chosen in a drop-down, for one quantity: budget energy, measured energy or CO2e. The figure is
built once; a new choice, or :meth:`History.reload` after more runs were written, sets the marks'
data inside ``hold_sync`` (one message per mark).
"""
from __future__ import annotations

import math
import os

import ipywidgets as widgets
import numpy as np
from bqplot import Axis, DateScale, Figure, LinearScale, Lines

__all__ = ["History"]

_QUANTITIES = {  # key -> (label, unit shown, factor from the file's unit, Run attribute)
    "budget": ("Budget energy", "J", 3.6e6, "budget_kwh"),  # J = kWh x 3.6e6
    "energy": ("Measured energy", "J", 3.6e6, "energy_kwh"),
    "emissions": ("CO2e", "g", 1000.0, "emissions_kg"),  # g = kg x 1000
}
_BASELINE_FIELDS = {"budget": "budget_kwh", "energy": "energy_kwh", "emissions": "emissions_kg"}


class History(widgets.VBox):
    """Runs of an emissions CSV over time, filterable per project, with the baseline drawn.

    Parameters
    ----------
    source : str or path
        The emissions CSV.
    baseline : str, path, Baseline or float, optional
        A baseline file (its total row), or a value in the shown unit of ``quantity``.
    project : str, optional
        The project shown first (default: the one with the latest run).
    quantity : {"budget", "energy", "emissions"}
        Shown first (default "budget" when the file has the budget's columns, else "energy").

    Raises
    ------
    footprintlab.budget.BudgetFileError
        ``source`` or ``baseline`` cannot be read (names the file and the line).
    """

    def __init__(self, source: str | os.PathLike[str], *, baseline=None,
                 project: str | None = None, quantity: str | None = None):
        from footprintlab.budget import Baseline, read_baseline

        self.source = source
        if isinstance(baseline, (str, os.PathLike)):
            baseline = read_baseline(baseline)
        if baseline is not None and not isinstance(baseline, (Baseline, int, float)):
            raise TypeError("baseline: expected a baseline file, a Baseline or a number, got "
                            f"{type(baseline).__name__}")
        self.baseline = baseline
        self._projects: dict = {}
        self._load()
        if not self._projects:
            raise ValueError(f"{source}: no runs to show")
        if quantity is None:
            quantity = "budget" if self._has_budget() else "energy"
        if quantity not in _QUANTITIES:
            raise ValueError(f"quantity: expected one of {', '.join(_QUANTITIES)}, got "
                             f"{quantity!r}")
        if project is not None and project not in self._projects:
            raise ValueError(f"{source}: no runs of project {project!r} (projects: "
                             f"{', '.join(self._projects)})")
        latest = max(self._projects, key=lambda name: self._projects[name][-1].timestamp)
        self.project_picker = widgets.Dropdown(options=list(self._projects),
                                               value=project or latest, description="Project")
        self.quantity_picker = widgets.ToggleButtons(
            options=[(label, key) for key, (label, *_rest) in _QUANTITIES.items()],
            value=quantity)
        self.x_scale, self.y_scale = DateScale(), LinearScale(min=0.0)
        scales = {"x": self.x_scale, "y": self.y_scale}
        self.runs_mark = Lines(x=np.array([], dtype="datetime64[ms]"), y=np.array([]),
                               scales=scales, marker="circle", colors=["#1f5fa8"],
                               labels=["runs"], display_legend=False)
        self.baseline_mark = Lines(x=np.array([], dtype="datetime64[ms]"), y=np.array([]),
                                   scales=scales, colors=["#d62728"], line_style="dashed",
                                   labels=["baseline"], visible=False)
        self.y_axis = Axis(scale=self.y_scale, side="left", label="")
        self.figure = Figure(marks=[self.runs_mark, self.baseline_mark],
                             axes=[Axis(scale=self.x_scale, label="run"), self.y_axis],
                             fig_margin={"top": 20, "bottom": 50, "left": 70, "right": 20},
                             layout=widgets.Layout(width="100%", height="320px"))
        self.caption = widgets.HTML()
        self.project_picker.observe(self._on_choice, "value")
        self.quantity_picker.observe(self._on_choice, "value")
        super().__init__([widgets.HBox([self.project_picker, self.quantity_picker]),
                          self.figure, self.caption])
        self._draw()

    # -- public --------------------------------------------------------------------------------
    @property
    def projects(self) -> list[str]:
        """Projects of the file, alphabetical."""
        return list(self._projects)

    @property
    def project(self) -> str:
        return self.project_picker.value

    @project.setter
    def project(self, name: str) -> None:
        self.project_picker.value = name

    @property
    def quantity(self) -> str:
        return self.quantity_picker.value

    @quantity.setter
    def quantity(self, key: str) -> None:
        self.quantity_picker.value = key

    def reload(self) -> None:
        """Read the file again (more runs were written) and redraw in place."""
        self._load()
        options = list(self._projects)
        if list(self.project_picker.options) != options:
            current = self.project_picker.value
            self.project_picker.options = options
            self.project_picker.value = current if current in options else options[-1]
        self._draw()

    def values(self) -> tuple[np.ndarray, np.ndarray]:
        """The drawn runs: times (datetime64[ms]) and values in the shown unit."""
        return self.runs_mark.x, self.runs_mark.y

    # -- internals -----------------------------------------------------------------------------
    def _load(self) -> None:
        from footprintlab.budget import read_runs
        from footprintlab.budget.history import runs_by_project

        self._projects = runs_by_project(read_runs(self.source))

    def _has_budget(self) -> bool:
        return any(not math.isnan(r.budget_kwh) for rows in self._projects.values() for r in rows)

    def _baseline_value(self) -> float:
        """The baseline in the shown unit (nan: none for this quantity)."""
        label, unit, factor, _ = _QUANTITIES[self.quantity]
        if self.baseline is None:
            return math.nan
        if isinstance(self.baseline, (int, float)):
            return float(self.baseline)
        return getattr(self.baseline.total, _BASELINE_FIELDS[self.quantity]) * factor

    def _on_choice(self, change) -> None:
        self._draw()

    def _draw(self) -> None:
        label, unit, factor, attribute = _QUANTITIES[self.quantity]
        runs = self._projects.get(self.project, [])
        x = np.array([np.datetime64(r.timestamp, "ms") for r in runs], dtype="datetime64[ms]")
        y = np.array([getattr(r, attribute) * factor for r in runs], dtype=float)
        keep = ~np.isnan(y)
        x, y = x[keep], y[keep]
        base = self._baseline_value()
        with self.runs_mark.hold_sync():
            self.runs_mark.x, self.runs_mark.y = x, y
        with self.baseline_mark.hold_sync():
            if len(x) and not math.isnan(base):
                self.baseline_mark.x = np.array([x.min(), x.max()], dtype="datetime64[ms]")
                self.baseline_mark.y = np.array([base, base])
                self.baseline_mark.visible = True
            else:
                self.baseline_mark.visible = False
        self.y_axis.label = f"{label} ({unit})"
        shown = f"{len(y)} of {len(runs)} run(s) of {self.project}"
        if len(y) < len(runs):
            shown += f" ({len(runs) - len(y)} without {label.lower()})"
        if not math.isnan(base):
            shown += f"; baseline {base:.4g} {unit} (dashed)"
        self.caption.value = f"<small>{shown}</small>"

"""``Explorer``: the dashboard composing every widget of a model.

Object graph, hourly chart, breakdown and diff in the main column (and the tornado when the
model has uncertain inputs); the selected object's editor and the calculation graph of a chosen
value in the side column; the file bar above (with a template menu), and the comparison bar: open
a second model (a file, a template, a copy of this one) and switch between exploring either model
and comparing them (``CompareView``).
"""
from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
from footprintlab.widgets._assets import style_widget
from footprintlab.widgets._live import LiveBinding, may_change_uncertainty
from footprintlab.widgets.breakdown import FootprintBreakdown
from footprintlab.widgets.calculation_graph import CalculationGraph
from footprintlab.widgets.diff_chart import DiffChart
from footprintlab.widgets.editor import Editor
from footprintlab.widgets.explorer_compare import CompareBar
from footprintlab.widgets.explorer_files import FilesBar, export_results_csv
from footprintlab.widgets.hourly_chart import HourlyChart, series_name
from footprintlab.widgets.object_graph import ObjectGraph
from footprintlab.widgets.tornado import Tornado

__all__ = ["Explorer", "export_results_csv", "main_outputs"]

# nodes of the calculation graph in the side column (a panel cannot show more readably; the
# numbers of a larger graph are sent on every change)
EXPLAIN_NODES = 150

# the hourly outputs charted when an object of this kind is selected (else the system's total)
MAIN_OUTPUTS = {
    "Server": ("energy_footprint", "instances_fabrication_footprint"),
    "GPUServer": ("energy_footprint", "instances_fabrication_footprint"),
    "Storage": ("energy_footprint", "instances_fabrication_footprint"),
    "Device": ("energy_footprint", "instances_fabrication_footprint"),
    "Network": ("energy_footprint",),
    "UsagePattern": ("network_energy_footprint",),
}


def main_outputs(system, obj) -> list[tuple]:
    """``(object, attribute)`` pairs charted for a selected object (the system's total by default)."""
    names = MAIN_OUTPUTS.get(type(obj).__name__)
    if not names:
        return [(system, "hourly_total_footprint")]
    return [(obj, name) for name in names]


def explainable(obj) -> list[str]:
    """The calculated attributes of ``obj`` that have a calculation to show."""
    return list(type(obj).calculated_traits())


class Explorer(widgets.VBox):
    """Explore a system: click an object in the graph to edit it and chart its hourly outputs.

    Parameters
    ----------
    system : System
    title : str
    workdir : path, optional
        Folder where "save model" and "export CSV" write and "load" looks (default: the current
        working folder).

    ``explorer.system`` is the model; ``explorer.select(obj)`` selects; ``explorer.explain(obj,
    name)`` shows the calculation graph of a calculated value (also chosen in the side column, or
    by clicking a series of the hourly chart).
    """

    def __init__(self, system, title: str = "footprintlab explorer", workdir=None):
        self.heading = widgets.HTML()
        self.heading.add_class("fl-title")
        self.files = FilesBar(workdir if workdir is not None else Path.cwd(), lambda: self.system,
                              self._loaded)
        self.compare_bar = CompareBar(self.files, lambda: self.system, self._show_view,
                                      explore=self.set_system)
        self.comparison = None  # the CompareView while comparing
        self.main = widgets.VBox(layout=widgets.Layout(flex="3 1 600px", min_width="0"))
        self.main.add_class("fl-explorer-main")
        self.explain_choice = widgets.Dropdown(description="explain",
                                               layout=widgets.Layout(width="auto", min_width="0"))
        self.explain_choice.style.description_width = "52px"
        self.explain_choice.add_class("fl-explain")
        self.explain_choice.observe(self._on_explain_choice, names="value")
        self.side = widgets.VBox(layout=widgets.Layout(flex="1 1 380px", min_width="0"))
        self.side.add_class("fl-explorer-side")
        body = widgets.HBox([self.main, self.side],
                            layout=widgets.Layout(flex_flow="row wrap", width="100%"))
        body.add_class("fl-explorer-body")
        super().__init__([style_widget(), self.heading, self.files, self.compare_bar, body])
        self.add_class("fl-explorer")
        self.tornado = None
        self._binding = None
        self.set_system(system, title)

    @property
    def status(self) -> widgets.HTML:
        return self.files.status

    # model ---------------------------------------------------------------------------------------
    def set_system(self, system, title: str | None = None) -> None:
        """Show another system (after a load): every part is rebuilt for it."""
        for part in ("graph", "editor", "chart", "breakdown", "diff", "calculation", "tornado",
                     "comparison", "_binding"):
            old = getattr(self, part, None)
            if old is not None:
                old.close()
            setattr(self, part, None)
        self.system = system
        self.compare_bar.explored(system)
        if title is not None:
            self.heading.value = f"<h3 style='margin:4px 0'>{html.escape(title)}</h3>"
        self.graph = ObjectGraph(system)
        self.graph.observe(self._on_select, names="selected")
        self.breakdown = FootprintBreakdown(system, height="300px")
        self.diff = DiffChart(system, height="240px")
        self.editor = Editor(system, system)
        self.chart = self._chart_for(system)
        self.calculation = None
        self.row = widgets.HBox([self.breakdown, self.diff],
                                layout=widgets.Layout(flex_flow="row wrap", width="100%"))
        for part in (self.breakdown, self.diff):
            part.layout.flex, part.layout.min_width = "1 1 320px", "0"
        # one subscription: notice when the model becomes (un)certain, to show or drop the tornado
        self._binding = LiveBinding(lambda: None, on_commit=self._on_commit, system=system)
        self._show_tornado(self.chart.uncertain)
        self._offer_explanations(system)
        self._show_view(self.compare_bar.view)

    # uncertainty ---------------------------------------------------------------------------------
    @property
    def uncertain(self) -> bool:
        """Whether the model has uncertain inputs (then the tornado and the band are shown)."""
        return self.chart.uncertain

    def _on_commit(self, commit) -> None:
        if may_change_uncertainty(commit):
            # the chart's own subscription has updated (or will update) its view: ask the model
            from footprintlab.model.uncertainty import uncertain_inputs

            uncertain = bool(uncertain_inputs(self.system))
            if uncertain != (self.tornado is not None):
                self._show_tornado(uncertain)
                self._show_view(self.compare_bar.view)

    def _show_tornado(self, uncertain: bool) -> None:
        if uncertain and self.tornado is None:
            self.tornado = Tornado(self.system, height="280px")
        elif not uncertain and self.tornado is not None:
            self.tornado.close()
            self.tornado = None

    def _explore_children(self) -> list:
        return [self.graph, self.chart, self.row] + ([self.tornado] if self.tornado else [])

    # comparison ----------------------------------------------------------------------------------
    def _show_view(self, view: str) -> None:
        """"explore" (the panels of the explored model) or "compare" (``CompareView`` of the two
        models: edits in the side column's editor show there live)."""
        if view == "compare" and self.compare_bar.other is not None:
            from footprintlab.widgets.compare_view import CompareView

            a, b = self.compare_bar.pair()
            if self.comparison is None or self.comparison.comparison.a is not a \
                    or self.comparison.comparison.b is not b:
                if self.comparison is not None:
                    self.comparison.close()
                self.comparison = CompareView(a, b, names=("A", "B"))
            self.main.children = [self.comparison]
        else:
            if self.comparison is not None:
                self.comparison.close()
                self.comparison = None
            self.main.children = self._explore_children()

    def _chart_for(self, obj) -> HourlyChart:
        outputs = main_outputs(self.system, obj)
        chart = HourlyChart(*outputs, title=f"hourly footprint of {outputs[0][0].name}",
                            height="300px", system=self.system)
        chart.on_series_click(self.explain)
        return chart

    def select(self, obj) -> None:
        """Select an object: edit it, chart its main outputs, offer its calculations."""
        self.graph.selected_object = obj

    def _on_select(self, change) -> None:
        obj = self.graph.selected_object
        self.editor.close()
        self.editor = Editor(obj, self.system)
        new_outputs = main_outputs(self.system, obj)
        if new_outputs != [(o, n) for o, n, _ in self.chart._sources]:
            self.chart.close()
            self.chart = self._chart_for(obj)
            if self.comparison is None:
                self.main.children = self._explore_children()
        self._offer_explanations(obj)

    # calculation graph ---------------------------------------------------------------------------
    def _offer_explanations(self, obj) -> None:
        """The chart's series, then ``obj``'s calculated values, in the "explain" menu."""
        charted = [(o, n) for o, n, _ in self.chart._sources]
        own = [(obj, name) for name in explainable(obj) if (obj, name) not in charted]
        options = [(series_name(o, n), (o, n)) for o, n in [*charted, *own]]
        self._offering = True
        try:
            self.explain_choice.options = options
            self.explain_choice.value = options[0][1] if options else None
        finally:
            self._offering = False
        self._show_calculation(self.explain_choice.value)

    def explain(self, obj, name: str) -> None:
        """Show the calculation graph of ``obj.name`` in the side column."""
        target = (obj, name)
        if not any(value == target for _, value in self.explain_choice.options):
            self.explain_choice.options = [*self.explain_choice.options, (series_name(obj, name), target)]
        if self.explain_choice.value == target:
            self._show_calculation(target)
        else:
            self.explain_choice.value = target

    def _on_explain_choice(self, change) -> None:
        if change.new is not None and not getattr(self, "_offering", False):
            self._show_calculation(change.new)

    def _show_calculation(self, target) -> None:
        if getattr(self, "calculation", None) is not None:
            self.calculation.close()
        self.calculation = (CalculationGraph(target, max_nodes=EXPLAIN_NODES) if target is not None
                            else None)
        title = widgets.HTML(f"calculation of {html.escape(series_name(*target))}" if target else "")
        title.add_class("fl-panel-title")
        parts = [self.explain_choice, title] + ([self.calculation] if self.calculation else [])
        self.side.children = [self.editor, *parts]

    @property
    def right_sidebar(self) -> widgets.VBox:
        return self.side

    @property
    def center(self) -> widgets.VBox:
        return self.main

    # files ---------------------------------------------------------------------------------------
    def _loaded(self, system, name: str) -> None:
        self.set_system(system, f"footprintlab explorer: {name}")
        self.compare_bar.refresh_choices()

    def open_second(self, choice) -> str:
        """Open a second model (``("copy", "")``, ``("template", name)`` or ``("file", name)``)
        as model B and show the comparison; returns the status text."""
        return self.compare_bar.open_second(choice)

    def show(self, view: str) -> None:
        """``"A"``, ``"B"`` (explore that model) or ``"compare"``."""
        self.compare_bar._set_view(view)

    def save(self, overwrite: bool = False) -> str:
        """Save the model under the file bar's name in the work folder; returns the status text."""
        return self.files.save(overwrite)

    def export_csv(self, overwrite: bool = False) -> str:
        return self.files.export_csv(overwrite)

    def load(self, name: str) -> str:
        """Load ``name`` (a file of the work folder): title and every panel show it."""
        return self.files.load_file(name)

"""``Explorer``: the dashboard composing the object graph, editor, hourly chart, breakdown, diff."""
from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
from footprintlab.widgets.breakdown import FootprintBreakdown
from footprintlab.widgets.diff_chart import DiffChart
from footprintlab.widgets.editor import Editor
from footprintlab.widgets.hourly_chart import HourlyChart
from footprintlab.widgets.object_graph import ObjectGraph

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


def export_results_csv(system, path, overwrite: bool = False) -> Path:
    """Write the per-object footprints (kg CO2e, kWh) as CSV; refuses to replace a file unless
    ``overwrite``."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists; tick 'overwrite' (or pass overwrite=True) to replace it")
    system.footprints_by_object().to_csv(path)
    return path


class Explorer(widgets.AppLayout):
    """Explore a system: click an object in the graph to edit it and chart its hourly outputs.

    Layout: header (save/load of the model as JSON, export of results as CSV); in the centre the
    object graph, the hourly chart, the breakdown and the diff; the selected object's
    editor on the right. ``explorer.system`` is the model; ``explorer.select(obj)`` selects.
    """

    def __init__(self, system, title: str = "footprintlab explorer"):
        self.path = widgets.Text(value="model.json", description="file",
                                 layout=widgets.Layout(width="260px"))
        self.overwrite = widgets.Checkbox(value=False, description="overwrite", indent=False,
                                          layout=widgets.Layout(width="100px"))
        save = widgets.Button(description="save model")
        export = widgets.Button(description="export CSV")
        self.upload = widgets.FileUpload(accept=".json", description="load model", multiple=False)
        self.status = widgets.HTML()
        self.status.add_class("fl-status")
        save.on_click(lambda _: self._report(self.save, self.path.value, self.overwrite.value))
        export.on_click(lambda _: self._report(self.export_csv, _csv_path(self.path.value),
                                               self.overwrite.value))
        self.upload.observe(self._on_upload, names="value")
        header = widgets.VBox([
            widgets.HTML(f"<h3 style='margin:4px 0'>{html.escape(title)}</h3>"),
            widgets.HBox([self.path, self.overwrite, save, export, self.upload]), self.status])
        super().__init__(header=header, pane_widths=[0, 1, "440px"],
                         pane_heights=["90px", 1, 0], grid_gap="8px")
        self.add_class("fl-explorer")
        self.set_system(system)

    # model ---------------------------------------------------------------------------------------
    def set_system(self, system) -> None:
        """Show another system (after a load): every part is rebuilt for it."""
        for part in ("graph", "editor", "chart", "breakdown", "diff"):
            old = getattr(self, part, None)
            if old is not None:
                old.close()
        self.system = system
        self.graph = ObjectGraph(system)
        self.graph.observe(self._on_select, names="selected")
        self.breakdown = FootprintBreakdown(system, height="280px")
        self.diff = DiffChart(system, height="220px")
        self.editor = Editor(system, system)
        self.chart = self._chart_for(system)
        self.breakdown.layout.width = self.diff.layout.width = "50%"
        self.center = widgets.VBox([self.graph, self.chart, widgets.HBox([self.breakdown, self.diff])])
        self.right_sidebar = widgets.VBox([self.editor], layout=widgets.Layout(overflow="auto"))

    def _chart_for(self, obj) -> HourlyChart:
        outputs = main_outputs(self.system, obj)
        owner = outputs[0][0]
        return HourlyChart(*outputs, title=f"hourly footprint of {owner.name} (kg CO2e)",
                           height="280px")

    def select(self, obj) -> None:
        """Select an object: edit it, chart its main outputs."""
        self.graph.selected_object = obj

    def _on_select(self, change) -> None:
        obj = self.graph.selected_object
        self.editor.close()
        self.editor = Editor(obj, self.system)
        self.right_sidebar.children = [self.editor]
        new_outputs = main_outputs(self.system, obj)
        if new_outputs != [(o, n) for o, n, _ in self.chart._sources]:
            self.chart.close()
            self.chart = self._chart_for(obj)
            graph, _, rest = self.center.children
            self.center.children = [graph, self.chart, rest]

    # files ---------------------------------------------------------------------------------------
    def save(self, path, overwrite: bool = False) -> str:
        self.system.to_json(path, overwrite=overwrite)
        return f"saved the model to {path}"

    def export_csv(self, path, overwrite: bool = False) -> str:
        export_results_csv(self.system, path, overwrite)
        return f"exported the results to {path}"

    def load(self, path_or_text) -> str:
        import footprintlab as fl

        self.set_system(fl.load(path_or_text))
        return f"loaded {self.system.name!r}"

    def _report(self, action, *args) -> None:
        try:
            message, css = action(*args), "fl-ok"
        except Exception as exc:  # shown to the user, who can fix the path or tick overwrite
            message, css = f"{type(exc).__name__}: {exc}", "fl-error-text"
        self.status.value = f'<span class="{css}">{html.escape(message)}</span>'

    def _on_upload(self, change) -> None:
        files = change.new
        if files:
            text = bytes(files[0]["content"]).decode("utf-8")
            self._report(self.load, text)


def _csv_path(model_path: str) -> str:
    path = Path(model_path)
    return str(path.with_name(path.stem + "-results.csv"))

"""``CompareView(a, b)``: two systems side by side — breakdowns, delta chart, hourly curves overlaid
(daily sums), input differences — live when either system changes (one redraw per change)."""
from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
from bqplot import Axis, Bars, DateScale, Figure, LinearScale, Lines, OrdinalScale
from footprintlab.model.compare import Comparison
from footprintlab.widgets._live import LiveBinding
from footprintlab.widgets.breakdown import FootprintBreakdown, format_kg, legend_html, mass_unit

COLORS = ("#6b6ecf", "#e6550d")  # A, B
DELTA_COLORS = ("#31a354", "#de2d26")  # lower, higher
MAX_INPUT_ROWS = 60
SHORT_PHASE = {"fabrication": "fab."}


def daily(frame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Daily sums of an hourly column (UTC days), as (dates, kg)."""
    series = frame[column].resample("D").sum()
    return series.index.to_numpy(), series.to_numpy()


class CompareView(widgets.VBox):
    """Design B against design A (see ``fl.compare``): the two breakdowns side by side, the delta per
    category × phase, the daily footprints overlaid and the input differences. Live: each change of
    either system redraws once, marks under ``hold_sync``."""

    def __init__(self, a, b, names: tuple[str, str] = ("A", "B")):
        self.comparison = Comparison(a, b, names)
        self.names = tuple(names)
        self.summary = widgets.HTML()
        self.breakdowns = [FootprintBreakdown(a, height="260px"), FootprintBreakdown(b, height="260px")]
        for breakdown, name, system in zip(self.breakdowns, self.names, (a, b)):
            breakdown.figure.title = f"{name}: {system.name}"
        x_scale, y_scale = OrdinalScale(), LinearScale()
        # two series: the decreases (green) and the increases (red), stacked
        self.delta_bars = Bars(x=[], y=[[], []], type="stacked", scales={"x": x_scale, "y": y_scale},
                               padding=0.3, colors=list(DELTA_COLORS), labels=["lower", "higher"])
        self.delta_axis = Axis(scale=y_scale, side="left", tick_format=",.3~r",
                               label="kg CO2e", label_offset="58px")
        self.delta_figure = Figure(
            marks=[self.delta_bars], axes=[Axis(scale=x_scale, tick_rotate=-40), self.delta_axis],
            title=f"{names[1]} − {names[0]} by category and phase", display_toolbar=False,
            fig_margin={"top": 36, "bottom": 92, "left": 76, "right": 24},
            layout=widgets.Layout(width="auto", height="320px", min_width="0", flex="1 1 360px"))
        date_scale, line_scale = DateScale(), LinearScale(min=0.0)
        self.lines = Lines(x=[], y=[], scales={"x": date_scale, "y": line_scale}, colors=list(COLORS),
                           labels=list(names), display_legend=False, stroke_width=1.5)
        self.lines_axis = Axis(scale=line_scale, side="left", tick_format=",.3~r",
                               label="kg CO2e per day", label_offset="58px")
        self.hourly_figure = Figure(
            marks=[self.lines], axes=[Axis(scale=date_scale), self.lines_axis], title="footprint per day (UTC)",
            display_toolbar=False, fig_margin={"top": 36, "bottom": 30, "left": 76, "right": 10},
            layout=widgets.Layout(width="auto", height="320px", min_width="0"))
        self.legend = widgets.HTML(legend_html(names, COLORS))
        self.legend.add_class("fl-legend")
        self.inputs_table = widgets.HTML()
        self._bindings = [LiveBinding(self.redraw, on_commit=self._dirty, system=system) for system in (a, b)]
        self.redraw()
        super().__init__([
            self.summary,
            widgets.HBox(self.breakdowns, layout=widgets.Layout(width="100%")),
            widgets.HBox([self.delta_figure, widgets.VBox([self.hourly_figure, self.legend],
                                                          layout=widgets.Layout(min_width="0",
                                                                                flex="1 1 360px"))],
                         layout=widgets.Layout(width="100%", flex_flow="row wrap")),
            widgets.HTML("<b>input differences</b>"), self.inputs_table,
        ], layout=widgets.Layout(min_width="0"))
        self.add_class("fl-compare")

    def _dirty(self, commit) -> None:
        for binding in getattr(self, "_bindings", ()):
            binding.dirty = True

    def redraw(self) -> None:
        comparison = self.comparison
        total = comparison.total
        relative = "" if total["relative"] is None else f" ({total['relative']:+.1%})"
        self.summary.value = (
            f"<b>{html.escape(self.names[1])}</b> {format_kg(total['b'])} CO2e vs "
            f"<b>{html.escape(self.names[0])}</b> {format_kg(total['a'])} CO2e: "
            f"<b>{'+' if total['delta'] > 0 else ''}{format_kg(total['delta'])}</b>{relative}")
        table = comparison.by_category()
        table = table[(table["a"] != 0) | (table["b"] != 0)]
        unit, factor = mass_unit(table["delta"].to_numpy())
        # short tick labels ("Devices fab."): the full names collided under the bars
        labels = [f"{category} {SHORT_PHASE.get(phase, phase)}" for category, phase in table.index]
        deltas = table["delta"].to_numpy() * factor
        hourly = comparison.hourly()
        dates, a_days = daily(hourly, "a")
        _, b_days = daily(hourly, "b")
        day_unit, day_factor = mass_unit(np.concatenate([a_days, b_days]))
        with self.delta_bars.hold_sync():
            self.delta_bars.x = labels
            self.delta_bars.y = np.vstack([np.minimum(deltas, 0), np.maximum(deltas, 0)])
        self.delta_axis.label = f"{unit} CO2e"
        with self.lines.hold_sync():
            self.lines.x = dates
            self.lines.y = np.vstack([a_days, b_days]) * day_factor
        self.lines_axis.label = f"{day_unit} CO2e per day"
        self.inputs_table.value = inputs_html(comparison.input_rows(), self.names)

    def close(self):
        for binding in getattr(self, "_bindings", ()):
            binding.close()
        for breakdown in getattr(self, "breakdowns", ()):
            breakdown.close()
        super().close()


def inputs_html(rows: list[dict], names=("A", "B")) -> str:
    if not rows:
        return "<p>no input differences</p>"
    head = (f"<tr><th>object</th><th>input</th><th>change</th><th>{html.escape(names[0])}</th>"
            f"<th>{html.escape(names[1])}</th><th>source</th></tr>")
    body = []
    for row in rows[:MAX_INPUT_ROWS]:
        source = row["source_b"] or row["source_a"]
        cells = [f"{row['class']} {row['object']}", row["input"], row["change"], str(row["a"]), str(row["b"]),
                 source]
        body.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
    more = f"<p>… and {len(rows) - MAX_INPUT_ROWS} more</p>" if len(rows) > MAX_INPUT_ROWS else ""
    return f'<table class="fl-compare-inputs">{head}{"".join(body)}</table>{more}'

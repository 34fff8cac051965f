"""``Tornado``: which uncertain inputs move the total most (one-at-a-time swings), live."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from bqplot import Axis, Bars, Figure, LinearScale, OrdinalScale
from footprintlab.model.uncertainty import one_at_a_time
from footprintlab.widgets._live import LiveBinding
from footprintlab.widgets.breakdown import legend_html, mass_unit
from footprintlab.widgets.numbers import readable

COLORS = ["#3182bd", "#e6550d"]  # input at its low value, at its high value


class Tornado(widgets.VBox):
    """Horizontal bars: the change of the total when each uncertain input goes to its low
    (blue) or high (orange) value, the others at their central values; largest swing on top.

    Live: recomputed (2 recomputes per uncertain input, nobody notified) after each change of
    the system. A model without uncertain inputs shows a note instead of bars.
    """

    def __init__(self, system, height: str = "300px"):
        self.system = system
        # explicit value range: with an automatic domain, bqplot 0.13 drew these horizontal bars
        # with zero width in the browser (seen in the Explorer's screenshots)
        self.x_scale, y_scale = OrdinalScale(), LinearScale(min=-1.0, max=1.0)
        self.y_scale = y_scale
        self.bars = Bars(x=[], y=np.zeros((2, 0)), orientation="horizontal", type="grouped",
                         colors=COLORS, scales={"x": self.x_scale, "y": y_scale}, base=0.0)
        self.value_axis = Axis(scale=y_scale, side="bottom", tick_format=",.3~r")
        self.figure = Figure(marks=[self.bars], title="what moves the total most",
                             axes=[Axis(scale=self.x_scale, side="left"), self.value_axis],
                             fig_margin={"top": 36, "bottom": 40, "left": 220, "right": 20},
                             display_toolbar=False, title_style={"font-size": "15px"},
                             layout=widgets.Layout(width="auto", height=height, min_width="0"))
        self.note = widgets.HTML()
        self.legend = widgets.HTML(legend_html(["input at its low value", "at its high value"], COLORS))
        self.legend.add_class("fl-legend")
        self.redraw()
        self._binding = LiveBinding(self.redraw, on_commit=self._on_commit, system=system)
        super().__init__([self.figure, self.legend, self.note], layout=widgets.Layout(min_width="0"))
        self.add_class("fl-tornado")

    def _on_commit(self, commit) -> None:
        self._binding.dirty = True

    def redraw(self) -> None:
        table = one_at_a_time(self.system)
        central = table.attrs["central"]
        deltas = np.vstack([table["total_at_low"].to_numpy() - central,
                            table["total_at_high"].to_numpy() - central])[:, ::-1]
        unit, factor = mass_unit(deltas if deltas.size else np.zeros(1))
        values = deltas * factor
        reach = float(np.nanmax(np.abs(values))) if values.size else 0.0
        reach = reach * 1.1 if reach > 0 else 1.0
        with self.bars.hold_sync():
            self.bars.x = list(table.index[::-1])
            self.bars.y = values
        if (self.y_scale.min, self.y_scale.max) != (-reach, reach):
            with self.y_scale.hold_sync():
                self.y_scale.min, self.y_scale.max = -reach, reach
        self.value_axis.label = f"change of the total, {unit} CO2e"
        self.note.value = ("" if len(table) else
                           "<i>No uncertain input: assign a range, e.g. "
                           "<code>job.data_download = fl.Uniform(400 * u.MB, 1200 * u.MB)</code>.</i>")
        if len(table):
            self.note.value = (f"total at central values: {readable(central * factor)} {unit} CO2e; "
                               f"largest swing: {table.index[0]}")

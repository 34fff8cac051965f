"""``FootprintBreakdown``: stacked bars of a system's footprint per category, fabrication/energy."""
from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
from bqplot import Axis, Bars, Figure, LinearScale, OrdinalScale
from footprintlab.engine import u
from footprintlab.model.results import object_rows
from footprintlab.model.system import (
    CATEGORIES,  # noqa: F401 - the four base categories, imported from here by callers
    CATEGORY_ATTRIBUTES,
    EXTERNAL_API_ATTRIBUTES,
    category_attributes,
)
from footprintlab.widgets._live import LiveBinding
from footprintlab.widgets.numbers import readable

PHASES = ("fabrication", "energy")
# every attribute a category total may read (the External APIs row only when the model has one)
_PARTS = tuple(dict.fromkeys([*(a for pair in CATEGORY_ATTRIBUTES.values() for a in pair if a),
                              *EXTERNAL_API_ATTRIBUTES]))
PHASE_COLORS = ["#8c6d31", "#3182bd"]


def categories(system) -> list[str]:
    """The categories to show for ``system``: Devices, Network, Servers, Storage, and External APIs
    when it calls such APIs (``footprintlab.model.system.category_attributes``)."""
    return list(category_attributes(system))


def category_totals(system) -> np.ndarray:
    """2 × categories array of kg CO2e: rows fabrication, energy; columns Devices, Network,
    Servers, Storage (and External APIs when the system calls such APIs)."""
    attributes = category_attributes(system)
    out = np.zeros((2, len(attributes)))
    for column, (fabrication, energy) in enumerate(attributes.values()):
        for row, attribute in enumerate((fabrication, energy)):
            if attribute is not None:
                out[row, column] = getattr(system, attribute).value.sum().m_as(u.kg)
    return out


def format_kg(kg: float) -> str:
    """``1234.5`` -> ``"1.23 t"``; ``2.5e6`` -> ``"2,500 t"``; ``12.3`` -> ``"12.3 kg"``."""
    value, unit = (kg / 1000, "t") if abs(kg) >= 1000 else (kg, "kg")
    return f"{readable(value)} {unit}"


def mass_unit(kg_values) -> tuple[str, float]:
    """The unit in which to chart masses of this size, and the factor from kg: t above a tonne."""
    largest = float(np.max(np.abs(kg_values))) if np.size(kg_values) else 0.0
    return ("t", 1e-3) if largest >= 1000 else ("kg", 1.0)


def legend_html(labels, colors) -> str:
    """A legend above a chart (a legend inside bqplot's plot area covers bars)."""
    return "".join(f'<span class="fl-legend-swatch" style="background:{c}"></span>{html.escape(t)}'
                   for t, c in zip(labels, colors))


class FootprintBreakdown(widgets.VBox):
    """Stacked bars per category (Devices, Network, Servers, Storage, and External APIs when the
    model calls GenAI APIs) split fabrication/energy.

    Hovering a bar lists the objects of its category with their fabrication and energy
    footprints. Live: one message per model change (the bars' ``y``, under ``hold_sync``).
    """

    def __init__(self, system, height: str = "300px"):
        self.system = system
        x_scale, y_scale = OrdinalScale(), LinearScale(min=0.0)
        totals = category_totals(system)
        self.unit, factor = mass_unit(totals.sum(axis=0))
        self.categories = categories(system)
        self.bars = Bars(x=list(self.categories), y=totals * factor, type="stacked",
                         colors=PHASE_COLORS, labels=list(PHASES),
                         display_legend=False, scales={"x": x_scale, "y": y_scale}, padding=0.3)
        self.hover_detail = widgets.HTML(layout=widgets.Layout(min_width="220px"))
        self.bars.tooltip = self.hover_detail
        self.bars.on_hover(self._on_hover)
        self.y_axis = Axis(scale=y_scale, side="left", tick_format=",.3~r",
                           label=f"{self.unit} CO2e", label_offset="58px")
        self.figure = Figure(
            marks=[self.bars], title="footprint by category", display_toolbar=False,
            axes=[Axis(scale=x_scale), self.y_axis], title_style={"font-size": "15px"},
            fig_margin={"top": 36, "bottom": 30, "left": 76, "right": 10},
            layout=widgets.Layout(width="auto", height=height, min_width="0"))
        self.legend = widgets.HTML(legend_html(PHASES, PHASE_COLORS))
        self.legend.add_class("fl-legend")
        # the External APIs parts are watched too: a first GenAI job adds that category
        self._binding = LiveBinding(self.redraw, [(system, a) for a in _PARTS])
        super().__init__([self.figure, self.legend], layout=widgets.Layout(min_width="0"))
        self.add_class("fl-breakdown")

    def redraw(self) -> None:
        totals = category_totals(self.system)
        unit, factor = mass_unit(totals.sum(axis=0))
        shown = categories(self.system)
        with self.bars.hold_sync():
            if shown != self.categories:
                self.categories = shown
                self.bars.x = shown
            self.bars.y = totals * factor
        if unit != self.unit:
            self.unit = unit
            self.y_axis.label = f"{unit} CO2e"

    def detail(self, category: str) -> str:
        """HTML listing the objects of a category with their footprints."""
        rows = [r for r in object_rows(self.system) if r["category"] == category]
        lines = "".join(
            f"<tr><td>{html.escape(r['object'])}</td><td>{format_kg(r['fabrication_kg'])}</td>"
            f"<td>{format_kg(r['energy_footprint_kg'])}</td></tr>" for r in rows)
        return (f"<b>{category}</b><table><tr><th>object</th><th>fabrication</th><th>energy</th></tr>"
                f"{lines}</table>")

    def _on_hover(self, mark, event) -> None:
        index = event.get("data", {}).get("index")
        if index is not None and 0 <= int(index) < len(self.categories):
            self.hover_detail.value = self.detail(self.categories[int(index)])

    def close(self):
        if hasattr(self, "_binding"):
            self._binding.close()
        super().close()

"""``DiffChart``: before/after and delta per category for the last change, or since the start."""
from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
from bqplot import Axis, Bars, ColorScale, Figure, LinearScale, OrdinalScale
from footprintlab.widgets._live import LiveBinding
from footprintlab.widgets.breakdown import CATEGORIES, format_kg

SINCE = {"last change": "last", "since the start": "start"}


def category_diff(system, since: str) -> tuple[str, np.ndarray, np.ndarray]:
    """(label, before, after) per category in kg: what ``system.diff(since)`` gives, without pandas.

    ``system.diff()`` builds a DataFrame (about 7 ms, twice the model's recompute of the
    quickstart); a live chart redrawn on every slider step reads the snapshots instead.
    """
    label, before, after = system.diff_snapshots(since)

    def totals(snapshot):
        return np.array([sum(snapshot["categories"].get(c, {}).values()) for c in CATEGORIES])

    return label, totals(before), totals(after)


class DiffChart(widgets.VBox):
    """Footprint per category before and after the last change (or since the start), and the delta.

    The bars show the delta per category (green a decrease, red an increase); the table below
    gives before, after and delta per category and in total.

    The title is the change's label, e.g. "streaming's data_download changing from 800 MB to
    500 MB". Live: redrawn after each change of the system.
    """

    def __init__(self, system, since: str = "last", height: str = "260px"):
        self.system = system.track_changes()
        self.since = widgets.ToggleButtons(options=list(SINCE), value="last change" if since == "last"
                                           else "since the start", style={"button_width": "auto"})
        x_scale, y_scale = OrdinalScale(), LinearScale()
        # delta bars coloured by sign: a decrease green, an increase red
        sign_scale = ColorScale(colors=["#31a354", "#bdbdbd", "#de2d26"], min=-1, max=1)
        self.bars = Bars(x=list(CATEGORIES), y=np.zeros(len(CATEGORIES)), color=np.zeros(len(CATEGORIES)),
                         scales={"x": x_scale, "y": y_scale, "color": sign_scale}, padding=0.3)
        self.figure = Figure(
            marks=[self.bars], title="change per category (kg CO2e)",
            axes=[Axis(scale=x_scale), Axis(scale=y_scale, side="left", tick_format=".3s",
                                            label="kg CO2e")],
            fig_margin={"top": 30, "bottom": 30, "left": 60, "right": 10},
            layout=widgets.Layout(width="100%", height=height))
        self.heading = widgets.HTML()
        self.heading.add_class("fl-diff-title")
        self.deltas = widgets.HTML()
        self.deltas.add_class("fl-diff-deltas")
        self.since.observe(lambda _: self.redraw(), names="value")
        self.redraw()
        self._latest = None
        self._on_commit([])  # remember the log's current entry: redraw only after a new one
        self._binding = LiveBinding(self.redraw, on_commit=self._on_commit)
        super().__init__([self.since, self.heading, self.figure, self.deltas])
        self.add_class("fl-diff")

    @property
    def label(self) -> str:
        return self._label

    def _on_commit(self, changes) -> None:
        """Redraw when the system's change log recorded a new snapshot (a change of this system)."""
        latest = id(self.system.change_log().entries[-1])
        if latest != getattr(self, "_latest", None):
            self._latest = latest
            if hasattr(self, "_binding"):
                self._binding.dirty = True

    def redraw(self) -> None:
        self._label, before, after = category_diff(self.system, SINCE[self.since.value])
        delta = after - before
        with self.bars.hold_sync():
            self.bars.y = delta
            self.bars.color = np.sign(np.round(delta, 9))
        self.heading.value = f"<b>{html.escape(self._label)}</b>"
        rows = ["<tr><th></th><th>before</th><th>after</th><th>delta</th></tr>"]
        for name, old, new in [*zip(CATEGORIES, before, after), ("total", before.sum(), after.sum())]:
            change = new - old
            share = f" ({change / old:+.1%})" if old else ""
            rows.append(f"<tr><td>{name}</td><td>{format_kg(old)}</td><td>{format_kg(new)}</td>"
                        f"<td>{'+' if change >= 0 else '−'}{format_kg(abs(change))}{share}</td></tr>")
        self.deltas.value = f"<table>{''.join(rows)}</table>"

    def close(self):
        if hasattr(self, "_binding"):
            self._binding.close()
        super().close()

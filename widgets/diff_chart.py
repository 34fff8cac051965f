"""``DiffChart``: before/after and delta per category for the last change, or since the start."""
from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
from bqplot import Axis, Bars, Figure, LinearScale, OrdinalScale

from footprintlab.widgets._live import LiveBinding
from footprintlab.widgets.breakdown import CATEGORIES, format_kg

SINCE = {"last change": "last", "since the start": "start"}


def diff_by_category(frame) -> tuple[np.ndarray, np.ndarray]:
    """(before, after) per category in kg, summed over phases, from ``system.diff()``."""
    totals = frame.groupby(level="category")[["before", "after"]].sum()
    totals = totals.reindex(list(CATEGORIES)).fillna(0.0)
    return totals["before"].to_numpy(), totals["after"].to_numpy()


class DiffChart(widgets.VBox):
    """Footprint per category before and after the last change (or since the start), with deltas.

    The title is the change's label, e.g. "streaming's data_download changing from 800 MB to
    500 MB". Live: redrawn after each change of the system.
    """

    def __init__(self, system, since: str = "last", height: str = "260px"):
        self.system = system.track_changes()
        self.since = widgets.ToggleButtons(options=list(SINCE), value="last change" if since == "last"
                                           else "since the start", style={"button_width": "auto"})
        x_scale, y_scale = OrdinalScale(), LinearScale(min=0.0)
        self.bars = Bars(x=list(CATEGORIES), y=np.zeros((2, len(CATEGORIES))), type="grouped",
                         colors=["#bdbdbd", "#31a354"], labels=["before", "after"], display_legend=True,
                         scales={"x": x_scale, "y": y_scale}, padding=0.2)
        self.figure = Figure(
            marks=[self.bars], legend_location="top-left",
            axes=[Axis(scale=x_scale), Axis(scale=y_scale, orientation="vertical", tick_format=".3s",
                                            label="kg CO2e")],
            fig_margin={"top": 20, "bottom": 30, "left": 60, "right": 10},
            layout=widgets.Layout(width="100%", height=height))
        self.heading = widgets.HTML()
        self.heading.add_class("fl-diff-title")
        self.deltas = widgets.HTML()
        self.deltas.add_class("fl-diff-deltas")
        self.since.observe(lambda _: self.redraw(), names="value")
        self.redraw()
        self._binding = LiveBinding(self.redraw, on_commit=self._on_commit)
        super().__init__([self.since, self.heading, self.figure, self.deltas])
        self.add_class("fl-diff")

    @property
    def label(self) -> str:
        return self._label

    def _on_commit(self, changes) -> None:
        self._binding.dirty = True

    def redraw(self) -> None:
        frame = self.system.diff(since=SINCE[self.since.value])
        before, after = diff_by_category(frame)
        self._label = frame.attrs["label"]
        with self.bars.hold_sync():
            self.bars.y = np.vstack([before, after])
        self.heading.value = f"<b>{html.escape(self._label)}</b>"
        cells = []
        for name, old, new in zip(CATEGORIES, before, after):
            delta = new - old
            share = f" ({delta / old:+.1%})" if old else ""
            cells.append(f"<td>{name}: {'+' if delta >= 0 else '−'}{format_kg(abs(delta))}{share}</td>")
        total = after.sum() - before.sum()
        cells.append(f"<td><b>total: {'+' if total >= 0 else '−'}{format_kg(abs(total))}</b></td>")
        self.deltas.value = f"<table><tr>{''.join(cells)}</tr></table>"

    def close(self):
        if hasattr(self, "_binding"):
            self._binding.close()
        super().close()

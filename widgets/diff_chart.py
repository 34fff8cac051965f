"""``DiffChart``: before/after and delta per category for the last change, or since the start."""
from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
from bqplot import Axis, Bars, ColorScale, Figure, LinearScale, OrdinalScale
from footprintlab.model.system import CATEGORIES
from footprintlab.widgets._live import LiveBinding
from footprintlab.widgets.breakdown import mass_unit
from footprintlab.widgets.numbers import readable

MINUS = "-"  # bqplot's d3 locale writes negative ticks with a hyphen-minus: the table does too

SINCE = {"last change": "last", "since the start": "start"}


def category_diff(system, since: str) -> tuple[str, np.ndarray, np.ndarray]:
    """(label, before, after) per category in kg: what ``system.diff(since)`` gives, without pandas.

    ``system.diff()`` builds a DataFrame (about 7 ms, twice the model's recompute of the
    quickstart); a live chart redrawn on every slider step reads the snapshots instead.
    The categories are ``diff_categories(system, since)``.
    """
    label, _, before, after = category_diff_of(system, since)
    return label, before, after


def category_diff_of(system, since: str) -> tuple[str, list[str], np.ndarray, np.ndarray]:
    """(label, categories, before, after): ``category_diff`` with the categories it covers."""
    label, before, after = system.diff_snapshots(since)
    names = _categories(before, after)

    def totals(snapshot):
        return np.array([sum(snapshot["categories"].get(c, {}).values()) for c in names])

    return label, names, totals(before), totals(after)


def _categories(before: dict, after: dict) -> list[str]:
    """The categories of either snapshot (External APIs appears when the model calls GenAI APIs
    before or after the change), in the model's order."""
    return list(dict.fromkeys([*before["categories"], *after["categories"]]))


def diff_categories(system, since: str) -> list[str]:
    """The categories a diff shows: those of ``category_attributes(system)`` before or after."""
    _, before, after = system.diff_snapshots(since)
    return _categories(before, after)


def signed(value: float) -> str:
    """``+12.3``, ``-38.7`` (the chart's minus sign), ``0``."""
    rounded = readable(abs(value))
    if rounded == "0":
        return "0"
    return ("+" if value > 0 else MINUS) + rounded


def delta_table(before: np.ndarray, after: np.ndarray, unit: str, categories=None) -> str:
    """HTML table: before, after and delta per category and in total, all in ``unit`` CO2e."""
    categories = list(categories or CATEGORIES)
    rows = [f"<tr><th>{unit} CO2e</th><th>before</th><th>after</th><th>delta</th></tr>"]
    for name, old, new in [*zip(categories, before, after), ("total", before.sum(), after.sum())]:
        change = new - old
        share = f" ({signed(100 * change / old).rstrip()}%)" if old and change else ""
        rows.append(f"<tr><td>{name}</td><td>{readable(old)}</td><td>{readable(new)}</td>"
                    f"<td>{signed(change)}{share}</td></tr>")
    return f"<table>{''.join(rows)}</table>"


class DiffChart(widgets.VBox):
    """Footprint per category before and after the last change (or since the start), and the delta.

    The bars show the delta per category (green a decrease, red an increase); the table below
    gives before, after and delta per category and in total, in the unit of the chart's axis
    (t CO2e above a tonne, else kg CO2e) and with the axis's minus sign.

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
        self.categories = diff_categories(self.system, "last")
        n = len(self.categories)
        self.bars = Bars(x=list(self.categories), y=np.zeros(n), color=np.zeros(n),
                         scales={"x": x_scale, "y": y_scale, "color": sign_scale}, padding=0.3)
        self.y_axis = Axis(scale=y_scale, side="left", tick_format=",.3~r", label="kg CO2e",
                           label_offset="58px")
        self.figure = Figure(
            marks=[self.bars], title="change per category", display_toolbar=False,
            axes=[Axis(scale=x_scale), self.y_axis], title_style={"font-size": "15px"},
            fig_margin={"top": 36, "bottom": 30, "left": 76, "right": 10},
            layout=widgets.Layout(width="auto", height=height, min_width="0"))
        self.heading = widgets.HTML()
        self.heading.add_class("fl-diff-title")
        self.deltas = widgets.HTML()
        self.deltas.add_class("fl-diff-deltas")
        self.since.observe(lambda _: self.redraw(), names="value")
        self.redraw()
        self._latest = None
        self._on_commit([])  # remember the log's current entry: redraw only after a new one
        self._binding = LiveBinding(self.redraw, on_commit=self._on_commit)
        super().__init__([self.since, self.heading, self.figure, self.deltas],
                         layout=widgets.Layout(min_width="0"))
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
        since = SINCE[self.since.value]
        self._label, shown, before, after = category_diff_of(self.system, since)
        unit, factor = mass_unit(np.concatenate([before, after]))
        delta = (after - before) * factor
        with self.bars.hold_sync():
            if shown != self.categories:
                self.categories = shown
                self.bars.x = shown
            self.bars.y = delta
            self.bars.color = np.sign(np.round(delta, 9))
        if self.y_axis.label != f"{unit} CO2e":
            self.y_axis.label = f"{unit} CO2e"
        self.heading.value = f"<b>{html.escape(self._label)}</b>"
        self.deltas.value = delta_table(before * factor, after * factor, unit, self.categories)

    def close(self):
        if hasattr(self, "_binding"):
            self._binding.close()
        super().close()

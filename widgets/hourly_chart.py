"""``HourlyChart``: bqplot chart of hourly quantities on a date axis, live, decimated, pan/zoom."""
from __future__ import annotations

import asyncio
import datetime as _dt
import warnings

import ipywidgets as widgets
import numpy as np
from bqplot import Axis, DateScale, Figure, LinearScale, Lines, PanZoom
from footprintlab.engine import ExplainableValue, Hourly, Quantity
from footprintlab.widgets import decimate
from footprintlab.widgets._live import LiveBinding, may_change_uncertainty, series_of
from traitlets import Instance

COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
DETAIL_HOURS = 24 * 7 * 6  # zoomed to at most ~6 weeks: hourly detail
# the uncertainty band: quantiles of a modest Monte Carlo run (200 samples of the quickstart's
# 26,280 h take about 0.7 s for one series), recomputed BAND_DELAY_S after the last change
BAND_SAMPLES, BAND_SEED, BAND_Q = 200, 0, (0.05, 0.95)
BAND_DELAY_S = 1.0
_EPOCH_MS = np.datetime64(0, "ms")
# what an attribute is called in a series name: "server — energy", "System — total"
_SHORT = {"hourly_total_footprint": "total", "instances_fabrication_footprint": "fabrication",
          "energy_footprint": "energy"}
CAPTION = (
    "Times are UTC. Usage is given as a local wall-clock profile and counted in every real hour "
    "the clock shows: the local hour skipped on the spring daylight-saving day has no usage (a "
    "23-hour day) and the repeated autumn hour counts twice (a 25-hour day). {partial}")


def series_name(obj, name: str) -> str:
    """Human name of a series: ``server — fabrication``, ``System — total``."""
    short = _SHORT.get(name) or name.removesuffix("_footprint").replace("_", " ")
    return f"{obj.name} — {short}" if obj is not None else short


def _date_to_json(value, widget):
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _date_from_json(value, widget):
    """Browser dates arrive as ``Date.toJSON()`` text, in UTC with a trailing Z."""
    if not value:
        return None
    return _dt.datetime.strptime(value.rstrip("Z"), "%Y-%m-%dT%H:%M:%S.%f")


class UTCDateScale(DateScale):
    """bqplot's date scale whose ``min``/``max`` round-trip with the browser.

    The browser sends a zoomed domain as ``"2025-03-01T00:00:00.000Z"``, which bqscales 0.3's
    parser (no trailing Z) rejects, so pan/zoom never reached the kernel; and a bound sent without
    the Z would be read by the browser in its local time zone. Both directions are UTC here.
    """

    min = Instance(_dt.datetime, allow_none=True).tag(
        sync=True, to_json=_date_to_json, from_json=_date_from_json)
    max = Instance(_dt.datetime, allow_none=True).tag(
        sync=True, to_json=_date_to_json, from_json=_date_from_json)


def _hourly(value) -> Hourly:
    inner = value.value if isinstance(value, ExplainableValue) else value
    if isinstance(inner, Quantity):
        raise TypeError(f"{getattr(value, 'label', value)!s} is a single quantity, not an hourly series")
    if not isinstance(inner, Hourly):
        raise TypeError(f"expected an hourly quantity, got {type(inner).__name__}")
    return inner


class HourlyChart(widgets.VBox):
    """Hourly quantities (one or several, overlaid) on a date axis, with pan and zoom.

    Parameters
    ----------
    *series : (ModelObject, str) or ExplainableValue or Hourly
        ``(server, "energy_footprint")`` is live: the chart redraws when the attribute changes.
        A bare value is drawn once. All series are shown in the unit of the first one.
    title : str, optional
    system : System, optional
        The model of the live series (found among them when one is the System): when it has
        uncertain inputs, the chart offers its P5–P95 band (``band_q``) from
        ``system.uncertainty(band_samples, band_seed)``, shaded around each live series.
    band : bool
        Whether the band is shown (the "P5–P95 band" toggle under the chart) when the model is
        uncertain.
    band_delay : float or None
        Seconds after the last change before the band is recomputed on the kernel's event loop
        (a change redraws the lines at once and hides the stale band meanwhile); ``None``
        recomputes at once (also what happens without a running event loop, e.g. in a script).

    Long series are drawn as a daily min–max band with the daily mean, and as hourly values once
    zoomed to a few weeks (``DETAIL_HOURS``); at most ``decimate.MAX_POINTS`` points per mark.
    A change redraws by assigning the existing marks' data under ``hold_sync()``: one message per
    mark, never a new figure.
    """

    def __init__(self, *series, title: str = "", height: str = "300px", system=None,
                 band: bool = True, band_samples: int = BAND_SAMPLES, band_seed: int = BAND_SEED,
                 band_q: tuple = BAND_Q, band_delay: float | None = BAND_DELAY_S):
        self._sources = [series_of(s) for s in series]
        self.system = system if system is not None else next(
            (o for o, _, _ in self._sources if type(o).__name__ == "System"), None)
        self.band_samples, self.band_seed, self.band_q = band_samples, band_seed, tuple(band_q)
        self.band_delay = band_delay
        self.band_marks: list[Lines] = []  # made on first use: a certain model sends nothing more
        self._bands: dict[int, tuple] = {}  # series index -> (start, low, high) in the chart's unit
        self._band_pending = None  # the scheduled recompute (an asyncio TimerHandle)
        self.uncertainty = None  # the last UncertaintyResult
        self._unit = _hourly(self._sources[0][2]).unit if self._sources else None
        self.x_scale = UTCDateScale()
        self.y_scale = LinearScale(min=0.0)
        self._view: tuple[float | None, float | None] = (None, None)
        self.marks = [self._new_mark(i, src) for i, src in enumerate(self._sources)]
        x_axis = Axis(scale=self.x_scale, label="UTC", grid_lines="none", label_offset="34px")
        y_axis = Axis(scale=self.y_scale, side="left", label=_unit_label(self._unit),
                      tick_format=",.3~r", grid_lines="dashed", label_offset="56px")
        self.pan_zoom = PanZoom(scales={"x": [self.x_scale]})
        self.figure = Figure(marks=self.marks, axes=[x_axis, y_axis], title=title,
                             interaction=self.pan_zoom, legend_location="top-left",
                             display_toolbar=False, title_style={"font-size": "15px"},
                             fig_margin={"top": 36, "bottom": 44, "left": 72, "right": 16},
                             layout=widgets.Layout(width="auto", height=height, min_width="0"))
        self.figure.add_class("fl-hourly-chart")
        self.caption = widgets.HTML()
        self.caption.add_class("fl-caption")
        self.reset_button = widgets.Button(description="full period", icon="",
                                           layout=widgets.Layout(width="auto"))
        self.reset_button.on_click(lambda _: self.set_view(None, None))
        self.band_toggle = widgets.ToggleButton(
            value=band, description=f"P{100 * self.band_q[0]:g}–P{100 * self.band_q[-1]:g} band",
            tooltip="shade the range of each series over the uncertain inputs (Monte Carlo)",
            layout=widgets.Layout(width="auto"))
        self.band_toggle.add_class("fl-band-toggle")
        self.band_toggle.observe(self._on_band_toggle, names="value")
        self.band_status = widgets.HTML()
        self.band_status.add_class("fl-band-status")
        self._band_row = widgets.HBox([self.band_toggle, self.band_status],
                                      layout=widgets.Layout(flex_flow="row wrap", align_items="center",
                                                            min_width="0"))
        self._uncertain = self._has_uncertain_inputs()
        self._binding = LiveBinding(self.redraw, [(o, n) for o, n, _ in self._sources if o is not None],
                                    on_commit=self._on_commit if self.system is not None else None)
        self.x_scale.observe(self._on_zoom, names=["min", "max"])
        self._series_callbacks: list = []
        self.legend = widgets.HBox([self._series_button(i) for i in range(len(self.marks))],
                                   layout=widgets.Layout(flex_flow="row wrap"))
        self.legend.add_class("fl-legend")
        self._describe()
        super().__init__([self.figure, self.legend, self.reset_button, self._band_row, self.caption],
                         layout=widgets.Layout(min_width="0"))
        self.add_class("fl-hourly")
        self._show_band_controls()
        if self._uncertain and band:
            self._schedule_band(0.0)

    # uncertainty band -----------------------------------------------------------------------------
    @property
    def uncertain(self) -> bool:
        """Whether the model has uncertain inputs (and so a band to offer)."""
        return self._uncertain

    @property
    def band_shown(self) -> bool:
        return self._uncertain and self.band_toggle.value

    def _has_uncertain_inputs(self) -> bool:
        if self.system is None:
            return False
        from footprintlab.model.uncertainty import uncertain_inputs

        return bool(uncertain_inputs(self.system))

    def _on_commit(self, commit) -> None:
        """A change of the model: a distribution assigned or removed (or a new object) may make it
        (un)certain; any change of an uncertain model makes its band stale."""
        if not commit.touches(self.system):
            return
        if may_change_uncertainty(commit):
            was = self._uncertain
            self._uncertain = self._has_uncertain_inputs()
            if was != self._uncertain:
                self._show_band_controls()
        if self.band_shown:
            self._schedule_band()
        elif self._bands:
            self._bands = {}
            self._draw_bands()

    def _show_band_controls(self) -> None:
        self._band_row.layout.display = "flex" if self._uncertain else "none"
        if not self._uncertain:
            self.band_status.value = ""

    def _on_band_toggle(self, change) -> None:
        if change.new and self._uncertain:
            self._schedule_band(0.0)
        else:
            self._cancel_band()
            self._bands = {}
            self._draw_bands()
            self.band_status.value = ""

    def _cancel_band(self) -> None:
        if self._band_pending is not None:
            self._band_pending.cancel()
            self._band_pending = None

    def _schedule_band(self, delay: float | None = None) -> None:
        """Recompute the band ``delay`` s from now (``band_delay`` by default), after the last
        change: the stale band is hidden meanwhile. Without a running event loop, at once."""
        self._cancel_band()
        delay = self.band_delay if delay is None else delay
        loop = None
        if self.band_delay is not None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = None
        if loop is None:
            self.update_band()
            return
        if self._bands:
            self._bands = {}
            self._draw_bands()
        self.band_status.value = "<i>computing the band…</i>"
        self._band_pending = loop.call_later(delay, self._band_due)

    def _band_due(self) -> None:
        self._band_pending = None
        if self.band_shown and not self._closed():
            self.update_band()

    def _closed(self) -> bool:
        return getattr(self, "comm", None) is None

    def update_band(self) -> None:
        """Run the Monte Carlo (``band_samples``, ``band_seed``) and draw each live series' band."""
        self._cancel_band()
        if not self.band_shown:
            self._bands = {}
            self._draw_bands()
            return
        from footprintlab.engine import Quantity

        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = self.system.uncertainty(self.band_samples, self.band_seed)
                bands = {}
                for index, (obj, name, _) in enumerate(self._sources):
                    if obj is None:
                        continue
                    table = result.hourly_band((obj, name), q=self.band_q)
                    if not len(table):
                        continue
                    unit = _hourly(getattr(obj, name)).unit
                    factor = Quantity(1.0, unit).m_as(self._unit) if self._unit is not None else 1.0
                    start = np.datetime64(table.index[0].tz_convert(None), "ms")
                    values = table.to_numpy(dtype=np.float64) * factor
                    bands[index] = (start, values[:, 0], values[:, -1])
        except Exception as exc:  # a sample the model cannot compute: said under the chart
            self._bands = {}
            self._draw_bands()
            self.band_status.value = f'<span class="fl-error-text">band: {type(exc).__name__}: {exc}</span>'
            return
        self.uncertainty = result
        self._bands = bands
        self._draw_bands()
        refused = f"; {result.failed} refused samples left out" if result.failed else ""
        note = " (" + str(caught[0].message) + ")" if caught and not refused else ""
        low, high = self.band_q[0], self.band_q[-1]
        self.band_status.value = (
            f"shaded, dashed: P{100 * low:g}–P{100 * high:g} of {len(result.samples):,} samples "
            f"(seed {self.band_seed}){refused}{note}"
            + ("; daily view: of the daily means" if self._daily_view() else ""))

    def _daily_view(self) -> bool:
        """Whether the chart draws days (a long series, not zoomed in)."""
        return bool(self._sources) and not self.view_is_hourly and \
            len(_hourly(self._current(0))) > decimate.MAX_POINTS

    def _band_mark(self, index: int) -> Lines:
        while len(self.band_marks) <= index:
            color = COLORS[len(self.band_marks) % len(COLORS)]
            self.band_marks.append(Lines(
                x=np.array([], dtype="datetime64[ms]"), y=np.zeros((2, 0)),
                scales={"x": self.x_scale, "y": self.y_scale}, colors=[color, color],
                fill="between", fill_colors=[color], fill_opacities=[0.18], line_style="dashed",
                stroke_width=1.0, opacities=[0.9, 0.9], display_legend=False, visible=False,
                labels=["P5", "P95"]))
            self.figure.marks = [*self.marks, *self.band_marks]  # over the lines: translucent
        return self.band_marks[index]

    def _draw_bands(self) -> None:
        """Draw the computed bands at the current zoom (daily means, or the hourly window)."""
        for index in range(max(len(self.band_marks), max(self._bands, default=-1) + 1)):
            band = self._bands.get(index)
            if band is None:
                if index < len(self.band_marks) and self.band_marks[index].visible:
                    self.band_marks[index].visible = False
                continue
            mark = self._band_mark(index)
            start, low, high = band
            lo, hi = self._view
            if decimate.hours_in_view(lo, hi) <= DETAIL_HOURS:
                a, b = decimate.window(low, start, lo, hi), decimate.window(high, start, lo, hi)
            else:
                a, b = decimate.daily_band(low, start), decimate.daily_band(high, start)
            with mark.hold_sync():
                mark.x = a.x
                mark.y = np.vstack([a.mean, b.mean]).astype(np.float32)
                mark.visible = True

    # legend: one button per series (its colour), which reports clicks -----------------------------
    def _series_button(self, index: int) -> widgets.Button:
        button = widgets.Button(description=f"▬ {self.marks[index].labels[-1]}",
                                tooltip="show how this series is calculated",
                                layout=widgets.Layout(width="auto"))
        button.style.text_color = COLORS[index % len(COLORS)]
        button.style.button_color = "transparent"
        button.add_class("fl-series")
        button.on_click(lambda _: self._series_clicked(index))
        return button

    def on_series_click(self, callback) -> None:
        """Call ``callback(obj, attribute)`` when the legend entry of a live series is clicked."""
        self._series_callbacks.append(callback)

    def _series_clicked(self, index: int) -> None:
        obj, name, _ = self._sources[index]
        if obj is not None:
            for callback in self._series_callbacks:
                callback(obj, name)

    # drawing ---------------------------------------------------------------------------------------
    def _new_mark(self, index: int, source) -> Lines:
        color = COLORS[index % len(COLORS)]
        label = series_name(source[0], source[1]) if source[0] is not None else \
            getattr(source[2], "label", "")
        mark = Lines(x=np.array([], dtype="datetime64[ms]"), y=np.zeros((1, 0)),
                     scales={"x": self.x_scale, "y": self.y_scale}, colors=[color] * 3,
                     fill_colors=[color, color], fill_opacities=[0.25, 0.0],
                     labels=[f"{label} (daily min)", f"{label} (daily max)", label],
                     display_legend=False)  # a legend in the plot area covers the lines
        self._assign(mark, self._drawn(source[2]))
        return mark

    def _drawn(self, value) -> decimate.Drawn:
        series = _hourly(value)
        values = series.m_as(self._unit) if self._unit is not None else series.values
        low, high = self._view
        if decimate.hours_in_view(low, high) <= DETAIL_HOURS:
            return decimate.window(values, series.start, low, high)
        return decimate.daily_band(values, series.start)

    @staticmethod
    def _assign(mark: Lines, drawn: decimate.Drawn) -> None:
        """Set the mark's data, assigning only the traits that change (x rarely does)."""
        if drawn.hourly:
            y = drawn.mean.astype(np.float32)[None, :]
            style = {"fill": "none", "opacities": [1.0]}
        else:
            y = np.vstack([drawn.low, drawn.high, drawn.mean]).astype(np.float32)
            style = {"fill": "between", "opacities": [0.0, 0.0, 1.0]}
        old_x = mark.x
        if old_x is None or old_x.shape != drawn.x.shape or not np.array_equal(old_x, drawn.x):
            mark.x = drawn.x
        mark.y = y
        for name, value in style.items():
            if getattr(mark, name) != value:
                setattr(mark, name, value)

    def redraw(self) -> None:
        """Re-read every live series and update the marks in place (one message per mark)."""
        for mark, (obj, name, _) in zip(self.marks, self._sources):
            value = getattr(obj, name) if obj is not None else _
            with mark.hold_sync():
                self._assign(mark, self._drawn(value))
        self._describe()

    def _describe(self) -> None:
        """The caption: the time rule, and what the daily view leaves out (a partial last day)."""
        partial = ""
        if self._sources and not self.view_is_hourly:
            series = _hourly(self._current(0))
            hours = decimate.partial_hours(len(series))
            if hours and len(series) > decimate.MAX_POINTS:
                partial = (f"Daily view: min–max band and mean of each full day; the last {hours} "
                           "h (a partial day) are shown when zoomed in.")
        text = CAPTION.format(partial=partial)
        if self.caption.value != text:
            self.caption.value = text

    def _current(self, index: int):
        obj, name, value = self._sources[index]
        return getattr(obj, name) if obj is not None else value

    # zoom ------------------------------------------------------------------------------------------
    def set_view(self, low, high) -> None:
        """Show the period ``[low, high]`` (datetimes or ISO strings); ``None, None`` shows it all."""
        with self.x_scale.hold_sync():
            self.x_scale.min = _as_datetime(low)
            self.x_scale.max = _as_datetime(high)

    def _on_zoom(self, change) -> None:
        view = (_ms(self.x_scale.min), _ms(self.x_scale.max))
        was_detail = decimate.hours_in_view(*self._view) <= DETAIL_HOURS
        self._view = view
        if was_detail or decimate.hours_in_view(*view) <= DETAIL_HOURS:
            self.redraw()
            if self._bands:
                self._draw_bands()

    @property
    def view_is_hourly(self) -> bool:
        return decimate.hours_in_view(*self._view) <= DETAIL_HOURS

    def close(self):
        if hasattr(self, "_binding"):
            self._binding.close()
        if hasattr(self, "_band_pending"):
            self._cancel_band()
        super().close()


def _unit_label(unit) -> str:
    text = str(unit or "")
    return "kg CO2e" if text == "kg" else text


def _as_datetime(value):
    if value is None:
        return None
    if isinstance(value, str):
        value = _dt.datetime.fromisoformat(value)
    if isinstance(value, np.datetime64):
        value = value.astype("datetime64[ms]").astype(_dt.datetime)
    return value


def _ms(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return float((np.datetime64(value, "ms") - _EPOCH_MS) / np.timedelta64(1, "ms"))
    return float(value)

"""``OnPremView``: upload a fleet CSV (CCF's format), see its problems, estimates and breakdown.

A thin binding over :func:`footprintlab.onprem.estimate`: a FileUpload, the validation report,
the result table and a bqplot stacked bar chart of CO2e by country and machine type. The figure
and its marks are created once; a new file or period only updates the marks' data inside
``hold_sync()`` (one message per mark).
"""

from __future__ import annotations

import html
from typing import Any

import bqplot
import ipywidgets as widgets
import numpy as np
from footprintlab import onprem

PERIODS = ("annual", "monthly", "weekly", "daily")
TABLE_ROWS = 200  # rows shown in the table (the full result is in ``view.result``)
TABLE_COLUMNS = (
    "machineName", "cpuDescription", "machineType", "country", "region", "processorFamily",
    "annualKilowattHours", "annualCo2e", "emissionFactor", "fallbacks",
)


class OnPremView(widgets.VBox):
    """Widget: on-premise fleet estimate from an uploaded CSV.

    Parameters
    ----------
    **estimate_options
        Passed to :func:`footprintlab.onprem.estimate` (e.g. ``ccf_compatible=False``).
        Invalid rows are skipped and listed in the report.

    Attributes
    ----------
    result : pandas.DataFrame or None
        The last estimate.
    validation : footprintlab.onprem.ValidationReport or None
        The last validation report.
    """

    def __init__(self, **estimate_options: Any):
        self.estimate_options = {**estimate_options, "skip_invalid": True}
        self.result = None
        self.validation = None
        self.upload = widgets.FileUpload(accept=".csv", multiple=False,
                                         description="Fleet CSV")
        self.period = widgets.Dropdown(options=PERIODS, value="annual", description="Period")
        self.status = widgets.HTML("Upload a CSV in Cloud Carbon Footprint's on-premise format.")
        self.report_html = widgets.HTML()
        self.table_html = widgets.HTML()
        self._x = bqplot.OrdinalScale()
        self._y = bqplot.LinearScale(min=0)
        self.bars = bqplot.Bars(
            x=[], y=[], scales={"x": self._x, "y": self._y}, type="stacked", labels=[],
            display_legend=True, tooltip=bqplot.Tooltip(fields=["x", "y"], formats=["", ".4g"]),
        )
        self.figure = bqplot.Figure(
            marks=[self.bars],
            axes=[bqplot.Axis(scale=self._x, label="country"),
                  bqplot.Axis(scale=self._y, side="left", label="t CO2e")],
            title="CO2e by country and machine type", legend_location="top-right",
            layout=widgets.Layout(width="100%", height="360px"),
        )
        self.upload.observe(self._on_upload, "value")
        self.period.observe(lambda change: self._update_chart(), "value")
        super().__init__([
            widgets.HBox([self.upload, self.period]), self.status, self.report_html,
            self.figure, self.table_html,
        ])

    def load(self, source: Any, name: str = "input"):
        """Estimate ``source`` (path, bytes, file-like or DataFrame) and refresh the view.

        Returns
        -------
        pandas.DataFrame or None
            The estimate, or None if the file could not be read at all.
        """
        try:
            result = onprem.estimate(source, **self.estimate_options)
        except onprem.OnPremInputError as error:  # whole-file problems: nothing to estimate
            self.result, self.validation = None, error.report
            self.status.value = f"<b>{html.escape(name)}</b>: cannot be estimated."
        else:
            self.result, self.validation = result, result.attrs["validation"]
            self.status.value = (f"<b>{html.escape(name)}</b>: {len(result)} machine(s) "
                                 f"estimated, {len(self.validation.skipped_rows)} row(s) skipped.")
        self.report_html.value = _report_html(self.validation)
        self.table_html.value = _table_html(self.result)
        self._update_chart()
        return self.result

    def breakdown(self, period: str | None = None):
        """CO2e (t) of ``period`` by country (rows) and machine type (columns)."""
        period = period or self.period.value
        if self.result is None or len(self.result) == 0:
            return None
        frame = self.result.assign(
            countryLabel=self.result["country"].astype(str).str.strip().replace("", "(none)"),
            typeLabel=self.result["machineType"].astype(str).str.strip().str.lower(),
        )
        return frame.pivot_table(index="countryLabel", columns="typeLabel",
                                 values=f"{period}Co2e", aggfunc="sum", fill_value=0.0)

    def _on_upload(self, change) -> None:
        files = change["new"]
        if files:
            upload = files[0]
            self.load(bytes(upload["content"]), upload["name"])

    def _update_chart(self) -> None:
        table = self.breakdown()
        with self.bars.hold_sync():
            if table is None:
                self.bars.x, self.bars.y, self.bars.labels = [], [], []
            else:
                self.bars.x = np.asarray(table.index, dtype=str)
                self.bars.y = table.to_numpy(dtype=float).T  # one row per machine type
                self.bars.labels = [str(c) for c in table.columns]
        self._y.min = 0.0
        self.figure.axes[1].label = f"t CO2e ({self.period.value})"


def _report_html(report) -> str:
    if report is None:
        return ""
    if report.ok:
        return f"<span style='color:green'>{html.escape(report.summary())}</span>"
    text = html.escape(report.summary(limit=100))
    return f"<pre style='color:#a00;white-space:pre-wrap'>{text}</pre>"


def _table_html(result) -> str:
    if result is None or len(result) == 0:
        return ""
    columns = [c for c in TABLE_COLUMNS if c in result.columns]
    shown = result[columns].head(TABLE_ROWS)
    note = (f"<p>First {TABLE_ROWS} of {len(result)} rows.</p>"
            if len(result) > TABLE_ROWS else "")
    return note + shown.to_html(index=False, float_format=lambda v: f"{v:.6g}", escape=True)

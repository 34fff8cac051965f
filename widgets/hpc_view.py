"""HPCView: daily energy and emissions of Slurm jobs, with grid intensity overlaid.

A thin binding over :mod:`footprintlab.hpc`: date range and account/user filters, a bqplot chart
(bars: daily energy, kWh; line: daily emissions, kgCO2e; dashed line: the day's energy-weighted
grid intensity, g/kWh), the top jobs table, CSV export (never overwriting without the
"overwrite" box) and a progress bar while telemetry is fetched. Marks are created once; each
change sets their data inside ``hold_sync()`` (one message per mark).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

import bqplot as bq
import ipywidgets as w
import numpy as np
import pandas as pd
from footprintlab._files import OutputExistsError, atomic_write
from footprintlab.hpc import HPCFootprint, daily, job_footprints

__all__ = ["HPCView"]

ALL = "(all)"


class HPCView(w.VBox):
    """Explore per-job HPC footprints by day, account and user.

    Parameters
    ----------
    result : HPCFootprint, optional
        Output of :func:`footprintlab.hpc.job_footprints`; or call :meth:`fetch` later.
    timezone : str
        Zone of the calendar days on the chart (default UTC).
    top_n : int
        Rows of the top jobs table.
    """

    def __init__(self, result: HPCFootprint | None = None, timezone: str = "UTC",
                 top_n: int = 10, **kwargs) -> None:
        self.timezone = timezone
        self.top_n = top_n
        self.result: HPCFootprint | None = None
        self.start_picker = w.DatePicker(description="From")
        self.end_picker = w.DatePicker(description="To")
        self.account_filter = w.Dropdown(description="Account", options=[ALL], value=ALL)
        self.user_filter = w.Dropdown(description="User", options=[ALL], value=ALL)
        self.progress = w.IntProgress(value=0, min=0, max=1, description="Telemetry")
        self.status = w.Label("")

        x = bq.DateScale()
        self.energy_scale = bq.LinearScale(min=0.0)
        self.co2_scale = bq.LinearScale(min=0.0)
        self.intensity_scale = bq.LinearScale(min=0.0)
        empty_x, empty_y = np.array([], "datetime64[ms]"), np.array([], float)
        self.energy_bars = bq.Bars(x=empty_x, y=empty_y, scales={"x": x, "y": self.energy_scale},
                                   colors=["#8fb9a8"], labels=["energy (kWh)"],
                                   display_legend=True)
        self.co2_line = bq.Lines(x=empty_x, y=empty_y, scales={"x": x, "y": self.co2_scale},
                                 colors=["#c0392b"], labels=["emissions (kgCO2e)"],
                                 marker="circle", display_legend=True)
        self.intensity_line = bq.Lines(x=empty_x, y=empty_y,
                                       scales={"x": x, "y": self.intensity_scale},
                                       colors=["#555555"], line_style="dashed",
                                       labels=["grid intensity (g/kWh)"], display_legend=True)
        axes = [
            bq.Axis(scale=x, label="day"),
            bq.Axis(scale=self.energy_scale, side="left", label="kWh"),
            bq.Axis(scale=self.co2_scale, side="right", label="kgCO2e"),
            bq.Axis(scale=self.intensity_scale, side="right",
                    label="g/kWh", offset={"value": 60}),
        ]
        self.figure = bq.Figure(marks=[self.energy_bars, self.co2_line, self.intensity_line],
                                axes=axes, title="Daily energy and emissions",
                                fig_margin={"top": 50, "bottom": 40, "left": 60, "right": 120},
                                layout=w.Layout(width="100%", height="360px"))
        self.top_table = w.HTML()
        self.export_path = w.Text(value="hpc_jobs.csv", description="CSV file")
        self.export_overwrite = w.Checkbox(value=False, description="overwrite")
        self.export_button = w.Button(description="Export CSV", icon="download")
        self.export_status = w.Label("")
        self.export_button.on_click(lambda _: self.export_csv())

        for control in (self.start_picker, self.end_picker, self.account_filter,
                        self.user_filter):
            control.observe(self._on_filter, names="value")
        self._updating = False
        controls = w.HBox([self.start_picker, self.end_picker, self.account_filter,
                           self.user_filter])
        export = w.HBox([self.export_path, self.export_overwrite, self.export_button,
                         self.export_status])
        super().__init__([controls, w.HBox([self.progress, self.status]), self.figure,
                          self.top_table, export], **kwargs)
        if result is not None:
            self.set_result(result)

    # ---- data -----------------------------------------------------------------------------
    def set_result(self, result: HPCFootprint) -> None:
        """Show a new result: reset the filters to its full range and redraw."""
        self.result = result
        jobs = result.jobs
        days = result.periods["period_start"].dt.tz_convert(self.timezone)
        self._updating = True
        try:
            self.account_filter.options = [ALL, *sorted(jobs["Account"].dropna().unique())]
            self.account_filter.value = ALL
            self.user_filter.options = [ALL, *sorted(jobs["User"].dropna().unique())]
            self.user_filter.value = ALL
            if len(days):
                self.start_picker.value = days.min().date()
                self.end_picker.value = days.max().date()
        finally:
            self._updating = False
        self.refresh()

    def fetch(self, jobs: pd.DataFrame, client, intensity: pd.DataFrame | None = None,
              nodes_per_request: int = 50, pad_s: float = 300.0, **options) -> HPCFootprint:
        """Fetch node power with ``client`` (a PrometheusPowerClient) showing progress, then
        compute with :func:`footprintlab.hpc.job_footprints` (``options`` go to it) and show."""
        ran = jobs.loc[jobs["start"].notna() & jobs["end"].notna()]
        nodes = sorted({n for tup in ran["nodes"] for n in tup})
        batches = [nodes[i:i + nodes_per_request] for i in range(0, len(nodes), nodes_per_request)]
        self.progress.max = max(len(batches), 1)
        self.progress.value = 0
        start = ran["start"].min() - pd.Timedelta(seconds=pad_s)
        end = ran["end"].max() + pd.Timedelta(seconds=pad_s)
        frames = []
        for k, batch in enumerate(batches, 1):
            self.status.value = f"fetching power of {len(batch)} nodes ({k}/{len(batches)})"
            frames.append(client.power_samples(start, end, nodes=batch))
            self.progress.value = k
        self.status.value = "computing"
        samples = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
            {"node": [], "time": [], "watts": []})
        result = job_footprints(jobs, samples, intensity, **options)
        self.status.value = f"{len(result.jobs)} jobs, {len(samples):,} samples"
        self.set_result(result)
        return result

    def selected_jobs(self) -> pd.DataFrame:
        """Jobs matching the account/user filters that ran within the date range."""
        if self.result is None:
            return pd.DataFrame()
        jobs = self.result.jobs
        keep = np.ones(len(jobs), bool)
        if self.account_filter.value != ALL:
            keep &= (jobs["Account"] == self.account_filter.value).to_numpy()
        if self.user_filter.value != ALL:
            keep &= (jobs["User"] == self.user_filter.value).to_numpy()
        lo, hi = self._range()
        if lo is not None:
            keep &= (jobs["end"].dt.tz_convert(self.timezone) >= lo).fillna(False).to_numpy()
        if hi is not None:
            keep &= (jobs["start"].dt.tz_convert(self.timezone) < hi).fillna(False).to_numpy()
        return jobs.loc[keep]

    def daily_table(self) -> pd.DataFrame:
        """The chart's data: per day energy_kWh, co2e_kg, intensity_g_per_kwh, jobs."""
        if self.result is None:
            return pd.DataFrame(columns=["energy_kWh", "co2e_kg", "intensity_g_per_kwh"])
        table = daily(self.result, self.timezone, jobs=self.selected_jobs()["JobID"])
        lo, hi = self._range()
        if lo is not None:
            table = table.loc[table.index >= lo.tz_localize(None)]
        if hi is not None:
            table = table.loc[table.index < hi.tz_localize(None)]
        return table

    def _range(self) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        def at(day: dt.date | None, plus: int) -> pd.Timestamp | None:
            if day is None:
                return None
            return pd.Timestamp(day).tz_localize(self.timezone) + pd.Timedelta(days=plus)

        return at(self.start_picker.value, 0), at(self.end_picker.value, 1)

    # ---- view -----------------------------------------------------------------------------
    def _on_filter(self, _change) -> None:
        if not self._updating:
            self.refresh()

    def refresh(self) -> None:
        """Recompute the chart's data and the table from the current filters."""
        table = self.daily_table()
        x = table.index.to_numpy().astype("datetime64[ms]")
        with self.energy_bars.hold_sync():
            self.energy_bars.x = x
            self.energy_bars.y = table["energy_kWh"].to_numpy(float)
        with self.co2_line.hold_sync():
            self.co2_line.x = x
            self.co2_line.y = table["co2e_kg"].to_numpy(float)
        with self.intensity_line.hold_sync():
            self.intensity_line.x = x
            self.intensity_line.y = table["intensity_g_per_kwh"].to_numpy(float)
        self.top_table.value = self._table_html(self.top_jobs())

    def top_jobs(self) -> pd.DataFrame:
        """The ``top_n`` selected jobs with the largest emissions (then energy)."""
        jobs = self.selected_jobs()
        if jobs.empty:
            return jobs
        return jobs.sort_values(["co2e_kg", "energy_kWh"], ascending=False,
                                na_position="last").head(self.top_n)

    @staticmethod
    def _table_html(jobs: pd.DataFrame) -> str:
        columns: Sequence[str] = ("JobID", "User", "Account", "Partition", "n_nodes",
                                  "energy_kWh", "co2e_kg", "intensity_source", "flags")
        if jobs.empty:
            return "<p>No jobs match.</p>"
        head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
        rows = []
        for _, row in jobs.iterrows():
            cells = []
            for c in columns:
                v = row.get(c, "")
                text = f"{v:.3f}" if isinstance(v, float) else str(v)
                cells.append(f"<td>{html.escape(text)}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        return (f"<table class='fl-hpc-top'><thead><tr>{head}</tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>")

    def export_csv(self, path: str | None = None, overwrite: bool | None = None) -> str | None:
        """Write the selected jobs to CSV; refuses an existing file unless overwrite is set.

        Returns the path written, or ``None`` (the reason is shown in ``export_status``).
        """
        path = path or self.export_path.value
        overwrite = self.export_overwrite.value if overwrite is None else overwrite
        if not path:
            self.export_status.value = "give a file name"
            return None
        jobs = self.selected_jobs()
        try:  # the project's one atomic writer: no half-written file, no silent replacement
            with atomic_write(path, overwrite=overwrite, hint="'overwrite'") as handle:
                jobs.to_csv(handle, index=False)
        except OutputExistsError:
            self.export_status.value = f"{path} exists: tick 'overwrite' to replace it"
            return None
        except OSError as exc:
            self.export_status.value = f"could not write {path}: {exc.strerror or exc}"
            return None
        self.export_status.value = f"wrote {len(jobs)} jobs to {path}"
        return path


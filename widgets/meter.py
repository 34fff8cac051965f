"""The live footprint meter shown by ``%%footprint``: elapsed time, power, energy, emissions.

It is an ipywidgets ``HTML`` whose value the tracker's sampler thread refreshes about once a
second (:meth:`FootprintMeter.update`), then the run's summary (:meth:`FootprintMeter.finish`).
"""

from __future__ import annotations

import html
import math
from typing import Any

import ipywidgets as widgets
from traitlets import Bool, Float, Unicode

__all__ = ["FootprintMeter"]

_STYLE = (
    "font-family:var(--jp-code-font-family,monospace);font-size:12px;"
    "border:1px solid #bbb;border-radius:4px;padding:4px 8px;display:inline-block"
)


def _number(value: float, digits: int = 4) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.{digits}g}"


class FootprintMeter(widgets.HTML):
    """Live figures of a running tracker.

    Attributes (traits)
    -------------------
    elapsed_s, power_w, energy_wh, emissions_g : float
        The latest figures.
    project_name : str
    finished : bool
        True once :meth:`finish` was called.
    """

    elapsed_s = Float(0.0)
    power_w = Float(0.0)
    energy_wh = Float(0.0)
    emissions_g = Float(0.0)
    project_name = Unicode("")
    finished = Bool(False)

    def __init__(self, project_name: str = "", **kwargs: Any):
        super().__init__(**kwargs)
        self.project_name = project_name
        self.value = self._render("starting…")

    def update(self, measurement: Any) -> None:
        """Show a measurement so far (called from the sampler thread)."""
        if self.finished:
            return
        self._take(measurement)
        self.value = self._render("running")

    def finish(self, measurement: Any) -> None:
        """Show the final figures and the methods used."""
        self._take(measurement)
        self.finished = True
        methods = "".join(
            f"<div>{html.escape(name)}: {html.escape(text)}</div>"
            for name, text in measurement.methods.items()
        )
        where = html.escape(
            f"{measurement.country_name or 'no country'}, "
            f"{_number(measurement.intensity_g_per_kwh)} g/kWh, {measurement.mode} mode"
        )
        extra = f"<div style='color:#555'>{where}</div><div style='color:#555'>{methods}</div>"
        label = "done" + (" (estimated)" if measurement.estimated else "")
        self.value = self._render(label, extra)

    def _take(self, m: Any) -> None:
        with self.hold_trait_notifications():
            self.elapsed_s = m.duration_s
            self.power_w = m.power_w
            self.energy_wh = m.energy_wh
            self.emissions_g = m.emissions_g

    def _render(self, state: str, extra: str = "") -> str:
        name = html.escape(self.project_name or "footprint")
        return (
            f"<div class='footprintlab-meter' style='{_STYLE}'>"
            f"<b>{name}</b> · {html.escape(state)} · "
            f"<span class='elapsed'>{self.elapsed_s:.1f} s</span> · "
            f"<span class='power'>{_number(self.power_w, 3)} W</span> · "
            f"<span class='energy'>{_number(self.energy_wh)} Wh</span> · "
            f"<span class='emissions'>{_number(self.emissions_g)} g CO2e</span>"
            f"{extra}</div>"
        )

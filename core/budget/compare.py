"""A budget's verdict: the current figure against the baseline's, and the text shown for it."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .quantity import J_PER_KWH

__all__ = ["Verdict", "change_pct", "joules", "grams", "percent"]


def change_pct(current: float, baseline: float) -> float:
    """Change of ``current`` against ``baseline``, % (inf when the baseline is 0 and it is not)."""
    if baseline > 0:
        return (current / baseline - 1.0) * 100.0  # % = (new / old - 1) x 100
    return 0.0 if current <= 0 else math.inf


@dataclass(frozen=True)
class Verdict:
    """The current budget energy against the baseline's, with the allowed increase."""

    current_kwh: float
    baseline_kwh: float
    limit_pct: float | None = None  # None: report only

    @property
    def change_pct(self) -> float:
        return change_pct(self.current_kwh, self.baseline_kwh)

    @property
    def over(self) -> bool:
        """Over budget: more than ``limit_pct`` % above the baseline."""
        return self.limit_pct is not None and self.change_pct > self.limit_pct

    def describe(self) -> str:
        text = (f"budget {joules(self.current_kwh)} against the baseline's "
                f"{joules(self.baseline_kwh)}: {percent(self.change_pct)}")
        if self.limit_pct is None:
            return text
        if self.over:
            return f"{text}, over the allowed +{self.limit_pct:g}%: OVER BUDGET"
        return f"{text}, within the allowed +{self.limit_pct:g}%"


def _si(value: float, unit: str) -> str:
    if math.isnan(value):
        return "unknown"
    for factor, prefix in ((1e3, "k"), (1.0, ""), (1e-3, "m"), (1e-6, "µ")):
        if abs(value) >= factor:
            return f"{value / factor:.3g} {prefix}{unit}"
    return f"{value * 1e9:.3g} n{unit}" if value else f"0 {unit}"


def joules(kwh: float) -> str:
    """An energy given in kWh, shown in J with a prefix (J = kWh x 3.6e6)."""
    return _si(kwh * J_PER_KWH, "J")


def grams(kg: float) -> str:
    """A mass of CO2e given in kg, shown in g with a prefix."""
    if math.isnan(kg):
        return "CO2e unknown (no country)"
    return _si(kg * 1000.0, "g") + " CO2e"


def percent(value: float) -> str:
    if math.isinf(value):
        return "new (baseline 0)"
    return f"{value:+.1f}%"

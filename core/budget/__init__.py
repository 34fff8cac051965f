"""An emissions budget used like code coverage: a number in every run, a baseline, a verdict.

- ``pytest --footprint`` (:mod:`.plugin`): per-test footprint.csv and a coverage-like report,
  ``--footprint-baseline``, ``--footprint-fail-over PCT``, ``--footprint-save-baseline``;
- ``footprintlab budget run -- CMD ARGS...`` (:mod:`.run`): the same for any command's process
  tree; ``footprintlab budget report emissions.csv -o report.html`` (:mod:`.report`);
- ``fl.measure.History("emissions.csv")``: the widget of the runs over time.

The budget rests on CPU time x a power model (:mod:`.quantity`), stable from run to run where the
measured energy is not; files and their readers are in :mod:`.files`.
"""

from __future__ import annotations

from .compare import Verdict
from .files import (
    Baseline,
    BaselineEntry,
    BudgetFileError,
    Run,
    read_baseline,
    read_runs,
    write_baseline,
)
from .quantity import PowerModel, cpu_seconds, power_model

__all__ = [
    "Baseline", "BaselineEntry", "BudgetFileError", "PowerModel", "Run", "Verdict",
    "cpu_seconds", "power_model", "read_baseline", "read_runs", "write_baseline",
]

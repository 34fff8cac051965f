"""Shared test data for tests/hpc (imported by the test modules)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def step_series(t0: float, step: float | None) -> pd.DataFrame:
    """The notebook's series: 300 W for 1,800 s, 150 W for 1,289 s, 300 W for 1,800 s.

    ``step=None`` gives samples on the steps (both values at each change); otherwise samples
    every ``step`` seconds from ``t0`` to the end.
    """
    if step is None:
        t = np.array([0, 1800, 1800, 3089, 3089, 4889], float)
        w = np.array([300, 300, 150, 150, 300, 300], float)
    else:
        t = np.arange(0, 4889 + step, step, dtype=float)
        w = np.where(t < 1800, 300.0, np.where(t < 3089, 150.0, 300.0))
    return pd.DataFrame({"time": t0 + t, "watts": w})


NOTEBOOK_ENERGY_J = 1_273_350.0  # 300 W * 1800 s + 150 W * 1289 s + 300 W * 1800 s
DATA_DIR = Path(__file__).parent / "data"

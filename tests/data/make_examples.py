"""Write the generated sample files shipped in ``footprintlab.examples`` (HPC part).

Run from the repository root: ``python tests/data/make_examples.py``. Deterministic (fixed seed):
``tests/test_examples.py`` checks that the shipped files are what this script writes.
Nothing here is measured: jobs and power come from ``footprintlab.hpc.synthetic``; the grid
intensity is a daily cycle in the range of Great Britain's grid (about 90 to 230 g/kWh).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from footprintlab.hpc.synthetic import generate_cluster

START = "2024-10-21T00:00Z"
DAYS = 2


def sacct_and_power() -> tuple[str, str]:
    cluster = generate_cluster(n_nodes=4, n_jobs=40, days=DAYS, start=START, step=120.0,
                               timezone="Europe/London", seed=7)
    samples = cluster.samples()
    stamps = pd.to_datetime(samples["time"], unit="s", utc=True).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    power = pd.DataFrame({"timestamp": stamps, "node": samples["node"].astype(str),
                          "watts": samples["watts"].round(1)})
    return cluster.sacct_text(), power.to_csv(index=False, lineterminator="\n")


def intensity() -> str:
    start = pd.Timestamp(START)
    halves = np.arange(DAYS * 48 + 48)  # one more day, so that late jobs are covered
    frm = start + pd.to_timedelta(halves * 30, unit="min")
    hours = (halves / 2.0) % 24
    # gCO2e/kWh: low at night and early afternoon (wind, solar), high at the evening peak
    values = 150 + 45 * np.cos((hours - 18.5) / 24 * 2 * np.pi) - 25 * np.cos((hours - 13) / 12 * np.pi)
    frame = pd.DataFrame({"from": frm.strftime("%Y-%m-%dT%H:%MZ"),
                          "to": (frm + pd.Timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%MZ"),
                          "intensity": np.round(values).astype(int)})
    return frame.to_csv(index=False, lineterminator="\n")


def files() -> dict[str, str]:
    sacct, power = sacct_and_power()
    return {"sacct.txt": sacct, "power.csv": power, "intensity.csv": intensity()}


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "core/examples")
    for name, text in files().items():
        (target / name).write_text(text, encoding="utf-8")
        print(f"wrote {target / name} ({len(text.splitlines())} lines)")

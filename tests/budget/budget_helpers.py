"""A small emissions CSV with two projects and a baseline, written as the budget writes them."""
from __future__ import annotations

from footprintlab.budget.files import (
    BASELINE_COLUMNS,
    footprint_columns,
)


def write_history(path, projects=("web", "batch <&> \"q\""), runs=4) -> None:
    """``runs`` session rows per project, a day apart, budget growing 1 J per run."""
    lines = [",".join(footprint_columns())]
    columns = footprint_columns()
    for p_index, project in enumerate(projects):
        for day in range(runs):
            row = dict.fromkeys(columns, "")
            budget_j = 10.0 + day + p_index * 100
            row.update(timestamp=f"2025-03-{day + 1:02d}T10:00:00", project_name=project,
                       run_id=f"r{p_index}{day}", experiment_id=f"e{p_index}{day}",
                       duration="2.0", emissions=str(budget_j * 1e-4 / 3.6e6 * 1000),
                       energy_consumed=str(budget_j * 1.1 / 3.6e6),
                       phase="session", cpu_seconds=str(budget_j / 4),
                       budget_energy=str(budget_j / 3.6e6))
            lines.append(",".join(_quote(row[c]) for c in columns))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_baseline_file(path, budget_j=11.0) -> None:
    path.write_text(",".join(BASELINE_COLUMNS) + f"\n,session,{budget_j / 4},{budget_j / 3.6e6},,\n")


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text

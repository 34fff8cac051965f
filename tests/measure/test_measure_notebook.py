"""examples/measure.ipynb runs top to bottom in a real kernel (nbclient)."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "measure.ipynb"


def _text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if "text" in output:
            parts.append(output["text"])
        parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


@pytest.mark.slow
def test_measure_notebook_runs_and_shows_figures(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not any(o.get("output_type") == "error" for o in c.outputs) for c in code_cells)
    summary = _text(code_cells[1])
    assert summary.startswith("notebook demo: ")
    assert "France (FRA), 56.04 g/kWh" in summary
    # the magic cell displayed the live meter widget
    magic_cell = next(c for c in code_cells if c.source.startswith("%%footprint"))
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
               for o in magic_cell.outputs)
    after = _text(next(c for c in code_cells if "_footprint.energy_wh" in c.source))
    assert after.startswith("magic cell: ") and "Wh" in after
    rows = _text(next(c for c in code_cells if "rows in the CSV" in c.source))
    assert "rows in the CSV: 5" in rows
    job = _text(code_cells[-1])
    assert job.startswith("serverless")
    # the widget's final state (stored by nbclient) holds the summary
    states = nb.metadata.get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    values = [s["state"].get("value", "") for s in states.values()]
    assert any("magic cell" in v and "done" in v for v in values)

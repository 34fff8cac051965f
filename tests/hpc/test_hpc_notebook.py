"""examples/hpc.ipynb runs end to end (nbclient, a real kernel) and prints the right value."""

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = Path(__file__).parents[2] / "examples" / "hpc.ipynb"


@pytest.mark.slow
def test_hpc_notebook_runs_and_integrates_right(tmp_path):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=180, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    texts = ["".join(o.get("text", "") for o in c.get("outputs", []))
             for c in nb.cells if c.cell_type == "code"]
    joined = "\n".join(texts)
    assert "exact: 1,273,350 J = 353.708 Wh" in joined
    line = next(t for t in joined.splitlines() if t.startswith("30-s samples"))
    assert "1,273,200 J" in line  # within 1 % of the exact value (-0.012 %)
    assert "400 jobs" in joined
    widget_outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                      if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(widget_outputs) == 1

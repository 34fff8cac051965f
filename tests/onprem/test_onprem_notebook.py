"""examples/onprem.ipynb runs top to bottom in a real kernel and shows CCF's number."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

pytest.importorskip("nbclient")
from nbclient import NotebookClient  # noqa: E402

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "onprem.ipynb"


@pytest.mark.slow
def test_notebook_runs_and_shows_ccf_value(tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, kernel_name="python3", timeout=180,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [out for cell in notebook.cells if cell.cell_type == "code"
               for out in cell.get("outputs", [])]
    text = "\n".join(out.get("text", "") for out in outputs if out.output_type == "stream")
    assert "annualCo2e (t): 1.2101252540279446" in text
    assert "ccf_example.footprint.csv" in text
    assert "row 2, column 'memory': got 'lots'" in text
    assert "did you mean United States (USA)" in text
    assert not [out for out in outputs if out.output_type == "error"]

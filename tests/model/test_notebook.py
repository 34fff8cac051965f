"""The quickstart notebook runs top to bottom (nbclient) and shows the expected figures."""
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "quickstart.ipynb"


@pytest.mark.slow
def test_quickstart_notebook_runs(tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = {i: "".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                          for o in cell.get("outputs", [])) for i, cell in enumerate(notebook.cells)}
    assert "Devices" in outputs[3] and "Storage" in outputs[3]
    assert "instances × idle power × PUE" in outputs[4]
    assert "streaming's data_download changing from 800 MB to 500 MB" in outputs[5]
    assert int(outputs[7].strip()) > 1_000_000

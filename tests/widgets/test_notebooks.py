"""The example notebooks run top to bottom in a real kernel (nbclient)."""
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

pytestmark = pytest.mark.slow


def run(name: str, tmp_path, env=None):
    notebook = nbformat.read(EXAMPLES / name, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_widgets_notebook_runs_and_shows_live_widgets(tmp_path):
    cells = run("widgets.ipynb", tmp_path)
    views = [cell for cell in cells if any(WIDGET_VIEW in o.get("data", {}) for o in cell.outputs)]
    assert len(views) == 7  # editor, chart, breakdown, diff, object graph, calculation graph, explorer
    printed = "".join(o.get("text", "") for cell in cells for o in cell.outputs)
    assert "streaming's data_download changing from 800 MB to 500 MB" in printed
    assert "t CO2e over 3 years" in printed


def test_app_notebook_shows_the_explorer(tmp_path, monkeypatch):
    monkeypatch.delenv("FOOTPRINTLAB_MODEL", raising=False)
    cells = run("app.ipynb", tmp_path)
    assert any(WIDGET_VIEW in o.get("data", {}) for o in cells[-1].outputs)

"""Every notebook in examples/ runs in CI: each is executed by a test (this file runs the ones no
other test does), and a new notebook without a test fails here."""
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
RUN_HERE = ["model_breadth.ipynb"]


def test_every_example_notebook_is_run_by_a_test():
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py"))
    for notebook in sorted(EXAMPLES.glob("*.ipynb")):
        assert notebook.name in tests, f"examples/{notebook.name} is run by no test"


@pytest.mark.parametrize("name", RUN_HERE)
def test_example_notebook_runs(name, tmp_path):
    pytest.importorskip("ecologits")
    notebook = nbformat.read(EXAMPLES / name, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors

"""Shared helpers of the workshop tests: running notebooks with nbclient."""
from __future__ import annotations

import copy

import nbformat
from footprintlab.workshop import MODULES, course_path
from nbclient import NotebookClient

MODULE_KEYS = list(MODULES)


def read(version: str, key: str) -> nbformat.NotebookNode:
    return nbformat.read(course_path() / version / f"{key}.ipynb", as_version=4)


def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def until_first_exercise(nb):
    """A copy of the notebook without its first exercise cell and everything after it."""
    nb = copy.deepcopy(nb)
    first = next(i for i, cell in enumerate(nb.cells) if "exercise" in tags(cell))
    nb.cells = nb.cells[:first]
    return nb


def execute(nb, workdir) -> nbformat.NotebookNode:
    """Run every cell (raises CellExecutionError on the first error) in ``workdir``."""
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(workdir)}}).execute()
    return nb


def stdout(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout")

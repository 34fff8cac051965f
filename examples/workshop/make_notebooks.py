"""Write the workshop's notebooks: one source, two versions (learner, instructor).

    python examples/workshop/make_notebooks.py          # writes core/workshop/course/{learner,instructor}/
    python examples/workshop/make_notebooks.py --check  # exit 1 if the committed notebooks differ

Each module is a list of cells. ``ex(learner, solution)`` is an exercise cell: the learner
version has ``...`` to fill in, the instructor version the solution (both tagged ``exercise``; the
instructor's also ``solution``). ``teacher(...)`` cells exist only in the instructor version.
Edit this file, not the notebooks; tests/workshop checks they match.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from modules import MODULES

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "core" / "workshop" / "course"


def _source(text: str) -> list[str]:
    lines = text.strip("\n").split("\n")
    return [line + "\n" for line in lines[:-1]] + [lines[-1]]


def build(module_key: str, cells: list, instructor: bool) -> dict:
    out = []
    for index, cell in enumerate(cells):
        kind, body = cell[0], cell[1:]
        tags = []
        if kind == "teacher":
            if not instructor:
                continue
            kind, text = "md", "**Instructor** — " + body[0].strip()
            tags = ["instructor"]
        elif kind == "ex":
            kind, text = "code", body[1] if instructor else body[0]
            tags = ["exercise", "solution"] if instructor else ["exercise"]
        else:
            text = body[0]
        cell_id = f"{module_key[:2]}-{index:02d}"
        metadata = {"tags": tags} if tags else {}
        if kind == "md":
            out.append({"cell_type": "markdown", "id": cell_id, "metadata": metadata,
                        "source": _source(text)})
        else:
            out.append({"cell_type": "code", "execution_count": None, "id": cell_id,
                        "metadata": metadata, "outputs": [], "source": _source(text)})
    return {
        "cells": out,
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                           "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def notebooks() -> dict[Path, str]:
    """Relative path -> JSON text of every generated notebook."""
    files = {}
    for key, cells in MODULES.items():
        for version in ("learner", "instructor"):
            nb = build(key, cells, instructor=version == "instructor")
            files[Path(version) / f"{key}.ipynb"] = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    return files


def main(argv: list[str]) -> int:
    stale = []
    for relative, text in notebooks().items():
        path = COURSE / relative
        if "--check" in argv:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(str(relative))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if stale:
        print("out of date (run examples/workshop/make_notebooks.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

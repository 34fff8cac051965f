"""Every instructor notebook runs top to bottom and every exercise's check passes; every learner
notebook runs up to its first exercise; the notebooks are what make_notebooks.py writes."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from footprintlab.workshop import exercises
from workshop_helpers import MODULE_KEYS, execute, read, stdout, tags, until_first_exercise

ROOT = Path(__file__).resolve().parents[2]
CHECK_CALL = re.compile(r'check\("(\d\.\d)"')


@pytest.mark.parametrize("key", MODULE_KEYS)
def test_instructor_notebook_runs_and_every_check_passes(key, tmp_path):
    nb = execute(read("instructor", key), tmp_path)
    for cell in nb.cells:
        if "exercise" in tags(cell):
            text = stdout(cell)
            assert "✅" in text and "💡" not in text, (key, cell.source, text)


@pytest.mark.parametrize("key", MODULE_KEYS)
def test_learner_notebook_runs_until_its_first_exercise(key, tmp_path):
    execute(until_first_exercise(read("learner", key)), tmp_path)


@pytest.mark.parametrize("key", MODULE_KEYS)
def test_a_learner_who_skips_every_exercise_gets_hints_not_errors(key, tmp_path):
    nb = execute(read("learner", key), tmp_path)
    for cell in nb.cells:
        if "exercise" in tags(cell):
            assert "💡" in stdout(cell) and "✅" not in stdout(cell), cell.source


@pytest.mark.parametrize("key", MODULE_KEYS)
def test_learning_goals_prose_and_two_to_four_exercises(key):
    for version in ("learner", "instructor"):
        nb = read(version, key)
        assert "By the end of this module you can" in nb.cells[0].source
        exercise_cells = [c for c in nb.cells if "exercise" in tags(c)]
        assert 2 <= len(exercise_cells) <= 4, (version, key)
        markdown = [c for c in nb.cells if c.cell_type == "markdown"]
        assert len(markdown) >= len(exercise_cells) + 3   # prose between the code
    learner = read("learner", key)
    assert not any("solution" in tags(c) or "instructor" in tags(c) for c in learner.cells)
    for cell in learner.cells:
        if "exercise" in tags(cell):
            assert "..." in cell.source and "check(" in cell.source, cell.source


def test_each_exercise_has_a_check_and_each_check_an_exercise():
    used = []
    for key in MODULE_KEYS:
        for cell in read("instructor", key).cells:
            if "exercise" in tags(cell):
                used += CHECK_CALL.findall(cell.source)
    assert used == list(exercises())


def test_the_notebooks_are_those_make_notebooks_writes():
    script = ROOT / "examples" / "workshop" / "make_notebooks.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_examples_folder_shows_the_shipped_notebooks():
    for version in ("learner", "instructor"):
        folder = ROOT / "examples" / "workshop" / version
        assert sorted(p.name for p in folder.glob("*.ipynb")) == [f"{k}.ipynb" for k in MODULE_KEYS]

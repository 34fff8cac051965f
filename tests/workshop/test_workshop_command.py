"""footprintlab workshop [DIR] [--instructor]: real files, a real subprocess, never over a file.

Exit status: 0 all copied, 1 some files existed and were kept, 2 error.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from footprintlab.workshop import MODULES

NOTEBOOKS = [f"{key}.ipynb" for key in MODULES]
DATA = ["fleet.csv", "fleet_with_errors.csv", "intensity.csv", "power.csv", "sacct.txt"]


def workshop(*args, cwd):
    return subprocess.run([sys.executable, "-m", "footprintlab.cli", "workshop", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_default_folder_gets_the_learner_notebooks_and_data(tmp_path):
    done = workshop(cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "footprintlab-workshop"
    assert sorted(p.name for p in folder.glob("*.ipynb")) == NOTEBOOKS
    assert sorted(p.name for p in (folder / "data").iterdir()) == DATA
    assert (folder / "README.md").is_file()
    assert not (folder / "INSTRUCTOR_NOTES.md").exists()
    assert "learner version" in done.stdout and "01-what-makes-the-footprint.ipynb" in done.stdout
    assert done.stderr == ""
    solution = (folder / "02-what-if.ipynb").read_text(encoding="utf-8")
    assert '"solution"' not in solution


def test_instructor_copies_solutions_and_notes(tmp_path):
    done = workshop("course", "--instructor", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "course"
    assert (folder / "INSTRUCTOR_NOTES.md").is_file()
    assert sorted(p.name for p in folder.glob("*.ipynb")) == NOTEBOOKS
    assert '"solution"' in (folder / "02-what-if.ipynb").read_text(encoding="utf-8")


def test_existing_files_are_kept_and_reported_exit_1(tmp_path):
    folder = tmp_path / "ws"
    (folder / "data").mkdir(parents=True)
    mine = folder / "01-what-makes-the-footprint.ipynb"
    mine.write_text("my answers", encoding="utf-8")
    (folder / "data" / "fleet.csv").write_text("my fleet", encoding="utf-8")
    done = workshop(str(folder), cwd=tmp_path)
    assert done.returncode == 1
    assert mine.read_text(encoding="utf-8") == "my answers"
    assert (folder / "data" / "fleet.csv").read_text(encoding="utf-8") == "my fleet"
    assert "kept, not replaced (already exists)" in done.stderr
    assert str(mine) in done.stderr and "2 file(s) already existed" in done.stderr
    assert (folder / "02-what-if.ipynb").is_file()        # the others were copied
    again = workshop(str(folder), cwd=tmp_path)           # a second run replaces nothing
    assert again.returncode == 1 and "0 file(s) copied" in again.stdout


@pytest.mark.skipif(os.name == "nt", reason="symbolic links")
def test_a_symbolic_link_in_the_way_is_not_followed(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    target = tmp_path / "elsewhere.txt"
    target.write_text("precious", encoding="utf-8")
    (folder / "02-what-if.ipynb").symlink_to(target)
    done = workshop(str(folder), cwd=tmp_path)
    assert done.returncode == 1
    assert target.read_text(encoding="utf-8") == "precious"


def test_a_file_as_destination_is_an_error_exit_2(tmp_path):
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    done = workshop("taken", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("footprintlab workshop: error:") and "not a folder" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_help_documents_the_exit_status(tmp_path):
    done = workshop("--help", cwd=tmp_path)
    assert done.returncode == 0 and "exit status: 0 all copied; 1 some files existed" in done.stdout
    listed = subprocess.run([sys.executable, "-m", "footprintlab.cli", "--help"],
                            capture_output=True, text=True, timeout=60)
    assert "workshop" in listed.stdout

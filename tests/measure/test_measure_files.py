"""The CSV output on real files: links, read-only files, modes, and a lock held by another process."""

from __future__ import annotations

import csv
import os
import stat
import subprocess
import sys
import time

import footprintlab.measure as measure
import pytest
from footprintlab.measure import MeasureWarning, Tracker
from footprintlab.measure import output as output_module

OPTIONS = dict(country="FRA", rapl_root="/nonexistent", gpu=False)


def _run_ids(path):
    with open(path, newline="") as handle:
        return [row["run_id"] for row in csv.DictReader(handle)]


def test_an_output_that_is_a_symlink_writes_its_target_and_the_link_stays(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    target = data / "emissions.csv"
    link = tmp_path / "emissions.csv"
    link.symlink_to(target)
    tracker = Tracker("linked", output=link, **OPTIONS)
    with tracker:
        pass
    with tracker:
        pass
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert _run_ids(target) == [m.run_id for m in tracker.measurements]
    assert sorted(p.name for p in data.iterdir()) == ["emissions.csv"]  # no temporary left


def test_a_read_only_csv_is_not_replaced_and_the_run_is_kept(tmp_path):
    path = tmp_path / "emissions.csv"
    with Tracker("first", output=path, **OPTIONS):
        pass
    path.chmod(0o444)
    before = path.read_bytes()
    inode = path.stat().st_ino
    with pytest.warns(MeasureWarning, match="read-only: it was not replaced"):
        with Tracker("kept", output=path, **OPTIONS) as tracker:
            pass
    assert path.read_bytes() == before and path.stat().st_ino == inode
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    session = measure.runs()
    assert tracker.last.run_id in set(session["run_id"])


def test_a_replaced_file_keeps_its_mode(tmp_path):
    path = tmp_path / "emissions.csv"
    with Tracker("first", output=path, **OPTIONS):
        pass
    path.chmod(0o640)
    with Tracker("second", output=path, **OPTIONS):
        pass
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert len(_run_ids(path)) == 2


HOLD_LOCK = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
sys.stdin.readline()
"""


def test_a_lock_held_by_another_process_delays_the_run_about_a_second_then_the_row_is_written(
        tmp_path):
    # the defect: flock(LOCK_EX) without a timeout held the user's code as long as the lock
    path = tmp_path / "emissions.csv"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        tracker = Tracker("waiting", output=path, **OPTIONS)
        began = time.monotonic()
        with pytest.warns(MeasureWarning, match="locked by another writer.*kept"):
            with tracker:
                pass
        assert time.monotonic() - began < 3.0  # generous: the wait is bounded at about 1 s
        assert not path.exists()
        kept = output_module.pending_runs()
        assert [m.run_id for m in kept[path.resolve()]] == [tracker.last.run_id]
    finally:
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
    assert output_module.flush_pending(timeout=10.0) == {}
    assert _run_ids(path) == [tracker.last.run_id]

"""A run still going when the program ends is written, marked interrupted (real subprocesses)."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import textwrap

import pytest

SETUP = """
import sys, time
from footprintlab.measure import Tracker, track
OUTPUT = sys.argv[1]
OPTIONS = dict(country="FRA", rapl_root="/nonexistent", gpu=False, output=OUTPUT)
"""


def _run(tmp_path, body: str, **options) -> tuple[subprocess.CompletedProcess, list[dict]]:
    path = tmp_path / "emissions.csv"
    script = SETUP + textwrap.dedent(body)
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                          text=True, timeout=60, **options)
    return done, _rows(path)


def _rows(path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_run_going_at_the_end_of_the_script_is_written_interrupted(tmp_path):
    done, rows = _run(tmp_path, """
        Tracker("left running", **OPTIONS).start()
        with track("finished", **OPTIONS):
            pass
    """)
    assert done.returncode == 0, done.stderr
    assert [(r["project_name"], r["interrupted"]) for r in rows] == [
        ("finished", "False"), ("left running", "True")]


def test_sys_exit_inside_a_block_writes_the_run_interrupted_and_keeps_the_exit_code(tmp_path):
    done, rows = _run(tmp_path, """
        Tracker("started", **OPTIONS).start()
        with track("block", **OPTIONS):
            sys.exit(3)
    """)
    assert done.returncode == 3, done.stderr
    assert {r["project_name"]: r["interrupted"] for r in rows} == {
        "block": "True", "started": "True"}


def test_sys_exit_in_a_decorated_function_marks_its_run_interrupted(tmp_path):
    done, rows = _run(tmp_path, """
        @track("decorated", **OPTIONS)
        def main():
            sys.exit("stopping")
        main()
    """)
    assert done.returncode == 1 and "stopping" in done.stderr
    assert [(r["project_name"], r["interrupted"]) for r in rows] == [("decorated", "True")]


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32",
                    reason="POSIX signals")
def test_sigterm_writes_the_run_interrupted_and_the_process_still_dies_of_sigterm(tmp_path):
    path = tmp_path / "emissions.csv"
    script = SETUP + textwrap.dedent("""
        tracker = Tracker("terminated", **OPTIONS).start()
        print("running", flush=True)
        time.sleep(60)
    """)
    child = subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "running"
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGTERM  # the program's own fate is unchanged
    rows = _rows(path)
    assert [(r["project_name"], r["interrupted"]) for r in rows] == [("terminated", "True")]


def test_a_program_handler_for_sigterm_is_left_alone(tmp_path):
    done, rows = _run(tmp_path, """
        import os, signal
        signal.signal(signal.SIGTERM, lambda *args: sys.exit(7))
        Tracker("handled", **OPTIONS).start()
        assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(30)
    """)
    assert done.returncode == 7, done.stderr
    assert [(r["project_name"], r["interrupted"]) for r in rows] == [("handled", "True")]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX fork")
def test_a_forked_child_exiting_does_not_write_its_parents_runs(tmp_path):
    done, rows = _run(tmp_path, """
        import os
        tracker = Tracker("parent", **OPTIONS).start()
        pid = os.fork()
        if pid == 0:
            sys.exit(0)  # the child's atexit must not end the parent's run
        os.waitpid(pid, 0)
        tracker.stop()
    """)
    assert done.returncode == 0, done.stderr
    assert [(r["project_name"], r["interrupted"]) for r in rows] == [("parent", "False")]

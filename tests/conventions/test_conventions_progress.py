"""Progress on long work: a bar on a terminal's stderr (not in a pipe, not with --quiet), a widget
bar in a notebook; Ctrl-C stops cleanly, leaving no partial output."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import footprintlab as fl
import pytest
from footprintlab import _progress

sys.path.insert(0, str(Path(__file__).parent))
from progress_helpers import COMMAND, big_inventory, environment, run_in_pty  # noqa: E402

ROWS = 300_000
# a tqdm line: description, percentage, counts, [elapsed<left, rate]
BAR = re.compile(r"estimating: +\d+%\|.*\| *[\d.]+k?/300k \[\d\d:\d\d<\d\d:\d\d, +[\d.]+k? rows/s\]")


@pytest.fixture(scope="module")
def inventory(tmp_path_factory):
    return big_inventory(tmp_path_factory.mktemp("onprem"), ROWS)


def test_onprem_in_a_terminal_shows_a_bar_with_rate_and_time_left(inventory, tmp_path):
    out = tmp_path / "out.csv"
    code, stderr, _ = run_in_pty([*COMMAND, "onprem", str(inventory), "-o", str(out)], tmp_path,
                                 environment(FOOTPRINTLAB_PROGRESS_DELAY="0.2"))
    assert code == 0, stderr
    assert BAR.search(stderr), stderr[-2000:]
    assert "Estimated 300000 machine(s)" not in stderr  # the summary goes to stdout
    assert out.exists()


def test_onprem_quiet_or_in_a_pipe_shows_no_bar(inventory, tmp_path):
    env = environment(FOOTPRINTLAB_PROGRESS_DELAY="0")
    code, stderr, _ = run_in_pty([*COMMAND, "onprem", "--example", "-o", "-", "--quiet"],
                                 tmp_path, env)
    assert code == 0 and "estimating" not in stderr and "Estimated 10 machine(s)" in stderr
    piped = subprocess.run([*COMMAND, "onprem", "--example", "-o", str(tmp_path / "x.csv")],
                           env=env, capture_output=True, text=True, timeout=120)
    assert piped.returncode == 0 and piped.stderr == "", piped.stderr


def test_hpc_run_in_a_terminal_shows_reading_and_integrating_bars(tmp_path):
    env = environment(FOOTPRINTLAB_PROGRESS_DELAY="0")
    out = tmp_path / "jobs.csv"
    code, stderr, _ = run_in_pty([*COMMAND, "hpc", "--example", "-o", str(out)], tmp_path, env)
    assert code == 0, stderr
    assert re.search(r"reading sacct: +\d+%", stderr), stderr
    assert re.search(r"integrating power: +\d+%\|.*\| \d/4 \[", stderr), stderr
    assert "wrote 40 jobs" in stderr
    code, quiet, _ = run_in_pty([*COMMAND, "hpc", "--example", "-q", "-o", str(out), "--force"],
                                tmp_path, env)
    assert code == 0 and "integrating" not in quiet and "wrote 40 jobs" in quiet


def test_ctrl_c_stops_cleanly_and_leaves_no_partial_output(inventory, tmp_path):
    out = tmp_path / "out.csv"

    def started(stderr: str) -> bool:  # interrupt in the middle of the run
        counts = re.findall(r"\| *([\d.]+)k/300k", stderr)
        return bool(counts) and float(counts[-1]) >= 30

    code, stderr, _ = run_in_pty([*COMMAND, "onprem", str(inventory), "-o", str(out)], tmp_path,
                                 environment(FOOTPRINTLAB_PROGRESS_DELAY="0"), interrupt_when=started)
    assert code == 130, stderr[-2000:]
    assert "interrupted; nothing written" in stderr
    assert "Traceback" not in stderr
    assert sorted(os.listdir(tmp_path)) == []  # neither the output nor its temporary file


def test_ctrl_c_during_an_hpc_run_leaves_no_output(tmp_path):
    script = textwrap.dedent("""
        import os, signal, sys
        import footprintlab.hpc.footprint as footprint
        from footprintlab.hpc import cli
        real = footprint.partition_energy
        def interrupted(*args, **kwargs):  # Ctrl-C while integrating
            os.kill(os.getpid(), signal.SIGINT)
            return real(*args, **kwargs)
        footprint.partition_energy = interrupted
        sys.exit(cli.main(["--example", "-o", sys.argv[1]]))
    """)
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "jobs.csv")],
                          cwd=tmp_path, env=environment(), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 130, done.stderr
    assert "interrupted; nothing written" in done.stderr and "Traceback" not in done.stderr
    assert os.listdir(tmp_path) == []


def test_progress_is_off_outside_a_tty_and_follows_the_settings(monkeypatch):
    monkeypatch.delenv("FOOTPRINTLAB_PROGRESS", raising=False)
    assert not _progress.enabled()  # pytest's stderr is captured: not a TTY
    assert _progress.progress(range(3)).disable
    monkeypatch.setenv("FOOTPRINTLAB_PROGRESS", "1")
    assert _progress.enabled()
    with _progress.disabled():
        assert not _progress.enabled() and not _progress.enabled(True)
    assert _progress.enabled()
    monkeypatch.setenv("FOOTPRINTLAB_PROGRESS", "0")
    assert not _progress.enabled() and _progress.enabled(True)


def test_monte_carlo_and_model_loading_take_a_progress_option(capsys, monkeypatch):
    monkeypatch.setenv("FOOTPRINTLAB_PROGRESS_DELAY", "0")
    from footprintlab.model import uncertainty

    system = fl.quickstart(48)
    server = system.servers()[0]
    server.power = fl.Uniform(250 * fl.u.W, 350 * fl.u.W)
    inputs = uncertainty.uncertain_inputs(system)
    rows = uncertainty.sample_matrix(inputs, 20, 0)
    outputs, failed = uncertainty.run_samples(system, inputs, rows, progress=True)
    assert len(outputs) == 20 and not failed.any()
    assert re.search(r"Monte Carlo: +\d+%\|.*\| \d+/20 \[", capsys.readouterr().err)
    uncertainty.run_samples(system, inputs, rows, progress=False)
    assert "Monte Carlo" not in capsys.readouterr().err
    monkeypatch.setenv("FOOTPRINTLAB_PROGRESS", "1")
    fl.load(system.to_json())
    assert "opening model" in capsys.readouterr().err


NOTEBOOK_CELLS = [
    "import os\nos.environ['FOOTPRINTLAB_PROGRESS_DELAY'] = '0'\nimport footprintlab as fl",
    "table = fl.onprem.estimate({inventory!r})\nlen(table)",
    "ex = fl.examples\njobs = fl.hpc.read_sacct(ex.path('sacct.txt'), timezone='Europe/London')\n"
    "result = fl.hpc.job_footprints(jobs, fl.hpc.read_power_csv(ex.path('power.csv')),\n"
    "                               fl.hpc.read_intensity_csv(ex.path('intensity.csv')))\n"
    "len(result.jobs)",
]


def test_in_a_notebook_long_work_shows_widget_bars(tmp_path_factory):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipywidgets")
    inventory = big_inventory(tmp_path_factory.mktemp("nb"), 30_000)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c.format(inventory=str(inventory)))
                for c in NOTEBOOK_CELLS]
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    onprem, hpc = nb.cells[1].outputs, nb.cells[2].outputs
    for outputs, description, count in ((onprem, "estimating", "30000"), (hpc, "reading sacct", "40"),
                                        (hpc, "integrating power", "40")):
        widgets = [o for o in outputs if "application/vnd.jupyter.widget-view+json"
                   in o.get("data", {})]
        assert widgets, outputs
        assert any(description in o["data"].get("text/plain", "") for o in widgets), outputs
        assert any(o.get("data", {}).get("text/plain") == count for o in outputs
                   if o["output_type"] == "execute_result")
    assert not any(o["output_type"] == "stream" and o["name"] == "stderr" for o in onprem + hpc)

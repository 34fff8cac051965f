"""%%footprint in a plain IPython shell (printed summary) and the live meter widget."""

from __future__ import annotations

import pytest
from footprintlab.measure import Tracker
from footprintlab.measure.magic import footprint, load_ipython_extension


@pytest.fixture
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance()
    yield ip
    InteractiveShell.clear_instance()


def test_magic_without_frontend_prints_the_summary_and_stores_the_measurement(shell, capsys,
                                                                             tmp_path):
    load_ipython_extension(shell)
    assert "footprint" in shell.magics_manager.magics["cell"]
    out = tmp_path / "cells.csv"
    shell.run_cell_magic("footprint", f"--country FRA --project cell-test --output {out}",
                         "total = sum(range(100000))")
    printed = capsys.readouterr().out
    assert printed.startswith("cell-test: ")
    assert "France (FRA), 56.04 g/kWh" in printed
    assert shell.user_ns["total"] == 4999950000
    m = shell.user_ns["_footprint"]
    assert m.project_name == "cell-test" and m.energy_kwh > 0
    assert out.read_text().count("\n") == 2


def test_magic_rejects_unknown_options_clearly(shell):
    with pytest.raises(ValueError, match="%%footprint: cannot read options"):
        footprint("--colour red", "pass", shell)


def test_meter_widget_shows_live_then_final_figures():
    from footprintlab.widgets.meter import FootprintMeter

    tracker = Tracker("widget", country="FRA", rapl_root="/nonexistent", gpu=False)
    meter = FootprintMeter("widget")
    tracker.start()
    live = tracker.current()
    meter.update(live)
    assert "running" in meter.value and meter.elapsed_s == live.duration_s
    final = tracker.stop()
    meter.finish(final)
    assert meter.finished
    assert meter.energy_wh == final.energy_wh and meter.emissions_g == final.emissions_g
    assert "done (estimated)" in meter.value
    assert "France, 56.04 g/kWh, process mode" in meter.value
    assert f"{final.energy_wh:.4g} Wh" in meter.value
    meter.update(live)  # a late tick after the end changes nothing
    assert "done" in meter.value


def test_core_measure_does_not_import_widget_libraries():
    import subprocess
    import sys

    code = ("import sys, footprintlab.measure as m; t = m.Tracker('x', country='FRA'); "
            "t.start(); t.stop(); "
            "print([k for k in ('ipywidgets', 'pandas', 'bqplot', 'anywidget') if k in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"

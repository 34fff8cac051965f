"""CompareView: built from two systems, live when either changes (one redraw per change)."""
import footprintlab as fl
import numpy as np
import pytest
from footprintlab import u

pytest.importorskip("bqplot")


def test_compare_view_live():
    from footprintlab.widgets.compare_view import CompareView

    a, b = fl.quickstart(24 * 14), fl.quickstart(24 * 14)
    view = CompareView(a, b, names=("today", "lighter video"))
    assert "no input differences" in view.inputs_table.value
    assert np.allclose(view.delta_bars.y, 0)
    assert view.lines.y.shape[0] == 2
    calls = []
    original = view.redraw
    view.redraw = lambda: (calls.append(1), original())[1]
    for binding in view._bindings:
        binding.close()
    view._bindings = [type(binding)(view.redraw, on_commit=view._dirty, system=system)
                      for binding, system in zip(view._bindings, (a, b))]
    b.jobs()[0].data_download = 400 * u.MB
    assert len(calls) == 1
    assert "data_download" in view.inputs_table.value and "400 MB" in view.inputs_table.value
    network = list(view.delta_bars.x).index("Network energy")
    assert view.delta_bars.y[0][network] < 0 and view.delta_bars.y[1][network] == 0
    assert "lighter video" in view.summary.value and "−" not in view.summary.value
    a.jobs()[0].data_download = 400 * u.MB
    assert len(calls) == 2
    assert "no input differences" in view.inputs_table.value
    view.close()


def test_compare_view_of_an_efootprint_file():
    from pathlib import Path

    from footprintlab.widgets.compare_view import CompareView

    data = Path(__file__).parent / "data"
    a = fl.load(data / "quickstart_computed.efp.json")
    b = fl.quickstart(60 * 24, efootprint_conventions=True)
    view = CompareView(a, b)
    assert view.comparison.total["relative"] == pytest.approx(0, abs=0.05)
    view.close()

"""``fl.measure.History``: projects filterable, baseline drawn, marks updated in place in one message."""
from __future__ import annotations

import numpy as np
import pytest
from budget_helpers import write_baseline_file, write_history


@pytest.fixture
def sent(monkeypatch):
    """Every state update a widget sends, as ``(widget, state keys)``."""
    import ipywidgets

    records = []
    original = ipywidgets.Widget._send

    def recording(self, msg, buffers=None):
        if msg.get("method") == "update":
            records.append((self, set(msg["state"])))
        return original(self, msg, buffers)

    monkeypatch.setattr(ipywidgets.Widget, "_send", recording)
    yield records
    ipywidgets.Widget.close_all()


def test_history_per_project_with_the_baseline(tmp_path, sent):
    import footprintlab as fl

    write_history(tmp_path / "h.csv", projects=("web", "batch"), runs=4)
    write_baseline_file(tmp_path / "b.csv", budget_j=11.0)
    history = fl.measure.History(tmp_path / "h.csv", baseline=tmp_path / "b.csv", project="web")
    assert history.projects == ["batch", "web"] and history.quantity == "budget"
    x, y = history.values()
    np.testing.assert_allclose(y, [10, 11, 12, 13])  # J, one point per session
    assert x.dtype == np.dtype("datetime64[ms]") and str(x[0]) == "2025-03-01T10:00:00.000"
    assert history.baseline_mark.visible
    np.testing.assert_allclose(history.baseline_mark.y, [11, 11])
    assert list(history.baseline_mark.x) == [x[0], x[-1]]

    figure, marks = history.figure, list(history.figure.marks)
    sent.clear()
    history.project = "batch"
    assert history.figure is figure and history.figure.marks == marks  # never rebuilt
    np.testing.assert_allclose(history.values()[1], [110, 111, 112, 113])
    runs_updates = [keys for widget, keys in sent if widget is history.runs_mark]
    assert len(runs_updates) == 1 and "y" in runs_updates[0]  # one message for the mark
    # the baseline spans the same dates at the same value: nothing resent
    assert [1 for widget, _ in sent if widget is history.baseline_mark] == []

    history.quantity = "emissions"  # no baseline CO2e in the file: not drawn
    assert not history.baseline_mark.visible
    assert history.y_axis.label == "CO2e (g)"


def test_reload_shows_new_runs_and_errors_are_clear(tmp_path):
    from footprintlab.budget import BudgetFileError
    from footprintlab.widgets.history import History

    write_history(tmp_path / "h.csv", projects=("web",), runs=2)
    history = History(tmp_path / "h.csv", baseline=12.5, quantity="energy")
    assert len(history.values()[1]) == 2
    np.testing.assert_allclose(history.baseline_mark.y, [12.5, 12.5])
    write_history(tmp_path / "h.csv", projects=("web", "api"), runs=3)
    history.reload()
    assert history.projects == ["api", "web"] and len(history.values()[1]) == 3
    with pytest.raises(ValueError, match="no runs of project 'nope'"):
        History(tmp_path / "h.csv", project="nope")
    (tmp_path / "bad.csv").write_text("timestamp,project_name,energy_consumed\nnow,p,1\n")
    with pytest.raises(BudgetFileError, match="bad.csv: line 2: timestamp 'now'"):
        History(tmp_path / "bad.csv")

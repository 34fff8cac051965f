"""OnPremView without a browser: widgets get a dummy comm; assert on values and state."""

from __future__ import annotations

import datetime

import numpy as np
import pytest
from onprem_ccf_cases import EXAMPLE_INPUT_CSV
from onprem_helpers import GOOD_ROW, csv_text

pytest.importorskip("bqplot")
from footprintlab.widgets.onprem_view import OnPremView  # noqa: E402

FLEET = csv_text(
    GOOD_ROW,
    GOOD_ROW.replace(",server,", ",laptop,"),
    GOOD_ROW.replace("France", "Germany"),
    GOOD_ROW.replace(",192,", ",lots,"),  # invalid: skipped and reported
)


def upload(view, text: str, name: str = "fleet.csv") -> None:
    content = text.encode()
    view.upload.value = ({"name": name, "type": "text/csv", "size": len(content),
                          "content": memoryview(content),
                          "last_modified": datetime.datetime(2024, 1, 1)},)


def test_upload_fills_report_table_and_stacked_bars():
    view = OnPremView()
    upload(view, FLEET)
    assert len(view.result) == 3 and view.validation.skipped_rows == [4]
    assert "row 4, column &#x27;memory&#x27;: got &#x27;lots&#x27;" in view.report_html.value
    assert "3 machine(s) estimated, 1 row(s) skipped" in view.status.value
    assert "Gold 6248" in view.table_html.value and "Cascade Lake" in view.table_html.value
    state = view.bars.get_state()
    assert list(view.bars.x) == ["France", "Germany"]
    assert state["labels"] == ["laptop", "server"]
    y = np.asarray(view.bars.y)
    annual = view.result["annualCo2e"].to_numpy()
    assert y.shape == (2, 2)
    assert y[1, 0] == pytest.approx(annual[0]) and y[0, 0] == pytest.approx(annual[1])
    assert y[1, 1] == pytest.approx(annual[2]) and y[0, 1] == 0


def test_period_change_updates_marks_in_one_message(monkeypatch):
    view = OnPremView()
    view.load(EXAMPLE_INPUT_CSV.encode(), "example.csv")
    assert np.asarray(view.bars.y).tolist() == [[1.2101252540279446]]
    sent = []
    original = view.bars.send_state
    monkeypatch.setattr(view.bars, "send_state", lambda key=None: (sent.append(key),
                                                                     original(key)))
    view.period.value = "daily"
    assert np.asarray(view.bars.y).tolist() == [[0.1344583615586605]]
    assert len(sent) == 1  # x, y and labels set inside hold_sync: one message
    assert view.figure.axes[1].label == "t CO2e (daily)"
    assert view.figure is view.children[3]  # figure created once, never replaced


def test_file_without_required_columns_shows_problems_and_clears_chart():
    view = OnPremView()
    view.load(EXAMPLE_INPUT_CSV.encode())
    view.load(b"foo,bar\n1,2\n", "wrong.csv")
    assert view.result is None
    assert "cannot be estimated" in view.status.value
    assert "a column named &#x27;cpuDescription&#x27;" in view.report_html.value
    assert list(view.bars.x) == [] and view.table_html.value == ""


def test_estimate_options_are_passed_through():
    view = OnPremView(ccf_compatible=False)
    view.load(csv_text(GOOD_ROW).encode())
    assert "annualEmbodiedCo2e" in view.result.columns

"""HourlyChart: decimated marks, zoom to hourly detail, live update in place, one message per mark."""
import numpy as np
import pytest
from footprintlab import u
from footprintlab.widgets import HourlyChart


def test_long_series_is_drawn_as_a_daily_band(quickstart):
    chart = HourlyChart((quickstart, "hourly_total_footprint"))
    mark = chart.marks[0]
    hourly = quickstart.hourly_total_footprint.value.m_as(u.kg)
    assert mark.y.shape == (3, -(-len(hourly) // 24))  # low, high, mean per day
    assert mark.y.shape[1] <= 5_000
    low, high, mean = mark.y
    assert low[0] == pytest.approx(hourly[:24].min(), rel=1e-6)
    assert high[0] == pytest.approx(hourly[:24].max(), rel=1e-6)
    assert mean[0] == pytest.approx(hourly[:24].mean(), rel=1e-6)
    assert mark.fill == "between"
    assert mark.x.dtype == np.dtype("datetime64[ms]")


def test_zooming_to_weeks_shows_hourly_values(quickstart):
    chart = HourlyChart((quickstart, "hourly_total_footprint"))
    mark = chart.marks[0]
    chart.set_view("2025-03-01", "2025-03-15")
    assert chart.view_is_hourly
    assert mark.y.ndim == 1 and len(mark.y) <= 5_000
    series = quickstart.hourly_total_footprint.value
    first = int((mark.x[0] - series.start.astype("datetime64[ms]")) / np.timedelta64(3_600_000, "ms"))
    np.testing.assert_allclose(mark.y, series.values[first: first + len(mark.y)], rtol=1e-6)
    chart.set_view(None, None)
    assert mark.y.shape[0] == 3


def test_a_model_change_updates_the_marks_in_place_with_one_message(quickstart, sent):
    chart = HourlyChart((quickstart, "hourly_total_footprint"), (quickstart, "devices_energy_footprint"))
    marks, figure = list(chart.marks), chart.figure
    before = chart.marks[0].y.copy()
    sent.clear()
    quickstart.jobs()[0].data_download = 500 * u.MB
    assert chart.figure is figure and chart.figure.marks == marks  # never rebuilt
    assert not np.array_equal(chart.marks[0].y, before)
    expected = quickstart.hourly_total_footprint.value.m_as(u.kg)[:24].mean()
    assert chart.marks[0].y[2][0] == pytest.approx(expected, rel=1e-6)
    # the total changed: one message for its mark; the devices' footprint did not: none
    assert len(sent.updates(marks[0])) == 1
    assert sent.updates(marks[0])[0]["state"].keys() == {"y"}  # x is unchanged, not resent
    assert sent.updates(marks[1]) == []
    assert sent.total_bytes() < 50_000


def test_a_batch_of_changes_sends_one_message(quickstart, sent):
    chart = HourlyChart((quickstart, "hourly_total_footprint"))
    sent.clear()
    with quickstart.batch():
        quickstart.jobs()[0].data_download = 500 * u.MB
        quickstart.jobs()[0].data_upload = 1 * u.MB
        quickstart.servers()[0].power = 350 * u.W
    assert len(sent.updates(chart.marks[0])) == 1


def test_static_values_and_errors(quickstart):
    chart = HourlyChart(quickstart.devices_energy_footprint, title="devices")
    assert chart.marks[0].y.shape[0] == 3
    with pytest.raises(TypeError, match="single quantity"):
        HourlyChart(quickstart.total_footprint)


def test_closed_chart_stops_listening(quickstart, sent):
    chart = HourlyChart((quickstart, "hourly_total_footprint"))
    mark = chart.marks[0]
    chart.close()
    sent.clear()
    quickstart.jobs()[0].data_download = 400 * u.MB
    assert sent.updates(mark) == []


def test_a_zoom_from_the_browser_reaches_the_kernel(quickstart):
    """The browser sends ``Date.toJSON()`` text (UTC, trailing Z) when the user pans or zooms."""
    chart = HourlyChart((quickstart, "hourly_total_footprint"))
    chart.x_scale.set_state({"min": "2026-06-01T00:00:00.000Z", "max": "2026-06-20T00:00:00.000Z"})
    assert chart.view_is_hourly
    assert chart.marks[0].x[0] <= np.datetime64("2026-06-01") <= chart.marks[0].x[-1]
    assert chart.x_scale.get_state()["min"] == "2026-06-01T00:00:00.000Z"

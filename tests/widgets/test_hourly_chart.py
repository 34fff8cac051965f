"""HourlyChart: decimated marks, zoom to hourly detail, live update in place, one message per mark."""
import numpy as np
import pytest
from footprintlab import u
from footprintlab.widgets import HourlyChart


def test_long_series_is_drawn_as_a_daily_band(quickstart):
    chart = HourlyChart((quickstart, "hourly_total_footprint"))
    mark = chart.marks[0]
    hourly = quickstart.hourly_total_footprint.value.m_as(u.kg)
    assert mark.y.shape == (3, len(hourly) // 24)  # low, high, mean per full day
    assert mark.y.shape[1] <= 5_000
    low, high, mean = mark.y
    assert low[0] == pytest.approx(hourly[:24].min(), rel=1e-6)
    assert high[0] == pytest.approx(hourly[:24].max(), rel=1e-6)
    assert mean[0] == pytest.approx(hourly[:24].mean(), rel=1e-6)
    assert mark.fill == "between"
    assert mark.x.dtype == np.dtype("datetime64[ms]")
    # a partial last day is not drawn as a day, and the caption says so
    tail = len(hourly) % 24
    last_day = hourly[len(hourly) - tail - 24: len(hourly) - tail]
    assert mean[-1] == pytest.approx(last_day.mean(), rel=1e-6)
    assert mean[-1] > 0.5 * mean[-2]
    if tail:
        assert f"the last {tail} h (a partial day) are shown when zoomed in" in chart.caption.value


def test_series_names_are_human_and_the_caption_states_the_time_rule(quickstart):
    server = quickstart.servers()[0]
    chart = HourlyChart((server, "energy_footprint"), (server, "instances_fabrication_footprint"))
    assert [m.labels[-1] for m in chart.marks] == ["server — energy", "server — fabrication"]
    assert "Times are UTC" in chart.caption.value and "spring" in chart.caption.value
    assert chart.figure.display_toolbar is False
    # the legend is outside the plot area (inside, it covered the start of the lines)
    assert not any(m.display_legend for m in chart.marks)
    assert [b.description for b in chart.legend.children] == ["▬ server — energy", "▬ server — fabrication"]
    clicked = []
    chart.on_series_click(lambda obj, name: clicked.append((obj, name)))
    chart.legend.children[1].click()
    assert clicked == [(server, "instances_fabrication_footprint")]
    assert chart.figure.axes[1].label == "kg CO2e"


def test_the_spring_change_draws_no_spike(quickstart):
    """Europe/Paris, 2025-03-30: local 02:00 does not exist; the wall-clock rule leaves it out,
    so 01:00 UTC holds one hour's worth like its neighbours (it used to hold two)."""
    chart = HourlyChart((quickstart, "hourly_total_footprint"))
    day_ms = float((np.datetime64("2025-03-30T00", "ms") - np.datetime64(0, "ms")) / np.timedelta64(1, "ms"))
    chart.set_view(*(np.array([day_ms, day_ms + 86_400_000.0]).astype("datetime64[ms]")))
    assert chart.view_is_hourly
    mark = chart.marks[0]
    hours = mark.x.astype("datetime64[h]")
    at = int(np.flatnonzero(hours == np.datetime64("2025-03-30T01", "h"))[0])
    total = quickstart.hourly_total_footprint.value
    index = int((np.datetime64("2025-03-30T01", "h") - np.datetime64(total.start, "h")) / np.timedelta64(1, "h"))
    drawn = np.atleast_2d(mark.y)[0]
    assert drawn[at] == pytest.approx(total.m_as(u.kg)[index], rel=1e-6)
    assert drawn[at] < 1.3 * max(drawn[at - 1], drawn[at + 1])


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

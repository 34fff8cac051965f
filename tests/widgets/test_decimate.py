"""Decimation of long hourly series for drawing."""
import numpy as np
from footprintlab.widgets import decimate

START = np.datetime64("2025-01-01T00", "h")


def test_short_series_are_drawn_hourly():
    values = np.arange(100.0)
    drawn = decimate.daily_band(values, START)
    assert drawn.hourly
    np.testing.assert_array_equal(drawn.mean, values)
    assert drawn.x[1] - drawn.x[0] == np.timedelta64(3_600_000, "ms")


def test_long_series_become_daily_min_mean_max():
    values = np.arange(26_282, dtype=float)  # 1,095 days and 2 hours
    drawn = decimate.daily_band(values, START)
    assert len(drawn.x) == 1_095 <= decimate.MAX_POINTS
    assert drawn.low[0] == 0 and drawn.high[0] == 23 and drawn.mean[0] == 11.5
    # the last full day; the partial day (hours 26,280 and 26,281) is not drawn as a day
    assert drawn.low[-1] == 26_256 and drawn.high[-1] == 26_279 and drawn.mean[-1] == 26_267.5
    assert drawn.x[1] == np.datetime64("2025-01-02T00:00:00.000")
    assert decimate.partial_hours(len(values)) == 2


def test_a_partial_last_day_does_not_drop_the_daily_line():
    """The quickstart's total ends with two tail hours (232 kg, 0 kg) after full days of ~950 kg:
    averaged as a day they drew a drop to ~116 kg that is not a change of the footprint."""
    values = np.concatenate([np.full(24 * 300, 950.0), [232.0, 0.0]])
    drawn = decimate.daily_band(values, START)
    assert drawn.mean.min() == 950.0 and drawn.low.min() == 950.0
    last = decimate.window(values, START, *(_ms(START) + 3_600_000.0 * np.array([7190, 7202])))
    assert list(last.mean[-2:]) == [232.0, 0.0]  # the hourly detail shows the tail as it is


def _ms(start) -> float:
    return float((start.astype("datetime64[ms]") - np.datetime64(0, "ms")) / np.timedelta64(1, "ms"))


def test_window_gives_hourly_values_around_the_view():
    values = np.arange(26_280, dtype=float)
    day = 86_400_000.0
    first = float((START.astype("datetime64[ms]") - np.datetime64(0, "ms")) / np.timedelta64(1, "ms"))
    drawn = decimate.window(values, START, first + 10 * day, first + 24 * day)
    # 14 days in view, padded by 7 days each side: hours 72 .. 744
    assert drawn.hourly
    assert drawn.mean[0] == 72 and drawn.mean[-1] == 24 * 31
    assert len(drawn.mean) <= decimate.MAX_POINTS
    np.testing.assert_array_equal(drawn.mean, values[72: 24 * 31 + 1])


def test_window_is_capped_at_max_points():
    values = np.arange(100_000, dtype=float)
    drawn = decimate.window(values, START, 0.0, 1e15)
    assert len(drawn.mean) == decimate.MAX_POINTS

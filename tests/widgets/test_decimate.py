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
    assert len(drawn.x) == 1_096 <= decimate.MAX_POINTS
    assert drawn.low[0] == 0 and drawn.high[0] == 23 and drawn.mean[0] == 11.5
    # the last, partial day holds hours 26,280 and 26,281 only
    assert drawn.low[-1] == 26_280 and drawn.high[-1] == 26_281 and drawn.mean[-1] == 26_280.5
    assert drawn.x[1] == np.datetime64("2025-01-02T00:00:00.000")


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

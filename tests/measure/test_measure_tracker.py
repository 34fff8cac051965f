"""Tracker, track() as context manager and decorator; formulas of every method."""

from __future__ import annotations

import threading
import time

import footprintlab.measure as measure
import numpy as np
import pandas as pd
import pytest
from footprintlab.measure import MeasureWarning, Tracker, track
from footprintlab.measure import meter as meter_module
from footprintlab.measure.defaults import RAM_WATTS_PER_GB
from footprintlab.measure.hardware import detect_machine

FRANCE_G_PER_KWH = 56.039  # countries.csv, France 2023


def _spin(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_machine_mode_with_rapl_counts_package_and_dram_exactly(powercap):
    tracker = Tracker("rapl", country="FRA", mode="machine", rapl_root=str(powercap.root),
                      gpu=False, pue=1.5)
    tracker.start()
    powercap.advance("pkg0", 360.0)
    powercap.advance("pkg1", 360.0)
    powercap.advance("dram0", 36.0)
    m = tracker.stop()
    # kWh = J / 3.6e6, times the PUE
    assert m.cpu_energy_kwh == pytest.approx(720.0 / 3.6e6 * 1.5)
    assert m.ram_energy_kwh == pytest.approx(36.0 / 3.6e6 * 1.5)
    assert m.gpu_energy_kwh == 0.0
    # kg = kWh x g/kWh / 1000
    assert m.emissions_kg == pytest.approx(m.energy_kwh * FRANCE_G_PER_KWH / 1000)
    assert m.methods == {
        "cpu": "measured: RAPL package energy",
        "ram": "measured: RAPL DRAM energy",
        "gpu": "none: no NVIDIA GPU found",
    }
    assert not m.estimated
    assert m.country_iso3 == "FRA" and m.country_name == "France"


def test_process_mode_with_rapl_takes_the_process_share_of_busy_cpu(powercap, monkeypatch):
    tracker = Tracker("share", country="FRA", rapl_root=str(powercap.root), gpu=False)
    meter = meter_module.get_meter(str(powercap.root), False)
    clock = iter([100.0, 104.0])  # the machine's busy CPU seconds at start, at stop
    monkeypatch.setattr(meter, "_system_cpu", lambda: next(clock))
    tracker.start()
    _spin(0.2)
    powercap.advance("pkg0", 1000.0)
    m = tracker.stop()
    process_cpu = m.cpu_utilization_percent / 100 * m.duration_s * detect_machine().cpu_threads
    share = process_cpu / 4.0
    assert m.cpu_energy_kwh == pytest.approx(1000.0 * share / 3.6e6, rel=1e-6)
    assert m.methods["cpu"] == "measured: RAPL package energy x this process's share of busy CPU time"


def test_fallback_cpu_time_times_tdp_per_thread_and_rss_times_watts_per_gb():
    machine = detect_machine()
    tracker = Tracker("fallback", country="FRA", rapl_root="/nonexistent", gpu=False)
    cpu_before = time.process_time()
    tracker.start()
    _spin(0.3)
    m = tracker.stop()
    cpu_seconds = time.process_time() - cpu_before
    # J = CPU s x W/thread; the tracker's own start/stop CPU time is inside our bracket
    expected_kwh = cpu_seconds * machine.cpu_watts_per_thread / 3.6e6
    assert m.cpu_energy_kwh == pytest.approx(expected_kwh, rel=0.05)
    assert m.cpu_energy_kwh > 0.28 * machine.cpu_watts_per_thread / 3.6e6
    # RAM: W/GB x GiB x s with the process's resident memory
    assert m.ram_energy_kwh == pytest.approx(
        RAM_WATTS_PER_GB * m.ram_used_gb * m.duration_s / 3.6e6, rel=1e-6)
    assert m.ram_used_gb > 0.01
    assert m.estimated
    assert m.methods["cpu"].startswith("estimated: process CPU time x")
    assert "CodeCarbon" in m.methods["cpu"]


def test_machine_fallback_uses_total_ram():
    machine = detect_machine()
    with track("machine", country="FRA", mode="machine", rapl_root="/nonexistent",
               gpu=False) as tracker:
        time.sleep(0.05)
    m = tracker.last
    assert m.ram_energy_kwh == pytest.approx(
        RAM_WATTS_PER_GB * machine.ram_total_gb * m.duration_s / 3.6e6, rel=1e-9)
    assert m.methods["ram"].startswith("estimated: total RAM")


def test_nested_and_concurrent_trackers_are_consistent(powercap):
    root = str(powercap.root)
    outer = Tracker("outer", country="FRA", mode="machine", rapl_root=root, gpu=False)
    inner = Tracker("inner", country="FRA", mode="machine", rapl_root=root, gpu=False)
    outer.start()
    powercap.advance("pkg0", 10.0)
    with inner:
        powercap.advance("pkg0", 20.0)
    powercap.advance("pkg0", 30.0)
    outer_m = outer.stop()
    assert inner.last.cpu_energy_kwh == pytest.approx(20.0 / 3.6e6)
    assert outer_m.cpu_energy_kwh == pytest.approx(60.0 / 3.6e6)

    results = []

    def worker():
        with track("thread", country="FRA", rapl_root="/nonexistent", gpu=False) as t:
            _spin(0.05)
        results.append(t.last)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    with track("all", country="FRA", rapl_root="/nonexistent", gpu=False) as everything:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(results) == 4
    # process mode: each thread's run sees the process CPU time, which includes the others
    # running at the same time; none can exceed the run that encloses them all
    assert all(0 < r.cpu_energy_kwh <= everything.last.cpu_energy_kwh for r in results)
    assert len({r.run_id for r in results}) == 4


def test_same_tracker_nested_start_stop_and_reuse():
    tracker = Tracker("reuse", country="FRA", rapl_root="/nonexistent", gpu=False)
    tracker.start()
    tracker.start()
    inner = tracker.stop()
    outer = tracker.stop()
    assert inner.duration_s <= outer.duration_s
    assert not tracker.running
    for _ in range(3):
        tracker.start()
        tracker.stop()
    assert len(tracker.measurements) == 5
    assert len({m.run_id for m in tracker.measurements}) == 5
    with pytest.warns(MeasureWarning, match="not running"):
        assert tracker.stop() is None


def test_decorator_keeps_the_result_and_records_each_call_even_on_error():
    @track("decorated", country="DEU", rapl_root="/nonexistent", gpu=False)
    def work(n):
        if n < 0:
            raise ValueError("negative")
        return sum(range(n))

    assert work(1000) == 499500
    assert work(10) == 45
    with pytest.raises(ValueError, match="negative"):
        work(-1)
    assert [m.project_name for m in work.tracker.measurements] == ["decorated"] * 3
    assert work.tracker.last.country_iso3 == "DEU"
    assert work.__name__ == "work"


def test_async_function_decorator():
    import asyncio

    @track("async", country="FRA", rapl_root="/nonexistent", gpu=False)
    async def coro():
        await asyncio.sleep(0.01)
        return 7

    assert asyncio.run(coro()) == 7
    assert coro.tracker.last.duration_s >= 0.01


def test_tracker_never_raises_into_user_code(monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("sensor exploded")

    monkeypatch.setattr("footprintlab.measure.tracker.get_meter", broken)
    tracker = Tracker("broken", country="FRA")
    with pytest.warns(MeasureWarning, match="sensor exploded"):
        with tracker:
            value = 1 + 1
    assert value == 2
    m = tracker.last
    assert m.estimated and np.isnan(m.energy_kwh)
    assert "sensor exploded" in m.warnings[0]
    assert m.duration_s >= 0


def test_bad_arguments_warn_naming_the_argument_and_take_the_default():
    cases = [
        (dict(mode="cluster"), "mode: expected 'process' or 'machine'; got 'cluster'; used "
                               "'process'", "mode", "process"),
        (dict(pue=0.5), "pue: expected a number >= 1.0; got 0.5; used 1.0", "pue", 1.0),
        (dict(interval=0), "interval: expected seconds in \\[0.01, 3600\\]", "interval", 1.0),
        (dict(output=42), "output: expected a file path or None; got 42", "output", None),
    ]
    for options, message, attribute, default in cases:
        with pytest.warns(MeasureWarning, match=message):
            tracker = Tracker("args", country="FRA", rapl_root="/nonexistent", gpu=False,
                              **options)
        assert getattr(tracker, attribute) == default
        with tracker:
            pass
        assert f"{attribute}: default" in tracker.last.fallback
    with pytest.warns(MeasureWarning) as record:
        Tracker(country="Frnace", rapl_root="/nonexistent", gpu=False)
    assert "Unknown country 'Frnace'" in str(record[0].message)
    assert "France (FRA)" in str(record[0].message)  # the suggestion
    assert record[0].filename == __file__  # shown at the user's line
    with pytest.warns(MeasureWarning, match="intensity: expected a number.*used France"):
        tracker = Tracker(country="FRA", intensity="lots")
    assert tracker.carbon_intensity.g_per_kwh == FRANCE_G_PER_KWH


def test_hourly_intensity_splits_energy_at_hour_marks(powercap):
    this_hour = pd.Timestamp.now(tz="UTC").floor("h")
    series = pd.Series([100.0, 300.0], index=[this_hour - pd.Timedelta("1h"), this_hour])
    tracker = Tracker("hourly", country="FRA", intensity=series, mode="machine",
                      rapl_root=str(powercap.root), gpu=False)
    run = tracker._begin()
    # the run started in the previous hour; the sampler marked the hour change
    run.start = run.start._replace(wall=this_hour.timestamp() - 1800)
    powercap.advance("pkg0", 36_000.0)  # 0.01 kWh in the previous hour
    run.marks.append(run.meter.read()._replace(wall=this_hour.timestamp() + 1))
    powercap.advance("pkg0", 72_000.0)  # 0.02 kWh in this hour
    m = tracker._end(run)
    assert m.cpu_energy_kwh == pytest.approx(0.03)
    # kg = sum over hours of kWh x g/kWh / 1000
    assert m.emissions_kg == pytest.approx((0.01 * 100 + 0.02 * 300) / 1000, rel=1e-3)
    assert m.intensity_g_per_kwh == pytest.approx(700 / 3, rel=1e-3)
    later = (this_hour + pd.Timedelta("3h")).timestamp()
    assert tracker.carbon_intensity.at(later) == FRANCE_G_PER_KWH  # after the series


def test_sampler_runs_only_while_tracking_and_feeds_listeners(monkeypatch):
    monkeypatch.setattr(meter_module.SAMPLER, "linger", 0.1)
    # runs already followed, e.g. `pytest --footprint` measuring this very test
    others = set(meter_module.SAMPLER._runs)
    tracker = Tracker("live", country="FRA", rapl_root="/nonexistent", gpu=False, interval=0.05)
    seen = []
    tracker.add_listener(seen.append)
    tracker.start()
    assert meter_module.SAMPLER.running
    assert set(meter_module.SAMPLER._runs) > others
    time.sleep(0.3)
    tracker.stop()
    assert len(seen) >= 2
    assert all(m.running for m in seen)
    assert seen[-1].duration_s < tracker.last.duration_s
    assert set(meter_module.SAMPLER._runs) == others  # ours is no longer followed
    if others:
        return  # another tracker keeps the thread, as it should
    for _ in range(50):
        if not meter_module.SAMPLER.running:
            break
        time.sleep(0.02)
    assert not meter_module.SAMPLER.running


def test_session_runs_dataframe():
    with track("frame-a", country="FRA", rapl_root="/nonexistent", gpu=False):
        pass
    with track("frame-b", country="FRA", rapl_root="/nonexistent", gpu=False) as t:
        pass
    frame = measure.runs()
    assert {"frame-a", "frame-b"} <= set(frame["project_name"])
    row = frame[frame["run_id"] == t.last.run_id].iloc[0]
    assert row["energy_consumed"] == pytest.approx(t.last.energy_kwh)
    assert row["cpu_method"] == t.last.methods["cpu"]
    assert str(frame["timestamp"].dtype).startswith("datetime64")
    assert t.runs()["project_name"].tolist() == ["frame-b"]


def test_no_country_gives_nan_emissions_a_warning_and_says_so(monkeypatch):
    monkeypatch.delenv("FOOTPRINTLAB_COUNTRY", raising=False)
    monkeypatch.setenv("TZ", "Etc/UTC")
    with pytest.warns(MeasureWarning, match="no country given and none detected"):
        with track("nowhere", rapl_root="/nonexistent", gpu=False) as t:
            pass
    assert np.isnan(t.last.emissions_kg)
    assert any("no country" in w for w in t.last.warnings)
    assert "emissions not computed" in t.last.fallback
    monkeypatch.setenv("TZ", "Europe/Berlin")
    with pytest.warns(MeasureWarning, match="no country given: used Germany"):
        assert Tracker("berlin").carbon_intensity.country_iso3 == "DEU"
    monkeypatch.setenv("FOOTPRINTLAB_COUNTRY", "Poland")
    assert Tracker("env").carbon_intensity.country_iso3 == "POL"

"""RAPL counters read from a fake powercap tree."""

from __future__ import annotations

import os
import warnings

import pytest
from footprintlab.measure import MeasureWarning, Tracker
from footprintlab.measure import rapl as rapl_module
from footprintlab.measure.rapl import RaplReader, RaplUnavailable, discover_domains


def test_discovers_packages_and_dram_of_every_socket_and_ignores_core_and_psys(powercap):
    domains = discover_domains(str(powercap.root))
    kinds = sorted((d.kind, d.socket, d.name) for d in domains)
    assert kinds == [("dram", 0, "dram"), ("dram", 1, "dram"),
                     ("package", 0, "package-0"), ("package", 1, "package-1")]
    assert all(d.max_energy_range_uj == powercap.max_range_uj for d in domains)


def test_sums_sockets_separately_for_package_and_dram(powercap):
    reader = RaplReader.open(str(powercap.root))
    powercap.advance("pkg0", 10.0)
    powercap.advance("pkg1", 5.5)
    powercap.advance("dram0", 2.0)
    powercap.advance("dram1", 1.0)
    powercap.advance("core0", 100.0)  # inside the package figure: not added again
    package, dram = reader.read()
    assert package == pytest.approx(15.5)
    assert dram == pytest.approx(3.0)


def test_counter_wraparound_uses_max_energy_range(powercap):
    reader = RaplReader.open(str(powercap.root))
    powercap.set("pkg0", powercap.max_range_uj - 2_000_000)  # 2 J before the wrap
    assert reader.read()[0] == pytest.approx((powercap.max_range_uj - 3_000_000) * 1e-6)
    powercap.set("pkg0", 3_000_000)  # wrapped: +2 J to the top, +3 J after zero
    package, _ = reader.read()
    assert package == pytest.approx((powercap.max_range_uj - 3_000_000) * 1e-6 + 5.0)
    assert reader.wraps == 1


def test_wraparound_between_start_and_stop_of_a_tracker(powercap):
    tracker = Tracker("wrap", country="FRA", mode="machine", rapl_root=str(powercap.root),
                      gpu=False)
    tracker.start()
    powercap.set("pkg0", powercap.max_range_uj - 500_000)
    tracker.current()  # a reading between, as the sampler takes every second
    powercap.set("pkg0", 1_500_000)  # +0.5 J to the top, +1.5 J after zero
    m = tracker.stop()
    expected_j = (powercap.max_range_uj - 1_500_000) * 1e-6 + 2.0
    assert m.cpu_energy_kwh == pytest.approx(expected_j / 3.6e6)
    assert m.methods["cpu"] == "measured: RAPL package energy"


def test_no_tree_means_unavailable(tmp_path):
    with pytest.raises(RaplUnavailable, match="no RAPL package zone"):
        RaplReader.open(str(tmp_path / "missing"))


def test_permission_error_gives_one_clear_warning_and_the_fallback(powercap, monkeypatch):
    real = rapl_module._read_text

    def denied(path):
        if path.endswith("energy_uj"):
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(rapl_module, "_read_text", denied)
    with pytest.warns(MeasureWarning, match="not readable by this user") as record:
        tracker = Tracker("denied", country="FRA", rapl_root=str(powercap.root), gpu=False)
        tracker.start()
        m1 = tracker.stop()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the second tracker must not warn again
        tracker2 = Tracker("denied2", country="FRA", rapl_root=str(powercap.root), gpu=False)
        with tracker2:
            pass
    assert len([w for w in record if issubclass(w.category, MeasureWarning)]) == 1
    assert "chmod" in str(record[0].message)
    assert m1.methods["cpu"].startswith("estimated: process CPU time")
    assert m1.estimated
    assert any("not readable" in text for text in m1.warnings)
    assert tracker2.last.methods["cpu"].startswith("estimated")


@pytest.mark.parametrize("failure", ["emptied", "io error"])
def test_a_counter_unreadable_mid_run_falls_back_with_a_warning_and_the_method_says_so(
        powercap, monkeypatch, failure):
    # the defect: the reader kept the last total, giving 0 Wh labelled "measured"
    tracker = Tracker("lost", country="FRA", mode="machine", rapl_root=str(powercap.root),
                      gpu=False)
    tracker.start()
    powercap.advance("pkg0", 50.0)
    if failure == "emptied":
        powercap.set_text("pkg0", "")  # the file is there but holds no number any more
    else:
        real = rapl_module.os.pread

        def broken(fd, size, offset):
            if os.readlink(f"/proc/self/fd/{fd}").endswith("intel-rapl:0/energy_uj"):
                raise OSError(5, "Input/output error")
            return real(fd, size, offset)

        monkeypatch.setattr(rapl_module.os, "pread", broken)
    with pytest.warns(MeasureWarning, match="RAPL counters became unreadable during the run"):
        m = tracker.stop()
    assert m.methods["cpu"].startswith("estimated (fallback: RAPL counter unreadable")
    assert m.methods["ram"].startswith("estimated (fallback: RAPL counter unreadable")
    assert m.estimated
    assert "RAPL unreadable during the run" in m.fallback
    assert any("intel-rapl:0/energy_uj" in text for text in m.warnings)

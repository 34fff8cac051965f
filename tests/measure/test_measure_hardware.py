"""CPU TDP table lookup, machine detection and the NVML reader (fake module)."""

from __future__ import annotations

import pytest
from footprintlab.measure import Tracker
from footprintlab.measure.cpu_tdp import find_tdp, normalise_cpu_name
from footprintlab.measure.hardware import detect_machine
from footprintlab.measure.nvml import GpuReader, GpuUnavailable
from measure_helpers import FakeNvml


@pytest.mark.parametrize("reported, table_name, tdp", [
    ("Intel(R) Xeon(R) CPU E5-2620 v3 @ 2.40GHz", "Intel Xeon E5-2620 v3", 85.0),
    ("Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", "Intel Xeon Gold 6248", 150.0),
    ("AMD EPYC 7763 64-Core Processor", "AMD EPYC 7763", 280.0),
    ("AMD Ryzen 9 5950X 16-Core Processor", "AMD Ryzen 9 5950X", 105.0),
    ("11th Gen Intel(R) Core(TM) i7-1185G7 @ 3.00GHz", "Intel Core i7-1185G7", 28.0),
    ("Apple M4 Pro", "Apple M4 Pro", 35.0),
])
def test_known_cpus_match_their_row(reported, table_name, tdp):
    match = find_tdp(reported)
    assert (match.table_name, match.tdp_w) == (table_name, tdp)
    assert "CodeCarbon 3.3.2" in match.source


@pytest.mark.parametrize("reported", ["AMD EPYC", "", "Some Future CPU 9000X"])
def test_unknown_or_generic_cpus_do_not_match(reported):
    assert find_tdp(reported) is None


def test_normalise_drops_trademarks_core_counts_and_clock():
    assert normalise_cpu_name("AMD EPYC 7763 64-Core Processor") == "amd epyc 7763"
    assert normalise_cpu_name("Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz") == "intel core i7-8700"


def test_machine_facts():
    machine = detect_machine()
    assert machine.cpu_threads >= 1
    assert machine.ram_total_gb > 0.1
    assert machine.cpu_watts_per_thread == pytest.approx(machine.cpu_tdp_w / machine.cpu_threads)
    assert machine.os.startswith(("Linux", "Darwin", "Windows"))


def test_nvml_energy_counter(fake_nvml):
    reader = GpuReader.open(fake_nvml)
    assert reader.model == "NVIDIA A100" and reader.method == "energy counter"
    fake_nvml.energy_mj[0] += 5_000.0
    assert reader.read() == pytest.approx(5.0)


def test_nvml_power_sampling_integrates_power_over_time():
    nvml = FakeNvml(energy_counter=(False, True), power_mw=(200_000, 0),
                    names=("Tesla K80", "NVIDIA H100"))
    reader = GpuReader.open(nvml)
    assert reader.needs_sampling
    t0 = reader.devices[0].last_time
    reader.sample(t0 + 1.0)  # 200 W for 1 s
    nvml.power_mw[0] = 100_000
    reader.sample(t0 + 2.0)  # +200 J, now 100 W
    nvml.energy_mj[1] += 1_000.0
    # 200 J + 100 W x 0.5 s + the H100's 1 J
    assert reader.read(t0 + 2.5) == pytest.approx(200 + 200 + 50 + 1)
    assert reader.model == "Tesla K80, NVIDIA H100"


def test_nvml_missing_or_failing():
    class NoDriver(FakeNvml):
        def nvmlInit(self):
            raise self.NVMLError("Driver Not Loaded")

    with pytest.raises(GpuUnavailable, match="Driver Not Loaded"):
        GpuReader.open(NoDriver())
    with pytest.raises(GpuUnavailable, match="no GPU"):
        GpuReader.open(FakeNvml(energy_counter=(), power_mw=(), names=()))


def test_tracker_reports_gpu_energy_and_model(fake_nvml):
    tracker = Tracker("gpu", country="FRA", gpu=fake_nvml, rapl_root="/nonexistent")
    tracker.start()
    fake_nvml.energy_mj[0] += 36_000_000.0  # 36 kJ = 0.01 kWh
    m = tracker.stop()
    assert m.gpu_energy_kwh == pytest.approx(0.01)
    assert m.gpu_count == 1 and m.gpu_model == "NVIDIA A100"
    assert m.methods["gpu"] == "measured: NVML energy counter (whole GPU)"

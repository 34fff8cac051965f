"""CodeCarbon-compatible CSV: exact columns, atomic appends, nothing lost; the runs DataFrame."""

from __future__ import annotations

import csv
import os
import threading

import footprintlab.measure as measure
import pytest
from footprintlab.measure import EMISSIONS_COLUMNS, RUN_COLUMNS, MeasureWarning, Tracker
from footprintlab.measure import output as output_module
from footprintlab.measure.output import FOOTPRINTLAB_COLUMNS

# CodeCarbon 3.3.2, codecarbon/output_methods/emissions_data.py, EmissionsData fields in order
CODECARBON_3_3_2_COLUMNS = [
    "timestamp", "project_name", "run_id", "experiment_id", "duration", "emissions",
    "emissions_rate", "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy",
    "ram_energy", "energy_consumed", "water_consumed", "country_name", "country_iso_code",
    "region", "cloud_provider", "cloud_region", "os", "python_version", "codecarbon_version",
    "cpu_count", "cpu_model", "gpu_count", "gpu_model", "longitude", "latitude",
    "ram_total_size", "tracking_mode", "cpu_utilization_percent", "gpu_utilization_percent",
    "ram_utilization_percent", "ram_used_gb", "on_cloud", "pue", "wue",
]


def _rows(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_columns_are_codecarbon_3_3_2s_in_order():
    assert list(EMISSIONS_COLUMNS) == CODECARBON_3_3_2_COLUMNS


def test_each_run_appends_one_row_with_codecarbon_units(tmp_path, powercap):
    path = tmp_path / "emissions.csv"
    tracker = Tracker("csv", country="FRA", output=path, mode="machine",
                      rapl_root=str(powercap.root), gpu=False)
    with tracker:
        powercap.advance("pkg0", 7200.0)  # 2 Wh
    with tracker:
        pass
    with open(path, newline="") as handle:
        header = next(csv.reader(handle))
    assert header == CODECARBON_3_3_2_COLUMNS + list(FOOTPRINTLAB_COLUMNS)
    rows = _rows(path)
    assert len(rows) == 2
    first = rows[0]
    m = tracker.measurements[0]
    assert float(first["cpu_energy"]) == pytest.approx(0.002)  # kWh
    assert float(first["energy_consumed"]) == pytest.approx(m.energy_kwh)
    assert float(first["emissions"]) == pytest.approx(m.energy_kwh * 56.039 / 1000)
    assert float(first["emissions_rate"]) == pytest.approx(m.emissions_kg / m.duration_s)
    assert float(first["cpu_power"]) == pytest.approx(7200.0 / m.duration_s, rel=1e-6)
    assert first["country_name"] == "France" and first["country_iso_code"] == "FRA"
    assert first["tracking_mode"] == "machine" and first["on_cloud"] == "N"
    assert first["run_id"] == m.run_id and rows[1]["run_id"] != m.run_id
    assert int(first["cpu_count"]) == os.cpu_count()


def test_existing_rows_are_kept_and_the_files_column_order_is_followed(tmp_path):
    path = tmp_path / "emissions.csv"
    reordered = list(reversed(CODECARBON_3_3_2_COLUMNS))
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(reordered)
        writer.writerow(["old-" + name for name in reordered])
    with Tracker("append", country="FRA", output=path, rapl_root="/nonexistent", gpu=False):
        pass
    rows = _rows(path)
    assert rows[0]["project_name"] == "old-project_name"
    assert rows[1]["project_name"] == "append"
    with open(path, newline="") as handle:
        assert next(csv.reader(handle)) == reordered


def test_a_file_with_other_columns_is_left_untouched(tmp_path):
    path = tmp_path / "emissions.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.warns(MeasureWarning, match="left untouched"):
        with Tracker("other", country="FRA", output=path, rapl_root="/nonexistent", gpu=False):
            pass
    assert path.read_text() == "a,b\n1,2\n"
    other = tmp_path / "emissions.footprintlab.csv"
    assert _rows(other)[0]["project_name"] == "other"


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "emissions.csv"
    with Tracker("ok", country="FRA", output=path, rapl_root="/nonexistent", gpu=False):
        pass
    before = path.read_text()

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(output_module.os, "replace", crash)
    with pytest.warns(MeasureWarning, match="disk full"):
        with Tracker("lost", country="FRA", output=path, rapl_root="/nonexistent", gpu=False):
            pass
    assert path.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["emissions.csv"]


def test_concurrent_writers_lose_no_row(tmp_path):
    path = tmp_path / "emissions.csv"
    tracker = Tracker("many", country="FRA", output=path, rapl_root="/nonexistent", gpu=False)

    @tracker
    def job():
        pass

    threads = [threading.Thread(target=lambda: [job() for _ in range(5)]) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = _rows(path)
    assert len(rows) == 40
    assert {row["run_id"] for row in rows} == {m.run_id for m in tracker.measurements}


def test_runs_reads_the_csv_as_a_dataframe(tmp_path):
    path = tmp_path / "emissions.csv"
    for name in ("a", "b", "c"):
        with Tracker(name, country="DEU", output=path, rapl_root="/nonexistent", gpu=False):
            pass
    frame = measure.runs(path)
    assert list(frame.columns) == list(RUN_COLUMNS)
    assert list(RUN_COLUMNS[:38]) == CODECARBON_3_3_2_COLUMNS
    assert frame["project_name"].tolist() == ["a", "b", "c"]
    assert (frame["country_iso_code"] == "DEU").all()
    assert str(frame["timestamp"].dtype).startswith("datetime64")

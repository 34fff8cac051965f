"""system.to_excel: results by category × phase, by object, hourly (daily when too long), inputs."""
import footprintlab as fl
import pytest
from footprintlab import u
from footprintlab.model import excel

openpyxl = pytest.importorskip("openpyxl")


def _rows(path, sheet):
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(book[sheet].iter_rows(values_only=True))
    finally:
        book.close()


def test_workbook_figures_match_the_system(tmp_path):
    system = fl.quickstart(72)
    path = system.to_excel(tmp_path / "model.xlsx")
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["Results", "By object", "Hourly", "Inputs", "About"]
    book.close()
    results = {row[0]: row[1:] for row in _rows(path, "Results")[1:]}
    table = system.footprints_by_category()
    for category, row in table.iterrows():
        assert results[category] == pytest.approx((row["fabrication"], row["energy"], row["total"]))
    assert results["Total"][2] == pytest.approx(system.total_footprint.m_as(u.kg))
    objects = {row[1]: row for row in _rows(path, "By object")[1:]}
    server = system.servers()[0]
    assert objects[server.name][2] == pytest.approx(server.instances_fabrication_footprint.value.sum().m_as(u.kg))
    hourly = _rows(path, "Hourly")
    assert hourly[0][0] == "hour (UTC)" and hourly[0][-1] == "total (kg CO2e)"
    assert sum(row[-1] for row in hourly[1:]) == pytest.approx(system.total_footprint.m_as(u.kg))
    inputs = {(row[1], row[2]): row for row in _rows(path, "Inputs")[1:]}
    power = inputs[(server.name, "power")]
    assert power[3:5] == (300, "W")
    laptop = inputs[("Default laptop", "carbon_footprint_fabrication")]
    source = system.devices()[0].carbon_footprint_fabrication.source
    assert laptop[5] == source.name and laptop[6] == (source.link or None)
    starts = inputs[("Daily video streaming consumption", "hourly_usage_journey_starts")]
    assert "72 hours" in starts[8]
    assert inputs[(server.name, "storage")][3] == system.storages()[0].name


def test_too_long_for_a_sheet_gives_daily_sums(tmp_path, monkeypatch):
    monkeypatch.setattr(excel, "MAX_ROWS", 50)
    system = fl.quickstart(24 * 5)
    path = system.to_excel(tmp_path / "model.xlsx")
    daily = _rows(path, "Daily")
    assert daily[0][0] == "day (UTC)" and 5 <= len(daily) - 1 <= 7
    assert sum(row[-1] for row in daily[1:]) == pytest.approx(system.total_footprint.m_as(u.kg))
    about = dict(_rows(path, "About")[1:])
    assert "daily sums" in about["Daily"]


def test_never_over_an_existing_file(tmp_path):
    target = tmp_path / "model.xlsx"
    target.write_bytes(b"keep")
    system = fl.quickstart(24)
    with pytest.raises(FileExistsError):
        system.to_excel(target)
    assert target.read_bytes() == b"keep"
    system.to_excel(target, overwrite=True)
    assert _rows(target, "Results")[0][0] == "category"

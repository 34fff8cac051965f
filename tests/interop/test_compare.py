"""fl.compare: total, category × phase, object and hourly deltas; input differences; renders."""
from pathlib import Path

import footprintlab as fl
import numpy as np
import pytest
from footprintlab import u

DATA = Path(__file__).parent / "data"


@pytest.fixture()
def pair():
    a, b = fl.quickstart(24 * 30), fl.quickstart(24 * 30)
    b.jobs()[0].data_download = 500 * u.MB
    return a, b


def test_deltas_are_b_minus_a(pair):
    a, b = pair
    comparison = fl.compare(a, b)
    total = comparison.total
    assert total["delta"] == pytest.approx(b.total_footprint.m_as(u.kg) - a.total_footprint.m_as(u.kg))
    table = comparison.by_category()
    assert table["delta"].sum() == pytest.approx(total["delta"])
    assert table.loc[("Network", "energy"), "delta"] < 0
    assert table.loc[("Servers", "energy"), "delta"] == 0
    objects = comparison.by_object()
    assert objects["delta"].sum() == pytest.approx(total["delta"], rel=1e-9)
    hourly = comparison.hourly()
    assert hourly["delta"].sum() == pytest.approx(total["delta"], rel=1e-6)
    assert np.allclose(hourly["b"] - hourly["a"], hourly["delta"])


def test_input_differences_with_sources(pair):
    a, b = pair
    b.servers()[0].name = "bigger server"
    rows = fl.compare(a, b).input_rows()
    changes = {(r["class"], r["object"], r["input"], r["change"]) for r in rows}
    assert ("Job", "streaming", "data_download", "changed") in changes
    assert ("Server", "server", "", "removed") in changes
    assert ("Server", "bigger server", "", "added") in changes
    download = next(r for r in rows if r["input"] == "data_download")
    assert (download["a"], download["b"]) == ("800 MB", "500 MB")
    assert download["source_b"] == "user input"


def test_identical_systems_have_no_difference():
    comparison = fl.compare(fl.quickstart(48), fl.quickstart(48))
    assert comparison.total["delta"] == 0
    assert comparison.input_rows() == []
    assert "no input differences" in comparison.to_text()


def test_renders(pair):
    comparison = fl.compare(*pair, names=("800 MB", "500 MB"))
    text = str(comparison)
    assert text.startswith("500 MB (System) vs 800 MB (System)")
    assert "data_download: 800 MB -> 500 MB" in text
    frame = comparison.to_frame()
    assert frame.loc[("Total", ""), "delta"] == pytest.approx(comparison.total["delta"])
    assert "<table" in comparison._repr_html_()
    assert "Δ" in repr(comparison)


def test_follows_later_changes(pair):
    a, b = pair
    comparison = fl.compare(a, b)
    before = comparison.total["delta"]
    b.jobs()[0].data_download = 800 * u.MB
    assert comparison.total["delta"] == pytest.approx(0, abs=1e-6) != before


def test_efootprint_file_against_its_footprintlab_save():
    original = fl.load(DATA / "quickstart_computed.efp.json")
    again = fl.load(original.to_json())
    comparison = fl.compare(original, again)
    assert comparison.input_rows() == []
    assert comparison.total["delta"] == pytest.approx(0, abs=1e-6)

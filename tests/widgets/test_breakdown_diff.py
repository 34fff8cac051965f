"""FootprintBreakdown and DiffChart: values from the model, live, one message per change."""
import numpy as np
import pytest
from footprintlab import u
from footprintlab.widgets import DiffChart, FootprintBreakdown
from footprintlab.widgets.breakdown import CATEGORIES, format_kg
from footprintlab.widgets.numbers import readable


def test_breakdown_bars_are_the_category_totals(quickstart):
    breakdown = FootprintBreakdown(quickstart)
    table = quickstart.footprints_by_category()
    assert list(breakdown.bars.x) == list(CATEGORIES)
    # thousands of tonnes: charted in t CO2e (the axis says so), not "6.00M" kg
    assert breakdown.unit == "t" and breakdown.y_axis.label == "t CO2e"
    fabrication, energy = (table.loc[list(CATEGORIES), phase] / 1000 for phase in ("fabrication", "energy"))
    np.testing.assert_allclose(breakdown.bars.y[0], fabrication, rtol=1e-9)
    np.testing.assert_allclose(breakdown.bars.y[1], energy, rtol=1e-9)


def test_breakdown_legend_is_outside_the_plot_area(quickstart):
    breakdown = FootprintBreakdown(quickstart)
    assert breakdown.bars.display_legend is False  # a legend inside the plot covered the bars
    assert "fabrication" in breakdown.legend.value and "energy" in breakdown.legend.value
    assert breakdown.legend in breakdown.children and breakdown.figure.display_toolbar is False


def test_breakdown_follows_the_model_with_one_message(quickstart, sent):
    breakdown = FootprintBreakdown(quickstart)
    network_before = breakdown.bars.y[1][1]
    sent.clear()
    quickstart.jobs()[0].data_download = 500 * u.MB
    # network energy is proportional to the data transferred per journey: streaming 800 + 0.05 MB
    # and upload 20 MB, so 820.05 MB -> 520.05 MB
    assert breakdown.bars.y[1][1] == pytest.approx(network_before * 520.05 / 820.05, rel=1e-6)
    assert len(sent.updates(breakdown.bars)) == 1


def test_breakdown_hover_lists_the_objects_of_a_category(quickstart):
    breakdown = FootprintBreakdown(quickstart)
    breakdown._on_hover(breakdown.bars, {"data": {"index": 2}})
    assert "<b>Servers</b>" in breakdown.hover_detail.value
    row = quickstart.footprints_by_object().loc[("Servers", "server")]
    assert format_kg(row["fabrication_kg"]) in breakdown.hover_detail.value


def test_diff_shows_the_last_change_and_its_label(quickstart, sent):
    diff = DiffChart(quickstart)
    assert diff.label == "no change since the start"
    np.testing.assert_array_equal(diff.bars.y, np.zeros(4))
    network = quickstart.footprints_by_category().loc["Network", "total"]
    sent.clear()
    quickstart.jobs()[0].data_download = 500 * u.MB
    assert diff.label == "streaming's data_download changing from 800 MB to 500 MB"
    assert "streaming&#x27;s data_download changing from 800 MB to 500 MB" in diff.heading.value
    new_network = quickstart.footprints_by_category().loc["Network", "total"]
    assert diff.bars.y[1] == pytest.approx((new_network - network) / 1000, rel=1e-9)  # t
    assert list(diff.bars.color) == [0, -1, 0, 0]  # a decrease, coloured green
    assert len(sent.updates(diff.bars)) == 1
    # the table is in the axis's unit, with the axis's minus sign (d3's hyphen-minus)
    assert diff.y_axis.label == "t CO2e" and "<th>t CO2e</th>" in diff.deltas.value
    delta_text = readable(abs(diff.bars.y[1]))
    assert f"<td>-{delta_text} (-" in diff.deltas.value and "−" not in diff.deltas.value
    assert "<td>Devices</td>" in diff.deltas.value and "<td>0</td>" in diff.deltas.value


def test_diff_since_the_start(quickstart):
    diff = DiffChart(quickstart)
    network = quickstart.footprints_by_category().loc["Network", "total"]
    quickstart.jobs()[0].data_download = 500 * u.MB
    quickstart.jobs()[0].data_download = 400 * u.MB
    assert diff.label == "streaming's data_download changing from 500 MB to 400 MB"
    diff.since.value = "since the start"
    assert diff.label == "2 changes since the start"
    new_network = quickstart.footprints_by_category().loc["Network", "total"]
    assert diff.bars.y[1] == pytest.approx((new_network - network) / 1000, rel=1e-9)


def test_format_kg():
    assert format_kg(12.345) == "12.3 kg"
    assert format_kg(1234.5) == "1.23 t"
    assert format_kg(2.5e6) == "2,500 t"
    assert format_kg(1.38e12) == "1.38 billion t"


def test_diff_in_kg_below_a_tonne():
    from footprintlab.widgets.diff_chart import delta_table

    table = delta_table(np.array([1.0, 2.0, 0.0, 0.5]), np.array([1.0, 1.5, 0.0, 0.75]), "kg")
    assert "<th>kg CO2e</th>" in table
    assert "<td>-0.5 (-25%)</td>" in table and "<td>+0.25 (+50%)</td>" in table


def diff_by_category(frame) -> tuple[np.ndarray, np.ndarray]:
    """(before, after) per category in kg, summed over phases, from ``system.diff()``."""
    from footprintlab.model.system import CATEGORIES

    totals = frame.groupby(level="category")[["before", "after"]].sum()
    totals = totals.reindex(list(CATEGORIES)).fillna(0.0)
    return totals["before"].to_numpy(), totals["after"].to_numpy()


@pytest.mark.parametrize("since", ["last", "start"])
def test_category_diff_agrees_with_system_diff(quickstart, since):
    from footprintlab.widgets.diff_chart import category_diff

    DiffChart(quickstart)
    for size in (500, 400, 300):
        quickstart.jobs()[0].data_download = size * u.MB
        label, before, after = category_diff(quickstart, since)
        frame = quickstart.diff(since=since)
        assert label == frame.attrs["label"]
        expected_before, expected_after = diff_by_category(frame)
        np.testing.assert_allclose(before, expected_before, rtol=1e-12)
        np.testing.assert_allclose(after, expected_after, rtol=1e-12)


def test_a_change_of_another_system_sends_nothing(quickstart, sent):
    import footprintlab as fl

    diff, breakdown = DiffChart(quickstart), FootprintBreakdown(quickstart)
    other = fl.quickstart(24 * 30)
    sent.clear()
    other.jobs()[0].data_download = 500 * u.MB
    assert sent.to(diff.bars) == [] and sent.to(diff.heading) == []
    assert sent.to(breakdown.bars) == []

"""Tornado: one-at-a-time swings of the uncertain inputs, live, one message per change."""
import footprintlab as fl
import numpy as np
import pytest
from footprintlab import u
from footprintlab.model.uncertainty import one_at_a_time
from footprintlab.widgets import Tornado


@pytest.fixture
def system():
    system = fl.quickstart(n_hours=72)
    system.jobs()[0].data_download = fl.Uniform(400 * u.MB, 1200 * u.MB)
    system.devices()[0].lifespan = fl.Triangular(3 * u.year, 5 * u.year, 8 * u.year)
    return system


def test_bars_are_the_swings_largest_on_top(system):
    chart = Tornado(system)
    table = one_at_a_time(system)
    assert list(chart.bars.x) == list(table.index[::-1])  # bqplot draws the last category on top
    central = table.attrs["central"]
    factor = 1e-3 if "t CO2e" in chart.value_axis.label else 1.0
    expected = (table["total_at_high"].to_numpy() - central)[::-1] * factor
    assert np.allclose(chart.bars.y[1], expected)
    assert "largest swing: " + table.index[0] in chart.note.value


def test_a_change_redraws_once_and_the_model_is_unchanged(system):
    chart = Tornado(system)
    before = chart.bars.y.copy()
    sent = []
    chart.bars.comm.send = lambda *args, **kwargs: sent.append(args)
    total = system.total_footprint.value
    system.jobs()[0].data_download = fl.Uniform(100 * u.MB, 3000 * u.MB)
    assert len(sent) == 1
    assert not np.allclose(chart.bars.y, before)
    assert system.total_footprint.value.magnitude != total.magnitude  # the central value moved


def test_without_uncertain_inputs_a_note_says_how_to_add_one():
    chart = Tornado(fl.quickstart(n_hours=48))
    assert len(chart.bars.x) == 0 and "fl.Uniform" in chart.note.value

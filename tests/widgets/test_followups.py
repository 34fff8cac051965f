"""Explorer follow-ups: uncertainty (band, ranges in the editor, tornado), External APIs and
templates, a second model and the comparison (issues 16, 14 and 15), without a browser."""
import footprintlab as fl
import numpy as np
import pytest
from footprintlab import u
from footprintlab.widgets import DiffChart, Editor, Explorer, FootprintBreakdown, HourlyChart
from footprintlab.widgets.compare_view import CompareView
from footprintlab.widgets.tornado import Tornado


@pytest.fixture
def small():
    return fl.quickstart(n_hours=24 * 20)


# issue 16: the band ------------------------------------------------------------------------------
def test_the_band_is_the_p5_p95_of_the_uncertainty_run_around_the_line(small):
    small.jobs()[0].data_download = fl.Uniform(400 * u.MB, 1200 * u.MB)
    chart = HourlyChart((small, "hourly_total_footprint"))
    assert chart.uncertain and chart._band_row.layout.display == "flex"
    expected = small.uncertainty(200, 0).hourly_band((small, "hourly_total_footprint"))
    mark = chart.band_marks[0]
    assert mark.visible and mark.fill == "between"
    np.testing.assert_allclose(mark.y[0], expected[0.05].to_numpy(), rtol=1e-5)
    np.testing.assert_allclose(mark.y[1], expected[0.95].to_numpy(), rtol=1e-5)
    line = np.asarray(chart.marks[0].y).ravel()
    busy = line > line.max() / 10
    assert np.all(mark.y[0][busy] <= line[busy] * 1.0001) and np.all(line[busy] <= mark.y[1][busy] * 1.0001)
    assert "P5–P95 of 200 samples (seed 0)" in chart.band_status.value
    chart.band_toggle.value = False
    assert not mark.visible and chart.band_status.value == ""


def test_a_certain_model_has_no_band_nor_toggle_and_sends_no_band_mark(small):
    chart = HourlyChart((small, "hourly_total_footprint"))
    assert not chart.uncertain and chart.band_marks == [] and chart._band_row.layout.display == "none"
    assert list(chart.figure.marks) == chart.marks


def test_the_band_follows_a_change_and_goes_when_the_range_is_removed(small, sent):
    chart = HourlyChart((small, "hourly_total_footprint"))
    job = small.jobs()[0]
    job.data_download = fl.Uniform(400 * u.MB, 1200 * u.MB)
    wide = chart.band_marks[0].y[1] - chart.band_marks[0].y[0]
    job.data_download = fl.Uniform(700 * u.MB, 900 * u.MB)
    narrow = chart.band_marks[0].y[1] - chart.band_marks[0].y[0]
    assert narrow.sum() < wide.sum() / 2
    job.data_download = 800 * u.MB
    assert not chart.uncertain and not chart.band_marks[0].visible


def test_with_an_event_loop_the_band_waits_for_the_last_change(small):
    import asyncio

    small.jobs()[0].data_download = fl.Uniform(400 * u.MB, 1200 * u.MB)

    async def scenario():
        chart = HourlyChart((small, "hourly_total_footprint"), band_delay=0.2)
        assert chart._band_pending is not None and not chart.band_marks  # not computed yet
        await asyncio.sleep(0.4)
        assert chart.band_marks[0].visible
        for size in (500, 600, 700):  # three quick slider steps: lines now, one band later
            small.devices()[0].power = size / 10 * u.W
            assert not chart.band_marks[0].visible and "computing" in chart.band_status.value
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.4)
        assert chart.band_marks[0].visible and "200 samples" in chart.band_status.value
        chart.close()

    asyncio.run(scenario())


# issue 16: ranges in the editor --------------------------------------------------------------------
def test_the_editor_turns_a_number_into_a_range_and_back(small):
    job = small.jobs()[0]
    field = Editor(job, small).field("data_download")
    field.range_button.click()
    assert field.range_box.layout.display == "flex"
    assert {n: t.value for n, t in field._parameter_fields.items()} == {"low": "400", "high": "1,200"}
    field._parameter_fields["high"].value = "1,600"
    field.apply_range.click()
    assert str(job.data_download.distribution) == "Uniform(400, 1600 MB)"
    assert "uniform 400 – 1,600 MB" in field.distribution.value and field.entry.disabled
    assert field.entry.value == 1000  # the central value, which the results use
    field.range_button.click()
    field.kind.value = "triangular"
    assert [t.value for t in field._parameter_fields.values()] == ["500", "1,000", "1,500"]
    field.kind.value = "lognormal"
    field._parameter_fields["gsd"].value = "1.3"
    field.apply_range.click()
    assert job.data_download.distribution.kind == "lognormal" and "gsd 1.3" in field.distribution.value
    field.to_number.click()
    assert job.data_download.distribution is None and job.data_download.value == 1000 * u.MB
    assert not field.entry.disabled and field.distribution.layout.display == "none"


def test_a_bad_range_is_refused_under_its_field_and_the_model_is_unchanged(small):
    job = small.jobs()[0]
    field = Editor(job, small).field("data_download")
    field.open_range()
    field._parameter_fields["low"].value = "1,5"
    assert not field.set_range_from_form() and "not a number" in field.error.value
    assert not field.set_range("uniform", low=900, high=100) and "low &lt; high" in field.error.value
    assert job.data_download.distribution is None and job.data_download.value == 800 * u.MB


def test_a_range_set_from_python_shows_in_the_field_in_the_fields_unit(small):
    job = small.jobs()[0]
    field = Editor(job, small).field("data_download")
    field.unit.value = "GB"
    job.data_download = fl.Normal(500 * u.MB, 50 * u.MB)
    assert "normal 0.5 ± 0.05 GB" in field.distribution.value


# issue 16: the Explorer ---------------------------------------------------------------------------
def test_the_explorer_shows_the_tornado_and_band_once_the_model_is_uncertain(small, tmp_path):
    explorer = Explorer(small, workdir=tmp_path)
    assert explorer.tornado is None and not explorer.uncertain
    explorer.select(small.jobs()[0])
    explorer.editor.field("data_download").set_range("uniform", low=400, high=1200)
    assert isinstance(explorer.tornado, Tornado) and explorer.tornado in explorer.main.children
    assert explorer.uncertain and explorer.chart.band_marks[0].visible
    assert list(explorer.tornado.bars.x) == ["streaming.data_download"]
    explorer.editor.field("data_download").make_number()
    assert explorer.tornado is None and explorer.tornado not in explorer.main.children


# issue 14: External APIs, templates -----------------------------------------------------------------
def test_breakdown_and_diff_show_external_apis_for_a_genai_model():
    from footprintlab.model.system import category_attributes

    system = fl.templates.load("ai_assistant")
    assert "External APIs" in category_attributes(system)
    breakdown, diff = FootprintBreakdown(system), DiffChart(system)
    assert list(breakdown.bars.x) == list(category_attributes(system))
    table = system.footprints_by_category()
    factor = 1e-3 if breakdown.unit == "t" else 1.0
    assert breakdown.bars.y[1][4] == pytest.approx(table.loc["External APIs", "energy"] * factor, rel=1e-9)
    assert list(diff.bars.x)[-1] == "External APIs" and "<td>External APIs</td>" in diff.deltas.value
    breakdown._on_hover(breakdown.bars, {"data": {"index": 4}})
    assert "<b>External APIs</b>" in breakdown.hover_detail.value


def test_the_explorer_starts_from_a_template(tmp_path):
    explorer = Explorer(fl.quickstart(n_hours=48), workdir=tmp_path)
    assert list(explorer.files.template.options) == fl.templates.names()
    explorer.files.template.value = "ai_assistant"
    explorer.files.template_button.click()
    assert explorer.system.name == fl.templates.load("ai_assistant").name
    assert "template ai_assistant" in explorer.heading.value
    assert "External APIs" in list(explorer.breakdown.bars.x)
    assert "started from the template ai_assistant" in explorer.status.value


# issue 15: a second model, the comparison -------------------------------------------------------------
def test_a_copy_opened_as_second_model_is_compared_live(small, tmp_path):
    explorer = Explorer(small, workdir=tmp_path)
    explorer.compare_bar.open_button.click()  # "a copy of this model" is the first choice
    assert "comparing A and B" in explorer.status.value
    view = explorer.comparison
    assert isinstance(view, CompareView) and explorer.main.children == (view,)
    a, b = explorer.compare_bar.pair()
    assert a is small and b is not small and b.total_footprint.value == small.total_footprint.value
    assert "+0" in view.summary.value or ": <b>0" in view.summary.value or "0 kg" in view.summary.value
    explorer.select(small.jobs()[0])  # the side column edits A: the comparison follows
    explorer.editor.field("data_download").entry.value = 400.0
    assert view.comparison.total["delta"] > 0 and "data_download" in view.inputs_table.value
    explorer.show("B")
    assert explorer.system is b and explorer.comparison is None and explorer.graph in explorer.main.children
    explorer.show("A")
    assert explorer.system is a


def test_a_second_model_from_a_file_or_a_template(small, tmp_path):
    fl.quickstart(n_hours=24 * 20).to_json(tmp_path / "other.json")
    explorer = Explorer(small, workdir=tmp_path)
    options = dict((label, value) for label, value in explorer.compare_bar.source.options)
    assert options["file: other.json"] == ("file", "other.json")
    assert options["template: ecommerce"] == ("template", "ecommerce")
    assert "opened other.json" in explorer.open_second(("file", "other.json"))
    assert explorer.compare_bar.views.value == "compare"
    explorer.open_second(("template", "ecommerce"))
    assert explorer.compare_bar.other.name == fl.templates.load("ecommerce").name
    assert explorer.comparison.comparison.b is explorer.compare_bar.other

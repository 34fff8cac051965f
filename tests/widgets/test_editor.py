"""Editor: form from the input traits, two-way binding, refused entries leave the model unchanged."""
import footprintlab as fl
import ipywidgets as widgets
import pytest
from footprintlab import Sources, SourceValue, u
from footprintlab.engine import graph
from footprintlab.widgets import Editor


@pytest.fixture
def commits():
    """The input changes of each commit (one list per recompute)."""
    seen = []
    hook = seen.append
    unsubscribe = graph.on_commit(hook)
    yield seen
    unsubscribe()


def test_form_has_one_field_per_input(quickstart):
    server = quickstart.servers()[0]
    editor = Editor(server, quickstart)
    assert list(editor.fields) == server.input_names()
    power = editor.field("power")
    assert power.entry.value == "300" and power.unit.value == "W"
    assert "kW" in power.unit.options
    pue = editor.field("power_usage_effectiveness")
    assert isinstance(pue.entry, widgets.FloatSlider) and (pue.entry.min, pue.entry.max) == (1, 3)
    assert editor.field("server_type").entry.options == ("autoscaling", "serverless", "on-premise")
    assert editor.field("storage").entry.value is quickstart.storages()[0]


def test_source_is_shown_as_a_badge_with_its_comment(quickstart):
    storage = quickstart.storages()[0]
    editor = Editor(storage, quickstart)
    badge = editor.field("carbon_footprint_fabrication").badge.value
    assert "fl-kind-hypothesis" in badge and ">hypothesis<" in badge
    storage.power = SourceValue(2 * u.W, Sources.HYPOTHESIS, comment="datasheet average")
    assert 'title="hypothesis — datasheet average"' in editor.field("power").badge.value


def test_a_form_entry_updates_the_model_in_one_recompute(quickstart, commits):
    job = quickstart.jobs()[0]
    editor = Editor(job, quickstart)
    editor.field("data_download").entry.value = 500.0
    assert job.data_download.value == 500 * u.MB
    assert job.data_download.source is Sources.USER_INPUT
    assert len(commits) == 1
    editor.field("request_duration").entry.value = "3"
    assert job.request_duration.value == 3 * u.min
    editor.field("data_upload").entry.value = "2 GB"  # another unit of the same dimension
    assert job.data_upload.value == 2000 * u.MB
    assert len(commits) == 3


def test_unit_choice_converts_the_shown_value_only(quickstart, commits):
    job = quickstart.jobs()[0]
    field = Editor(job, quickstart).field("data_download")
    field.unit.value = "GB"
    assert field.entry.value == pytest.approx(0.8) and field.entry.max == pytest.approx(2.0)
    field.entry.value = 0.5
    assert job.data_download.value == 500 * u.MB
    assert len(commits) == 1


def test_a_python_change_shows_in_the_form(quickstart):
    job = quickstart.jobs()[0]
    editor = Editor(job, quickstart)
    job.data_download = "0.3 GB"
    assert editor.field("data_download").entry.value == pytest.approx(300)
    job.request_duration = 10 * u.min
    assert editor.field("request_duration").entry.value == "10"


@pytest.mark.parametrize("name, entry, message", [
    ("power", "-5", "power: must be at least 0 W"),
    ("power", "300 kg", "power: expected power"),
    ("base_ram_consumption", "200 GB", "available RAM per instance"),
    ("lifespan", "0", "lifespan: must be at least"),
])
def test_refused_entries_show_the_error_and_leave_the_model_unchanged(quickstart, commits, name,
                                                                      entry, message):
    server = quickstart.servers()[0]
    total = quickstart.total_footprint.value
    before = getattr(server, name).value
    field = Editor(server, quickstart).field(name)
    field.entry.value = entry
    assert message in field.error.value
    assert "Server &#x27;server&#x27;" in field.error.value
    assert getattr(server, name).value == before
    assert quickstart.total_footprint.value == total
    assert commits == []
    # a valid entry then clears the error
    field.entry.value = str(before.magnitude)
    assert field.error.value == ""


def test_reference_dropdown_moves_a_job_to_another_server(quickstart):
    server = quickstart.servers()[0]
    other = fl.Server("second server", carbon_footprint_fabrication=600 * u.kg, power=200 * u.W,
                      lifespan=6 * u.year, ram=64 * u.GB, compute=16 * u.cpu_core,
                      power_usage_effectiveness=1.2, average_carbon_intensity=100 * u.g / u.kWh,
                      utilization_rate=0.9, storage=quickstart.storages()[0])
    upload = quickstart.jobs()[1]
    upload.server = other  # now part of the system
    editor = Editor(quickstart.jobs()[0], quickstart)
    field = editor.field("server")
    assert [label for label, _ in field.entry.options] == ["server", "second server"]
    field.entry.value = other
    assert quickstart.jobs()[0].server is other
    assert server.jobs == ()


def test_list_field_adds_a_copy_and_removes(quickstart, commits):
    journey = quickstart.usage_patterns[0].usage_journey
    field = Editor(journey, quickstart).field("steps")
    assert field.choice.value == field.NEW
    field.add(field.choice.value)
    names = [s.name for s in journey.steps]
    assert names == ["20 min streaming", "70 s capture and upload", "70 s capture and upload (2)"]
    assert journey.steps[2].user_time_spent.value == 70 * u.s
    assert [w.children[0].value for w in field.items.children] == names
    assert len(commits) == 1
    field.remove(2)
    assert [s.name for s in journey.steps] == names[:2]


def test_hourly_inputs_are_summarised(quickstart):
    pattern = quickstart.usage_patterns[0]
    field = Editor(pattern, quickstart).field("hourly_usage_journey_starts")
    assert field.entry.value.startswith("26,280 hourly values, total 1.38 billion")


def test_optional_input_can_be_cleared(quickstart):
    server = quickstart.servers()[0]
    field = Editor(server, quickstart).field("fixed_nb_of_instances")
    assert field.entry.value == ""
    field.entry.value = "700"
    assert server.fixed_nb_of_instances.value.magnitude == 700
    field.entry.value = ""
    assert server.fixed_nb_of_instances is None

"""Explorer (selection, files, bytes per change) and the app's files (no CDN), without a browser."""
import json
import subprocess
import sys

import footprintlab as fl
import pytest
from footprintlab import u
from footprintlab.widgets import Explorer, app
from footprintlab.widgets.explorer_files import export_results_csv


def test_selecting_an_object_edits_it_and_charts_its_outputs(quickstart, tmp_path):
    explorer = Explorer(quickstart, workdir=tmp_path)
    assert explorer.editor.obj is quickstart
    assert [(o, n) for o, n, _ in explorer.chart._sources] == [(quickstart, "hourly_total_footprint")]
    server = quickstart.servers()[0]
    explorer.select(server)
    assert explorer.editor.obj is server
    assert [n for _, n, _ in explorer.chart._sources] == ["energy_footprint", "instances_fabrication_footprint"]
    assert explorer.main.children[1] is explorer.chart
    assert explorer.side.children[0] is explorer.editor


def test_the_calculation_graph_of_the_charted_or_chosen_value_is_in_the_side_column(quickstart, tmp_path):
    from footprintlab.widgets import CalculationGraph

    explorer = Explorer(quickstart, workdir=tmp_path)
    assert isinstance(explorer.calculation, CalculationGraph)
    assert explorer.calculation in explorer.side.children
    assert explorer.calculation.structure["root"] == quickstart.hourly_total_footprint.label
    server = quickstart.servers()[0]
    explorer.select(server)
    labels = [label for label, _ in explorer.explain_choice.options]
    assert labels[:2] == ["server — energy", "server — fabrication"]  # the chart's series first
    assert "server — nb of instances" in labels
    explorer.explain_choice.value = (server, "nb_of_instances")
    assert explorer.calculation.structure["root"] == server.nb_of_instances.label
    explorer.chart.legend.children[1].click()  # the chart's "server — fabrication" series
    assert explorer.calculation.structure["root"] == server.instances_fabrication_footprint.label
    assert explorer.calculation in explorer.side.children


def test_an_edit_in_the_explorer_updates_every_part_within_50_kB(quickstart, sent, tmp_path):
    explorer = Explorer(quickstart, workdir=tmp_path)
    explorer.select(quickstart.jobs()[0])
    path_before = explorer.chart.marks[0].y.copy()
    sent.clear()
    explorer.editor.field("data_download").entry.value = 500.0
    assert explorer.diff.label == "streaming's data_download changing from 800 MB to 500 MB"
    assert (explorer.chart.marks[0].y != path_before).any()
    assert len(sent.updates(explorer.chart.marks[0])) == 1
    assert len(sent.updates(explorer.breakdown.bars)) == 1
    assert sent.to(explorer.graph) == []
    assert sent.total_bytes() < 50_000


def test_save_writes_into_the_workdir_and_overwrites_only_after_confirmation(quickstart, tmp_path):
    explorer = Explorer(quickstart, workdir=tmp_path)
    files = explorer.files
    files.name.value = "mine.json"
    files._write(files.save)
    path = tmp_path / "mine.json"
    assert path.exists()
    assert f"saved the model to {path}" in explorer.status.value  # the absolute path
    assert files.choice.options == ("mine.json",)
    quickstart.jobs()[0].data_download = 500 * u.MB
    files._write(files.save)
    assert "exists; nothing was written" in explorer.status.value
    assert fl.load(path).jobs()[0].data_download.value == 800 * u.MB  # untouched
    assert files.confirm_row.layout.display == "flex" and files.confirm.description == "overwrite mine.json"
    files.confirm.click()
    assert fl.load(path).jobs()[0].data_download.value == 500 * u.MB
    assert files.confirm_row.layout.display == "none"
    assert f"saved the model to {path}" in explorer.status.value


def test_load_offers_the_workdir_models_and_every_panel_shows_the_loaded_one(quickstart, tmp_path):
    quickstart.jobs()[0].data_download = 300 * u.MB
    quickstart.to_json(tmp_path / "b.json")
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / "notes.txt").write_text("not a model")
    explorer = Explorer(fl.quickstart(), title="footprintlab explorer: quickstart", workdir=tmp_path)
    assert explorer.files.choice.options == ("a.json", "b.json")
    explorer.files.choice.value = "a.json"
    explorer.files.load_button.click()
    assert "ModelFileError" in explorer.status.value or "Error" in explorer.status.value
    explorer.files.choice.value = "b.json"
    explorer.files.load_button.click()
    system = explorer.system
    assert system.jobs()[0].data_download.value == 300 * u.MB
    assert f"loaded {tmp_path / 'b.json'}" in explorer.status.value
    assert "b.json" in explorer.heading.value
    assert explorer.graph.system is system and explorer.editor.obj is system
    assert explorer.breakdown.system is system and explorer.diff.system is system
    assert explorer.chart._sources[0][0] is system
    assert explorer.main.children[0] is explorer.graph and explorer.side.children[0] is explorer.editor


def test_an_upload_that_is_not_utf8_or_not_a_model_is_reported_in_the_status(quickstart, tmp_path):
    explorer = Explorer(quickstart, workdir=tmp_path)
    explorer.files._on_upload(type("Change", (), {"new": [{"name": "x.json", "content": b"\xff\xfe{"}]})())
    assert "fl-error-text" in explorer.status.value and explorer.system is quickstart
    text = fl.quickstart().to_json()
    explorer.files._on_upload(type("Change", (), {"new": [{"name": "up.json",
                                                            "content": memoryview(text.encode())}]})())
    assert "loaded the uploaded file up.json" in explorer.status.value
    assert explorer.system is not quickstart and "up.json" in explorer.heading.value


def test_export_csv_writes_the_per_object_footprints_next_to_the_model(quickstart, tmp_path):
    import pandas as pd

    explorer = Explorer(quickstart, workdir=tmp_path)
    explorer.files._write(explorer.files.export_csv)
    path = tmp_path / "model-results.csv"
    assert f"exported the results to {path}" in explorer.status.value
    table = pd.read_csv(path)
    server = table[table["object"] == "server"].iloc[0]
    expected = quickstart.footprints_by_object().loc[("Servers", "server"), "total_kg"]
    assert server["total_kg"] == pytest.approx(expected)
    explorer.files._write(explorer.files.export_csv)
    assert explorer.files.confirm.description == "overwrite model-results.csv"
    with pytest.raises(FileExistsError):
        export_results_csv(quickstart, path)


def test_numbers_in_fields_read_as_people_read_them(quickstart, tmp_path):
    from footprintlab.widgets.editor import Editor

    job = quickstart.jobs()[0]
    field = Editor(job, quickstart).field("data_upload")
    job.data_upload = 1.38e9 * u.MB
    assert field.entry.value == "1,380,000,000"
    field.entry.value = "2,000,000"  # our own grouped text reads back
    assert job.data_upload.value == 2e6 * u.MB
    for bad in ("5 kg", "abc", "-5", "1,5", "1e400"):
        field.entry.value = bad
        assert field.error.layout.display == "block" and bad.split()[0] in field.error.value
        assert job.data_upload.value == 2e6 * u.MB
    field.entry.value = "3"
    assert field.error.layout.display == "none" and field.error.value == ""
    assert "write decimals with a dot" in _error_after(field, "1,5")
    entries = len(quickstart.change_log().entries)
    field.entry.value = "3.0"  # the value it has: no change is logged ("from 3 MB to 3 MB")
    assert len(quickstart.change_log().entries) == entries and field.error.value == ""


def _error_after(field, text: str) -> str:
    field.entry.value = text
    return field.error.value


def test_app_files_load_nothing_from_a_cdn(tmp_path):
    notebook = app.write_app_files(tmp_path)
    cells = json.loads(notebook.read_text())["cells"]
    assert cells[0]["source"] == app.APP_CELL
    template = (tmp_path / "share/voila/templates/footprintlab/index.html.j2").read_text()
    for link in app._CDN_LINKS:
        assert f"replace('{link}', '')" in template
    assert json.loads((tmp_path / "share/voila/templates/footprintlab/conf.json").read_text()) == \
        {"base_template": "lab"}
    argv = app.voila_argv(notebook, 8123, open_browser=False, cull_after=45)
    assert "--Voila.ip=127.0.0.1" in argv and "--port=8123" in argv and "--no-browser" in argv
    assert "--MappingKernelManager.cull_idle_timeout=45" in argv
    assert "--MappingKernelManager.cull_connected=False" in argv
    assert app.announce(8123, 8124) == "footprintlab app: http://127.0.0.1:8124/ (port 8123 is busy) (Ctrl-C to stop)"


def test_examples_app_notebook_is_the_app_notebook():
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "app.ipynb"
    cells = json.loads(example.read_text())["cells"]
    assert [c["source"] if isinstance(c["source"], str) else "".join(c["source"])
            for c in cells if c["cell_type"] == "code"] == [app.APP_CELL]


def test_explorer_from_env_loads_the_named_model(quickstart, tmp_path, monkeypatch):
    path = tmp_path / "m.json"
    quickstart.jobs()[0].data_download = 300 * u.MB
    quickstart.to_json(path)
    monkeypatch.setenv(app.MODEL_ENV, str(path))
    monkeypatch.setenv(app.WORKDIR_ENV, str(tmp_path))
    explorer = app.explorer_from_env()
    assert explorer.system.jobs()[0].data_download.value == 300 * u.MB
    assert explorer.files.workdir == tmp_path.resolve() and "m.json" in explorer.heading.value


def test_app_refuses_an_unreadable_model(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert app.main([str(bad), "--no-browser"]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert app.main([str(tmp_path / "missing.json"), "--no-browser"]) == 2


def test_importing_footprintlab_does_not_import_widget_libraries():
    code = ("import sys, footprintlab, footprintlab.widgets; "
            "print(sorted(m for m in ('ipywidgets', 'bqplot', 'anywidget') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

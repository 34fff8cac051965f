"""Explorer (selection, files, bytes per change) and the app's files (no CDN), without a browser."""
import json
import subprocess
import sys

import footprintlab as fl
import pytest
from footprintlab import u
from footprintlab.widgets import Explorer, app


def test_selecting_an_object_edits_it_and_charts_its_outputs(quickstart):
    explorer = Explorer(quickstart)
    assert explorer.editor.obj is quickstart
    assert [(o, n) for o, n, _ in explorer.chart._sources] == [(quickstart, "hourly_total_footprint")]
    server = quickstart.servers()[0]
    explorer.select(server)
    assert explorer.editor.obj is server
    assert [n for _, n, _ in explorer.chart._sources] == ["energy_footprint", "instances_fabrication_footprint"]
    assert explorer.center.children[1] is explorer.chart
    assert explorer.right_sidebar.children == (explorer.editor,)


def test_an_edit_in_the_explorer_updates_every_part_within_50_kB(quickstart, sent):
    explorer = Explorer(quickstart)
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


def test_save_refuses_to_overwrite_and_load_replaces_the_model(quickstart, tmp_path):
    explorer = Explorer(quickstart)
    path = tmp_path / "model.json"
    explorer._report(explorer.save, str(path), False)
    assert "saved the model" in explorer.status.value
    quickstart.jobs()[0].data_download = 500 * u.MB
    explorer._report(explorer.save, str(path), False)
    assert "exists; nothing was written" in explorer.status.value
    assert fl.load(path).jobs()[0].data_download.value == 800 * u.MB  # untouched
    explorer._report(explorer.save, str(path), True)
    explorer.load(path.read_text())
    assert explorer.system is not quickstart
    assert explorer.system.jobs()[0].data_download.value == 500 * u.MB
    assert explorer.graph.system is explorer.system and explorer.editor.obj is explorer.system


def test_export_csv_writes_the_per_object_footprints(quickstart, tmp_path):
    import pandas as pd

    explorer = Explorer(quickstart)
    path = tmp_path / "results.csv"
    explorer.export_csv(path)
    table = pd.read_csv(path)
    server = table[table["object"] == "server"].iloc[0]
    expected = quickstart.footprints_by_object().loc[("Servers", "server"), "total_kg"]
    assert server["total_kg"] == pytest.approx(expected)
    with pytest.raises(FileExistsError, match="overwrite"):
        explorer.export_csv(path)


def test_app_files_load_nothing_from_a_cdn(tmp_path):
    notebook = app.write_app_files(tmp_path)
    cells = json.loads(notebook.read_text())["cells"]
    assert cells[0]["source"] == app.APP_CELL
    template = (tmp_path / "share/voila/templates/footprintlab/index.html.j2").read_text()
    for link in app._CDN_LINKS:
        assert f"replace('{link}', '')" in template
    assert json.loads((tmp_path / "share/voila/templates/footprintlab/conf.json").read_text()) == \
        {"base_template": "lab"}
    argv = app.voila_argv(notebook, 8123, open_browser=False)
    assert "--Voila.ip=127.0.0.1" in argv and "--port=8123" in argv and "--no-browser" in argv


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
    explorer = app.explorer_from_env()
    assert explorer.system.jobs()[0].data_download.value == 300 * u.MB


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

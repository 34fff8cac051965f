import json

import footprintlab as fl
import pytest
from footprintlab import Sources, SourceValue, u
from footprintlab.model.serialization import ModelFileError
from small_model import build


def test_round_trip_is_exact(tmp_path):
    system = build()[0]
    system.usage_patterns[0].usage_journey.steps[0].jobs[0].data_download = SourceValue(
        700 * u.MB, Sources.HYPOTHESIS, comment="guess")
    path = system.to_json(tmp_path / "model.json")
    loaded = fl.load(path)
    assert loaded.to_json() == system.to_json()
    assert loaded.total_footprint.value == system.total_footprint.value
    job = loaded.jobs()[0]
    assert job.data_download.source == Sources.HYPOTHESIS and job.data_download.comment == "guess"


def test_never_overwrites_without_asking(tmp_path):
    system = build()[0]
    path = tmp_path / "model.json"
    path.write_text("mine")
    with pytest.raises(FileExistsError, match="overwrite=True"):
        system.to_json(path)
    assert path.read_text() == "mine"
    system.to_json(path, overwrite=True)
    assert json.loads(path.read_text())["format"] == "footprintlab-model"


def test_long_series_round_trip_exactly_in_base64():
    system = fl.quickstart(500)
    data = json.loads(system.to_json())
    pattern = next(o for o in data["objects"] if o["class"] == "UsagePattern")
    assert "values_base64" in pattern["inputs"]["hourly_usage_journey_starts"]
    loaded = fl.load(json.dumps(data))
    assert (loaded.usage_patterns[0].hourly_usage_journey_starts.value
            == system.usage_patterns[0].hourly_usage_journey_starts.value)
    pattern["inputs"]["hourly_usage_journey_starts"]["values_base64"] = "not base64!"
    with pytest.raises(ModelFileError, match=r"hourly_usage_journey_starts.values_base64: expected base64"):
        fl.load(json.dumps(data))


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["objects"][0].update({"class": "os.system"}), r"\$.objects\[0\].class: expected one of"),
    (lambda d: d["objects"][1]["inputs"]["power"].update({"unit": "parsec"}), r"\$.objects\[1\].inputs.power.unit"),
    (lambda d: d["objects"][1]["inputs"]["power"].update({"value": "300"}), r"\$.objects\[1\].inputs.power.value: expected a finite"),
    (lambda d: d.update({"root": "nope"}), r"\$.root"),
    (lambda d: d.update({"format": "pickle"}), r"\$.format"),
])
def test_malformed_files_name_the_json_path(mutate, message):
    data = json.loads(build()[0].to_json())
    # find the server entry and put it at index 1 for stable paths
    server_index = next(i for i, o in enumerate(data["objects"]) if o["class"] == "Server")
    data["objects"].insert(1, data["objects"].pop(server_index))
    mutate(data)
    with pytest.raises(ModelFileError, match=message):
        fl.load(json.dumps(data))


def test_cli_report_prints_quickstart_table(capsys):
    from footprintlab.cli import main

    assert main([]) == 0
    out = capsys.readouterr().out
    assert "footprint by category" in out and "Devices" in out and "Total" in out

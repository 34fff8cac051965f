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


# --- each observed defect of the loader, one test each (issue 10) ----------------------------------
def saved():
    """The small model's saved data, and the index of each class's (first) entry."""
    data = json.loads(build()[0].to_json())
    return data, {entry["class"]: index for index, entry in reversed(list(enumerate(data["objects"])))}


def with_literal(data, put, literal: str) -> str:
    """The JSON text of ``data`` with ``literal`` spelled where ``put`` stores a placeholder."""
    put(data, "@@literal@@")
    return json.dumps(data).replace('"@@literal@@"', literal)


def refused(text_or_data, match: str):
    text = text_or_data if isinstance(text_or_data, str) else json.dumps(text_or_data)
    with pytest.raises(ModelFileError, match=match) as caught:
        fl.load(text)
    return str(caught.value)


def test_invalid_value_is_a_model_file_error_with_the_json_path_not_a_trait_error():
    data, at = saved()
    data["objects"][at["Job"]]["inputs"]["data_download"]["value"] = -5
    message = refused(data, rf"^\$\.objects\[{at['Job']}\]\.inputs\.data_download: ")
    assert "at least 0" in message
    assert issubclass(ModelFileError, ValueError)


def test_value_in_a_unit_of_another_dimension_is_refused_with_the_json_path():
    data, at = saved()
    data["objects"][at["Job"]]["inputs"]["data_download"]["unit"] = "kg"
    refused(data, rf"\$\.objects\[{at['Job']}\]\.inputs\.data_download: .*expected data")


def test_list_used_as_an_id_is_refused_not_a_type_error():
    data, at = saved()
    data["objects"][at["Job"]]["id"] = ["o4"]
    refused(data, rf"\$\.objects\[{at['Job']}\]\.id: expected text, got a list")


def test_list_used_as_a_single_reference_is_refused():
    data, at = saved()
    data["objects"][at["Job"]]["inputs"]["server"] = [data["objects"][at["Server"]]["id"]]
    refused(data, rf"\$\.objects\[{at['Job']}\]\.inputs\.server: expected the id of a Server, got a list")


def test_integer_literal_of_5000_digits_is_refused_not_an_overflow_or_value_error():
    data, at = saved()
    text = with_literal(data, lambda d, v: d["objects"][at["Job"]]["inputs"]["data_download"].update(value=v),
                        "1" + "0" * 5000)
    refused(text, rf"\$\.objects\[{at['Job']}\]\.inputs\.data_download\.value: expected a finite number, "
            "got the number 1000")


@pytest.mark.parametrize("literal", ["1e400", "-1e400", "NaN", "Infinity", "-Infinity"])
def test_float_literal_that_is_not_a_finite_float64_is_refused_not_read_as_inf(literal):
    data, at = saved()
    text = with_literal(data, lambda d, v: d["objects"][at["Job"]]["inputs"]["data_download"].update(value=v),
                        literal)
    refused(text, rf"\$\.objects\[{at['Job']}\]\.inputs\.data_download\.value: expected a finite number, "
            "got the number")


def test_huge_literal_in_an_hourly_series_is_refused_with_its_index():
    data, at = saved()
    text = with_literal(data, lambda d, v: d["objects"][at["UsagePattern"]]["inputs"][
        "hourly_usage_journey_starts"]["values"].__setitem__(2, v), "1e999")
    refused(text, r"hourly_usage_journey_starts\.values\[2\]: expected a finite number")


@pytest.mark.parametrize("where, value", [("value", [[1]]), ("values", [[1, 2], [3, 4]])])
def test_nested_array_where_numbers_are_expected_is_refused_not_a_sequence_error(where, value):
    data, at = saved()
    entry = data["objects"][at["UsagePattern" if where == "values" else "Job"]]["inputs"]
    target = entry["hourly_usage_journey_starts" if where == "values" else "data_download"]
    target[where] = value
    refused(data, rf"\.{where}(\[0\])?: expected a finite number, got a list")


def test_bytes_that_are_not_utf8_are_refused_with_the_byte_offset(tmp_path):
    encoded = build()[0].to_json().encode()
    path = tmp_path / "model.json"
    path.write_bytes(encoded[:40] + b"\xff" + encoded[40:])
    with pytest.raises(ModelFileError, match=r"^\$: expected UTF-8 text, found byte 0xff at byte offset 40"):
        fl.load(path)
    with pytest.raises(ModelFileError, match="byte offset 40"), path.open("rb") as handle:
        fl.load(handle)


def test_deep_nesting_is_refused_without_recursion_error():
    deep = '{"format": ' + "[" * 100_000 + "]" * 100_000 + "}"
    refused(deep, r"^\$: expected at most 32 nested lists or objects")


@pytest.mark.parametrize("name", ["[{" * 1000 + '\\"', '\\', '\\"[[[' * 50 + '\\', '"' * 40 + "{" * 40])
def test_brackets_inside_strings_do_not_count_as_nesting(name):
    data, at = saved()
    data["objects"][at["Job"]]["name"] = name
    assert fl.load(json.dumps(data)).jobs()[0].name == name


def test_reference_chain_of_3000_objects_is_refused_without_recursion_error():
    data, at = saved()
    job = data["objects"][at["Job"]]
    chain = [dict(job, id=f"chain{i}", inputs=dict(job["inputs"], server=f"chain{i + 1}")) for i in range(3000)]
    job["inputs"]["server"] = "chain0"
    data["objects"].extend(chain)
    refused(data, rf"\$\.objects\[{at['Job']}\]\.inputs\.server: expected the id of a Server, got 'chain0'")


def chain_of(length: int):
    """``length`` entries of a stand-in class whose one reference points to the next entry."""
    from footprintlab.engine.declarations import Reference
    from footprintlab.model.json_checks import Entry

    class Chain:
        traits = {"next": Reference("Chain", allow_none=True)}

        @classmethod
        def input_traits(cls):
            return cls.traits

    entries = [Entry(index, f"c{index}", Chain, f"c{index}") for index in range(length)]
    for entry, following in zip(entries, [*entries[1:], None]):
        entry.refs["next"] = following.id if following else None
    return entries


def test_reference_resolution_is_iterative_for_a_3000_long_chain():
    from footprintlab.model.serialization import build_order

    entries = chain_of(3000)
    assert build_order(entries, entries[0]) == entries[::-1]


def test_reference_cycle_is_refused_naming_its_objects():
    from footprintlab.model.serialization import build_order

    entries = chain_of(3000)
    entries[-1].refs["next"] = "c0"
    with pytest.raises(ModelFileError, match=r"^\$\.objects\[2999\]\.inputs\.next: expected no reference "
                       r"cycle, but \$\.objects\[0\] -> \$\.objects\[1\] -> .* -> \$\.objects\[0\]"):
        build_order(entries, entries[0])


def test_dangling_id_is_refused():
    data, at = saved()
    data["objects"][at["Job"]]["inputs"]["server"] = "nobody"
    refused(data, rf"\$\.objects\[{at['Job']}\]\.inputs\.server: expected the id of a Server in \$\.objects, "
            "got 'nobody', which no object has")


def test_duplicate_ids_are_refused_naming_both_paths_not_the_later_winning():
    data, at = saved()
    data["objects"][at["Device"]]["id"] = data["objects"][at["Network"]]["id"]
    first, second = sorted([at["Device"], at["Network"]])
    refused(data, rf"\$\.objects\[{second}\]\.id: expected a unique id, but '.*' is also the id of "
            rf"\$\.objects\[{first}\]")


@pytest.mark.parametrize("cls, name", [("Job", "server"), ("UsagePattern", "usage_journeys"),
                                       ("UsagePattern", "network"), ("UsagePattern", "country"),
                                       ("UsagePattern", "devices"), ("UsageJourney", "steps"),
                                       ("System", "usage_patterns")])
def test_null_required_reference_is_refused_at_load(cls, name):
    data, at = saved()
    data["objects"][at[cls]]["inputs"][name] = None
    refused(data, rf"\$\.objects\[{at[cls]}\]\.inputs\.{name}: expected .*got null")


def test_null_optional_reference_is_accepted():
    data, at = saved()
    data["objects"][at["Server"]]["inputs"]["storage"] = None
    del data["objects"][at["Storage"]]
    assert fl.load(json.dumps(data)).servers()[0].storage is None


@pytest.mark.parametrize("cls, name", [("Server", "server_type"), ("Country", "timezone"),
                                       ("Job", "data_download")])
def test_null_required_input_is_refused_at_load(cls, name):
    data, at = saved()
    data["objects"][at[cls]]["inputs"][name] = None
    refused(data, rf"\$\.objects\[{at[cls]}\]\.inputs\.{name}: expected .*got null")


def test_root_that_is_a_job_is_refused_not_returned():
    data, at = saved()
    data["root"] = data["objects"][at["Job"]]["id"]
    refused(data, rf"^\$\.root: expected the id of a System, got '.*', \$\.objects\[{at['Job']}\] \(Job 'job'\)")


@pytest.mark.parametrize("field, value, match", [
    ("unit", "MB/", r"data_download\.unit: expected a unit name .*missing at the end"),
    ("value", "5 MB/", r"data_download\.value: expected a finite number, got text \"5 MB/\""),
])
def test_unit_with_trailing_slash_is_not_read_as_the_unit(field, value, match):
    data, at = saved()
    data["objects"][at["Job"]]["inputs"]["data_download"][field] = value
    refused(data, match)


def test_duplicate_key_in_an_object_is_refused_not_the_later_winning():
    data, at = saved()
    text = with_literal(data, lambda d, v: d["objects"][at["Job"]].update(name=v), '"a", "name": "b"')
    refused(text, rf"\$\.objects\[{at['Job']}\]\.name: expected each key once")


def test_unknown_key_is_refused_not_ignored():
    data, at = saved()
    data["objects"][at["Job"]]["inputs"]["data_download"]["coment"] = "typo"
    refused(data, r"data_download\.coment: expected only the keys \['value', 'unit', 'source', 'comment', "
                  r"'distribution'\]")


def test_object_the_model_does_not_use_is_refused():
    data, at = saved()
    data["objects"][at["UsageJourneyStep"]]["inputs"]["jobs"] = []
    refused(data, rf"^\$\.objects\[{at['Job']}\]: expected an object the model uses")


def test_reference_to_an_object_of_another_class_is_refused():
    data, at = saved()
    data["objects"][at["Job"]]["inputs"]["server"] = data["objects"][at["Storage"]]["id"]
    refused(data, r"inputs\.server: expected the id of a Server, got '.*', \$\.objects\[\d+\] \(Storage 'disk'\)")


def test_series_start_that_is_not_a_whole_hour_is_refused():
    data, at = saved()
    data["objects"][at["UsagePattern"]]["inputs"]["hourly_usage_journey_starts"]["start"] = "2025-01-01 00:30"
    refused(data, r"hourly_usage_journey_starts\.start: expected a UTC hour such as \"2025-01-01 00:00\"")


def test_source_with_a_link_that_is_not_text_is_refused():
    data, at = saved()
    data["objects"][at["Job"]]["inputs"]["data_download"]["source"]["link"] = ["x"]
    refused(data, r"data_download\.source\.link: expected text or null, got a list")


def test_model_its_formulas_refuse_is_refused_at_load_naming_the_object():
    data, at = saved()
    data["objects"][at["Server"]]["inputs"]["ram"]["value"] = 0.5  # below base_ram_consumption (1 GB)
    refused(data, rf"^\$\.objects\[{at['Server']}\]: expected inputs the model can compute, but .*RAM")


def test_load_takes_a_path_a_file_object_or_json_text(tmp_path):
    system = build()[0]
    path = system.to_json(tmp_path / "model.json")
    total = system.total_footprint.value
    with path.open() as text_file, path.open("rb") as binary_file:
        loaded = [fl.load(path), fl.load(str(path)), fl.load(text_file), fl.load(binary_file),
                  fl.load(path.read_text()), fl.load("  \n" + path.read_text())]
    assert all(model.total_footprint.value == total for model in loaded)


@pytest.mark.parametrize("text", ["[]", "model.json", "", "nul\0byte"])
def test_string_that_is_not_an_existing_path_says_so(text, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="no file .*fl.load takes the path of an existing file"):
        fl.load(text)


def test_json_text_that_is_not_an_object_read_from_a_file_is_refused(tmp_path):
    path = tmp_path / "list.json"
    path.write_text("[]")
    with pytest.raises(ModelFileError, match=r"^\$: expected an object \(a saved model\), got a list"):
        fl.load(path)


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_saved_file_follows_the_umask_not_0600(tmp_path, umask, mode):
    import os

    old = os.umask(umask)
    try:
        path = build()[0].to_json(tmp_path / "model.json")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == mode


def test_failed_save_leaves_no_temporary_file(tmp_path, monkeypatch):
    import footprintlab._files

    def failing_fsync(descriptor):
        raise OSError("disk full")

    monkeypatch.setattr(footprintlab._files.os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="disk full"):
        build()[0].to_json(tmp_path / "model.json")
    assert list(tmp_path.iterdir()) == []

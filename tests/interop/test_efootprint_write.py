"""Writing efootprint 27 files: the same structure as the files efootprint 27 loaded, same totals.

data/roundtrip_expected.json was made by benchmarks/efootprint_roundtrip.py --write-fixture, which
ran efootprint 27.0.0 in its own environment on the files written here (efootprint is never
imported by the tests): efootprint's totals for our files, our totals, and the files' structure.
"""
import importlib.util
import json
from pathlib import Path

import footprintlab as fl
import pytest
from footprintlab import u
from footprintlab.model.efootprint_write import EfootprintExportWarning

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = json.loads((Path(__file__).parent / "data" / "roundtrip_expected.json").read_text())


def _script():
    spec = importlib.util.spec_from_file_location("efootprint_roundtrip", ROOT / "benchmarks" / "efootprint_roundtrip.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", sorted(FIXTURE["models"]))
def test_written_file_has_the_structure_efootprint_loaded_and_reads_back(name, tmp_path):
    script = _script()
    if name == "services":
        pytest.importorskip("ecologits")
    system = script.models()[name]()
    path = system.to_efootprint_json(tmp_path / f"{name}.efp.json")
    data = json.loads(path.read_text())
    expected = FIXTURE["models"][name]
    assert script.structure(data) == expected["structure"]
    assert data["efootprint_version"] == FIXTURE["efootprint_version"]
    ours = system.total_footprint.m_as(u.kg)
    assert ours == pytest.approx(expected["footprintlab"]["total"], rel=1e-6)
    # efootprint 27 computed our file within 0.5 % of our total (benchmark-side run)
    assert expected["efootprint"]["total"] == pytest.approx(ours, rel=FIXTURE["tolerance"])
    back = fl.load(path)
    assert back.total_footprint.m_as(u.kg) == pytest.approx(ours, rel=1e-5)  # float32 hourly starts
    theirs = back.footprints_by_category()
    for category, row in system.footprints_by_category().iterrows():
        for phase in ("fabrication", "energy"):
            assert theirs.loc[category, phase] == pytest.approx(row[phase], rel=1e-5, abs=1e-6), (category, phase)


def test_conventions_units_and_sources(tmp_path):
    pytest.importorskip("ecologits")
    system = _script().services_model(hours=48)
    data = json.loads(system.to_efootprint_json())
    by_name = {item["name"]: item for block in data.values() if isinstance(block, dict)
               for item in block.values() if isinstance(item, dict) and "name" in item}
    laptop = by_name["Default laptop"]
    assert laptop["fraction_of_usage_time"]["unit"] == "hour / day"
    assert laptop["fraction_of_usage_time"]["value"] == pytest.approx(7)
    source = data["Sources"][laptop["carbon_footprint_manufacturing"]["source"]]
    assert source["name"] == fl.Device.laptop().carbon_footprint_fabrication.source.name
    page = by_name["page view"]  # a generic service's job: a plain job, upload + download merged
    assert page["data_transferred"]["value"] == pytest.approx(2.05)
    assert by_name["app server"]["base_ram_consumption"]["value"] == pytest.approx(300 + 1000)  # + the service
    assert by_name["app server"]["base_compute_consumption"]["value"] == pytest.approx(2.5)
    storage = by_name["app SSD"]
    assert storage["carbon_footprint_manufacturing_per_storage_capacity"]["value"] == pytest.approx(160)
    assert storage["storage_capacity"]["unit"] == "terabyte_stored"
    casual = by_name["casual"]
    assert sorted(w["value"] for w in casual["uj_steps"].values()) == [1, 1, 1, 2]  # browse twice
    browse = by_name["browse"]
    assert [w["value"] for w in browse["jobs"].values()] == [2]  # page view twice per step
    weights = by_name["households"]["usage_journeys"]
    assert sorted(w["value"] for w in weights.values()) == [0.3, 0.7]
    assert by_name["LLM"]["provider"]["value"] == "openai" and by_name["LLM"]["model_name"]["value"] == "gpt-4o-mini"
    assert by_name["assistant answer"]["output_token_count"]["value"] == 400
    assert by_name["4K stream"]["resolution"]["value"] == "4K (3840 x 2160)"
    hourly = by_name["households"]["hourly_occurrences"]
    assert hourly["start_date"] == "2025-01-01 00:00:00" and hourly["timezone"] is None


def test_never_over_a_file_and_what_efootprint_cannot_hold_is_named(tmp_path):
    system = fl.quickstart(48)  # footprintlab's quickstart: storage with 1.3 W of power
    target = tmp_path / "model.efp.json"
    target.write_text("keep me")
    with pytest.warns(EfootprintExportWarning, match="Storage 'SSD storage'.*power 0"):
        with pytest.raises(FileExistsError):
            system.to_efootprint_json(target)
    assert target.read_text() == "keep me"
    with pytest.warns(EfootprintExportWarning):
        system.to_efootprint_json(target, overwrite=True)
    assert json.loads(target.read_text())["efootprint_version"] == "27.0.0"


def test_same_system_same_file():
    system = fl.load(Path(__file__).parent / "data" / "multi.efp.json")
    assert system.to_efootprint_json() == system.to_efootprint_json()

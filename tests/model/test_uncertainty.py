"""Uncertainty (issue 16): distributions on inputs, Monte Carlo quantiles, bands, sensitivity."""
import json
import math

import footprintlab as fl
import numpy as np
import pytest
from footprintlab import InputError, u
from footprintlab.model.json_checks import ModelFileError
from hypothesis import given
from hypothesis import strategies as st
from trust_fixtures import build, total_kg


def _total_with(obj, name, value):
    original = getattr(obj, name)
    setattr(obj, name, value)
    total = total_kg(obj.systems[0] if hasattr(obj, "systems") else _system_of(obj))
    setattr(obj, name, original)
    return total


def _system_of(obj):
    return MODEL_SYSTEMS[id(obj)]


MODEL_SYSTEMS: dict = {}


@pytest.fixture
def model():
    parts = build(hours=72)
    for part in parts.values():
        if part is not None:
            MODEL_SYSTEMS[id(part)] = parts["system"]
    return parts


def test_central_values_drive_the_deterministic_model(model):
    device = model["device"]
    before = total_kg(model["system"])
    device.power = fl.Uniform(5 * u.W, 15 * u.W)  # midpoint 10 W, the current value
    assert device.power.value == 10 * u.W and total_kg(model["system"]) == before
    model["job"].data_download = fl.Triangular("500 MB", "900 MB", "2000 MB")
    assert model["job"].data_download.value == 900 * u.MB  # the mode
    model["server"].power_usage_effectiveness = fl.Normal(2, 0.2)
    model["network"].bandwidth_energy_intensity = fl.LogNormal(0.1 * u.kWh / u.GB, 1.5)
    assert total_kg(model["system"]) == before
    assert "uncertain: Uniform(5, 15 W), central value 10 W" in device.power.explain()


def test_total_linear_in_one_uniform_input_has_closed_form_quantiles(model):
    device, system = model["device"], model["system"]
    low, high = _total_with(device, "power", 5 * u.W), _total_with(device, "power", 15 * u.W)
    device.power = fl.Uniform(5 * u.W, 15 * u.W)
    result = system.uncertainty(n=4000, seed=1)
    for q in (0.05, 0.5, 0.95):
        expected = low + q * (high - low)
        error = 3 * math.sqrt(q * (1 - q) / 4000) * (high - low)  # 3 sampling standard errors
        assert result.quantiles((q,)).loc["Total", q] == pytest.approx(expected, abs=error)


def test_lognormal_input_gives_the_right_median(model):
    network, system = model["network"], model["system"]
    at_median = _total_with(network, "bandwidth_energy_intensity", 0.1 * u.kWh / u.GB)
    network.bandwidth_energy_intensity = fl.LogNormal(0.1 * u.kWh / u.GB, 2.0)
    median = system.uncertainty(n=3000, seed=2).quantiles((0.5,)).loc["Total", 0.5]
    assert median == pytest.approx(at_median, rel=0.02)


def test_no_uncertain_input_gives_a_zero_width_band_equal_to_the_model(model):
    system = model["system"]
    result = system.uncertainty(n=20, seed=0)
    quantiles = result.quantiles()
    assert (quantiles.max(axis=1) == quantiles.min(axis=1)).all()
    assert quantiles.loc["Total", 0.5] == pytest.approx(total_kg(system), rel=1e-12)
    band = result.hourly_band((system, "hourly_total_footprint"))
    expected = system.hourly_total_footprint.value.values
    assert np.allclose(band[0.05].to_numpy(), expected) and np.allclose(band[0.95].to_numpy(), expected)


def test_same_seed_same_numbers_and_the_model_ends_where_it_started(model):
    model["device"].power = fl.Uniform(5 * u.W, 15 * u.W)
    model["job"].data_download = fl.Uniform("100 MB", "2 GB")
    before = total_kg(model["system"])
    first = model["system"].uncertainty(n=200, seed=7).samples
    second = model["system"].uncertainty(n=200, seed=7).samples
    assert first.equals(second)
    assert not first.equals(model["system"].uncertainty(n=200, seed=8).samples)
    assert total_kg(model["system"]) == before


def test_samples_nobody_is_notified_of(model):
    model["device"].power = fl.Uniform(5 * u.W, 15 * u.W)
    seen = []
    unsubscribe = fl.on_commit(seen.append)
    try:
        model["system"].uncertainty(n=50, seed=0)
    finally:
        unsubscribe()
    assert seen == []


def test_normal_is_truncated_at_the_inputs_bounds(model):
    server = model["server"]
    server.power_usage_effectiveness = fl.Normal(1.05, 0.5)  # PUE >= 1
    result = model["system"].uncertainty(n=500, seed=3)
    assert result.inputs["srv.power_usage_effectiveness"].min() >= 1


def test_sensitivity_ranks_the_input_that_matters(model):
    model["device"].power = fl.Uniform(1 * u.W, 100 * u.W)
    model["server"].power_usage_effectiveness = fl.Uniform(1.9, 2.1)
    table = model["system"].uncertainty(n=800, seed=4).sensitivity()
    assert list(table.index) == ["phone.power", "srv.power_usage_effectiveness"]
    assert table["share"].sum() == pytest.approx(1)
    assert table.attrs["r2"] > 0.9
    assert table.loc["phone.power", "swing"] > table.loc["srv.power_usage_effectiveness", "swing"] > 0


def test_distributions_are_refused_where_they_cannot_apply(model):
    with pytest.raises(InputError, match="must be at least 1"):
        model["server"].power_usage_effectiveness = fl.Uniform(0.2, 0.8)
    with pytest.raises(InputError, match="an hourly series is expected"):
        model["pattern"].hourly_usage_journey_starts = fl.Uniform(1 * u.occurrence, 2 * u.occurrence)
    with pytest.raises(InputError, match="expected"):
        model["job"].data_download = fl.Uniform(1 * u.W, 2 * u.W)
    with pytest.raises(ValueError):
        fl.Uniform(2 * u.W, 1 * u.W)
    with pytest.raises(ValueError):
        fl.Normal(1 * u.W, -1 * u.W)
    with pytest.raises(ValueError):
        fl.LogNormal(1 * u.W, 0.5)
    with pytest.raises(ValueError):
        fl.Uniform(float("nan") * u.W, 1 * u.W)


def test_distributions_survive_save_and_load(model, tmp_path):
    model["job"].data_download = fl.Triangular("500 MB", "900 MB", "2000 MB")
    model["network"].bandwidth_energy_intensity = fl.LogNormal(0.1 * u.kWh / u.GB, 1.5)
    loaded = fl.load(model["system"].to_json(tmp_path / "m.json"))
    job = next(o for o in loaded.all_objects() if isinstance(o, fl.Job))
    assert job.data_download.distribution == model["job"].data_download.distribution
    assert loaded.uncertainty(n=50, seed=0).samples.equals(model["system"].uncertainty(n=50, seed=0).samples)


@given(st.dictionaries(st.sampled_from(["kind", "unit", "low", "high", "mode", "extra"]),
                       st.one_of(st.text(max_size=8), st.floats(), st.integers(), st.none(),
                                 st.sampled_from(["uniform", "normal", "MB", "W"]))))
def test_a_bad_distribution_in_a_file_is_a_model_file_error(raw):
    data = json.loads(SAVED)
    entry = next(o for o in data["objects"] if o["class"] == "Job")
    entry["inputs"]["data_download"]["distribution"] = raw
    try:
        fl.load(json.dumps(data))
    except ModelFileError:
        pass


SAVED = build(hours=24)["system"].to_json()


def test_a_model_calling_genai_apis_has_them_in_its_samples_and_total():
    pytest.importorskip("ecologits")
    llm = fl.GenAIExternalAPI("LLM", provider="openai", model="gpt-4o-mini")
    answer = fl.GenAIJob("answer", api=llm, output_tokens=400)
    ask = fl.UsageJourney("ask", steps=[fl.UsageJourneyStep("ask", user_time_spent=2 * u.min, jobs=[answer])])
    users = fl.UsagePattern("users", usage_journey=ask, devices=[fl.Device.smartphone()],
                            network=fl.Network.mobile(), country=fl.Countries.FRANCE(),
                            hourly_usage_journey_starts=fl.builders.linear_growth(10, 20, 48, "2026-01-01"))
    system = fl.System("assistant", usage_patterns=[users])
    answer.output_tokens = fl.Uniform(200, 600)
    result = system.uncertainty(n=50, seed=0)
    assert "External APIs" in result.samples.columns
    assert result.samples["Total"].to_numpy() == pytest.approx(
        result.samples.drop(columns="Total").sum(axis=1).to_numpy())
    assert (result.samples["External APIs"] > 0).all()

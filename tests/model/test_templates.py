"""Starter templates: each loads, computes finite positive totals, and cites every input."""
import math

import footprintlab as fl
import pytest
from footprintlab import u
from footprintlab.engine import ExplainableValue, Hourly, Quantity
from footprintlab.engine.declarations import Reference

NAMES = ("video_platform", "ecommerce", "ai_assistant", "saas_app")


def _load(name, hours=24 * 14):
    if name == "ai_assistant":
        pytest.importorskip("ecologits")
    return fl.templates.load(name, hours=hours)


def test_names_and_descriptions():
    assert fl.templates.names() == list(NAMES)
    assert set(fl.templates.describe()) == set(NAMES)
    with pytest.raises(KeyError, match="ecommerce"):
        fl.templates.load("ecomerce")


@pytest.mark.parametrize("name", NAMES)
def test_totals_are_finite_and_positive(name):
    system = _load(name)
    total = system.total_footprint.m_as(u.kg)
    assert math.isfinite(total) and total > 0
    for category, row in system.footprints_by_category().iterrows():
        assert math.isfinite(row["total"]) and row["total"] > 0, category


@pytest.mark.parametrize("name", NAMES)
def test_every_input_is_cited(name):
    system = _load(name, hours=48)
    checked = 0
    for obj in [*system.all_objects(), system]:
        for input_name, trait in type(obj).input_traits().items():
            value = obj._trait_values.get(input_name)
            if isinstance(trait, Reference) or value is None or isinstance(value, str):
                continue
            assert isinstance(value, ExplainableValue), (obj.name, input_name)
            assert isinstance(value.value, (Quantity, Hourly)), (obj.name, input_name)
            source = value.source
            assert source is not None and source.name and source.link, (type(obj).__name__, obj.name, input_name)
            assert source.name not in ("user input", "user data"), (obj.name, input_name)
            checked += 1
    assert checked > 30


def test_features_each_template_shows():
    video = _load("video_platform", hours=48)
    pattern = video.usage_patterns[0]
    assert {j.name: w for j, w in pattern.weighted_journeys()} == {"casual viewer": 0.8, "binge viewer": 0.2}
    assert any(type(s).__name__ == "VideoStreaming" for s in video.services())
    saas = _load("saas_app", hours=24 * 7)
    assert any(type(s).__name__ == "Service" for s in saas.services())
    starts = saas.usage_patterns[0].hourly_usage_journey_starts.value.values
    assert starts[:8].sum() == 0  # nobody at work at night
    assistant = _load("ai_assistant", hours=48)
    assert "External APIs" in assistant.footprints_by_category().index


def test_templates_are_fresh_and_save():
    a, b = fl.templates.load("ecommerce", hours=48), fl.templates.load("ecommerce", hours=48)
    assert a is not b and a.servers()[0] is not b.servers()[0]
    assert fl.load(a.to_json()).total_footprint.m_as(u.kg) == pytest.approx(a.total_footprint.m_as(u.kg))

"""Property-based: any generated bad value assigned to any input ends in a refusal with the model's
totals unchanged, or in an accepted value with finite totals. Nothing else (issue 10)."""
import math

import footprintlab as fl
import numpy as np
from footprintlab import Hourly, u
from hypothesis import given
from hypothesis import strategies as st
from trust_fixtures import build, total_kg

MODEL = build()
TARGETS = [(name, obj, trait) for name, obj in MODEL.items() if isinstance(obj, fl.ModelObject)
           for trait in type(obj).input_traits().values()]

floats = st.one_of(st.sampled_from([float("nan"), float("inf"), -float("inf"), 1e308, -1e308, 0.0, -1.0,
                                    5e-324, 1e-300]), st.floats(allow_nan=True, allow_infinity=True))
units = st.sampled_from([u.MB, u.TB, u.W, u.kWh, u.g / u.kWh, u.dimensionless, u.occurrence, u.min,
                         u.year, u.cpu_core, u.kg, u.GB])
texts = st.one_of(st.text(max_size=12), st.sampled_from(["5 MB/", "1e400 MB", "nan MB", "-5 W", "1,5 GB",
                                                         "5 kg", "  ", "3 (W", "inf", "2 W**99"]))


@st.composite
def bad_values(draw):
    kind = draw(st.sampled_from(["quantity", "text", "none", "hourly", "other"]))
    if kind == "quantity":
        return draw(floats) * draw(units)
    if kind == "text":
        return draw(texts)
    if kind == "none":
        return None
    if kind == "hourly":
        values = draw(st.lists(floats, min_size=0, max_size=30))
        start = draw(st.sampled_from(["2025-01-01", "2030-06-01", "1999-12-31"]))
        return Hourly(np.array(values, dtype=float), start, draw(units))
    return draw(st.sampled_from([[], [1, 2], {"a": 1}, object(), True, 3, b"5 MB", MODEL["server"]]))


@given(target=st.sampled_from(TARGETS), value=bad_values())
def test_generated_assignment_is_refused_with_totals_unchanged_or_accepted_with_finite_totals(target, value):
    _, obj, trait = target
    before_total = total_kg(MODEL["system"])
    before_value = obj._trait_values.get(trait.name)
    try:
        setattr(obj, trait.name, value)
    except ValueError:  # InputError, RecomputeError, UnitError: all ValueErrors naming the object
        assert obj._trait_values.get(trait.name) is before_value
        assert total_kg(MODEL["system"]) == before_total
        return
    after = total_kg(MODEL["system"])
    assert math.isfinite(after) and after >= 0
    setattr(obj, trait.name, before_value)  # restore for the next example
    assert total_kg(MODEL["system"]) == before_total

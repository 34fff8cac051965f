import numpy as np
import pytest
from footprintlab.engine import Hourly, Sources, SourceValue, UnitError, u
from footprintlab.engine.units import parse_unit
from footprintlab.engine.values import parse_quantity


def test_exact_conversions():
    assert (800 * u.MB).to(u.GB).magnitude == 0.8
    assert (1 * u.kWh).to(u.J).magnitude == 3_600_000
    assert (3 * u.year).to(u.h).magnitude == 26298  # a year is 365.25 days
    assert (1 * u.t).to(u.kg).magnitude == 1000
    assert (90 * u.min).to(u.h).magnitude == 1.5
    assert (1 * u.kW).to(u.W).magnitude == 1000


def test_derived_units_and_parsing():
    intensity = 100 * u.g / u.kWh
    assert str(intensity.unit) == "g/kWh"
    footprint = (2 * u.kWh) * intensity
    assert footprint.unit == u.g and footprint.magnitude == 200
    assert (300 * u.W * (2 * u.h)).to(u.kWh).magnitude == 0.6
    assert parse_quantity("800 MB") == 800 * u.MB
    assert parse_quantity("0.05 kWh/GB").to("kWh/GB").magnitude == 0.05
    assert parse_unit("g/kWh") == u.g / u.kWh
    assert parse_quantity("0.9").unit.dimensionless


def test_incompatible_units_raise_clear_error():
    with pytest.raises(UnitError, match="cannot add kg .mass CO2e. to kWh .energy."):
        (1 * u.kWh) + (1 * u.kg)
    with pytest.raises(UnitError, match="cannot convert"):
        (1 * u.kWh).to(u.GB)
    with pytest.raises(UnitError, match="unknown unit"):
        parse_quantity("3 parsecs")


def test_hourly_alignment_missing_hours_are_zero():
    a = Hourly([1, 2, 3], "2025-01-01T00", u.kWh)
    b = Hourly([10, 20], "2025-01-01T02", u.kWh)
    total = a + b
    assert str(total.start) == "2025-01-01T00"
    assert total.values.tolist() == [1, 2, 13, 20]
    product = a * Hourly([2, 2], "2025-01-01T01", u.dimensionless)
    assert product.values.tolist() == [0, 4, 6]
    assert (a * (2 * u.h)).unit == u.kWh * u.h


def test_hourly_units_and_reductions():
    energy = Hourly([1000, 2000], "2025-01-01", u.Wh)
    assert energy.to(u.kWh).values.tolist() == [1.0, 2.0]
    assert energy.sum() == 3 * u.kWh
    assert energy.max().m_as(u.kWh) == 2
    assert (energy * (0.1 * u.kg / u.kWh)).to(u.kg).values.tolist() == pytest.approx([0.1, 0.2])
    shifted = Hourly([1.0, 1.0], "2025-01-01", u.occurrence).shift(1.5)
    assert str(shifted.start) == "2025-01-01T01"
    assert shifted.values.tolist() == [0.5, 1.0, 0.5]
    text = repr(Hourly(np.arange(26280.0), "2025-01-01", u.kWh))
    assert text.startswith("26280 values from 2025-01-01 00:00 to 2027-12-31 23:00 in kWh: first 10 vals [0, 1, 2")


def test_timezone_aware_start_converted_to_utc():
    import datetime as dt
    from zoneinfo import ZoneInfo

    start = dt.datetime(2025, 1, 1, 1, tzinfo=ZoneInfo("Europe/Paris"))
    assert str(Hourly([1.0], start).start) == "2025-01-01T00"


def test_source_value_and_default_source():
    value = SourceValue(160 * u.kg, Sources.HYPOTHESIS, comment="a guess")
    assert value.kind == "hypothesis" and value.comment == "a guess"
    assert SourceValue("800 MB").source is Sources.USER_INPUT
    assert SourceValue("800 MB").value == 800 * u.MB
    with pytest.raises(TypeError):
        SourceValue([1, 2])

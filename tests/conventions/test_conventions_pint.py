"""pint: quantities accepted by every quantity input (converted exactly), value.to_pint() out;
pint is never imported unless used."""
import subprocess
import sys

import footprintlab as fl
import pytest
from footprintlab.engine import InputError, Quantity, Sources, SourceValue, UnitError, u

pint = pytest.importorskip("pint")
ureg = pint.get_application_registry()


@pytest.mark.parametrize("text", ["kWh", "g/kWh", "kg", "W", "MB", "h", "year", "month", "t",
                                  "GB/h", "J", "min", "percent", "dimensionless", "kg/(kWh*h)"])
def test_round_trip_through_pint_keeps_magnitude_and_unit(text):
    ours = Quantity(0.1, u.get(text if text != "percent" else "%"))
    theirs = ours.to_pint()
    assert isinstance(theirs, pint.Quantity) and theirs.magnitude == 0.1
    back = Quantity.from_pint(theirs)
    assert back.magnitude == 0.1 and back.unit.factor == ours.unit.factor
    assert back.unit.dims == ours.unit.dims
    # pint's own conversion agrees with ours
    for other in u.same_dimension(ours.unit):
        if other not in ("%", "percent"):
            assert theirs.to(Quantity(1, u.get(other)).to_pint().units).magnitude == \
                pytest.approx(ours.m_as(other), rel=1e-12)


def test_footprintlab_only_units_round_trip():
    for text in ("cpu_core", "gpu", "occurrence", "kWh/occurrence"):
        q = Quantity(3, u.get(text))
        assert Quantity.from_pint(q.to_pint()) == q


def test_a_pint_quantity_is_accepted_by_model_inputs_exactly():
    system = fl.quickstart(48)
    server = system.servers()[0]
    server.power = ureg.Quantity(0.31, "kW")
    assert server.power.value.magnitude == 0.31 and server.power.value.unit is u.kW
    assert server.power.value.m_as(u.W) == 310.0  # exact: 0.31 × 1000 by our factors
    server.average_carbon_intensity = SourceValue(ureg.Quantity(50, "g/kWh"), Sources.HYPOTHESIS)
    assert server.average_carbon_intensity.source is Sources.HYPOTHESIS
    assert server.average_carbon_intensity.value.m_as("g/kWh") == 50
    server.lifespan = 5 * ureg.year
    assert server.lifespan.value == 5 * u.year
    assert server.energy_footprint.to_pint().units == ureg.kg


def test_an_incompatible_or_unknown_pint_unit_is_refused_like_any_bad_value():
    system = fl.quickstart(48)
    server = system.servers()[0]
    before = server.power.value
    with pytest.raises(InputError, match=r"Server 'server': power: expected power"):
        server.power = ureg.Quantity(3, "kg")
    with pytest.raises(InputError, match="power: .*kibibyte"):
        server.power = ureg.Quantity(3, "KiB")
    with pytest.raises(InputError, match="start"):
        server.power = ureg.Quantity([1.0, 2.0], "W")
    with pytest.raises(InputError, match="finite"):
        server.power = ureg.Quantity(float("nan"), "W")
    assert server.power.value == before
    with pytest.raises(UnitError):
        Quantity.from_pint(ureg.Quantity(1, "mile"))


def test_hourly_to_pint_is_an_array_quantity():
    system = fl.quickstart(48)
    series = system.servers()[0].energy_footprint.value
    theirs = series.to_pint()
    assert theirs.units == ureg.kg and list(theirs.magnitude) == list(series.values)


def test_pint_is_not_imported_unless_used():
    code = ("import sys, footprintlab as fl; s = fl.quickstart(24); s._repr_html_(); "
            "s.servers()[0].power = '300 W'; print('pint' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"

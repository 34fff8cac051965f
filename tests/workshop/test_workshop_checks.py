"""check(...): a right answer gets ✅, a wrong one a 💡 hint; a check never raises."""
from __future__ import annotations

import footprintlab as fl
import pandas as pd
import pytest
from footprintlab import u
from footprintlab.workshop import check, describe, equivalents, evaluate, exercises, factors


def ok(exercise, answer, **context):
    good, message = evaluate(exercise, answer, **context)
    assert good, message
    assert message.startswith("✅")


def hint(exercise, answer, contains="", **context):
    good, message = evaluate(exercise, answer, **context)
    assert not good and message.startswith("💡"), message
    assert contains in message, message
    return message


def test_the_placeholder_asks_for_an_answer(capsys):
    assert check("1.1", ...) is None
    assert "Replace the `...`" in capsys.readouterr().out


def test_an_unknown_exercise_lists_the_known_ones():
    hint("9.9", 1, contains="1.1, 1.2")


def test_a_check_that_fails_internally_gives_a_message_not_a_traceback():
    hint("2.2", 42, contains="pass your system")
    hint("4.1", "not a table", contains="DataFrame")
    hint("3.2", "measured", contains="run=")


def test_module_1():
    system = fl.quickstart()
    ok("1.1", ("Devices", "fabrication"), system=system)
    ok("1.1", ["devices", "Fabrication"], system=system)
    hint("1.1", ("Network", "energy"), contains="not the largest", system=system)
    hint("1.1", ("Devices", "energy"), contains="right category", system=system)
    hint("1.1", "Devices", contains="tuple", system=system)
    peak = system.servers()[0].nb_of_instances.max().magnitude
    ok("1.2", peak, system=system)
    ok("1.2", system.servers()[0].nb_of_instances.max(), system=system)   # a dimensionless value
    hint("1.2", system.total_footprint, contains="plain number", system=system)
    hint("1.2", peak * 2, contains="too high", system=system)
    ok("1.3", "ADEME Base Empreinte")
    hint("1.3", "Wikipedia", contains="brackets")
    per_session = system.total_footprint.m_as(u.g) / system.usage_patterns[0] \
        .hourly_usage_journey_starts.sum().magnitude
    ok("1.4", per_session, system=system)
    ok("1.4", per_session * u.g, system=system)
    hint("1.4", per_session / 1000, contains="1,000 times too small", system=system)


def test_module_2_levers_follow_the_model():
    system = fl.quickstart()
    before = system.total_footprint.m_as(u.kg)
    system.jobs()[0].data_download = 400 * u.MB
    percent = (system.total_footprint.m_as(u.kg) - before) / before * 100
    ok("2.1", percent)
    ok("2.1", -percent)          # "a fall of 12.8 %" is right too
    hint("2.1", percent / 100, contains="percentage given as a fraction")
    fresh = fl.quickstart()
    hint("2.2", fresh, contains="AND on the storage")
    germany = fl.Countries.GERMANY().average_carbon_intensity.value
    fresh.servers()[0].average_carbon_intensity = germany
    hint("2.2", fresh, contains="SSD storage")
    fresh.storages()[0].average_carbon_intensity = germany
    ok("2.2", fresh)
    ok("2.3", -50)
    hint("2.3", -25, contains="too high")
    ok("2.4", ["lifespan", "quality", "country"])
    hint("2.4", ["quality", "lifespan", "country"], contains="not the largest")
    hint("2.4", ["lifespan", "country", "quality"], contains="first is right")
    hint("2.4", ["a", "b", "c"], contains="exactly these names")


class FakeRun:
    def __init__(self, kwh, estimated=True):
        self.energy_kwh, self.energy_wh, self.estimated = kwh, kwh * 1000, estimated


def test_module_3_uses_the_learners_measurements():
    slow, fast = FakeRun(2e-4), FakeRun(1e-7)
    ok("3.1", "set", list_run=slow, set_run=fast)
    hint("3.1", "list", contains="compare", list_run=slow, set_run=fast)
    ok("3.1", "set", list_run=slow, set_run=FakeRun(0.0))   # too small to measure: no crash
    ok("3.2", "estimated", run=slow)
    ok("3.2", "measured", run=FakeRun(1e-4, estimated=False))
    hint("3.2", "guessed", contains='"measured" or "estimated"', run=slow)
    poland = fl.Countries.POLAND().average_carbon_intensity.value.m_as(u.kg / u.kWh)
    ok("3.3", 2e-4 * 1e6 * 365 * poland, run=slow)
    hint("3.3", 2e-4 * 1e6 * 365 * poland * 1000, contains="1,000 times too large", run=slow)


def test_module_4():
    faulty = pd.read_csv(fl.examples.path("fleet_with_errors.csv"))
    hint("4.1", faulty, contains="3 problem(s) left")
    faulty.loc[3, "memory"] = "128"
    faulty.loc[4, "cpuUtilization"] = 50
    faulty.loc[4, "startTime"] = "2024-01-01"
    ok("4.1", faulty)
    hint("4.1", faulty.iloc[:-1], contains="do not drop rows")
    ok("4.2", "batch-01")
    hint("4.2", "web-01", contains="sort the table")
    hint("4.2", "nobody", contains="machineName")
    hint("4.3", 99, contains="too high")
    ok("4.4", "France")
    ok("4.4", ["France"])
    hint("4.4", ["Germany"], contains="group by country")


def test_module_5():
    ok("5.1", "physics")
    hint("5.1", "biology", contains="sum energy_kWh")
    hint("5.1", "maths", contains="the accounts are")
    hint("5.2", 1, contains="too low")
    hint("5.3", "yesterday", contains="give a time")
    hint("5.3", "2024-10-21 12:00", contains="idxmin")
    ok("5.3", "2024-10-21 06:30")
    hint("5.3", "2024-10-21 07:30", contains="UTC")
    hint("5.4", 90, contains="too high")


def _named(system, kind, name):
    return next(o for o in system.all_objects() if type(o).__name__ == kind and o.name == name)


def _saas(page_mb=None, edit_min=None):
    system = fl.templates.load("saas_app")
    if page_mb is not None:
        _named(system, "ServiceJob", "dashboard page").data_download = page_mb * u.MB
    if edit_min is not None:
        _named(system, "UsageJourneyStep", "edit records").user_time_spent = edit_min * u.min
    return system


def test_module_6_design_b():
    a, b = _saas(), _saas(0.5, 15)
    ok("6.1", b, a=a)
    ok("6.1", b)
    hint("6.1", a, contains="design_b = design_a copies nothing", a=a)
    hint("6.1", _saas(), contains="still downloads 2.652 MB", a=a)
    hint("6.1", _saas(0.5), contains="still lasts 25 minutes", a=a)
    hint("6.1", _saas(500, 15), contains="check the unit", a=a)
    hint("6.1", _saas(0.5, 0.25), contains="should last 15 minutes", a=a)
    hint("6.1", b, contains="design A has changed too", a=_saas(0.5, 15))
    hint("6.1", fl.quickstart(48), contains="saas_app")
    hint("6.1", 3, contains="pass design B itself")


def test_module_6_comparison_and_levers():
    a, b = _saas(), _saas(0.5, 15)
    total = fl.compare(a, b).total
    percent = total["relative"] * 100
    assert -40 < percent < -25   # the two changes cut about a third (devices' minutes)
    ok("6.2", percent, a=a, b=b)
    ok("6.2", -percent, a=a, b=b)   # "a fall of 33 %"
    hint("6.2", total["relative"], contains="100 times too small", a=a, b=b)
    hint("6.2", total["delta"], contains="difference in kg", a=a, b=b)
    hint("6.2", 10, contains="looks", a=a, b=b)
    hint("6.2", 10, contains="a=design_a", a=a)
    hint("6.2", 10, contains="same as design A", a=a, b=_saas())
    ok("6.3", "time")
    ok("6.3", "the shorter editing time")
    hint("6.3", "page", contains="by_object")
    hint("6.3", "both", contains="\"page\"")
    hint("6.3", 1, contains="text in quotes")


def test_outline_reads_every_template():
    from footprintlab.workshop import outline, sessions

    for name in fl.templates.names():
        system = fl.templates.load(name, hours=48)
        text = outline(system)
        assert system.name in text and "journey" in text and "step" in text, text
        assert sessions(system) > 0
    text = outline(fl.templates.load("saas_app", hours=48))
    assert "'edit records': 25 min, jobs: 10 × API call, 10 × database query" in text
    assert "'dashboard page': 2.652 MB down" in text


def test_every_exercise_has_a_title():
    assert len(exercises()) == 22 and all(exercises().values())


@pytest.mark.parametrize("key", sorted(factors().index))
def test_every_equivalent_factor_cites_a_source_and_a_licence(key):
    row = factors().loc[key]
    assert row["source"] and row["licence"] and row["label"]
    assert (row["kg_co2e_per_unit"] > 0) != (row["kwh_per_unit"] > 0)


def test_equivalents_of_a_model_value_and_the_phone_charge_follows_the_grid():
    system = fl.quickstart(n_hours=24)
    table = equivalents(system.total_footprint)
    assert table.attrs["kg_co2e"] == pytest.approx(system.total_footprint.m_as(u.kg))
    assert table.loc["car_km", "amount"] == pytest.approx(table.attrs["kg_co2e"] / 0.2176)
    france = equivalents(1.0, "FRA").loc["phone_charge", "amount"]
    poland = equivalents(1.0, "Poland").loc["phone_charge", "amount"]
    assert france / poland == pytest.approx(661.926 / 56.039, rel=1e-3)
    text = describe(1.0)
    assert "1 kg CO2e is about" in text and "km by petrol or diesel car" in text

"""The model refuses what it cannot compute honestly (issue 10): one test per observed defect."""
import math

import footprintlab as fl
import numpy as np
import pytest
from footprintlab import Hourly, InputError, RecomputeError, u
from footprintlab.model.intensity import CarbonIntensityGapWarning
from traitlets import TraitError
from trust_fixtures import build, total_kg


@pytest.fixture
def model():
    return build()


# --- NaN, infinity, overflow, unit grammar -----------------------------------------------------
@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_nan_or_infinite_input_is_refused_and_total_unchanged(model, value):
    before = total_kg(model["system"])
    with pytest.raises(InputError, match=r"Job 'job': data_download: expected a finite number"):
        model["job"].data_download = value * u.MB
    assert total_kg(model["system"]) == before
    assert not math.isnan(total_kg(model["system"]))


def test_text_beyond_float_range_is_refused_not_read_as_infinity(model):
    with pytest.raises(InputError, match="too large to be represented"):
        model["job"].data_download = "1e400 MB"


def test_value_overflowing_in_the_canonical_unit_is_refused(model):
    with pytest.raises(InputError, match=r"data_download: too large to be represented in MB"):
        model["job"].data_download = 1e308 * u.TB


def test_hourly_series_with_nan_names_index_and_timestamp(model):
    values = np.full(48, 5.0)
    values[7] = np.nan
    with pytest.raises(InputError, match=r"UsagePattern 'pattern': hourly_usage_journey_starts: "
                                         r"expected finite values; value nan at index 7 \(2025-01-01 07:00 UTC\)"):
        model["pattern"].hourly_usage_journey_starts = Hourly(values, "2025-01-01", u.occurrence)


def test_hourly_series_with_infinity_is_refused(model):
    values = np.full(48, 5.0)
    values[-1] = np.inf
    with pytest.raises(InputError, match="index 47"):
        model["country"].hourly_carbon_intensity = Hourly(values, "2025-01-01", u.g / u.kWh)


@pytest.mark.parametrize("text", ["5 MB/", "5 MB*", "5 MB//GB", "5 (MB", "5 MB)", "5 M B", "1,5 MB",
                                  "5 MB^x", "MB", "5 MB extra"])
def test_unit_strings_follow_a_strict_grammar(model, text):
    with pytest.raises(InputError):
        model["job"].data_download = text
    assert model["job"].data_download.value == 900 * u.MB


def test_input_errors_are_value_errors_and_trait_errors(model):
    with pytest.raises(ValueError):
        model["job"].data_download = "abc"
    with pytest.raises(TraitError):
        model["job"].data_download = "abc"


# --- None -----------------------------------------------------------------------------------------
def test_none_server_on_a_job_is_refused_not_dropped_from_totals(model):
    before = total_kg(model["system"])
    with pytest.raises(InputError, match=r"Job 'job': server: a Server is required; None is not accepted"):
        model["job"].server = None
    assert total_kg(model["system"]) == before


def test_none_server_type_is_refused_not_read_as_on_premise(model):
    with pytest.raises(InputError, match=r"Server 'srv': server_type: expected one of"):
        model["server"].server_type = None
    assert model["server"].server_type == "autoscaling"


def test_none_job_list_is_refused_before_it_breaks_saving(model):
    with pytest.raises(InputError, match=r"UsageJourneyStep 'step': jobs: expected a list of Job"):
        model["step"].jobs = None
    assert model["system"].to_json().startswith("{")


def test_none_timezone_names_the_country(model):
    with pytest.raises(InputError, match=r"Country 'Testland': timezone: expected text"):
        model["country"].timezone = None


def test_none_at_construction_is_refused_for_required_references():
    with pytest.raises(InputError, match=r"Job 'j': server: a Server is required"):
        fl.Job("j", server=None, data_upload="1 MB", data_download="1 MB", data_stored="0 MB",
               request_duration="1 min", compute_needed="1 cpu_core", ram_needed="1 MB")


def test_where_none_is_allowed_its_meaning_is_in_the_help():
    for cls, name in [(fl.Server, "storage"), (fl.Server, "hourly_carbon_intensity"),
                      (fl.Server, "fixed_nb_of_instances"), (fl.Country, "hourly_carbon_intensity"),
                      (fl.Storage, "hourly_carbon_intensity"), (fl.Storage, "fixed_nb_of_instances")]:
        assert "None:" in cls.input_traits()[name].help, (cls.__name__, name)


# --- hourly carbon intensity coverage ---------------------------------------------------------------
def test_short_country_series_is_refused_not_counted_as_zero(model):
    before = total_kg(model["system"])
    short = Hourly(np.full(24, 300.0), "2025-01-01", u.g / u.kWh)
    with pytest.raises(RecomputeError, match=r"Country 'Testland': hourly_carbon_intensity covers "
                                             r"2025-01-01 00:00 to 2025-01-01 23:00 UTC \(24 hours\)"):
        model["country"].hourly_carbon_intensity = short
    assert total_kg(model["system"]) == before
    assert model["country"].hourly_carbon_intensity is None


def test_server_series_dated_elsewhere_is_refused_not_zero_footprint(model):
    later = Hourly(np.full(48, 300.0), "2030-01-01", u.g / u.kWh)
    with pytest.raises(RecomputeError, match=r"Server 'srv': hourly_carbon_intensity covers 2030-01-01 00:00"):
        model["server"].hourly_carbon_intensity = later
    assert model["server"].energy_footprint.value.sum().m_as(u.kg) > 0


def test_gap_policy_average_fills_uncovered_hours_with_a_warning(model):
    server = model["server"]
    energy = server.instances_energy.value
    covering = Hourly(np.full(len(energy) + 10, 500.0), energy.start, u.g / u.kWh)
    server.hourly_carbon_intensity = covering  # same as the average: the footprint is unchanged
    full = server.energy_footprint.value.sum().m_as(u.kg)
    server.hourly_carbon_intensity = None
    server.carbon_intensity_gaps = "average"
    with pytest.warns(CarbonIntensityGapWarning, match="average carbon intensity"):
        server.hourly_carbon_intensity = Hourly(np.full(5, 500.0), energy.start, u.g / u.kWh)
    assert server.energy_footprint.value.sum().m_as(u.kg) == pytest.approx(full, rel=1e-6)
    assert "carbon_intensity_gaps" in server.energy_footprint.explain()


def test_structural_change_exposing_a_gap_is_refused():
    model = build(country_hourly=Hourly(np.full(60, 100.0), "2025-01-01", u.g / u.kWh))
    later = Hourly(np.full(48, 5.0), "2025-03-01", u.occurrence)
    with pytest.raises(RecomputeError, match="hourly_carbon_intensity covers"):
        model["pattern"].hourly_usage_journey_starts = later


# --- time axis --------------------------------------------------------------------------------------
@pytest.mark.parametrize("start", ["2030-06-01", "2025-01-01"])
def test_system_without_storage_spans_only_its_hours_of_activity(start):
    system = build(start=start, storage=False)["system"]
    hourly = system.hourly_total_footprint.value
    assert 48 <= len(hourly) <= 52
    assert str(hourly.start).startswith(start[:10])


def test_southern_hemisphere_dst_end_counts_the_repeated_hour_twice_and_leaves_no_gap():
    # Australia/Sydney: DST ends on the first Sunday of April (2030-04-07 03:00 -> 02:00): the
    # wall-clock hour 02:00 occurs twice, so its usage is counted twice; no UTC hour is empty
    local = build(start="2030-04-05", timezone="Australia/Sydney", hours=96)
    starts = local["pattern"].hourly_usage_journey_starts.value.values
    utc = local["pattern"].utc_journey_starts.value
    assert str(utc.start) == "2030-04-04T13"  # UTC+11 before the change
    assert len(utc) == 97
    assert utc.values.sum() == pytest.approx(starts.sum() + starts[48 + 2])
    assert (utc.values > 0).all() and utc.values.max() <= starts.max() + 1e-6


def test_spring_dst_change_leaves_out_the_hour_that_does_not_exist():
    # Europe/Paris, 2030-03-31: 02:00 local does not exist; no UTC hour gets two hours' worth
    model = build(start="2030-03-31", timezone="Europe/Paris", hours=24)
    starts = model["pattern"].hourly_usage_journey_starts.value.values
    utc = model["pattern"].utc_journey_starts.value
    assert len(utc) == 23
    assert utc.values.sum() == pytest.approx(starts.sum() - starts[2])
    assert utc.values.max() <= starts.max() + 1e-6


def test_empty_system_gives_empty_results():
    system = fl.System("e", usage_patterns=[])
    assert total_kg(system) == 0
    assert len(system.hourly_total_footprint.value) == 0
    assert system.footprints_by_object().empty
    assert system.footprints_by_category().to_numpy().sum() == 0
    assert len(system.hourly_footprints()) == 0


# --- refusal independent of evaluation state ---------------------------------------------------------
def test_invalid_change_is_refused_on_a_model_fresh_from_load(tmp_path, model):
    path = model["system"].to_json(tmp_path / "m.json")
    loaded = fl.load(path)
    server = next(o for o in loaded.all_objects() if isinstance(o, fl.Server))
    with pytest.raises(RecomputeError, match="RAM"):
        server.ram = 1 * u.MB
    assert server.ram.value == 10 * u.GB
    server.ram = 20 * u.GB  # later valid changes still work
    assert total_kg(loaded) > 0


def test_invalid_change_is_refused_whether_or_not_totals_were_read():
    unread, read = build(), build()
    total_kg(read["system"])
    for model in (unread, read):
        with pytest.raises(RecomputeError):
            model["server"].ram = 1 * u.MB
        assert model["server"].ram.value == 10 * u.GB


def test_invalid_object_joining_a_system_is_refused():
    model = build()
    weak = fl.Server("weak", server_type="autoscaling", carbon_footprint_fabrication=1 * u.kg, power=1 * u.W,
                     lifespan=1 * u.year, ram=1 * u.MB, compute=1 * u.cpu_core, power_usage_effectiveness=1,
                     average_carbon_intensity=1 * u.g / u.kWh, utilization_rate=0.5,
                     base_ram_consumption=1 * u.GB)
    with pytest.raises(RecomputeError, match="weak"):
        model["job"].server = weak
    assert model["job"].server is model["server"]


def test_overflow_in_a_formula_names_the_refused_input_and_prints_no_numpy_warning(model, recwarn):
    with pytest.raises(RecomputeError, match=r"refused change: Job 'job'\.data_download; the model is unchanged"):
        model["job"].data_download = 1e300 * u.MB
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
    assert model["job"].data_download.value == 900 * u.MB


def test_a_job_in_no_step_does_not_widen_its_servers_hours():
    model = build(start="2030-06-01")
    server = model["server"]
    before = server.hourly_ram_need.value
    fl.Job("orphan", server=server, data_upload="1 MB", data_download="1 MB", data_stored="0 MB",
           request_duration="1 min", compute_needed="1 cpu_core", ram_needed="1 MB")
    after = server.hourly_ram_need.value
    assert (after.start, len(after)) == (before.start, len(before))
    assert len(model["system"].hourly_total_footprint.value) <= 52


def test_a_device_shared_by_two_patterns_of_one_country_counts_both():
    model = build()
    device, pattern = model["device"], model["pattern"]
    single = device.energy_footprint.value.sum().m_as(u.kg)
    twin = fl.UsagePattern("twin", usage_journey=model["journey"], devices=[device],
                           network=model["network"], country=model["country"],
                           hourly_usage_journey_starts=pattern.hourly_usage_journey_starts)
    model["system"].usage_patterns = [pattern, twin]
    assert device.energy_footprint.value.sum().m_as(u.kg) == pytest.approx(2 * single, rel=1e-6)

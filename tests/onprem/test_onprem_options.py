"""API options are checked before any work: a wrong type or value is refused with its name."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from footprintlab import onprem
from onprem_helpers import GOOD_ROW, csv_text

SOURCE = csv_text(GOOD_ROW).encode()
HOURS = pd.date_range("2024-01-01", periods=3, freq="h", tz="UTC")


@pytest.mark.parametrize("options, error, words", [
    ({"carbon_intensity": pd.Series([80.0, -5.0, 80.0], index=HOURS)}, ValueError,
     "carbon_intensity: -5 gCO2e/kWh at 2024-01-01 01:00:00+00:00"),
    ({"carbon_intensity": pd.Series([80.0, math.nan, 80.0], index=HOURS)}, ValueError,
     "carbon_intensity: nan gCO2e/kWh"),
    ({"carbon_intensity": pd.Series([80.0, math.inf, 80.0], index=HOURS)}, ValueError,
     "carbon_intensity: inf gCO2e/kWh"),
    ({"carbon_intensity": [80.0, 90.0]}, TypeError, "carbon_intensity: expected a pandas Series"),
    ({"carbon_intensity": -1}, TypeError, "carbon_intensity: expected a pandas Series"),
    ({"carbon_intensity": pd.Series([80.0, 90.0])}, TypeError, "its index is RangeIndex"),
    ({"carbon_intensity": pd.Series(["80", "90", "x"], index=HOURS)}, TypeError,
     "its values are"),
    ({"machine_type_defaults": {"server": {"cpu_utilization": 150}}}, ValueError,
     "machine_type_defaults['server']['cpu_utilization']: expected a finite number from 0 to "
     "100; got 150"),
    ({"machine_type_defaults": {"server": {"cpu_utilization": "45"}}}, TypeError,
     "machine_type_defaults['server']['cpu_utilization']: expected a number; got '45'"),
    ({"machine_type_defaults": {"server": {"cpu_utilization": math.nan}}}, ValueError,
     "['cpu_utilization']: expected a finite number"),
    ({"machine_type_defaults": {"server": {"average_watts": -math.inf}}}, ValueError,
     "['average_watts']: expected a finite number >= 0"),
    ({"machine_type_defaults": {"server": {"average_watts": True}}}, TypeError,
     "['average_watts']: expected a number; got True"),
    ({"machine_type_defaults": [("server", 45)]}, TypeError,
     "machine_type_defaults: expected a mapping"),
    ({"embodied_defaults": {"laptop": (300, 0)}}, ValueError,
     "embodied_defaults['laptop'] lifespan years: expected a finite number > 0; got 0"),
    ({"embodied_defaults": {"laptop": 300}}, TypeError,
     "embodied_defaults['laptop']: expected (kg CO2e, lifespan years)"),
    ({"dayfirst": "yes"}, TypeError, "dayfirst: expected True, False or None; got 'yes'"),
    ({"dayfirst": 1}, TypeError, "dayfirst: expected True, False or None; got 1"),
    ({"ccf_compatible": "False"}, TypeError, "ccf_compatible: expected True or False"),
    ({"skip_invalid": None}, TypeError, "skip_invalid: expected True or False"),
    ({"embodied": "no"}, TypeError, "embodied: expected True, False or None"),
    ({"grid": "ember"}, ValueError, "grid: expected 'ccf' or 'countries'"),
    ({"encoding": "klingon"}, ValueError, "encoding: 'klingon' is not a text encoding"),
    ({"encoding": "base64"}, ValueError, "encoding: 'base64' is not a text encoding"),
    ({"encoding": b"utf-8"}, TypeError, "encoding: expected a text encoding"),
    ({"chunksize": 0}, ValueError, "chunksize: expected a whole number of rows >= 1"),
    ({"chunksize": 2.5}, ValueError, "chunksize: expected a whole number of rows >= 1"),
])
def test_bad_option_is_refused_with_its_name(options, error, words):
    with pytest.raises(error) as raised:
        onprem.estimate(SOURCE, **options)
    assert words in str(raised.value)


@pytest.mark.parametrize("options, error, words", [
    ({"dayfirst": "no"}, TypeError, "dayfirst: expected True, False or None"),
    ({"grid": "Ember"}, ValueError, "grid: expected 'ccf' or 'countries'"),
    ({"chunksize": -1}, ValueError, "chunksize: expected a whole number"),
    ({"encoding": "rot13"}, ValueError, "encoding: 'rot13' is not a text encoding"),
])
def test_validate_refuses_bad_options_too(options, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        onprem.validate(SOURCE, **options)


def test_good_options_of_numpy_types_are_accepted():
    series = pd.Series(np.array([80, 90, 100], dtype=np.int64), index=HOURS[::-1])
    result = onprem.estimate(
        SOURCE, carbon_intensity=series, dayfirst=np.bool_(True), chunksize=np.int64(5),
        machine_type_defaults={"Server": {"cpu_utilization": np.float32(45), "average_watts": None}},
        embodied=True, embodied_defaults={"laptop": (np.int64(300), 4)})
    assert result["cpuUtilizationUsed"].iat[0] == 40  # the row's own value wins
    assert len(result) == 1


def test_estimate_does_not_reorder_or_change_the_callers_series():
    series = pd.Series([100.0, 80.0, 90.0], index=HOURS[::-1])
    before = series.copy()
    onprem.estimate(SOURCE, carbon_intensity=series)
    assert series.equals(before)

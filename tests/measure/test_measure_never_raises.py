"""The tracker never raises into the user's code: bad arguments and locations warn and fall back."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from footprintlab.measure import MeasureWarning, track
from hypothesis import given
from hypothesis import strategies as st

OPTIONS = dict(rapl_root="/nonexistent", gpu=False)


def test_an_unknown_country_warns_and_uses_the_time_zone_country(monkeypatch):
    # the defect: track("x", country="Narnia") raised UnknownCountryError into the user's code
    monkeypatch.delenv("FOOTPRINTLAB_COUNTRY", raising=False)
    monkeypatch.setenv("TZ", "Europe/Berlin")
    with pytest.warns(MeasureWarning) as record:
        with track("x", country="Narnia", **OPTIONS) as tracker:
            value = 6 * 7
    assert value == 42
    messages = [str(w.message) for w in record]
    assert any("Unknown country 'Narnia'" in text for text in messages)
    assert any("used Germany (DEU), guessed from the local time zone Europe/Berlin" in text
               for text in messages)
    m = tracker.last
    assert m.country_iso3 == "DEU" and m.emissions_kg > 0
    assert "country 'Narnia' unknown; DEU guessed from the local time zone" in m.fallback


def test_an_unknown_country_and_no_time_zone_measures_energy_without_emissions(monkeypatch):
    monkeypatch.setenv("FOOTPRINTLAB_COUNTRY", "Atlantis")
    monkeypatch.setenv("TZ", "Etc/UTC")
    with pytest.warns(MeasureWarning) as record:
        with track("x", **OPTIONS) as tracker:
            pass
    messages = " | ".join(str(w.message) for w in record)
    assert "Unknown country 'Atlantis'" in messages
    assert "country 'Atlantis' unknown and none detected" in messages
    m = tracker.last
    assert m.energy_kwh > 0 and math.isnan(m.emissions_kg)
    assert "none detected; emissions not computed" in m.fallback
    assert "emissions unknown" in m.summary()


def test_unknown_track_options_are_ignored_with_a_warning():
    with pytest.warns(MeasureWarning, match="unknown option contry='FRA' ignored"):
        tracker = track("typo", contry="FRA", country="FRA", **OPTIONS)
    with tracker:
        pass
    assert tracker.last.country_iso3 == "FRA"


ANYTHING = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                     st.text(max_size=15), st.lists(st.integers(), max_size=2))
COUNTRIES = st.one_of(ANYTHING, st.sampled_from(["FRA", "fr", "france", "Narnia", "", " "]))
INTENSITIES = st.one_of(
    ANYTHING, st.floats(min_value=0, max_value=2000),
    st.sampled_from([pd.Series(dtype=float), pd.Series([1.0, 2.0]),
                     pd.Series([100.0, -5.0], index=pd.date_range("2024", periods=2, freq="h")),
                     pd.Series([100.0, 200.0], index=pd.date_range("2024", periods=2, freq="h"))]))


@given(project=ANYTHING, country=COUNTRIES, intensity=INTENSITIES,
       mode=st.one_of(ANYTHING, st.sampled_from(["process", "machine"])),
       pue=st.one_of(ANYTHING, st.floats(min_value=1, max_value=3)),
       interval=st.one_of(ANYTHING, st.floats(min_value=0.01, max_value=5)),
       output=st.one_of(st.none(), st.integers(), st.text(min_size=1, max_size=12)),
       experiment_id=ANYTHING)
def test_any_track_arguments_give_a_result_and_at_most_warnings(
        tmp_path_factory, project, country, intensity, mode, pue, interval, output,
        experiment_id):
    if isinstance(output, str):  # a file name, or a path into a missing folder, in a temp dir
        output = tmp_path_factory.mktemp("out") / output.replace("\x00", "")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")

        @track(project, country=country, intensity=intensity, mode=mode, pue=pue,
               interval=interval, output=output, experiment_id=experiment_id, **OPTIONS)
        def work(n):
            return n + 1

        assert work(1) == 2
    assert all(issubclass(w.category, MeasureWarning) for w in caught), [
        f"{w.category.__name__}: {w.message}" for w in caught]
    m = work.tracker.last
    assert m.mode in ("process", "machine") and m.pue >= 1
    assert not np.isnan(m.energy_kwh)
    assert (np.isnan(m.emissions_kg)) == (m.country_iso3 == "" and np.isnan(
        work.tracker.carbon_intensity.g_per_kwh))

"""Tests for the shipped country table and its lookup (footprintlab.model.country_data)."""

from __future__ import annotations

import csv
from importlib import resources
from zoneinfo import ZoneInfo

import pytest
from footprintlab.model.country_data import (
    CountryRecord,
    UnknownCountryError,
    all_countries,
    constant_name,
    find_country,
)

EXPECTED_HEADER = [
    "iso3", "iso2", "name", "carbon_intensity_g_per_kwh", "year",
    "source", "source_url", "licence", "timezone",
]


def test_csv_has_exact_columns_and_at_least_100_rows():
    text = resources.files("footprintlab.model.data").joinpath("countries.csv").read_text("utf-8")
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == EXPECTED_HEADER
    assert len(rows) - 1 == len(all_countries()) >= 200


def test_records_sorted_by_name_and_typed():
    records = all_countries()
    assert all(isinstance(r, CountryRecord) for r in records)
    names = [r.name for r in records]
    assert names[0] == "Afghanistan"
    assert names.index("France") < names.index("Germany") < names.index("Poland")
    assert all(isinstance(r.carbon_intensity_g_per_kwh, float) for r in records)
    assert all(isinstance(r.year, int) for r in records)


def test_codes_and_constant_names_are_unique():
    records = all_countries()
    for attribute in ("iso3", "iso2", "name"):
        values = [getattr(r, attribute) for r in records]
        assert len(set(values)) == len(values), attribute
    constants = [constant_name(r) for r in records]
    assert len(set(constants)) == len(constants)
    assert all(c.isidentifier() and c == c.upper() for c in constants)
    assert all(len(r.iso3) == 3 and len(r.iso2) == 2 for r in records)


def test_every_timezone_loads():
    for record in all_countries():
        assert ZoneInfo(record.timezone).key == record.timezone


@pytest.mark.parametrize(
    ("iso3", "zone"),
    [
        ("FRA", "Europe/Paris"), ("USA", "America/New_York"), ("CHN", "Asia/Shanghai"),
        ("IND", "Asia/Kolkata"), ("CAN", "America/Toronto"), ("RUS", "Europe/Moscow"),
        ("BRA", "America/Sao_Paulo"), ("AUS", "Australia/Sydney"),
        ("MEX", "America/Mexico_City"), ("IDN", "Asia/Jakarta"), ("KAZ", "Asia/Almaty"),
    ],
)
def test_capital_timezone_of_large_countries(iso3, zone):
    assert find_country(iso3).timezone == zone


def test_intensities_plausible_and_recent_with_source():
    for record in all_countries():
        assert 0 < record.carbon_intensity_g_per_kwh < 1500, record.iso3
        assert 2021 <= record.year <= 2023, record.iso3
        assert str(record.year) in record.source
        assert "Ember" in record.source and "Our World in Data" in record.source
        assert record.source_url.startswith("https://")
        assert "CC BY 4.0" in record.licence


@pytest.mark.parametrize(
    ("iso3", "intensity", "year"),
    [
        # Values of codecarbon 3.3.2, codecarbon/data/private_infra/global_energy_mix.json
        ("FRA", 56.039, 2023),
        ("DEU", 380.95, 2023),
        ("POL", 661.926, 2023),
        ("IND", 713.441, 2023),
        ("USA", 369.473, 2023),
        ("GBR", 237.589, 2023),
        ("CHN", 582.317, 2023),
        ("NOR", 30.08, 2023),
        ("ISL", 27.68, 2022),
    ],
)
def test_spot_values_match_source(iso3, intensity, year):
    record = find_country(iso3)
    assert record.carbon_intensity_g_per_kwh == intensity
    assert record.year == year


@pytest.mark.parametrize(
    "key", ["FRA", "fra", "FR", "fr", "France", "FRANCE", " france ", "French Republic"]
)
def test_find_france_by_any_key(key):
    assert find_country(key).iso3 == "FRA"


@pytest.mark.parametrize(
    ("key", "iso3"),
    [
        ("USA", "USA"), ("US", "USA"), ("United States of America", "USA"), ("U.S.", "USA"),
        ("UK", "GBR"), ("GB", "GBR"), ("Great Britain", "GBR"), ("Britain", "GBR"),
        ("Russia", "RUS"), ("Russian Federation", "RUS"),
        ("South Korea", "KOR"), ("Korea", "KOR"), ("Korea, Republic of", "KOR"),
        ("North Korea", "PRK"),
        ("Czechia", "CZE"), ("Czech Republic", "CZE"),
        ("Ivory Coast", "CIV"), ("Côte d'Ivoire", "CIV"), ("cote divoire", "CIV"),
        ("COTE_D_IVOIRE", "CIV"),
        ("Viet Nam", "VNM"), ("Vietnam", "VNM"),
        ("Türkiye", "TUR"), ("Turkiye", "TUR"), ("Turkey", "TUR"),
        ("DR Congo", "COD"), ("Congo", "COG"), ("Niger", "NER"), ("Nigeria", "NGA"),
        ("Sao Tome & Principe", "STP"), ("UNITED_KINGDOM", "GBR"), ("the Netherlands", "NLD"),
    ],
)
def test_find_by_alias(key, iso3):
    assert find_country(key).iso3 == iso3


def test_constant_names_of_common_countries():
    assert constant_name(find_country("FRA")) == "FRANCE"
    assert constant_name(find_country("USA")) == "UNITED_STATES"
    assert constant_name(find_country("GBR")) == "UNITED_KINGDOM"
    assert constant_name(find_country("KOR")) == "SOUTH_KOREA"
    assert constant_name(find_country("CIV")) == "COTE_D_IVOIRE"
    assert constant_name(find_country("GNB")) == "GUINEA_BISSAU"


def test_every_record_found_by_its_own_keys():
    for record in all_countries():
        for key in (record.iso3, record.iso2, record.name, constant_name(record)):
            assert find_country(key) is record


def test_unknown_country_suggests_close_match():
    with pytest.raises(KeyError) as info:
        find_country("Frnace")
    assert isinstance(info.value, UnknownCountryError)
    assert str(info.value) == (
        "Unknown country 'Frnace': expected a country name, ISO-2 or ISO-3 code; "
        "did you mean France (FRA)?"
    )


def test_unknown_country_without_close_match_points_to_list():
    with pytest.raises(UnknownCountryError, match=r"Unknown country 'Qqqqqq'.*all_countries\(\)"):
        find_country("Qqqqqq")


def test_non_string_key_is_a_type_error():
    with pytest.raises(TypeError, match="got int 250"):
        find_country(250)


def test_table_is_cached():
    assert all_countries() is all_countries()


def test_every_alias_resolves_to_its_country():
    from footprintlab.model.country_data import _ALIASES

    for alias, iso3 in _ALIASES.items():
        assert find_country(alias).iso3 == iso3, alias

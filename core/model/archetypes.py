"""Default hardware archetypes and countries, each value with its source.

The numbers are facts from the cited studies; where e-footprint (Boavizta, AGPL-3.0) is cited, only
its published default values are used as facts — none of its code is used.
"""
from __future__ import annotations

from footprintlab.engine import Source, SourceValue, u

E_FOOTPRINT = "https://github.com/Boavizta/e-footprint"
ADEME_BASE_EMPREINTE = Source(
    "ADEME Base Empreinte (device manufacturing footprints), as used by e-footprint's default devices",
    "https://base-empreinte.ademe.fr/")
TRAFICOM = Source(
    "Traficom (2021), Carbon footprint and energy consumption of Finnish telecom networks, "
    "as used by e-footprint's WIFI and mobile networks",
    "https://www.traficom.fi/en/")
DIRTY_SSD = Source(
    "Tannu & Nair (2023), The Dirty Secret of SSDs: Embodied Carbon, HotCarbon'22",
    "https://arxiv.org/abs/2207.10793")
E_FOOTPRINT_HYPOTHESIS = Source("e-footprint default archetype value (hypothesis)", E_FOOTPRINT, hypothesis=True)


def _v(value, source):
    return SourceValue(value, source)


def laptop(name: str = "Default laptop"):
    from footprintlab.model.edge import Device

    return Device(name, carbon_footprint_fabrication=_v(156 * u.kg, ADEME_BASE_EMPREINTE),
                  power=_v(50 * u.W, E_FOOTPRINT_HYPOTHESIS), lifespan=_v(6 * u.year, E_FOOTPRINT_HYPOTHESIS),
                  fraction_of_usage_time=_v("7 h/day", E_FOOTPRINT_HYPOTHESIS))


def smartphone(name: str = "Default smartphone"):
    from footprintlab.model.edge import Device

    return Device(name, carbon_footprint_fabrication=_v(30 * u.kg, ADEME_BASE_EMPREINTE),
                  power=_v(1 * u.W, E_FOOTPRINT_HYPOTHESIS), lifespan=_v(3 * u.year, E_FOOTPRINT_HYPOTHESIS),
                  fraction_of_usage_time=_v("3.6 h/day", E_FOOTPRINT_HYPOTHESIS))


def box(name: str = "Default box"):
    from footprintlab.model.edge import Device

    return Device(name, carbon_footprint_fabrication=_v(78 * u.kg, ADEME_BASE_EMPREINTE),
                  power=_v(10 * u.W, E_FOOTPRINT_HYPOTHESIS), lifespan=_v(6 * u.year, E_FOOTPRINT_HYPOTHESIS),
                  fraction_of_usage_time=_v("24 h/day", E_FOOTPRINT_HYPOTHESIS))


def screen(name: str = "Default screen"):
    from footprintlab.model.edge import Device

    return Device(name, carbon_footprint_fabrication=_v(222 * u.kg, ADEME_BASE_EMPREINTE),
                  power=_v(30 * u.W, E_FOOTPRINT_HYPOTHESIS), lifespan=_v(6 * u.year, E_FOOTPRINT_HYPOTHESIS),
                  fraction_of_usage_time=_v("7 h/day", E_FOOTPRINT_HYPOTHESIS))


def wifi(name: str = "WIFI network"):
    from footprintlab.model.edge import Network

    return Network(name, bandwidth_energy_intensity=_v(0.05 * u.kWh / u.GB, TRAFICOM))


def mobile(name: str = "Mobile network"):
    from footprintlab.model.edge import Network

    return Network(name, bandwidth_energy_intensity=_v(0.12 * u.kWh / u.GB, TRAFICOM))


def ssd(name: str = "Default SSD storage", **overrides):
    from footprintlab.model.hardware import Storage

    inputs = dict(carbon_footprint_fabrication=_v(160 * u.kg, DIRTY_SSD), power=_v(1.3 * u.W, E_FOOTPRINT_HYPOTHESIS),
                  lifespan=_v(6 * u.year, E_FOOTPRINT_HYPOTHESIS), idle_power=0 * u.W,
                  storage_capacity=_v(1 * u.TB, E_FOOTPRINT_HYPOTHESIS), power_usage_effectiveness=1.2,
                  average_carbon_intensity=100 * u.g / u.kWh, data_replication_factor=3,
                  data_storage_duration=5 * u.year, base_storage_need=0 * u.TB)
    inputs.update(overrides)
    return Storage(name, **inputs)


def hdd(name: str = "Default HDD storage", **overrides):
    from footprintlab.model.hardware import Storage

    inputs = dict(carbon_footprint_fabrication=_v(20 * u.kg, DIRTY_SSD), power=_v(4.2 * u.W, E_FOOTPRINT_HYPOTHESIS),
                  lifespan=_v(4 * u.year, E_FOOTPRINT_HYPOTHESIS), idle_power=0 * u.W,
                  storage_capacity=_v(1 * u.TB, E_FOOTPRINT_HYPOTHESIS), power_usage_effectiveness=1.2,
                  average_carbon_intensity=100 * u.g / u.kWh, data_replication_factor=3,
                  data_storage_duration=5 * u.year, base_storage_need=0 * u.TB)
    inputs.update(overrides)
    return Storage(name, **inputs)


def country(key: str):
    """A ``Country`` from the shipped table (name, ISO-2 or ISO-3)."""
    from footprintlab.model.country_data import find_country
    from footprintlab.model.edge import Country

    record = find_country(key)
    source = Source(record.source, record.source_url)
    return Country(record.name, short_name=record.iso3,
                   average_carbon_intensity=SourceValue(record.carbon_intensity_g_per_kwh * u.g / u.kWh, source,
                                                        comment=f"{record.year}, {record.licence}"),
                   timezone=record.timezone)


class _CountriesMeta(type):
    def __getattr__(cls, name: str):
        from footprintlab.model.country_data import all_countries, constant_name

        for record in all_countries():
            if constant_name(record) == name:
                return lambda: country(record.iso3)
        raise AttributeError(f"no country {name!r} in Countries; see Countries.names()")

    def __dir__(cls):
        return cls.names()


class Countries(metaclass=_CountriesMeta):
    """``Countries.FRANCE()`` -> a new ``Country`` with its average grid intensity and time zone."""

    @staticmethod
    def names() -> list[str]:
        from footprintlab.model.country_data import all_countries, constant_name

        return [constant_name(record) for record in all_countries()]

    @staticmethod
    def get(key: str):
        return country(key)

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


def _device(name: str, fabrication_kg: float, power_w: float, lifespan_years: float, usage: str):
    from footprintlab.model.edge import Device

    return Device(name, carbon_footprint_fabrication=_v(fabrication_kg * u.kg, ADEME_BASE_EMPREINTE),
                  power=_v(power_w * u.W, E_FOOTPRINT_HYPOTHESIS),
                  lifespan=_v(lifespan_years * u.year, E_FOOTPRINT_HYPOTHESIS),
                  fraction_of_usage_time=_v(usage, E_FOOTPRINT_HYPOTHESIS))


def laptop(name: str = "Default laptop"):
    return _device(name, 156, 50, 6, "7 h/day")


def smartphone(name: str = "Default smartphone"):
    return _device(name, 30, 1, 3, "3.6 h/day")


def box(name: str = "Default box"):
    return _device(name, 78, 10, 6, "24 h/day")


def screen(name: str = "Default screen"):
    return _device(name, 222, 30, 6, "7 h/day")


def wifi(name: str = "WIFI network"):
    from footprintlab.model.edge import Network

    return Network(name, bandwidth_energy_intensity=_v(0.05 * u.kWh / u.GB, TRAFICOM))


def mobile(name: str = "Mobile network"):
    from footprintlab.model.edge import Network

    return Network(name, bandwidth_energy_intensity=_v(0.12 * u.kWh / u.GB, TRAFICOM))


def _storage(name: str, fabrication_kg: float, power_w: float, lifespan_years: float, overrides: dict):
    from footprintlab.model.hardware import Storage

    inputs = dict(carbon_footprint_fabrication=_v(fabrication_kg * u.kg, DIRTY_SSD),
                  power=_v(power_w * u.W, E_FOOTPRINT_HYPOTHESIS),
                  lifespan=_v(lifespan_years * u.year, E_FOOTPRINT_HYPOTHESIS),
                  idle_power=_v(0 * u.W, E_FOOTPRINT_HYPOTHESIS),
                  storage_capacity=_v(1 * u.TB, E_FOOTPRINT_HYPOTHESIS),
                  power_usage_effectiveness=_v(1.2, E_FOOTPRINT_HYPOTHESIS),
                  average_carbon_intensity=_v(100 * u.g / u.kWh, E_FOOTPRINT_HYPOTHESIS),
                  data_replication_factor=_v(3, E_FOOTPRINT_HYPOTHESIS),
                  data_storage_duration=_v(5 * u.year, E_FOOTPRINT_HYPOTHESIS),
                  base_storage_need=_v(0 * u.TB, E_FOOTPRINT_HYPOTHESIS))
    inputs.update(overrides)
    return Storage(name, **inputs)


def ssd(name: str = "Default SSD storage", **overrides):
    """1 TB SSD unit; other inputs (PUE, intensity, replication, duration) can be overridden."""
    return _storage(name, 160, 1.3, 6, overrides)


def hdd(name: str = "Default HDD storage", **overrides):
    """1 TB HDD unit; other inputs can be overridden."""
    return _storage(name, 20, 4.2, 4, overrides)


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

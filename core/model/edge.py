"""Network, devices and countries: what sits between the servers and the users."""
from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar
from zoneinfo import ZoneInfo

from footprintlab.engine import Input, ModelObject, ReverseLink, Text, calculated, u
from footprintlab.model import intensity
from footprintlab.model.timeseries import sum_series


def _check_timezone(name: str) -> None:
    ZoneInfo(name)


class Country(ModelObject):
    """A country: grid carbon intensity (average, optionally hourly) and time zone."""

    short_name = Text("", help="ISO-3 code")
    average_carbon_intensity = Input(u.g / u.kWh, min=0)
    timezone = Text("UTC", check=_check_timezone, help="IANA time zone of the users")
    hourly_carbon_intensity = Input(u.g / u.kWh, hourly="optional", min=0, help=(
        "UTC hourly grid intensity; None: the average carbon intensity is used for every hour"))
    carbon_intensity_gaps = intensity.gap_policy_input()
    usage_patterns = ReverseLink("UsagePattern", "country")


class Network(ModelObject):
    """A network: energy per gigabyte transferred (no fabrication footprint)."""

    bandwidth_energy_intensity = Input(u.kWh / u.GB, min=0)
    usage_patterns = ReverseLink("UsagePattern", "network")
    # archetypes (footprintlab.model.archetypes), attached by footprintlab.model
    wifi: ClassVar[Callable[..., Network]]
    mobile: ClassVar[Callable[..., Network]]

    @calculated(u.kWh, "Σ usage patterns' network energy", "energies=usage_patterns[].network_energy",
                lazy=True)
    def energy(self, energies):
        return sum_series(energies, u.kWh)

    @calculated(u.kg, "Σ usage patterns' network energy footprint",
                "footprints=usage_patterns[].network_energy_footprint")
    def energy_footprint(self, footprints):
        return sum_series(footprints, u.kg)


class Device(ModelObject):
    """A user device, used for the whole duration of each usage journey."""

    carbon_footprint_fabrication = Input(u.kg, min=0)
    power = Input(u.W, min=0)
    lifespan = Input(u.year, min=1e-9)
    fraction_of_usage_time = Input(u.dimensionless, min=1e-9, max=1,
                                   help="share of the device's life it is in use, e.g. '7 h/day'")
    usage_patterns = ReverseLink("UsagePattern", "devices")
    # archetypes (footprintlab.model.archetypes), attached by footprintlab.model
    laptop: ClassVar[Callable[..., Device]]
    smartphone: ClassVar[Callable[..., Device]]
    box: ClassVar[Callable[..., Device]]
    screen: ClassVar[Callable[..., Device]]

    @calculated(u.kWh, "Σ usage patterns' journeys in parallel × power × 1 h",
                "in_parallel=usage_patterns[].journeys_in_parallel", "power", lazy=True)
    def energy(self, in_parallel, power):
        # kWh = devices in use × W × 1 h
        users = sum_series(in_parallel, u.occurrence)
        return users * (power * (1 * u.h) / (1 * u.occurrence))

    @calculated(u.kg, "Σ usage patterns' journeys in parallel × power × 1 h × the pattern's country "
                "carbon intensity (hourly if given, else average)",
                "in_parallel=usage_patterns[].journeys_in_parallel", "power",
                "intensities=usage_patterns[].country_intensity")
    def energy_footprint(self, in_parallel, power, intensities):
        # one (journeys in parallel, country intensity) pair per usage pattern, in the same order
        per_user = power * (1 * u.h) / (1 * u.occurrence)  # kWh per device in use each hour
        parts = [
            intensity.energy_footprint(users * per_user, grid.average, grid.hourly, grid.gaps,
                                       grid.owner, f"device {self.name!r}")
            for users, grid in zip(in_parallel, intensities, strict=True)]
        return sum_series(parts, u.kg)

    @calculated(u.kg, "Σ journeys in parallel × fabrication footprint × 1 h / (lifespan × fraction "
                "of usage time)", "in_parallel=usage_patterns[].journeys_in_parallel",
                "fabrication=carbon_footprint_fabrication", "lifespan", "fraction=fraction_of_usage_time")
    def instances_fabrication_footprint(self, in_parallel, fabrication, lifespan, fraction):
        # kg/h = devices in use × kg × 1 h / (lifespan(h) × fraction of usage time)
        users = sum_series(in_parallel, u.occurrence)
        return users * (fabrication * (1 * u.h) / (lifespan * fraction) / (1 * u.occurrence))

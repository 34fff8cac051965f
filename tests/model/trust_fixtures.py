"""Small models for the trust tests: any start year and time zone (fixtures used to start in 2025 only)."""
import footprintlab as fl
import numpy as np
from footprintlab import Hourly, u


def build(start="2025-01-01", timezone="UTC", hours=48, storage=True, country_hourly=None):
    disk = fl.Storage("disk", carbon_footprint_fabrication=100 * u.kg, power=2 * u.W, lifespan=1 * u.year,
                      storage_capacity=1 * u.TB, power_usage_effectiveness=1.5,
                      average_carbon_intensity=100 * u.g / u.kWh, data_replication_factor=2,
                      data_storage_duration=2 * u.h, base_storage_need=0 * u.GB) if storage else None
    server = fl.Server("srv", server_type="autoscaling", carbon_footprint_fabrication=876.6 * u.kg,
                       power=200 * u.W, lifespan=1 * u.year, idle_power=100 * u.W, ram=10 * u.GB,
                       compute=10 * u.cpu_core, power_usage_effectiveness=2,
                       average_carbon_intensity=500 * u.g / u.kWh, utilization_rate=0.5,
                       base_ram_consumption=1 * u.GB, base_compute_consumption=1 * u.cpu_core, storage=disk)
    job = fl.Job("job", server=server, data_upload=100 * u.MB, data_download=900 * u.MB,
                 data_stored=250 * u.MB if storage else 0 * u.MB, request_duration=30 * u.min,
                 compute_needed=2 * u.cpu_core, ram_needed=1 * u.GB)
    step = fl.UsageJourneyStep("step", user_time_spent=60 * u.min, jobs=[job])
    journey = fl.UsageJourney("journey", steps=[step])
    country = fl.Country("Testland", average_carbon_intensity=200 * u.g / u.kWh, timezone=timezone,
                         hourly_carbon_intensity=country_hourly)
    device = fl.Device("phone", carbon_footprint_fabrication=87.66 * u.kg, power=10 * u.W,
                       lifespan=1 * u.year, fraction_of_usage_time=0.5)
    network = fl.Network("net", bandwidth_energy_intensity=0.1 * u.kWh / u.GB)
    starts = 5.0 + 3.0 * np.sin(np.arange(hours) / 4.0)
    pattern = fl.UsagePattern("pattern", usage_journey=journey, devices=[device], network=network,
                              country=country, hourly_usage_journey_starts=Hourly(starts, start, u.occurrence))
    system = fl.System("sys", usage_patterns=[pattern])
    return {"system": system, "server": server, "storage": disk, "job": job, "step": step,
            "journey": journey, "country": country, "device": device, "network": network,
            "pattern": pattern}


def total_kg(system) -> float:
    return system.total_footprint.value.m_as(u.kg)

"""A small hand-computable model for formula tests."""
import footprintlab as fl
from footprintlab import Hourly, u


def build(server_type="autoscaling", starts=(10.0, 0.0, 20.0, 0.0), fixed=None, **server_overrides):
    storage = fl.Storage("disk", carbon_footprint_fabrication=100 * u.kg, power=2 * u.W, lifespan=1 * u.year,
                         storage_capacity=1 * u.GB, power_usage_effectiveness=1.5,
                         average_carbon_intensity=100 * u.g / u.kWh, data_replication_factor=2,
                         data_storage_duration=2 * u.h, base_storage_need=1 * u.GB)
    server_inputs = dict(server_type=server_type, carbon_footprint_fabrication=876.6 * u.kg, power=200 * u.W,
                         lifespan=1 * u.year, idle_power=100 * u.W, ram=10 * u.GB, compute=10 * u.cpu_core,
                         power_usage_effectiveness=2, average_carbon_intensity=500 * u.g / u.kWh,
                         utilization_rate=0.5, base_ram_consumption=1 * u.GB,
                         base_compute_consumption=1 * u.cpu_core, storage=storage, fixed_nb_of_instances=fixed)
    server_inputs.update(server_overrides)
    server = fl.Server("srv", **server_inputs)
    job = fl.Job("job", server=server, data_upload=100 * u.MB, data_download=900 * u.MB, data_stored=250 * u.MB,
                 request_duration=30 * u.min, compute_needed=2 * u.cpu_core, ram_needed=1 * u.GB)
    step1 = fl.UsageJourneyStep("step 1", user_time_spent=60 * u.min, jobs=[job])
    step2 = fl.UsageJourneyStep("step 2", user_time_spent=30 * u.min, jobs=[])
    journey = fl.UsageJourney("journey", steps=[step1, step2])
    country = fl.Country("Testland", average_carbon_intensity=200 * u.g / u.kWh, timezone="UTC")
    device = fl.Device("phone", carbon_footprint_fabrication=87.66 * u.kg, power=10 * u.W, lifespan=1 * u.year,
                       fraction_of_usage_time=0.5)
    network = fl.Network("net", bandwidth_energy_intensity=0.1 * u.kWh / u.GB)
    pattern = fl.UsagePattern("pattern", usage_journey=journey, devices=[device], network=network, country=country,
                              hourly_usage_journey_starts=Hourly(list(starts), "2025-01-01", u.occurrence))
    system = fl.System("sys", usage_patterns=[pattern])
    return system, server, storage, job, step1, journey, pattern, device, network

"""The digital-service footprint model, written with the engine."""
from footprintlab.model import archetypes, builders
from footprintlab.model.archetypes import Countries
from footprintlab.model.edge import Country, Device, Network
from footprintlab.model.hardware import GPUServer, Server, Storage
from footprintlab.model.system import System
from footprintlab.model.usage import Job, UsageJourney, UsageJourneyStep, UsagePattern

# Archetypes as constructors on their classes: Storage.ssd(), Device.laptop(), Network.wifi() ...
Storage.ssd = staticmethod(archetypes.ssd)
Storage.hdd = staticmethod(archetypes.hdd)
Network.wifi = staticmethod(archetypes.wifi)
Network.mobile = staticmethod(archetypes.mobile)
Device.laptop = staticmethod(archetypes.laptop)
Device.smartphone = staticmethod(archetypes.smartphone)
Device.box = staticmethod(archetypes.box)
Device.screen = staticmethod(archetypes.screen)

__all__ = [
    "Countries", "Country", "Device", "Network", "GPUServer", "Server", "Storage", "System", "Job",
    "UsageJourney", "UsageJourneyStep", "UsagePattern", "builders", "archetypes",
]

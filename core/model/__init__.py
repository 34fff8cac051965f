"""The digital-service footprint model, written with the engine."""
from footprintlab.model import archetypes, builders
from footprintlab.model.archetypes import Countries
from footprintlab.model.cloud import cloud_server as _cloud_server
from footprintlab.model.edge import Country, Device, Network
from footprintlab.model.genai import GenAIExternalAPI, GenAIJob
from footprintlab.model.hardware import GPUServer, Server, Storage
from footprintlab.model.services import Service, ServiceJob, VideoStreaming, VideoStreamingJob
from footprintlab.model.system import System
from footprintlab.model.usage import Job, UsageJourney, UsageJourneyStep, UsagePattern

Server.cloud = staticmethod(_cloud_server)

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
    "UsageJourney", "UsageJourneyStep", "UsagePattern", "builders", "archetypes", "Service", "ServiceJob",
    "VideoStreaming", "VideoStreamingJob", "GenAIExternalAPI", "GenAIJob",
]

"""Services installed on servers, and the jobs that run through them.

A ``Service`` (e.g. a web server, a database, ``VideoStreaming``) is installed on a ``Server``: its
base RAM and compute are occupied on every instance of the server (``Server.occupied_*``), and its
jobs are the server's jobs. A ``ServiceJob``'s server is always its service's server: it is set
from the service when the job is created and follows the service when the service moves (or the
job is given another service); it cannot be assigned on its own.
"""
from __future__ import annotations

import re

from footprintlab.engine import (
    Choice,
    Input,
    ModelError,
    ModelObject,
    Reference,
    ReverseLink,
    Source,
    SourceValue,
    calculated,
    graph,
    u,
)
from footprintlab.engine.declarations import InputError
from footprintlab.model.usage import Job

E_FOOTPRINT = "https://github.com/Boavizta/e-footprint"
E_FOOTPRINT_VIDEO_HYPOTHESIS = Source(
    "e-footprint 27 VideoStreaming / VideoStreamingJob default (hypothesis)", E_FOOTPRINT, hypothesis=True)
RESOLUTIONS = ("480p (640 x 480)", "720p (1280 x 720)", "1080p (1920 x 1080)", "1440p (2560 x 1440)",
               "2K (2048 x 1080)", "4K (3840 x 2160)", "8K (7680 x 4320)")
PER_SECOND = u.dimensionless / u.s
_PIXELS = re.compile(r"\((\d+)\s*x\s*(\d+)\)")


def _v(value):
    return SourceValue(value, E_FOOTPRINT_VIDEO_HYPOTHESIS)


class _ServiceServer(Reference):
    """``Service.server``: moving a service moves its jobs with it (one transaction)."""

    def set(self, obj, value):
        value = self._validate(obj, value)
        with graph.batch():
            graph.set_link(obj, self, value)
            for job in obj.jobs:
                graph.set_link(job, type(job).input_traits()["server"], value)


class _JobService(Reference):
    """``ServiceJob.service``: the job's server follows its new service."""

    def set(self, obj, value):
        value = self._validate(obj, value)
        with graph.batch():
            graph.set_link(obj, self, value)
            graph.set_link(obj, type(obj).input_traits()["server"], value.server)


class _DerivedServer(Reference):
    """``ServiceJob.server``: always the service's server; assigning another one is refused."""

    def set(self, obj, value):
        value = self._validate(obj, value)
        if value is not obj.service.server:
            raise InputError(f"ServiceJob {obj.name!r}: server: a service job runs on its service's "
                             f"server ({obj.service.server.name!r}); change the service's server, or "
                             f"the job's service, instead (got {getattr(value, 'name', value)!r})")
        graph.set_link(obj, self, value)


class Service(ModelObject):
    """A service installed on a server: its base RAM and compute are occupied on every instance."""

    server = _ServiceServer("Server", reverse="services")
    base_ram_consumption = Input(u.GB, 0 * u.GB, min=0, help="RAM the service occupies per server instance")
    base_compute_consumption = Input(u.cpu_core, 0 * u.cpu_core, min=0, also=(u.gpu,),
                                     help="compute the service occupies per server instance")
    jobs = ReverseLink("ServiceJob", "service")


class ServiceJob(Job):
    """A job that runs through a service (hence on the service's server)."""

    service = _JobService("Service", reverse="jobs")
    server = _DerivedServer("Server", reverse="jobs", allow_none=True,
                            help="the service's server (set from the service)")

    def __init__(self, name: str, **inputs):
        service = inputs.get("service")
        given = inputs.get("server")
        if isinstance(service, Service):
            if given is not None and given is not service.server:
                raise TypeError(f"{type(self).__name__} {name!r}: server {getattr(given, 'name', given)!r} "
                                f"is not its service's server ({service.server.name!r}); leave server out")
            inputs["server"] = service.server
        super().__init__(name, **inputs)


class VideoStreaming(Service):
    """A video streaming service: per-stream bitrate, CPU and RAM from resolution and frame rate."""

    base_ram_consumption = Input(u.GB, _v(2 * u.GB), min=0,
                                 help="OS and streaming software RAM per server instance")
    bits_per_pixel = Input(u.bit, _v(0.1 * u.bit), min=0, help="average compression density")
    static_delivery_cpu_cost = Input(u.cpu_core / (u.GB / u.s), _v(4 * u.cpu_core / (u.GB / u.s)), min=0,
                                     help="CPU cores per GB/s of bitrate served")
    ram_buffer_per_user = Input(u.MB, _v(50 * u.MB), min=0, help="RAM held per concurrent stream")


class VideoStreamingJob(ServiceJob):
    """One streaming session: bitrate from resolution × bits per pixel × frame rate."""

    service = _JobService("VideoStreaming", reverse="jobs")
    resolution = Choice(RESOLUTIONS, "1080p (1920 x 1080)")
    video_duration = Input(u.min, _v(1 * u.h), min=0, slider=(0, 180))
    refresh_rate = Input(PER_SECOND, _v(30 * PER_SECOND), min=0, help="frames per second")
    data_upload = Input(u.MB, 0 * u.MB, min=0)
    data_stored = Input(u.MB, _v(0 * u.MB), min=0)

    @calculated(u.dimensionless, "width × height read from the resolution", "resolution")
    def pixel_count(self, resolution):
        match = _PIXELS.search(resolution)
        if match is None:  # cannot happen with the declared choices; kept for subclasses
            raise ModelError(f"cannot read a pixel count from resolution {resolution!r}")
        width, height = map(int, match.groups())
        return width * height

    @calculated(u.MB / u.s, "pixel count × bits per pixel × refresh rate", "pixels=pixel_count",
                "bits=service.bits_per_pixel", "rate=refresh_rate")
    def dynamic_bitrate(self, pixels, bits, rate):
        # MB/s = pixels × bit × 1/s
        return pixels.magnitude * bits * rate

    @calculated(u.min, "video duration", "duration=video_duration")
    def request_duration(self, duration):
        return duration

    @calculated(u.MB, "dynamic bitrate × request duration", "bitrate=dynamic_bitrate", "duration=request_duration")
    def data_download(self, bitrate, duration):
        # MB = MB/s × s
        return bitrate * duration

    @calculated(u.cpu_core, "static delivery CPU cost × dynamic bitrate", "cost=service.static_delivery_cpu_cost",
                "bitrate=dynamic_bitrate")
    def compute_needed(self, cost, bitrate):
        # cores = cores/(GB/s) × MB/s
        return cost * bitrate

    @calculated(u.MB, "RAM buffer per user", "buffer=service.ram_buffer_per_user")
    def ram_needed(self, buffer):
        return buffer


__all__ = ["Service", "ServiceJob", "VideoStreaming", "VideoStreamingJob", "RESOLUTIONS"]

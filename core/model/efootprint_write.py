"""Write a footprintlab system as a file efootprint 27 loads (``json_to_system``).

efootprint (Boavizta, AGPL-3.0) is never imported and none of its code is used: this module writes
the documented JSON layout that ``footprintlab.model.efootprint_json`` reads — one block per class,
objects by id, every input a ``{"value", "unit", "label", "source"}`` quantity, a ``Sources``
block — with efootprint's conventions where they differ from ours (the reverse of the reader's):

- a job's ``data_upload + data_download`` becomes its ``data_transferred``;
- a storage's fabrication per unit becomes ``carbon_footprint_manufacturing_per_storage_capacity``
  (fabrication / capacity) with its ``storage_capacity``; efootprint 27 has no storage energy, so a
  storage with power or idle power above 0 is written without it (``EfootprintExportWarning``);
- a device's fraction of usage time is written in hours per day;
- a usage pattern's weighted journeys become its ``usage_journeys`` weights (journeys per pattern
  occurrence); a step listed k times in a journey becomes a weight k in ``uj_steps`` and a job
  listed n times in a step a weight n in ``jobs`` (efootprint starts repeated steps' jobs at the
  step's start: the same totals, the hourly curve a little earlier);
- hourly starts are written as efootprint stores them (float32, zstandard, base64) in local time
  (``timezone: null``);
- services: a ``VideoStreaming`` and its jobs are written as efootprint's ``VideoStreaming`` and
  ``VideoStreamingJob`` (a video service's base compute, which efootprint's has not, is added to
  its server's); a generic ``Service`` has no efootprint counterpart: its base RAM and compute are
  added to its server's (``Server.occupied_*`` counts them the same way) and its jobs are plain jobs;
- GenAI calls become ``EcoLogitsGenAIExternalAPI`` (with its ``EcoLogitsGenAIExternalAPIServer``) and
  ``EcoLogitsGenAIExternalAPIJob`` objects (provider, model, output tokens);
- hourly carbon intensities (countries, servers, storage) are not in efootprint 27: the average is
  written and a warning says so; uncertainty distributions are not written (central values are).

Ids are stable (a hash of the class, name and position), so the same system gives the same file.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from footprintlab._files import write_text
from footprintlab.engine import ExplainableValue, Hourly, Quantity, Source, u

__all__ = ["EFOOTPRINT_VERSION", "EfootprintExportWarning", "to_data", "write"]

EFOOTPRINT_VERSION = "27.0.0"
_HYPOTHESIS_ID, _USER_DATA_ID = "hypothesis", "user_data"
_CONFIDENCE = re.compile(r"^confidence: (.+)$")


class EfootprintExportWarning(UserWarning):
    """Something of the system that efootprint 27 cannot hold was left out of the written file."""


def write(system, path=None, *, overwrite: bool = False):
    """Write ``system`` as an efootprint 27 file to ``path`` (never over an existing file unless
    ``overwrite``); without a path, return the JSON text."""
    text = json.dumps(to_data(system), indent=1, allow_nan=False) + "\n"
    if path is None:
        return text
    write_text(path, text, overwrite=overwrite)
    return Path(path)


def to_data(system) -> dict:
    """The efootprint 27 JSON document (a dict) of ``system`` (see the module doc)."""
    return _Writer(system).document()


class _Writer:
    def __init__(self, system):
        self.system = system
        self.ids: dict[int, str] = {}
        self.sources: dict[tuple, dict] = {
            ("e-footprint hypothesis", None): {"id": _HYPOTHESIS_ID, "name": "e-footprint hypothesis", "link": None},
            ("user data", None): {"id": _USER_DATA_ID, "name": "user data", "link": None}}
        self.blocks: dict[str, dict] = {}
        self.notes: list[str] = []
        self.keep: list = []

    # --- ids, sources, values ----------------------------------------------------------------------
    def id_of(self, obj, class_name: str) -> str:
        key = id(obj)
        if key not in self.ids:
            digest = hashlib.sha1(f"{class_name}\0{obj.name}\0{len(self.ids)}".encode()).hexdigest()
            self.ids[key] = f"{digest[:8]}-{digest[8:11]}"
        return self.ids[key]

    def source_id(self, source: Source | None) -> str:
        if source is None:
            return _USER_DATA_ID
        if source.hypothesis and source.name in ("e-footprint hypothesis", "hypothesis"):
            return _HYPOTHESIS_ID
        key = (source.name, source.link or None)
        if key not in self.sources:
            digest = hashlib.sha1(f"{source.name}\0{source.link}".encode()).hexdigest()
            self.sources[key] = {"id": f"{digest[:8]}-{digest[8:11]}", "name": source.name,
                                 "link": source.link or None}
        return self.sources[key]["id"]

    def meta(self, value: ExplainableValue | None, label: str) -> dict:
        """label, source, comment and confidence of a value (the reader's "confidence: x" comment part
        goes back to efootprint's ``confidence``)."""
        out: dict = {"label": label}
        if value is None:
            out["source"] = _HYPOTHESIS_ID
            return out
        out["source"] = self.source_id(value.source)
        comment, confidence = [], None
        for part in (value.comment or "").split("; "):
            match = _CONFIDENCE.match(part)
            if match:
                confidence = match.group(1)
            elif part:
                comment.append(part)
        if confidence:
            out["confidence"] = confidence
        if comment:
            out["comment"] = "; ".join(comment)
        return out

    def quantity(self, value, unit, unit_text: str, label: str, *, factor: float = 1.0) -> dict:
        """``{"value", "unit", "label", "source"}``; ``value`` an ExplainableValue or a Quantity."""
        explainable = value if isinstance(value, ExplainableValue) else None
        inner = value.value if explainable is not None else value
        if not isinstance(inner, Quantity):
            inner = Quantity(float(inner), u.dimensionless)
        number = float(inner.m_as(unit)) * factor
        return {"value": number, "unit": unit_text, **self.meta(explainable, label)}

    def text_value(self, text: str, label: str, value: ExplainableValue | None = None) -> dict:
        return {"value": text, **self.meta(value, label)}

    @staticmethod
    def empty(label: str) -> dict:
        return {"value": None, "label": label}

    def weight(self, number: float, label: str) -> dict:
        return {"value": float(number), "unit": "dimensionless", "label": label, "source": _HYPOTHESIS_ID}

    def put(self, class_name: str, obj, body: dict) -> str:
        object_id = self.id_of(obj, class_name)
        block = self.blocks.setdefault(class_name, {})
        if object_id not in block:
            block[object_id] = {"name": obj.name, "id": object_id, **body}
        return object_id

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    @staticmethod
    def raw(obj, name: str):
        """An input's ExplainableValue (the value as given, with its source)."""
        value = obj._trait_values.get(name)
        return value if isinstance(value, ExplainableValue) else getattr(obj, name)

    # --- the document ------------------------------------------------------------------------------
    def document(self) -> dict:
        patterns = [self.pattern(pattern) for pattern in self.system.usage_patterns]
        system_id = self.put("System", self.system, {"usage_patterns": patterns, "edge_usage_patterns": []})
        if self.notes:
            warnings.warn("efootprint 27 cannot hold part of this system; the file leaves out: "
                          + "; ".join(self.notes), EfootprintExportWarning, stacklevel=4)
        sources = {item["id"]: item for item in self.sources.values()}
        data = {"efootprint_version": EFOOTPRINT_VERSION, "Sources": sources}
        data["System"] = self.blocks.pop("System")
        assert system_id in data["System"]
        data.update(self.blocks)
        return data

    def pattern(self, pattern) -> str:
        starts = self.raw(pattern, "hourly_usage_journey_starts")
        series: Hourly = starts.value
        values = np.asarray(series.values, dtype="<f4")
        hourly = {"compressed_values": _compress(values), "unit": "occurrence",
                  "start_date": str(series.start.astype("datetime64[h]")).replace("T", " ") + ":00:00",
                  "timezone": None, **self.meta(starts, "Hourly nb of pattern occurrences")}
        journeys = {self.journey(journey): self.weight(weight, "Journeys per pattern occurrence")
                    for journey, weight in _merged(pattern.weighted_journeys())}
        body = {"hourly_occurrences": hourly, "usage_journeys": journeys,
                "devices": [self.device(device) for device in pattern.devices],
                "network": self.network(pattern.network), "country": self.country(pattern.country)}
        return self.put("UsagePattern", pattern, body)

    def journey(self, journey) -> str:
        steps = _counted(journey.steps)
        body = {"uj_steps": {self.step(step): self.weight(n, "Times per journey") for step, n in steps}}
        return self.put("UsageJourney", journey, body)

    def step(self, step) -> str:
        jobs = {self.job(job): self.weight(n, "Times per step") for job, n in _counted(step.jobs)}
        body = {"user_time_spent": self.quantity(self.raw(step, "user_time_spent"), u.min, "minute",
                                                 "Time spent by user"), "jobs": jobs}
        return self.put("UsageJourneyStep", step, body)

    # --- edge --------------------------------------------------------------------------------------
    def country(self, country) -> str:
        if country._trait_values.get("hourly_carbon_intensity") is not None:
            self.note(f"Country {country.name!r}'s hourly carbon intensity (its average is written)")
        body = {"short_name": country.short_name or country.name[:3].upper(),
                "average_carbon_intensity": self.quantity(self.raw(country, "average_carbon_intensity"),
                                                          u.g / u.kWh, "gram / kilowatt_hour",
                                                          "Average carbon intensity"),
                "timezone": {"zone": country.timezone, "label": "Timezone", "source": _USER_DATA_ID}}
        return self.put("Country", country, body)

    def network(self, network) -> str:
        body = {"bandwidth_energy_intensity": self.quantity(
            self.raw(network, "bandwidth_energy_intensity"), u.kWh / u.GB, "kilowatt_hour / gigabyte",
            "bandwith energy intensity")}
        return self.put("Network", network, body)

    def device(self, device) -> str:
        body = {"carbon_footprint_manufacturing": self.quantity(self.raw(device, "carbon_footprint_fabrication"),
                                                                u.kg, "kilogram", "Carbon footprint manufacturing"),
                "power": self.quantity(self.raw(device, "power"), u.W, "watt", "Power"),
                "lifespan": self.quantity(self.raw(device, "lifespan"), u.year, "year", "Lifespan"),
                "fraction_of_usage_time": self.quantity(self.raw(device, "fraction_of_usage_time"),
                                                        u.dimensionless, "hour / day", "Fraction of usage time",
                                                        factor=24.0)}
        return self.put("Device", device, body)

    # --- servers and storage -----------------------------------------------------------------------
    def fixed(self, obj) -> dict:
        value = obj._trait_values.get("fixed_nb_of_instances")
        if value is None:
            return self.empty("User defined number of instances")
        return self.quantity(value, u.dimensionless, "concurrent", "User defined number of instances")

    def storage(self, storage) -> str:
        for name in ("power", "idle_power"):
            if float(getattr(storage, name).value.m_as(u.W)) > 0:
                self.note(f"Storage {storage.name!r}'s energy (efootprint 27 counts storage energy with its "
                          "server's: written with power 0)")
                break
        if storage._trait_values.get("hourly_carbon_intensity") is not None:
            self.note(f"Storage {storage.name!r}'s hourly carbon intensity")
        fabrication = self.raw(storage, "carbon_footprint_fabrication")
        capacity = self.raw(storage, "storage_capacity")
        per_tb = fabrication.value.m_as(u.kg) / capacity.value.m_as(u.TB)
        body = {"power": {"value": 0.0, "unit": "watt", "label": "Power", "source": _HYPOTHESIS_ID},
                "lifespan": self.quantity(self.raw(storage, "lifespan"), u.year, "year", "Lifespan"),
                "fraction_of_usage_time": self.quantity(1.0, u.dimensionless, "dimensionless",
                                                        "Fraction of usage time"),
                "carbon_footprint_manufacturing_per_storage_capacity": {
                    "value": per_tb, "unit": "kilogram / terabyte_stored",
                    **self.meta(fabrication, "Manufacturing carbon footprint per storage capacity")},
                "storage_capacity": self.quantity(capacity, u.TB, "terabyte_stored", "Storage capacity"),
                "data_replication_factor": self.quantity(self.raw(storage, "data_replication_factor"),
                                                         u.dimensionless, "dimensionless", "Data replication factor"),
                "data_storage_duration": self.quantity(self.raw(storage, "data_storage_duration"), u.h, "hour",
                                                       "Data storage duration"),
                "base_storage_need": self.quantity(self.raw(storage, "base_storage_need"), u.TB, "terabyte_stored",
                                                   "Initial storage need"),
                "fixed_nb_of_instances": self.fixed(storage)}
        return self.put("Storage", storage, body)

    def server(self, server) -> str:
        from footprintlab.model.hardware import GPUServer
        from footprintlab.model.services import VideoStreaming

        if id(server) in self.ids:
            return self.ids[id(server)]
        gpu = isinstance(server, GPUServer)
        compute_unit, compute_text = (u.gpu, "gpu") if gpu else (u.cpu_core, "cpu_core")
        if server._trait_values.get("hourly_carbon_intensity") is not None:
            self.note(f"Server {server.name!r}'s hourly carbon intensity (its average is written)")
        base_ram = self.raw(server, "base_ram_consumption")
        base_compute = self.raw(server, "base_compute_consumption")
        extra_ram = extra_compute = 0.0
        folded = []
        for service in server.services:
            compute = float(service.base_compute_consumption.value.m_as(compute_unit))
            if isinstance(service, VideoStreaming):
                extra_compute += compute
                if compute:
                    folded.append(service.name)
            else:
                extra_ram += float(service.base_ram_consumption.value.m_as(u.MB))
                extra_compute += compute
                folded.append(service.name)
        ram_body = self.quantity(base_ram, u.MB, "megabyte_ram", "Base RAM consumption")
        compute_body = self.quantity(base_compute, compute_unit, compute_text, f"Base {compute_text} consumption")
        if folded:
            ram_body["value"] += extra_ram
            compute_body["value"] += extra_compute
            note = f"with the base consumption of services {', '.join(folded)} (footprintlab services)"
            ram_body["comment"] = "; ".join(filter(None, [ram_body.get("comment"), note]))
            compute_body["comment"] = "; ".join(filter(None, [compute_body.get("comment"), note]))
        body: dict[str, Any] = {}
        if not gpu:
            body["carbon_footprint_manufacturing"] = self.quantity(
                self.raw(server, "carbon_footprint_fabrication"), u.kg, "kilogram", "Carbon footprint manufacturing")
            body["power"] = self.quantity(self.raw(server, "power"), u.W, "watt", "Power")
        body["lifespan"] = self.quantity(self.raw(server, "lifespan"), u.year, "year", "Lifespan")
        body["fraction_of_usage_time"] = self.quantity(1.0, u.dimensionless, "dimensionless", "Fraction of usage time")
        body["server_type"] = self.text_value(server.server_type, "Server type",
                                              server._trait_values.get("server_type")
                                              if isinstance(server._trait_values.get("server_type"),
                                                            ExplainableValue) else None)
        if not gpu:
            body["idle_power"] = self.quantity(self.raw(server, "idle_power"), u.W, "watt", "Idle power")
            body["ram"] = self.quantity(self.raw(server, "ram"), u.GB, "gigabyte_ram", "RAM")
        body.update({
            "compute": self.quantity(self.raw(server, "compute"), compute_unit, compute_text, f"Nb {compute_text}s"),
            "power_usage_effectiveness": self.quantity(self.raw(server, "power_usage_effectiveness"),
                                                       u.dimensionless, "dimensionless", "PUE"),
            "average_carbon_intensity": self.quantity(self.raw(server, "average_carbon_intensity"), u.g / u.kWh,
                                                      "gram / kilowatt_hour",
                                                      "Average carbon intensity of electricity"),
            "utilization_rate": self.quantity(self.raw(server, "utilization_rate"), u.dimensionless,
                                              "dimensionless", "Utilization rate"),
            "base_ram_consumption": ram_body, "base_compute_consumption": compute_body,
            "fixed_nb_of_instances": self.fixed(server),
            "storage": self.storage(server.storage) if server.storage is not None else None})
        if server.storage is None:
            raise ValueError(f"Server {server.name!r} has no storage; efootprint 27 servers need one "
                             "(give it a Storage before writing an efootprint file)")
        if gpu:
            body.update({
                "gpu_power": self.quantity(self.raw(server, "power_per_gpu"), u.W, "watt / gpu", "GPU power"),
                "gpu_idle_power": self.quantity(self.raw(server, "idle_power_per_gpu"), u.W, "watt / gpu",
                                                "GPU idle power"),
                "ram_per_gpu": self.quantity(self.raw(server, "ram_per_gpu"), u.GB, "gigabyte_ram / gpu",
                                             "RAM per GPU"),
                "carbon_footprint_manufacturing_without_gpu": self.quantity(
                    self.raw(server, "carbon_footprint_fabrication_without_gpu"), u.kg, "kilogram",
                    "Carbon footprint without GPU"),
                "carbon_footprint_manufacturing_per_gpu": self.quantity(
                    self.raw(server, "carbon_footprint_fabrication_per_gpu"), u.kg, "kilogram / gpu",
                    "Carbon footprint of one GPU")})
        return self.put("GPUServer" if gpu else "Server", server, body)

    # --- jobs, services, APIs ----------------------------------------------------------------------
    def job(self, job) -> str:
        from footprintlab.model.genai import GenAIJob
        from footprintlab.model.hardware import GPUServer
        from footprintlab.model.services import VideoStreamingJob

        if id(job) in self.ids:
            return self.ids[id(job)]
        if isinstance(job, GenAIJob):
            return self.genai_job(job)
        if isinstance(job, VideoStreamingJob):
            return self.video_job(job)
        gpu = isinstance(job.server, GPUServer)
        compute_unit, compute_text = (u.gpu, "gpu") if gpu else (u.cpu_core, "cpu_core")
        upload, download = self.raw(job, "data_upload"), self.raw(job, "data_download")
        transferred = self.quantity(download, u.MB, "megabyte", "Sum of all data uploads and downloads by request")
        transferred["value"] += float(upload.value.m_as(u.MB))
        body = {"data_transferred": transferred,
                "data_stored": self.quantity(self.raw(job, "data_stored"), u.MB, "megabyte_stored",
                                             "Data stored by request"),
                "request_duration": self.quantity(self.raw(job, "request_duration"), u.s, "second",
                                                  "Request duration"),
                "ram_needed": self.quantity(self.raw(job, "ram_needed"), u.MB, "megabyte_ram",
                                            "RAM needed during job processing"),
                "compute_needed": self.quantity(self.raw(job, "compute_needed"), compute_unit, compute_text,
                                                f"{compute_text}s needed during job processing"),
                "server": self.server(job.server)}
        return self.put("GPUJob" if gpu else "Job", job, body)

    def video_service(self, service) -> str:
        if id(service) in self.ids:
            return self.ids[id(service)]
        body = {"server": self.server(service.server),
                "base_ram_consumption": self.quantity(self.raw(service, "base_ram_consumption"), u.GB,
                                                      "gigabyte_ram",
                                                      "OS and streaming software base RAM consumption"),
                "base_compute_consumption": self.empty("no value"),
                "bits_per_pixel": self.quantity(self.raw(service, "bits_per_pixel"), u.bit, "bit", "Bits per pixel"),
                "static_delivery_cpu_cost": self.quantity(self.raw(service, "static_delivery_cpu_cost"),
                                                          u.cpu_core / (u.GB / u.s), "cpu_core * second / gigabyte",
                                                          "CPU cost per static stream"),
                "ram_buffer_per_user": self.quantity(self.raw(service, "ram_buffer_per_user"), u.MB,
                                                     "megabyte_ram", "RAM buffer size per user")}
        return self.put("VideoStreaming", service, body)

    def video_job(self, job) -> str:
        from footprintlab.model.services import PER_SECOND

        if float(job.data_upload.value.m_as(u.MB)) > 0:
            self.note(f"VideoStreamingJob {job.name!r}'s data upload (efootprint's video jobs have none)")
        resolution = job._trait_values.get("resolution")
        body = {"data_stored": self.quantity(self.raw(job, "data_stored"), u.MB, "megabyte_stored",
                                             "Data stored by request"),
                "service": self.video_service(job.service),
                "video_duration": self.quantity(self.raw(job, "video_duration"), u.min, "minute", "Video duration"),
                "resolution": self.text_value(job.resolution, "Resolution",
                                              resolution if isinstance(resolution, ExplainableValue) else None),
                "refresh_rate": self.quantity(self.raw(job, "refresh_rate"), PER_SECOND, "1 / second",
                                              "Frames per second")}
        return self.put("VideoStreamingJob", job, body)

    def genai_api(self, api) -> str:
        if id(api) in self.ids:
            return self.ids[id(api)]
        stand_in = _Named(f"{api.name} server", api)
        self.keep.append(stand_in)  # its id() must stay unique while writing
        server_id = self.put("EcoLogitsGenAIExternalAPIServer", stand_in, {})
        body = {"server": server_id, "provider": self.text_value(api.provider, "Provider"),
                "model_name": self.text_value(api.model, "Model used")}
        return self.put("EcoLogitsGenAIExternalAPI", api, body)

    def genai_job(self, job) -> str:
        if float(job.data_upload.value.m_as(u.MB)) > 0:
            self.note(f"GenAIJob {job.name!r}'s data upload (efootprint counts none for API calls)")
        body = {"data_stored": {"value": 0.0, "unit": "megabyte_stored", "label": "Data stored by request",
                                "source": _HYPOTHESIS_ID},
                "ram_needed": {"value": 0.0, "unit": "megabyte_ram", "label": "RAM needed during job processing",
                               "source": _HYPOTHESIS_ID},
                "compute_needed": {"value": 0.0, "unit": "cpu_core", "label": "CPU needed during job processing",
                                   "source": _HYPOTHESIS_ID},
                "external_api": self.genai_api(job.server),
                "output_token_count": self.quantity(self.raw(job, "output_tokens"), u.dimensionless, "dimensionless",
                                                    "Output token count")}
        return self.put("EcoLogitsGenAIExternalAPIJob", job, body)


class _Named:
    """A stand-in object with a name (efootprint's GenAI API server, which footprintlab has not)."""

    def __init__(self, name: str, owner):
        self.name = name
        self.owner = owner


def _counted(items) -> list:
    """``[(item, times listed), ...]`` in first-seen order."""
    counts: dict[int, list] = {}
    for item in items:
        counts.setdefault(id(item), [item, 0])[1] += 1
    return [(item, n) for item, n in counts.values()]


def _merged(pairs) -> list:
    """Weighted journeys with a journey listed twice merged (weights added)."""
    merged: dict[int, list] = {}
    for item, weight in pairs:
        merged.setdefault(id(item), [item, 0.0])[1] += float(weight)
    return [(item, weight) for item, weight in merged.values()]


def _compress(values: np.ndarray) -> str:
    """efootprint's ``compressed_values``: base64 of zstandard-compressed little-endian float32."""
    data = np.ascontiguousarray(values, dtype="<f4").tobytes()
    try:
        import zstandard
    except ImportError:  # Python 3.14's standard library has it
        from compression import zstd

        packed = zstd.compress(data)
    else:
        packed = zstandard.ZstdCompressor().compress(data)
    return base64.b64encode(packed).decode("ascii")

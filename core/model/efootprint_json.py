"""Open files written by efootprint 27's ``system_to_json`` as footprintlab systems.

efootprint (Boavizta, AGPL-3.0) is never imported and none of its code is used: this module reads
its documented JSON layout — ``{"efootprint_version", "Sources", <Class>: {<id>: {...}}, ...,
"calculation_graph"}`` — and builds the equivalent footprintlab objects, with efootprint's
conventions where they differ from ours:

- storage has no energy (efootprint 27 folds it into the server): power 0; its fabrication per unit
  is ``carbon_footprint_manufacturing_per_storage_capacity × storage_capacity``;
- a job's ``data_transferred`` (upload + download) becomes its ``data_download``, upload 0;
- weights: a usage pattern's journeys (journeys per pattern occurrence) become its weighted
  ``usage_journeys``; a step repeated k times per journey becomes one step of k × the time with its
  jobs k times (all at the step's start, as efootprint counts them); a job n times per step is listed
  n times (a copy with its per-request needs × n when n is not a whole number; refused for GenAI
  API jobs, whose impacts are not linear);
- services and APIs: ``VideoStreaming`` / ``VideoStreamingJob`` become footprintlab's;
  ``EcoLogitsGenAIExternalAPI`` (+ its server) and ``EcoLogitsGenAIExternalAPIJob`` become
  ``GenAIExternalAPI`` (provider, model) and ``GenAIJob`` (output tokens), computed with EcoLogits;
  a ``BoaviztaCloudServer`` is a plain ``Server`` with the hardware efootprint saved in the file's
  computed state (files saved without it lack that hardware: it is named, and dropped with
  ``partial=True``);
- hourly occurrences are read in local time and put in UTC by the country's time zone
  (efootprint rolls the series by the offset at its start; we follow the time zone hour by hour:
  the same totals, the hourly curve one hour apart where the offsets differ).

Every value's source, confidence and comment are carried over. A file that is not a readable
efootprint file raises ``ModelFileError`` naming the JSON path (``$.Job["1a2b"].request_duration``);
objects footprintlab does not model are named (class, name) in the error, or dropped with a
warning listing them when ``partial=True``.
"""
from __future__ import annotations

import base64
import binascii
import datetime as _dt
import re
import warnings
from typing import cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from footprintlab.engine import ExplainableValue, Hourly, ModelError, Quantity, Source, UnitError, u
from footprintlab.model.json_checks import (
    ModelFileError,
    Unreadable,
    _Duplicated,
    describe,
    expect,
    expect_found,
    is_number,
    key_path,
)
from traitlets import TraitError

__all__ = ["SUPPORTED_VERSION", "MAPPED_CLASSES", "PartialModelWarning", "is_efootprint", "build"]

SUPPORTED_VERSION = 27
MAX_HOURS = 100 * 366 * 24  # a century of hours: bigger decompressed series are refused
# efootprint class -> what it becomes here
MAPPED_CLASSES = {
    "System": "System", "UsagePattern": "UsagePattern (weighted usage_journeys)",
    "UsageJourney": "UsageJourney", "UsageJourneyStep": "UsageJourneyStep", "Job": "Job",
    "GPUJob": "Job (compute in GPUs)", "Server": "Server", "GPUServer": "GPUServer",
    "BoaviztaCloudServer": "Server (its hardware as saved in the file's computed state)",
    "Storage": "Storage", "Device": "Device", "Network": "Network", "Country": "Country",
    "VideoStreaming": "VideoStreaming", "VideoStreamingJob": "VideoStreamingJob",
    "EcoLogitsGenAIExternalAPI": "GenAIExternalAPI", "EcoLogitsGenAIExternalAPIJob": "GenAIJob",
    "EcoLogitsGenAIExternalAPIServer": "(part of GenAIExternalAPI)",
}
_SERVERS = ("Server", "GPUServer", "BoaviztaCloudServer")
_JOBS = ("Job", "GPUJob", "VideoStreamingJob", "EcoLogitsGenAIExternalAPIJob")
# a BoaviztaCloudServer's hardware, looked up by efootprint from the Boavizta API: in the file only
# when it was saved with its computed state
_CLOUD_SPECS = ("carbon_footprint_manufacturing", "power", "ram", "compute")
_TOP_KEYS = ("efootprint_version", "Sources", "calculation_graph")
# inputs read per class; any other key is a computed value (ignored: results are recomputed) when it
# looks like one, else an input footprintlab does not model
_INPUTS = {
    "System": ("usage_patterns", "edge_usage_patterns"),
    "UsagePattern": ("hourly_occurrences", "usage_journeys", "devices", "network", "country"),
    "UsageJourney": ("uj_steps",),
    "UsageJourneyStep": ("user_time_spent", "jobs"),
    "Job": ("data_transferred", "data_stored", "request_duration", "ram_needed", "compute_needed", "server"),
    "Server": ("carbon_footprint_manufacturing", "power", "lifespan", "fraction_of_usage_time", "server_type",
               "idle_power", "ram", "compute", "power_usage_effectiveness", "average_carbon_intensity",
               "utilization_rate", "base_ram_consumption", "base_compute_consumption", "fixed_nb_of_instances",
               "storage"),
    "GPUServer": ("lifespan", "fraction_of_usage_time", "server_type", "compute", "power_usage_effectiveness",
                  "average_carbon_intensity", "utilization_rate", "base_ram_consumption",
                  "base_compute_consumption", "fixed_nb_of_instances", "storage", "gpu_power", "gpu_idle_power",
                  "ram_per_gpu", "carbon_footprint_manufacturing_without_gpu",
                  "carbon_footprint_manufacturing_per_gpu"),
    "Storage": ("power", "lifespan", "fraction_of_usage_time", "carbon_footprint_manufacturing_per_storage_capacity",
                "storage_capacity", "data_replication_factor", "data_storage_duration", "base_storage_need",
                "fixed_nb_of_instances"),
    "Device": ("carbon_footprint_manufacturing", "power", "lifespan", "fraction_of_usage_time"),
    "Network": ("bandwidth_energy_intensity",),
    "Country": ("short_name", "average_carbon_intensity", "timezone"),
}
_INPUTS["GPUJob"] = _INPUTS["Job"]
_INPUTS["BoaviztaCloudServer"] = _INPUTS["Server"] + ("provider", "instance_type", "impact_url")
_INPUTS.update({
    "VideoStreaming": ("server", "base_ram_consumption", "base_compute_consumption", "bits_per_pixel",
                       "static_delivery_cpu_cost", "ram_buffer_per_user"),
    "VideoStreamingJob": ("data_stored", "service", "video_duration", "resolution", "refresh_rate"),
    "EcoLogitsGenAIExternalAPI": ("server", "provider", "model_name"),
    "EcoLogitsGenAIExternalAPIJob": ("data_stored", "ram_needed", "compute_needed", "external_api",
                                     "output_token_count"),
    "EcoLogitsGenAIExternalAPIServer": (),
})
_VALUE_KEYS = ("value", "unit", "label", "source", "confidence", "comment")
# efootprint's (pint) unit words -> footprintlab's symbols; "_stored" and "_ram" bytes are bytes
_UNIT_WORDS = {
    "gram": "g", "kilogram": "kg", "tonne": "t", "metric_ton": "t", "watt": "W", "kilowatt": "kW",
    "megawatt": "MW", "watt_hour": "Wh", "kilowatt_hour": "kWh", "megawatt_hour": "MWh",
    "gigawatt_hour": "GWh", "second": "s", "minute": "min", "hour": "h", "day": "day", "week": "week",
    "month": "month", "year": "year", "millisecond": "ms", "concurrent": "dimensionless",
    "occurrence": "occurrence", "dimensionless": "dimensionless", "cpu_core": "cpu_core", "gpu": "gpu",
    "percent": "percent", "bit": "bit", "byte": "B", "kilobyte": "kB", "megabyte": "MB", "gigabyte": "GB",
    "terabyte": "TB", "petabyte": "PB", "years": "year", "hours": "h", "minutes": "min", "seconds": "s",
}
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_START = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?(?:\+00:00|Z)?")
_DAYS = {"day": 1, "month": 30, "year": 365}  # efootprint's form-input time spans, in days
EFOOTPRINT_HYPOTHESIS = Source("e-footprint hypothesis", "https://github.com/Boavizta/e-footprint", hypothesis=True)
EFOOTPRINT_CONVENTION = Source(
    "efootprint 27 convention (storage energy is counted with its server's, not on its own)",
    "https://github.com/Boavizta/e-footprint", hypothesis=True)


class PartialModelWarning(UserWarning):
    """Objects or inputs of an efootprint file that footprintlab does not model were dropped."""


def is_efootprint(data) -> bool:
    """Whether parsed JSON looks like an efootprint file (rather than footprintlab's own format)."""
    return isinstance(data, dict) and "format" not in data and (
        "efootprint_version" in data or isinstance(data.get("System"), dict))


# --- entry point ---------------------------------------------------------------------------------
def build(data: dict, *, partial: bool = False):
    """A footprintlab ``System`` from an efootprint file's parsed JSON (see the module doc)."""
    reader = _Reader(data, partial)
    system = reader.system()
    if reader.dropped:
        shown = "; ".join(reader.dropped[:12]) + (f"; and {len(reader.dropped) - 12} more"
                                                  if len(reader.dropped) > 12 else "")
        warnings.warn(f"opened with partial=True: footprintlab does not model, and dropped, {shown}",
                      PartialModelWarning, stacklevel=4)
    return system


class _Reader:
    def __init__(self, data, partial: bool):
        expect(isinstance(data, dict), "$", f"an efootprint file (an object), got {describe(data)}")
        _no_duplicates(data, "$")
        self.data, self.partial = data, partial
        self.dropped: list[str] = []
        self._check_version()
        self.sources = self._read_sources()
        self.raw: dict[str, tuple[str, str, dict]] = {}  # id -> (class, where, object)
        self.unsupported: dict[str, str] = {}  # id -> "Class 'name'" of objects we do not model
        self._index()
        self.built: dict = {}
        self.job_copies: dict = {}
        self.step_copies: dict = {}

    # --- reading the file's layout -----------------------------------------------------------------
    def _check_version(self) -> None:
        version = self.data.get("efootprint_version")
        where = "$.efootprint_version"
        expect(isinstance(version, str), where, f"efootprint's version as text such as \"27.0.0\", got "
               f"{describe(version)}")
        major = version.split(".", 1)[0]
        expect(major.isdigit() and int(major) == SUPPORTED_VERSION, where,
               f"a file written by efootprint {SUPPORTED_VERSION} (footprintlab reads its format), got "
               f"{describe(version)}; open and save it with efootprint {SUPPORTED_VERSION} first")

    def _read_sources(self) -> dict:
        raw = self.data.get("Sources", {})
        expect(isinstance(raw, dict), "$.Sources", f"an object of sources by id, got {describe(raw)}")
        _no_duplicates(raw, "$.Sources")
        sources = {}
        for source_id, item in raw.items():
            where = key_path("$.Sources", source_id)
            expect(isinstance(item, dict), where, f"an object with a name and a link, got {describe(item)}")
            name, link = item.get("name"), item.get("link")
            expect(isinstance(name, str), f"{where}.name", f"text, got {describe(name)}")
            expect(link is None or isinstance(link, str), f"{where}.link", f"text or null, got {describe(link)}")
            if source_id == "hypothesis":
                sources[source_id] = EFOOTPRINT_HYPOTHESIS
            else:
                sources[source_id] = Source(name, link or None)
        sources.setdefault("hypothesis", EFOOTPRINT_HYPOTHESIS)
        sources.setdefault("user_data", Source("user data"))
        return sources

    def _index(self) -> None:
        for class_name, block in self.data.items():
            if class_name in _TOP_KEYS:
                continue
            where = key_path("$", class_name)
            expect(isinstance(block, dict), where, f"an object of {class_name} objects by id, got {describe(block)}")
            _no_duplicates(block, where)
            for object_id, raw in block.items():
                item_where = key_path(where, object_id)
                expect(isinstance(raw, dict), item_where, f"an object (a {class_name}), got {describe(raw)}")
                _no_duplicates(raw, item_where)
                name = raw.get("name")
                expect(isinstance(name, str), f"{item_where}.name", f"text, got {describe(name)}")
                expect(raw.get("id", object_id) == object_id, f"{item_where}.id",
                       f"the object's key {object_id!r}, got {describe(raw.get('id'))}")
                expect(object_id not in self.raw, item_where,
                       f"an id used once, but {object_id!r} is also {self.raw.get(object_id, ('', ''))[1]}")
                self.raw[object_id] = (class_name, item_where, raw)
                if class_name not in MAPPED_CLASSES:
                    self.unsupported[object_id] = f"{class_name} {name!r}"
                elif class_name == "BoaviztaCloudServer" and not all(
                        isinstance(raw.get(key), dict) and is_number(raw[key].get("value")) for key in _CLOUD_SPECS):
                    self.unsupported[object_id] = (
                        f"{class_name} {name!r} (its hardware — {', '.join(_CLOUD_SPECS)} — comes from the "
                        "Boavizta API and is only in files saved with their computed state)")
        systems = [oid for oid, (cls, _, _) in self.raw.items() if cls == "System"]
        expect(len(systems) == 1, "$.System", f"exactly one System, got {len(systems)}")
        self.system_id = systems[0]
        if self.unsupported and not self.partial:
            listed = ", ".join(sorted(self.unsupported.values())[:12])
            more = len(self.unsupported) - 12
            raise ModelFileError(
                f"$: expected objects footprintlab models, but the file has {listed}"
                f"{f' and {more} more' if more > 0 else ''}, which footprintlab cannot build; "
                "open it with partial=True to drop them (with a warning listing them)")
        self.dropped.extend(self.unsupported.values())

    def _get(self, object_id, where: str, classes: tuple[str, ...]):
        """The raw object an id refers to (one of ``classes``), or None if it is dropped."""
        expect(isinstance(object_id, str), where, f"the id of a {' or '.join(classes)}, got {describe(object_id)}")
        found = expect_found(self.raw.get(object_id), where,
                             f"the id of a {' or '.join(classes)}, got {object_id!r}, which no object has")
        if object_id in self.unsupported:
            return None
        expect(found[0] in classes, where, f"the id of a {' or '.join(classes)}, got {object_id!r}, a {found[0]}")
        return found

    def _keys(self, class_name: str, where: str, raw: dict) -> None:
        """Refuse (or, partial, drop with a warning) inputs footprintlab does not model."""
        known = _INPUTS[class_name]
        for key, value in raw.items():
            if key in ("name", "id") or key in known or _is_computed(value):
                continue
            message = f"input {key!r} of {class_name} {raw['name']!r}"
            if not self.partial:
                raise ModelFileError(f"{key_path(where, key)}: expected an input footprintlab models, but "
                                     f"the {message} is not modelled; open with partial=True to drop it")
            self.dropped.append(message)

    # --- values ------------------------------------------------------------------------------------
    def value(self, raw: dict, where: str, key: str, *, default=None, optional: bool = False):
        """An ``ExplainableValue`` from ``raw[key]`` (a ``{"value", "unit"}`` quantity)."""
        if key not in raw:
            if default is not None or optional:
                return default
            raise ModelFileError(f"{where}: expected the input {key!r}")
        item = raw[key]
        at = f"{where}.{key}"
        expect(isinstance(item, dict), at, f"an object with value and unit, got {describe(item)}")
        _no_duplicates(item, at)
        number = item.get("value")
        if number is None and optional:
            return None
        expect(is_number(number), f"{at}.value", f"a finite number, got {describe(number)}")
        unit = read_unit(item.get("unit", "dimensionless"), f"{at}.unit")
        return ExplainableValue(Quantity(float(number), unit), "", self.source(item, at), _comment(item, at))

    def source(self, item: dict, where: str) -> Source | None:
        source_id = item.get("source")
        if source_id is None:
            return None
        expect(isinstance(source_id, str) and source_id in self.sources, f"{where}.source",
               f"the id of a source in $.Sources, got {describe(source_id)}")
        return self.sources[source_id]

    def text(self, raw: dict, where: str, key: str) -> str:
        item = raw.get(key)
        if isinstance(item, dict):
            item = item.get("value")
        expect(isinstance(item, str), f"{where}.{key}", f"text, got {describe(item)}")
        return cast(str, item)

    def hourly(self, raw: dict, where: str, key: str) -> ExplainableValue:
        expect(key in raw, where, f"the input {key!r}")
        item, at = raw[key], f"{where}.{key}"
        expect(isinstance(item, dict), at, f"an hourly series (compressed_values, values or form_inputs), "
               f"got {describe(item)}")
        _no_duplicates(item, at)
        if "form_inputs" in item:
            values, start = _from_form_inputs(item["form_inputs"], f"{at}.form_inputs")
            unit = u.occurrence
            zone = None
        else:
            if "compressed_values" in item:
                values = decompress(item["compressed_values"], f"{at}.compressed_values")
            elif "values" in item:
                values = _number_list(item["values"], f"{at}.values")
            else:
                raise ModelFileError(f"{at}: expected an hourly series with compressed_values, values or "
                                     "form_inputs")
            unit = read_unit(item.get("unit", "occurrence"), f"{at}.unit")
            start = read_start(item.get("start_date"), f"{at}.start_date")
            zone = item.get("timezone")
            expect(zone is None or zone in ("UTC", "utc"), f"{at}.timezone",
                   f"null (local time) or \"UTC\", got {describe(zone)}")
        expect(len(values) > 0, at, "an hourly series with at least one value")
        series = Hourly(values, start, unit)
        comment = _comment(item, at)
        if zone is not None:
            comment = (comment + "; " if comment else "") + "given in UTC in the efootprint file"
        return ExplainableValue(series, "", self.source(item, at), comment)

    def weights(self, raw: dict, where: str, key: str, classes: tuple[str, ...]) -> list:
        """``[(raw object, weight), ...]`` of a weighted dict (a plain list weighs 1 each)."""
        expect(key in raw, where, f"the input {key!r}")
        item, at = raw[key], f"{where}.{key}"
        pairs = []
        if isinstance(item, list):
            pairs = [(object_id, 1.0, f"{at}[{index}]") for index, object_id in enumerate(item)]
        else:
            expect(isinstance(item, dict), at, f"an object of weights by id, got {describe(item)}")
            _no_duplicates(item, at)
            for object_id, weight in item.items():
                weight_at = key_path(at, object_id)
                if isinstance(weight, dict):
                    number = weight.get("value")
                    expect(is_number(number), f"{weight_at}.value", f"a finite number, got {describe(number)}")
                    unit = read_unit(weight.get("unit", "dimensionless"), f"{weight_at}.unit")
                    expect(unit.dimensionless, f"{weight_at}.unit", f"a dimensionless weight, got {unit.name}")
                    weight = float(Quantity(float(cast(float, number)), unit).m_as(u.dimensionless))
                expect(is_number(weight) and weight >= 0, weight_at,
                       f"a weight (a number ≥ 0), got {describe(weight)}")
                pairs.append((object_id, float(weight), weight_at))
        result = []
        for object_id, weight, item_where in pairs:
            found = self._get(object_id, item_where, classes)
            if found is not None and weight > 0:
                result.append((object_id, weight))
        return result

    # --- objects -------------------------------------------------------------------------------------
    def construct(self, cls, name: str, where: str, **inputs):
        try:
            return cls(name, **inputs)
        except (TraitError, ValueError, TypeError, UnitError) as exc:
            message = str(exc)
            prefix = f"{cls.__name__} {name!r}: "
            named = message[len(prefix):].split(":", 1)[0].strip() if message.startswith(prefix) else ""
            raise ModelFileError(f"{where}: refused by footprintlab ({cls.__name__} {name!r}{', ' + named if named else ''}): "
                                 f"{message}") from None

    def obj(self, object_id: str):
        """The footprintlab object built from an efootprint object (built once)."""
        if object_id not in self.built:
            class_name, where, raw = self.raw[object_id]
            self._keys(class_name, where, raw)
            self.built[object_id] = getattr(self, f"_build_{class_name}")(raw, where, object_id)
        return self.built[object_id]

    def _build_Country(self, raw, where, _):
        from footprintlab.model.edge import Country

        zone_raw = raw.get("timezone")
        zone = zone_raw.get("zone") if isinstance(zone_raw, dict) else zone_raw
        expect(isinstance(zone, str), f"{where}.timezone", f"a time zone such as \"Europe/Paris\", got {describe(zone)}")
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            raise ModelFileError(f"{where}.timezone: expected an IANA time zone such as \"Europe/Paris\", "
                                 f"got {zone!r}") from None
        short = raw.get("short_name", "")
        expect(isinstance(short, str), f"{where}.short_name", f"text, got {describe(short)}")
        return self.construct(Country, raw["name"], where, short_name=short, timezone=zone,
                              average_carbon_intensity=self.value(raw, where, "average_carbon_intensity"))

    def _build_Network(self, raw, where, _):
        from footprintlab.model.edge import Network

        return self.construct(Network, raw["name"], where,
                              bandwidth_energy_intensity=self.value(raw, where, "bandwidth_energy_intensity"))

    def _build_Device(self, raw, where, _):
        from footprintlab.model.edge import Device

        return self.construct(Device, raw["name"], where,
                              carbon_footprint_fabrication=self.value(raw, where, "carbon_footprint_manufacturing"),
                              power=self.value(raw, where, "power"), lifespan=self.value(raw, where, "lifespan"),
                              fraction_of_usage_time=self.value(raw, where, "fraction_of_usage_time"))

    def _build_Storage(self, raw, where, object_id, server_raw=None):
        from footprintlab.model.hardware import Storage

        per_capacity = self.value(raw, where, "carbon_footprint_manufacturing_per_storage_capacity")
        capacity = self.value(raw, where, "storage_capacity")
        try:
            fabrication = (per_capacity.value * capacity.value).to(u.kg)
        except UnitError:
            raise ModelFileError(f"{where}.carbon_footprint_manufacturing_per_storage_capacity: expected a "
                                 f"mass per storage capacity (kg per TB), got {per_capacity.value.unit}") from None
        server_raw = server_raw or {}
        inputs = dict(
            carbon_footprint_fabrication=ExplainableValue(
                fabrication, "", per_capacity.source,
                "efootprint's carbon_footprint_manufacturing_per_storage_capacity × storage_capacity"),
            power=ExplainableValue(0 * u.W, "", EFOOTPRINT_CONVENTION, ""),
            idle_power=ExplainableValue(0 * u.W, "", EFOOTPRINT_CONVENTION, ""),
            lifespan=self.value(raw, where, "lifespan"), storage_capacity=capacity,
            data_replication_factor=self.value(raw, where, "data_replication_factor"),
            data_storage_duration=self.value(raw, where, "data_storage_duration"),
            base_storage_need=self.value(raw, where, "base_storage_need"),
            fixed_nb_of_instances=self.value(raw, where, "fixed_nb_of_instances", optional=True),
            power_usage_effectiveness=self.value(server_raw, where, "power_usage_effectiveness",
                                                 default=ExplainableValue(Quantity(1.0, u.dimensionless), "",
                                                                          EFOOTPRINT_CONVENTION, "")),
            average_carbon_intensity=self.value(server_raw, where, "average_carbon_intensity",
                                                default=ExplainableValue(0 * u.g / u.kWh, "",
                                                                         EFOOTPRINT_CONVENTION, "")))
        return self.construct(Storage, raw["name"], where, **inputs)

    def _storage_of(self, raw, where):
        storage_id = raw.get("storage")
        if storage_id is None:
            return None
        found = self._get(storage_id, f"{where}.storage", ("Storage",))
        if found is None:
            return None
        if storage_id not in self.built:
            class_name, storage_where, storage_raw = found
            self._keys(class_name, storage_where, storage_raw)
            self.built[storage_id] = self._build_Storage(storage_raw, storage_where, storage_id, raw)
        return self.built[storage_id]

    def _server_common(self, raw, where) -> dict:
        server_type = self.text(raw, where, "server_type")
        expect(server_type in ("autoscaling", "serverless", "on-premise"), f"{where}.server_type",
               f"one of \"autoscaling\", \"serverless\", \"on-premise\", got {describe(server_type)}")
        return dict(server_type=server_type, lifespan=self.value(raw, where, "lifespan"),
                    power_usage_effectiveness=self.value(raw, where, "power_usage_effectiveness"),
                    average_carbon_intensity=self.value(raw, where, "average_carbon_intensity"),
                    utilization_rate=self.value(raw, where, "utilization_rate"),
                    base_ram_consumption=self.value(raw, where, "base_ram_consumption"),
                    base_compute_consumption=self.value(raw, where, "base_compute_consumption"),
                    fixed_nb_of_instances=self.value(raw, where, "fixed_nb_of_instances", optional=True),
                    compute=self.value(raw, where, "compute"), storage=self._storage_of(raw, where))

    def _build_Server(self, raw, where, _):
        from footprintlab.model.hardware import Server

        return self.construct(Server, raw["name"], where, **self._server_common(raw, where),
                              carbon_footprint_fabrication=self.value(raw, where, "carbon_footprint_manufacturing"),
                              power=self.value(raw, where, "power"), idle_power=self.value(raw, where, "idle_power"),
                              ram=self.value(raw, where, "ram"))

    _build_BoaviztaCloudServer = _build_Server  # a cloud server is a plain server with its saved hardware

    def _build_VideoStreaming(self, raw, where, _):
        from footprintlab.model.services import VideoStreaming

        server_id = self._ref(raw, where, "server", _SERVERS)
        inputs = dict(server=self.obj(server_id),
                      base_ram_consumption=self.value(raw, where, "base_ram_consumption"),
                      bits_per_pixel=self.value(raw, where, "bits_per_pixel"),
                      static_delivery_cpu_cost=self.value(raw, where, "static_delivery_cpu_cost"),
                      ram_buffer_per_user=self.value(raw, where, "ram_buffer_per_user"))
        compute = self.value(raw, where, "base_compute_consumption", optional=True)
        if compute is not None:
            inputs["base_compute_consumption"] = compute
        return self.construct(VideoStreaming, raw["name"], where, **inputs)

    def _build_VideoStreamingJob(self, raw, where, _):
        from footprintlab.model.services import VideoStreamingJob

        service_id = self._ref(raw, where, "service", ("VideoStreaming",))
        resolution = self.text(raw, where, "resolution")
        return self.construct(VideoStreamingJob, raw["name"], where, service=self.obj(service_id),
                              resolution=resolution, video_duration=self.value(raw, where, "video_duration"),
                              refresh_rate=self.value(raw, where, "refresh_rate"),
                              data_stored=self.value(raw, where, "data_stored"))

    def _build_EcoLogitsGenAIExternalAPI(self, raw, where, _):
        from footprintlab.model.genai import GenAIExternalAPI

        server_id = raw.get("server")
        if server_id is not None:
            self._get(server_id, f"{where}.server", ("EcoLogitsGenAIExternalAPIServer",))
        return self.construct(GenAIExternalAPI, raw["name"], where, provider=self.text(raw, where, "provider"),
                              model=self.text(raw, where, "model_name"))

    def _build_EcoLogitsGenAIExternalAPIJob(self, raw, where, _):
        from footprintlab.model.genai import GenAIJob

        for key in ("data_stored", "ram_needed", "compute_needed"):
            value = self.value(raw, where, key, optional=True)
            expect(value is None or float(value.value.magnitude) == 0, f"{where}.{key}.value",
                   "0 (footprintlab's GenAI calls store nothing and need no server of the model's), got "
                   f"{describe(None if value is None else value.value.magnitude)}")
        api_id = self._ref(raw, where, "external_api", ("EcoLogitsGenAIExternalAPI",))
        return self.construct(GenAIJob, raw["name"], where, api=self.obj(api_id),
                              output_tokens=self.value(raw, where, "output_token_count"))

    def _build_GPUServer(self, raw, where, _):
        from footprintlab.model.hardware import GPUServer

        return self.construct(
            GPUServer, raw["name"], where, **self._server_common(raw, where),
            power_per_gpu=self._per_gpu(raw, where, "gpu_power"),
            idle_power_per_gpu=self._per_gpu(raw, where, "gpu_idle_power"),
            ram_per_gpu=self._per_gpu(raw, where, "ram_per_gpu"),
            carbon_footprint_fabrication_per_gpu=self._per_gpu(raw, where, "carbon_footprint_manufacturing_per_gpu"),
            carbon_footprint_fabrication_without_gpu=self.value(raw, where, "carbon_footprint_manufacturing_without_gpu"))

    def _per_gpu(self, raw, where, key):
        """efootprint writes per-GPU inputs in "W / gpu"; ours are per GPU by name (in W)."""
        value = self.value(raw, where, key)
        inner = value.value
        try:
            inner = (inner * (1 * u.gpu)) if inner.unit.compatible(u.W / u.gpu) or inner.unit.compatible(
                u.GB / u.gpu) or inner.unit.compatible(u.kg / u.gpu) else inner
        except UnitError:
            pass
        return ExplainableValue(inner, "", value.source, value.comment)

    def _build_Job(self, raw, where, _):
        from footprintlab.model.usage import Job

        server_id = raw.get("server")
        found = self._get(server_id, f"{where}.server", _SERVERS)
        if found is None:
            return None  # its server is not modelled: the job is dropped with it
        transferred = self.value(raw, where, "data_transferred")
        return self.construct(
            Job, raw["name"], where, server=self.obj(server_id),
            data_upload=ExplainableValue(0 * u.MB, "", transferred.source,
                                         "efootprint counts uploads and downloads together (data_transferred)"),
            data_download=ExplainableValue(transferred.value, "", transferred.source,
                                           _joined(transferred.comment, "efootprint's data_transferred "
                                                   "(upload + download)")),
            data_stored=self.value(raw, where, "data_stored"),
            request_duration=self.value(raw, where, "request_duration"),
            compute_needed=self.value(raw, where, "compute_needed"),
            ram_needed=self.value(raw, where, "ram_needed"))

    _build_GPUJob = _build_Job

    def job_times(self, job_id: str, times: float) -> list:
        """The job listed ``times`` times (a scaled copy when ``times`` is not whole); [] if dropped."""
        job = self.obj(job_id)
        if job is None:
            return []
        if float(times).is_integer():
            return [job] * int(times)
        if self.raw[job_id][0] == "EcoLogitsGenAIExternalAPIJob":
            raise ModelFileError(f"{self.raw[job_id][1]}: expected a whole number of calls per step for a GenAI "
                                 f"API job (its impacts are not linear in a fraction of a call), got {times:g}")
        key = (job_id, times)
        if key not in self.job_copies:
            from footprintlab.model.usage import Job

            note = f"efootprint's {job.name!r} × {times:g} per step (its per-request needs × {times:g})"

            def scaled(name):
                value = getattr(job, name)
                return ExplainableValue(value.value * times, "", value.source, _joined(value.comment, note))

            self.job_copies[key] = self.construct(
                Job, f"{job.name} ×{times:g}", self.raw[job_id][1], server=job.server,
                data_upload=scaled("data_upload"), data_download=scaled("data_download"),
                data_stored=scaled("data_stored"), request_duration=job.request_duration,
                compute_needed=scaled("compute_needed"), ram_needed=scaled("ram_needed"))
        return [self.job_copies[key]]

    def step(self, step_id: str, times: float):
        """The step (once per journey); a step k times per journey becomes a step of k × the time with
        its jobs k times (efootprint starts them all at the step's start)."""
        key = (step_id, times)
        if key in self.step_copies:
            return self.step_copies[key]
        from footprintlab.model.usage import UsageJourneyStep

        class_name, where, raw = self.raw[step_id]
        self._keys(class_name, where, raw)
        jobs = []
        for job_id, per_step in self.weights(raw, where, "jobs", _JOBS):
            jobs.extend(self.job_times(job_id, per_step * times))
        time = self.value(raw, where, "user_time_spent")
        name = raw["name"]
        if times != 1:
            time = ExplainableValue(time.value * times, "", time.source,
                                    _joined(time.comment, f"efootprint's step {name!r} {times:g} times per journey"))
            name = f"{name} ×{times:g}"
        self.step_copies[key] = self.construct(UsageJourneyStep, name, where, user_time_spent=time, jobs=jobs)
        return self.step_copies[key]

    def journey(self, journey_id: str):
        if journey_id not in self.built:
            from footprintlab.model.usage import UsageJourney

            class_name, where, raw = self.raw[journey_id]
            self._keys(class_name, where, raw)
            steps = [self.step(step_id, times)
                     for step_id, times in self.weights(raw, where, "uj_steps", ("UsageJourneyStep",))]
            self.built[journey_id] = self.construct(UsageJourney, raw["name"], where, steps=steps)
        return self.built[journey_id]

    def patterns(self, pattern_id: str) -> list:
        from footprintlab.model.usage import UsagePattern

        class_name, where, raw = self.raw[pattern_id]
        self._keys(class_name, where, raw)
        starts = self.hourly(raw, where, "hourly_occurrences")
        country = self.obj(self._ref(raw, where, "country", ("Country",)))
        network = self.obj(self._ref(raw, where, "network", ("Network",)))
        devices_raw = raw.get("devices")
        expect(isinstance(devices_raw, list), f"{where}.devices", f"a list of Device ids, got {describe(devices_raw)}")
        devices = [self.obj(device_id) for index, device_id in enumerate(cast(list, devices_raw))
                   if self._get(device_id, f"{where}.devices[{index}]", ("Device",)) is not None]
        if starts.comment.endswith("given in UTC in the efootprint file"):
            starts = _utc_to_local(starts, country.timezone)
        journeys = self.weights(raw, where, "usage_journeys", ("UsageJourney",))
        expect(bool(journeys), f"{where}.usage_journeys", "at least one usage journey")
        weighted = {self.journey(journey_id): weight for journey_id, weight in journeys}
        usage_journeys = list(weighted) if all(w == 1 for w in weighted.values()) else weighted
        return [self.construct(UsagePattern, raw["name"], where, usage_journeys=usage_journeys, devices=devices,
                               network=network, country=country, hourly_usage_journey_starts=starts)]

    def _ref(self, raw, where, key, classes):
        object_id = raw.get(key)
        found = self._get(object_id, f"{where}.{key}", classes)
        expect(found is not None, f"{where}.{key}", f"a {' or '.join(classes)} footprintlab models")
        return object_id

    def system(self):
        from footprintlab.model.system import System

        class_name, where, raw = self.raw[self.system_id]
        self._keys(class_name, where, raw)
        edge = raw.get("edge_usage_patterns", [])
        expect(isinstance(edge, list), f"{where}.edge_usage_patterns", f"a list, got {describe(edge)}")
        ids = raw.get("usage_patterns")
        expect(isinstance(ids, list), f"{where}.usage_patterns", f"a list of UsagePattern ids, got {describe(ids)}")
        patterns = []
        for index, pattern_id in enumerate(ids):
            if self._get(pattern_id, f"{where}.usage_patterns[{index}]", ("UsagePattern",)) is not None:
                patterns.extend(self.patterns(pattern_id))
        expect(bool(patterns), f"{where}.usage_patterns", "at least one usage pattern footprintlab models")
        system = self.construct(System, raw["name"], where, usage_patterns=patterns)
        try:
            _ = system.total_footprint
        except ModelError as exc:
            raise ModelFileError(f"{where}: expected inputs footprintlab can compute, but {exc}") from None
        return system


# --- helpers -------------------------------------------------------------------------------------
def _no_duplicates(value, where: str) -> None:
    if isinstance(value, _Duplicated):
        raise ModelFileError(f"{key_path(where, value.duplicate)}: expected each key once in an object, "
                             "found this one twice")


def _is_computed(value) -> bool:
    """A computed value efootprint saves with its state (results are recomputed here)."""
    return isinstance(value, dict) and ("explain_nested_tuples" in value or "formula" in value)


def _comment(item: dict, where: str) -> str:
    parts = []
    for key in ("comment", "confidence"):
        text = item.get(key)
        if text is None or text == "":
            continue
        expect(isinstance(text, str), f"{where}.{key}", f"text, got {describe(text)}")
        parts.append(text if key == "comment" else f"confidence: {text}")
    return "; ".join(parts)


def _joined(comment: str, note: str) -> str:
    return f"{comment}; {note}" if comment else note


def read_unit(raw, where: str):
    """A footprintlab unit from efootprint's (pint) unit text, e.g. ``"kilowatt_hour / gigabyte"``."""
    expect(isinstance(raw, str), where, f"a unit such as \"kilogram\" or \"gram / kilowatt_hour\", got {describe(raw)}")

    def word(match):
        text = match.group(0)
        for suffix in ("_stored", "_ram"):
            if text.endswith(suffix):
                text = text[: -len(suffix)]
        return _UNIT_WORDS.get(text, text)

    try:
        return u.get(_WORD.sub(word, raw).replace(" ", "").replace("**", "^"))
    except (UnitError, ValueError, KeyError, TypeError, ZeroDivisionError) as exc:
        raise ModelFileError(f"{where}: expected a unit footprintlab knows, got {describe(raw)} ({exc})") from None


def read_start(raw, where: str) -> np.datetime64:
    expect(isinstance(raw, str), where, f"a start date such as \"2025-01-01 00:00:00\", got {describe(raw)}")
    match = expect_found(_START.fullmatch(raw.strip()), where,
                         f"a start date such as \"2025-01-01 00:00:00\", got {describe(raw)}")
    year, month, day, hour, minute, second = (int(p) if p else 0 for p in match.groups())
    try:
        moment = _dt.datetime(year, month, day, hour, minute, second)
    except ValueError as exc:
        raise ModelFileError(f"{where}: expected a valid date ({exc}), got {describe(raw)}") from None
    expect(moment.minute == 0 and moment.second == 0, where, f"a whole hour, got {describe(raw)}")
    return np.datetime64(moment, "h")


def decompress(encoded, where: str) -> np.ndarray:
    """efootprint's ``compressed_values``: base64 of zstandard-compressed float32 values."""
    expect(isinstance(encoded, str), where, f"base64 text, got {describe(encoded)}")
    try:
        packed = base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error):
        raise ModelFileError(f"{where}: expected base64 text") from None
    data = _zstd_decompress(packed, 4 * MAX_HOURS, where)
    expect(len(data) % 4 == 0, where, f"float32 values (a multiple of 4 bytes), got {len(data)} bytes")
    values = np.frombuffer(data, dtype="<f4").astype(np.float64)
    bad = np.flatnonzero(~np.isfinite(values))
    if len(bad):
        raise ModelFileError(f"{where}: expected finite numbers, got {values[bad[0]]} at hour {bad[0]}")
    return values


def _zstd_decompress(packed: bytes, limit: int, where: str) -> bytes:
    try:
        import zstandard
    except ImportError:  # Python 3.14's standard library has it
        try:
            from compression import zstd as stdlib_zstd
        except ImportError:
            raise ModuleNotFoundError(
                "reading efootprint's compressed hourly values needs the zstandard package: "
                "pip install 'footprintlab[efootprint]'") from None
        try:
            decompressor = stdlib_zstd.ZstdDecompressor()
            data = decompressor.decompress(packed, max_length=limit + 1)
        except Exception as exc:  # noqa: BLE001 - any decoder failure is a bad file
            raise ModelFileError(f"{where}: expected zstandard-compressed values ({exc})") from None
    else:
        try:
            data = zstandard.ZstdDecompressor().decompress(packed, max_output_size=limit + 1)
        except zstandard.ZstdError as exc:
            raise ModelFileError(f"{where}: expected zstandard-compressed values ({exc})") from None
    expect(len(data) <= limit, where, f"at most {MAX_HOURS:,} hourly values")
    return data


def _number_list(values, where: str) -> np.ndarray:
    expect(isinstance(values, list), where, f"a list of finite numbers, got {describe(values)}")
    expect(len(values) <= MAX_HOURS, where, f"at most {MAX_HOURS:,} hourly values")
    for index, item in enumerate(values):
        expect(is_number(item), f"{where}[{index}]", f"a finite number, got {describe(item)}")
    return np.array(values, dtype=np.float64)


def _from_form_inputs(raw, where: str) -> tuple[np.ndarray, np.datetime64]:
    """The hourly occurrences of efootprint's web form (start date, duration, initial volume, net growth
    rate): daily volumes growing geometrically at the daily equivalent of the growth rate, the first
    ``initial_volume_timespan`` summing to the initial volume, each day spread evenly over its 24 hours
    (months are 30 days, years 365)."""
    expect(isinstance(raw, dict), where, f"an object of form inputs, got {describe(raw)}")
    _no_duplicates(raw, where)

    def number(key):
        value = raw.get(key)
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                pass
        expect(is_number(value) and not isinstance(value, Unreadable), f"{where}.{key}",
               f"a finite number, got {describe(value)}")
        return float(value)

    def span(key):
        value = raw.get(key)
        expect(value in _DAYS, f"{where}.{key}", f"one of {list(_DAYS)}, got {describe(value)}")
        return _DAYS[value]

    start = read_start(raw.get("start_date"), f"{where}.start_date")
    duration = number("modeling_duration_value") * span("modeling_duration_unit")
    expect(0 < duration <= MAX_HOURS / 24, f"{where}.modeling_duration_value",
           f"a duration from 1 day to {MAX_HOURS // 24:,} days")
    initial = number("initial_volume")
    expect(initial >= 0, f"{where}.initial_volume", "a number ≥ 0")
    rate = number("net_growth_rate_in_percentage")
    expect(rate > -100, f"{where}.net_growth_rate_in_percentage", "a rate above -100 %")
    unit = raw.get("initial_volume_unit", "occurrence")
    expect(unit in ("occurrence", "occurrences"), f"{where}.initial_volume_unit", f"\"occurrence\", got {describe(unit)}")
    daily_rate = (1 + rate / 100) ** (1 / span("net_growth_rate_timespan"))
    first_days = span("initial_volume_timespan")
    first_span_total = first_days if daily_rate == 1 else (daily_rate ** first_days - 1) / (daily_rate - 1)
    days = np.arange(int(duration))
    with np.errstate(over="ignore"):
        daily = initial / first_span_total * daily_rate ** days
    expect(bool(np.all(np.isfinite(daily))), where, "form inputs whose volumes stay finite")
    return np.repeat(daily / 24, 24), start


def _utc_to_local(starts: ExplainableValue, zone: str) -> ExplainableValue:
    """A UTC series moved to the local hours that map back to it (the offset at its start)."""
    series = cast(Hourly, starts.value)  # an hourly input's value
    moment = series.start.astype("datetime64[s]").astype(_dt.datetime)
    offset = ZoneInfo(zone).utcoffset(moment)
    hours = int(round(offset.total_seconds() / 3600)) if offset is not None else 0
    local = Hourly(series.values, series.start + np.timedelta64(hours, "h"), series.unit)
    return ExplainableValue(local, "", starts.source, starts.comment)

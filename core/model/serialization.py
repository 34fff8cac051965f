"""Save and load models as JSON: inputs with their sources; results are recomputed on load.

No pickle, no eval: classes come from a fixed list, units from the unit registry, and every
malformed entry is reported with its JSON path (``$.objects[3].inputs.power.unit``).
"""
from __future__ import annotations

import base64
import binascii
import json
import math
import os
import tempfile
from pathlib import Path

import numpy as np
from footprintlab.engine import ExplainableValue, Hourly, Quantity, Source, UnitError, u
from footprintlab.engine.declarations import Choice, Input, Reference

FORMAT = "footprintlab-model"
VERSION = 1
LIST_LIMIT = 168  # hourly series longer than a week are stored as base64 float64
CLASSES = ("Country", "Device", "Network", "Storage", "Server", "GPUServer", "Job", "UsageJourneyStep",
           "UsageJourney", "UsagePattern", "System")


class ModelFileError(ValueError):
    """A model file that cannot be read; the message names the JSON path."""


def to_data(system) -> dict:
    objects = [*system.all_objects(), system]
    ids = {id(obj): f"o{i}" for i, obj in enumerate(objects)}
    entries = []
    for obj in objects:
        inputs = {}
        for name, trait in type(obj).input_traits().items():
            value = obj._trait_values.get(name)
            if isinstance(trait, Reference):
                targets = trait.targets(value)
                inputs[name] = [ids[id(t)] for t in targets] if trait.is_list else (
                    ids[id(targets[0])] if targets else None)
            elif isinstance(value, ExplainableValue):
                inputs[name] = _value_data(value)
            else:
                inputs[name] = value
        entries.append({"id": ids[id(obj)], "class": type(obj).__name__, "name": obj.name, "inputs": inputs})
    return {"format": FORMAT, "version": VERSION, "root": ids[id(system)], "objects": entries}


def _value_data(value: ExplainableValue) -> dict:
    inner = value.value
    if isinstance(inner, Hourly) and len(inner) > LIST_LIMIT:
        # long series: float64 little-endian bytes in base64 (exact, ~4x smaller and faster than a list)
        data = {"start": inner.to_json()["start"], "unit": inner.unit.name,
                "values_base64": base64.b64encode(inner.values.astype("<f8").tobytes()).decode("ascii")}
    else:
        data = inner.to_json()
    data["source"] = value.source.to_json() if value.source else None
    if value.comment:
        data["comment"] = value.comment
    return data


def save(system, path=None, *, overwrite: bool = False):
    """Write the model as JSON to ``path`` (refusing to replace a file unless ``overwrite``);
    without a path, return the JSON text."""
    text = json.dumps(to_data(system), separators=(",", ":"))
    if path is None:
        return text
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists; pass overwrite=True to replace it")
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.replace(tmp, path)
    return path


def load(path_or_text):
    """Rebuild a system from ``save``'s JSON (a path or the text itself)."""
    import footprintlab.model as model

    if isinstance(path_or_text, (str, os.PathLike)) and not str(path_or_text).lstrip().startswith("{"):
        text = Path(path_or_text).read_text()
    else:
        text = str(path_or_text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelFileError(f"$: not valid JSON ({exc})") from None
    _expect(isinstance(data, dict), "$", "an object")
    _expect(data.get("format") == FORMAT, "$.format", f"{FORMAT!r}")
    _expect(data.get("version") == VERSION, "$.version", f"{VERSION}")
    entries = data.get("objects")
    _expect(isinstance(entries, list), "$.objects", "a list")
    by_id = {}
    for index, entry in enumerate(entries):
        where = f"$.objects[{index}]"
        _expect(isinstance(entry, dict), where, "an object")
        _expect(entry.get("class") in CLASSES, f"{where}.class", f"one of {list(CLASSES)}")
        _expect(isinstance(entry.get("id"), str), f"{where}.id", "a string")
        _expect(isinstance(entry.get("name"), str), f"{where}.name", "a string")
        _expect(isinstance(entry.get("inputs"), dict), f"{where}.inputs", "an object")
        by_id[entry["id"]] = (index, entry)
    built: dict = {}

    def build(object_id, trail=()):
        if object_id in built:
            return built[object_id]
        _expect(object_id in by_id, f"$ (reference {object_id!r})", "the id of an object in $.objects")
        _expect(object_id not in trail, f"$ (reference {object_id!r})", "no reference cycle")
        index, entry = by_id[object_id]
        cls = getattr(model, entry["class"])
        kwargs = {}
        for name, raw in entry["inputs"].items():
            where = f"$.objects[{index}].inputs.{name}"
            trait = cls.input_traits().get(name)
            _expect(trait is not None, where, f"an input of {entry['class']}")
            if isinstance(trait, Reference):
                if trait.is_list:
                    _expect(isinstance(raw, list), where, "a list of ids")
                    kwargs[name] = [build(i, (*trail, object_id)) for i in raw]
                else:
                    kwargs[name] = None if raw is None else build(raw, (*trail, object_id))
            elif isinstance(trait, Input):
                kwargs[name] = None if raw is None else _read_value(raw, where)
            elif isinstance(trait, Choice):
                _expect(isinstance(raw, str), where, "text")
                kwargs[name] = raw
        try:
            built[object_id] = cls(entry["name"], **kwargs)
        except (TypeError, ValueError) as exc:
            raise ModelFileError(f"$.objects[{index}]: {exc}") from None
        return built[object_id]

    root = data.get("root")
    _expect(root in by_id, "$.root", "the id of an object in $.objects")
    for object_id in by_id:
        build(object_id)
    return built[root]


def _read_value(raw, where: str) -> ExplainableValue:
    _expect(isinstance(raw, dict), where, "an object with value/values and unit")
    _expect(isinstance(raw.get("unit"), str), f"{where}.unit", "a unit name")
    try:
        unit = u.get(raw["unit"])
    except UnitError as exc:
        raise ModelFileError(f"{where}.unit: {exc}") from None
    if "values" in raw or "values_base64" in raw:
        if "values_base64" in raw:
            encoded = raw["values_base64"]
            _expect(isinstance(encoded, str), f"{where}.values_base64", "base64 text")
            try:
                decoded = base64.b64decode(encoded, validate=True)
            except (ValueError, binascii.Error):
                raise ModelFileError(f"{where}.values_base64: expected base64 text") from None
            _expect(len(decoded) % 8 == 0, f"{where}.values_base64", "float64 values (a multiple of 8 bytes)")
            values = np.frombuffer(decoded, dtype="<f8").astype(np.float64)
        else:
            values = raw["values"]
            _expect(isinstance(values, list), f"{where}.values", "a list of finite numbers")
            values = np.array(values) if values else np.zeros(0)
            _expect(values.ndim == 1 and values.dtype.kind in "if", f"{where}.values", "a list of finite numbers")
        _expect(bool(np.isfinite(values).all()), f"{where}.values", "finite numbers")
        _expect(isinstance(raw.get("start"), str), f"{where}.start", "an ISO date-hour")
        try:
            inner = Hourly(values, raw["start"].replace(" ", "T").removesuffix(":00"), unit)
        except (ValueError, TypeError) as exc:
            raise ModelFileError(f"{where}.start: {exc}") from None
    else:
        _expect(_is_number(raw.get("value")), f"{where}.value", "a finite number")
        inner = Quantity(raw["value"], unit)
    source = raw.get("source")
    if source is not None:
        _expect(isinstance(source, dict) and isinstance(source.get("name"), str), f"{where}.source",
                "an object with a name")
        source = Source.from_json(source)
    comment = raw.get("comment", "")
    _expect(isinstance(comment, str), f"{where}.comment", "text")
    return ExplainableValue(inner, "", source, comment)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _expect(condition: bool, where: str, expected: str) -> None:
    if not condition:
        raise ModelFileError(f"{where}: expected {expected}")

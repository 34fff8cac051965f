"""Save and load models as JSON: inputs with their sources; results are recomputed on load.

No pickle, no eval: classes come from a fixed list, units from the unit registry, and every
malformed, invalid or hostile file is refused with a ``ModelFileError`` (a ``ValueError``) naming
the JSON path and what was expected (``$.objects[3].inputs.power.unit: expected a unit name ...``);
the file is read and checked by ``footprintlab.model.json_checks``.
"""
from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any, cast

from footprintlab._files import write_text
from footprintlab._progress import progress
from footprintlab.engine import ExplainableValue, Hourly, ModelError, Quantity
from footprintlab.engine.declarations import Reference
from footprintlab.engine.distributions import Distribution
from footprintlab.model.json_checks import Entry, ModelFileError, check_document, parse, read_text
from traitlets import TraitError

__all__ = ["FORMAT", "VERSION", "ModelFileError", "load", "save", "to_data"]

FORMAT = "footprintlab-model"
VERSION = 1
LIST_LIMIT = 168  # hourly series longer than a week are stored as base64 float64
CLASSES = ("Country", "Device", "Network", "Storage", "Server", "GPUServer", "Job", "UsageJourneyStep",
           "UsageJourney", "UsagePattern", "System", "Service", "ServiceJob", "VideoStreaming",
           "VideoStreamingJob", "GenAIExternalAPI", "GenAIJob")


def to_data(system) -> dict:
    objects = [*system.all_objects(), system]
    ids = {id(obj): f"o{i}" for i, obj in enumerate(objects)}
    entries = []
    for obj in objects:
        inputs: dict[str, Any] = {}
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
    inner = cast("Quantity | Hourly", value.value)  # a quantity input's value
    if isinstance(inner, Hourly) and len(inner) > LIST_LIMIT:
        # long series: float64 little-endian bytes in base64 (exact, ~4x smaller and faster than a list)
        data = {"start": inner.to_json()["start"], "unit": inner.unit.name,
                "values_base64": base64.b64encode(inner.values.astype("<f8").tobytes()).decode("ascii")}
    else:
        data = inner.to_json()
    data["source"] = value.source.to_json() if value.source else None
    if value.distribution is not None:
        data["distribution"] = cast(Distribution, value.distribution).to_json()
    if value.comment:
        data["comment"] = value.comment
    return data


def save(system, path=None, *, overwrite: bool = False):
    """Write the model as JSON to ``path`` (refusing to replace a file unless ``overwrite``);
    without a path, return the JSON text.

    The file is written atomically (``footprintlab._files.atomic_write``): a new file gets the
    permissions of the user's umask, a failed save leaves no temporary file, and an existing file is
    only replaced with ``overwrite=True`` (otherwise ``FileExistsError``).
    """
    text = json.dumps(to_data(system), separators=(",", ":"), allow_nan=False)
    if path is None:
        return text
    write_text(path, text, overwrite=overwrite)
    return Path(path)


def load(source, *, partial: bool = False):
    """Rebuild a system from ``save``'s JSON and compute its totals.

    ``source`` is a path (``str`` or ``PathLike``), a file object (text or binary) or the JSON
    text itself (a string starting with ``{``); a string that is neither raises
    ``FileNotFoundError``. A file that is not a valid model raises ``ModelFileError``.
    A file written by efootprint 27 is read by ``footprintlab.model.efootprint_json`` (``partial``:
    drop what footprintlab does not model, with a warning, instead of refusing the file).
    """
    data = parse(read_text(source))
    from footprintlab.model import efootprint_json

    if efootprint_json.is_efootprint(data):
        return efootprint_json.build(data, partial=partial)
    entries, root = check_document(_upgraded(data), FORMAT, VERSION, _classes())
    built: dict = {}
    entry_of: dict = {}  # id(model object) -> its entry, to name the object an error is about
    for entry in progress(build_order(entries, root), total=len(entries), desc="opening model",
                          unit=" object"):
        built[entry.id] = _construct(entry, built, entry_of)
        entry_of[id(built[entry.id])] = entry
    system = built[root.id]
    try:
        _ = system.total_footprint  # results are recomputed on load: refused now, not at first read
    except ModelError as exc:
        raise _refusal(exc, root, entry_of) from None
    return system


def _upgraded(data):
    """Files written before weighted journeys name a pattern's one journey ``usage_journey``: read
    it as ``usage_journeys`` (a list of one). Anything else is left to the checks."""
    objects = data.get("objects") if isinstance(data, dict) else None
    for raw in objects if isinstance(objects, list) else ():
        inputs = raw.get("inputs") if isinstance(raw, dict) and raw.get("class") == "UsagePattern" else None
        if isinstance(inputs, dict) and "usage_journey" in inputs and "usage_journeys" not in inputs:
            old = inputs.pop("usage_journey")
            inputs["usage_journeys"] = [old] if isinstance(old, str) else old
    return data


def _classes() -> dict:
    import footprintlab.model as model

    return {name: getattr(model, name) for name in CLASSES}


def build_order(entries: list[Entry], root: Entry) -> list[Entry]:
    """The entries used by ``root``, each after those it refers to (an explicit stack: no recursion
    however long a chain of references); refuses dangling ids, wrong classes, cycles and unused
    objects."""
    by_id = {entry.id: entry for entry in entries}
    state, order = {root.id: "open"}, []
    stack = [(root, iter(_references(root)))]
    while stack:
        entry, pending = stack[-1]
        for where, target_id, trait in pending:
            target = _target(by_id, where, target_id, trait)
            if state.get(target.id) == "open":
                chain = [item.where for item, _ in stack[[e.id for e, _ in stack].index(target.id):]]
                if len(chain) > 6:
                    chain = [*chain[:3], f"... ({len(chain) - 5} more)", *chain[-2:]]
                raise ModelFileError(f"{where}: expected no reference cycle, but {' -> '.join(chain)} "
                                     f"-> {target.where} refer to each other")
            if target.id not in state:
                state[target.id] = "open"
                stack.append((target, iter(_references(target))))
                break
        else:
            stack.pop()
            state[entry.id] = "done"
            order.append(entry)
    unused = next((entry for entry in entries if entry.id not in state), None)
    if unused is not None:
        raise ModelFileError(f"{unused.where}: expected an object the model uses, but no reference from "
                             f"$.root leads to {unused!r}; remove it or refer to it")
    return order


def _references(entry: Entry):
    traits = entry.cls.input_traits()
    for name, ids in entry.refs.items():
        where = f"{entry.where}.inputs.{name}"
        if isinstance(ids, list):
            yield from ((f"{where}[{index}]", item, traits[name]) for index, item in enumerate(ids))
        elif ids is not None:
            yield where, ids, traits[name]


def _target(by_id: dict, where: str, target_id: str, trait: Reference) -> Entry:
    target = by_id.get(target_id)
    wanted = trait.target.rsplit(".", 1)[-1]
    if target is None:
        raise ModelFileError(f"{where}: expected the id of a {wanted} in $.objects, got {target_id!r}, "
                             "which no object has")
    if wanted not in {klass.__name__ for klass in target.cls.__mro__}:
        raise ModelFileError(f"{where}: expected the id of a {wanted}, got {target_id!r}, {target!r}")
    return target


def _construct(entry: Entry, built: dict, entry_of: dict):
    inputs = dict(entry.values)
    for name, ids in entry.refs.items():
        inputs[name] = [built[i] for i in ids] if isinstance(ids, list) else (None if ids is None else built[ids])
    try:
        return entry.cls(entry.name, **inputs)
    except (TraitError, ValueError, TypeError) as exc:
        raise _refusal(exc, entry, entry_of) from None


def _refusal(exc: Exception, entry: Entry, entry_of: dict) -> ModelFileError:
    """The model's refusal as a ModelFileError at the JSON path of the input (or object) it names."""
    entry = entry_of.get(id(getattr(exc, "obj", None)), entry)
    if isinstance(exc, ModelError):
        return ModelFileError(f"{_error_path(entry, exc)}: expected inputs the model can compute, but {exc}")
    return ModelFileError(f"{_error_path(entry, exc)}: refused by the model: {exc}")


def _error_path(entry: Entry, exc: Exception) -> str:
    """The JSON path of the input an error about ``entry`` names (else the object's path)."""
    message = str(exc)
    owner = f"{entry.cls.__name__} {entry.name!r}: "
    if message.startswith(owner):
        named = message[len(owner):].split(":", 1)[0].strip()
        if named.split("[", 1)[0] in entry.cls.input_traits():
            return f"{entry.where}.inputs.{named}"
    return entry.where

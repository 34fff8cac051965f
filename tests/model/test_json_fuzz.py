"""Property-based tests of ``fl.load`` (issue 10): a mutated saved model either loads into a
consistent model or is refused with ``ModelFileError``, never another exception.

Mutations: structural edits of the JSON data (delete, duplicate, replace with generated JSON, rename
keys, swap ids, null inputs and references), byte edits, truncation. The models are small (the
hand-computable test model, and a 200-hour quickstart whose series are stored in base64) so that a
few hundred examples each stay well under the CI budget. ``FOOTPRINTLAB_HYPOTHESIS=long`` runs more.
"""
import copy
import io
import json
import math

import footprintlab as fl
from footprintlab import u
from footprintlab.engine import ModelError
from footprintlab.model.serialization import ModelFileError
from hypothesis import event, given
from hypothesis import strategies as st
from small_model import build

BASES = {"small model": build()[0].to_json(), "quickstart, 200 h": fl.quickstart(200).to_json()}
DATA = {name: json.loads(text) for name, text in BASES.items()}
NASTY_TEXT = ["MB", "MB/", "5 MB/", "kg", "", "g/kWh", "occurrence", "2025-01-01 00:00", "2030-02-30 00:00",
              "Server", "System", "Job", "o0", "o1", "nan", "AAAA", "[", "\ud800"]


def paths(node, prefix=()):
    """Every position in the JSON data: a tuple of keys and indexes from the root."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


def at(data, path):
    for key in path:
        data = data[key]
    return data


BIG_INT = "@@an integer of 5,000 digits@@"  # spelled in the text by dumps(): json cannot write it


def dumps(document) -> str:
    return json.dumps(document).replace(json.dumps(BIG_INT), "1" + "0" * 5000)


leaves = (st.none() | st.booleans() | st.integers() | st.floats() | st.sampled_from(NASTY_TEXT)
          | st.text(max_size=6) | st.sampled_from([BIG_INT, 10**300, 1e308, 5e-324, -0.0]))
json_values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=6) | st.sampled_from(NASTY_TEXT), inner, max_size=3),
                           max_leaves=8)


def delete(data, path, draw):
    del at(data, path[:-1])[path[-1]]


def duplicate(data, path, draw):
    parent, value = at(data, path[:-1]), copy.deepcopy(at(data, path))
    if isinstance(parent, list):
        parent.insert(draw(st.integers(0, len(parent))), value)
    else:
        parent[draw(st.sampled_from(sorted(parent)) | st.text(max_size=6))] = value


def replace(data, path, draw):
    at(data, path[:-1])[path[-1]] = draw(json_values)


def rename(data, path, draw):
    parent = at(data, path[:-1])
    if isinstance(parent, dict):
        parent[draw(st.text(max_size=8) | st.sampled_from(NASTY_TEXT))] = parent.pop(path[-1])


def swap_ids(data, path, draw):
    objects = data["objects"]
    first, second = draw(st.integers(0, len(objects) - 1)), draw(st.integers(0, len(objects) - 1))
    objects[first]["id"], objects[second]["id"] = objects[second]["id"], objects[first]["id"]


def null_input(data, path, draw):
    inputs = data["objects"][draw(st.integers(0, len(data["objects"]) - 1))]["inputs"]
    inputs[draw(st.sampled_from(sorted(inputs)))] = None


def renumber(data, path, draw):
    """Put an extreme number where the file has a number (a value, or an element of a series)."""
    numbers = [where for where in paths(data) if type(at(data, where)) in (int, float)]
    if numbers:
        where = draw(st.sampled_from(numbers))
        at(data, where[:-1])[where[-1]] = draw(st.floats() | st.sampled_from(EXTREMES) | st.integers())


EXTREMES = [BIG_INT, 10**300, -(10**300), 1e308, -1e308, 1e-308, 5e-324, 1e200, 1e-200, -0.0, 0, -1]
EDITS = [delete, duplicate, replace, rename, swap_ids, null_input, renumber]


def loads_consistently_or_is_refused(source) -> bool:
    """True if loaded; the loaded model's totals are finite or refused with a ModelError (the
    model's documented error), and it saves to a file that loads to the same model."""
    try:
        system = fl.load(source)
    except ModelFileError:
        event("refused with ModelFileError")
        return False
    event("loaded")
    try:
        total = system.total_footprint.m_as(u.kg)
        system.hourly_total_footprint
    except ModelError:
        event("loaded, totals refused with ModelError")
        return True
    assert math.isfinite(total), f"a loaded model's total is {total} kg"
    text = system.to_json()
    assert fl.load(text).to_json() == text
    return True


@given(st.sampled_from(sorted(BASES)), st.data())
def test_structurally_edited_model_loads_or_is_refused_with_model_file_error(base, data):
    document = copy.deepcopy(DATA[base])
    for _ in range(data.draw(st.integers(1, 3))):
        edit = data.draw(st.sampled_from(EDITS))
        path = data.draw(st.sampled_from(paths(document)))
        if not path and edit in (delete, duplicate, replace, rename):
            continue
        try:
            edit(document, path, data.draw)
        except (KeyError, IndexError, TypeError):  # the document no longer has what the edit needs
            event("edit not applicable")
    event(f"edit {edit.__name__}")
    loads_consistently_or_is_refused(dumps(document))


@given(st.sampled_from(sorted(BASES)), st.data())
def test_byte_edited_model_loads_or_is_refused_with_model_file_error(base, data):
    encoded = bytearray(BASES[base].encode())
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(encoded) - 1))
        kind = data.draw(st.sampled_from(["replace", "insert", "delete"]))
        if kind == "replace":
            encoded[position] = data.draw(st.integers(0, 255))
        elif kind == "insert":
            encoded[position:position] = data.draw(st.binary(min_size=1, max_size=4))
        else:
            del encoded[position:position + data.draw(st.integers(1, 8))]
    loads_consistently_or_is_refused(io.BytesIO(bytes(encoded)))


@given(st.sampled_from(sorted(BASES)), st.data())
def test_truncated_model_is_refused_with_model_file_error(base, data):
    encoded = BASES[base].encode()
    cut = data.draw(st.integers(0, len(encoded) - 1))
    assert not loads_consistently_or_is_refused(io.BytesIO(encoded[:cut]))

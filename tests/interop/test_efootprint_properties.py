"""Property-based: any damaged efootprint file gives a System or a ModelFileError naming a JSON path,
never another exception (and never a crash deep in the model)."""
import copy
import json
from pathlib import Path

import footprintlab as fl
from footprintlab.model.efootprint_json import PartialModelWarning
from footprintlab.model.json_checks import ModelFileError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DATA = Path(__file__).parent / "data"
# a small file: the computed quickstart over 60 days (with its computed state and graph)
BASE = json.loads((DATA / "quickstart_computed.efp.json").read_text())
MULTI = json.loads((DATA / "multi.efp.json").read_text())

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8)


def _paths(node, prefix=()):
    """Every (container path, key) in the document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield prefix, key
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield prefix, index
            yield from _paths(value, (*prefix, index))


def _container(document, path):
    for key in path:
        document = document[key]
    return document


def _open(document, partial):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartialModelWarning)
        try:
            fl.load(json.dumps(document), partial=partial)
        except ModelFileError as exc:
            assert str(exc).startswith("$"), str(exc)


def _mutations(base):
    paths = [p for p in _paths(base) if "calculation_graph" not in p[0]]
    return st.lists(st.tuples(st.sampled_from(paths), st.sampled_from(["replace", "delete"]), json_values),
                    min_size=1, max_size=3)


def _apply(base, mutations):
    document = copy.deepcopy(base)
    for (path, key), action, value in mutations:
        try:
            container = _container(document, path)
            if action == "delete":
                del container[key]
            else:
                container[key] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced the container
    return document


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations(BASE), st.booleans())
def test_damaged_quickstart_file(mutations, partial):
    _open(_apply(BASE, mutations), partial)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations(MULTI), st.booleans())
def test_damaged_multi_file(mutations, partial):
    _open(_apply(MULTI, mutations), partial)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["efootprint_version", "System", "Job", "Sources", "Server", "x"]),
                       json_values, max_size=4))
def test_any_small_document(document):
    document.setdefault("efootprint_version", "27.0.0")
    _open(document, False)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=64))
def test_any_compressed_values(blob):
    import base64

    document = copy.deepcopy(BASE)
    pattern = next(iter(document["UsagePattern"].values()))
    pattern["hourly_occurrences"]["compressed_values"] = base64.b64encode(blob).decode()
    _open(document, False)

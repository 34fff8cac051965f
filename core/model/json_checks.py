"""Reading a model file: from bytes to a checked document, every refusal naming its JSON path.

Nothing here builds model objects (``serialization.load`` does): this module turns a path, a file
object or JSON text into plain data, refusing what is not a well-formed model file:

- bytes that are not UTF-8 (with the byte offset), nesting deeper than ``MAX_DEPTH`` (checked
  before parsing, so a hostile file cannot exhaust the parser's recursion);
- numbers a float64 cannot hold (``1e400``, an integer of 5,000 digits) and the ``NaN`` and
  ``Infinity`` literals: they are kept as :class:`Unreadable` markers and refused with the path
  where they appear;
- a key given twice in one JSON object, unknown keys, wrong types;
- quantities whose unit or value cannot be read.
"""
from __future__ import annotations

import base64
import binascii
import datetime as _dt
import json
import os
import re
from typing import TYPE_CHECKING, TypeVar, cast

import numpy as np
from footprintlab.engine import (
    ExplainableValue,
    Hourly,
    Quantity,
    Source,
    UnitError,
    distributions,
    u,
)

if TYPE_CHECKING:
    from footprintlab.engine import ModelObject

T = TypeVar("T")

MAX_DEPTH = 32  # a saved model nests 6 levels deep
_BOM = b"\xef\xbb\xbf"
_KEEP = b'[]{}"'
_DROP = bytes(byte for byte in range(256) if byte not in _KEEP)
_HOUR = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):00(?::00)?(?:Z|\+00:00)?")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MAX_DIGITS = 309  # an integer with more digits than this overflows a float64
SOURCE_KEYS = ("name", "link", "hypothesis")
SCALAR_KEYS = ("value", "unit", "source", "comment", "distribution")
SERIES_KEYS = ("start", "values", "values_base64", "unit", "source", "comment")


class ModelFileError(ValueError):
    """A model file that cannot be read; the message names the JSON path and what was expected."""


class Unreadable:
    """A number the file spells but a float64 cannot hold (or NaN/Infinity); refused where used."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __repr__(self):
        shown = self.text if len(self.text) <= 24 else f"{self.text[:12]}…({len(self.text)} characters)"
        return f"the number {shown}, which is not a finite float64"


class _Duplicated(dict):
    """A JSON object in which a key appears more than once (refused where the object is read)."""

    duplicate: str = ""


def expect(condition: bool, where: str, expected: str) -> None:
    if not condition:
        raise ModelFileError(f"{where}: expected {expected}")


def expect_found(value: T | None, where: str, expected: str) -> T:
    """``value``, refused like :func:`expect` when it is None."""
    if value is None:
        raise ModelFileError(f"{where}: expected {expected}")
    return value


def key_path(where: str, key: str) -> str:
    """``where.key``, or ``where["odd key"]`` for a key that is not an identifier."""
    return f"{where}.{key}" if _IDENTIFIER.fullmatch(key) else f"{where}[{json.dumps(key)}]"


def describe(value) -> str:
    """A short description of a JSON value for error messages."""
    if isinstance(value, Unreadable):
        return repr(value)
    kind = {dict: "an object", list: "a list", str: "text", bool: "a boolean", type(None): "null"}
    for cls, name in kind.items():
        if isinstance(value, cls):
            shown = json.dumps(value) if isinstance(value, (str, bool)) or value is None else ""
            return f"{name} {shown[:40]}".rstrip() if shown else name
    return f"the number {value!r}"


def json_object(value, where: str, allowed: tuple[str, ...], what: str = "an object") -> dict:
    """``value`` as a dict with only ``allowed`` keys, each once."""
    expect(isinstance(value, dict), where, f"{what}, got {describe(value)}")
    if isinstance(value, _Duplicated):
        raise ModelFileError(f"{key_path(where, value.duplicate)}: expected each key once in an "
                             "object, found this one twice")
    for key in value:
        expect(key in allowed, key_path(where, key), f"only the keys {list(allowed)} here")
    return value


# --- from a path, a file object or text to JSON data -----------------------------------------------
def read_text(source) -> str:
    """The JSON text of ``source``: a path, a file object (text or binary), or JSON text."""
    if isinstance(source, str) and source.lstrip().startswith("{"):
        return source
    if isinstance(source, (str, os.PathLike)):
        return decode(_read_path(source))
    if callable(getattr(source, "read", None)):
        try:
            content = source.read()
        except UnicodeDecodeError as exc:
            raise ModelFileError(f"$: expected UTF-8 text, but the file has {exc.reason} "
                                 f"(byte {exc.start} of the part being decoded)") from None
        if isinstance(content, (bytes, bytearray)):
            return decode(bytes(content))
        expect(isinstance(content, str), "$", f"text or bytes from read(), got {type(content).__name__}")
        return content
    raise TypeError(f"fl.load takes a path, a file object or a model's JSON text, "
                    f"got {type(source).__name__}")


def _read_path(path) -> bytes:
    shown = os.fspath(path)
    if isinstance(shown, str) and ("\0" in shown or not os.path.exists(shown)):
        raise FileNotFoundError(
            f"no file {shown[:80]!r}: fl.load takes the path of an existing file, a file object, "
            "or a model's JSON text (which starts with '{')")
    with open(path, "rb") as handle:
        return handle.read()


def decode(data: bytes) -> str:
    offset = len(_BOM) if data.startswith(_BOM) else 0
    try:
        return data[offset:].decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[offset + exc.start:offset + exc.start + 1].hex()
        raise ModelFileError(f"$: expected UTF-8 text, found byte 0x{bad} at byte offset "
                             f"{offset + exc.start} ({exc.reason})") from None


def parse(text: str):
    """JSON data from ``text``; refuses deep nesting before parsing, and out-of-range numbers."""
    _check_depth(text)
    try:
        return json.loads(text, parse_float=_float, parse_int=_int, parse_constant=Unreadable,
                          object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        raise ModelFileError(f"$: expected JSON, but {exc.msg} at line {exc.lineno} column {exc.colno} "
                             f"(character {exc.pos})") from None
    except RecursionError:  # cannot happen after the depth check; kept as a last guard
        raise ModelFileError(f"$: expected at most {MAX_DEPTH} nested lists or objects") from None


def _check_depth(text: str) -> None:
    """Refuse more than ``MAX_DEPTH`` nested brackets outside strings (a JSON parser recurses).

    Fast on large files: escaped backslashes and quotes are dropped, then every byte but brackets
    and quotes; what is left between quotes was inside a string.
    """
    if "\\" in text:
        text = text.replace("\\\\", "").replace('\\"', "")
    codes = np.frombuffer(text.encode("utf-8", "surrogatepass").translate(None, _DROP), dtype=np.uint8)
    if not len(codes):
        return
    quotes = codes == 34
    outside = (np.cumsum(quotes) % 2 == 0) & ~quotes
    steps = np.where(outside & np.isin(codes, (91, 123)), 1, 0) - np.where(outside & np.isin(codes, (93, 125)), 1, 0)
    if int(np.cumsum(steps).max()) > MAX_DEPTH:
        raise ModelFileError(f"$: expected at most {MAX_DEPTH} nested lists or objects, found more")


def _float(text: str):
    value = float(text)
    return value if np.isfinite(value) else Unreadable(text)


def _int(text: str):
    if len(text.lstrip("-")) > _MAX_DIGITS:
        return Unreadable(text)
    value = int(text)
    try:
        float(value)
    except OverflowError:
        return Unreadable(text)
    return value


def _object(pairs: list) -> dict:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    duplicated = _Duplicated(pairs)
    seen = set()
    for key, _ in pairs:  # the first key seen before
        if key in seen:
            duplicated.duplicate = key
            break
        seen.add(key)
    return duplicated


# --- quantities --------------------------------------------------------------------------------------
def is_number(value) -> bool:
    """A finite JSON number (the parser turned every other number into ``Unreadable``)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def read_value(raw, where: str) -> ExplainableValue:
    """A quantity input: ``{"value", "unit"}`` or an hourly series, with its source and comment."""
    expect(isinstance(raw, dict), where, f"an object with value (or values) and unit, got {describe(raw)}")
    series = "values" in raw or "values_base64" in raw or "start" in raw
    raw = json_object(raw, where, SERIES_KEYS if series else SCALAR_KEYS)
    unit = read_unit(raw.get("unit"), f"{where}.unit")
    inner: Hourly | Quantity
    if series:
        inner = Hourly(_series_values(raw, where), read_start(raw.get("start"), f"{where}.start"), unit)
    else:
        value = raw.get("value")
        expect(is_number(value), f"{where}.value", f"a finite number, got {describe(value)}")
        inner = Quantity(float(value), unit)
    source = _read_source(raw.get("source"), f"{where}.source")
    comment = raw.get("comment", "")
    expect(isinstance(comment, str), f"{where}.comment", f"text, got {describe(comment)}")
    distribution = None
    if raw.get("distribution") is not None:
        distribution = read_distribution(raw["distribution"], unit, f"{where}.distribution")
    return ExplainableValue(inner, "", source, comment, distribution=distribution)


def read_distribution(raw, unit, where: str):
    """An uncertain input's distribution: ``{"kind", "unit", <parameters>}`` (see
    ``engine.distributions``); its unit must be compatible with the value's."""
    kinds = distributions.KINDS
    expect(isinstance(raw, dict) and raw.get("kind") in kinds, f"{where}.kind",
           f"one of {sorted(kinds)}, got {describe(raw.get('kind') if isinstance(raw, dict) else raw)}")
    cls = kinds[raw["kind"]]
    raw = json_object(raw, where, ("kind", "unit", *cls._fields))
    own = read_unit(raw.get("unit"), f"{where}.unit")
    expect(own.compatible(unit), f"{where}.unit", f"a unit compatible with {unit.name}, got {own.name}")
    for name in cls._fields:
        expect(is_number(raw.get(name)), f"{where}.{name}", f"a finite number, got {describe(raw.get(name))}")
    try:
        return distributions.from_json(raw, own)
    except (ValueError, TypeError) as exc:
        raise ModelFileError(f"{where}: expected a valid {raw['kind']} distribution: {exc}") from None


def read_unit(raw, where: str):
    expect(isinstance(raw, str), where, f"a unit name such as \"MB\" or \"g/kWh\", got {describe(raw)}")
    try:
        return u.get(raw)
    except (UnitError, ValueError, KeyError, TypeError) as exc:
        raise ModelFileError(f"{where}: expected a unit name such as \"MB\" or \"g/kWh\" ({exc})") from None


def read_start(raw, where: str) -> np.datetime64:
    expected = 'a UTC hour such as "2025-01-01 00:00"'
    expect(isinstance(raw, str), where, f"{expected}, got {describe(raw)}")
    match = expect_found(_HOUR.fullmatch(raw), where, f"{expected}, got {describe(raw)}")
    year, month, day, hour_of_day = (int(part) for part in match.groups())
    try:
        hour = _dt.datetime(year, month, day, hour_of_day)
    except ValueError as exc:
        raise ModelFileError(f"{where}: expected {expected} ({exc}), got {describe(raw)}") from None
    return np.datetime64(hour, "h")


def _series_values(raw: dict, where: str) -> np.ndarray:
    both = "values" in raw and "values_base64" in raw
    expect(not both, where, "either values or values_base64, not both")
    if "values_base64" in raw:
        values = _decode_base64(raw["values_base64"], f"{where}.values_base64")
        bad = np.flatnonzero(~np.isfinite(values))
        if len(bad):
            raise ModelFileError(f"{where}.values_base64: expected finite numbers, got {values[bad[0]]} "
                                 f"at index {bad[0]}")
        return values
    listed = raw.get("values")
    expect(isinstance(listed, list), f"{where}.values", f"a list of finite numbers, got {describe(listed)}")
    for index, item in enumerate(cast(list, listed)):  # a list: checked above
        expect(is_number(item), f"{where}.values[{index}]", f"a finite number, got {describe(item)}")
    return np.array(listed, dtype=np.float64)


def _decode_base64(encoded, where: str) -> np.ndarray:
    expect(isinstance(encoded, str), where, f"base64 text, got {describe(encoded)}")
    try:
        decoded = base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error):
        raise ModelFileError(f"{where}: expected base64 text") from None
    expect(len(decoded) % 8 == 0, where, f"float64 values (a multiple of 8 bytes), got {len(decoded)} bytes")
    return np.frombuffer(decoded, dtype="<f8").astype(np.float64)


def _read_source(raw, where: str) -> Source | None:
    if raw is None:
        return None
    raw = json_object(raw, where, SOURCE_KEYS, "an object with a name, a link and hypothesis")
    name, link, hypothesis = raw.get("name"), raw.get("link"), raw.get("hypothesis", False)
    expect(isinstance(name, str), f"{where}.name", f"text, got {describe(name)}")
    expect(link is None or isinstance(link, str), f"{where}.link", f"text or null, got {describe(link)}")
    expect(isinstance(hypothesis, bool), f"{where}.hypothesis", f"true or false, got {describe(hypothesis)}")
    return Source(name, link, hypothesis)


# --- the document and its objects ------------------------------------------------------------------
class Entry:
    """One checked object of ``$.objects``: its class, name, read values and reference ids."""

    __slots__ = ("index", "id", "cls", "name", "values", "refs")

    def __init__(self, index: int, object_id: str, cls: type[ModelObject], name: str):
        self.index, self.id, self.cls, self.name = index, object_id, cls, name
        self.values: dict = {}  # input name -> ExplainableValue, text or None
        self.refs: dict = {}  # input name -> id, list of ids, or None

    @property
    def where(self) -> str:
        return f"$.objects[{self.index}]"

    def __repr__(self):
        return f"{self.where} ({self.cls.__name__} {self.name!r})"


def check_document(data, format_name: str, version: int, classes: dict) -> tuple[list[Entry], Entry]:
    """The checked entries of a model file and its root (a System); ids unique."""
    data = json_object(data, "$", ("format", "version", "root", "objects"), "an object (a saved model)")
    expect(data.get("format") == format_name, "$.format", f"{format_name!r}, got {describe(data.get('format'))}")
    version_read = data.get("version")
    expect(is_number(version_read) and version_read == version, "$.version",
           f"{version}, got {describe(version_read)}")
    raw_entries = data.get("objects")
    expect(isinstance(raw_entries, list), "$.objects", f"a list of objects, got {describe(raw_entries)}")
    entries: list[Entry] = []
    by_id: dict[str, Entry] = {}
    for index, raw in enumerate(raw_entries):
        entry = check_entry(raw, index, classes)
        if entry.id in by_id:
            raise ModelFileError(f"{entry.where}.id: expected a unique id, but {entry.id!r} is also the id "
                                 f"of {by_id[entry.id].where}")
        by_id[entry.id] = entry
        entries.append(entry)
    root = data.get("root")
    expect(isinstance(root, str) and root in by_id, "$.root",
           f"the id of an object in $.objects, got {describe(root)}")
    expect(by_id[root].cls is classes["System"], "$.root",
           f"the id of a System, got {root!r}, {by_id[root]!r}")
    return entries, by_id[root]


def check_entry(raw, index: int, classes: dict) -> Entry:
    where = f"$.objects[{index}]"
    raw = json_object(raw, where, ("id", "class", "name", "inputs"))
    name, object_id, cls_name = raw.get("name"), raw.get("id"), raw.get("class")
    expect(isinstance(cls_name, str) and cls_name in classes, f"{where}.class",
           f"one of {list(classes)}, got {describe(cls_name)}")
    expect(isinstance(object_id, str), f"{where}.id", f"text, got {describe(object_id)}")
    expect(isinstance(name, str), f"{where}.name", f"text, got {describe(name)}")
    entry = Entry(index, object_id, classes[cls_name], name)
    traits = entry.cls.input_traits()
    inputs = json_object(raw.get("inputs"), f"{where}.inputs", tuple(traits),
                         f"an object of {cls_name}'s inputs")
    for input_name, trait in traits.items():
        if input_name in inputs:
            _check_input(entry, input_name, trait, inputs[input_name])
        else:
            expect(not trait.required, f"{where}.inputs", f"the input {input_name!r} ({expectation(trait)})")
    return entry


def expectation(trait) -> str:
    """What an input takes, in words."""
    if getattr(trait, "is_link", False):
        target = trait.target.rsplit(".", 1)[-1]
        if trait.is_list:
            return f"a list of {target} ids"
        return f"the id of a {target}" + (" or null" if getattr(trait, "optional", False) else "")
    if hasattr(trait, "unit"):
        shown = f"an object with value (or start and values) and a unit such as {str(trait.unit)!r}"
        return shown + (" or null" if getattr(trait, "optional", False) else "")
    options = getattr(trait, "options", ())
    return f"one of {list(options)}" if options else "text"


def _check_input(entry: Entry, name: str, trait, raw) -> None:
    where = f"{entry.where}.inputs.{name}"
    if getattr(trait, "is_link", False):
        entry.refs[name] = _check_reference(trait, raw, where)
    elif hasattr(trait, "unit"):
        expect(raw is not None or getattr(trait, "optional", False), where, expectation(trait) + ", got null")
        entry.values[name] = None if raw is None else read_value(raw, where)
    else:
        nullable = raw is None and not trait.required and trait.declared_default is None
        expect(isinstance(raw, str) or nullable, where, f"{expectation(trait)}, got {describe(raw)}")
        entry.values[name] = raw


def _check_reference(trait, raw, where: str):
    if trait.is_list:
        expect(isinstance(raw, list), where, f"{expectation(trait)}, got {describe(raw)}")
        for index, item in enumerate(raw):
            expect(isinstance(item, str), f"{where}[{index}]", f"an id (text), got {describe(item)}")
        return list(raw)
    if raw is None:
        expect(getattr(trait, "optional", False), where, f"{expectation(trait)} (it is required), got null")
        return None
    expect(isinstance(raw, str), where, f"{expectation(trait)}, got {describe(raw)}")
    return raw

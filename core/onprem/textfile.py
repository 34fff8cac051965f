"""An inventory's bytes as text: which encoding, its header, and where a byte does not decode.

Inventories exported by Windows tools are often cp1252 or UTF-16. The encoding is, in order:

1. the file's byte-order mark (UTF-8, UTF-16 LE or BE; Unicode's "byte order mark", The Unicode
   Standard 15.0, section 23.8), which an ``encoding`` of another family contradicts (a problem);
2. ``encoding=`` (``--encoding``), any text codec Python knows (``cp1252``, ``utf-16-le``, ...);
   ``utf-16`` without a mark is read little-endian, the order of Windows' "Unicode" text files;
3. UTF-8: the encoding footprintlab writes its output in (CCF's example input is ASCII, a subset
   of UTF-8, so every CCF file reads the same).

A byte that does not decode is reported with its line (as an editor numbers them), the character
position in that line, the byte's value and the column, with a hint to pass ``--encoding``.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from footprintlab.onprem.report import Problem, ValidationReport

BOMS = (  # byte-order mark -> codec that reads the file and drops the mark
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
ENCODING_HINT = ("pass --encoding (encoding= in Python), e.g. --encoding cp1252 for a file saved "
                 "by Excel on Windows, or --encoding utf-16")
SCAN_BLOCK_BYTES = 1 << 20  # bytes decoded at a time when looking for an undecodable byte
LONGEST_LINE_KEPT = 100_000  # characters of a line kept while scanning (for the column)
_MARK = "footprintlab.onprem.mark-undecodable"
_MARKED = re.compile("[\udc00-\udcff]")  # a lone surrogate: never produced by a valid decode


def _mark_undecodable(error: UnicodeError) -> tuple[str, int]:
    """Decode error handler: each undecodable byte b becomes the lone surrogate U+DC00 + b."""
    if not isinstance(error, UnicodeDecodeError):  # registered for decoding only
        raise error
    return "".join(chr(0xDC00 + b) for b in error.object[error.start:error.end]), error.end


codecs.register_error(_MARK, _mark_undecodable)


@dataclass(frozen=True)
class Text:
    """An input ready to parse: a file read in place with ``encoding``, or UTF-8 bytes.

    Attributes
    ----------
    path : str or None
        The file, read by the CSV reader with ``encoding``; None when ``data`` holds the input.
    data : bytes or None
        The whole input re-encoded as UTF-8 (inputs given as bytes or file objects).
    encoding : str
        Python codec of ``path`` (``"utf-8"`` for ``data``).
    names : list of str
        The header's column names.
    """

    path: str | None
    data: bytes | None
    encoding: str
    names: list[str]

    def open(self, errors: str = "strict") -> IO[str]:
        """The input as text (for Python's csv reader)."""
        if self.path is not None:
            return open(self.path, encoding=self.encoding, errors=errors, newline="")
        return io.StringIO(self._data().decode("utf-8"), newline="")

    def open_binary(self) -> IO[bytes]:
        """The input's bytes as ``encoding`` encodes them."""
        return open(self.path, "rb") if self.path is not None else self.buffer()

    def buffer(self) -> io.BytesIO:
        """``data`` as a binary stream (for a Text without ``path``)."""
        return io.BytesIO(self._data())

    def _data(self) -> bytes:
        assert self.data is not None, "a Text holds a path or data"
        return self.data


def check_encoding(encoding: object) -> str | None:
    """Validate the ``encoding`` option: None (detect) or a text codec's name; returns its name."""
    if encoding is None:
        return None
    if not isinstance(encoding, str):
        raise TypeError(f"encoding: expected a text encoding such as 'utf-8', 'cp1252' or "
                        f"'utf-16', or None to detect it; got {type(encoding).__name__}")
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"encoding: {encoding!r} is not a text encoding Python knows; "
                         "expected e.g. 'utf-8', 'cp1252', 'latin-1' or 'utf-16'")
    return info.name


def choose_encoding(head: bytes, encoding: str | None) -> tuple[str, str]:
    """Codec for a file starting with ``head``, and a problem text ("" if none).

    The byte-order mark wins; an ``encoding`` of another family than the mark's is a problem.
    """
    for mark, codec in BOMS:
        if head.startswith(mark):
            family = codec.removesuffix("-sig")
            if encoding is not None and not encoding.startswith(family):
                return codec, (f"the file starts with a {family.upper()} byte-order mark, but "
                               f"encoding {encoding!r} was given: pass --encoding {family} or "
                               "leave it out")
            return codec, ""
    if encoding in ("utf-16", "utf-32"):  # no mark to tell the order: Windows' (little-endian)
        return f"{encoding}-le", ""
    return (encoding or "utf-8"), ""


def open_text(source, encoding: str | None, report: ValidationReport) -> Text | None:
    """Resolve ``source`` (path, bytes-like file or text file) for reading; None on a problem."""
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        with open(path, "rb") as handle:
            head = handle.read(4)
        codec, conflict = choose_encoding(head, encoding)
        text = Text(path, None, codec, [])
        if conflict:
            report.add(Problem(None, "(encoding)", _shown(head.decode("latin-1")), conflict,
                               line=1))
            return None
        return _with_header(text, report)
    raw = source.read()
    if isinstance(raw, str):
        return _with_header(Text(None, raw.removeprefix("\ufeff").encode("utf-8"), "utf-8", []),
                            report)
    raw = bytes(raw)
    codec, conflict = choose_encoding(raw[:4], encoding)
    if conflict:
        report.add(Problem(None, "(encoding)", _shown(raw[:4].decode("latin-1")), conflict, line=1))
        return None
    try:
        decoded = raw.decode(codec)
    except UnicodeDecodeError:
        header = raw.decode(codec, _MARK).lstrip("\r\n").split("\n", 1)[0].rstrip("\r")
        names = [] if _MARKED.search(header) else _fields(header)
        report.add(decode_problem(lambda: io.BytesIO(raw), codec, names))
        return None
    return _with_header(Text(None, decoded.encode("utf-8"), "utf-8", []), report)


def _with_header(text: Text, report: ValidationReport) -> Text | None:
    """``text`` with its header's names; None (and a problem) if the header cannot be read."""
    with text.open(errors=_MARK) as handle:  # bytes after the header are checked later
        first = next((line for line in handle if line.strip()), "")
    if _MARKED.search(first):
        report.add(decode_problem(text.open_binary, text.encoding, []))
        return None
    if "\x00" in first and not text.encoding.startswith("utf-16"):
        report.add(Problem(None, "(header)", _shown(first.strip()[:60]),
                           "a header without NUL characters: the file looks like UTF-16 "
                           "without a byte-order mark; pass --encoding utf-16-le (or utf-16-be)",
                           line=1))
        return None
    names = next(csv.reader(io.StringIO(first)), [])
    return Text(text.path, text.data, text.encoding, names)


def decode_problem(open_binary: Callable[[], IO[bytes]], codec: str,
                   names: list[str]) -> Problem:
    """The first undecodable byte of the input, as a problem naming its line and column."""
    decoder = codecs.getincrementaldecoder(codec)(_MARK)
    line, tail = 1, ""
    with open_binary() as stream:
        while True:
            block = stream.read(SCAN_BLOCK_BYTES)
            text = decoder.decode(block, final=not block)
            found = _MARKED.search(text)
            if found:
                before = text[:found.start()]
                line += before.count("\n")
                prefix = (tail + before).rsplit("\n", 1)[-1]
                rest = text[found.start():] + decoder.decode(stream.read(80))  # shown after
                return _located(line, prefix, rest, codec, names)
            if not block:
                break
            line += text.count("\n")
            tail = (tail + text).rsplit("\n", 1)[-1][-LONGEST_LINE_KEPT:]
    return Problem(None, "(encoding)", "", f"text in {_label(codec)}; {ENCODING_HINT}")


def _located(line: int, prefix: str, rest: str, codec: str, names: list[str]) -> Problem:
    """Problem for the undecodable byte starting ``rest``, preceded on its line by ``prefix``."""
    byte = ord(rest[0]) - 0xDC00
    fields = _fields(prefix)
    if line == 1:
        column = "(header)"
    elif len(fields) <= len(names):
        column = names[len(fields) - 1] or f"(unnamed column {len(fields)})"
    else:
        column = "(line)"
    after = re.split('[,\n\r"]', rest, maxsplit=1)[0][:20]
    label = _label(codec)
    return Problem(None, column, _shown(fields[-1][-40:] + after),
                   f"text in {label}: byte 0x{byte:02X} (character {len(prefix) + 1} of the "
                   f"line) is not {label}; {ENCODING_HINT}", line=line)


def _fields(prefix: str) -> list[str]:
    """The fields of the start of a line, the last one unfinished (at least one field)."""
    try:
        fields = next(csv.reader([prefix.replace("\r", " ").replace("\x00", " ")]), [])
    except csv.Error:  # an unbalanced quote: count the commas
        fields = prefix.split(",")
    return fields or [""]


def _label(codec: str) -> str:
    return {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16"}.get(codec, codec)


def _shown(text: str) -> str:
    """Text with undecodable bytes as ``[0xE9]`` and control characters escaped."""
    text = _MARKED.sub(lambda m: f"[0x{ord(m.group()) - 0xDC00:02X}]", text)
    return text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text

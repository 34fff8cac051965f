"""Fast CSV encoding of estimate rows with pyarrow's string kernels (optional dependency).

Importing this module raises ImportError without pyarrow; :mod:`.output` then falls back to
pandas. The bytes are the same: numbers as JavaScript writes them (Arrow's shortest formatting
agrees with JavaScript below 1e9; larger magnitudes go through :func:`output.js_number`),
fields quoted only when they contain ``,``, ``"`` or a line break.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from footprintlab.onprem.output import js_numbers, to_csv_text

_ARROW_AGREES_BELOW = 1e9  # |x| from which Arrow's float text may differ from JavaScript's
_NEEDS_QUOTES = '[,"\\r\\n]'


def _float_text(values: np.ndarray) -> pa.Array:
    text = pc.fill_null(pc.cast(pa.array(values, from_pandas=True), pa.string()), "")
    large = np.isfinite(values) & (np.abs(values) >= _ARROW_AGREES_BELOW)
    if large.any():
        fixed = np.array(text.to_pylist(), dtype=object)
        fixed[large] = js_numbers(values[large])
        text = pa.array(fixed, type=pa.string())
    return text


def _column_text(values: pd.Series) -> pa.Array:
    if pd.api.types.is_float_dtype(values.dtype):
        return _float_text(values.to_numpy(dtype=float, na_value=np.nan))
    if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
        return pc.fill_null(pa.array(values), "")
    if values.dtype == object:
        try:  # all cells text (the usual case): no per-cell Python work
            return pc.fill_null(pa.array(values.to_numpy(), type=pa.large_string()), "")
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed with numbers (derived uptimes)
            return pa.array(to_csv_text(values.to_frame()).iloc[:, 0].to_numpy(), type=pa.string())
    return pc.cast(pa.array(values), pa.string())


def _quoted(text: pa.Array) -> pa.Array:
    needs = pc.match_substring_regex(text, _NEEDS_QUOTES)
    if not pc.any(needs).as_py():
        return text
    quote, nothing = pa.scalar('"', text.type), pa.scalar("", text.type)
    escaped = pc.binary_join_element_wise(quote, pc.replace_substring(text, '"', '""'), quote,
                                          nothing)
    return pc.if_else(needs, escaped, text)


def encode_rows(frame: pd.DataFrame) -> str:
    """The CSV lines (each ending with ``\\n``) of ``frame``'s rows, without header."""
    if len(frame) == 0:
        return ""
    columns = [_quoted(pc.cast(_column_text(frame[name]), pa.large_string()))
               for name in frame.columns]
    comma, newline, nothing = (pa.scalar(s, pa.large_string()) for s in (",", "\n", ""))
    lines = pc.binary_join_element_wise(*columns, comma)
    lines = pc.binary_join_element_wise(lines, newline, nothing)  # large_string: int64 offsets
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)
    start, stop = offsets[lines.offset], offsets[lines.offset + len(lines)]
    return lines.buffers()[2].to_pybytes()[start:stop].decode("utf-8")

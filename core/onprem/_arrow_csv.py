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
from footprintlab.onprem.report import Problem
from footprintlab.onprem.textfile import Text, decode_problem

BYTES_PER_ROW_GUESS = 160  # to turn a chunk size in rows into pyarrow's block size in bytes

_ARROW_AGREES_BELOW = 1e9  # |x| from which Arrow's float text may differ from JavaScript's
_NEEDS_QUOTES = '[,"\\r\\n]'


def _float_text(values: np.ndarray) -> pa.Array:
    """Numbers as JavaScript text; few distinct values are formatted once each."""
    sample = values[:1024]
    if len(values) > 64 and len(np.unique(sample)) * 8 < len(sample):
        distinct, inverse = np.unique(values, return_inverse=True)
        if len(distinct) * 8 < len(values):
            return pc.take(_float_text(distinct), pa.array(inverse.reshape(-1)))
    text = pc.fill_null(pc.cast(pa.array(values, from_pandas=True), pa.large_string()), "")
    large = np.isfinite(values) & (np.abs(values) >= _ARROW_AGREES_BELOW)
    if large.any():
        fixed = np.array(text.to_pylist(), dtype=object)
        fixed[large] = js_numbers(values[large])
        text = pa.array(fixed, type=pa.large_string())
    return text


def _column_text(values: pd.Series) -> pa.Array:
    """One output column as Arrow text (large_string), as CCF would write it."""
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        categories = pa.array(np.asarray(dtype.categories, dtype=object), pa.large_string())
        codes = values.cat.codes.to_numpy()
        return pc.fill_null(pc.take(categories, pa.array(codes, mask=codes < 0)), "")
    if pd.api.types.is_float_dtype(dtype):
        return _float_text(values.to_numpy(dtype=float, na_value=np.nan))
    if pd.api.types.is_integer_dtype(dtype):
        return pc.cast(pa.array(values.to_numpy()), pa.large_string())
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        return pc.fill_null(pc.cast(pa.array(values), pa.large_string()), "")
    try:  # object column of text (the usual case): no per-cell Python work
        return pc.fill_null(pa.array(values.to_numpy(), type=pa.large_string()), "")
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed with numbers (derived uptimes)
        return pa.array(to_csv_text(values.to_frame()).iloc[:, 0].to_numpy(),
                        type=pa.large_string())


def _might_need_quotes(text: pa.Array) -> bool:
    """Cheap whole-column test (memchr over the data buffer) before the per-cell regex."""
    if isinstance(text, pa.ChunkedArray):
        return any(_might_need_quotes(chunk) for chunk in text.chunks)
    data = text.buffers()[2]
    if data is None:
        return False
    raw = data.to_pybytes()
    return any(mark in raw for mark in (b",", b'"', b"\n", b"\r"))


def _quoted(text: pa.Array) -> pa.Array:
    needs = pc.match_substring_regex(text, _NEEDS_QUOTES)
    quote, nothing = pa.scalar('"', text.type), pa.scalar("", text.type)
    escaped = pc.binary_join_element_wise(quote, pc.replace_substring(text, '"', '""'), quote,
                                          nothing)
    return pc.if_else(needs, escaped, text)


def encode_rows(frame: pd.DataFrame) -> bytes:
    """The CSV lines (UTF-8, each ending with ``\\n``) of ``frame``'s rows, without header."""
    import io

    import pyarrow.csv as pacsv

    if len(frame) == 0:
        return b""
    columns = [_column_text(frame[name]) for name in frame.columns]
    quoting = [_might_need_quotes(column) for column in columns]
    if not any(quoting):  # the usual case: Arrow's CSV writer, nothing to quote
        table = pa.table(columns, names=[str(i) for i in range(len(columns))])
        buffer = io.BytesIO()
        pacsv.write_csv(table, buffer, pacsv.WriteOptions(include_header=False,
                                                          quoting_style="none"))
        return buffer.getvalue()
    columns = [_quoted(c) if q else c for c, q in zip(columns, quoting)]
    comma, newline, nothing = (pa.scalar(s, pa.large_string()) for s in (",", "\n", ""))
    lines = pc.binary_join_element_wise(*columns, comma)
    lines = pc.binary_join_element_wise(lines, newline, nothing)  # large_string: int64 offsets
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)
    start, stop = offsets[lines.offset], offsets[lines.offset + len(lines)]
    return lines.buffers()[2].to_pybytes()[start:stop]


def read_text_batches(text: Text, chunksize: int, report):
    """Stream a CSV as DataFrames of text cells with pyarrow's multi-threaded reader.

    Yields (frame, first 1-based row number). Blank lines are skipped; lines with more or fewer
    fields than the header are reported (by :func:`_tolerant_chunks`); an undecodable byte ends
    reading with a file problem naming its line.
    """
    import pyarrow.csv as pacsv

    names = text.names
    encoding = "utf8" if text.encoding in ("utf-8", "utf-8-sig") else text.encoding
    read = pacsv.ReadOptions(block_size=max(1 << 20, chunksize * BYTES_PER_ROW_GUESS),
                             encoding=encoding)
    convert = pacsv.ConvertOptions(column_types={name: pa.string() for name in names},
                                   strings_can_be_null=False, quoted_strings_can_be_null=False)
    stream = (pa.OSFile(text.path, "rb") if text.path is not None
              else pa.BufferReader(text.data))
    first = 1
    try:
        with stream, pacsv.open_csv(stream, read_options=read, convert_options=convert) as reader:
            for batch in reader:
                frame = batch.to_pandas()
                frame.columns = names
                yield frame, first
                first += len(frame)
    except (pa.ArrowInvalid, UnicodeDecodeError) as error:
        if isinstance(error, UnicodeDecodeError) or "UTF8" in str(error):
            report.add(decode_problem(text.open_binary, text.encoding, names))
            return
        # A line with a wrong number of fields: go on with Python's csv reader from the first
        # row not yet yielded, reporting every such line and checking all the others.
        yield from _tolerant_chunks(text, first, chunksize, report)


def _tolerant_chunks(text: Text, first: int, chunksize: int, report):
    """Rows ``first ..`` with Python's csv module; lines of the wrong length become problems."""
    try:
        with text.open() as handle:
            yield from _csv_module_chunks(handle, text.names, first, chunksize, report)
    except UnicodeDecodeError:
        report.add(decode_problem(text.open_binary, text.encoding, text.names))


def _csv_module_chunks(handle, names: list[str], first: int, chunksize: int, report):
    import csv

    lines = (row for row in csv.reader(handle) if any(cell.strip() for cell in row))
    next(lines, None)  # header
    cells, numbers = [], []
    for number, row in enumerate(lines, start=1):
        if number < first:
            continue
        if len(row) != len(names):
            report.add(Problem(number, "(line)", ",".join(row)[:200],
                               f"{len(names)} fields as in the header, not {len(row)}"))
            report.n_rows += 1
            report.n_invalid_rows += 1
            report.bad_lines.append(number)
            continue
        cells.append(row)
        numbers.append(number)
        if len(cells) == chunksize:
            yield pd.DataFrame(cells, columns=names), np.array(numbers)
            cells, numbers = [], []
    if cells:
        yield pd.DataFrame(cells, columns=names), np.array(numbers)

"""Write estimates as CSV, as CCF writes them, without ever overwriting a file unasked.

Files are written by the project's one atomic writer, :func:`footprintlab._files.atomic_write`
(a crash leaves the old file or the new one; an existing file is replaced only with ``--force``;
an output that resolves to an input is refused, even with ``--force``).

Numbers are written as JavaScript's ``String(number)`` writes them (shortest round-trip digits,
``324`` not ``324.0``, ``0.0000019`` not ``1.9e-06``, exponent form below 1e-6 or from 1e21), so
CCF's own example output is reproduced byte for byte. Fields are quoted only when they contain
``,``, ``"`` or a line break; records end with ``\\n``.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
from footprintlab._files import OutputExistsError, OutputIsInputError, atomic_write, check_not_input

__all__ = [
    "OutputExistsError", "OutputIsInputError", "check_output_path", "default_output_path",
    "js_number", "js_numbers", "open_output", "to_csv_text", "write_csv_chunk",
]

FORCE_HINT = "--force (force=True)"  # how a user asks to replace an existing output


def js_number(value: float) -> str:
    """``String(value)`` as JavaScript writes a number (empty for NaN).

    Parameters
    ----------
    value : float

    Returns
    -------
    str
        E.g. ``"324"``, ``"0.1344583615586605"``, ``"3.9238668e-7"``, ``"1e+21"``.
    """
    if value != value:
        return ""
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    sign, digits_tuple, exponent = Decimal(repr(float(value))).normalize().as_tuple()
    assert isinstance(exponent, int)  # "n", "N", "F" only for NaN and infinities, returned above
    digits = "".join(map(str, digits_tuple))
    k = len(digits)
    n = exponent + k  # value = 0.digits x 10^n
    minus = "-" if sign else ""
    if k <= n <= 21:
        return minus + digits + "0" * (n - k)
    if 0 < n <= 21:
        return minus + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return minus + "0." + "0" * (-n) + digits
    mantissa = digits[0] + ("." + digits[1:] if k > 1 else "")
    return f"{minus}{mantissa}e{'+' if n - 1 >= 0 else '-'}{abs(n - 1)}"


def js_numbers(values: np.ndarray) -> np.ndarray:
    """Vectorised :func:`js_number` (numpy's shortest repr, fixed up where JS differs)."""
    values = np.asarray(values, dtype=float)
    text = values.astype(str).astype(object)
    plain = np.isfinite(values) & (np.abs(values) >= 1e-4) & (np.abs(values) < 1e16)
    integral = plain & (values == np.trunc(values))
    text[integral] = [t[:-2] if t.endswith(".0") else t for t in text[integral]]
    for i in np.flatnonzero(~plain):
        text[i] = js_number(values[i])
    return text


def to_csv_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Frame with float columns as JS-formatted strings and every cell as text."""
    out = {}
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_float_dtype(values.dtype):
            out[column] = js_numbers(values.to_numpy())
        elif values.dtype == object:
            cells = values.to_numpy()
            floats = np.fromiter((isinstance(v, float) for v in cells), bool, len(cells))
            if floats.any():
                cells = cells.copy()
                cells[floats] = js_numbers(cells[floats].astype(float))
            out[column] = cells
        else:
            out[column] = values.astype(str).to_numpy()
    return pd.DataFrame(out, columns=frame.columns)


def write_csv_chunk(frame: pd.DataFrame, handle, header: bool) -> None:
    """Append ``frame`` to an open text file in CCF's CSV dialect.

    Uses pyarrow's vectorised string kernels when pyarrow is installed (about ten times faster),
    else pandas; both write the same bytes.
    """
    if header:
        csv.writer(handle, lineterminator="\n").writerow(frame.columns)
    try:
        from footprintlab.onprem._arrow_csv import encode_rows
    except ImportError:
        to_csv_text(frame).to_csv(handle, header=False, index=False, lineterminator="\n",
                                  quoting=csv.QUOTE_MINIMAL)
        return
    data = encode_rows(frame)
    if hasattr(handle, "buffer"):  # a real file: write the UTF-8 bytes as they are
        handle.flush()
        handle.buffer.write(data)
    else:
        handle.write(data.decode("utf-8"))


def default_output_path(input_path: str | os.PathLike) -> Path:
    """First free ``<input stem>.footprint[-N].csv`` next to the input."""
    source = Path(input_path)
    candidate = source.with_name(f"{source.stem}.footprint.csv")
    number = 2
    while candidate.exists():
        candidate = source.with_name(f"{source.stem}.footprint-{number}.csv")
        number += 1
    return candidate


def check_output_path(output: Path, input_path: Path | None, force: bool,
                      protect: Iterable = ()) -> None:
    """Refuse, before any work, an output that is an input, sits in a missing folder, or exists.

    Raises
    ------
    OutputIsInputError
        ``output`` resolves (symbolic links followed) to ``input_path`` or one of ``protect``.
    FileNotFoundError
        The output's folder does not exist.
    OutputExistsError
        ``output`` exists and ``force`` is False.
    """
    check_not_input(output, [input_path, *protect])
    if not output.parent.is_dir():
        raise FileNotFoundError(f"output folder {str(output.parent)!r} does not exist")
    if output.exists() and not force:
        raise OutputExistsError(f"output {str(output)!r} exists; pass {FORCE_HINT} to overwrite "
                                "it, or choose another -o")


def open_output(output: Path, *, force: bool, protect: Iterable):
    """The shared atomic writer opened on ``output`` (text, UTF-8, ``\\n`` kept as written).

    Nothing is put in place if the ``with`` block raises; without ``force`` a file that
    appeared meanwhile is never replaced (:class:`OutputExistsError`).
    """
    return atomic_write(output, overwrite=force, protect=protect, hint=FORCE_HINT)

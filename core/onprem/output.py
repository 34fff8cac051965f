"""Write estimates as CSV, as CCF writes them, without ever overwriting a file unasked.

Numbers are written as JavaScript's ``String(number)`` writes them (shortest round-trip digits,
``324`` not ``324.0``, ``0.0000019`` not ``1.9e-06``, exponent form below 1e-6 or from 1e21), so
CCF's own example output is reproduced byte for byte. Fields are quoted only when they contain
``,``, ``"`` or a line break; records end with ``\\n``.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd


class OutputExistsError(FileExistsError):
    """The output file exists and overwriting it was not asked for."""


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


def check_output_path(output: Path, input_path: Path | None, force: bool) -> None:
    """Refuse an output that is the input, sits in a missing folder, or exists without force."""
    if input_path is not None and output.resolve() == Path(input_path).resolve():
        raise OutputExistsError(f"output {str(output)!r} is the input file; the input is never "
                                "overwritten: choose another -o")
    if not output.parent.is_dir():
        raise FileNotFoundError(f"output folder {str(output.parent)!r} does not exist")
    if output.exists() and not force:
        raise OutputExistsError(f"output {str(output)!r} exists; pass --force (force=True) to "
                                "overwrite it, or choose another -o")


@contextlib.contextmanager
def staged_output(output: Path, force: bool, unique: bool):
    """Write to a hidden temporary file next to ``output``; put it in place only on success.

    Yields ``(handle, final)`` where ``final`` is a one-item list receiving the path used.
    On an exception (or if the caller sets ``final[0] = None``) the temporary file is removed
    and nothing is placed. Without ``force`` an existing file is never replaced, even if it
    appeared while writing: with ``unique`` the next free name is taken, else
    :class:`OutputExistsError` is raised.
    """
    descriptor, temporary = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part",
                                             dir=output.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)  # mkstemp creates 0600; give the usual permissions
    final: list[Path | None] = [output]
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            yield handle, final
        if final[0] is not None:
            final[0] = _place(Path(temporary), output, force, unique)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _place(temporary: Path, output: Path, force: bool, unique: bool) -> Path:
    if force:
        os.replace(temporary, output)
        return output
    target = output
    while True:
        try:
            os.link(temporary, target)  # fails if target exists: no overwrite, no race
            return target
        except FileExistsError:
            if not unique:
                raise OutputExistsError(f"output {str(target)!r} appeared while writing; "
                                        "nothing was overwritten") from None
            target = default_output_path(target.with_name(target.name.split(".footprint")[0]))

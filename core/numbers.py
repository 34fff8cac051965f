"""Numbers as people read them: ``1,380,000,000`` in fields, ``1.38 billion`` in tables and cards.

Never ``1.38e+09``. Field text reads back: ``parse_number`` accepts what ``field_text`` writes
(thousands separated by commas in groups of three) and refuses a decimal comma ("1,5").
"""
from __future__ import annotations

import math
import re

import numpy as np

_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def _positional(value: float, digits: int) -> str:
    """``value`` to ``digits`` significant digits, without exponent, integer part grouped."""
    text = np.format_float_positional(value, precision=digits, unique=True, fractional=False,
                                      trim="-")
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}" + (f".{fraction}" if fraction else "")


def field_text(value: float) -> str:
    """Text for an entry field: 6 significant digits, no exponent (``1,380,000,000``, ``0.05``).

    Tiny magnitudes (below 1e-6) keep an exponent rather than a row of zeros.
    """
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if value != 0 and abs(value) < 1e-6:
        return f"{value:.6g}"
    return _positional(value, 6)


def readable(value: float, digits: int = 3) -> str:
    """Short text for a table or a hover card: ``1.38 billion``, ``12,345``, ``0.0512``."""
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    for scale, word in _WORDS:
        if abs(value) >= scale:
            return f"{_positional(value / scale, digits)} {word}"
    if abs(value) >= 10 ** digits:
        return f"{round(value):,}"
    if value != 0 and abs(value) < 1e-6:
        return f"{value:.{digits}g}"
    return _positional(value, digits)


def parse_number(text: str) -> float | None:
    """The number a field's text means, or None when it is not a plain number (then the model
    parses it as a quantity, e.g. ``"0.3 kW"``, and refuses what it cannot read)."""
    text = text.strip()
    if _GROUPED.match(text):
        text = text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None

"""CPU thermal design power (TDP) by model name, for the CPU-time fallback estimate.

The table ``cpu_power.csv`` (columns ``Name``, ``TDP`` in watts; 4,918 rows) is CodeCarbon's
``codecarbon/data/hardware/cpu_power.csv``, taken unchanged from the CodeCarbon 3.3.2 wheel on
PyPI (https://github.com/mlco2/codecarbon). It is shipped under CodeCarbon's MIT licence, whose
notice follows; see DATA_SOURCES.md, section "Measuring a running program".

    MIT License

    Copyright (c) 2019 Mila, BCG Gamma, CometML, Haverford College
    Copyright (c) 2023 Code Carbon NGO

    Permission is hereby granted, free of charge, to any person obtaining a copy
    of this software and associated documentation files (the "Software"), to deal
    in the Software without restriction, including without limitation the rights
    to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
    copies of the Software, and to permit persons to whom the Software is
    furnished to do so, subject to the following conditions:

    The above copyright notice and this permission notice shall be included in all
    copies or substantial portions of the Software.

    THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
    IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
    FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
    AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
    LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
    OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
    SOFTWARE.

Matching is by normalised name (case, "(R)", "(TM)", "CPU", "Processor", "N-Core" and the
"@ x GHz" suffix ignored): only rows mentioning the detected model number are parsed (a
``str.find`` over the text, so a lookup costs well under a millisecond); among them an exact
match first, else the longest table name whose words all appear, in order, in the detected name
(so "Intel(R) Xeon(R) CPU E5-2620 v3 @ 2.40GHz" finds "Intel Xeon E5-2620 v3"). Names without a
model number ("AMD EPYC") do not match. Two source rows with an unreadable TDP ("27.29.5") are
skipped.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from importlib import resources

__all__ = ["TdpMatch", "find_tdp", "normalise_cpu_name"]

TABLE_SOURCE = "CodeCarbon 3.3.2 cpu_power.csv (MIT)"

_NOISE = re.compile(
    r"\((?:r|tm|c)\)|\b(?:cpu|processor|apu|with radeon graphics|\d+-core)\b|@.*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TdpMatch:
    """A CPU found in the TDP table.

    Attributes
    ----------
    table_name : str
        Name of the matching row.
    tdp_w : float
        Thermal design power of the whole package, W.
    source : str
        Where the value comes from.
    """

    table_name: str
    tdp_w: float
    source: str = TABLE_SOURCE


def normalise_cpu_name(name: str) -> str:
    """Lower-case words of a CPU name without trademarks, core counts and clock speed."""
    cleaned = _NOISE.sub(" ", name.replace("_", " "))
    return " ".join(re.findall(r"[a-z0-9+\-.]+", cleaned.lower()))


@functools.lru_cache(maxsize=1)
def _table_text() -> str:
    """The table's text, lower-cased (read once; searched with str.find, not parsed)."""
    return resources.files("footprintlab.measure").joinpath("cpu_power.csv").read_text("utf-8")


def _rows_mentioning(word: str) -> list[TdpMatch]:
    """Rows of the table whose line contains ``word`` (case-insensitive)."""
    text = _table_text()
    lowered = _lowered_text()
    rows: list[TdpMatch] = []
    position = lowered.find(word)
    while position >= 0:
        line_start = lowered.rfind("\n", 0, position) + 1
        line_end = lowered.find("\n", position)
        line_end = len(lowered) if line_end < 0 else line_end
        for row in csv.reader(io.StringIO(text[line_start:line_end])):
            if len(row) == 2:
                try:
                    tdp_w = float(row[1])
                except ValueError:  # two source rows hold "27.29.5" (Celeron 1000A/1100A)
                    break
                if tdp_w > 0:
                    rows.append(TdpMatch(row[0], tdp_w))
        position = lowered.find(word, line_end)
    return rows


@functools.lru_cache(maxsize=1)
def _lowered_text() -> str:
    return _table_text().lower()


def _contains_in_order(haystack: list[str], needle: tuple[str, ...]) -> bool:
    position = 0
    for word in needle:
        try:
            position = haystack.index(word, position) + 1
        except ValueError:
            return False
    return True


@functools.lru_cache(maxsize=32)
def find_tdp(cpu_model: str) -> TdpMatch | None:
    """Look a CPU model name up in the TDP table.

    Parameters
    ----------
    cpu_model : str
        Model name as the OS reports it, e.g. ``"Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz"``.

    Returns
    -------
    TdpMatch or None
        None when no row names this model.
    """
    key = normalise_cpu_name(cpu_model)
    if not key:
        return None
    words = key.split()
    # model numbers ("e5-2620", "5950x", "m4"); short ones like the "9" of "ryzen 9" only
    # when nothing longer is there, since they appear on many lines
    numbers = {word for word in words if any(ch.isdigit() for ch in word)}
    numbers = {word for word in numbers if len(word) >= 3} or numbers
    if not numbers:  # a family name alone ("amd epyc") says nothing about the TDP
        return None
    candidates: dict[tuple[str, ...], TdpMatch] = {}
    for number in numbers:
        for match in _rows_mentioning(number):
            candidates.setdefault(tuple(normalise_cpu_name(match.table_name).split()), match)
    if tuple(words) in candidates:
        return candidates[tuple(words)]
    # the most specific table name whose words all appear, in order, in the detected name
    for pattern in sorted(candidates, key=lambda item: -len(" ".join(item))):
        if any(ch.isdigit() for ch in " ".join(pattern)) and _contains_in_order(words, pattern):
            return candidates[pattern]
    return None

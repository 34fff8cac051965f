"""CPU description -> processor family.

Two parsers share CCF's series table (:func:`footprintlab.onprem.tables.series_to_family`):

- :func:`ccf_series_key` reproduces Cloud Carbon Footprint's parser exactly (Apache-2.0,
  ``OnPremiseDataReportRow.ts``; re-implemented from its description, JavaScript ``substring``
  semantics included), so ``cpu_parser="ccf"`` matches CCF bug for bug.
- :func:`match_cpu` (the default) first tries CCF's parser, so it finds every family CCF finds,
  then looks for a series in the cleaned description: trademarks, clock speeds, "CPU",
  "Processor" and "N-Core" removed, runs of one or two words tried against the table, case
  ignored, "v3" suffixes split off or joined. It reads descriptions CCF misses, e.g.
  ``"Intel Xeon Gold 6248 2.50GHz"`` or ``"Intel(R) Core(TM) i7-8700 CPU"`` (no "@").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from footprintlab.onprem.tables import family_power, series_to_family

__all__ = ["CpuMatch", "ccf_series_key", "match_cpu"]


@dataclass(frozen=True)
class CpuMatch:
    """Result of reading one CPU description.

    Attributes
    ----------
    series : str or None
        Series key found in CCF's table (``"Silver 4114"``), None if none was found.
    family : str or None
        Processor family (``"Skylake"``), None if none was found.
    how : str
        ``"ccf"`` (CCF's own parser found it), ``"cleaned"`` (found by footprintlab's parser)
        or ``"none"``.
    has_coefficients : bool
        True if CCF's power table has the family; otherwise CCF's averages apply.
    """

    series: str | None
    family: str | None
    how: str
    has_coefficients: bool

    @property
    def fallback_note(self) -> str:
        """Empty if the family's coefficients apply, else why CCF's averages are used."""
        if self.has_coefficients:
            return ""
        if self.family:
            return f"family {self.family} has no coefficients in CCF's table: averages used"
        return "processor family not recognised: CCF's average watts and memory used"


def _js_clamp(index: int, length: int) -> int:
    return min(max(index, 0), length)


def ccf_series_key(description: str) -> str | None:
    """The series key CCF's parser extracts from a CPU description.

    Parameters
    ----------
    description : str
        E.g. ``"Intel(R) Xeon(R) Silver 4114 CPU @ 2.20GHz"``.

    Returns
    -------
    str or None
        ``"Silver 4114"`` for the example; None when neither "Intel" nor "AMD" is in the text
        or the AMD description has fewer than three space-separated fields.
    """
    if "Intel" in description:
        rest = description.replace("Intel(R) ", "", 1)
        # JavaScript rest.substring(indexOf(')') + 2, lastIndexOf(' @')): clamp, then order.
        start = _js_clamp(rest.find(")") + 2, len(rest))
        end = _js_clamp(rest.rfind(" @"), len(rest))
        start, end = min(start, end), max(start, end)
        return rest[start:end].replace("CPU", "").strip()
    if "AMD" in description:
        fields = description.split(" ")
        return fields[2] if len(fields) > 2 else None
    return None


_NOISE = re.compile(
    r"\((?:R|TM|r|tm)\)|[®™]|@|\b\d+(?:\.\d+)?\s*[GM]Hz\b|\bCPU\b|\bProcessors?\b|\b\d+-Core\b",
)
_JOINED_VERSION = re.compile(r"^(E[357]-\d{4}[A-Z]*)([vV]\d)$")
_VERSION = re.compile(r"^[vV]\d$")


@functools.lru_cache(maxsize=1)
def _lowercase_index() -> dict[str, str]:
    return {key.lower(): key for key in series_to_family()}


def _cleaned_tokens(description: str) -> list[str]:
    tokens: list[str] = []
    for token in _NOISE.sub(" ", description).split():
        joined = _JOINED_VERSION.match(token)
        tokens.extend(joined.groups() if joined else (token,))
    return tokens


def _search_cleaned(description: str) -> str | None:
    index = _lowercase_index()
    tokens = _cleaned_tokens(description)
    for width in (2, 1):  # longer runs first: "E5-2680 0" and "E5-2667 v3" before "E5-2680"
        for i in range(len(tokens) - width + 1):
            following = tokens[i + width] if i + width < len(tokens) else ""
            if width == 1 and _VERSION.match(following):
                continue  # "E3-1270 v6" is not "E3-1270" (a different generation)
            key = index.get(" ".join(tokens[i : i + width]).lower())
            if key is not None:
                return key
    return None


@functools.lru_cache(maxsize=65536)
def match_cpu(description: str, parser: str = "cleaned") -> CpuMatch:
    """Find the processor family of a CPU description.

    Parameters
    ----------
    description : str
        CPU description as an inventory or ``/proc/cpuinfo`` gives it.
    parser : {"cleaned", "ccf"}
        ``"ccf"``: CCF's parser only. ``"cleaned"`` (default): CCF's parser, then footprintlab's.

    Returns
    -------
    CpuMatch
    """
    if parser not in ("cleaned", "ccf"):
        raise ValueError(f"cpu parser must be 'cleaned' or 'ccf'; got {parser!r}")
    table = series_to_family()
    powers = family_power()
    key = ccf_series_key(description)
    if key is not None and key in table:
        family = table[key]
        return CpuMatch(key, family, "ccf", family in powers)
    if parser == "cleaned":
        key = _search_cleaned(description)
        if key is not None:
            family = table[key]
            return CpuMatch(key, family, "cleaned", family in powers)
    return CpuMatch(None, None, "none", False)

"""Expand Slurm's compressed host lists (``cpu-p-[1-3,7]``) into node names.

The syntax is Slurm's hostlist format (see ``scontrol show hostnames``): names separated by
commas outside brackets; a bracket holds comma-separated numbers or ranges ``a-b``; zero padding
of the lower bound is kept (``n[01-03]`` -> ``n01 n02 n03``); several brackets in one name give
their Cartesian product (``r[1-2]n[1-2]`` -> ``r1n1 r1n2 r2n1 r2n2``).
"""

from __future__ import annotations

import functools
import itertools
import math
import re

__all__ = ["expand_nodelist"]

_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")
_EMPTY = {"", "None assigned", "(null)", "None"}


def _split_top_level(text: str) -> list[str]:
    """Split on commas that are not inside brackets."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth < 0:
                raise ValueError(f"node list {text!r}: ']' without a matching '['")
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    if depth != 0:
        raise ValueError(f"node list {text!r}: '[' without a matching ']'")
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _expand_bracket(body: str, whole: str) -> list[str]:
    values: list[str] = []
    for item in body.split(","):
        match = _RANGE.match(item.strip())
        if not match:
            raise ValueError(
                f"node list {whole!r}: bracket item {item!r} is not a number or a range 'a-b'"
            )
        low, high = match.group(1), match.group(2)
        if high is None:
            values.append(low)
            continue
        if int(high) < int(low):
            raise ValueError(f"node list {whole!r}: range {item!r} runs backwards")
        width = len(low) if low.startswith("0") else 0
        values.extend(str(n).zfill(width) for n in range(int(low), int(high) + 1))
    return values


def _expand_name(name: str) -> list[str]:
    pieces = re.split(r"(\[[^\]]*\])", name)
    choices = [
        _expand_bracket(p[1:-1], name) if p.startswith("[") else [p] for p in pieces if p != ""
    ]
    return ["".join(combo) for combo in itertools.product(*choices)]


@functools.lru_cache(maxsize=65536)
def _expand_cached(nodelist: str) -> tuple[str, ...]:
    text = nodelist.strip()
    if text in _EMPTY:
        return ()
    nodes: list[str] = []
    for name in _split_top_level(text):
        nodes.extend(_expand_name(name))
    return tuple(nodes)


def expand_nodelist(nodelist: str | None) -> list[str]:
    """Expand a Slurm host list into node names, in order.

    Parameters
    ----------
    nodelist : str or None
        A host list such as ``"cpu-p-[1-3,7],gpu-q-2"``. ``None``, ``""`` and sacct's
        ``"None assigned"`` give an empty list.

    Returns
    -------
    list of str
        ``["cpu-p-1", "cpu-p-2", "cpu-p-3", "cpu-p-7", "gpu-q-2"]`` for the example above.

    Raises
    ------
    ValueError
        If brackets are unbalanced or hold something other than numbers and ranges.
    """
    if nodelist is None or (isinstance(nodelist, float) and math.isnan(nodelist)):
        return []
    return list(_expand_cached(str(nodelist)))

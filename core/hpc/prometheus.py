"""Node power from a Prometheus-compatible HTTP API (VictoriaMetrics or Prometheus).

Two ways to read a series:

- ``mode="raw"`` (default): instant queries of a range selector, ``metric{...}[W]`` at time
  ``T``, which return the stored samples in ``(T - W, T]`` unchanged — what exact integration
  needs. Windows hold at most ``max_points`` sample intervals.
- ``mode="query_range"``: ``/api/v1/query_range`` with ``step``; the server aligns points to the
  step and fills each from the last sample within its look-back window. Ranges are split so no
  answer exceeds ``max_points`` points per series (Prometheus refuses more than 11,000).

The bearer token is read, in order, from the ``token`` argument, the environment variable
``FOOTPRINTLAB_PROMETHEUS_TOKEN``, or the ``token`` key of section ``[prometheus]`` in the INI
file ``$FOOTPRINTLAB_CONFIG`` (default ``~/.config/footprintlab/config.ini``). It is never logged.
"""

from __future__ import annotations

import configparser
import itertools
import math
import os
import urllib.parse
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from ._http import get_json

__all__ = ["TOKEN_ENV", "PrometheusPowerClient", "read_token"]

TOKEN_ENV = "FOOTPRINTLAB_PROMETHEUS_TOKEN"
CONFIG_ENV = "FOOTPRINTLAB_CONFIG"


def read_token(token: str | None = None) -> str | None:
    """The bearer token: argument, else ``$FOOTPRINTLAB_PROMETHEUS_TOKEN``, else config file."""
    if token:
        return token
    if os.environ.get(TOKEN_ENV):
        return os.environ[TOKEN_ENV]
    path = os.environ.get(CONFIG_ENV) or os.path.expanduser("~/.config/footprintlab/config.ini")
    if os.path.exists(path):
        parser = configparser.ConfigParser()
        parser.read(path, encoding="utf-8")
        return parser.get("prometheus", "token", fallback=None) or None
    return None


def _seconds(value) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and value[:1].isdigit() and value[-1:].isalpha():
        return pd.Timedelta(value).total_seconds()
    stamp = pd.Timestamp(value)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp
    return stamp.value / 1e9


class PrometheusPowerClient:
    """Read node power series from ``/api/v1/query`` or ``/api/v1/query_range``.

    Parameters
    ----------
    url : str
        Server root, e.g. ``http://127.0.0.1:8428`` (VictoriaMetrics) or ``.../prometheus``.
    metric : str
        Metric name (default the Dell iDRAC SNMP one, ``amperageProbeReading``).
    labels : dict
        Extra label matchers (default ``amperageProbeLocationName="System Board Pwr
        Consumption"``).
    node_label : str
        Label that names the node (default ``alias``).
    scale : float
        Multiplier turning the metric's values into watts (1 when it is in W).
    step : str or float
        Sample interval (default ``"30s"``), the ``query_range`` step.
    max_points : int
        Most points per series in one answer (default 11,000, Prometheus's limit).
    mode : {"raw", "query_range"}
        See the module docstring.
    nodes_per_query : int
        Nodes matched by one regex selector.
    token : str, optional
        Bearer token; see :func:`read_token`.
    timeout, retries : float, int
        Per HTTP request.
    """

    def __init__(self, url: str, metric: str = "amperageProbeReading",
                 labels: dict[str, str] | None = None, node_label: str = "alias",
                 scale: float = 1.0, step: str | float = "30s", max_points: int = 11000,
                 mode: str = "raw", nodes_per_query: int = 100, token: str | None = None,
                 timeout: float = 30.0, retries: int = 3) -> None:
        if mode not in ("raw", "query_range"):
            raise ValueError(f"mode={mode!r}: expected 'raw' or 'query_range'")
        self.url = url.rstrip("/")
        self.metric = metric
        self.labels = ({"amperageProbeLocationName": "System Board Pwr Consumption"}
                       if labels is None else dict(labels))
        self.node_label = node_label
        self.scale = float(scale)
        self.step = _seconds(step)
        self.max_points = int(max_points)
        self.mode = mode
        self.nodes_per_query = int(nodes_per_query)
        self._token = read_token(token)
        self.timeout = timeout
        self.retries = retries
        self.requests_made = 0

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"} if self._token else {}

    def _get(self, path: str, params: dict) -> dict:
        url = f"{self.url}{path}?{urllib.parse.urlencode(params)}"
        answer = get_json(url, self._headers(), self.timeout, self.retries)
        self.requests_made += 1
        if answer.get("status") not in (None, "success"):
            raise RuntimeError(f"{path}: {answer.get('errorType')}: {answer.get('error')}")
        return answer

    def selector(self, nodes: Sequence[str] | None = None) -> str:
        """The series selector, e.g. ``m{a="b",alias=~"n1|n2"}``."""
        def quote(v: str) -> str:
            return v.replace("\\", "\\\\").replace('"', '\\"')

        matchers = [f'{k}="{quote(v)}"' for k, v in self.labels.items()]
        if nodes:
            alternatives = "|".join(_regex_escape(n) for n in nodes)
            matchers.append(f'{self.node_label}=~"{quote(alternatives)}"')
        return f"{self.metric}{{{','.join(matchers)}}}"

    def _windows(self, start: float, end: float) -> list[tuple[float, float]]:
        # windows of (max_points - 1) steps starting on the step grid from `start`, so a
        # query_range answer has at most max_points points per series
        width = (self.max_points - 1) * self.step
        count = max(1, math.ceil((end - start) / width))
        edges = np.minimum(start + np.arange(count + 1) * width, end)
        return list(itertools.pairwise(edges))

    def power_samples(self, start, end, nodes: Sequence[str] | None = None,
                      progress: Callable[[int, int], None] | None = None) -> pd.DataFrame:
        """Samples of all (or the given) nodes in ``[start, end]``: columns node, time, watts.

        ``start``/``end`` are Unix seconds or anything ``pd.Timestamp`` takes (naive = UTC).
        ``progress(done, total)`` is called after each HTTP request.
        """
        t0, t1 = _seconds(start), _seconds(end)
        groups = ([None] if not nodes else
                  [list(nodes[i:i + self.nodes_per_query])
                   for i in range(0, len(nodes), self.nodes_per_query)])
        windows = self._windows(t0, t1)
        total, done = len(groups) * len(windows), 0
        frames = []
        for group in groups:
            sel = self.selector(group)
            for a, b in windows:
                if self.mode == "raw":
                    width = max(1, math.ceil(b - a + (1 if a == t0 else 0)))
                    answer = self._get("/api/v1/query",
                                       {"query": f"{sel}[{width}s]", "time": f"{b:.3f}"})
                else:
                    answer = self._get("/api/v1/query_range",
                                       {"query": sel, "start": f"{a:.3f}", "end": f"{b:.3f}",
                                        "step": f"{self.step:g}s"})
                frames.extend(self._series_frames(answer))
                done += 1
                if progress is not None:
                    progress(done, total)
        if not frames:
            return pd.DataFrame({"node": pd.Series(dtype=str), "time": pd.Series(dtype=float),
                                 "watts": pd.Series(dtype=float)})
        table = pd.concat(frames, ignore_index=True)
        table = table.loc[(table["time"] >= t0) & (table["time"] <= t1)]
        table = table.drop_duplicates(["node", "time"]).sort_values(["node", "time"])
        return table.reset_index(drop=True)

    def _series_frames(self, answer: dict) -> list[pd.DataFrame]:
        frames = []
        for series in answer.get("data", {}).get("result", []):
            node = series.get("metric", {}).get(self.node_label)
            if node is None:
                raise ValueError(f"series {series.get('metric')} has no label "
                                 f"{self.node_label!r}; set node_label")
            values = np.asarray(series.get("values", []), dtype=object).reshape(-1, 2)
            frames.append(pd.DataFrame({
                "node": node,
                "time": values[:, 0].astype("float64"),
                "watts": values[:, 1].astype("float64") * self.scale,
            }))
        return frames


def _regex_escape(text: str) -> str:
    return "".join("\\" + c if c in ".^$*+?()[]{}|\\" else c for c in text)

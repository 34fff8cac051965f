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

import base64
import configparser
import itertools
import math
import os
import urllib.parse
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from .._progress import progress as progress_bar
from ._http import get_json
from ._redact import redact, split_userinfo

__all__ = ["TOKEN_ENV", "PrometheusPowerClient", "config_path", "read_token"]

TOKEN_ENV = "FOOTPRINTLAB_PROMETHEUS_TOKEN"
CONFIG_ENV = "FOOTPRINTLAB_CONFIG"


def config_path() -> str:
    """The INI file holding the token: ``$FOOTPRINTLAB_CONFIG`` or the default path."""
    return os.environ.get(CONFIG_ENV) or os.path.expanduser("~/.config/footprintlab/config.ini")


def read_token(token: str | None = None) -> str | None:
    """The bearer token: argument, else ``$FOOTPRINTLAB_PROMETHEUS_TOKEN``, else config file.

    A config file that cannot be read is reported with its path and line, never its text
    (the line may hold the token).
    """
    if token:
        return token
    if os.environ.get(TOKEN_ENV):
        return os.environ[TOKEN_ENV]
    path = config_path()
    if not os.path.exists(path):
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error as exc:
        raise ValueError(f"config file {path}: {_config_problem(exc)}; expected an INI file "
                         "with a [prometheus] section and a line 'token = ...'") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"config file {path}: byte offset {exc.start} is not UTF-8") from None
    return parser.get("prometheus", "token", fallback=None) or None


def _config_problem(exc: configparser.Error) -> str:
    """What is wrong with a config file, with line numbers and without the lines' text."""
    if isinstance(exc, configparser.MissingSectionHeaderError):
        return f"line {exc.lineno}: no section header before it"
    if isinstance(exc, configparser.ParsingError):
        lines = ", ".join(str(number) for number, _text in exc.errors)
        return f"line(s) {lines} cannot be parsed"
    if isinstance(exc, configparser.DuplicateOptionError):
        return f"line {exc.lineno}: option {exc.option!r} repeated in [{exc.section}]"
    if isinstance(exc, configparser.DuplicateSectionError):
        return f"line {exc.lineno}: section [{exc.section}] repeated"
    return type(exc).__name__


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
        Bearer token; see :func:`read_token`. A URL with user-info
        (``http://user:password@host``) sends it as HTTP Basic credentials instead; it is
        removed from the URL and never shown.
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
        url, user, password = split_userinfo(url)
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
        self._basic = None
        if user is not None:
            pair = f"{user}:{password or ''}".encode()
            self._basic = base64.b64encode(pair).decode("ascii")
            self._secrets = [password, self._basic]
            self._token = None
        else:
            self._token = read_token(token)
            self._secrets = [self._token]
        self.timeout = timeout
        self.retries = retries
        self.requests_made = 0

    @property
    def secrets(self) -> list[str]:
        """The credentials this client sends (for :func:`~footprintlab.hpc._redact.redact`)."""
        return [s for s in self._secrets if s]

    def _headers(self) -> dict[str, str]:
        if self._basic:
            return {"Authorization": f"Basic {self._basic}"}
        return {"Authorization": f"Bearer {self._token}"} if self._token else {}

    def _get(self, path: str, params: dict) -> list[dict]:
        """The ``data.result`` list of one query's answer, its shape checked."""
        url = f"{self.url}{path}?{urllib.parse.urlencode(params)}"
        answer = get_json(url, self._headers(), self.timeout, self.retries)
        self.requests_made += 1
        where = f"query {params['query']!r} ({path})"
        if not isinstance(answer, dict):
            raise _shape_error(where, answer, self.secrets)
        if answer.get("status") not in (None, "success"):
            message = redact(f"{where}: the server answered {answer.get('errorType')}: "
                             f"{answer.get('error')}", self.secrets)
            raise RuntimeError(message)
        data = answer.get("data")
        if not isinstance(data, dict) or not isinstance(data.get("result"), list):
            raise _shape_error(where, answer, self.secrets)
        if data.get("resultType", "matrix") != "matrix":
            raise ValueError(f"{where}: expected resultType 'matrix' (series of [time, value] "
                             f"pairs), got {data.get('resultType')!r}")
        return data["result"]

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
                      progress: Callable[[int, int], None] | bool | None = None
                      ) -> pd.DataFrame:
        """Samples of all (or the given) nodes in ``[start, end]``: columns node, time, watts.

        ``start``/``end`` are Unix seconds or anything ``pd.Timestamp`` takes (naive = UTC).
        ``progress(done, total)`` is called after each HTTP request; without a function, a bar
        in requests is shown for long fetches (in a notebook or on a terminal's stderr;
        ``progress=False``: never; :mod:`footprintlab._progress`).
        """
        t0, t1 = _seconds(start), _seconds(end)
        groups = ([None] if not nodes else
                  [list(nodes[i:i + self.nodes_per_query])
                   for i in range(0, len(nodes), self.nodes_per_query)])
        windows = self._windows(t0, t1)
        total, done = len(groups) * len(windows), 0
        if not callable(progress):
            with progress_bar(total=total, desc="fetching power", unit=" request",
                              option=progress) as bar:
                return self.power_samples(start, end, nodes, lambda *_: bar.update())
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
                query = f"{sel}[...]" if self.mode == "raw" else sel
                frames.extend(self._series_frames(answer, query))
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

    def _series_frames(self, result: list, query: str) -> list[pd.DataFrame]:
        return [self._series_frame(series, query) for series in result]

    def _series_frame(self, series, query: str) -> pd.DataFrame:
        where = f"query {query!r}"
        if not isinstance(series, dict) or not isinstance(series.get("metric"), dict) \
                or not isinstance(series.get("values"), list):
            raise _shape_error(where + ", result item", series, self.secrets,
                               expected="{'metric': {...}, 'values': [[time, 'value'], ...]}")
        node = series["metric"].get(self.node_label)
        if node is None:
            raise ValueError(f"{where}: series {series['metric']} has no label "
                             f"{self.node_label!r}; set node_label (--node-label)")
        try:
            values = np.array([(float(t), float(v)) for t, v in series["values"]],
                              dtype="float64").reshape(-1, 2)
        except (TypeError, ValueError):
            raise _shape_error(f"{where}, series of {node}", series["values"], self.secrets,
                               expected="[[unix_seconds, 'watts'], ...]") from None
        return pd.DataFrame({"node": node, "time": values[:, 0],
                             "watts": values[:, 1] * self.scale})


def _shape_error(where: str, got, secrets, expected: str = "{'status': 'success', 'data': "
                 "{'resultType': 'matrix', 'result': [...]}}") -> ValueError:
    shown = redact(repr(got)[:4096], secrets)[:200]  # redacted before it is shortened
    return ValueError(f"{where}: expected an answer like {expected}, got {shown}")


def _regex_escape(text: str) -> str:
    return "".join("\\" + c if c in ".^$*+?()[]{}|\\" else c for c in text)

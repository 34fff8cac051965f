"""Rich display in notebooks: the HTML behind ``_repr_html_`` of values, explanations and objects.

Everything here is static HTML with an inline SVG sparkline: it shows offline, in an exported
notebook, with JavaScript off. Every piece of user text (names, labels, sources, comments) is
escaped, so a name such as ``<script>...`` is shown as text and never run. Large models stay
compact: long lists are cut to their first entries, sections beyond the first screen are
collapsed ``<details>`` elements, and an explanation tree stops after a fixed number of nodes.
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from footprintlab.engine.values import Hourly, Quantity, _fmt_hour
from footprintlab.numbers import readable

__all__ = [
    "explanation_html", "hourly_html", "model_object_html", "quantity_html", "sparkline_svg",
    "table_html", "value_html",
]

MAX_LIST = 12  # references listed before "… and N more"
MAX_TREE_NODES = 60  # nodes of an explanation tree before it is cut
OPEN_ROWS = 14  # a section with more rows than this starts collapsed
SPARK_POINTS = 240  # a sparkline has at most this many points (bucket means)

STYLE = """<style>
.fl-repr{font-family:var(--jp-ui-font-family,system-ui,sans-serif);font-size:13px;line-height:1.4;
 max-width:56em}
.fl-repr .fl-head{font-weight:600;margin:2px 0 4px}
.fl-repr .fl-class{opacity:.65;font-weight:400;margin-right:.4em}
.fl-repr table.fl-table{border-collapse:collapse;margin:2px 0 6px}
.fl-repr table.fl-table td,.fl-repr table.fl-table th{padding:2px 10px 2px 0;text-align:left;
 vertical-align:top;border:none;background:none}
.fl-repr table.fl-table th{font-weight:600;border-bottom:1px solid rgba(127,127,127,.4)}
.fl-repr td.fl-num,.fl-repr th.fl-num{text-align:right;font-variant-numeric:tabular-nums}
.fl-repr tr.fl-total td{font-weight:600;border-top:1px solid rgba(127,127,127,.4)}
.fl-repr .fl-unit{opacity:.7}
.fl-repr .fl-badge{display:inline-block;font-size:11px;padding:0 5px;border-radius:8px;
 background:rgba(66,133,244,.14);margin-left:4px;white-space:nowrap}
.fl-repr .fl-badge.fl-hypothesis{background:rgba(244,160,0,.25)}
.fl-repr .fl-badge.fl-calculated{background:rgba(15,157,88,.18)}
.fl-repr .fl-badge.fl-uncertain{background:rgba(171,71,188,.2)}
.fl-repr details>summary{cursor:pointer;margin:3px 0}
.fl-repr ul.fl-tree{list-style:none;margin:0;padding-left:1.1em;
 border-left:1px dotted rgba(127,127,127,.5)}
.fl-repr .fl-formula{opacity:.75;font-style:italic}
.fl-repr .fl-muted{opacity:.65}
.fl-repr svg.fl-spark{vertical-align:middle}
</style>"""


def esc(text: object) -> str:
    """``text`` as HTML text (quotes too, so it is safe in attributes)."""
    return html.escape(str(text), quote=True)


def wrap(body: str) -> str:
    """One display block: the shared style, then ``body`` in a ``fl-repr`` container."""
    return f'{STYLE}<div class="fl-repr">{body}</div>'


# values -----------------------------------------------------------------------------------------
def quantity_html(value: Quantity) -> str:
    return f'{esc(readable(value.magnitude, 6))} <span class="fl-unit">{esc(value.unit)}</span>'


def sparkline_svg(values: np.ndarray, width: int = 160, height: int = 28,
                  title: str = "") -> str:
    """A small inline SVG line of ``values`` (bucket means when there are many of them)."""
    data = np.asarray(values, dtype=np.float64)
    data = data[np.isfinite(data)] if not np.isfinite(data).all() else data
    points_max = max(2, min(SPARK_POINTS, int(width / 1.5)))
    if len(data) > points_max:
        edges = np.linspace(0, len(data), points_max + 1).astype(int)
        data = np.add.reduceat(data, edges[:-1]) / np.diff(edges)
    label = f"<title>{esc(title)}</title>" if title else ""
    if len(data) == 0:
        return ""
    low, high = float(data.min()), float(data.max())
    span = high - low or 1.0
    xs = np.linspace(1, width - 1, len(data)) if len(data) > 1 else np.array([width / 2])
    ys = (height - 2) - (data - low) / span * (height - 4) if high > low else \
        np.full(len(data), height / 2)
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys))
    return (f'<svg class="fl-spark" xmlns="http://www.w3.org/2000/svg" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img">{label}'
            f'<polyline fill="none" stroke="currentColor" stroke-width="1.2" '
            f'points="{points}"/></svg>')


def hourly_summary(value: Hourly) -> dict[str, Any]:
    """Period, total, min, mean and max of a series (what its display shows)."""
    n = len(value)
    if n == 0:
        return {"hours": 0}
    data = value.values
    return {"hours": n, "start": _fmt_hour(value.start),
            "end": _fmt_hour(value.end - np.timedelta64(1, "h")), "total": value.sum(),
            "min": Quantity(float(np.nanmin(data)), value.unit), "mean": value.mean(),
            "max": value.max()}


def hourly_inline(value: Hourly, spark: bool = True) -> str:
    """One line: total over the period, then a small sparkline."""
    info = hourly_summary(value)
    if not info["hours"]:
        return f'<span class="fl-muted">no hours</span> <span class="fl-unit">{esc(value.unit)}</span>'
    title = (f"{info['hours']} h from {info['start']} to {info['end']} UTC; min {info['min']}, "
             f"mean {info['mean']}, max {info['max']}")
    return (f'{quantity_html(info["total"])} <span class="fl-muted">over {info["hours"]} h</span> '
            f'{sparkline_svg(value.values, 90, 18, title) if spark else ""}')


def hourly_html(value: Hourly, label: str = "") -> str:
    """A series: its period, total, min/mean/max and a sparkline."""
    info = hourly_summary(value)
    head = f'<div class="fl-head">{esc(label)}</div>' if label else ""
    if not info["hours"]:
        return wrap(f'{head}<span class="fl-muted">an empty hourly series in '
                    f'{esc(value.unit)}</span>')
    rows = [("period", f'{esc(info["start"])} → {esc(info["end"])} UTC '
                       f'<span class="fl-muted">({info["hours"]} hours)</span>'),
            ("total", quantity_html(info["total"])),
            ("min / mean / max", " / ".join(quantity_html(info[k]) for k in ("min", "mean", "max")))]
    body = "".join(f"<tr><th>{name}</th><td>{cell}</td></tr>" for name, cell in rows)
    spark = sparkline_svg(value.values, 240, 40, f"hourly values in {value.unit}")
    return wrap(f'{head}<table class="fl-table">{body}</table>{spark}')


def value_html(value: object, spark: bool = True) -> str:
    """The inline HTML of a Quantity, an Hourly series (its total, and a sparkline unless
    ``spark`` is False) or another value."""
    if isinstance(value, Quantity):
        return quantity_html(value)
    if isinstance(value, Hourly):
        return hourly_inline(value, spark)
    if isinstance(value, dict):
        return f'<span class="fl-muted">{len(value)} entries</span>'
    return esc(value)


# provenance -------------------------------------------------------------------------------------
def source_badge(value: Any) -> str:
    """A badge naming where a value comes from: calculated, hypothesis, or its source (linked)."""
    if getattr(value, "formula", None) is not None:
        return '<span class="fl-badge fl-calculated">calculated</span>'
    source = getattr(value, "source", None)
    badges = ""
    if source is not None:
        kind = " fl-hypothesis" if source.hypothesis else ""
        name = esc(source.name)
        link = str(source.link or "")
        if link.startswith(("https://", "http://")):
            name = (f'<a href="{esc(link)}" target="_blank" rel="noopener noreferrer">'
                    f'{name}</a>')
        title = f' title="{esc(link)}"' if link else ""
        badges = f'<span class="fl-badge{kind}"{title}>{name}</span>'
    if getattr(value, "distribution", None) is not None:
        badges += f'<span class="fl-badge fl-uncertain">{esc(value.distribution)}</span>'
    return badges


def explanation_html(value: Any, max_nodes: int = MAX_TREE_NODES) -> str:
    """``explain()`` as a tree: the formula, its value, and each parent under it (inputs with
    their source badge), open for the first levels and cut after ``max_nodes`` nodes."""
    budget = [max_nodes - 1]  # the root is one node

    def node(item: Any, depth: int) -> str:
        label = esc(item.label or "value")
        shown = value_html(item.value, spark=depth < 2)
        line = f'<b>{label}</b> = {shown} {source_badge(item)}'
        if getattr(item, "comment", ""):
            line += f' <span class="fl-muted">{esc(item.comment)}</span>'
        if item.formula is None or not item.parents:
            return f"<li>{line}</li>"
        formula = f'<div class="fl-formula">= {esc(item.formula)}</div>'
        # siblings first: a node's parents are all shown before any of them is expanded
        parents = item.parents[:max(budget[0], 0)]
        budget[0] -= len(parents)
        children = [node(parent, depth + 1) for parent in parents]
        if len(parents) < len(item.parents):
            children.append(f'<li class="fl-muted">… {len(item.parents) - len(parents)} more '
                            f'(see .calculation_graph())</li>')
        opened = " open" if depth < 2 else ""
        return (f"<li><details{opened}><summary>{line}</summary>{formula}"
                f'<ul class="fl-tree">{"".join(children)}</ul></details></li>')

    return wrap(f'<ul class="fl-tree" style="border:none;padding-left:0">{node(value, 0)}</ul>')


# tables -----------------------------------------------------------------------------------------
def table_html(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = (),
               total: Sequence[str] | None = None) -> str:
    """A table from cells that are already HTML; ``numeric`` columns are right-aligned."""
    def cells(row: Sequence[str], tag: str) -> str:
        return "".join(f'<{tag}{" class=fl-num" if i in numeric else ""}>{c}</{tag}>'
                       for i, c in enumerate(row))

    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in rows)
    if total is not None:
        body += f'<tr class="fl-total">{cells(total, "td")}</tr>'
    return f'<table class="fl-table"><tr>{cells(header, "th")}</tr>{body}</table>'


def section(title: str, body: str, rows: int, force_closed: bool = False) -> str:
    """A collapsible section, open unless it has more than ``OPEN_ROWS`` rows."""
    opened = "" if force_closed or rows > OPEN_ROWS else " open"
    return f'<details{opened}><summary>{esc(title)} ({rows})</summary>{body}</details>'


def names_html(objects: Sequence[Any]) -> str:
    """Names of referenced objects, the first ``MAX_LIST`` of them."""
    if not objects:
        return '<span class="fl-muted">none</span>'
    shown = ", ".join(f'{esc(o.name)} <span class="fl-class">({esc(type(o).__name__)})</span>'
                      for o in objects[:MAX_LIST])
    more = len(objects) - MAX_LIST
    return shown + (f' <span class="fl-muted">… and {more} more</span>' if more > 0 else "")


def model_object_html(obj: Any) -> str:
    """A model object: a header, its own summary (e.g. a System's category table), its inputs
    with units and source badges, and its calculated results (collapsed when many)."""
    from footprintlab.engine.declarations import Reference

    head = (f'<div class="fl-head"><span class="fl-class">{esc(type(obj).__name__)}</span>'
            f'{esc(obj.name)} <span class="fl-muted">{esc(obj.id)}</span></div>')
    summary = ""
    summarize = getattr(obj, "_html_summary", None)
    if callable(summarize):
        try:
            summary = summarize()
        except Exception as exc:  # a model the engine refuses still displays its inputs
            summary = f'<div class="fl-muted">results unavailable: {esc(exc)}</div>'
    inputs = []
    for name, trait in type(obj).input_traits().items():
        value = obj._trait_values.get(name)
        if isinstance(trait, Reference):
            inputs.append((esc(name), names_html(trait.targets(value)), ""))
        elif hasattr(value, "value"):
            inputs.append((esc(name), value_html(value.value), source_badge(value)))
        else:
            inputs.append((esc(name), esc("—" if value is None else value), ""))
    results = []
    for name in type(obj).calculated_traits():
        try:
            value = getattr(obj, name)
            shown = value_html(getattr(value, "value", value))
        except Exception as exc:
            shown = f'<span class="fl-muted">not computed: {esc(exc)}</span>'
        results.append((esc(name), shown))
    body = head + summary
    body += section("inputs", table_html(("input", "value", "source"), inputs), len(inputs),
                    force_closed=bool(summary))
    if results:
        body += section("results", table_html(("result", "value"), results), len(results),
                        force_closed=bool(summary))
    return wrap(body)


def category_table(rows: dict[str, tuple[Any, Any]], total: Any, objects: int | None = None
                   ) -> str:
    """A System's results: categories × (fabrication, energy, total) in kg CO2e, and the total.

    ``rows`` maps a category to its (fabrication, energy) explainable values (None: no such
    phase)."""
    def kg(value: Any) -> float:
        if value is None:
            return 0.0
        inner = getattr(value, "value", value)
        inner = inner.sum() if isinstance(inner, Hourly) else inner
        return float(inner.m_as("kg"))

    lines, sums = [], [0.0, 0.0]
    for category, (fabrication, energy) in rows.items():
        fab, en = kg(fabrication), kg(energy)
        sums[0] += fab
        sums[1] += en
        lines.append((esc(category), esc(readable(fab, 4)) if fabrication is not None else "—",
                      esc(readable(en, 4)), esc(readable(fab + en, 4))))
    total_kg = kg(total)
    table = table_html(("kg CO2e", "fabrication", "energy", "total"), lines, numeric=(1, 2, 3),
                       total=("Total", esc(readable(sums[0], 4)), esc(readable(sums[1], 4)),
                              esc(readable(total_kg, 4))))
    note = f' <span class="fl-muted">· {objects} objects</span>' if objects is not None else ""
    return (f'<div>total footprint <b>{quantity_html(Quantity(total_kg, _kg_unit()))}</b>{note}'
            f'</div>{table}')


def _kg_unit():
    from footprintlab.engine.units import u

    return u.kg

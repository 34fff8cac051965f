"""``footprintlab budget report EMISSIONS.csv -o report.html``: a self-contained HTML page.

One file a CI system keeps as an artifact: the runs of each project over time (budget energy,
measured energy, CO2e) as inline SVG with the baseline drawn, a table of the latest runs, and for
a footprint.csv the heaviest tests of its latest session. Inline CSS, no script, no font, no
image, no link: the page loads nothing outside itself and reads the same offline.
"""

from __future__ import annotations

import argparse
import html
import math
import os
import time
from datetime import datetime

from .compare import change_pct, grams, joules, percent
from .files import Baseline, Run, read_baseline, read_runs
from .history import heaviest_tests, runs_by_project

__all__ = ["main", "render_report", "write_report"]

LATEST = 20  # runs listed per project
_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:72em;
color:#1d232a;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccd}
.meta{color:#5a6570}table{border-collapse:collapse;margin:.6em 0}
th,td{padding:.2em .7em;border-bottom:1px solid #e3e6ea;text-align:right}
th:first-child,td:first-child{text-align:left}td.id{font-family:ui-monospace,monospace;
font-size:.9em;overflow-wrap:anywhere;max-width:40em}
.over{color:#b00020;font-weight:600}.ok{color:#1b7f3b}
svg{background:#fafbfc;border:1px solid #e3e6ea}svg text{font-size:11px;fill:#5a6570}
.grid{stroke:#e3e6ea}.axis{stroke:#99a}.budget{stroke:#1f5fa8;fill:none;stroke-width:2}
.measured{stroke:#ff7f0e;fill:none;stroke-width:1.5;stroke-dasharray:2 3}
.co2{stroke:#2ca02c;fill:none;stroke-width:2}
.baseline{stroke:#d62728;stroke-width:1.5;stroke-dasharray:6 4}
.dot-budget{fill:#1f5fa8}.dot-measured{fill:#ff7f0e}.dot-co2{fill:#2ca02c}
.legend span{margin-right:1.2em}.sw{display:inline-block;width:1.6em;height:.25em;
vertical-align:middle;margin-right:.3em}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _svg_chart(runs: list[Run], series: list[tuple[str, str, list[float]]],
               baseline: float | None, fmt, label: str) -> str:
    """Inline SVG of values over time; ``series`` is ``(title, css class, values)``."""
    width, height, left, right, top, bottom = 720, 230, 70, 20, 14, 40
    finite = [v for _, _, values in series for v in values if not math.isnan(v)]
    if baseline is not None and not math.isnan(baseline):
        finite.append(baseline)
    high = max(finite, default=0.0) * 1.1 or 1.0
    times = [run.timestamp.timestamp() for run in runs]
    t0, t1 = min(times), max(times)

    def x(t: float) -> float:
        if t1 == t0:
            return left + (width - left - right) / 2
        return left + (t - t0) / (t1 - t0) * (width - left - right)

    def y(v: float) -> float:
        return top + (1 - v / high) * (height - top - bottom)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(label)}">']
    for fraction in (0.0, 0.5, 1.0):
        value = high / 1.1 * fraction
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(value):.1f}" '
                     f'y2="{y(value):.1f}"/><text x="{left - 6}" y="{y(value) + 4:.1f}" '
                     f'text-anchor="end">{_e(fmt(value))}</text>')
    parts.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{y(0):.1f}" '
                 f'y2="{y(0):.1f}"/>')
    for when, anchor in ((t0, "start"), (t1, "end")) if t1 != t0 else ((t0, "middle"),):
        stamp = datetime.fromtimestamp(when).strftime("%Y-%m-%d %H:%M")
        parts.append(f'<text x="{x(when):.1f}" y="{height - bottom + 16}" '
                     f'text-anchor="{anchor}">{_e(stamp)}</text>')
    if baseline is not None and not math.isnan(baseline):
        parts.append(f'<line class="baseline" x1="{left}" x2="{width - right}" '
                     f'y1="{y(baseline):.1f}" y2="{y(baseline):.1f}"><title>baseline '
                     f'{_e(fmt(baseline))}</title></line>')
    for title, css, values in series:
        points = [(x(t), y(v), v, run) for t, v, run in zip(times, values, runs)
                  if not math.isnan(v)]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in points)
            parts.append(f'<polyline class="{css}" points="{path}"/>')
        for px, py, v, run in points:
            parts.append(f'<circle class="dot-{css}" cx="{px:.1f}" cy="{py:.1f}" r="3">'
                         f'<title>{_e(title)} {_e(fmt(v))}, '
                         f'{_e(run.timestamp.isoformat(sep=" "))}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def _legend(items: list[tuple[str, str]]) -> str:
    return '<p class="legend">' + "".join(
        f'<span><i class="sw" style="background:{color}"></i>{_e(text)}</span>'
        for text, color in items) + "</p>"


def _project_section(project: str, runs: list[Run], baseline: Baseline | None) -> str:
    latest = runs[-1]
    has_budget = any(not math.isnan(r.budget_kwh) for r in runs)
    base = baseline.total if baseline is not None else None
    out = [f"<section><h2>{_e(project)}</h2>"]
    summary = [f"{len(runs)} run(s), {_e(runs[0].timestamp.isoformat(sep=' '))} to "
               f"{_e(latest.timestamp.isoformat(sep=' '))}."]
    if has_budget and base is not None and not math.isnan(latest.budget_kwh):
        change = change_pct(latest.budget_kwh, base.budget_kwh)
        summary.append(f"Latest budget {_e(joules(latest.budget_kwh))}, baseline "
                       f"{_e(joules(base.budget_kwh))}: <b>{_e(percent(change))}</b>.")
    out.append(f"<p>{' '.join(summary)}</p>")
    series = []
    legend = []
    if has_budget:
        series.append(("budget", "budget", [r.budget_kwh for r in runs]))
        legend.append(("budget energy (CPU time x power model)", "#1f5fa8"))
    series.append(("measured", "measured", [r.energy_kwh for r in runs]))
    legend.append(("measured energy", "#ff7f0e"))
    if base is not None:
        legend.append(("baseline (budget)" if has_budget else "baseline", "#d62728"))
    reference = None
    if base is not None:
        reference = base.budget_kwh if has_budget else base.energy_kwh
    out.append(_legend(legend))
    out.append(_svg_chart(runs, series, reference, joules, f"energy per run of {project}"))
    emissions = [r.emissions_kg for r in runs]
    if any(not math.isnan(v) for v in emissions):
        out.append(_legend([("CO2e", "#2ca02c")]))
        out.append(_svg_chart(runs, [("CO2e", "co2", emissions)], None,
                              lambda kg: grams(kg).replace(" CO2e", ""),
                              f"CO2e per run of {project}"))
    else:
        out.append("<p class='meta'>CO2e unknown: the runs have no country "
                   "(pass --footprint-country, --country, or set FOOTPRINTLAB_COUNTRY).</p>")
    head = "<tr><th>time</th><th>duration</th><th>CPU s</th><th>budget</th><th>measured</th>" \
           "<th>CO2e</th>" + ("<th>vs baseline</th>" if base is not None else "") + "</tr>"
    rows = []
    for run in reversed(runs[-LATEST:]):
        cells = [run.timestamp.isoformat(sep=" "), f"{run.duration_s:.3g} s",
                 "" if math.isnan(run.cpu_seconds) else f"{run.cpu_seconds:.3g}",
                 "" if math.isnan(run.budget_kwh) else joules(run.budget_kwh),
                 joules(run.energy_kwh), grams(run.emissions_kg).replace(" CO2e", "")]
        row = "".join(f"<td>{_e(c)}</td>" for c in cells)
        if base is not None:
            value = run.budget_kwh if has_budget else run.energy_kwh
            reference_value = base.budget_kwh if has_budget else base.energy_kwh
            row += f"<td>{_e(percent(change_pct(value, reference_value)))}</td>" \
                if not math.isnan(value) and not math.isnan(reference_value) else "<td></td>"
        rows.append(f"<tr>{row}</tr>")
    out.append(f"<table><caption>latest runs, newest first</caption>{head}{''.join(rows)}"
               "</table></section>")
    return "".join(out)


def _tests_section(runs: list[Run], baseline: Baseline | None) -> str:
    session, tests = heaviest_tests(runs)
    if not tests:
        return ""
    before = baseline.tests() if baseline is not None else {}
    head = ("<tr><th>test</th><th>CPU s</th><th>setup</th><th>call</th><th>teardown</th>"
            "<th>budget</th><th>measured</th>"
            + ("<th>vs baseline</th>" if baseline is not None else "") + "</tr>")
    rows = []
    for test_id, f in tests:
        cells = [f"{f['cpu_seconds']:.3f}", f"{f['setup']:.3f}", f"{f['call']:.3f}",
                 f"{f['teardown']:.3f}", joules(f["budget_kwh"]), joules(f["energy_kwh"])]
        row = f'<td class="id">{_e(test_id)}</td>' + "".join(f"<td>{_e(c)}</td>" for c in cells)
        if baseline is not None:
            old = before.get(test_id)
            row += f"<td>{_e(percent(change_pct(f['budget_kwh'], old)) if old is not None else 'new')}</td>"
        rows.append(f"<tr>{row}</tr>")
    when = f" ({_e(session.timestamp.isoformat(sep=' '))})" if session else ""
    return (f"<section><h2>Heaviest tests of the latest session{when}</h2>"
            f"<table>{head}{''.join(rows)}</table></section>")


def render_report(runs: list[Run], source: str, baseline: Baseline | None = None,
                  project: str | None = None, title: str = "Emissions budget") -> str:
    """The HTML page for ``runs`` (rows of ``source``), optionally one ``project`` only."""
    from footprintlab._version import __version__

    projects = runs_by_project(runs)
    if project is not None:
        if project not in projects:
            known = ", ".join(projects) or "none"
            raise ValueError(f"{source}: no runs of project {project!r} (projects: {known})")
        projects = {project: projects[project]}
        runs = [r for r in runs if r.project == project]
    body = [f"<h1>{_e(title)}</h1><p class='meta'>{_e(source)}: {len(runs)} row(s), "
            f"{len(projects)} project(s). Budget energy = CPU time x W per hardware thread "
            "(stable from run to run); measured energy and CO2e as the tracker measures them. "
            f"Made by footprintlab {_e(__version__)} on "
            f"{_e(time.strftime('%Y-%m-%d %H:%M'))}.</p>"]
    if baseline is not None:
        body.append(f"<p class='meta'>Baseline: {_e(baseline.path)}, budget "
                    f"{_e(joules(baseline.total.budget_kwh))}.</p>")
    if not projects:
        body.append("<p>No runs in this file.</p>")
    for name, rows in projects.items():
        body.append(_project_section(name, rows, baseline))
    body.append(_tests_section(runs, baseline))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
            + "".join(body) + "</body></html>\n")


def write_report(source: str | os.PathLike[str], output: str | os.PathLike[str], *,
                 baseline: str | os.PathLike[str] | None = None, project: str | None = None,
                 overwrite: bool = False) -> str:
    """Read ``source``, write the page to ``output``; returns the output path."""
    from footprintlab._files import write_text

    runs = read_runs(source)
    base = read_baseline(baseline) if baseline is not None else None
    page = render_report(runs, str(source), base, project)
    protect = [source] + ([baseline] if baseline is not None else [])
    return str(write_text(output, page, overwrite=overwrite, protect=protect, hint="--force"))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="footprintlab budget report",
        description="A self-contained HTML page of an emissions CSV's runs over time.")
    parser.add_argument("source", metavar="EMISSIONS.csv",
                        help="footprint.csv, a --footprint-history file, budget run's --output "
                             "or CodeCarbon's emissions.csv")
    parser.add_argument("-o", "--output", metavar="FILE", default="budget-report.html",
                        help="the HTML page (default: budget-report.html)")
    parser.add_argument("--baseline", metavar="FILE", help="a baseline to draw and compare with")
    parser.add_argument("--project", metavar="NAME", help="only this project's runs")
    parser.add_argument("--force", action="store_true", help="replace the output if it exists")
    args = parser.parse_args(argv)
    written = write_report(args.source, args.output, baseline=args.baseline,
                           project=args.project, overwrite=args.force)
    print(f"footprintlab budget report: wrote {written}")
    return 0

"""The pytest plugin: ``pytest --footprint`` measures every test and the session, like coverage.

Registered as a ``pytest11`` entry point, so it is loaded wherever footprintlab is installed, and
does nothing unless one of its options is given. With ``--footprint``:

- each test's setup, call and teardown, and the session (start to the end of the last test,
  collection included), are measured by :class:`footprintlab.measure.Tracker` and by the budget
  quantity (CPU time of pytest and the commands it waited for x W per thread, see
  :mod:`footprintlab.budget.quantity`);
- footprint.csv (``--footprint-output``) gets one row per test phase and one for the session:
  CodeCarbon's columns, footprintlab's, then ``test_id``, ``phase``, ``cpu_seconds``,
  ``budget_energy``; it is replaced at each run, like coverage's data file;
- the terminal shows the totals, the ten heaviest tests and, with ``--footprint-baseline``,
  each one's change against it;
- ``--footprint-fail-over PCT`` fails the run (exit status 1) when the session's budget energy
  is more than PCT % above the baseline's; ``--footprint-save-baseline FILE`` writes one;
  ``--footprint-history FILE`` appends the session's row to an emissions CSV
  (``fl.measure.History`` and ``footprintlab budget report`` read it).

A baseline that cannot be read stops pytest before any test runs, with one line naming the file
and the line (pytest's usage error, exit status 4). Not supported under pytest-xdist workers
(each worker would measure only its share): the plugin stays off there, with a note.
"""

from __future__ import annotations

import argparse
import uuid
import warnings
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .compare import Verdict

__all__ = ["FootprintPlugin"]

TOP = 10  # tests listed in the terminal report
_OPTIONS = ("footprint_baseline", "footprint_fail_over", "footprint_save_baseline",
            "footprint_history")


def _percent(text: str) -> float:
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a percentage such as 10, got {text!r}") \
            from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a finite percentage >= 0, got {text!r}")
    return value


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("footprint", "energy and CO2e budget of the tests (footprintlab)")
    group.addoption("--footprint", action="store_true", default=False,
                    help="measure each test and the session; write footprint.csv and a report")
    group.addoption("--footprint-output", metavar="FILE", default="footprint.csv",
                    help="per-test CSV, replaced at each run (default: footprint.csv)")
    group.addoption("--footprint-baseline", metavar="FILE",
                    help="compare with a saved baseline (implies --footprint)")
    group.addoption("--footprint-fail-over", metavar="PCT", type=_percent,
                    help="fail when the session's budget energy exceeds the baseline by more "
                         "than PCT %% (needs --footprint-baseline)")
    group.addoption("--footprint-save-baseline", metavar="FILE",
                    help="write this run as a baseline (implies --footprint)")
    group.addoption("--footprint-history", metavar="FILE",
                    help="append the session's row to this emissions CSV (implies --footprint)")
    group.addoption("--footprint-project", metavar="NAME",
                    help="project_name of the rows (default: the root folder's name)")
    group.addoption("--footprint-country", metavar="COUNTRY",
                    help="country of the grid intensity for CO2e (default: FOOTPRINTLAB_COUNTRY "
                         "or the time zone's country)")


def pytest_configure(config: pytest.Config) -> None:
    asked = config.getoption("footprint") or any(
        config.getoption(name) is not None for name in _OPTIONS)
    if not asked:
        return
    if config.getoption("footprint_fail_over") is not None and \
            config.getoption("footprint_baseline") is None:
        raise pytest.UsageError("--footprint-fail-over needs --footprint-baseline FILE")
    if hasattr(config, "workerinput"):  # a pytest-xdist worker
        return
    config.pluginmanager.register(FootprintPlugin(config), "footprintlab-budget")


class _Phase:
    __slots__ = ("test_id", "phase", "measurement", "cpu_s")

    def __init__(self, test_id: str, phase: str, measurement: Any, cpu_s: float):
        self.test_id, self.phase, self.measurement, self.cpu_s = test_id, phase, measurement, cpu_s


class FootprintPlugin:
    """The measuring half of the plugin, registered by :func:`pytest_configure` when asked."""

    def __init__(self, config: pytest.Config):
        from .files import BudgetFileError, read_baseline
        from .quantity import cpu_seconds, power_model

        self.config = config
        self.output = config.getoption("footprint_output")
        self.fail_over = config.getoption("footprint_fail_over")
        self.save_to = config.getoption("footprint_save_baseline")
        self.history = config.getoption("footprint_history")
        self.baseline = None
        path = config.getoption("footprint_baseline")
        if path is not None:
            try:
                self.baseline = read_baseline(path)
            except BudgetFileError as error:
                raise pytest.UsageError(f"--footprint-baseline: {error}") from None
            except OSError as error:
                raise pytest.UsageError(
                    f"--footprint-baseline: cannot read {path}: {error.strerror}") from None
        self.project = config.getoption("footprint_project") or config.rootpath.name
        self.model = power_model()
        self._cpu = cpu_seconds
        self.phases: list[_Phase] = []
        self.notes: list[str] = []
        self.problems: list[str] = []  # writing failures: the run fails
        self.written: list[str] = []
        self.session_id = str(uuid.uuid4())
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            from footprintlab.measure import Tracker

            options: dict[str, Any] = dict(experiment_id=self.session_id, output=None)
            country = config.getoption("footprint_country")
            self.tests = Tracker(self.project, country=country, **options)
            self.session = Tracker(self.project, country=country, **options)
        self.notes.extend(dict.fromkeys(str(w.message) for w in caught))
        self.session_row: dict[str, Any] | None = None
        self.verdict: Verdict | None = None
        self._session_cpu0 = 0.0

    # -- measuring ----------------------------------------------------------------------------
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self._session_cpu0 = self._cpu()
        self.session.start()

    def _measured(self, item: pytest.Item, phase: str):
        cpu0 = self._cpu()
        self.tests.start()
        try:
            return (yield)
        finally:
            measurement = self.tests.stop()
            self.phases.append(_Phase(item.nodeid, phase, measurement, self._cpu() - cpu0))

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_runtest_setup(self, item: pytest.Item):
        return (yield from self._measured(item, "setup"))

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_runtest_call(self, item: pytest.Item):
        return (yield from self._measured(item, "call"))

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_runtest_teardown(self, item: pytest.Item):
        return (yield from self._measured(item, "teardown"))

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session):
        try:
            return (yield)
        finally:
            self._end_session(session)

    # -- the session's end: files, verdict -----------------------------------------------------
    def _end_session(self, session: pytest.Session) -> None:
        from .compare import Verdict
        from .files import footprint_row

        measurement = self.session.stop()
        cpu_s = self._cpu() - self._session_cpu0
        self.session_row = footprint_row(measurement, "", "session", cpu_s, self.model.kwh(cpu_s))
        rows = [footprint_row(p.measurement, p.test_id, p.phase, p.cpu_s, self.model.kwh(p.cpu_s))
                for p in self.phases]
        rows.append(self.session_row)
        self._write("per-test CSV", self.output, lambda: self._write_rows(rows))
        if self.history:
            self._write("history", self.history, lambda: self._append(self.session_row))
        if self.save_to:
            self._write("baseline", self.save_to, self._save_baseline)
        if self.baseline is not None:
            self.verdict = Verdict(self.session_row["budget_energy"],
                                   self.baseline.total.budget_kwh, self.fail_over)
        if (self.verdict is not None and self.verdict.over) or self.problems:
            session.testsfailed += 1  # pytest then ends with exit status 1

    def _write(self, what: str, path: str, write) -> None:
        try:
            write()
        except Exception as error:  # reported in the summary; the run fails
            self.problems.append(f"could not write the {what} {path}: {error}")
        else:
            self.written.append(f"{what} {path}")

    def _write_rows(self, rows) -> None:
        from .files import write_rows

        write_rows(self.output, rows)

    def _append(self, row) -> None:
        from .files import append_rows

        append_rows(self.history, [row])

    def _save_baseline(self) -> None:
        from .files import BaselineEntry, write_baseline

        row = self.session_row
        assert row is not None  # set by _end_session before the files are written
        total = BaselineEntry("", "session", row["cpu_seconds"], row["budget_energy"],
                              row["energy_consumed"], row["emissions"])
        entries: dict[tuple[str, str], BaselineEntry] = {}
        for p in self.phases:  # a test rerun (plugins such as rerunfailures): phases summed
            key = (p.test_id, p.phase)
            before = entries.get(key)
            cpu_s = p.cpu_s + (before.cpu_seconds if before else 0.0)
            energy = p.measurement.energy_kwh + (before.energy_kwh if before else 0.0)
            emissions = p.measurement.emissions_kg + (before.emissions_kg if before else 0.0)
            entries[key] = BaselineEntry(p.test_id, p.phase, cpu_s, self.model.kwh(cpu_s),
                                         energy, emissions)
        write_baseline(self.save_to, total, entries.values())

    # -- the report ---------------------------------------------------------------------------
    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.session_row is None:
            return
        for line in self.report_lines():
            terminalreporter.write_line(line)

    def report_lines(self) -> list[str]:
        """The terminal report: totals, the verdict, the heaviest tests, the files written."""
        from .compare import change_pct, grams, joules, percent

        row = self.session_row
        assert row is not None, "the report follows the session's end"
        tests: dict[str, dict[str, float]] = {}
        for p in self.phases:
            figures = tests.setdefault(p.test_id, {"cpu": 0.0, "setup": 0.0, "call": 0.0,
                                                   "teardown": 0.0, "energy": 0.0})
            figures["cpu"] += p.cpu_s
            figures[p.phase] += p.cpu_s
            figures["energy"] += p.measurement.energy_kwh
        width = 100
        lines = [" footprint ".center(width, "-")]
        lines.append(
            f"session: {len(tests)} tests, {row['cpu_seconds']:.2f} s CPU, budget "
            f"{joules(row['budget_energy'])} ({self.model.describe()}); measured "
            f"{joules(row['energy_consumed'])}, {grams(float(row['emissions']))}")
        if self.verdict is not None and self.baseline is not None:  # a verdict needs a baseline
            lines.append(f"{self.verdict.describe()} ({self.baseline.path})")
        baseline_tests = self.baseline.tests() if self.baseline is not None else {}
        heaviest = sorted(tests.items(), key=lambda item: -item[1]["cpu"])[:TOP]
        if heaviest:
            name_width = min(max(len(t) for t, _ in heaviest), 60)
            head = (f"{'heaviest tests':<{name_width}}  {'CPU s':>7} {'budget':>9} "
                    f"{'setup':>7} {'call':>7} {'tear':>7}")
            if self.baseline is not None:
                head += f" {'vs baseline':>12}"
            lines.append(head)
            for test_id, f in heaviest:
                shown = test_id if len(test_id) <= name_width else "..." + test_id[
                    -(name_width - 3):]
                text = (f"{shown:<{name_width}}  {f['cpu']:7.3f} "
                        f"{joules(self.model.kwh(f['cpu'])):>9} {f['setup']:7.3f} "
                        f"{f['call']:7.3f} {f['teardown']:7.3f}")
                if self.baseline is not None:
                    before = baseline_tests.get(test_id)
                    text += " " + (f"{percent(change_pct(self.model.kwh(f['cpu']), before)):>12}"
                                   if before is not None else f"{'new':>12}")
                lines.append(text)
        if self.written:
            lines.append("written: " + ", ".join(self.written))
        lines.extend(f"note: {note}" for note in self.notes)
        lines.extend(f"error: {problem}" for problem in self.problems)
        return lines

"""``footprintlab budget report``: the page's content, its files, and Chromium loading nothing else."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from budget_helpers import write_baseline_file, write_history
from footprintlab.budget.report import write_report

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_the_page_shows_every_project_with_its_baseline_escaped(tmp_path):
    write_history(tmp_path / "history.csv")
    write_baseline_file(tmp_path / "base.csv", budget_j=11.0)
    write_report(tmp_path / "history.csv", tmp_path / "report.html", baseline=tmp_path / "base.csv")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<h2>web</h2>" in page
    assert "batch &lt;&amp;&gt; &quot;q&quot;" in page and "batch <&>" not in page
    assert page.count('class="baseline"') == 2  # one line per project's energy chart
    assert "Latest budget 13 J, baseline 11 J: <b>+18.2%</b>" in page  # (13 / 11 - 1) x 100
    for forbidden in ("<script", "http://", "https://", "<link", "<img", "@import", "url("):
        assert forbidden not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_one_project_and_the_heaviest_tests_of_a_footprint_csv(pytester_free_suite):
    folder = pytester_free_suite
    write_report(folder / "footprint.csv", folder / "report.html", project="suite")
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "Heaviest tests of the latest session" in page
    heavy, light = page.index("test_suite.py::test_heavy"), page.index("test_suite.py::test_light")
    assert heavy < light


@pytest.fixture
def pytester_free_suite(tmp_path):
    """A real footprint.csv: a two-test suite run with --footprint in a subprocess."""
    (tmp_path / "test_suite.py").write_text(
        "import time\n"
        "def test_light():\n    pass\n"
        "def test_heavy():\n    t = time.process_time()\n"
        "    while time.process_time() - t < 0.1: pass\n")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "--footprint", "--footprint-project", "suite", "test_suite.py"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return tmp_path


def test_files_refused_before_writing(tmp_path):
    write_history(tmp_path / "history.csv")
    (tmp_path / "report.html").write_text("keep me")
    run = [sys.executable, "-m", "footprintlab.cli", "budget", "report", "history.csv"]
    exists = subprocess.run([*run, "-o", "report.html"], cwd=tmp_path, capture_output=True,
                            text=True)
    assert exists.returncode == 2 and "pass --force" in exists.stderr
    assert (tmp_path / "report.html").read_text() == "keep me"
    forced = subprocess.run([*run, "-o", "report.html", "--force"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert forced.returncode == 0 and "<svg" in (tmp_path / "report.html").read_text()
    onto_input = subprocess.run([*run, "-o", "history.csv", "--force"], cwd=tmp_path,
                                capture_output=True, text=True)
    assert onto_input.returncode == 2 and "is the input file" in onto_input.stderr
    unknown = subprocess.run([*run, "-o", "x.html", "--project", "nope"], cwd=tmp_path,
                             capture_output=True, text=True)
    assert unknown.returncode == 2 and "no runs of project 'nope'" in unknown.stderr


@pytest.mark.ui
def test_chromium_opens_the_page_and_requests_nothing_outside_it(tmp_path):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    write_history(tmp_path / "history.csv")
    write_baseline_file(tmp_path / "base.csv")
    write_report(tmp_path / "history.csv", tmp_path / "report.html", baseline=tmp_path / "base.csv")
    url = (tmp_path / "report.html").as_uri()
    requests, outside, errors = [], [], []

    def route(r):
        requests.append(r.request.url)
        if r.request.url == url:
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            page = browser.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.route("**/*", route)
            page.goto(url)
            page.wait_for_load_state("load")
            assert page.title() == "Emissions budget"
            charts = page.locator("svg")
            assert charts.count() == 4  # energy and CO2e per project
            box = charts.first.bounding_box()
            assert box["width"] > 300 and box["height"] > 100  # the inline CSS/SVG laid out
            assert page.locator("svg .baseline").count() == 2
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        finally:
            browser.close()
    assert requests == [url]
    assert outside == [] and errors == []

"""The Explorer in a real browser: Chromium driven by Playwright against ``footprintlab app``.

At each viewport size (1400×1000, 1920×1080) the tests share one page (one kernel) and run in
order: render, slider, new step, zoom. Screenshots go to ``test-artifacts/``.
"""
import pytest
from conftest import ARTIFACTS
from ui_support import full_screenshot

pytestmark = [pytest.mark.ui, pytest.mark.slow]

WAIT_MS = 60_000


def test_all_widgets_render_without_errors_or_outside_requests(explorer_page):
    page = explorer_page.page
    labels = explorer_page.node_positions()
    assert {"System", "streaming", "video upload", "server", "SSD storage", "France",
            "WIFI network", "Default laptop", "Mean video consumption"} <= set(labels)
    assert page.locator(".fl-hourly path.line").count() >= 1
    assert len(explorer_page.chart_path()) > 1_000  # a drawn line, not an empty path
    assert len(explorer_page.breakdown_bars()) == 8  # 4 categories × fabrication, energy
    assert explorer_page.diff_title() == "no change since the start"
    assert page.locator(".fl-editor").count() == 1
    full_screenshot(page, ARTIFACTS / f"explorer-initial-{explorer_page.size}.png")
    assert explorer_page.console_errors == []
    assert explorer_page.outside_requests == []


def test_moving_the_download_slider_redraws_chart_breakdown_and_diff(explorer_page):
    page = explorer_page.page
    explorer_page.select("streaming", "data_download")
    path, bars = explorer_page.chart_path(), explorer_page.breakdown_bars()
    page.focus(".fl-field-data_download .noUi-handle")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "() => document.querySelector('.fl-diff-title').innerText.includes('data_download')",
        timeout=WAIT_MS)
    assert explorer_page.diff_title() == "streaming's data_download changing from 800 MB to 790 MB"
    page.wait_for_function("old => document.querySelector('.fl-hourly path.line').getAttribute('d') !== old",
                           arg=path, timeout=WAIT_MS)
    assert explorer_page.chart_path() != path
    page.wait_for_function(
        "old => JSON.stringify([...document.querySelectorAll('.fl-breakdown rect.bar')]"
        ".map(r => r.getAttribute('height'))) !== old", arg=_json(bars), timeout=WAIT_MS)
    assert explorer_page.breakdown_bars()[3] != bars[3]  # the network's energy bar
    full_screenshot(page, ARTIFACTS / f"explorer-after-slider-{explorer_page.size}.png")
    assert explorer_page.console_errors == []


def test_adding_a_step_shows_a_new_node_without_moving_the_others(explorer_page):
    page = explorer_page.page
    before = explorer_page.node_positions()
    edges_before = page.locator(".fl-object-graph .fl-edges path").count()
    explorer_page.select("Mean video consumption", "steps")
    page.click(".fl-field-steps .fl-add")
    new = ".fl-object-graph .fl-node[data-label='70 s capture and upload (2)']"
    page.wait_for_selector(new, timeout=WAIT_MS)
    after = explorer_page.node_positions()
    assert {label: after[label] for label in before} == before
    assert len(after) == len(before) + 1
    # the new step's edges: from its journey, to its job
    assert page.locator(".fl-object-graph .fl-edges path").count() == edges_before + 2
    full_screenshot(page, ARTIFACTS / f"explorer-after-new-step-{explorer_page.size}.png")
    assert explorer_page.console_errors == []
    assert explorer_page.outside_requests == []


def _json(value) -> str:
    import json

    return json.dumps(value, separators=(",", ":"))


def test_wheel_zoom_switches_the_chart_to_hourly_detail_and_back(explorer_page):
    page = explorer_page.page
    daily = explorer_page.chart_path().count("L")  # one segment per day over three years
    box = page.locator(".fl-hourly .plotarea_events").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(12):  # each step zooms by e^-0.3: three years -> about a month
        page.mouse.wheel(0, -300)
    page.wait_for_function(
        "n => document.querySelector('.fl-hourly path.line').getAttribute('d').split('L').length - 1 > n",
        arg=daily, timeout=WAIT_MS)
    hourly = explorer_page.chart_path().count("L")
    assert daily < hourly <= 5_000
    page.click(".fl-hourly button:has-text('full period')")
    page.wait_for_function(
        "n => document.querySelector('.fl-hourly path.line').getAttribute('d').split('L').length - 1 === n",
        arg=daily, timeout=WAIT_MS)
    assert explorer_page.console_errors == []

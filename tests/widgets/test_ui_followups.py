"""Uncertainty, templates and comparison in the Explorer, in a real browser (Chromium + Voila).

The app opens a quickstart with two uncertain inputs: the hourly chart shows its P5–P95 band and
the tornado is shown; a number becomes a range in the editor; the Explorer starts from the GenAI
template (External APIs bars); a copy is opened as second model and compared. Nothing is clipped
or overflows at 1280 and 1920 px. Screenshots go to ``test-artifacts/``.
"""
import footprintlab as fl
import pytest
from conftest import ARTIFACTS
from footprintlab import u
from ui_support import AppServer, ExplorerPage, full_screenshot, layout_problems

pytestmark = [pytest.mark.ui, pytest.mark.slow]

WAIT_MS = 60_000
SIZES = {"1280x900": (1280, 900), "1920x1080": (1920, 1080)}


@pytest.fixture(scope="module")
def uncertain_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("uncertain")
    system = fl.quickstart()
    system.devices()[0].lifespan = fl.Triangular(3 * u.year, 5 * u.year, 8 * u.year)
    upload = next(job for job in system.jobs() if job.name == "video upload")
    upload.data_upload = fl.Uniform(10 * u.MB, 40 * u.MB)
    system.to_json(folder / "uncertain.json")
    ARTIFACTS.mkdir(exist_ok=True)
    server = AppServer(folder / "uncertain.json", log_path=ARTIFACTS / "app-server-uncertain.log",
                       workdir=folder)
    yield server
    server.stop()


@pytest.mark.parametrize("size", list(SIZES))
def test_uncertainty_template_and_comparison_in_the_explorer(uncertain_server, chromium, size):
    explorer = ExplorerPage(chromium, uncertain_server, *SIZES[size])
    page = explorer.page
    try:
        # the band (computed after the page is up) and the tornado
        page.wait_for_function("() => (document.querySelector('.fl-band-status') || {}).textContent"
                               "?.includes('200 samples')", timeout=WAIT_MS)
        assert page.locator(".fl-tornado rect.bar").count() == 4  # 2 inputs × low, high
        widths = page.eval_on_selector_all(".fl-tornado rect.bar",
                                           "rs => rs.map(r => parseFloat(r.getAttribute('width')))")
        assert min(widths) > 1 and max(widths) > 100  # drawn (an automatic domain drew them 0 px wide)
        band = page.eval_on_selector_all(".fl-hourly .bqplot path.area",
                                         "paths => paths.map(p => (p.getAttribute('d') || '').length)")
        assert max(band) > 1_000  # a drawn band, not an empty path
        assert "Default laptop.lifespan" in page.inner_text(".fl-tornado")
        page.wait_for_selector(".fl-calculation-graph .fl-node")
        assert layout_problems(page) == []
        full_screenshot(page, ARTIFACTS / f"uncertain-{size}.png")

        # a number becomes a range in the editor
        explorer.select("streaming", "data_download")
        page.click(".fl-field-data_download .fl-range-button")
        page.fill(".fl-field-data_download .fl-range-high input", "1,600")
        page.click(".fl-field-data_download .fl-apply-range")
        page.wait_for_function("() => document.querySelector('.fl-field-data_download "
                               ".fl-distribution').textContent.includes('uniform 400 – 1,600 MB')",
                               timeout=WAIT_MS)
        page.wait_for_function("() => document.querySelectorAll('.fl-tornado rect.bar').length === 6",
                               timeout=WAIT_MS)
        page.click(".fl-field-data_download .fl-range-button")  # open it again to show the form
        page.wait_for_selector(".fl-field-data_download .fl-range-low")
        assert layout_problems(page) == []
        full_screenshot(page, ARTIFACTS / f"uncertain-range-editor-{size}.png")

        # a copy as second model: the comparison
        page.select_option(".fl-second-source select", label="a copy of this model")
        page.click(".fl-open-second")
        page.wait_for_selector(".fl-compare .fl-compare-inputs, .fl-compare p", timeout=WAIT_MS)
        page.wait_for_selector(".fl-compare .fl-breakdown rect.bar")
        assert "comparing A and B" in page.inner_text(".fl-status")
        assert layout_problems(page) == []
        full_screenshot(page, ARTIFACTS / f"compare-copy-{size}.png")
        page.click(".fl-views button:has-text('explore A')")
        page.wait_for_selector(".fl-explorer-main .fl-object-graph .fl-node")

        # start from the GenAI template: External APIs bars
        page.select_option(".fl-template select", "ai_assistant")
        page.click(".fl-open-template")
        page.wait_for_function("() => document.querySelector('.fl-title').textContent"
                               ".includes('ai_assistant')", timeout=WAIT_MS)
        page.wait_for_function("() => [...document.querySelectorAll('.fl-breakdown .tick text')]"
                               ".some(t => t.textContent === 'External APIs')", timeout=WAIT_MS)
        page.wait_for_selector(".fl-calculation-graph .fl-node")
        assert layout_problems(page) == []
        full_screenshot(page, ARTIFACTS / f"template-ai-assistant-{size}.png")
        assert explorer.console_errors == []
        assert explorer.outside_requests == []
    finally:
        explorer.close()

"""The Explorer's layout, errors, files and calculation graph in a real browser (Chromium).

Nothing is clipped or overflows at 1280, 1400 and 1920 px wide; an invalid entry shows its
message under its field, inside the editor's column; "save model" and "export CSV" write into the
folder the app was started from and load offers the files there; the calculation graph of the
charted value is shown. Screenshots go to ``test-artifacts/``.
"""
import footprintlab as fl
import pytest
from conftest import ARTIFACTS, VIEWPORTS
from ui_support import ExplorerPage, full_screenshot, layout_problems

pytestmark = [pytest.mark.ui, pytest.mark.slow]

WAIT_MS = 60_000
SIZES = {"1280x900": (1280, 900), **VIEWPORTS}
BAD_ENTRIES = ["5 kg", "abc", "-5", "1,5", "1e400"]


@pytest.mark.parametrize("size", list(SIZES))
def test_nothing_is_clipped_and_nothing_overflows(app_server, chromium, size):
    explorer = ExplorerPage(chromium, app_server, *SIZES[size])
    page = explorer.page
    try:
        page.wait_for_selector(".fl-calculation-graph .fl-node")
        assert layout_problems(page) == []
        full_screenshot(page, ARTIFACTS / f"layout-quickstart-{size}.png")
        explorer.select("server", "power")  # two series on the chart, a longer editor
        page.wait_for_selector(".fl-hourly path.line >> nth=1")
        page.hover('.fl-object-graph .fl-node[data-label="server"]')
        page.wait_for_function("() => document.querySelector('.fl-object-graph .fl-tip')"
                               ".textContent.includes('energy footprint')", timeout=WAIT_MS)
        tip = page.locator(".fl-object-graph .fl-tip").bounding_box()
        assert 0 <= tip["x"] and tip["x"] + tip["width"] <= SIZES[size][0]
        assert 0 <= tip["y"] and tip["y"] + tip["height"] <= SIZES[size][1]
        assert "e+" not in page.inner_text(".fl-object-graph .fl-tip")
        assert layout_problems(page) == []
        full_screenshot(page, ARTIFACTS / f"layout-server-{size}.png")
        assert explorer.console_errors == []
    finally:
        explorer.close()


def test_object_graph_nodes_fit_their_panel_readably_and_show_full_labels(explorer_page):
    page = explorer_page.page
    scale = float(page.get_attribute(".fl-object-graph", "data-scale"))
    assert scale >= 0.6  # 11.5 px labels drawn at 7 px or more
    title = page.text_content('.fl-object-graph .fl-node[data-label="Daily video streaming consumption"] title')
    assert title == "Daily video streaming consumption (UsagePattern)"  # the full text on hover
    lines = page.eval_on_selector_all(
        '.fl-object-graph .fl-node[data-label="Daily video streaming consumption"] tspan',
        "spans => spans.map(s => s.textContent)")
    assert lines[0] == "Daily video" and len(lines) == 2


@pytest.mark.parametrize("entry", BAD_ENTRIES)
def test_an_invalid_entry_shows_its_message_under_its_field(explorer_page, entry):
    page = explorer_page.page
    if not page.locator(".fl-editor .fl-field-data_upload").count():
        explorer_page.select("streaming", "data_upload")
    field = page.locator(".fl-field-data_upload")
    page.fill(".fl-field-data_upload input", entry)
    page.keyboard.press("Enter")
    error = field.locator(".fl-error-text")
    error.wait_for(timeout=WAIT_MS)
    text = error.inner_text()
    assert "data_upload" in text or "data upload" in text
    side = page.locator(".fl-explorer-side").bounding_box()
    box, entry_box = error.bounding_box(), field.locator("input").bounding_box()
    assert side["x"] <= box["x"] and box["x"] + box["width"] <= side["x"] + side["width"] + 1
    assert box["y"] >= entry_box["y"] + entry_box["height"] - 1  # on its own line, under the entry
    assert field.bounding_box()["height"] < 120  # no tall blank row
    assert layout_problems(page) == []
    name = entry.replace(" ", "_").replace(",", "comma")
    full_screenshot(page, ARTIFACTS / f"error-{name}-{explorer_page.size}.png")
    page.fill(".fl-field-data_upload input", "0.05")
    page.keyboard.press("Enter")
    page.wait_for_selector(".fl-field-data_upload .fl-error-text", state="detached", timeout=WAIT_MS)


def test_the_calculation_graph_of_the_chosen_value_is_shown(explorer_page):
    page = explorer_page.page
    explorer_page.select("server", "power")
    # ipywidgets writes option labels with no-break spaces
    page.wait_for_function("() => document.querySelector('.fl-explain select').selectedOptions[0]"
                           ".text.replace(/\\u00a0/g, ' ') === 'server — energy'", timeout=WAIT_MS)
    page.select_option(".fl-explain select", label=nbsp("server — nb of instances"))
    page.wait_for_selector('.fl-calculation-graph[data-root="nb_of_instances of server"] .fl-node',
                           timeout=WAIT_MS)
    assert page.inner_text(".fl-panel-title") == "calculation of server — nb of instances"
    page.click('.fl-calculation-graph .fl-node[data-label="nb_of_instances of server"]')  # the root
    assert "nb_of_instances of server =" in page.inner_text(".fl-explorer-side .fl-detail")
    assert layout_problems(page) == []
    full_screenshot(page, ARTIFACTS / f"calculation-graph-{explorer_page.size}.png")
    # clicking a series of the hourly chart (its legend entry) explains it
    page.click(".fl-hourly .fl-series:has-text('server — fabrication')")
    page.wait_for_selector('.fl-calculation-graph[data-root="instances_fabrication_footprint of server"]',
                           timeout=WAIT_MS)
    assert page.inner_text(".fl-panel-title") == "calculation of server — fabrication"


def test_save_export_and_load_use_the_app_folder(explorer_page, app_server, workdir):
    page = explorer_page.page
    target = workdir / f"model-{explorer_page.size}.json"
    page.fill(".fl-files input[type=text]", target.name)
    page.keyboard.press("Enter")
    page.click(".fl-files button:has-text('save model')")
    page.wait_for_selector(f".fl-status:has-text('saved the model to {target}')", timeout=WAIT_MS)
    assert target.exists()  # in the app's folder, with the absolute path in the status
    page.click(".fl-files button:has-text('save model')")
    page.wait_for_selector(f".fl-status:has-text('{target} exists; nothing was written')", timeout=WAIT_MS)
    page.click(f".fl-overwrite:has-text('overwrite {target.name}')")
    page.wait_for_selector(f".fl-status:has-text('saved the model to {target}')", timeout=WAIT_MS)
    page.click(".fl-files button:has-text('export CSV')")
    csv = workdir / f"model-{explorer_page.size}-results.csv"
    page.wait_for_selector(f".fl-status:has-text('exported the results to {csv}')", timeout=WAIT_MS)
    assert csv.exists()
    full_screenshot(page, ARTIFACTS / f"files-saved-{explorer_page.size}.png")
    # a model put into the folder while the app runs: listed after ↻, loaded into every panel
    other = fl.quickstart()
    other.servers()[0].name = "loaded server"
    other.jobs()[0].data_download = 300 * fl.u.MB
    other.to_json(workdir / "other.json", overwrite=True)
    page.click(".fl-files .fl-rescan")
    page.wait_for_selector(".fl-files select option:has-text('other.json')", state="attached",
                           timeout=WAIT_MS)
    page.select_option(".fl-files select", label=nbsp("other.json"))
    page.click(".fl-files button:has-text('load')")
    page.wait_for_selector(".fl-explorer h3:has-text('other.json')", timeout=WAIT_MS)
    page.wait_for_selector('.fl-object-graph .fl-node[data-label="loaded server"]', timeout=WAIT_MS)
    assert f"loaded {workdir / 'other.json'}" in page.inner_text(".fl-status")
    explorer_page.select("streaming", "data_download")
    assert page.inner_text(".fl-field-data_download .widget-readout").startswith("300")
    full_screenshot(page, ARTIFACTS / f"files-loaded-{explorer_page.size}.png")
    # an upload that is not a model (not even UTF-8): the status says why, the model stays
    with page.expect_file_chooser() as chooser:  # ipywidgets' file input is not in the DOM
        page.click(".fl-files .widget-upload")
    chooser.value.set_files(files=[{"name": "broken.json", "mimeType": "application/json",
                                    "buffer": b"\xff\xfe{not json"}])
    page.wait_for_selector(".fl-status .fl-error-text", timeout=WAIT_MS)
    assert page.locator('.fl-object-graph .fl-node[data-label="loaded server"]').count() == 1
    assert explorer_page.console_errors == []


def nbsp(label: str) -> str:
    """A Dropdown option's label as ipywidgets writes it (spaces made no-break)."""
    return label.replace(" ", "\u00a0")

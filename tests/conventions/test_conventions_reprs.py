"""Rich display: every repr is static HTML (no script), escapes user text, and stays compact."""
import re

import footprintlab as fl
import numpy as np
import pytest
from footprintlab.engine import Hourly, Quantity, Source, Sources, SourceValue, u
from footprintlab.model import (
    Job,
    Server,
    Storage,
    System,
    UsageJourney,
    UsageJourneyStep,
    UsagePattern,
)
from footprintlab.model.archetypes import Countries
from footprintlab.model.edge import Device, Network
from footprintlab.numbers import readable

EVIL = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def _no_active_content(text: str) -> None:
    assert "<script" not in text.lower()
    assert "onerror=" not in text.lower().replace("onerror=alert(1)&gt;", "")
    assert not re.search(r"<img\b", text)


def test_quantity_repr_html_and_text():
    q = Quantity(1234.5, u.kWh)
    assert repr(q) == "1234.5 kWh"
    shown = q._repr_html_()
    assert "1,234.5" in shown and "kWh" in shown and "e+" not in shown
    _no_active_content(shown)


def test_hourly_repr_html_has_period_total_min_mean_max_and_an_inline_svg_sparkline():
    series = Hourly(np.arange(24 * 400, dtype=float), "2025-01-01", u.kWh)
    shown = series._repr_html_()
    assert "2025-01-01 00:00" in shown and "9600 hours" in shown
    assert f"<td>{readable(series.sum().magnitude, 6)} <span" in shown and "e+" not in shown
    assert "min / mean / max" in shown
    assert shown.count("<svg") == 1 and "<polyline" in shown
    points = re.search(r'points="([^"]+)"', shown).group(1).split()
    assert 2 <= len(points) <= 240  # a year of hours is drawn with at most 240 points
    _no_active_content(shown)
    assert len(shown) < 12_000
    assert "empty hourly series" in Hourly([], "2025-01-01", u.kWh)._repr_html_()


def test_hourly_sparkline_skips_non_finite_values():
    shown = Hourly([1.0, np.nan, 3.0, np.inf], "2025-01-01", u.W)._repr_html_()
    assert "nan" not in re.search(r'points="([^"]+)"', shown).group(1)


def test_input_value_shows_its_source_badge_link_and_distribution():
    source = Source("ADEME <Base Empreinte>", "https://example.org/?a=1&b=<2>")
    value = SourceValue(3 * u.kg, source)
    shown = value._repr_html_()
    assert "ADEME &lt;Base Empreinte&gt;" in shown
    assert 'href="https://example.org/?a=1&amp;b=&lt;2&gt;"' in shown
    hypothesis = SourceValue(fl.Uniform(1 * u.kg, 2 * u.kg), Sources.HYPOTHESIS)._repr_html_()
    assert "fl-hypothesis" in hypothesis and "fl-uncertain" in hypothesis
    unsafe = SourceValue(1 * u.kg, Source("x", "javascript:alert(1)"))._repr_html_()
    assert "href=" not in unsafe  # only http(s) links become links


def test_explain_is_text_and_renders_as_a_formula_tree(system):
    text = system.total_footprint.explain()
    assert isinstance(text, str) and text.startswith("total_footprint")
    assert repr(text) == str(text)  # a notebook's text/plain shows the lines, not a quoted string
    shown = text._repr_html_()
    assert shown.count("<details") >= 2 and 'class="fl-tree"' in shown
    assert "fl-calculated" in shown and "= Σ hours" in shown
    _no_active_content(shown)
    # the tree is cut after a fixed number of nodes, pointing at the full graph
    assert shown.count("<li") <= 61 + 20


def test_model_object_shows_inputs_with_units_and_sources_and_results(system):
    server = system.servers()[0]
    shown = server._repr_html_()
    assert "Server" in shown and "power" in shown and "W</span>" in shown
    assert "fl-badge" in shown and "results" in shown
    assert "energy_footprint" in shown
    _no_active_content(shown)


def test_plain_text_repr_in_ipython_is_the_description(system):
    from IPython.lib.pretty import pretty

    server = system.servers()[0]
    assert repr(server) == f"Server({server.name!r})"
    assert pretty(server).startswith(f"Server {server.name!r}") and "inputs:" in pretty(server)


def test_system_shows_its_category_by_phase_table_and_total(system):
    shown = system._repr_html_()
    table = system.footprints_by_category()
    for category in table.index:
        assert f"<td>{category}</td>" in shown
    total = system.total_footprint.value.m_as(u.kg)
    assert "total footprint" in shown and readable(total, 6) in shown
    assert "<details>" in shown  # inputs and results collapsed under the summary
    _no_active_content(shown)


def test_a_name_with_a_script_tag_is_shown_escaped_never_run():
    server = Server(EVIL, server_type="autoscaling", carbon_footprint_fabrication=600 * u.kg,
                    power=300 * u.W, lifespan=6 * u.year, idle_power=50 * u.W, ram=128 * u.GB,
                    compute=24 * u.cpu_core, power_usage_effectiveness=1.2,
                    average_carbon_intensity=100 * u.g / u.kWh, utilization_rate=0.9,
                    base_ram_consumption=300 * u.MB, base_compute_consumption=2 * u.cpu_core,
                    storage=_storage())
    server.power = SourceValue(310 * u.W, Source(EVIL, EVIL), comment=EVIL)
    for shown in (server._repr_html_(), server.power._repr_html_(),
                  server.power.explain()._repr_html_()):
        _no_active_content(shown)
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in shown


def _storage():
    return Storage("ssd", carbon_footprint_fabrication=160 * u.kg, power=1.3 * u.W,
                   lifespan=6 * u.year, idle_power=0 * u.W, storage_capacity=1 * u.TB,
                   power_usage_effectiveness=1.2, average_carbon_intensity=100 * u.g / u.kWh,
                   data_replication_factor=3, data_storage_duration=2 * u.year,
                   base_storage_need=100 * u.TB)


def _large_system(n_jobs: int = 300, hours: int = 24 * 7) -> System:
    storage = _storage()
    server = Server("server", server_type="autoscaling", carbon_footprint_fabrication=600 * u.kg,
                    power=300 * u.W, lifespan=6 * u.year, idle_power=50 * u.W, ram=1 * u.TB,
                    compute=4096 * u.cpu_core, power_usage_effectiveness=1.2,
                    average_carbon_intensity=100 * u.g / u.kWh, utilization_rate=0.9,
                    base_ram_consumption=300 * u.MB, base_compute_consumption=2 * u.cpu_core,
                    storage=storage)
    jobs = [Job(f"job {i}", server=server, data_upload=0.05 * u.MB, data_download=1 * u.MB,
                data_stored=0.05 * u.MB, request_duration=1 * u.s, compute_needed=0.01 * u.cpu_core,
                ram_needed=1 * u.MB) for i in range(n_jobs)]
    steps = [UsageJourneyStep(f"step {i}", user_time_spent=1 * u.min, jobs=jobs[i::10])
             for i in range(10)]
    journey = UsageJourney("journey", steps=steps)
    starts = Hourly(np.full(hours, 10.0), "2025-01-01", u.occurrence)
    pattern = UsagePattern("pattern", usage_journey=journey, devices=[Device.laptop()],
                           network=Network.wifi(), country=Countries.FRANCE(),
                           hourly_usage_journey_starts=starts)
    return System("big", usage_patterns=[pattern])


def test_a_large_model_stays_compact():
    system = _large_system()
    assert len(system.all_objects()) > 300
    shown = system._repr_html_()
    assert len(shown) < 20_000
    step = system.all_objects()[0]
    for obj in [system, *system.all_objects()]:
        html = obj._repr_html_()
        assert len(html) < 40_000, type(obj).__name__
    journey = next(o for o in system.all_objects() if type(o).__name__ == "UsageJourneyStep")
    listed = journey._repr_html_()
    assert "… and 18 more" in listed and listed.count("job ") <= 12 + 1
    assert step is not None


@pytest.fixture(scope="module")
def system():
    return fl.quickstart(24 * 14)

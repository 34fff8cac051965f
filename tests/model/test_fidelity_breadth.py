"""Services, weighted journeys and GenAI calls reproduce efootprint 27's figures within 0.5 %.

Reference figures: ``data/efootprint27_breadth.json``, written by ``benchmarks/efootprint_issue14.py``
running efootprint 27.0.0 (and EcoLogits 0.11.3) in its own venv on the same two scenarios.
"""
import json
from pathlib import Path

import pytest
from breadth_scenarios import build_genai, build_streaming
from footprintlab import u
from footprintlab.model.genai import ecologits_available

REFERENCE = json.loads((Path(__file__).parent / "data" / "efootprint27_breadth.json").read_text())
TOLERANCE = 0.005
needs_ecologits = pytest.mark.skipif(not ecologits_available(),
                                     reason="EcoLogits is not installed (pip install 'footprintlab[genai]')")


@pytest.fixture(scope="module")
def streaming():
    return build_streaming()


@pytest.fixture(scope="module")
def genai():
    return build_genai()


def _compare_categories(system, reference):
    table = system.footprints_by_category()
    for category, phases in reference["categories"].items():
        ours_name = "External APIs" if category == "ExternalAPIs" else category
        for phase, expected in phases.items():
            ours = table.loc[ours_name, phase] if ours_name in table.index else 0.0
            assert ours == pytest.approx(expected, rel=TOLERANCE, abs=1e-3), (category, phase)
    assert system.total_footprint.m_as(u.kg) == pytest.approx(reference["total_kg"], rel=TOLERANCE)


def test_streaming_service_and_weighted_journeys_match_efootprint(streaming):
    reference = REFERENCE["streaming"]
    _compare_categories(streaming, reference)
    assert "External APIs" not in streaming.footprints_by_category().index
    server = streaming.servers()[0]
    assert server.occupied_ram_per_instance.value.m_as(u.GB) == pytest.approx(reference["server_occupied_ram_gb"])
    assert server.available_ram_per_instance.value.m_as(u.GB) == pytest.approx(reference["server_available_ram_gb"])
    assert server.nb_of_instances.value.max().magnitude == pytest.approx(reference["server_peak_instances"])


@needs_ecologits
def test_genai_calls_match_efootprint(genai):
    _compare_categories(genai, REFERENCE["genai"])
    assert "External APIs" in genai.footprints_by_category().index


def _compare_by_source(system, reference):
    table = system.footprints_by_job(by="source")
    for job, sources in reference["by_job_and_source"].items():
        for source, phases in sources.items():
            for phase, expected in phases.items():
                ours = float(table.loc[(job, source), f"{phase if phase == 'fabrication' else 'energy'}_kg"])
                assert ours == pytest.approx(expected, rel=TOLERANCE, abs=1e-2), (job, source, phase)


def test_streaming_attribution_by_source_matches_efootprint(streaming):
    _compare_by_source(streaming, REFERENCE["streaming"])


@needs_ecologits
def test_genai_attribution_by_source_matches_efootprint(genai):
    _compare_by_source(genai, REFERENCE["genai"])

"""Fixtures of the on-premise tests: CSV files written into pytest's tmp_path."""

from __future__ import annotations

import pytest
from onprem_ccf_cases import EXAMPLE_INPUT_CSV


@pytest.fixture
def example_csv(tmp_path):
    """CCF's example input written to a file in a fresh folder."""
    path = tmp_path / "fleet.csv"
    path.write_text(EXAMPLE_INPUT_CSV, encoding="utf-8")
    return path

"""Fixtures for the measurement tests: a fake powercap tree and a fake NVML module."""

from __future__ import annotations

import pytest
from measure_helpers import FakeNvml, FakePowercap


@pytest.fixture
def powercap(tmp_path):
    return FakePowercap(tmp_path / "powercap")


@pytest.fixture
def fake_nvml():
    return FakeNvml()

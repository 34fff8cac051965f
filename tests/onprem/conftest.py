"""Shared fixtures of the on-premise tests: CSV files written into pytest's tmp_path."""

from __future__ import annotations

import pytest

from onprem_ccf_cases import EXAMPLE_INPUT_CSV

HEADER = (
    "cpuDescription,machineName,memory,machineType,startTime,endTime,country,region,cost,"
    "cpuUtilization,powerUsageEffectiveness,dailyUptime,weeklyUptime,monthlyUptime,annualUptime"
)


def csv_text(*rows: str, header: str = HEADER) -> str:
    """A CSV file's text from a header and data lines."""
    return "\n".join((header, *rows)) + "\n"


GOOD_ROW = (
    "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz,web-1,192,server,2024-01-01T00:00:00Z,"
    "2024-01-31T00:00:00Z,France,,1000,40,1.4,24,168,730,8760"
)


@pytest.fixture
def example_csv(tmp_path):
    """CCF's example input written to a file in a fresh folder."""
    path = tmp_path / "fleet.csv"
    path.write_text(EXAMPLE_INPUT_CSV, encoding="utf-8")
    return path

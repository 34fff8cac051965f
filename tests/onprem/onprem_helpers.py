"""Helpers of the on-premise tests: CSV text from rows (fixture files are written by the tests)."""

from __future__ import annotations

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

"""Column names of Cloud Carbon Footprint's on-premise CSV and of footprintlab's output."""

from __future__ import annotations

# CCF's input columns, in the order of its example file.
INPUT_COLUMNS = (
    "cpuDescription", "machineName", "memory", "machineType", "startTime", "endTime", "country",
    "region", "cost", "cpuUtilization", "powerUsageEffectiveness", "dailyUptime", "weeklyUptime",
    "monthlyUptime", "annualUptime",
)
REQUIRED_COLUMNS = ("cpuDescription", "memory", "machineType", "startTime", "endTime")

# Optional columns footprintlab reads beyond CCF's (used only with embodied=True).
EMBODIED_COLUMNS = ("embodiedKgCo2e", "lifespanYears")

PERIODS = ("daily", "weekly", "monthly", "annual")
UPTIME_COLUMNS = tuple(f"{p}Uptime" for p in PERIODS)
# Days in each period (monthly = 365/12), used to derive a missing uptime from a given one.
PERIOD_DAYS = {"daily": 1.0, "weekly": 7.0, "monthly": 365.0 / 12.0, "annual": 365.0}
# Largest valid uptime of each period, h (a 31-day month, a leap year).
MAX_UPTIME_HOURS = {"daily": 24.0, "weekly": 168.0, "monthly": 744.0, "annual": 8784.0}
# Hours each period lasts, for amortising embodied emissions (monthly = 8760/12).
PERIOD_HOURS = {"daily": 24.0, "weekly": 168.0, "monthly": 730.0, "annual": 8760.0}

# CCF's output columns, same names, same order (23).
CCF_OUTPUT_COLUMNS = (
    "cpuDescription", "machineName", "memory", "machineType", "startTime", "endTime", "country",
    "region", "cpuUtilization", "powerUsageEffectiveness", "cost",
    "dailyUptime", "dailyKilowattHours", "dailyCo2e",
    "weeklyUptime", "weeklyKilowattHours", "weeklyCo2e",
    "monthlyUptime", "monthlyKilowattHours", "monthlyCo2e",
    "annualUptime", "annualKilowattHours", "annualCo2e",
)

# Transparency columns footprintlab appends after CCF's.
TRANSPARENCY_COLUMNS = (
    "sourceRow", "cpuSeries", "processorFamily", "familyMatch", "minWatts", "maxWatts",
    "processorMemoryGb", "averageWatts", "cpuUtilizationUsed", "cpuUtilizationSource",
    "powerUsageEffectivenessUsed", "powerUsageEffectivenessSource", "emissionFactor",
    "emissionFactorRegion", "emissionFactorSource", "derivedUptimes", "spanHours",
    "periodUptime", "periodKilowattHours", "periodCo2e", "fallbacks",
)
EMBODIED_OUTPUT_COLUMNS = (
    "embodiedKgCo2e", "lifespanYears", "embodiedSource",
    "dailyEmbodiedCo2e", "weeklyEmbodiedCo2e", "monthlyEmbodiedCo2e", "annualEmbodiedCo2e",
)



def output_columns(embodied: bool) -> tuple[str, ...]:
    """All output columns, in order."""
    return (CCF_OUTPUT_COLUMNS + TRANSPARENCY_COLUMNS
            + (EMBODIED_OUTPUT_COLUMNS if embodied else ()))


# Columns written with JavaScript number formatting, as CCF writes them.
CCF_COMPUTED_COLUMNS = tuple(
    f"{p}{kind}" for p in PERIODS for kind in ("KilowattHours", "Co2e")
)

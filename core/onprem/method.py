"""The on-premise estimate of valid rows, vectorised; formulas in CCF's exact order.

Per row and period (uptime h hours), after Cloud Carbon Footprint (Apache-2.0):

- average W = min W + (utilization % / 100) x (max W - min W)     (or the machine type's watts)
- compute kWh = (average W x h x PUE) / 1000
- memory kWh = max(0, memory GB - family memory GB) x h x 0.000392 kWh/GB-h x PUE
- kWh = compute kWh + memory kWh
- CO2e t = compute kWh x EF + memory kWh x EF   (EF in t CO2e/kWh; the sum of the two parts,
  not kWh x EF, as CCF does: the last digit can differ)

Floating-point operations follow CCF's order, so results equal CCF's to the last bit.
Beyond CCF: embodied t = embodied kg / 1000 x period hours / (lifespan years x 8760 h).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from footprintlab.onprem.cpu import match_cpu
from footprintlab.onprem.grid import series_mean_factor
from footprintlab.onprem.options import EstimateOptions
from footprintlab.onprem.schema import (
    CCF_OUTPUT_COLUMNS,
    EMBODIED_OUTPUT_COLUMNS,
    PERIOD_DAYS,
    PERIOD_HOURS,
    PERIODS,
    TRANSPARENCY_COLUMNS,
)
from footprintlab.onprem.tables import (
    CCF_EMBODIED_SOURCE,
    DEFAULT_CPU_UTILIZATION,
    DEFAULT_PUE,
    FALLBACK_MAX_WATTS,
    FALLBACK_MEMORY_GB,
    FALLBACK_MIN_WATTS,
    HOURS_PER_YEAR,
    MEMORY_KWH_PER_GB_HOUR,
    SERVER_LIFESPAN_YEARS,
    family_power,
    server_embodied_kg,
)
from footprintlab.onprem.validation import CheckedChunk, _text

NS_PER_HOUR = 3_600_000_000_000
# GB; the largest single servers sold hold 24-32 TB of memory, so more suggests MB given as GB
LARGEST_PLAUSIBLE_MEMORY_GB = 32768.0


def categorical(values_per_code: list[str], codes: np.ndarray) -> pd.Categorical:
    """Column whose row i is ``values_per_code[codes[i]]``, as a pandas Categorical.

    Text columns with few distinct values are kept as categories: no per-row Python strings.
    """
    categories, inverse = np.unique(np.asarray(values_per_code + [""], dtype=str),
                                    return_inverse=True)
    return pd.Categorical.from_codes(inverse[codes], categories=categories.astype(object))


def _families(cpu: pd.Series, parser: str) -> dict:
    codes, uniques = pd.factorize(cpu)
    powers = family_power()
    matches = [match_cpu(d, parser) for d in uniques]
    coefficients = [powers.get(m.family) if m.has_coefficients and m.family is not None else None
                    for m in matches]

    def numbers(values: list[float]) -> np.ndarray:
        return np.asarray(values + [np.nan], dtype=float)[codes]

    return dict(
        codes=codes,
        series=categorical([m.series or "" for m in matches], codes),
        family=categorical([m.family or "" for m in matches], codes),
        how=categorical([m.how for m in matches], codes),
        min=numbers([c.min_watts if c else FALLBACK_MIN_WATTS for c in coefficients]),
        max=numbers([c.max_watts if c else FALLBACK_MAX_WATTS for c in coefficients]),
        memory=numbers([c.memory_gb if c else FALLBACK_MEMORY_GB for c in coefficients]),
        notes=(codes, [m.fallback_note for m in matches]),
    )


def _machine_type_values(machine_type: pd.Series, options: EstimateOptions, key: str) -> np.ndarray:
    """The machine type's default ``key`` per row (NaN where none applies)."""
    if not options.machine_type_defaults:
        return np.full(len(machine_type), np.nan)
    keys = machine_type if options.ccf_quirks else machine_type.str.lower()
    table = {t: v[key] for t, v in options.machine_type_defaults.items() if v.get(key)}
    if options.ccf_quirks:
        table = {t: v for t, v in table.items() if t in ("server", "laptop", "desktop")}
    return keys.map(table).to_numpy(dtype=float, na_value=np.nan)


def _derive_uptimes(uptimes: dict[str, np.ndarray]):
    """Fill missing uptimes from the longest given period (same hours per day).

    Returns (filled uptimes, "daily+weekly"-style names of derived ones, missing masks).
    """
    rate = np.full(len(next(iter(uptimes.values()))), np.nan)
    for period in reversed(PERIODS):  # annual first: the most representative
        rate = np.where(np.isnan(rate), uptimes[period] / PERIOD_DAYS[period], rate)
    filled, missing = {}, {}
    for period in PERIODS:
        missing[period] = np.isnan(uptimes[period])
        filled[period] = np.where(missing[period], rate * PERIOD_DAYS[period], uptimes[period])
    bits = sum(missing[p].astype(np.int64) << i for i, p in enumerate(PERIODS))
    names = ["+".join(p for i, p in enumerate(PERIODS) if code >> i & 1) for code in range(16)]
    return filled, categorical(names, bits), missing


def _energy(avg_watts, extra_gb, hours, pue, factor):
    """kWh and t CO2e in CCF's order of operations (see module docstring)."""
    compute_kwh = (avg_watts * hours * pue) / 1000
    memory_kwh = extra_gb * hours * MEMORY_KWH_PER_GB_HOUR * pue
    return compute_kwh + memory_kwh, compute_kwh * factor + memory_kwh * factor


def estimate_chunk(checked: CheckedChunk, options: EstimateOptions) -> pd.DataFrame:
    """Estimate the valid rows of a checked chunk.

    Returns
    -------
    pandas.DataFrame
        CCF's 23 output columns (input cells echoed as given) then the transparency columns
        (and the embodied columns when ``options.embodied``).
    """
    keep = checked.valid
    raw = checked.raw.loc[keep]
    n = len(raw)
    cpu = _text(raw, "cpuDescription")
    machine_type = _text(raw, "machineType")
    fam = _families(cpu, options.cpu_parser)
    notes: list[tuple[np.ndarray, list[str]]] = [fam["notes"]]  # (codes, text of each code)

    row_util = checked.cpu_utilization[keep]
    type_util = _machine_type_values(machine_type, options, "cpu_utilization")
    if options.ccf_quirks:  # CCF: the configured machine-type value overrides the row
        util = np.where(~np.isnan(type_util), type_util,
                        np.where(np.isnan(row_util), DEFAULT_CPU_UTILIZATION, row_util))
        util_code = np.where(~np.isnan(type_util), 2, np.where(np.isnan(row_util), 1, 0))
    else:  # footprintlab: the row wins; the machine type only fills a blank cell
        util = np.where(~np.isnan(row_util), row_util,
                        np.where(np.isnan(type_util), DEFAULT_CPU_UTILIZATION, type_util))
        util_code = np.where(~np.isnan(row_util), 0, np.where(np.isnan(type_util), 1, 2))
    util_source = categorical(["row", "default", "machine type"], util_code)
    type_watts = _machine_type_values(machine_type, options, "average_watts")
    avg_watts = fam["min"] + (util / 100) * (fam["max"] - fam["min"])
    avg_watts = np.where(np.isnan(type_watts), avg_watts, type_watts)

    row_pue = checked.pue[keep]
    pue = np.where(np.isnan(row_pue), DEFAULT_PUE, row_pue)
    pue_source = categorical(["row", "default"], np.isnan(row_pue).astype(np.int64))

    factors = checked.factors
    index = checked.grid_index[keep]
    factor = np.array([f.t_per_kwh for f in factors] + [np.nan], dtype=float)[index]
    regions = [f.region for f in factors]
    sources = [f.source for f in factors]
    notes.append((index, [f.fallback for f in factors]))
    start, end = checked.start[keep], checked.end[keep]
    if options.carbon_intensity is not None and n:
        mean = series_mean_factor(options.carbon_intensity, start, end)
        covered = ~np.isnan(mean)
        factor = np.where(covered, mean, factor)
        index = np.where(covered, len(factors), index)  # one more code: the series
        regions.append("hourly series, mean over startTime-endTime")
        sources.append("carbon_intensity series given by the user")
        notes.append(((~covered).astype(np.int64), [
            "", "carbon-intensity series does not cover the period: grid factor used"]))
    region, source = categorical(regions, index), categorical(sources, index)

    notes.append((((row_util > 0) & (row_util <= 1)).astype(np.int64), [
        "", "cpuUtilization is a percentage: a value of 1 or less means 1 % or less"]))
    notes.append(((checked.memory[keep] > LARGEST_PLAUSIBLE_MEMORY_GB).astype(np.int64), [
        "", f"memory above {LARGEST_PLAUSIBLE_MEMORY_GB:g} GB: the column is in GB, not MB"]))
    uptimes, derived, missing = _derive_uptimes({p: v[keep] for p, v in checked.uptimes.items()})
    extra_gb = np.maximum(0, checked.memory[keep] - fam["memory"])

    out = pd.DataFrame(index=raw.index)
    for column in CCF_OUTPUT_COLUMNS[:11]:
        out[column] = raw[column] if column in raw else ""
    for period in PERIODS:
        column = f"{period}Uptime"
        given = raw[column] if column in raw else pd.Series("", index=raw.index)
        if missing[period].any():  # derived values are numbers among the given cells
            given = given.astype(object).where(~missing[period],
                                               pd.Series(uptimes[period], index=raw.index))
        out[column] = given
        kwh, co2e = _energy(avg_watts, extra_gb, uptimes[period], pue, factor)
        out[f"{period}KilowattHours"], out[f"{period}Co2e"] = kwh, co2e

    span_hours = (end - start).astype("int64") / NS_PER_HOUR
    period_uptime = span_hours / 24 * uptimes["daily"]  # h: daily uptime over the span's days
    period_kwh, period_co2e = _energy(avg_watts, extra_gb, period_uptime, pue, factor)
    transparency = {
        "sourceRow": checked.rows[keep], "cpuSeries": fam["series"],
        "processorFamily": fam["family"], "familyMatch": fam["how"], "minWatts": fam["min"],
        "maxWatts": fam["max"], "processorMemoryGb": fam["memory"], "averageWatts": avg_watts,
        "cpuUtilizationUsed": util, "cpuUtilizationSource": util_source,
        "powerUsageEffectivenessUsed": pue, "powerUsageEffectivenessSource": pue_source,
        "emissionFactor": factor, "emissionFactorRegion": region,
        "emissionFactorSource": source, "derivedUptimes": derived, "spanHours": span_hours,
        "periodUptime": period_uptime, "periodKilowattHours": period_kwh,
        "periodCo2e": period_co2e,
    }
    for column in TRANSPARENCY_COLUMNS[:-1]:
        out[column] = transparency[column]
    embodied = _embodied(checked, keep, machine_type, options) if options.embodied else {}
    if embodied:
        codes, texts = pd.factorize(embodied.pop("note"))
        notes.append((codes, list(texts)))
    out["fallbacks"] = _join_notes(notes, n)
    for column in EMBODIED_OUTPUT_COLUMNS if embodied else ():
        out[column] = embodied[column]
    return out.reset_index(drop=True)


def _embodied(checked, keep, machine_type, options) -> dict:
    """The embodied columns, and per-row fallback notes under "note"."""
    kg = checked.embodied_kg[keep].copy()
    years = checked.lifespan_years[keep].copy()
    source = np.where(np.isnan(kg), "", "row").astype(object)
    note = np.full(len(kg), "", dtype=object)
    kinds = machine_type.str.lower().to_numpy(dtype=object)
    memory = checked.memory[keep]
    for i in np.flatnonzero(np.isnan(kg) | np.isnan(years)):
        user = options.embodied_defaults.get(kinds[i])
        if user is not None:
            kg[i] = kg[i] if not np.isnan(kg[i]) else float(user[0])
            years[i] = years[i] if not np.isnan(years[i]) else float(user[1])
            source[i] = source[i] or "embodied_defaults"
        elif kinds[i] == "server":
            kg[i] = kg[i] if not np.isnan(kg[i]) else server_embodied_kg(memory[i])
            years[i] = years[i] if not np.isnan(years[i]) else SERVER_LIFESPAN_YEARS
            source[i] = source[i] or CCF_EMBODIED_SOURCE
        else:
            note[i] = (f"no cited embodied default for machine type {kinds[i]!r}: give "
                       "embodiedKgCo2e and lifespanYears or embodied_defaults")
    columns = {"embodiedKgCo2e": kg, "lifespanYears": years,
               "embodiedSource": pd.Categorical(source), "note": note}
    for period in PERIODS:  # t = kg / 1000 x period h / (years x 8760 h)
        columns[f"{period}EmbodiedCo2e"] = kg / 1000 * PERIOD_HOURS[period] / (
            years * HOURS_PER_YEAR)
    return columns


def _join_notes(notes: list[tuple[np.ndarray, list[str]]], n: int) -> pd.Categorical:
    """Row-wise "; "-join of the non-empty notes, joined once per distinct combination.

    Each note is (codes per row, text of each code).
    """
    combined = np.zeros(n, dtype=np.int64)
    for codes, texts in notes:
        combined = combined * (len(texts) + 1) + codes
    combos, first_rows, inverse = np.unique(combined, return_index=True, return_inverse=True)
    joined = ["; ".join(texts[codes[i]] for codes, texts in notes if texts[codes[i]])
              for i in first_rows]
    return categorical(joined, inverse.reshape(-1))

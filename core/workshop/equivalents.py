"""Everyday equivalents of a carbon footprint: km by car, smartphone charges, flights, laptops made.

Each factor is in ``equivalents.csv`` (shipped with the package) with its source and licence,
and described in DATA_SOURCES.md ("Workshop: everyday equivalents"). An equivalent is a way to
picture an amount of CO2e, not a statement that the two are interchangeable.
"""
from __future__ import annotations

import csv
from importlib import resources

import pandas as pd

__all__ = ["factors", "equivalents", "describe"]

DEFAULT_COUNTRY = "FRA"


def factors() -> pd.DataFrame:
    """The factors, one row per equivalent, with their source, link and licence."""
    with resources.files(__package__).joinpath("equivalents.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    table = pd.DataFrame(rows).set_index("key")
    for column in ("kg_co2e_per_unit", "kwh_per_unit"):
        table[column] = pd.to_numeric(table[column].replace("", float("nan")))
    return table


def _kg(amount) -> float:
    """A mass of CO2e in kg from a number (kg), a quantity or a model value."""
    if hasattr(amount, "m_as"):
        from footprintlab import u

        return float(amount.m_as(u.kg))
    return float(amount)


def _intensity_g_per_kwh(country: str) -> tuple[float, str]:
    from footprintlab.model.country_data import find_country

    found = find_country(country)
    return float(found.carbon_intensity_g_per_kwh), f"{found.name} {found.carbon_intensity_g_per_kwh:g} g/kWh ({found.year})"


def equivalents(amount, country: str = DEFAULT_COUNTRY) -> pd.DataFrame:
    """How many km by car, phone charges, ... make ``amount`` (kg CO2e, a quantity or a model
    value such as ``system.total_footprint``).

    A phone charge is energy: its emissions use ``country``'s grid intensity (default France).
    Returns a table with the amount of each equivalent, the factor used and its source.
    """
    kg = _kg(amount)
    table = factors()
    intensity, intensity_text = _intensity_g_per_kwh(country)
    per_unit = table["kg_co2e_per_unit"].copy()
    by_energy = per_unit.isna() & table["kwh_per_unit"].notna()
    per_unit[by_energy] = table.loc[by_energy, "kwh_per_unit"] * intensity / 1000
    result = pd.DataFrame({
        "equivalent": table["label"],
        "amount": kg / per_unit,
        "kg_co2e_per_unit": per_unit,
        "source": table["source"],
        "licence": table["licence"],
    })
    result.loc[by_energy, "source"] = result.loc[by_energy, "source"] + f" [grid: {intensity_text}]"
    result.attrs["kg_co2e"] = kg
    return result


def describe(amount, country: str = DEFAULT_COUNTRY) -> str:
    """One readable line per equivalent, e.g. ``"8.7 g CO2e is about 0.04 km by car, ..."``."""
    table = equivalents(amount, country)
    kg = table.attrs["kg_co2e"]
    lines = [f"{_mass(kg)} CO2e is about:"]
    for row in table.itertuples():
        lines.append(f"  {_number(row.amount)} {row.equivalent}")
    lines.append("(factors and their sources: footprintlab.workshop.equivalents(...) or DATA_SOURCES.md)")
    return "\n".join(lines)


def _mass(kg: float) -> str:
    if abs(kg) >= 1000:
        return f"{kg / 1000:,.3g} t"
    if abs(kg) >= 1:
        return f"{kg:,.3g} kg"
    return f"{kg * 1000:,.3g} g"


def _number(x: float) -> str:
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}"

"""Result tables of a system (pandas, imported on use)."""
from __future__ import annotations

from footprintlab.engine import u
from footprintlab.model.system import category_attributes


def _kg(system, attribute) -> float:
    if attribute is None:
        return 0.0
    return float(getattr(system, attribute).value.sum().m_as(u.kg))


def by_category(system):
    """DataFrame: rows Devices, Network, Servers, Storage (and External APIs when the model calls
    such APIs); columns fabrication, energy, total (kg)."""
    import pandas as pd

    rows = {}
    for category, (fabrication, energy) in category_attributes(system).items():
        fab, en = _kg(system, fabrication), _kg(system, energy)
        rows[category] = {"fabrication": fab, "energy": en, "total": fab + en}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "category"
    frame.loc["Total"] = frame.sum()
    frame.attrs["unit"] = "kg CO2e"
    return frame


def object_rows(system) -> list[dict]:
    """One row per hardware object: category, name, fabrication, energy (kWh), energy footprint."""
    rows = []
    groups = (("Servers", system.servers()), ("Storage", system.storages()),
              ("Network", system.networks()), ("Devices", system.devices()),
              ("External APIs", system.external_apis()))
    for category, objects in groups:
        for obj in objects:
            fabrication = getattr(obj, "instances_fabrication_footprint", None)
            energy_attr = "energy" if category in ("Network", "Devices") else "instances_energy"
            rows.append({
                "category": category,
                "object": obj.name,
                "fabrication_kg": float(fabrication.value.sum().m_as(u.kg)) if fabrication is not None else 0.0,
                "energy_footprint_kg": float(obj.energy_footprint.value.sum().m_as(u.kg)),
                "energy_kWh": float(getattr(obj, energy_attr).value.sum().m_as(u.kWh)),
            })
    for row in rows:
        row["total_kg"] = row["fabrication_kg"] + row["energy_footprint_kg"]
    return rows


def by_object(system):
    """DataFrame indexed by (category, object) with fabrication, energy footprint, total (kg), kWh."""
    import pandas as pd

    columns = ["category", "object", "fabrication_kg", "energy_footprint_kg", "energy_kWh", "total_kg"]
    return pd.DataFrame(object_rows(system), columns=columns).set_index(["category", "object"])


def hourly(system):
    """DataFrame indexed by UTC hour: each category × phase and the total, in kg."""
    import pandas as pd

    columns = {}
    for category, (fabrication, energy) in category_attributes(system).items():
        for phase, attribute in (("fabrication", fabrication), ("energy", energy)):
            if attribute is not None:
                columns[f"{category} {phase}"] = getattr(system, attribute).value.to(u.kg).to_pandas()
    frame = pd.DataFrame(columns).fillna(0.0)
    frame["total"] = frame.sum(axis=1)
    frame.attrs["unit"] = "kg CO2e"
    return frame

"""``system.to_excel(path)``: results and inputs (with units and sources) in an Excel workbook.

Needs openpyxl (``pip install 'footprintlab[excel]'``). Sheets:

- **Results**: kg CO2e by category × phase (fabrication, energy, total), with the total row;
- **By object**: every server, storage, network, device and external API (fabrication, energy
  footprint, total in kg; energy in kWh);
- **Hourly** (kg per UTC hour, each category × phase and the total); a series longer than a sheet
  holds (1,048,575 rows) is written as **Daily** sums instead, and the About sheet says so;
- **Inputs**: one row per input of every object: class, object, input, value, unit, source, link,
  hypothesis, comment (hourly inputs as their length, start, sum and mean; links as object names);
- **About**: model name, footprintlab version, unit, what each sheet holds.

The file is written atomically, never over an existing file unless ``overwrite=True``.
"""
from __future__ import annotations

import io
from pathlib import Path

from footprintlab._files import write_bytes
from footprintlab.engine import ExplainableValue, Hourly, Quantity
from footprintlab.engine.declarations import Reference

__all__ = ["MAX_ROWS", "write", "workbook", "input_rows"]

MAX_ROWS = 1_048_575  # an Excel sheet's rows, less the header


def _openpyxl():
    try:
        import openpyxl
    except ImportError:
        raise ModuleNotFoundError("system.to_excel needs the openpyxl package: pip install 'footprintlab[excel]'"
                                  ) from None
    return openpyxl


def write(system, path, *, overwrite: bool = False) -> Path:
    """Write the workbook to ``path`` (see the module doc); returns the path."""
    buffer = io.BytesIO()
    workbook(system).save(buffer)
    write_bytes(path, buffer.getvalue(), overwrite=overwrite)
    return Path(path)


def workbook(system):
    """The openpyxl ``Workbook`` of ``system``'s results and inputs."""
    openpyxl = _openpyxl()
    from footprintlab import __version__
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    bold = Font(bold=True)

    def sheet(title, header, rows, first=None):
        ws = first or book.create_sheet(title)
        ws.title = title
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append(row)
        ws.freeze_panes = "A2"
        return ws

    by_category = system.footprints_by_category()
    sheet("Results", ["category", "fabrication (kg CO2e)", "energy (kg CO2e)", "total (kg CO2e)"],
          ([category, float(row["fabrication"]), float(row["energy"]), float(row["total"])]
           for category, row in by_category.iterrows()), first=book.active)
    objects = system.footprints_by_object().reset_index()
    sheet("By object", ["category", "object", "fabrication (kg CO2e)", "energy footprint (kg CO2e)",
                        "total (kg CO2e)", "energy (kWh)"],
          ([row["category"], row["object"], float(row["fabrication_kg"]), float(row["energy_footprint_kg"]),
            float(row["total_kg"]), float(row["energy_kWh"])] for _, row in objects.iterrows()))
    hourly = system.hourly_footprints()
    daily = len(hourly) > MAX_ROWS
    if daily:
        hourly = hourly.resample("D").sum()
    time_header = "day (UTC)" if daily else "hour (UTC)"
    sheet("Daily" if daily else "Hourly", [time_header, *(f"{c} (kg CO2e)" for c in hourly.columns)],
          ([stamp.tz_convert(None).to_pydatetime() if stamp.tzinfo else stamp.to_pydatetime(),
            *map(float, values)] for stamp, values in zip(hourly.index, hourly.to_numpy(), strict=True)))
    sheet("Inputs", ["class", "object", "input", "value", "unit", "source", "link", "hypothesis", "comment"],
          input_rows(system))
    about = [
        ["model", system.name], ["footprintlab", __version__], ["unit", "kg CO2e over the modelled period"],
        ["total (kg CO2e)", float(system.total_footprint.value.m_as("kg"))],
        ["Results", "footprint by category × phase"], ["By object", "footprint of each piece of hardware"],
        ["Daily" if daily else "Hourly",
         (f"daily sums: the {len(system.hourly_footprints()):,} hours do not fit in a sheet ({MAX_ROWS:,} rows)"
          if daily else "footprint per UTC hour")],
        ["Inputs", "every input with its unit and source"]]
    sheet("About", ["", ""], about)
    return book


def input_rows(system) -> list[list]:
    """``[class, object, input, value, unit, source, link, hypothesis, comment]`` per input."""
    rows = []
    for obj in [*system.all_objects(), system]:
        for name, trait in type(obj).input_traits().items():
            value = obj._trait_values.get(name)
            if isinstance(trait, Reference):
                targets = trait.targets(value)
                rows.append([type(obj).__name__, obj.name, name, ", ".join(t.name for t in targets), "",
                             "", "", "", "link"])
                continue
            if value is None:
                rows.append([type(obj).__name__, obj.name, name, None, "", "", "", "", "not set"])
                continue
            explainable = value if isinstance(value, ExplainableValue) else None
            inner = explainable.value if explainable is not None else value
            comment = explainable.comment if explainable is not None else ""
            number: float | str
            if isinstance(inner, Hourly):
                number = float(inner.values.sum())
                unit = inner.unit.name
                comment = "; ".join(filter(None, [
                    f"hourly series: {len(inner):,} hours from {inner.start} (value: their sum; mean "
                    f"{float(inner.values.mean()):.6g})", comment]))
            elif isinstance(inner, Quantity):
                number, unit = float(inner.magnitude), inner.unit.name
            else:
                number, unit = (inner if isinstance(inner, (int, float, str, bool)) else str(inner)), ""
            source = explainable.source if explainable is not None else None
            rows.append([type(obj).__name__, obj.name, name, number, unit,
                         source.name if source else "", (source.link or "") if source else "",
                         ("yes" if source.hypothesis else "no") if source else "", comment])
    return rows

"""``footprintlab [report] [MODEL.json]``: print a model's footprint table."""
from __future__ import annotations

import argparse


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="footprintlab report",
                                     description="Print a model's footprint by category (kg CO2e).")
    parser.add_argument("model", nargs="?", help="a model saved with system.to_json(path); "
                        "default: the built-in quickstart (video streaming, France, 3 years)")
    args = parser.parse_args(argv)
    import footprintlab as fl

    system = fl.load(args.model) if args.model else fl.quickstart()
    table = system.footprints_by_category()
    hourly = system.hourly_total_footprint.value
    last = hourly.end - (hourly.end - hourly.start) // max(len(hourly), 1)
    print(f"{system.name}: footprint by category, kg CO2e, "
          f"{str(hourly.start).replace('T', ' ')}:00 to {str(last).replace('T', ' ')}:00 UTC")
    print(table.to_string(float_format=lambda x: f"{x:,.0f}"))
    return 0

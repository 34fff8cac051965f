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
    print(f"{system.name}: footprint by category, kg CO2e over "
          f"{len(system.hourly_total_footprint.value):,} hours")
    print(table.to_string(float_format=lambda x: f"{x:,.0f}"))
    return 0

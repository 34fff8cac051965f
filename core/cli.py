"""The ``footprintlab`` console command.

Verbs (each implemented in its own sub-package, imported only when used)::

    footprintlab                 print the built-in quickstart model's footprint table
    footprintlab report [MODEL]  same, for a saved model JSON
    footprintlab app [MODEL]     serve the Explorer with Voila on 127.0.0.1
    footprintlab onprem CSV      on-premise fleet estimate (Cloud Carbon Footprint's format)
    footprintlab hpc SACCT ...   HPC job footprints from node power telemetry
"""
from __future__ import annotations

import importlib
import sys

# verb -> "module:function"; the function takes the remaining argv and returns an exit code
VERBS = {
    "report": "footprintlab.report_cli:main",
    "app": "footprintlab.widgets.app:main",
    "onprem": "footprintlab.onprem.cli:main",
    "hpc": "footprintlab.hpc.cli:main",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    if argv and argv[0] in ("-V", "--version"):
        from footprintlab._version import __version__

        print(__version__)
        return 0
    verb = argv[0] if argv and argv[0] in VERBS else "report"
    rest = argv[1:] if argv and argv[0] in VERBS else argv
    module_name, func_name = VERBS[verb].split(":")
    func = getattr(importlib.import_module(module_name), func_name)
    return int(func(rest) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""``footprintlab budget run|report``: the budget verbs (see :mod:`.run` and :mod:`.report`)."""

from __future__ import annotations

import sys

USAGE = """usage: footprintlab budget run [options] -- CMD [ARGS...]
       footprintlab budget report EMISSIONS.csv [-o report.html] [options]

  run      run a command, measure its process tree; exit 3 when over its budget
  report   a self-contained HTML page of the runs over time (a CI artifact)

Run 'footprintlab budget run --help' or 'footprintlab budget report --help' for options."""


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    action, rest = argv[0], argv[1:]
    if action == "run":
        from .run import main as run

        return run(rest)
    if action == "report":
        from .report import main as report

        return report(rest)
    print(USAGE, file=sys.stderr)
    print(f"footprintlab budget: error: unknown action {action!r}; choose run or report",
          file=sys.stderr)
    return 2

"""The ``footprintlab`` console command: a verb, its own options, one clear line on errors."""
from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback

# verb -> ("module:function", one-line help); the function takes the remaining argv and returns
# an exit code. Each module is imported only when its verb is used.
VERBS = {
    "report": ("footprintlab.report_cli:main", "print a model's footprint table (default verb)"),
    "app": ("footprintlab.widgets.app:main", "serve the Explorer app with Voila on 127.0.0.1"),
    "onprem": ("footprintlab.onprem.cli:main",
               "estimate an on-premise fleet's footprint (Cloud Carbon Footprint's CSV)"),
    "hpc": ("footprintlab.hpc.cli:main", "HPC job footprints from sacct and node power telemetry"),
    "budget": ("footprintlab.budget.cli:main",
               "an emissions budget for any command (run) and its history as HTML (report)"),
    "workshop": ("footprintlab.workshop.cli:main",
                 "copy the workshop's notebooks and data into a folder (never over a file)"),
}
EXAMPLES = """examples:
  footprintlab                          the built-in quickstart model's footprint table
  footprintlab report model.json        the same for a saved model
  footprintlab app                      the Explorer in your browser
  footprintlab onprem --example         an on-premise estimate of the bundled sample inventory
  footprintlab hpc --example            HPC job footprints of the bundled sample jobs

Run 'footprintlab VERB --help' for a verb's options."""


def _parser() -> argparse.ArgumentParser:
    verbs = "\n".join(f"  {name:<8} {help_text}" for name, (_, help_text) in VERBS.items())
    parser = argparse.ArgumentParser(
        prog="footprintlab", formatter_class=argparse.RawDescriptionHelpFormatter,
        usage="footprintlab [--debug] [--version] [VERB] [options]",
        description="Model, measure and teach the energy and carbon footprint of digital services.\n\n"
                    f"verbs:\n{verbs}",
        epilog=EXAMPLES)
    parser.add_argument("--debug", action="store_true",
                        help="show the full traceback of an error (default: one line on stderr)")
    parser.add_argument("-V", "--version", action="store_true", help="print the version and exit")
    return parser


def _split(argv: list[str]) -> tuple[list[str], list[str]]:
    """Global options before the verb, then the verb and its own arguments."""
    for index, arg in enumerate(argv):
        if not arg.startswith("-"):
            return argv[:index], argv[index:]
    return argv, []


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    options, rest = _split(argv)
    parser = _parser()
    args = parser.parse_args(options)
    if args.version:
        from footprintlab._version import __version__

        print(__version__)
        return 0
    verb, verb_argv = (rest[0], rest[1:]) if rest else ("report", [])
    if verb not in VERBS:
        parser.print_usage(sys.stderr)
        print(f"footprintlab: error: unknown verb {verb!r}; choose one of {', '.join(VERBS)} "
              f"(a saved model is read with 'footprintlab report {verb}')", file=sys.stderr)
        return 2
    return run_verb(verb, verb_argv, debug=args.debug)


def run_verb(verb: str, argv: list[str], debug: bool = False) -> int:
    """Run a verb; an error becomes one line on stderr and exit status 2 (a traceback with
    ``debug``); a closed output pipe ends quietly."""
    module_name, func_name = VERBS[verb][0].split(":")
    try:
        func = getattr(importlib.import_module(module_name), func_name)
        return int(func(argv) or 0)
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        print(f"footprintlab {verb}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the command-line boundary: one line, no traceback unless asked
        if debug:
            traceback.print_exc()
        else:
            print(f"footprintlab {verb}: error: {_one_line(exc)} (run with --debug for details)",
                  file=sys.stderr)
        return 2


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, (FileNotFoundError, PermissionError, IsADirectoryError)) and exc.filename:
        text = f"{exc.strerror}: {exc.filename}"
    return text


def _silence_stdout() -> None:
    """After a closed pipe (``footprintlab ... | head -1``), stop Python's exit-time flush error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""``footprintlab workshop [DIR] [--instructor]``: copy the workshop's notebooks and data into DIR.

Never replaces a file: each file is created exclusively (``open(path, "xb")``), so an existing
file (or symbolic link) is left untouched and listed, even if it appears while copying.

Exit status: 0 every file was copied; 1 some files already existed and were kept (the others
were copied); 2 an error (DIR is a file, not writable, ...), one line on stderr.
"""
from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
from pathlib import Path

from footprintlab.workshop import MODULES, course_path

DEFAULT_DIR = "footprintlab-workshop"
DATA_FILES = ("fleet.csv", "fleet_with_errors.csv", "sacct.txt", "power.csv", "intensity.csv")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="footprintlab workshop",
        description="Copy the workshop 'The footprint of digital services' (six 30-minute "
                    "notebooks and their data) into DIR. Existing files are never replaced.",
        epilog="exit status: 0 all copied; 1 some files existed and were kept; 2 error")
    parser.add_argument("dir", nargs="?", default=DEFAULT_DIR,
                        help=f"destination folder, created if needed (default: ./{DEFAULT_DIR})")
    parser.add_argument("--instructor", action="store_true",
                        help="copy the instructor versions (solutions and INSTRUCTOR_NOTES.md)")
    return parser


def files_to_copy(instructor: bool = False) -> list[tuple[Path, str]]:
    """(source, relative destination) of every file the command copies."""
    import footprintlab as fl

    folder = course_path() / ("instructor" if instructor else "learner")
    files = [(folder / f"{name}.ipynb", f"{name}.ipynb") for name in MODULES]
    files += [(p, p.name) for p in sorted(folder.glob("*.md"))]
    files += [(fl.examples.path(name), f"data/{name}") for name in DATA_FILES]
    missing = [str(src) for src, _ in files if not src.is_file()]
    if missing:
        raise FileNotFoundError(f"workshop files missing from the installation: {', '.join(missing)}")
    return files


def copy_course(destination: Path, instructor: bool = False) -> tuple[list[Path], list[Path]]:
    """Copy into ``destination``; returns (copied, kept because they existed)."""
    if destination.exists() and not destination.is_dir():
        raise NotADirectoryError(f"{destination} exists and is not a folder")
    copied, kept = [], []
    for source, relative in files_to_copy(instructor):
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with source.open("rb") as src, target.open("xb") as dst:
                shutil.copyfileobj(src, dst)
        except FileExistsError:
            kept.append(target)
            continue
        copied.append(target)
    return copied, kept


def _how_to_open(destination: Path) -> str:
    first = f"{next(iter(MODULES))}.ipynb"
    if importlib.util.find_spec("jupyterlab") is not None:
        return f"Open them with:  jupyter lab {destination}   (start with {first})"
    return (f"Open {first} in JupyterLab, Notebook 7 or VS Code (no JupyterLab here: "
            f"'pip install jupyterlab', then 'jupyter lab {destination}'), or upload the "
            "folder to your JupyterHub.")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    destination = Path(args.dir)
    copied, kept = copy_course(destination, instructor=args.instructor)
    version = "instructor" if args.instructor else "learner"
    print(f"Workshop ({version} version): {len(copied)} file(s) copied into {destination}")
    for path in kept:
        print(f"  kept, not replaced (already exists): {path}", file=sys.stderr)
    if kept:
        print(f"{len(kept)} file(s) already existed and were left as they were; delete or "
              "rename them to get fresh copies, or choose another folder.", file=sys.stderr)
    print(_how_to_open(destination))
    return 1 if kept else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

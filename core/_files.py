"""One atomic file writer for every file footprintlab writes.

The model's JSON, the on-premise output, the tracker's CSV, the HPC output and cache, and the
Explorer's exports all go through :func:`atomic_write`:

- the text is written to a hidden temporary file in the target's folder, flushed to disk, then
  put in place in one step: a crash leaves the old file or the new one, never half of one, and
  a failed write leaves no temporary file behind;
- without ``overwrite`` an existing file is never replaced, even one that appears while writing;
- a target that is a symbolic link is written through (its target is replaced, the link stays);
- an output that resolves to one of the ``protect`` paths (the command's inputs and config
  files) is refused, with or without ``overwrite``;
- a new file gets the permissions the user's umask gives; a replaced file keeps its mode.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO


class OutputExistsError(FileExistsError):
    """The output exists and replacing it was not asked for."""


class OutputIsInputError(ValueError):
    """The output resolves to a file the command reads."""


def resolve_output(path: str | os.PathLike[str]) -> Path:
    """The file a write to ``path`` changes: symbolic links followed, folders made absolute."""
    return Path(os.path.realpath(Path(path).expanduser()))


def check_not_input(output: str | os.PathLike[str], protect: Iterable) -> None:
    """Refuse an output that is (after links) one of the ``protect`` files."""
    target = resolve_output(output)
    for item in protect:
        if item is None or not isinstance(item, (str, os.PathLike)):
            continue
        if resolve_output(item) == target or _same_file(target, Path(item)):
            raise OutputIsInputError(
                f"the output {str(output)!r} is the input file {str(item)!r}; "
                "choose another output path (inputs are never overwritten, even with --force)")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], *, overwrite: bool = False, binary: bool = False,
                 encoding: str = "utf-8", newline: str | None = "",
                 protect: Iterable = (), hint: str = "overwrite=True") -> Iterator[IO]:
    """Open a temporary file to write ``path``'s new content; put it in place on success.

    ``hint`` names how the user asks for replacement (``--force`` on a command line), and is
    quoted in the error when the file exists.
    """
    target = resolve_output(path)
    check_not_input(path, protect)
    if not overwrite and target.exists():
        raise OutputExistsError(f"{str(path)!r} exists; nothing was written "
                                f"(pass {hint} to replace it)")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                             dir=target.parent)
    try:
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        handle: IO
        if binary:
            handle = os.fdopen(descriptor, "wb")
        else:
            handle = os.fdopen(descriptor, "w", encoding=encoding, newline=newline)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _place(Path(temporary), target, overwrite, path, hint)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _place(temporary: Path, target: Path, overwrite: bool, shown, hint: str) -> None:
    if overwrite:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)  # fails if the target appeared meanwhile: no race, no clobber
    except FileExistsError:
        raise OutputExistsError(f"{str(shown)!r} appeared while writing; nothing was "
                                f"overwritten (pass {hint} to replace it)") from None
    except OSError:  # a file system without hard links: exclusive create, then replace
        with open(target, "x"):
            pass
        os.replace(temporary, target)


def write_text(path: str | os.PathLike[str], text: str, **options) -> Path:
    """Write ``text`` to ``path`` with :func:`atomic_write`; returns the file written."""
    with atomic_write(path, **options) as handle:
        handle.write(text)
    return resolve_output(path)


def write_bytes(path: str | os.PathLike[str], data: bytes, **options) -> Path:
    """Write ``data`` to ``path`` with :func:`atomic_write`; returns the file written."""
    with atomic_write(path, binary=True, **options) as handle:
        handle.write(data)
    return resolve_output(path)

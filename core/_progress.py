"""Progress bars for long work, on tqdm: a widget bar in a notebook, a bar on stderr in a terminal.

Every loop of footprintlab that can run for more than a couple of seconds (on-premise estimates
of big inventories, HPC runs, opening big model files, Monte Carlo sampling) goes through
:func:`progress`. What is shown:

* in a Jupyter kernel: tqdm's widget bar (``tqdm.notebook``; a text bar if ipywidgets is
  missing), with rate and time left;
* in a terminal: a bar on **stderr**, only when stderr is a TTY (never in a pipe, a log file or
  CI output), never with a command's ``--quiet``;
* nothing when the work ends before ``FOOTPRINTLAB_PROGRESS_DELAY`` seconds (default 1.0): short
  runs stay silent.

``FOOTPRINTLAB_PROGRESS=0`` turns every bar off; ``FOOTPRINTLAB_PROGRESS=1`` turns them on even
when stderr is not a TTY. :func:`disabled` is a context manager doing the same for a block, and
:func:`set_enabled` what the commands' ``--quiet`` flag calls. Functions with a ``progress=``
parameter take ``None`` (this automatic choice), ``False`` (never) or ``True`` (always, also
outside a TTY).

Interrupting (Ctrl-C, a kernel interrupt) closes the bar: the ``KeyboardInterrupt`` goes on to the
caller, whose atomic writes leave no partial output (see :mod:`footprintlab._files`).
"""
from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["disabled", "enabled", "progress", "set_enabled", "setting"]

_state: dict[str, bool | None] = {"enabled": None}  # None: automatic; False: --quiet


def set_enabled(value: bool | None) -> None:
    """``False`` turns bars off (``--quiet``), ``True`` on even outside a TTY, ``None``: automatic."""
    _state["enabled"] = value


@contextlib.contextmanager
def setting(value: bool | None) -> Iterator[None]:
    """:func:`set_enabled` for the block only (a command's ``--quiet``), restored after it."""
    before = _state["enabled"]
    _state["enabled"] = value if value is not None else before
    try:
        yield
    finally:
        _state["enabled"] = before


def disabled() -> contextlib.AbstractContextManager[None]:
    """No progress bar inside the block."""
    return setting(False)


def in_notebook() -> bool:
    """Whether this runs in a Jupyter kernel (a notebook, JupyterLab, Voila, VS Code...)."""
    shell = sys.modules.get("IPython")
    if "ipykernel" not in sys.modules or shell is None:
        return False
    try:
        ipython = shell.get_ipython()
    except Exception:  # pragma: no cover - an unusual IPython
        return False
    return ipython is not None and type(ipython).__name__ == "ZMQInteractiveShell"


def enabled(option: bool | None = None) -> bool:
    """Whether a bar would be shown here, given a function's ``progress=`` option."""
    if option is not None:
        return bool(option) and _state["enabled"] is not False
    if _state["enabled"] is not None:
        return bool(_state["enabled"])
    setting = os.environ.get("FOOTPRINTLAB_PROGRESS", "").strip().lower()
    if setting in ("0", "false", "no", "off"):
        return False
    if setting in ("1", "true", "yes", "on"):
        return True
    if in_notebook():
        return True
    stream = sys.stderr
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def _delay() -> float:
    try:
        return max(0.0, float(os.environ.get("FOOTPRINTLAB_PROGRESS_DELAY", "1.0")))
    except ValueError:
        return 1.0


def progress(iterable: Iterable[Any] | None = None, *, total: float | None = None,
             desc: str = "", unit: str = "it", unit_scale: bool = False,
             option: bool | None = None) -> Any:
    """A tqdm bar over ``iterable`` (or a manual one: ``bar.update(n)``), or a silent stand-in.

    Use it as a context manager (``with progress(total=n) as bar``) or iterate over it: either way
    the bar is closed on an exception. ``option`` is the caller's ``progress=`` argument.
    """
    if not enabled(option):
        from tqdm.std import tqdm as silent

        return silent(iterable, total=total, disable=True)
    kwargs: dict[str, Any] = dict(total=total, desc=desc, unit=unit, unit_scale=unit_scale,
                                  delay=_delay(), dynamic_ncols=True)
    if in_notebook():
        try:
            import ipywidgets  # noqa: F401
            from tqdm.notebook import tqdm as bar
        except ImportError:
            from tqdm.std import tqdm as bar
        return bar(iterable, leave=True, **kwargs)
    from tqdm.std import tqdm as bar

    return bar(iterable, leave=False, file=sys.stderr, mininterval=0.2, **kwargs)


def count_lines(path: str | os.PathLike[str], limit: int = 4 << 30) -> int | None:
    """Line breaks in a file (a progress total; about 1 s per GB from the page cache), or None
    for a file over ``limit`` bytes or one that cannot be read."""
    try:
        if os.path.getsize(path) > limit:
            return None
        lines = 0
        with open(path, "rb") as handle:
            while block := handle.read(1 << 22):
                lines += block.count(b"\n")
        return lines
    except OSError:
        return None

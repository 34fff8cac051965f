"""Live binding to a model: redraw once per model change, however many outputs changed.

A model change (one assignment or one ``batch()``) recomputes the dependent attributes, then
publishes one commit event listing the changed inputs and calculated values. A ``LiveBinding``
redraws its widget once per event that changed a watched attribute, so that a chart watching
several outputs sends one message per change.
"""
from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable


class LiveBinding:
    """Call ``redraw()`` once after each model change that touched one of the watched attributes.

    One subscription to the engine's commit event (``footprintlab.on_commit``), which carries the
    changed inputs and calculated values: no traitlets observers, no ordering between hooks.

    Parameters
    ----------
    redraw : callable
        Called without arguments; typically a bound method of the widget.
    watched : iterable of (ModelObject, attribute name)
        Outputs (or inputs) whose change makes the widget dirty.
    on_commit : callable, optional
        Called with every ``Commit`` (dirty or not), e.g. to notice structural changes; it may
        set ``binding.dirty = True``.
    system : System, optional
        Only commits that changed something of this system are seen.
    """

    def __init__(self, redraw: Callable[[], None], watched: Iterable[tuple] = (),
                 on_commit: Callable | None = None, system=None):
        from footprintlab.engine import graph

        self._redraw = weakref.WeakMethod(redraw) if hasattr(redraw, "__self__") else lambda: redraw
        self._on_commit_cb = (weakref.WeakMethod(on_commit) if hasattr(on_commit, "__self__")
                              else (lambda: on_commit)) if on_commit is not None else None
        self.dirty = False
        self._watched: set[tuple[int, str]] = set()
        self.watch(watched)
        self._unsubscribe = graph.on_commit(self._after_commit, system=system)

    def watch(self, watched: Iterable[tuple]) -> None:
        """Replace the watched (object, attribute) pairs."""
        self._watched = {(id(obj), name) for obj, name in watched}

    def _after_commit(self, commit) -> None:
        redraw = self._redraw()
        if redraw is None:  # the widget is gone
            self.close()
            return
        if self._on_commit_cb is not None:
            callback = self._on_commit_cb()
            if callback is not None:
                callback(commit)
        if not self.dirty and self._watched:
            self.dirty = any((id(obj), name) in self._watched
                             for obj, name, _, _ in (*commit.inputs, *commit.calculated))
        if self.dirty:
            self.dirty = False
            redraw()

    def close(self) -> None:
        """Stop watching (called when the widget is closed)."""
        self._watched = set()
        self._unsubscribe()


def series_of(source) -> tuple:
    """``(obj, attribute)`` or an ``ExplainableValue`` -> ``(obj or None, attribute or None, value)``."""
    if isinstance(source, tuple) and len(source) == 2 and isinstance(source[1], str):
        obj, name = source
        return obj, name, getattr(obj, name)
    return None, None, source


def may_change_uncertainty(commit) -> bool:
    """Whether a commit may have made a model (un)certain: a distribution assigned or replaced, or
    a reference changed (an object with uncertain inputs added or removed)."""
    for _, _, old, new in commit.inputs:
        if getattr(old, "distribution", None) is not None or getattr(new, "distribution", None) is not None:
            return True
        if isinstance(new, (list, tuple)) or hasattr(new, "input_traits"):
            return True
    return False

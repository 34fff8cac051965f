"""Live binding to a model: redraw once per model change, however many outputs changed.

A model change (one assignment or one ``batch()``) recomputes the dependent attributes, fires one
traitlets notification per changed output, then runs the engine's after-commit hooks once. A
``LiveBinding`` marks its widget dirty on the notifications and redraws it once, from the hook, so
that a chart watching several outputs sends one message per change.
"""
from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable


class LiveBinding:
    """Call ``redraw()`` once after each model change that touched one of the watched attributes.

    Parameters
    ----------
    redraw : callable
        Called without arguments; typically a bound method of the widget.
    watched : iterable of (ModelObject, attribute name)
        Outputs (or inputs) whose change makes the widget dirty.
    on_commit : callable, optional
        Called with the list of input changes ``(obj, name, old, new)`` of every commit, dirty or
        not (e.g. to notice structural changes).
    first : bool
        Run before the hooks already registered (charts whose data is large go first, so that
        their message leaves the kernel first). Hooks reading ``system.diff()`` must not set it:
        the change log's own hook has to run before them.
    """

    def __init__(self, redraw: Callable[[], None], watched: Iterable[tuple] = (),
                 on_commit: Callable[[list], None] | None = None, first: bool = False):
        from footprintlab.engine import graph

        self._redraw = weakref.WeakMethod(redraw) if hasattr(redraw, "__self__") else lambda: redraw
        self._on_commit_cb = (weakref.WeakMethod(on_commit) if hasattr(on_commit, "__self__")
                              else (lambda: on_commit)) if on_commit is not None else None
        self.dirty = False
        self._watched: list[tuple] = []
        self._unsubscribe = graph.on_commit(self._after_commit, first=first)
        self.watch(watched)

    def watch(self, watched: Iterable[tuple]) -> None:
        """Replace the watched (object, attribute) pairs."""
        self._unobserve()
        by_object: dict[int, tuple] = {}
        for obj, name in watched:
            by_object.setdefault(id(obj), (obj, []))[1].append(name)
        for obj, names in by_object.values():
            obj.observe(self._mark_dirty, names=names)
            self._watched.append((obj, names))

    def _unobserve(self) -> None:
        for obj, names in self._watched:
            try:
                obj.unobserve(self._mark_dirty, names=names)
            except ValueError:
                pass
        self._watched = []

    def _mark_dirty(self, change) -> None:
        self.dirty = True

    def _after_commit(self, changes: list) -> None:
        redraw = self._redraw()
        if redraw is None:  # the widget is gone
            self.close()
            return
        if self._on_commit_cb is not None:
            callback = self._on_commit_cb()
            if callback is not None:
                callback(changes)
        if self.dirty:
            self.dirty = False
            redraw()

    def close(self) -> None:
        """Stop watching (called when the widget is closed)."""
        self._unobserve()
        self._unsubscribe()


def series_of(source) -> tuple:
    """``(obj, attribute)`` or an ``ExplainableValue`` -> ``(obj or None, attribute or None, value)``."""
    if isinstance(source, tuple) and len(source) == 2 and isinstance(source[1], str):
        obj, name = source
        return obj, name, getattr(obj, name)
    return None, None, source

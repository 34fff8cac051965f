"""The ESM and CSS of our anywidgets, read from the ``footprintlab.js`` package (no CDN, no build).

An anywidget's ESM is loaded from a string in the browser, where relative imports cannot resolve:
``esm("object_graph")`` inlines ``graph_layout.js`` in place of its import line.
"""
from __future__ import annotations

import functools
import re
from importlib import resources

_IMPORT = re.compile(r'^import \{[^}]*\} from "\./(?P<module>[a-z_]+)\.js";\n', re.MULTILINE)


def read(name: str) -> str:
    return resources.files("footprintlab.js").joinpath(name).read_text(encoding="utf-8")


@functools.cache
def esm(module: str) -> str:
    """The ESM source of ``js/<module>.js`` with its local imports inlined (each once)."""
    inlined: list[str] = []

    def expand(name: str) -> str:
        source = read(f"{name}.js")

        def replace(match):
            dependency = match.group("module")
            if dependency in inlined:
                return ""
            inlined.append(dependency)
            return expand(dependency) + "\n"

        return _IMPORT.sub(replace, source)

    return expand(module)


@functools.cache
def css(name: str = "graphs") -> str:
    return read(f"{name}.css")


def style_widget():
    """An HTML widget carrying ``js/widgets.css`` (badges, errors) for the ipywidgets parts."""
    import ipywidgets as widgets

    return widgets.HTML(f"<style>{css('widgets')}</style>", layout=widgets.Layout(display="none"))

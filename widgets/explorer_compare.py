"""The Explorer's comparison bar: open a second model and switch between the two and their comparison.

The second model ("B") is a copy of the current one (``fl.load(system.to_json())``), a template
(``fl.templates.load``) or a ``.json`` file of the work folder. Once it is open, the view menu
offers "explore A", "explore B" and "compare A–B" (``CompareView(a, b)``, live: edits made in the
editor of either model show in the comparison).
"""
from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets
from footprintlab.widgets.explorer_files import model_files, template_names

COPY = ("copy", "")
VIEWS = [("explore A", "A"), ("explore B", "B"), ("compare A–B", "compare")]


def second_model_options(workdir) -> list[tuple[str, tuple]]:
    """The menu of second models: a copy of this one, each template, each file of the folder."""
    return ([("a copy of this model", COPY)]
            + [(f"template: {name}", ("template", name)) for name in template_names()]
            + [(f"file: {name}", ("file", name)) for name in model_files(workdir)])


class CompareBar(widgets.VBox):
    """Open a second model and choose what the Explorer shows (A, B or their comparison).

    Parameters
    ----------
    files : FilesBar
        Its work folder lists the files offered, and its status reports errors.
    system : callable
        Returns the explored system.
    show : callable
        ``show(view)`` with "explore" or "compare": the Explorer's main column.
    explore : callable, optional
        ``explore(system)``: the Explorer rebuilds its panels for that model (set by the Explorer).
    """

    def __init__(self, files, system: Callable, show: Callable, explore: Callable | None = None):
        self.files, self._system, self._show = files, system, show
        self.explore = explore
        self.a = None  # the first model (set by ``explored``)
        self.other = None  # the second model, once opened
        self.source = widgets.Dropdown(description="second model",
                                       layout=widgets.Layout(width="auto", min_width="0"))
        self.source.style.description_width = "92px"
        self.source.add_class("fl-second-source")
        self.open_button = widgets.Button(description="open and compare",
                                          tooltip="open it as model B and show the comparison",
                                          layout=widgets.Layout(width="auto"))
        self.open_button.add_class("fl-open-second")
        self.open_button.on_click(lambda _: self.files.report(self.open_second, self.source.value))
        rescan = widgets.Button(description="↻", tooltip="list the templates and files again",
                                layout=widgets.Layout(width="32px"))
        rescan.on_click(lambda _: self.refresh_choices())
        self.views = widgets.ToggleButtons(options=VIEWS, value="A", style={"button_width": "auto"},
                                           layout=widgets.Layout(display="none"))
        self.views.add_class("fl-views")
        self.views.observe(self._on_view, names="value")
        self.names = widgets.HTML()
        self.names.add_class("fl-model-names")
        row = widgets.HBox([self.source, rescan, self.open_button, self.views],
                           layout=widgets.Layout(flex_flow="row wrap", align_items="center",
                                                 min_width="0"))
        super().__init__([row, self.names], layout=widgets.Layout(min_width="0"))
        self.add_class("fl-compare-bar")
        self._switching = False
        self.refresh_choices()

    @property
    def view(self) -> str:
        """"compare" or "explore"."""
        return "compare" if self.views.value == "compare" and self.other is not None else "explore"

    def pair(self) -> tuple:
        return self.a, self.other

    def refresh_choices(self) -> None:
        self.source.options = second_model_options(self.files.workdir)
        self.source.index = 0

    def explored(self, system) -> None:
        """The Explorer now shows ``system``: a model loaded over the explored one takes its place
        (A, or B when B is explored)."""
        if system is self.a or system is self.other:
            self._describe()
            return
        if self.views.value == "B" and self.other is not None:
            self.other = system
        else:
            self.a = system
        self._describe()

    def second_model(self, choice):
        """The system ``choice`` (a menu value) names, freshly loaded."""
        import footprintlab as fl

        kind, name = choice
        if kind == "copy":
            # same names as A (objects are matched by name and class: a renamed copy would
            # compare as everything removed and added)
            return fl.load(self._system().to_json())
        if kind == "template":
            return fl.templates.load(name)
        return fl.load(self.files.path(name))

    def open_second(self, choice) -> str:
        """Open ``choice`` as model B and show the comparison; returns the status text."""
        if choice is None:
            raise ValueError("no second model chosen")
        other = self.second_model(choice)
        if self.views.value == "B":  # exploring the old B: explore A first
            self._set_view("A")
        self.other = other
        self.views.layout.display = "flex"
        self._describe()
        self._set_view("compare")
        what = "a copy of A" if choice == COPY else choice[1]
        return f"opened {what} as model B ({other.name}); comparing A and B"

    def _set_view(self, view: str) -> None:
        if self.views.value == view:
            self._apply(view)
        else:
            self.views.value = view

    def _on_view(self, change) -> None:
        self._apply(change.new)

    def _apply(self, view: str) -> None:
        if view in ("A", "B"):
            target = self.a if view == "A" else self.other
            if target is not None and target is not self._system() and self.explore is not None:
                self.explore(target)  # rebuilds the panels, then shows the explore view
                return
        self._show(self.view)

    def _describe(self) -> None:
        if self.other is None:
            self.names.value = ""
            return
        self.names.value = (f"<b>A</b>: {html.escape(self.a.name if self.a else '')} · "
                            f"<b>B</b>: {html.escape(self.other.name)}")

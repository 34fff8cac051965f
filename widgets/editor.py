"""``Editor``: a form for any model object, generated from its input traits, two-way bound."""
from __future__ import annotations

import html

import ipywidgets as widgets
from footprintlab.engine.declarations import Choice, Input, Reference
from footprintlab.widgets._assets import style_widget
from footprintlab.widgets.editor_fields import (
    ChoiceField,
    QuantityField,
    ReferenceField,
    ReferenceListField,
)


class Editor(widgets.VBox):
    """Edit the inputs of a model object.

    Parameters
    ----------
    obj : ModelObject
        The object to edit.
    system : System, optional
        Where to find the candidates of references (a job's server, a journey's steps). Without
        it, a reference dropdown offers only the current value.

    Numeric inputs show their unit (with a unit choice where the dimension has several), a slider
    where the input declares a range, the source as a badge (the link and comment as tooltip).
    Each entry is one assignment (one recompute); a refused entry (negative power, wrong unit,
    capacity exceeded) shows the error beside the field and leaves the model as it was. Changes
    made from Python show in the form.
    """

    def __init__(self, obj, system=None):
        self.obj, self.system = obj, system
        self.fields: dict[str, widgets.Widget] = {}
        for name, trait in type(obj).input_traits().items():
            if isinstance(trait, Reference):
                kind = ReferenceListField if trait.is_list else ReferenceField
                self.fields[name] = kind(obj, name, trait, self.candidates)
            elif isinstance(trait, Choice):
                self.fields[name] = ChoiceField(obj, name, trait)
            elif isinstance(trait, Input):
                self.fields[name] = QuantityField(obj, name, trait)
        header = widgets.HTML(f"<b>{html.escape(type(obj).__name__)}</b> "
                              f"<span class='fl-object-name'>{html.escape(obj.name)}</span>")
        obj.observe(self._on_model_change, names=list(self.fields))
        super().__init__([style_widget(), header, *self.fields.values()])
        self.add_class("fl-editor")

    def candidates(self, cls: type) -> list:
        """Objects of the system that a reference to ``cls`` may point to."""
        if self.system is None:
            return []
        return [o for o in self.system.all_objects() if isinstance(o, cls)]

    def _on_model_change(self, change) -> None:
        field = self.fields.get(change.name)
        if field is not None:
            field.refresh()

    def field(self, name: str):
        """The form row of input ``name``."""
        return self.fields[name]

    def close(self):
        try:
            self.obj.unobserve(self._on_model_change, names=list(self.fields))
        except ValueError:
            pass
        for field in self.fields.values():
            field.close()
        super().close()

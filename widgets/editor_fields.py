"""One form row per input of a model object: quantity, choice, text, reference, reference list.

Each field shows the model's current value (``refresh()``), writes the user's entry to the model
(one assignment, hence one recompute) and, when the model refuses it, shows the error beside the
field; the engine leaves the model as it was.
"""
from __future__ import annotations

import html
import math
import re

import ipywidgets as widgets
from footprintlab.engine import ExplainableValue, Hourly, ModelError, Quantity, UnitError, u
from footprintlab.engine.declarations import Choice, Input, Reference, Text
from footprintlab.engine.distributions import KINDS
from footprintlab.widgets.numbers import field_text, parse_number, readable
from traitlets import TraitError

REFUSED = (TraitError, ModelError, UnitError, TypeError, ValueError)
_REFUSED = object()  # an entry the field refused itself (its message is shown)
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d{1,2}$|^[+-]?\d+,\d{4,}$|^[+-]?0,\d+$")


def _label_layout() -> widgets.Layout:
    return widgets.Layout(width="130px", min_width="130px")


def number_text(value: float) -> str:
    """Text for a number in a field: ``800``, ``0.05``, ``1,380,000,000`` (never ``1.38e+09``)."""
    return field_text(value)


def show_error(error: widgets.HTML, message: str | None) -> None:
    """Show ``message`` on its own line under the field (inside the editor's column), or hide
    the line when there is none (no blank row)."""
    error.value = "" if not message else f'<span class="fl-error-text">{html.escape(message)}</span>'
    error.layout.display = "block" if message else "none"


def source_badge(value) -> str:
    """HTML badge naming an input's source, its link and comment in the tooltip."""
    if not isinstance(value, ExplainableValue) or value.source is None:
        return ""
    source = value.source
    tip = str(source) + (f" — {value.comment}" if value.comment else "")
    name = source.name if len(source.name) <= 28 else source.name[:27] + "…"
    return (f'<span class="fl-source fl-kind-{value.kind}" title="{html.escape(tip, quote=True)}">'
            f"{html.escape(name)}</span>")


class Field(widgets.HBox):
    """Base: a label, the entry widget(s), the source badge and the error text of one input."""

    def __init__(self, obj, name: str, trait, entry: list):
        self.obj, self.name, self.trait = obj, name, trait
        self._updating = False
        self.label = widgets.Label(name.replace("_", " "), layout=_label_layout(),
                                   tooltip=getattr(trait, "help", "") or name)
        self.badge = widgets.HTML()
        self.error = widgets.HTML(layout=widgets.Layout(flex="1 0 100%", min_width="0", margin="0"))
        self.error.add_class("fl-error")
        show_error(self.error, None)
        super().__init__([self.label, *entry, self.badge, self.error],
                         layout=widgets.Layout(flex_flow="row wrap", min_width="0"))
        self.add_class("fl-field")
        self.add_class(f"fl-field-{name}")

    def assign(self, value) -> bool:
        """Write ``value`` to the model; show the refusal and return False if refused."""
        try:
            setattr(self.obj, self.name, value)
        except REFUSED as exc:
            show_error(self.error, str(exc))
            return False
        show_error(self.error, None)
        return True

    def refresh(self) -> None:
        raise NotImplementedError


# the distributions a number can become, with their parameters (in the field's unit but "gsd")
DISTRIBUTIONS = {"uniform": ("low", "high"), "triangular": ("low", "mode", "high"),
                 "normal": ("mean", "sd"), "lognormal": ("median", "gsd")}
_KIND_LABELS = [("uniform (low, high)", "uniform"), ("triangular (low, mode, high)", "triangular"),
                ("normal (mean, sd)", "normal"), ("log-normal (median, gsd)", "lognormal")]
_UNITLESS = {"gsd"}


def default_parameters(kind: str, value: float) -> dict[str, float]:
    """A starting range around a number: ±50 % (uniform, triangular), sd 10 %, gsd 1.5."""
    return {"uniform": {"low": 0.5 * value, "high": 1.5 * value},
            "triangular": {"low": 0.5 * value, "mode": value, "high": 1.5 * value},
            "normal": {"mean": value, "sd": 0.1 * abs(value) or 1.0},
            "lognormal": {"median": value, "gsd": 1.5}}[kind]


def distribution_text(distribution, unit=None) -> str:
    """``uniform 400 – 1,200 MB`` / ``triangular 3 – 5 – 8 year`` / ``normal 800 ± 80 MB`` /
    ``log-normal median 800 MB, gsd 1.5``, in ``unit`` (the distribution's by default)."""
    unit = unit if unit is not None else distribution.unit
    factor = Quantity(1.0, distribution.unit).m_as(unit) if distribution.unit.compatible(unit) else 1.0

    def r(name):
        return readable(getattr(distribution, name) * factor)

    kind = distribution.kind
    if kind == "uniform":
        return f"uniform {r('low')} – {r('high')} {unit}"
    if kind == "triangular":
        return f"triangular {r('low')} – {r('mode')} – {r('high')} {unit} (low – mode – high)"
    if kind == "normal":
        return f"normal {r('mean')} ± {r('sd')} {unit} (mean ± sd)"
    return f"log-normal median {r('median')} {unit}, gsd {readable(distribution.gsd)}"


class QuantityField(Field):
    """A quantity input: a slider (where the input declares a range) or a text entry, and a unit.

    Any single number can become a range ("range…": uniform, triangular, normal or log-normal,
    with its parameters in the field's unit) and back ("back to a number": its central value).
    An uncertain input shows its distribution under the entry, which shows the central value
    (the one the results use) and is read-only while the input is a range.
    """

    def __init__(self, obj, name: str, trait: Input):
        value = getattr(obj, name)
        self.hourly = isinstance(getattr(value, "value", None), Hourly) or trait.hourly is True
        units = [] if self.hourly else u.same_dimension(trait.unit)
        extra = [a.name for a in trait.also if a.name not in units]
        shown = value.value.unit.name if isinstance(getattr(value, "value", None), Quantity) \
            else trait.unit.name
        options = list(dict.fromkeys([*units, *extra, shown]))
        self.unit = widgets.Dropdown(options=options, value=shown,
                                     layout=widgets.Layout(width="auto", min_width="64px"),
                                     disabled=len(options) < 2)
        if self.hourly:
            self.entry = widgets.HTML()
        elif trait.slider is not None:
            low, high = trait.slider
            self.entry = widgets.FloatSlider(min=low, max=high, step=(high - low) / 200,
                                             continuous_update=False, readout_format=",.4r",
                                             layout=widgets.Layout(width="auto", min_width="120px",
                                                                   flex="1 1 180px"))
        else:
            self.entry = widgets.Text(continuous_update=False,
                                      layout=widgets.Layout(width="auto", min_width="80px",
                                                            flex="1 1 120px"),
                                      placeholder="not set" if trait.optional else "")
        extra = [] if self.hourly else [self.unit, *self._range_parts()]
        super().__init__(obj, name, trait, [self.entry, *extra])
        if not self.hourly:  # the range rows wrap under the entry, before the error line
            children = list(self.children)
            children.remove(self.badge)
            children.insert(children.index(self.range_button) + 1, self.badge)
            self.children = children
        self.refresh()
        self._shown_unit = self.unit.value
        if not self.hourly:
            self.entry.observe(self._on_entry, names="value")
            self.unit.observe(self._on_unit, names="value")

    def _unit(self):
        return u.get(self.unit.value)

    # ranges -----------------------------------------------------------------------------------------
    def _range_parts(self) -> list:
        self.range_button = widgets.Button(description="range…", tooltip="make this number a range "
                                           "(uncertain input) or edit its range",
                                           layout=widgets.Layout(width="auto"))
        self.range_button.add_class("fl-range-button")
        self.range_button.on_click(lambda _: self.open_range(not self.range_open))
        self.distribution = widgets.HTML(layout=widgets.Layout(flex="1 0 100%", min_width="0",
                                                               margin="0", display="none"))
        self.distribution.add_class("fl-distribution")
        self.kind = widgets.Dropdown(options=_KIND_LABELS, value="uniform",
                                     layout=widgets.Layout(width="auto", min_width="0"))
        self.kind.observe(lambda _: self._fill_parameters(), names="value")
        self.parameters = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap", min_width="0"))
        self.apply_range = widgets.Button(description="apply range", button_style="info",
                                          layout=widgets.Layout(width="auto"))
        self.apply_range.add_class("fl-apply-range")
        self.apply_range.on_click(lambda _: self.set_range_from_form())
        self.to_number = widgets.Button(description="back to a number",
                                        tooltip="replace the range by its central value",
                                        layout=widgets.Layout(width="auto"))
        self.to_number.add_class("fl-to-number")
        self.to_number.on_click(lambda _: self.make_number())
        self.range_box = widgets.HBox(
            [self.kind, self.parameters, self.apply_range, self.to_number],
            layout=widgets.Layout(flex="1 0 100%", flex_flow="row wrap", align_items="center",
                                  min_width="0", display="none"))
        self.range_box.add_class("fl-range")
        self.range_open = False
        self._parameter_fields: dict[str, widgets.Text] = {}
        return [self.range_button, self.distribution, self.range_box]

    def current_distribution(self):
        return getattr(getattr(self.obj, self.name), "distribution", None)

    def open_range(self, show: bool = True) -> None:
        """Show (or hide) the range form, filled from the input's distribution or its number."""
        self.range_open = show
        self.range_box.layout.display = "flex" if show else "none"
        if show:
            current = self.current_distribution()
            if current is not None and self.kind.value != current.kind:
                self.kind.value = current.kind  # fills the parameters
            else:
                self._fill_parameters()

    def _fill_parameters(self) -> None:
        kind = self.kind.value
        current = self.current_distribution()
        unit = self._unit()
        if current is not None and current.kind == kind:
            factor = Quantity(1.0, current.unit).m_as(unit) if current.unit.compatible(unit) else 1.0
            values = {n: getattr(current, n) * (1.0 if n in _UNITLESS else factor)
                      for n in DISTRIBUTIONS[kind]}
        else:
            inner = getattr(getattr(self.obj, self.name), "value", None)
            number = inner.m_as(unit) if isinstance(inner, Quantity) and inner.unit.compatible(unit) \
                else None
            values = default_parameters(kind, number) if number is not None else {}
        fields = {}
        for name in DISTRIBUTIONS[kind]:
            text = widgets.Text(value=number_text(values[name]) if name in values else "",
                                description=name if name in _UNITLESS else f"{name} ({unit})",
                                layout=widgets.Layout(width="auto", min_width="0", flex="1 1 130px"))
            text.style.description_width = "auto"
            text.add_class(f"fl-range-{name}")
            fields[name] = text
        self._parameter_fields = fields
        self.parameters.children = list(fields.values())

    def set_range(self, kind: str, **parameters) -> bool:
        """Make the input a ``kind`` distribution with ``parameters`` (numbers in the field's unit,
        or quantities); shows the model's refusal and returns False if refused."""
        unit = self._unit()
        args = [parameters[n] if n in _UNITLESS or isinstance(parameters[n], Quantity)
                else Quantity(float(parameters[n]), unit) for n in DISTRIBUTIONS[kind]]
        try:
            distribution = KINDS[kind](*args)
        except REFUSED as exc:
            show_error(self.error, f"{self.name.replace('_', ' ')}: {exc}")
            return False
        if self.assign(distribution):
            self.refresh()
            return True
        return False

    def set_range_from_form(self) -> bool:
        """Read the range form (numbers as in the entry: ``1,200``, dots for decimals)."""
        parameters = {}
        for name, text in self._parameter_fields.items():
            number = parse_number(text.value.strip())
            if number is None or not math.isfinite(number):
                show_error(self.error, f"{self.name.replace('_', ' ')}: {name}: {text.value!r} is "
                                       "not a number (write 1,200 or 0.5)")
                return False
            parameters[name] = number
        ok = self.set_range(self.kind.value, **parameters)
        if ok:
            self.open_range(False)
        return ok

    def make_number(self) -> bool:
        """Replace the range by its central value (the number the results used)."""
        value = getattr(self.obj, self.name)
        if getattr(value, "distribution", None) is None:
            return True
        ok = self.assign(value.value)
        if ok:
            self.open_range(False)
            self.refresh()
        return ok

    def refresh(self) -> None:
        value = getattr(self.obj, self.name)
        self.badge.value = source_badge(value)
        if not self.hourly:
            distribution = getattr(value, "distribution", None)
            text = "" if distribution is None else html.escape(
                "range: " + distribution_text(distribution, self._unit()) + "; the results use "
                "its central value")
            if self.distribution.value != text:
                self.distribution.value = text
            self.distribution.layout.display = "block" if text else "none"
            self.entry.disabled = distribution is not None
            self.range_button.description = "edit range…" if distribution is not None else "range…"
            self.to_number.layout.display = "" if distribution is not None else "none"
        inner = getattr(value, "value", None)
        self._updating = True
        try:
            if self.hourly:
                self.entry.value = "not set" if inner is None else (
                    f"{len(inner):,} hourly values, total {readable(inner.sum().magnitude)} "
                    f"{inner.unit}")
            elif inner is None:
                self.entry.value = "" if isinstance(self.entry, widgets.Text) else self.entry.min
            else:
                number = inner.m_as(self._unit()) if inner.unit.compatible(self._unit()) \
                    else inner.magnitude
                if isinstance(self.entry, widgets.FloatSlider):
                    if number > self.entry.max:
                        self.entry.max = number * 2
                    self.entry.value = number
                else:
                    self.entry.value = number_text(number)
        finally:
            self._updating = False

    def _on_entry(self, change) -> None:
        if self._updating:
            return
        raw = change.new
        if isinstance(raw, str):
            raw = self._read_text(raw.strip())
            if raw is _REFUSED:
                return
        else:
            raw = Quantity(float(raw), self._unit())
        if raw is not None and self._unchanged(raw):
            show_error(self.error, None)  # the value it has: no assignment, no logged change
            self.refresh()
            return
        if self.assign(raw):
            self.refresh()

    def _read_text(self, text: str):
        """A typed entry as the value to assign (None to clear), or _REFUSED after showing why.

        Plain numbers (``1,380,000`` too) take the unit menu's unit; other text ("0.3 kW") goes
        to the model, which parses it, checks its unit and refuses the rest.
        """
        label = self.name.replace("_", " ")
        if not text and self.trait.optional:
            return None
        if _DECIMAL_COMMA.match(text):
            show_error(self.error, f"{label}: {text!r} is not a number here: write decimals with "
                                   "a dot (1.5); commas separate thousands (1,500)")
            return _REFUSED
        number = parse_number(text)
        if number is not None and not math.isfinite(number):
            show_error(self.error, f"{label}: {text!r} cannot be represented "
                                   "(beyond ±1.8e308); nothing was changed")
            return _REFUSED
        return text if number is None else Quantity(number, self._unit())

    def _unchanged(self, raw) -> bool:
        inner = getattr(getattr(self.obj, self.name), "value", None)
        if not isinstance(raw, Quantity) or not isinstance(inner, Quantity):
            return False
        return inner.unit.compatible(raw.unit) and raw.m_as(inner.unit) == inner.magnitude

    def _on_unit(self, change) -> None:
        """Show the value in another unit (the model is unchanged); sliders keep their range."""
        if isinstance(self.entry, widgets.FloatSlider):
            factor = Quantity(1.0, u.get(change.old)).m_as(u.get(change.new))
            self._updating = True
            try:
                low, high = self.entry.min * factor, self.entry.max * factor
                self.entry.max = max(high, self.entry.min)
                self.entry.min, self.entry.max = low, high
                self.entry.step = (high - low) / 200
            finally:
                self._updating = False
        self.refresh()


class ChoiceField(Field):
    """A choice among options (dropdown) or a free text (e.g. a time zone)."""

    def __init__(self, obj, name: str, trait: Choice):
        if isinstance(trait, Text):
            self.entry = widgets.Text(continuous_update=False, layout=widgets.Layout(width="200px"))
        else:
            self.entry = widgets.Dropdown(options=list(trait.options), layout=widgets.Layout(width="200px"))
        super().__init__(obj, name, trait, [self.entry])
        self.refresh()
        self.entry.observe(self._on_entry, names="value")

    def refresh(self) -> None:
        self._updating = True
        try:
            self.entry.value = getattr(self.obj, self.name) or ""
        finally:
            self._updating = False

    def _on_entry(self, change) -> None:
        if not self._updating:
            self.assign(change.new)


class ReferenceField(Field):
    """A reference to another object of the system, chosen in a dropdown (a job's server)."""

    def __init__(self, obj, name: str, trait: Reference, candidates):
        self.candidates = candidates
        self.entry = widgets.Dropdown(layout=widgets.Layout(width="260px"))
        super().__init__(obj, name, trait, [self.entry])
        self.refresh()
        self.entry.observe(self._on_entry, names="value")

    def refresh(self) -> None:
        current = getattr(self.obj, self.name)
        options = [o for o in self.candidates(self.trait.target_class())]
        if current is not None and not any(o is current for o in options):
            options.insert(0, current)
        labels = [(o.name, o) for o in options] + ([("(none)", None)] if self.trait.optional else [])
        self._updating = True
        try:
            self.entry.options = labels
            self.entry.value = current
        finally:
            self._updating = False

    def _on_entry(self, change) -> None:
        if not self._updating and change.new is not getattr(self.obj, self.name):
            self.assign(change.new)


def clone(template, name: str):
    """A new object of ``template``'s class with the same inputs (references shared)."""
    cls = type(template)
    return cls(name, **{n: getattr(template, n) for n in cls.input_names()})


class ReferenceListField(widgets.VBox):
    """A list of references (steps of a journey, jobs of a step): remove, add existing or a copy."""

    NEW = "__new__"

    def __init__(self, obj, name: str, trait: Reference, candidates):
        self.obj, self.name, self.trait, self.candidates = obj, name, trait, candidates
        self.items = widgets.VBox()
        self.choice = widgets.Dropdown(layout=widgets.Layout(width="auto", min_width="0",
                                                             max_width="100%"))
        self.add_button = widgets.Button(description="add", layout=widgets.Layout(width="60px"))
        self.add_button.add_class("fl-add")
        self.add_button.on_click(lambda _: self.add(self.choice.value))
        self.error = widgets.HTML()
        self.error.add_class("fl-error")
        show_error(self.error, None)
        title = widgets.Label(name.replace("_", " "), layout=_label_layout())
        super().__init__([widgets.HBox([title, self.items]),
                          widgets.HBox([widgets.Label("", layout=_label_layout()), self.choice,
                                        self.add_button],
                                       layout=widgets.Layout(flex_flow="row wrap", min_width="0")),
                          self.error])
        self.add_class("fl-field")
        self.add_class(f"fl-field-{name}")
        self.refresh()

    def refresh(self) -> None:
        current = list(getattr(self.obj, self.name))
        rows = []
        for index, item in enumerate(current):
            remove = widgets.Button(description="remove", layout=widgets.Layout(width="70px"))
            remove.add_class("fl-remove")
            remove.on_click(lambda _, i=index: self.remove(i))
            rows.append(widgets.HBox([widgets.Label(item.name, tooltip=item.name,
                                                    layout=widgets.Layout(width="160px")),
                                      remove]))
        self.items.children = rows
        options = [(f"new copy of {current[-1].name}", self.NEW)] if current else []
        options += [(o.name, o) for o in self.candidates(self.trait.target_class())]
        self.choice.options = options
        if options:
            self.choice.index = 0
        self.add_button.disabled = not options

    def _assign(self, items) -> None:
        try:
            setattr(self.obj, self.name, items)
        except REFUSED as exc:
            show_error(self.error, str(exc))
            return
        show_error(self.error, None)

    def add(self, choice) -> None:
        """Append an existing object, or (``NEW``) a copy of the last item."""
        current = list(getattr(self.obj, self.name))
        if choice == self.NEW:
            template = current[-1]
            taken = {o.name for o in self.candidates(self.trait.target_class())} | {o.name for o in current}
            number = 2
            while f"{template.name} ({number})" in taken:
                number += 1
            try:
                choice = clone(template, f"{template.name} ({number})")
            except REFUSED as exc:
                show_error(self.error, str(exc))
                return
        if choice is not None:
            self._assign([*current, choice])

    def remove(self, index: int) -> None:
        current = list(getattr(self.obj, self.name))
        self._assign(current[:index] + current[index + 1:])

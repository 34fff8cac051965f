"""The dependency graph: resolution of declared reads, incremental recompute, batches, rollback.

Nodes are ``(object, attribute)`` pairs. A calculated attribute's parents come from its declared
reads, resolved through the objects' references; the objects store the edges themselves
(``_fl_children``, ``_fl_link_readers``), so there is no global registry to leak memory.

Evaluation is lazy until first read, then incremental: assigning an input recomputes, in
topological order and each once, the already-computed attributes downstream of it whose parents
changed (a recomputed value equal to the old one stops the propagation there). Notifications fire
after the whole recompute succeeded, for changed inputs and outputs only. If a formula raises, every
input, link and output touched by the transaction is restored and a ``RecomputeError`` naming the
object and attribute is raised.
"""
from __future__ import annotations

import contextlib
import weakref

import numpy as np
from footprintlab.engine.declarations import Reference, ReverseLink
from footprintlab.engine.explain import ExplainableValue
from footprintlab.engine.units import UnitError
from footprintlab.engine.values import Hourly, Quantity, _fmt_hour, first_non_finite

# Calculated hourly values are stored as float32 (about 7 significant digits, like efootprint):
# half the memory and memory bandwidth of float64; totals are accumulated in float64.
STORED_DTYPE = np.float32


class ModelError(ValueError):
    """An error in the model's data (e.g. capacity exceeded), raised by formulas."""


class RecomputeError(ModelError):
    """A formula failed; the model was rolled back to its last consistent state.

    ``obj`` and ``attribute`` name the formula; ``refused`` lists the assignments rolled back."""

    def __init__(self, obj, attribute: str, cause: Exception):
        self.obj, self.attribute, self.cause = obj, attribute, cause
        self.refused: list[tuple] = []  # the (object, input) assignments that were rolled back
        super().__init__(f"{type(obj).__name__} {obj.name!r}: {attribute}: {cause}")

    def name_refused(self, changes) -> None:
        """Add the rolled-back assignments to the message: the input to blame may be elsewhere."""
        self.refused = [(obj, name) for obj, name in changes]
        if self.refused:
            shown = ", ".join(f"{type(o).__name__} {o.name!r}.{n}" for o, n in self.refused[:3])
            more = f" and {len(self.refused) - 3} more" if len(self.refused) > 3 else ""
            self.args = (f"{self.args[0]} (refused change: {shown}{more}; the model is unchanged)",)


class CycleError(ModelError):
    """Calculated attributes read each other in a cycle (named in the message)."""


class NodeState:
    """Per calculated attribute: whether computed, its resolved reads and traversed links."""

    __slots__ = ("computed", "computing", "reads", "links")

    def __init__(self):
        self.computed = False
        self.computing = False
        self.reads = None  # list of (kind, is_list, [(obj, attr), ...]) once resolved
        self.links = ()  # [(obj, link_name), ...] traversed when resolving


class Transaction:
    def __init__(self):
        self.inputs: dict = {}  # (obj, name) -> old value
        self.links: dict = {}  # (obj, name) -> old value
        self.structural: dict = {}  # calculated nodes whose reads must be re-resolved
        self.new_objects: list = []
        self.computed_log: list = []  # (obj, attr, old ExplainableValue|None, was_computed)
        self.notifications: list = []


class Commit:
    """What one successful transaction changed: ``inputs`` (assigned inputs and references) and
    ``calculated`` (recomputed values that differ), each a list of ``(object, name, old, new)``.
    Iterating a commit gives its input changes."""

    __slots__ = ("inputs", "calculated", "_roots")

    def __init__(self, inputs: list, calculated: list):
        self.inputs, self.calculated = inputs, calculated
        self._roots: set | None = None

    def __iter__(self):
        return iter(self.inputs)

    def __len__(self):
        return len(self.inputs)

    def changed(self, obj, name: str | None = None) -> bool:
        """Whether ``obj.name`` (or any attribute of ``obj``) changed in this commit."""
        return any(o is obj and (name is None or n == name)
                   for o, n, _, _ in (*self.inputs, *self.calculated))

    def touches(self, system) -> bool:
        """Whether an input or calculated value of ``system`` or of one of its objects changed."""
        if self._roots is None:
            changed = unique_objects(change[0] for change in (*self.inputs, *self.calculated))
            self._roots = {id(root) for root in _roots_above(changed)}
            self._roots.update(id(obj) for obj in changed)
        return id(system) in self._roots


_tx: Transaction | None = None
stats = {"computes": 0}
# (callback, system or None) run after each successful commit, in subscription order
after_commit: list = []
_in_progress: list = []  # calculated nodes being computed, outermost first (to name a cycle)
_quiet = False  # inside ``quiet()``: commits notify nobody


@contextlib.contextmanager
def quiet():
    """Commits inside notify nobody (no traitlets notification, no commit event).

    For scratch recomputes that end where they started, such as the samples of an uncertainty
    study: observers never see the intermediate states, and the model's final state is the one
    they last saw."""
    global _quiet
    previous, _quiet = _quiet, True
    try:
        yield
    finally:
        _quiet = previous


def on_commit(callback, system=None):
    """Call ``callback(commit)`` after each successful recompute (see ``Commit``); with
    ``system``, only after those that changed one of its inputs or calculated values.
    Returns a function that unsubscribes."""
    entry = (callback, None if system is None else weakref.ref(system))
    after_commit.append(entry)

    def unsubscribe() -> None:
        if entry in after_commit:
            after_commit.remove(entry)

    return unsubscribe


# --- public entry points ---------------------------------------------------------------------------
@contextlib.contextmanager
def batch():
    """Group assignments into one recompute; everything is rolled back if anything fails."""
    global _tx
    if _tx is not None:  # nested: the outermost batch commits
        yield _tx
        return
    tx = _tx = Transaction()
    try:
        yield tx
    except BaseException:
        _tx = None
        _rollback(tx)
        raise
    _tx = None
    _commit(tx)


def set_input(obj, trait, new) -> None:
    with batch() as tx:
        name = trait.name
        old = obj._trait_values.get(name)
        tx.inputs.setdefault((obj, name), old)
        obj._trait_values[name] = new
        tx.notifications.append((obj, name, old, new))


def set_link(obj, trait, new) -> None:
    with batch() as tx:
        name = trait.name
        old = obj._trait_values.get(name)
        tx.links.setdefault((obj, name), old)
        _replace_link(tx, obj, trait, old, new)
        tx.notifications.append((obj, name, old, new))


def add_object(obj, values: dict) -> None:
    """Register a new object: store its inputs, its back-references and its calculated nodes."""
    for name in type(obj).calculated_traits():
        obj._fl_nodes[name] = NodeState()
    with batch() as tx:
        tx.new_objects.append(obj)
        for name, trait in type(obj).input_traits().items():
            value = values.get(name)
            if isinstance(trait, Reference):
                obj._trait_values[name] = None if not trait.is_list else trait.validate(obj, [])
                _replace_link(tx, obj, trait, obj._trait_values[name], value)
            else:
                obj._trait_values[name] = value


def read_calculated(obj, name: str):
    state = obj._fl_nodes.get(name)
    if state is None:
        raise AttributeError(name)
    if not state.computed:
        with _quiet_numpy():
            _pull(obj, name, None)
    return obj._trait_values[name]


def parents_of(obj, name: str) -> list[tuple]:
    """The (object, attribute) nodes a calculated attribute reads (for inspection and tests)."""
    state = obj._fl_nodes[name]
    if state.reads is None:
        _resolve(obj, name, state)
    return [node for _, _, nodes in state.reads for node in nodes]


def children_of(obj, name: str) -> set:
    return set(obj._fl_children.get(name, ()))


# --- links ----------------------------------------------------------------------------------------
def _replace_link(tx: Transaction, obj, trait, old, new) -> None:
    name = trait.name
    old_targets, new_targets = trait.targets(old), trait.targets(new)
    obj._trait_values[name] = new
    _mark_link_changed(tx, obj, name)
    if trait.reverse:
        removed = [t for t in unique_objects(old_targets) if not any(t is n for n in new_targets)]
        added = [t for t in unique_objects(new_targets) if not any(t is o for o in old_targets)]
        for target in removed:
            refs = target._fl_backrefs.get(trait.reverse, [])
            target._fl_backrefs[trait.reverse] = [r for r in refs if r is not obj]
            _mark_link_changed(tx, target, trait.reverse)
        for target in added:
            target._fl_backrefs.setdefault(trait.reverse, []).append(obj)
            _mark_link_changed(tx, target, trait.reverse)


def _mark_link_changed(tx: Transaction, obj, link_name: str) -> None:
    for node in obj._fl_link_readers.get(link_name, ()):
        tx.structural[node] = True


def unique_objects(items) -> list:
    """``items`` in order, each object once (by identity), without ``None``."""
    seen, out = set(), []
    for item in items:
        if item is not None and id(item) not in seen:
            seen.add(id(item))
            out.append(item)
    return out


# --- resolution -----------------------------------------------------------------------------------
_LINKS: dict = {}


def _link_descriptor(obj, name: str):
    """The Reference/ReferenceList trait or ReverseLink called ``name`` on ``obj``'s class, or None."""
    cls = type(obj)
    key = (cls, name)
    try:
        return _LINKS[key]
    except KeyError:
        pass
    trait = cls.input_traits().get(name)
    attr = getattr(cls, name, None)
    found = trait if isinstance(trait, Reference) else attr if isinstance(attr, ReverseLink) else None
    _LINKS[key] = found
    return found


def _resolve(obj, attr: str, state: NodeState) -> None:
    """Turn the declared read paths of ``obj.attr`` into parent nodes and register the edges."""
    _unregister(obj, attr, state)
    trait = type(obj).calculated_traits()[attr]
    reads, links = [], []
    for path in trait.reads:
        tokens = path.split(".")
        current, is_list = [obj], False
        for token in tokens[:-1]:
            name = token.removesuffix("[]")
            following = []
            for holder in current:
                link = _link_descriptor(holder, name)
                if link is None:
                    raise AttributeError(f"{type(obj).__name__}.{attr} reads {path!r}: "
                                         f"{type(holder).__name__} has no reference {name!r}")
                if link.is_list != token.endswith("[]"):
                    hint = f"{name}[]" if link.is_list else name
                    raise AttributeError(f"{type(obj).__name__}.{attr} reads {path!r}: write {hint!r}")
                links.append((holder, name))
                following.extend(link.targets(getattr(holder, name)))
            flattened = len(current) > 1
            is_list = is_list or token.endswith("[]")
            # objects reached through several holders count once each; a single list keeps its
            # order and repeats (a step twice in a journey counts twice)
            current = unique_objects(following) if (is_list and flattened) else following
        last = tokens[-1].removesuffix("[]")
        kind = "value"
        for holder in current:
            if _link_descriptor(holder, last) is not None:
                kind = "link"
                links.append((holder, last))
            elif last not in holder._fl_nodes and last not in type(holder).input_traits():
                raise AttributeError(f"{type(obj).__name__}.{attr} reads {path!r}: "
                                     f"{type(holder).__name__} has no attribute {last!r}")
        reads.append((kind, is_list, [(holder, last) for holder in current]))
    state.reads, state.links = reads, links
    node = (obj, attr)
    for kind, _, nodes in reads:
        if kind == "value":
            for parent_obj, parent_attr in nodes:
                parent_obj._fl_children.setdefault(parent_attr, set()).add(node)
    for holder, name in links:
        holder._fl_link_readers.setdefault(name, set()).add(node)


def _unregister(obj, attr: str, state: NodeState) -> None:
    if state.reads is None:
        return
    node = (obj, attr)
    for kind, _, nodes in state.reads:
        if kind == "value":
            for parent_obj, parent_attr in nodes:
                parent_obj._fl_children.get(parent_attr, set()).discard(node)
    for holder, name in state.links:
        holder._fl_link_readers.get(name, set()).discard(node)


def _describe_cycle(node) -> str:
    cycle = _in_progress[next(i for i, n in enumerate(_in_progress) if n == node):] + [node]
    path = " -> ".join(f"{type(o).__name__} {o.name!r}.{a}" for o, a in cycle)
    return f"calculated attributes read each other in a cycle: {path}"


# --- computation ----------------------------------------------------------------------------------
def _value_of(obj, name: str, tx):
    state = obj._fl_nodes.get(name)
    if state is not None:
        if not state.computed:
            _pull(obj, name, tx)
        return obj._trait_values[name]
    return obj._trait_values.get(name)


def _pull(obj, attr: str, tx) -> None:
    """Compute a never-computed node (and, first, its never-computed ancestors)."""
    state = obj._fl_nodes[attr]
    if state.computing:
        raise CycleError(_describe_cycle((obj, attr)))
    state.computing = True
    _in_progress.append((obj, attr))
    try:
        new = _compute(obj, attr, state, tx)
    finally:
        state.computing = False
        _in_progress.pop()
    if tx is not None:
        tx.computed_log.append((obj, attr, obj._trait_values.get(attr), False))
    obj._trait_values[attr] = new
    state.computed = True


def _compute(obj, attr: str, state: NodeState, tx) -> ExplainableValue:
    if state.reads is None:
        _resolve(obj, attr, state)
    trait = type(obj).calculated_traits()[attr]
    args, parents = [], []
    for kind, is_list, nodes in state.reads:
        if kind == "link":
            values = [getattr(holder, name) for holder, name in nodes]
        else:
            explained = [_value_of(holder, name, tx) for holder, name in nodes]
            values = []
            for item in explained:
                if isinstance(item, ExplainableValue):
                    parents.append(item)
                    values.append(item.value)
                else:
                    values.append(item)
        args.append(values if is_list else (values[0] if values else None))
    stats["computes"] += 1
    try:
        result = trait.function(obj, *[args[i] for i in trait.call_order])
        if trait.unit is not None:
            result = _in_unit(result, trait.unit)
        if isinstance(result, Hourly):
            result = _stored(result)
        _check_finite_result(result)
    except RecomputeError:
        raise
    except Exception as exc:  # a formula's own error, named with its object and attribute
        raise RecomputeError(obj, attr, exc) from exc
    label = f"{trait.label or attr} of {obj.name}"
    return ExplainableValue(result, label, None, "", trait.formula, tuple(parents))


def _stored(result: Hourly) -> Hourly:
    """A calculated series as stored: float32, read-only (so that its total is computed once)."""
    if result.values.dtype != STORED_DTYPE:
        with np.errstate(over="ignore"):
            result = Hourly._raw(result.values.astype(STORED_DTYPE), result.start, result.unit)
    result.values.setflags(write=False)  # float32 arrays here are the engine's own
    return result


def _quiet_numpy():
    """Formulas run with numpy's overflow and invalid-value warnings off: a non-finite result is
    refused by ``_check_finite_result`` with the object and attribute named, not printed."""
    return np.errstate(over="ignore", invalid="ignore", divide="ignore")


def _check_finite_result(result) -> None:
    """A calculated value is never NaN or infinite: it would make every total meaningless."""
    if isinstance(result, Quantity):
        if not np.isfinite(result.magnitude):
            raise ModelError(f"the result is {result.magnitude} {result.unit}, not a finite number")
    elif isinstance(result, Hourly) and len(result.values) and not np.isfinite(result.sum().magnitude):
        bad = first_non_finite(result.values)
        if bad is not None:
            hour = _fmt_hour(result.start + bad * np.timedelta64(1, "h"))
            raise ModelError(f"the result is {result.values[bad]} {result.unit} at {hour} UTC "
                             f"(index {bad}), not a finite number; an input is out of range")
        raise ModelError(f"the hourly result's total overflows {result.unit}")


def _in_unit(result, unit):
    if isinstance(result, (int, float)):
        result = Quantity(float(result))
    if not isinstance(result, (Quantity, Hourly)):
        raise TypeError(f"formula returned {type(result).__name__}, expected a quantity in {unit}")
    if result.unit is unit:
        return result
    try:
        return result.to(unit)
    except UnitError as exc:
        raise UnitError(f"formula result: {exc}") from None


# --- commit and rollback --------------------------------------------------------------------------
def _commit(tx: Transaction) -> None:
    global _tx
    _tx = tx  # reads during the recompute join this transaction's log
    try:
        with _quiet_numpy():
            _propagate(tx)
            _complete_roots(tx)
    except BaseException as exc:
        _tx = None
        _rollback(tx)
        if isinstance(exc, RecomputeError):
            exc.name_refused([*tx.inputs, *tx.links])
        raise
    _tx = None
    if _quiet:
        return
    for obj, name, old, new in tx.notifications:
        if old is not new:
            obj._notify_trait(name, old, new)
    inputs: list = []
    calculated: list = []
    for change in tx.notifications:
        (inputs if change[1] in type(change[0]).input_traits() else calculated).append(change)
    if inputs or calculated:
        commit = Commit(inputs, calculated)
        for callback, system_ref in list(after_commit):
            system = None if system_ref is None else system_ref()
            if system_ref is None or (system is not None and commit.touches(system)):
                callback(commit)


def _complete_roots(tx: Transaction) -> None:
    """Compute every never-computed attribute of the root objects (systems: classes with
    ``_fl_complete = True``) that the transaction created or re-linked, so that a change that
    makes any value invalid is refused now, whether or not results were read before."""
    starts = [*tx.new_objects, *(obj for obj, _ in tx.links)]
    if not starts:
        return
    for root in _roots_above(starts):
        for obj in [root, *root.all_objects()]:
            calculated = type(obj).calculated_traits()
            for attr, state in obj._fl_nodes.items():
                if not state.computed and not calculated[attr].lazy:
                    _pull(obj, attr, tx)


def _roots_above(objects) -> list:
    """The root objects reachable upwards (through back-references) from ``objects``."""
    seen, roots, stack = set(), [], list(objects)
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if getattr(type(obj), "_fl_complete", False):
            roots.append(obj)
        for referrers in obj._fl_backrefs.values():
            stack.extend(referrers)
    return roots


def _propagate(tx: Transaction) -> None:
    forced = set()
    for node in list(tx.structural):
        obj, attr = node
        state = obj._fl_nodes[attr]
        if state.reads is not None:
            _resolve(obj, attr, state)
        if state.computed:
            forced.add(node)
    changed = set()
    for (obj, name), old in tx.inputs.items():
        new = obj._trait_values.get(name)
        if isinstance(new, ExplainableValue) and new.same_value(old):
            continue
        if new is not old:
            changed.add((obj, name))
    order = _topological(list(changed) + list(forced))
    for node in order:
        obj, attr = node
        state = obj._fl_nodes[attr]
        if not state.computed:
            continue
        if node not in forced and not any(parent in changed for parent in _parent_nodes(state)):
            continue
        old = obj._trait_values.get(attr)
        new = _compute(obj, attr, state, tx)
        if new.same_value(old):
            continue
        tx.computed_log.append((obj, attr, old, True))
        obj._trait_values[attr] = new
        changed.add(node)
        tx.notifications.append((obj, attr, old, new))


def _parent_nodes(state: NodeState):
    for kind, _, nodes in state.reads or ():
        if kind == "value":
            yield from nodes


def _topological(seeds: list) -> list:
    """Downstream nodes of ``seeds`` (seeds that are calculated included), parents before children."""
    visited, order = set(), []
    for seed in seeds:
        if seed in visited:
            continue
        stack = [(seed, iter(seed[0]._fl_children.get(seed[1], ())))]
        visited.add(seed)
        while stack:
            node, children = stack[-1]
            advanced = False
            for child in children:
                if child not in visited:
                    visited.add(child)
                    stack.append((child, iter(child[0]._fl_children.get(child[1], ()))))
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                order.append(node)
    order.reverse()
    return [node for node in order if node[1] in node[0]._fl_nodes]


def _rollback(tx: Transaction) -> None:
    for obj, attr, old, was_computed in reversed(tx.computed_log):
        obj._trait_values[attr] = old
        obj._fl_nodes[attr].computed = was_computed
    for (obj, name), old in tx.inputs.items():
        obj._trait_values[name] = old
    for (obj, name), old in reversed(list(tx.links.items())):
        trait = type(obj).input_traits()[name]
        _replace_link(tx, obj, trait, obj._trait_values.get(name), old)
    for new_obj in tx.new_objects:  # an object whose creation failed must not stay linked
        for name, trait in type(new_obj).input_traits().items():
            if isinstance(trait, Reference):
                _replace_link(tx, new_obj, trait, new_obj._trait_values.get(name),
                              trait.validate(new_obj, []) if trait.is_list else None)
    for obj, attr in list(tx.structural):
        state = obj._fl_nodes[attr]
        if state.reads is not None:
            _resolve(obj, attr, state)


__all__ = ["batch", "on_commit", "Commit", "CycleError", "ModelError", "RecomputeError",
           "unique_objects"]

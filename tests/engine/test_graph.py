"""The dependency graph: only downstream recomputes, once each, in order; notifications; rollback."""
import json
import subprocess
import sys

import pytest
from footprintlab.engine import Hourly, RecomputeError, Sources, SourceValue, batch, u
from footprintlab.engine.graph import children_of, parents_of
from toy_model import CALLS, Machine, Task, make
from traitlets import TraitError


@pytest.fixture(autouse=True)
def clear_calls():
    CALLS.clear()
    yield
    CALLS.clear()


def computed_model():
    machines, tasks, group = make()
    group.energy  # first read computes everything upstream
    CALLS.clear()
    return machines, tasks, group


def test_lazy_until_first_read():
    machines, tasks, group = make()
    assert CALLS == []
    energy = group.energy
    assert energy.value.unit == u.kWh
    # every node computed exactly once, parents first
    assert sorted(CALLS) == sorted(set(CALLS))
    assert CALLS.index(("t0-0", "load")) < CALLS.index(("m0", "total_load")) < CALLS.index(("m0", "energy"))


def test_change_recomputes_only_downstream_once_in_order():
    machines, tasks, group = computed_model()
    tasks[0].cores = 2 * u.cpu_core
    assert CALLS == [("t0-0", "load"), ("m0", "total_load"), ("m0", "energy"), ("m0", "total_energy"),
                     ("all", "energy")]
    CALLS.clear()
    machines[1].power = 300 * u.W  # does not touch m0 nor any task
    assert CALLS == [("m1", "energy"), ("m1", "total_energy"), ("all", "energy")]


def test_batch_recomputes_each_node_once():
    machines, tasks, group = computed_model()
    with batch():
        for task in tasks[:3]:
            task.cores = 1.5 * u.cpu_core
        machines[0].power = 50 * u.W
    assert sorted(CALLS) == sorted(set(CALLS))
    assert CALLS.count(("m0", "energy")) == 1 and CALLS.count(("all", "energy")) == 1
    assert {c for c in CALLS if c[1] == "load"} == {("t0-0", "load"), ("t0-1", "load"), ("t0-2", "load")}
    assert CALLS.index(("m0", "total_load")) > max(CALLS.index((f"t0-{i}", "load")) for i in range(3))


def test_unchanged_value_stops_propagation():
    machines, tasks, group = computed_model()
    tasks[0].cores = "1 cpu_core"  # same value, new object: nothing downstream recomputes
    assert CALLS == []
    tasks[0].cores = SourceValue(1 * u.cpu_core, Sources.HYPOTHESIS)
    assert tasks[0].cores.kind == "hypothesis"
    assert CALLS == []


def test_notifications_fire_for_changed_outputs_only():
    machines, tasks, group = computed_model()
    seen = []
    for obj in (*machines, group):
        obj.observe(lambda change: seen.append((change.owner.name, change.name)), names=["energy", "total_load"])
    tasks[0].observe(lambda change: seen.append((change.owner.name, change.name)), names=["cores"])
    tasks[0].cores = 2 * u.cpu_core
    assert sorted(seen) == sorted([("t0-0", "cores"), ("m0", "total_load"), ("m0", "energy"), ("all", "energy")])
    # (total_energy changed too, but nobody observes it)


def test_notification_carries_old_and_new_values():
    machines, tasks, group = computed_model()
    changes = []
    group.observe(changes.append, names=["energy"])
    before = group.energy.value
    machines[0].power = 200 * u.W
    assert changes[0].old.value == before and changes[0].new.value == group.energy.value
    assert group.energy.value.magnitude > before.magnitude


def test_failed_recompute_rolls_back_everything():
    machines, tasks, group = computed_model()
    before_load = machines[0].total_load.value
    before_energy = group.energy.value
    seen = []
    group.observe(seen.append, names=["energy"])
    with pytest.raises(RecomputeError) as info:
        with batch():
            machines[1].power = 500 * u.W
            tasks[0].cores = 100 * u.cpu_core  # exceeds the machine's capacity
    assert info.value.obj is machines[0] and info.value.attribute == "energy"
    assert "Machine 'm0': energy: load" in str(info.value)
    assert tasks[0].cores.value == 1 * u.cpu_core
    assert machines[1].power.value == 101 * u.W
    assert machines[0].total_load.value == before_load
    assert group.energy.value == before_energy
    assert seen == []
    # the model still works after the rollback
    tasks[0].cores = 2 * u.cpu_core
    assert group.energy.value != before_energy


def test_invalid_inputs_name_object_and_attribute():
    machines, tasks, group = computed_model()
    with pytest.raises(TraitError, match=r"Machine 'm0': power: must be at least 0 W"):
        machines[0].power = -5 * u.W
    with pytest.raises(TraitError, match=r"Machine 'm0': power: expected power .* got mass CO2e"):
        machines[0].power = 5 * u.kg
    with pytest.raises(TraitError, match=r"Task 't0-0': machine: expected a Machine"):
        tasks[0].machine = group
    with pytest.raises(TypeError, match=r"Machine 'x': missing input 'power'"):
        Machine("x")
    with pytest.raises(AttributeError, match="has no input 'powr'"):
        machines[0].powr = 3
    with pytest.raises(TraitError, match="read-only"):
        machines[0].energy = 3
    assert machines[0].power.value == 100 * u.W


def test_structural_change_rebuilds_affected_part():
    machines, tasks, group = computed_model()
    assert len(machines[0].tasks) == 3
    assert (tasks[0], "load") in parents_of(machines[0], "total_load")
    before = (machines[0].total_load.value.sum(), machines[1].total_load.value.sum())
    tasks[0].machine = machines[1]
    assert tasks[0] in machines[1].tasks and tasks[0] not in machines[0].tasks
    assert (tasks[0], "load") in parents_of(machines[1], "total_load")
    assert (tasks[0], "load") not in parents_of(machines[0], "total_load")
    moved = tasks[0].load.value.sum()
    assert machines[0].total_load.value.sum().isclose(before[0] - moved, rel=1e-6)
    assert machines[1].total_load.value.sum().isclose(before[1] + moved, rel=1e-6)
    assert {("m0", "total_load"), ("m1", "total_load")} <= set(CALLS)
    assert ("t0-1", "load") not in CALLS  # untouched tasks are not recomputed


def test_new_child_in_list_and_in_place_mutation():
    machines, tasks, group = computed_model()
    spare = Machine("spare", power=10 * u.W)
    extra = Task("extra", machine=spare, cores=1 * u.cpu_core,
                 starts=Hourly([1.0] * 24, "2025-01-01", u.occurrence))
    before = group.energy.value
    group.tasks = [*group.tasks, extra]
    assert group.energy.value.isclose(before + spare.total_energy.value, rel=1e-6)
    with pytest.raises(TypeError, match="cannot be changed in place; assign a new list"):
        group.tasks.append(extra)
    assert children_of(extra, "load") == {(spare, "total_load")}


def test_lineage_recorded_even_when_multiplying_by_zero():
    machines, tasks, group = computed_model()
    machines[0].power = 0 * u.W
    energy = machines[0].energy
    assert energy.value.sum().magnitude == 0
    labels = {parent.label for parent in energy.parents}
    assert labels == {"total_load of m0", "capacity of m0", "power of m0"}
    assert "total_load / capacity × power × 1 h" in energy.explain()


def test_calculation_graph_is_plain_json_data():
    machines, tasks, group = computed_model()
    graph = group.energy.calculation_graph()
    json.dumps(graph)
    kinds = {node["kind"] for node in graph["nodes"]}
    assert kinds == {"calculated", "input"}
    labels = {node["label"] for node in graph["nodes"]}
    assert {"energy of all", "energy of m0", "load of t0-0", "cores of t0-0", "starts of t0-0"} <= labels
    root = next(n for n in graph["nodes"] if n["id"] == graph["root"])
    assert root["value"] == pytest.approx(group.energy.value.magnitude)
    ids = {n["id"] for n in graph["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in graph["edges"])


def test_import_does_not_load_widget_libraries_or_pandas():
    code = ("import sys, footprintlab; bad = [m for m in ('ipywidgets', 'bqplot', 'anywidget', 'pandas') "
            "if m in sys.modules]; print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_on_commit_hook_reports_input_changes_and_unsubscribes():
    from footprintlab.engine import on_commit

    machines, tasks, group = computed_model()
    seen = []
    unsubscribe = on_commit(seen.append)
    machines[0].power = 150 * u.W
    assert [(obj.name, name) for obj, name, _, _ in seen[0]] == [("m0", "power")]
    unsubscribe()
    machines[0].power = 160 * u.W
    assert len(seen) == 1

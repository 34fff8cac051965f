"""ObjectGraph and CalculationGraph: structure, in-place updates, selection, hover figures."""
import footprintlab as fl
import pytest
from footprintlab import u
from footprintlab.widgets import CalculationGraph, ObjectGraph
from footprintlab.widgets._assets import esm
from footprintlab.widgets.numbers import readable
from footprintlab.widgets.object_graph import key_figures


def test_object_graph_has_a_node_per_object_and_an_edge_per_reference(quickstart):
    graph = ObjectGraph(quickstart)
    kinds = {n["label"]: n["kind"] for n in graph.nodes}
    assert len(graph.nodes) == len(quickstart.all_objects()) + 1  # and the system itself
    assert kinds["streaming"] == "Job" and kinds["France"] == "Country"
    ids = {n["label"]: n["id"] for n in graph.nodes}
    assert [ids["streaming"], ids["server"]] in graph.edges
    assert [ids["server"], ids["SSD storage"]] in graph.edges
    assert [ids["Mean video consumption"], ids["20 min streaming"]] in graph.edges
    columns = {n["label"]: n["column"] for n in graph.nodes}
    assert columns["Daily video streaming consumption"] < columns["Mean video consumption"] \
        < columns["20 min streaming"] < columns["streaming"] < columns["server"] < columns["SSD storage"]


def test_a_new_step_adds_a_node_in_one_message_and_values_send_nothing(quickstart, sent):
    graph = ObjectGraph(quickstart)
    before = list(graph.nodes)
    sent.clear()
    quickstart.jobs()[0].data_download = 500 * u.MB  # not structural
    assert sent.to(graph) == []
    journey = quickstart.usage_patterns[0].usage_journey
    step = fl.UsageJourneyStep("browse", user_time_spent=2 * u.min, jobs=[quickstart.jobs()[0]])
    journey.steps = [*journey.steps, step]
    assert all(node in graph.nodes for node in before) and len(graph.nodes) == len(before) + 1
    assert any(n["id"] == step.id and n["kind"] == "UsageJourneyStep" for n in graph.nodes)
    assert [step.id, quickstart.jobs()[0].id] in graph.edges
    assert len(sent.updates(graph)) == 1
    assert sent.updates(graph)[0]["state"].keys() == {"nodes", "edges"}


def test_clicking_a_node_selects_its_object(quickstart):
    graph = ObjectGraph(quickstart)
    assert graph.selected_object is quickstart
    server = quickstart.servers()[0]
    graph.set_state({"selected": server.id})  # what a click in the browser does
    assert graph.selected_object is server


def test_hover_asks_the_kernel_for_key_figures(quickstart, sent):
    graph = ObjectGraph(quickstart)
    server = quickstart.servers()[0]
    sent.clear()
    graph._handle_msg({"content": {"data": {"method": "custom",
                                            "content": {"type": "figures", "id": server.id}}},
                        "buffers": []})
    replies = [m for m in sent.to(graph) if m.get("method") == "custom"]
    assert len(replies) == 1
    lines = replies[0]["content"]["lines"]
    assert lines[0] == "server (Server)"
    assert lines == key_figures(server)
    expected = server.energy_footprint.value.sum().m_as(u.t)
    assert any(line.startswith(f"energy footprint: {readable(expected)} t CO2e") for line in lines)
    job = quickstart.jobs()[0]
    starts = job.hourly_starts.value.sum().magnitude  # about 1.38e9: read as people read it
    assert f"hourly starts: total {readable(starts)} occurrence" in "".join(key_figures(job))
    assert "billion" in readable(starts) and not any("e+" in line for line in key_figures(job))


def test_esm_is_self_contained():
    source = esm("object_graph")
    assert "import " not in source.split("export default")[0].replace("await import", "")
    assert source.count("export function layeredLayout") == 1
    assert "https://" not in source


def test_calculation_graph_lists_the_calculation_down_to_inputs(quickstart):
    server = quickstart.servers()[0]
    widget = CalculationGraph((server, "energy_footprint"))
    nodes = {n["id"]: n for n in widget.structure["nodes"]}
    root = widget.structure["root"]
    assert root == "energy_footprint of server"
    assert nodes[root]["kind"] == "calculated" and nodes[root]["formula"].startswith("instances energy")
    assert nodes["power of server"]["kind"] == "input" and nodes["power of server"]["unit"] == "W"
    assert widget.values["power of server"] == 300
    assert ["instances_energy of server", root] in widget.structure["edges"]
    assert widget.values[root] == pytest.approx(server.energy_footprint.value.sum().magnitude, rel=1e-6)


def test_calculation_graph_sends_only_values_when_inputs_change(quickstart, sent):
    server = quickstart.servers()[0]
    widget = CalculationGraph((server, "energy_footprint"))
    sent.clear()
    server.power = 350 * u.W
    assert widget.values["power of server"] == 350
    updates = sent.updates(widget)
    assert len(updates) == 1 and updates[0]["state"].keys() == {"values"}

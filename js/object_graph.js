// ObjectGraph anywidget view: the objects of a system and their references, in layered columns.
// Existing nodes keep their place when the structure changes; clicking selects (synced trait).
import { NODE, KIND_COLORS, layeredLayout, edgePath, extent, wrapLabel } from "./graph_layout.js";
import { attachViewport, showCard, setLines } from "./viewport.js";
import { ensureXsrfCookie } from "./session.js";

const SVG = "http://www.w3.org/2000/svg";

function svgElement(name, attributes = {}) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}

function render({ model, el }) {
  ensureXsrfCookie(); // lets Voila shut this page's kernel down when the tab goes
  const box = document.createElement("div");
  box.className = "fl-graph fl-object-graph";
  const svg = svgElement("svg");
  const content = svgElement("g", { class: "fl-content" });
  const edgeLayer = svgElement("g", { class: "fl-edges" });
  const nodeLayer = svgElement("g", { class: "fl-nodes" });
  content.append(edgeLayer, nodeLayer);
  svg.append(content);
  const tip = document.createElement("div");
  tip.className = "fl-tip";
  tip.hidden = true;
  box.append(svg, tip);
  el.append(box);
  const viewport = attachViewport(box, svg, content);
  let lastPointer = null;

  let positions = new Map();
  const groups = new Map(); // id -> <g>

  function draw() {
    const nodes = model.get("nodes");
    positions = layeredLayout(nodes, positions);
    const seen = new Set();
    for (const node of nodes) {
      seen.add(node.id);
      let g = groups.get(node.id);
      if (!g) {
        g = svgElement("g", { class: "fl-node", "data-id": node.id, "data-kind": node.kind });
        const rect = svgElement("rect", { width: NODE.width, height: NODE.height, rx: 5 });
        const text = svgElement("text", { x: 6, y: 0 });
        g.append(rect, text, svgElement("title"));
        g.addEventListener("click", () => {
          model.set("selected", node.id);
          model.save_changes();
        });
        g.addEventListener("mouseenter", (event) => {
          tip.textContent = g.dataset.label;
          tip.dataset.id = node.id;
          lastPointer = event;
          showCard(tip, event);
          model.send({ type: "figures", id: node.id });
        });
        g.addEventListener("mouseleave", () => { tip.hidden = true; });
        nodeLayer.append(g);
        groups.set(node.id, g);
      }
      const { x, y } = positions.get(node.id);
      g.setAttribute("transform", `translate(${x},${y})`);
      g.querySelector("rect").setAttribute("fill", KIND_COLORS[node.kind] ?? "#eeeeee");
      setLines(g.querySelector("text"), wrapLabel(node.label));
      g.querySelector("title").textContent = `${node.label} (${node.kind})`;
      g.dataset.label = node.label;
    }
    for (const [id, g] of groups) {
      if (!seen.has(id)) {
        g.remove();
        groups.delete(id);
        positions.delete(id);
      }
    }
    edgeLayer.replaceChildren(...model.get("edges")
      .filter(([a, b]) => positions.has(a) && positions.has(b))
      .map(([a, b]) => svgElement("path", { d: edgePath(positions.get(a), positions.get(b)),
                                            "data-source": a, "data-target": b })));
    viewport.fit(extent(positions));
    highlight();
  }

  function highlight() {
    const selected = model.get("selected");
    for (const [id, g] of groups) g.classList.toggle("fl-selected", id === selected);
  }

  function onMessage(message) {
    if (message?.type === "figures" && tip.dataset.id === message.id) {
      tip.replaceChildren(...message.lines.map((line, i) => {
        const row = document.createElement(i === 0 ? "b" : "div");
        row.textContent = line;
        return row;
      }));
      if (lastPointer && !tip.hidden) showCard(tip, lastPointer);
    }
  }

  draw();
  model.on("change:nodes", draw);
  model.on("change:edges", draw);
  model.on("change:selected", highlight);
  model.on("msg:custom", onMessage);
  return () => {
    model.off("change:nodes", draw);
    model.off("change:edges", draw);
    model.off("change:selected", highlight);
    model.off("msg:custom", onMessage);
    viewport.dispose();
  };
}

export default { render };

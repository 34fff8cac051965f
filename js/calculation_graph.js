// CalculationGraph anywidget view: the DAG of a calculated value down to its inputs.
// Structure (labels, formulas) and values are separate traits: a model change sends values only.
import { NODE, KIND_COLORS, layeredLayout, depthFromRoot, edgePath, extent, truncate } from "./graph_layout.js";

const SVG = "http://www.w3.org/2000/svg";

function svgElement(name, attributes = {}) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}

/** Short text for a number: 3 significant digits with SI-like grouping. */
export function formatNumber(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "";
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e6 || magnitude < 1e-3)) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "fl-graph fl-calculation-graph";
  const svg = svgElement("svg");
  const edgeLayer = svgElement("g", { class: "fl-edges" });
  const nodeLayer = svgElement("g", { class: "fl-nodes" });
  svg.append(edgeLayer, nodeLayer);
  const detail = document.createElement("div");
  detail.className = "fl-detail";
  box.append(svg, detail);
  el.append(box);
  let positions = new Map();

  function drawStructure() {
    const { root, nodes, edges } = model.get("structure");
    const depth = depthFromRoot(root, edges);
    const maxDepth = Math.max(0, ...depth.values());
    const placed = nodes.map((n) => ({ id: n.id, column: maxDepth - (depth.get(n.id) ?? 0) }));
    positions = layeredLayout(placed, new Map());
    nodeLayer.replaceChildren(...nodes.map((node) => {
      const { x, y } = positions.get(node.id);
      const g = svgElement("g", { class: `fl-node fl-${node.kind}`, "data-id": node.id,
                                  transform: `translate(${x},${y})` });
      const rect = svgElement("rect", { width: NODE.width, height: NODE.height, rx: 5,
                                        fill: KIND_COLORS[node.kind] ?? "#eeeeee" });
      const text = svgElement("text", { x: 6, y: NODE.height / 2 + 4 });
      const title = svgElement("title");
      g.append(rect, text, title);
      g.addEventListener("click", () => showDetail(node));
      return g;
    }));
    edgeLayer.replaceChildren(...edges
      .filter(([a, b]) => positions.has(a) && positions.has(b))
      .map(([a, b]) => svgElement("path", { d: edgePath(positions.get(a), positions.get(b)) })));
    const { width, height } = extent(positions);
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    drawValues();
  }

  function nodeText(node, values) {
    const value = formatNumber(values[node.id]);
    return `${node.label} = ${value} ${node.unit}${node.hourly ? " (Σ hours)" : ""}`;
  }

  function drawValues() {
    const values = model.get("values");
    const byId = new Map(model.get("structure").nodes.map((n) => [n.id, n]));
    for (const g of nodeLayer.children) {
      const node = byId.get(g.dataset.id);
      const full = nodeText(node, values);
      g.querySelector("text").textContent = truncate(`${formatNumber(values[node.id])} ${node.unit} ${node.label}`, 26);
      g.querySelector("title").textContent =
        full + (node.formula ? `\n= ${node.formula}` : `\nsource: ${node.source ?? ""}`);
    }
  }

  function showDetail(node) {
    detail.textContent = nodeText(node, model.get("values")) +
      (node.formula ? ` = ${node.formula}` : ` (${node.kind}; source: ${node.source ?? ""})`);
  }

  drawStructure();
  model.on("change:structure", drawStructure);
  model.on("change:values", drawValues);
  return () => {
    model.off("change:structure", drawStructure);
    model.off("change:values", drawValues);
  };
}

export default { render };

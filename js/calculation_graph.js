// CalculationGraph anywidget view: the DAG of a calculated value down to its inputs.
// Structure (labels, formulas) and values are separate traits: a model change sends values only.
import { NODE, KIND_COLORS, layeredLayout, depthFromRoot, edgePath, extent, truncate } from "./graph_layout.js";
import { attachViewport, setLines } from "./viewport.js";

const SVG = "http://www.w3.org/2000/svg";

function svgElement(name, attributes = {}) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}

const WORDS = [[1e12, "trillion"], [1e9, "billion"], [1e6, "million"]];

/** A number as people read it: "1.38 billion", "12,346", "0.0512" (never "1.38e+9"). */
export function formatNumber(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "";
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  for (const [scale, word] of WORDS) {
    if (magnitude >= scale) return `${Number((value / scale).toPrecision(3))} ${word}`;
  }
  if (magnitude >= 1000) return Math.round(value).toLocaleString("en-US");
  if (magnitude !== 0 && magnitude < 1e-6) return value.toPrecision(3);
  return Number(value.toPrecision(3)).toLocaleString("en-US", { maximumSignificantDigits: 3 });
}

function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "fl-graph fl-calculation-graph";
  const svg = svgElement("svg");
  const content = svgElement("g", { class: "fl-content" });
  const edgeLayer = svgElement("g", { class: "fl-edges" });
  const nodeLayer = svgElement("g", { class: "fl-nodes" });
  content.append(edgeLayer, nodeLayer);
  svg.append(content);
  const detail = document.createElement("div");
  detail.className = "fl-detail";
  box.append(svg);
  el.append(box, detail);
  const viewport = attachViewport(box, svg, content, 0.85, "end");
  let positions = new Map();

  function drawStructure() {
    const { root, nodes, edges, truncated } = model.get("structure");
    box.dataset.root = root;
    detail.textContent = (truncated ? `The ${nodes.length} values nearest the result are shown. ` : "") +
      "Click a value to see its formula or source; drag to pan, Ctrl+wheel to zoom.";
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
      const text = svgElement("text", { x: 6, y: 0 });
      const title = svgElement("title");
      g.append(rect, text, title);
      g.addEventListener("click", () => showDetail(node));
      return g;
    }));
    edgeLayer.replaceChildren(...edges
      .filter(([a, b]) => positions.has(a) && positions.has(b))
      .map(([a, b]) => svgElement("path", { d: edgePath(positions.get(a), positions.get(b)) })));
    viewport.fit(extent(positions));
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
      const number = formatNumber(values[node.id]);
      setLines(g.querySelector("text"), [truncate(node.label, 17),
                                         truncate(number ? `= ${number} ${node.unit}` : `(${node.kind})`, 17)]);
      g.dataset.label = node.label;
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
    viewport.dispose();
  };
}

export default { render };

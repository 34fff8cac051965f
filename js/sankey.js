// ImpactSankey: flows of kg CO2e from usage patterns to journeys, steps, jobs and hardware.
// Plain ESM, no dependency: a small column layout of our own (nodes stacked per column, heights in
// proportion to their flow, links as filled cubic ribbons). Fabrication and energy links have
// their own colours; hovering a node or a link shows its value.

export const PHASE_COLORS = { fabrication: "#8c6d31", energy: "#3182bd" };
const NODE_WIDTH = 14;
const GAP = 10;

export function formatKg(kg) {
  const abs = Math.abs(kg);
  if (abs >= 1e6) return `${(kg / 1e6).toPrecision(3)} kt CO2e`;
  if (abs >= 1e3) return `${(kg / 1e3).toPrecision(3)} t CO2e`;
  return `${kg.toPrecision(3)} kg CO2e`;
}

// Positions of nodes and ribbons for data {nodes: [{id, label, column}], links: [{source, target,
// kg, phase}]} in a width × height box. Pure: tested with node --test.
export function layoutSankey(data, width, height) {
  const nodes = data.nodes.map((n) => ({ ...n, inKg: 0, outKg: 0 }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const links = data.links.filter((l) => byId.has(l.source) && byId.has(l.target) && l.kg > 0);
  for (const l of links) {
    byId.get(l.source).outKg += l.kg;
    byId.get(l.target).inKg += l.kg;
  }
  for (const n of nodes) n.kg = Math.max(n.inKg, n.outKg);
  const columns = Math.max(1, ...nodes.map((n) => n.column + 1));
  const perColumn = Array.from({ length: columns }, () => []);
  for (const n of nodes) if (n.kg > 0) perColumn[n.column].push(n);
  let scale = Infinity;
  for (const column of perColumn) {
    const total = column.reduce((s, n) => s + n.kg, 0);
    if (total > 0) scale = Math.min(scale, (height - GAP * (column.length - 1)) / total);
  }
  if (!Number.isFinite(scale) || scale <= 0) scale = 0;
  const step = columns > 1 ? (width - NODE_WIDTH) / (columns - 1) : 0;
  perColumn.forEach((column, c) => {
    let y = 0;
    for (const n of column) {
      n.x = c * step;
      n.y = y;
      n.h = Math.max(1, n.kg * scale);
      y += n.h + GAP;
      n.outY = n.y;
      n.inY = n.y;
    }
  });
  const placed = [];
  for (const l of links) {
    const s = byId.get(l.source);
    const t = byId.get(l.target);
    if (s.x === undefined || t.x === undefined) continue;
    const w = l.kg * scale;
    placed.push({ ...l, w, x0: s.x + NODE_WIDTH, y0: s.outY, x1: t.x, y1: t.inY });
    s.outY += w;
    t.inY += w;
  }
  return { nodes: nodes.filter((n) => n.x !== undefined), links: placed, scale };
}

export function ribbonPath(l) {
  const mid = (l.x0 + l.x1) / 2;
  const w = Math.max(l.w, 0.5);
  return `M${l.x0},${l.y0}C${mid},${l.y0} ${mid},${l.y1} ${l.x1},${l.y1}`
    + `L${l.x1},${l.y1 + w}C${mid},${l.y1 + w} ${mid},${l.y0 + w} ${l.x0},${l.y0 + w}Z`;
}

const SVG = "http://www.w3.org/2000/svg";

function element(name, attributes, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (parent) parent.appendChild(node);
  return node;
}

function draw(model, root) {
  const data = model.get("data") || { nodes: [], links: [] };
  const width = model.get("width") || 900;
  const height = model.get("height") || 420;
  const margin = { top: 26, right: 170, bottom: 8, left: 8 };
  root.replaceChildren();
  const svg = element("svg", { width, height, class: "fl-sankey-svg", role: "img" }, root);
  const g = element("g", { transform: `translate(${margin.left},${margin.top})` }, svg);
  const layout = layoutSankey(data, width - margin.left - margin.right, height - margin.top - margin.bottom);
  const card = document.createElement("div");
  card.className = "fl-sankey-card";
  card.style.display = "none";
  root.appendChild(card);
  const show = (html, event) => {
    card.innerHTML = html;
    card.style.display = "block";
    const box = root.getBoundingClientRect();
    card.style.left = `${Math.min(event.clientX - box.left + 12, width - 220)}px`;
    card.style.top = `${event.clientY - box.top + 12}px`;
  };
  const hide = () => { card.style.display = "none"; };
  const labels = new Map(layout.nodes.map((n) => [n.id, n.label]));
  for (const l of layout.links) {
    const path = element("path", {
      d: ribbonPath(l), fill: PHASE_COLORS[l.phase] || "#999", "fill-opacity": 0.45,
      class: `fl-sankey-link fl-sankey-${l.phase}`,
    }, g);
    const text = `${labels.get(l.source)} → ${labels.get(l.target)}: ${formatKg(l.kg)} (${l.phase})`;
    element("title", {}, path).textContent = text;
    path.addEventListener("mousemove", (e) => show(escapeHtml(text) + (l.detail ? `<br>${escapeHtml(l.detail)}` : ""), e));
    path.addEventListener("mouseleave", hide);
  }
  for (const n of layout.nodes) {
    const rect = element("rect", { x: n.x, y: n.y, width: NODE_WIDTH, height: n.h, fill: "#555", class: "fl-sankey-node" }, g);
    const text = `${n.label}: ${formatKg(n.kg)}`;
    element("title", {}, rect).textContent = text;
    rect.addEventListener("mousemove", (e) => show(escapeHtml(text) + (n.detail ? `<br>${escapeHtml(n.detail)}` : ""), e));
    rect.addEventListener("mouseleave", hide);
    const label = element("text", { x: n.x + NODE_WIDTH + 4, y: n.y + n.h / 2, dy: "0.35em", class: "fl-sankey-label" }, g);
    label.textContent = n.label.length > 26 ? `${n.label.slice(0, 25)}…` : n.label;
  }
  const legend = element("g", { transform: `translate(${margin.left},14)` }, svg);
  let x = 0;
  for (const [phase, color] of Object.entries(PHASE_COLORS)) {
    element("rect", { x, y: -9, width: 12, height: 10, fill: color, "fill-opacity": 0.7 }, legend);
    element("text", { x: x + 16, y: 0, class: "fl-sankey-label" }, legend).textContent = phase;
    x += 110;
  }
  element("text", { x: x + 10, y: 0, class: "fl-sankey-label" }, legend).textContent =
    `total ${formatKg(data.total || 0)}`;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
}

export function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "fl-sankey";
  root.style.position = "relative";
  el.appendChild(root);
  const redraw = () => draw(model, root);
  redraw();
  model.on("change:data", redraw);
  model.on("change:width", redraw);
  return () => model.off("change:data", redraw);
}

export default { render };

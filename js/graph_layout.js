// Pure functions for the graph widgets: layered layout, graph diffing, edge paths.
// No DOM here: tested with `node --test js/tests/`.

/** Width and height of a node box, gaps between columns and rows (px). */
export const NODE = { width: 118, height: 34, columnGap: 22, rowGap: 8, margin: 8 };

/**
 * Positions of nodes laid out in columns; nodes already placed keep their position.
 * @param {{id: string, column: number}[]} nodes in display order within each column
 * @param {Map<string, {x: number, y: number}>} [previous] positions from the last layout
 * @returns {Map<string, {x: number, y: number}>}
 */
export function layeredLayout(nodes, previous = new Map()) {
  const positions = new Map();
  const nextY = new Map(); // column -> y of the next free row
  const step = NODE.height + NODE.rowGap;
  const columnX = (column) => NODE.margin + column * (NODE.width + NODE.columnGap);
  for (const node of nodes) {
    const kept = previous.get(node.id);
    if (kept && kept.x === columnX(node.column)) {
      positions.set(node.id, kept);
      nextY.set(node.column, Math.max(nextY.get(node.column) ?? NODE.margin, kept.y + step));
    }
  }
  for (const node of nodes) {
    if (positions.has(node.id)) continue;
    const y = nextY.get(node.column) ?? NODE.margin;
    positions.set(node.id, { x: columnX(node.column), y });
    nextY.set(node.column, y + step);
  }
  return positions;
}

/**
 * What changed between two node lists (by id).
 * @returns {{added: string[], removed: string[], kept: string[]}}
 */
export function diffNodes(oldNodes, newNodes) {
  const before = new Set(oldNodes.map((n) => n.id));
  const after = new Set(newNodes.map((n) => n.id));
  return {
    added: [...after].filter((id) => !before.has(id)),
    removed: [...before].filter((id) => !after.has(id)),
    kept: [...after].filter((id) => before.has(id)),
  };
}

/**
 * Column of each node of a DAG drawn right to left from its root: the longest path to the root.
 * @param {string} root
 * @param {[string, string][]} edges parent -> child pairs
 * @returns {Map<string, number>} depth (0 for the root)
 */
export function depthFromRoot(root, edges) {
  const parentsOf = new Map();
  for (const [parent, child] of edges) {
    if (!parentsOf.has(child)) parentsOf.set(child, []);
    parentsOf.get(child).push(parent);
  }
  const depth = new Map([[root, 0]]);
  // relax in breadth-first waves; a DAG settles after at most (number of nodes) waves
  let frontier = [root];
  let guard = 0;
  while (frontier.length && guard++ < 10000) {
    const next = [];
    for (const id of frontier) {
      for (const parent of parentsOf.get(id) ?? []) {
        const d = depth.get(id) + 1;
        if ((depth.get(parent) ?? -1) < d) {
          depth.set(parent, d);
          next.push(parent);
        }
      }
    }
    frontier = next;
  }
  return depth;
}

/** SVG path of an edge from the right side of box a to the left side of box b (or back). */
export function edgePath(a, b) {
  const forward = b.x >= a.x;
  const x1 = forward ? a.x + NODE.width : a.x;
  const x2 = forward ? b.x : b.x + NODE.width;
  const y1 = a.y + NODE.height / 2;
  const y2 = b.y + NODE.height / 2;
  const bend = Math.max(30, Math.abs(x2 - x1) / 2) * (forward ? 1 : -1);
  return `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
}

/** Extent of a layout: {width, height} in px. */
export function extent(positions) {
  let width = 0;
  let height = 0;
  for (const { x, y } of positions.values()) {
    width = Math.max(width, x + NODE.width + NODE.margin);
    height = Math.max(height, y + NODE.height + NODE.margin);
  }
  return { width, height };
}

/** A label shortened to fit a node box. */
export function truncate(text, max = 22) {
  return text.length <= max ? text : text.slice(0, max - 1) + "…";
}

/**
 * A label wrapped on word boundaries into at most `maxLines` lines of `maxChars`; the last line
 * ends with "…" when text is left over (the full text is in the node's hover title).
 * @returns {string[]}
 */
export function wrapLabel(text, maxChars = 17, maxLines = 2) {
  const words = text.split(/\s+/).filter(Boolean);
  const lines = [];
  let line = "";
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (candidate.length <= maxChars) { line = candidate; continue; }
    if (line) lines.push(line);
    line = word;
    while (line.length > maxChars) { lines.push(line.slice(0, maxChars)); line = line.slice(maxChars); }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = truncate(`${kept[maxLines - 1]} ${lines[maxLines]}`, maxChars);
  return kept;
}

/**
 * The transform that shows a drawing of `content` {width, height} in a `view` {width, height}:
 * scaled down to fit (never up, never below `minScale`, where labels stop being readable),
 * centred horizontally when it fits; otherwise its start (or, with align "end", its end: a
 * calculation's result) is shown and the rest is reached by panning.
 * @returns {{scale: number, x: number, y: number}}
 */
export function fitTransform(content, view, minScale = 0.6, align = "start") {
  const fit = Math.min(1, view.width / Math.max(1, content.width), view.height / Math.max(1, content.height));
  const scale = Math.max(minScale, fit);
  const spare = view.width - content.width * scale;
  const x = spare >= 0 ? spare / 2 : (align === "end" ? spare : 0);
  return { scale, x, y: 0 };
}

/** Height (px) to give a panel showing `content` at the width-fitting scale, within bounds. */
export function panelHeight(content, viewWidth, { min = 120, max = 460, minScale = 0.6 } = {}) {
  const scale = Math.max(minScale, Math.min(1, viewWidth / Math.max(1, content.width)));
  return Math.round(Math.min(max, Math.max(min, content.height * scale)));
}

/** Zoom `t` by `factor` keeping the point (px, py) of the view fixed; scale within [min, max]. */
export function zoomAt(t, factor, px, py, min = 0.2, max = 3) {
  const scale = Math.min(max, Math.max(min, t.scale * factor));
  const k = scale / t.scale;
  return { scale, x: px - (px - t.x) * k, y: py - (py - t.y) * k };
}

/** Where to put a hover card of size `card` near `point` inside a `box`: never cut by the box. */
export function placeCard(point, card, box, gap = 12) {
  let left = point.x + gap;
  if (left + card.width > box.width) left = point.x - gap - card.width;
  let top = point.y + gap;
  if (top + card.height > box.height) top = point.y - gap - card.height;
  left = Math.max(2, Math.min(left, box.width - card.width - 2));
  top = Math.max(2, Math.min(top, box.height - card.height - 2));
  return { left, top };
}

/** Colours by object kind (model class) or value kind (input, hypothesis, calculated). */
export const KIND_COLORS = {
  System: "#636363", UsagePattern: "#6baed6", UsageJourney: "#9ecae1", UsageJourneyStep: "#c6dbef",
  Job: "#fdae6b", Server: "#e6550d", GPUServer: "#a63603", Storage: "#756bb1", Network: "#31a354",
  Device: "#74c476", Country: "#bdbdbd",
  input: "#c7e9c0", hypothesis: "#fdd0a2", calculated: "#deebf7",
};

// Pure functions for the graph widgets: layered layout, graph diffing, edge paths.
// No DOM here: tested with `node --test js/tests/`.

/** Width and height of a node box, gaps between columns and rows (px). */
export const NODE = { width: 150, height: 26, columnGap: 40, rowGap: 10, margin: 10 };

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

/** Colours by object kind (model class) or value kind (input, hypothesis, calculated). */
export const KIND_COLORS = {
  System: "#636363", UsagePattern: "#6baed6", UsageJourney: "#9ecae1", UsageJourneyStep: "#c6dbef",
  Job: "#fdae6b", Server: "#e6550d", GPUServer: "#a63603", Storage: "#756bb1", Network: "#31a354",
  Device: "#74c476", Country: "#bdbdbd",
  input: "#c7e9c0", hypothesis: "#fdd0a2", calculated: "#deebf7",
};

import { test } from "node:test";
import assert from "node:assert/strict";
import { layeredLayout, diffNodes, depthFromRoot, edgePath, extent, truncate, NODE } from "../graph_layout.js";
import { formatNumber } from "../calculation_graph.js";

const columnX = (c) => NODE.margin + c * (NODE.width + NODE.columnGap);
const step = NODE.height + NODE.rowGap;

test("layout places nodes in columns, in the given order", () => {
  const nodes = [{ id: "p", column: 1 }, { id: "j", column: 2 }, { id: "s1", column: 3 }, { id: "s2", column: 3 }];
  const positions = layeredLayout(nodes);
  assert.deepEqual(positions.get("p"), { x: columnX(1), y: NODE.margin });
  assert.deepEqual(positions.get("s1"), { x: columnX(3), y: NODE.margin });
  assert.deepEqual(positions.get("s2"), { x: columnX(3), y: NODE.margin + step });
});

test("layout is deterministic", () => {
  const nodes = [{ id: "a", column: 0 }, { id: "b", column: 0 }, { id: "c", column: 1 }];
  assert.deepEqual([...layeredLayout(nodes)], [...layeredLayout(nodes)]);
});

test("a new node is appended without moving the others", () => {
  const before = [{ id: "s1", column: 3 }, { id: "s2", column: 3 }, { id: "job", column: 4 }];
  const first = layeredLayout(before);
  // the new step is listed between the old ones, as the model would list it
  const after = [{ id: "s1", column: 3 }, { id: "s3", column: 3 }, { id: "s2", column: 3 }, { id: "job", column: 4 }];
  const second = layeredLayout(after, first);
  for (const id of ["s1", "s2", "job"]) assert.deepEqual(second.get(id), first.get(id));
  assert.deepEqual(second.get("s3"), { x: columnX(3), y: NODE.margin + 2 * step });
});

test("a node that changes column is placed anew", () => {
  const first = layeredLayout([{ id: "a", column: 0 }]);
  const second = layeredLayout([{ id: "a", column: 2 }], first);
  assert.equal(second.get("a").x, columnX(2));
});

test("diffNodes lists added, removed and kept ids", () => {
  const d = diffNodes([{ id: "a" }, { id: "b" }], [{ id: "b" }, { id: "c" }]);
  assert.deepEqual(d, { added: ["c"], removed: ["a"], kept: ["b"] });
});

test("depthFromRoot uses the longest path to the root", () => {
  // x -> y -> root and x -> root: x must sit left of y
  const depth = depthFromRoot("root", [["x", "y"], ["y", "root"], ["x", "root"]]);
  assert.equal(depth.get("root"), 0);
  assert.equal(depth.get("y"), 1);
  assert.equal(depth.get("x"), 2);
});

test("edge paths go from the right side of the source to the left side of the target", () => {
  const path = edgePath({ x: 0, y: 0 }, { x: 300, y: 100 });
  assert.ok(path.startsWith(`M${NODE.width},${NODE.height / 2}`));
  assert.ok(path.endsWith(`300,${100 + NODE.height / 2}`));
});

test("extent and truncate", () => {
  const e = extent(new Map([["a", { x: 10, y: 20 }]]));
  assert.deepEqual(e, { width: 10 + NODE.width + NODE.margin, height: 20 + NODE.height + NODE.margin });
  assert.equal(truncate("short"), "short");
  assert.equal(truncate("a".repeat(30), 10).length, 10);
});

test("formatNumber keeps three significant digits", () => {
  assert.equal(formatNumber(1234.5), "1230");
  assert.equal(formatNumber(0.012345), "0.0123");
  assert.equal(formatNumber(12345678), "1.23e+7");
  assert.equal(formatNumber(null), "");
});

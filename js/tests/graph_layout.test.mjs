import { test } from "node:test";
import assert from "node:assert/strict";
import { layeredLayout, diffNodes, depthFromRoot, edgePath, extent, truncate, NODE, wrapLabel, fitTransform,
  panelHeight, zoomAt, placeCard } from "../graph_layout.js";
import { formatNumber } from "../calculation_graph.js";
import { ensureXsrfCookie } from "../session.js";

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

test("formatNumber writes numbers as people read them, never with an exponent", () => {
  assert.equal(formatNumber(1234.5), "1,235");
  assert.equal(formatNumber(0.012345), "0.0123");
  assert.equal(formatNumber(12345678), "12.3 million");
  assert.equal(formatNumber(1.38e9), "1.38 billion");
  assert.equal(formatNumber(-2.5e12), "-2.5 trillion");
  assert.equal(formatNumber(800), "800");
  assert.equal(formatNumber(null), "");
  for (const value of [1e6, 3.2e8, 1.38e9, 7e13, 123456]) assert.doesNotMatch(formatNumber(value), /e[+-]/);
});

test("wrapLabel wraps on words into two lines and marks what is left out", () => {
  assert.deepEqual(wrapLabel("server"), ["server"]);
  const lines = wrapLabel("Daily video streaming consumption", 19, 2); // explicit width
  assert.equal(lines.length, 2);
  assert.equal(lines[0], "Daily video");
  assert.ok(lines[1].startsWith("streaming"));
  const long = wrapLabel("a very long label that will never fit in two short lines", 12, 2);
  assert.equal(long.length, 2);
  assert.ok(long[1].endsWith("…"));
  for (const line of long) assert.ok(line.length <= 12);
  assert.deepEqual(wrapLabel("abcdefghijklmnopqrstuvwxyz", 10, 2), ["abcdefghij", "klmnopqrs…"]);
});

test("fitTransform scales a wide drawing down to the panel, never up, never below the readable scale", () => {
  const wide = fitTransform({ width: 1340, height: 200 }, { width: 900, height: 400 });
  assert.ok(Math.abs(wide.scale - 900 / 1340) < 1e-9);
  assert.ok(1340 * wide.scale <= 900 + 1e-9);
  const small = fitTransform({ width: 300, height: 100 }, { width: 900, height: 400 });
  assert.equal(small.scale, 1);
  assert.equal(small.x, 300); // centred
  const huge = fitTransform({ width: 5000, height: 3000 }, { width: 900, height: 400 }, 0.6);
  assert.equal(huge.scale, 0.6);
  assert.equal(huge.x, 0);
  const root = fitTransform({ width: 5000, height: 3000 }, { width: 900, height: 400 }, 0.6, "end");
  assert.equal(root.x, 900 - 5000 * 0.6); // the right end (a calculation's result) in view
});

test("panelHeight follows the fitted drawing within bounds", () => {
  assert.equal(panelHeight({ width: 1000, height: 200 }, 500), 120); // 100 px scaled, at least 120
  assert.equal(panelHeight({ width: 500, height: 300 }, 1000), 300);
  assert.equal(panelHeight({ width: 500, height: 3000 }, 1000), 460);
});

test("zoomAt keeps the point under the pointer fixed", () => {
  const t = zoomAt({ scale: 1, x: 10, y: 20 }, 2, 110, 70);
  assert.equal(t.scale, 2);
  // the content point under (110, 70) before: (100, 50); after: same
  assert.equal((110 - t.x) / t.scale, 100);
  assert.equal((70 - t.y) / t.scale, 50);
  assert.equal(zoomAt({ scale: 2.9, x: 0, y: 0 }, 2, 0, 0).scale, 3);
});

test("placeCard keeps a hover card inside its panel", () => {
  const box = { width: 400, height: 200 };
  const card = { width: 150, height: 80 };
  assert.deepEqual(placeCard({ x: 10, y: 10 }, card, box), { left: 22, top: 22 });
  const right = placeCard({ x: 390, y: 190 }, card, box);
  assert.ok(right.left >= 0 && right.left + card.width <= box.width);
  assert.ok(right.top >= 0 && right.top + card.height <= box.height);
});

test("ensureXsrfCookie sets a random hex token once, and never replaces one", () => {
  const doc = { cookie: "" };
  const random = { getRandomValues: (bytes) => bytes.fill(171) };
  assert.equal(ensureXsrfCookie(doc, random), true);
  assert.equal(doc.cookie, `_xsrf=${"ab".repeat(16)}; path=/; SameSite=Strict`);
  const lab = { cookie: "username-x=1; _xsrf=2|abc|def|123" };
  assert.equal(ensureXsrfCookie(lab, random), false);
  assert.equal(lab.cookie, "username-x=1; _xsrf=2|abc|def|123");
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { layoutSankey, ribbonPath, formatKg } from "../sankey.js";

const data = {
  nodes: [{ id: "p", label: "pattern", column: 0 }, { id: "d", label: "laptop", column: 2 },
    { id: "j", label: "job", column: 1 }, { id: "s", label: "server", column: 2 }],
  links: [{ source: "p", target: "d", kg: 60, phase: "fabrication" }, { source: "p", target: "j", kg: 40, phase: "energy" },
    { source: "j", target: "s", kg: 40, phase: "energy" }, { source: "j", target: "s", kg: 0, phase: "fabrication" }],
};

test("node heights and ribbon widths follow the kg, columns spread over the width", () => {
  const layout = layoutSankey(data, 500, 210);
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  assert.equal(byId.get("p").x, 0);
  assert.equal(byId.get("s").x, 500 - 14);
  assert.ok(Math.abs(byId.get("p").h - 100 * layout.scale) < 1e-9);
  assert.equal(layout.links.length, 3); // the zero flow is left out
  const widths = layout.links.map((l) => l.w);
  assert.ok(Math.abs(widths[0] / widths[1] - 1.5) < 1e-9);
});

test("nodes of a column do not overlap and fit the height", () => {
  const layout = layoutSankey(data, 500, 210);
  const column = layout.nodes.filter((n) => n.column === 2).sort((a, b) => a.y - b.y);
  assert.ok(column[0].y + column[0].h <= column[1].y);
  assert.ok(column[1].y + column[1].h <= 210 + 1e-9);
});

test("ribbons are closed paths; values read in kg, t or kt", () => {
  const [link] = layoutSankey(data, 500, 210).links;
  assert.match(ribbonPath(link), /^M.*C.*L.*C.*Z$/);
  assert.equal(formatKg(12.34), "12.3 kg CO2e");
  assert.equal(formatKg(2500), "2.50 t CO2e");
  assert.equal(formatKg(3.2e6), "3.20 kt CO2e");
});

test("an empty model lays out nothing", () => {
  assert.deepEqual(layoutSankey({ nodes: [], links: [] }, 100, 100).links, []);
});

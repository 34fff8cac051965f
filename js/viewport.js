// Zoom-to-fit and pan for the graph widgets' SVG: the drawing fits its panel's width (down to a
// readable scale), drag pans, Ctrl+wheel (or pinch) and the +/− buttons zoom, "fit" resets.
import { NODE, fitTransform, panelHeight, zoomAt, placeCard } from "./graph_layout.js";

/**
 * @param {HTMLElement} box the panel (position: relative)
 * @param {SVGSVGElement} svg the drawing's <svg>, sized to the panel
 * @param {SVGGElement} content the <g> holding every node and edge
 * @param {number} minScale the smallest scale "fit" uses (labels stay readable; pan for the rest)
 * @param {string} align "start" or "end": the side shown when the drawing is wider than the panel
 * @returns {{fit: (extent: {width: number, height: number}) => void, dispose: () => void}}
 */
export function attachViewport(box, svg, content, minScale = 0.6, align = "start") {
  let extent = { width: 1, height: 1 };
  let t = { scale: 1, x: 0, y: 0 };
  let drag = null;
  const apply = () => content.setAttribute("transform", `translate(${t.x},${t.y}) scale(${t.scale})`);
  const view = () => ({ width: box.clientWidth || 1, height: svg.clientHeight || 1 });

  function fit(newExtent = extent) {
    extent = newExtent;
    const width = box.clientWidth || 1;
    svg.setAttribute("width", "100%");
    const height = panelHeight(extent, width, { minScale });
    svg.setAttribute("height", height);
    t = fitTransform(extent, { width, height }, minScale, align);
    apply();
    box.dataset.scale = t.scale.toFixed(3);
  }

  const controls = document.createElement("div");
  controls.className = "fl-zoom";
  for (const [label, title, action] of [
    ["+", "zoom in", () => zoom(1.25)], ["−", "zoom out", () => zoom(0.8)], ["fit", "fit to the panel", () => fit()],
  ]) {
    const button = document.createElement("button");
    button.textContent = label;
    button.title = title;
    button.addEventListener("click", action);
    controls.append(button);
  }
  box.prepend(controls);

  function zoom(factor, px = view().width / 2, py = view().height / 2) {
    t = zoomAt(t, factor, px, py);
    apply();
    box.dataset.scale = t.scale.toFixed(3);
  }
  function onWheel(event) {
    if (!event.ctrlKey && !event.metaKey) return; // a plain wheel scrolls the page
    event.preventDefault();
    const r = svg.getBoundingClientRect();
    zoom(Math.exp(-event.deltaY * 0.002), event.clientX - r.left, event.clientY - r.top);
  }
  function onDown(event) {
    if (event.button !== 0 || event.target.closest(".fl-node")) return;
    drag = { x: event.clientX - t.x, y: event.clientY - t.y };
    svg.setPointerCapture?.(event.pointerId);
    box.classList.add("fl-panning");
  }
  function onMove(event) {
    if (!drag) return;
    t = { ...t, x: event.clientX - drag.x, y: event.clientY - drag.y };
    apply();
  }
  function onUp() {
    drag = null;
    box.classList.remove("fl-panning");
  }
  svg.addEventListener("wheel", onWheel, { passive: false });
  svg.addEventListener("pointerdown", onDown);
  svg.addEventListener("pointermove", onMove);
  svg.addEventListener("pointerup", onUp);
  let lastWidth = 0;
  const resize = new ResizeObserver(() => {
    if (box.clientWidth !== lastWidth) {
      lastWidth = box.clientWidth;
      fit();
    }
  });
  resize.observe(box);
  return {
    fit,
    dispose() {
      resize.disconnect();
      svg.removeEventListener("wheel", onWheel);
    },
  };
}

/**
 * Show `card` near the pointer. The card is fixed to the window, not clipped by the panel (a
 * short panel would cut it), and placed so that it stays inside the window.
 */
export function showCard(card, event) {
  card.hidden = false;
  card.style.position = "fixed";
  card.style.maxWidth = `${Math.min(320, window.innerWidth - 8)}px`;
  const { left, top } = placeCard({ x: event.clientX, y: event.clientY },
    { width: card.offsetWidth, height: card.offsetHeight },
    { width: window.innerWidth, height: window.innerHeight });
  card.style.left = `${left}px`;
  card.style.top = `${top}px`;
}

/** Write `lines` as <tspan>s of an SVG <text>, centred vertically in a node box. */
export function setLines(text, lines, lineHeight = 13) {
  const top = NODE.height / 2 - ((lines.length - 1) * lineHeight) / 2 + 4;
  text.replaceChildren(...lines.map((line, i) => {
    const span = document.createElementNS("http://www.w3.org/2000/svg", "tspan");
    span.setAttribute("x", 6);
    span.setAttribute("y", top + i * lineHeight);
    span.textContent = line;
    return span;
  }));
}

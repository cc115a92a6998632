// Creates a Cytoscape instance tuned for the size of the graph. Large graphs use the WebGL
// renderer when the browser has hardware WebGL 2 (canvas otherwise, including software WebGL) and
// the performance settings Cytoscape documents: haystack edges, edges hidden and a texture while
// panning, no motion blur, a device pixel ratio of 1, and no animations anywhere. Their labels
// exist only on the nodes on screen once zoomed in to read them, set when a pan or zoom settles;
// DOM headers name the depth columns and the source at any zoom.
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { BIG_LABEL_ZOOM, BIG_SOURCE_SIZE, COLOR, stylesheet } from './style.js';

/** Above this many nodes the "big graph" settings apply. */
export const BIG_GRAPH = 600;

export type RendererName = 'webgl' | 'canvas';

let webglSupport: boolean | undefined;
let webglRendererName = '';

/** WebGL 2 as the browser offers it, hardware or not (see webglIsSoftware). */
export function hasWebgl2(): boolean {
  if (webglSupport === undefined) {
    try {
      const canvas = document.createElement('canvas');
      const gl = canvas.getContext('webgl2');
      webglSupport = !!gl;
      if (gl) {
        const info = gl.getExtension('WEBGL_debug_renderer_info') as { UNMASKED_RENDERER_WEBGL: number } | null;
        webglRendererName = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
      }
      (gl?.getExtension('WEBGL_lose_context') as { loseContext(): void } | null)?.loseContext();
    } catch {
      webglSupport = false;
    }
  }
  return webglSupport;
}

/**
 * WebGL emulated on the CPU (SwiftShader, what Chromium falls back to with --disable-gpu or a
 * blocklisted GPU; Mesa's llvmpipe; Windows' basic render driver). Cytoscape's WebGL renderer then
 * draws, picks (readPixels) and rasterises label atlases through the emulator: on a 5,000-node
 * radius in headless Chromium, about 5 s to the first click answered and 400 ms pan frames, against
 * 1.6 s and 17 ms for the canvas renderer. A software WebGL counts as no WebGL (the
 * `failIfMajorPerformanceCaveat` context flag does not catch SwiftShader).
 */
export function webglIsSoftware(): boolean {
  return hasWebgl2() && /swiftshader|llvmpipe|softpipe|software|basic render/i.test(webglRendererName);
}

/** What the browser offers: hardware WebGL 2, software-emulated WebGL 2, or none. */
export function webglKind(): 'hardware' | 'software' | 'none' {
  return !hasWebgl2() ? 'none' : webglIsSoftware() ? 'software' : 'hardware';
}

/** `?renderer=canvas|webgl` in the page address forces one (for comparing, and for tests). */
function forcedRenderer(): RendererName | undefined {
  const fromSearch = new URLSearchParams(location.search).get('renderer');
  const fromHash = new URLSearchParams(location.hash.split('?')[1] ?? '').get('renderer');
  const r = fromHash ?? fromSearch;
  return r === 'canvas' || r === 'webgl' ? r : undefined;
}

export interface GraphOptions {
  container: HTMLElement;
  elements: ElementDefinition[];
  /** Nodes the graph will hold; counted from `elements` when not given (edges do not count). */
  nodeCount?: number;
}

/**
 * Cytoscape injects a <style> element unless one with this id exists; the page's CSP forbids
 * inline styles, so a marker stands in for it and styles.css gives the container its position.
 */
function markCytoscapeStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id)) return;
  const marker = document.createElement('meta');
  marker.id = id;
  document.head.prepend(marker);
}

export function createGraph({ container, elements, nodeCount }: GraphOptions): { cy: Core; renderer: RendererName; big: boolean; webgl: 'hardware' | 'software' | 'none' } {
  const nodes = nodeCount ?? elements.filter((e) => e.group === 'nodes' || (e.group === undefined && e.data.source === undefined)).length;
  const big = nodes > BIG_GRAPH;
  const forced = forcedRenderer();
  const webgl = webglKind();
  const renderer: RendererName = forced === 'canvas' ? 'canvas' : (forced === 'webgl' && webgl !== 'none') || (big && webgl === 'hardware') ? 'webgl' : 'canvas';
  // A big graph is fitted from the node positions (known: the layout is preset), not from
  // Cytoscape's bounding box, which would measure every label before the first frame.
  const view = big ? fitFromPositions(elements, container, 48) : undefined;
  const options: cytoscape.CytoscapeOptions & Record<string, unknown> = {
    container,
    elements,
    style: stylesheet(big),
    layout: view ? { name: 'preset', fit: false } : { name: 'preset', fit: true, padding: 48 },
    ...(view ?? {}),
    minZoom: 0.01,
    maxZoom: 4,
    boxSelectionEnabled: false,
    autoungrabify: true,
    selectionType: 'single',
    motionBlur: false,
    textureOnViewport: big && renderer === 'canvas',
    hideEdgesOnViewport: big,
    pixelRatio: big ? 1 : 'auto',
    renderer:
      renderer === 'webgl'
        ? { name: 'canvas', webgl: true, webglTexSize: 4096, webglTexRows: 24, webglBatchSize: 4096, webglTexPerBatch: 16 }
        : { name: 'canvas' },
  };
  markCytoscapeStylesheet();
  const cy = cytoscape(options);
  if (renderer === 'webgl') {
    // The WebGL mode sets a layer count on the shared renderer prototype; put it back so a later
    // canvas-only graph (another view) does not try to draw 2D onto a WebGL layer.
    const proto = Object.getPrototypeOf((cy as unknown as { renderer(): object }).renderer()) as { CANVAS_LAYERS?: number };
    if (proto && proto.CANVAS_LAYERS === 4) proto.CANVAS_LAYERS = 3;
  }
  if (big) {
    depthHeaders(cy, container, elements);
    labelsInView(cy);
  }
  return { cy, renderer, big, webgl };
}

/**
 * Big graphs: once zoomed in far enough to read, the nodes on screen (and a margin) get the
 * `labelled` class when a pan or zoom settles; zoomed back out, every label goes. Restyling a few
 * dozen nodes costs nothing, where labelling all 5,000 costs a second to measure and cache and
 * turns into noise at fit.
 */
function labelsInView(cy: Core): void {
  let timer = 0;
  let labelled = cy.collection();
  const sync = (): void => {
    timer = 0;
    if (cy.destroyed()) return;
    if (cy.zoom() < BIG_LABEL_ZOOM) {
      if (labelled.nonempty()) {
        labelled.removeClass('labelled');
        labelled = cy.collection();
      }
      return;
    }
    const e = cy.extent();
    const mx = e.w * 0.25;
    const my = e.h * 0.25;
    const fresh = cy.nodes().filter((n) => {
      if (n.hasClass('labelled')) return false;
      const p = n.position();
      return p.x >= e.x1 - mx && p.x <= e.x2 + mx && p.y >= e.y1 - my && p.y <= e.y2 + my;
    });
    if (fresh.empty()) return;
    cy.batch(() => fresh.addClass('labelled'));
    labelled = labelled.union(fresh);
  };
  const schedule = (): void => {
    clearTimeout(timer);
    timer = window.setTimeout(sync, 120);
  };
  cy.on('viewport resize', schedule);
  cy.one('destroy', () => clearTimeout(timer));
  sync();
}

/**
 * A big graph at fit is a picture of thousands of dots: DOM headers name its depth columns
 * ("DEPTH 3 · 1,100") and the source, readable at any zoom (Cytoscape's own labels are dropped
 * until they would be legible). They follow pan and zoom, at most once a frame, and step aside
 * rather than overlap.
 */
function depthHeaders(cy: Core, container: HTMLElement, elements: ElementDefinition[]): void {
  interface Header {
    el: HTMLElement;
    x: number; // model x of the column's centre
    x1: number; // and its ends
    x2: number;
    y: number; // model y of its top
    w: number;
    h: number;
    source: boolean;
  }
  const columns = new Map<number, { x1: number; x2: number; y1: number; n: number }>();
  let source: { name: string; x: number; y: number } | undefined;
  for (const e of elements) {
    const p = e.position;
    const d = e.data.depth;
    if (e.group !== 'nodes' || !p || typeof d !== 'number') continue;
    if (d === 0) {
      source = { name: String(e.data.id), x: p.x, y: p.y };
      continue;
    }
    const c = columns.get(d);
    if (!c) columns.set(d, { x1: p.x, x2: p.x, y1: p.y, n: 1 });
    else {
      if (p.x < c.x1) c.x1 = p.x;
      if (p.x > c.x2) c.x2 = p.x;
      if (p.y < c.y1) c.y1 = p.y;
      c.n++;
    }
  }
  if (columns.size === 0) return;
  const layer = document.createElement('div');
  layer.className = 'graph-depths';
  layer.setAttribute('aria-hidden', 'true');
  Object.assign(layer.style, { position: 'absolute', inset: '0', overflow: 'hidden', pointerEvents: 'none', zIndex: '4' });
  const chip = (text: string, color: string): HTMLElement => {
    const el = document.createElement('div');
    el.textContent = text;
    Object.assign(el.style, {
      position: 'absolute',
      left: '0',
      top: '0',
      whiteSpace: 'nowrap',
      font: '600 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      letterSpacing: '.04em',
      color,
      background: 'rgba(13, 17, 23, .82)',
      padding: '2px 7px',
      borderRadius: '4px',
      willChange: 'transform',
    });
    layer.append(el);
    return el;
  };
  const headers: Header[] = [...columns.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([d, c]) => ({ el: chip(`DEPTH ${d} · ${c.n.toLocaleString('en-US')}`, COLOR.textDim), x: (c.x1 + c.x2) / 2, x1: c.x1, x2: c.x2, y: c.y1 - 40, w: 0, h: 0, source: false }));
  if (source) {
    const half = BIG_SOURCE_SIZE[0] / 2;
    headers.unshift({ el: chip(`${source.name} · source`, COLOR.source), x: source.x, x1: source.x - half, x2: source.x + half, y: source.y + BIG_SOURCE_SIZE[1] / 2, w: 0, h: 0, source: true });
  }
  container.append(layer);

  const RIGHT_CLEAR = 80; // the graph's tool buttons sit in the top right corner
  let frame = 0;
  const place = (): void => {
    frame = 0;
    const zoom = cy.zoom();
    const pan = cy.pan();
    const width = container.clientWidth;
    const taken: [number, number, number, number][] = [];
    for (const hd of headers) {
      if (!hd.w) {
        hd.w = hd.el.offsetWidth;
        hd.h = hd.el.offsetHeight;
      }
      // centred on its column, but kept on screen while any of the column is
      let left = hd.x * zoom + pan.x - hd.w / 2;
      if (left < 4) left = hd.x2 * zoom + pan.x > 4 ? 4 : hd.x2 * zoom + pan.x - hd.w;
      else if (left + hd.w > width - RIGHT_CLEAR) left = Math.max(width - RIGHT_CLEAR - hd.w, hd.x1 * zoom + pan.x);
      const top = hd.source ? hd.y * zoom + pan.y + 6 : Math.max(6, hd.y * zoom + pan.y - hd.h - 6);
      const overlaps = taken.some(([l, t, r, b]) => left < r + 6 && left + hd.w + 6 > l && top < b && top + hd.h > t);
      // from BIG_LABEL_ZOOM on, Cytoscape draws the source's own label
      const show = !(hd.source && zoom >= BIG_LABEL_ZOOM) && !overlaps && left + hd.w > 0 && left < width;
      hd.el.style.display = show ? '' : 'none';
      if (!show) continue;
      hd.el.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
      taken.push([left, top, left + hd.w, top + hd.h]);
    }
  };
  const schedule = (): void => {
    if (!frame) frame = requestAnimationFrame(place);
  };
  cy.on('viewport resize', schedule);
  cy.one('destroy', () => {
    cancelAnimationFrame(frame);
    layer.remove();
  });
  place();
}

/** The zoom and pan that fit every node (plus half the largest node) in the container. */
function fitFromPositions(elements: ElementDefinition[], container: HTMLElement, padding: number): { zoom: number; pan: { x: number; y: number } } | undefined {
  const w = container.clientWidth;
  const h = container.clientHeight;
  if (!w || !h) return undefined;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const e of elements) {
    const p = e.position;
    if (!p) continue;
    if (p.x < x1) x1 = p.x;
    if (p.x > x2) x2 = p.x;
    if (p.y < y1) y1 = p.y;
    if (p.y > y2) y2 = p.y;
  }
  if (x1 === Infinity) return undefined;
  const margin = BIG_SOURCE_SIZE[0] / 2 + 5; // half the widest node (the source), with its border
  x1 -= margin;
  x2 += margin;
  y1 -= margin;
  y2 += margin;
  const zoom = Math.max(0.01, Math.min(4, Math.min((w - 2 * padding) / (x2 - x1), (h - 2 * padding) / (y2 - y1))));
  return { zoom, pan: { x: (w - zoom * (x1 + x2)) / 2, y: (h - zoom * (y1 + y2)) / 2 } };
}

/** Bring one node into view at a readable zoom, without animation, keeping the context around it. */
export function focusNode(cy: Core, id: string): boolean {
  const node = cy.getElementById(id);
  if (node.empty()) return false;
  cy.elements(':selected').unselect();
  node.select();
  if (cy.zoom() < 0.55) cy.zoom({ level: 0.9, position: node.position() });
  const p = node.renderedPosition();
  const w = cy.width();
  const hgt = cy.height();
  const inside = p.x > w * 0.12 && p.x < w * 0.88 && p.y > hgt * 0.12 && p.y < hgt * 0.88;
  if (!inside) cy.center(node);
  return true;
}

// Creates a Cytoscape instance tuned for the size of the graph. Large graphs use the WebGL
// renderer when the browser has WebGL 2 (canvas otherwise) and the performance settings
// Cytoscape documents: haystack edges, edges hidden and a texture while panning, no motion
// blur, labels dropped when zoomed out, a device pixel ratio of 1, and no animations anywhere.
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { stylesheet } from './style.js';

/** Above this many nodes the "big graph" settings apply. */
export const BIG_GRAPH = 600;

export type RendererName = 'webgl' | 'canvas';

let webglSupport: boolean | undefined;
export function hasWebgl2(): boolean {
  if (webglSupport === undefined) {
    try {
      const canvas = document.createElement('canvas');
      const gl = canvas.getContext('webgl2');
      webglSupport = !!gl;
      (gl?.getExtension('WEBGL_lose_context') as { loseContext(): void } | null)?.loseContext();
    } catch {
      webglSupport = false;
    }
  }
  return webglSupport;
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
  nodeCount: number;
}

export function createGraph({ container, elements, nodeCount }: GraphOptions): { cy: Core; renderer: RendererName; big: boolean } {
  const big = nodeCount > BIG_GRAPH;
  const forced = forcedRenderer();
  const renderer: RendererName = forced === 'canvas' ? 'canvas' : (forced === 'webgl' || big) && hasWebgl2() ? 'webgl' : 'canvas';
  const options: cytoscape.CytoscapeOptions & Record<string, unknown> = {
    container,
    elements,
    style: stylesheet(big),
    layout: { name: 'preset', fit: true, padding: 48 },
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
  const cy = cytoscape(options);
  if (renderer === 'webgl') {
    // The WebGL mode sets a layer count on the shared renderer prototype; put it back so a later
    // canvas-only graph (another view) does not try to draw 2D onto a WebGL layer.
    const proto = Object.getPrototypeOf((cy as unknown as { renderer(): object }).renderer()) as { CANVAS_LAYERS?: number };
    if (proto && proto.CANVAS_LAYERS === 4) proto.CANVAS_LAYERS = 3;
  }
  return { cy, renderer, big };
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

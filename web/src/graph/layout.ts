// Left-to-right by depth, computed here (Cytoscape's `preset` layout just places the result):
// deterministic, instant for thousands of nodes. Within a layer, nodes are ordered by the mean
// position of their parents (one barycentre pass), so edges mostly run straight. A layer too
// tall to read becomes a roughly square block, filled row by row so the order still reads top down.
import { byName } from '../../../graph-schema/rules.js';

export interface LayoutNode {
  name: string;
  depth: number;
  kind: string;
}
export interface LayoutEdge {
  from: string;
  to: string;
}
export interface Point {
  x: number;
  y: number;
}

export const COLUMN = 280;
export const ROW = 84;
const BLOCK_COLUMN = 230;
const LAYER_GAP = 160;
const MAX_SINGLE_COLUMN = 40;
const KIND_ORDER: Record<string, number> = { Agent: 0, System: 1, Surface: 2 };

export function layeredLayout(source: string, nodes: LayoutNode[], edges: LayoutEdge[]): Map<string, Point> {
  const depthOf = new Map<string, number>([[source, 0]]);
  for (const n of nodes) depthOf.set(n.name, n.depth);
  const kindOf = new Map(nodes.map((n) => [n.name, n.kind]));

  const preds = new Map<string, string[]>();
  for (const e of edges) {
    const df = depthOf.get(e.from);
    const dt = depthOf.get(e.to);
    if (df === undefined || dt === undefined || df >= dt) continue; // only forward edges order a layer
    let list = preds.get(e.to);
    if (!list) preds.set(e.to, (list = []));
    list.push(e.from);
  }

  const layers: string[][] = [[source]];
  for (const n of nodes) {
    if (n.name === source) continue;
    (layers[n.depth] ??= []).push(n.name);
  }

  const pos = new Map<string, Point>([[source, { x: 0, y: 0 }]]);
  // rank within the layout so far: a stable ordering key for the barycentre
  const rank = new Map<string, number>([[source, 0]]);
  let x = 0;
  let prevWidth = 0;
  for (let d = 1; d < layers.length; d++) {
    const layer = layers[d] ?? [];
    if (layer.length === 0) continue;
    const key = new Map<string, number>();
    for (const name of layer) {
      const ps = preds.get(name) ?? [];
      let sum = 0;
      let count = 0;
      for (const p of ps) {
        const r = rank.get(p);
        if (r !== undefined) {
          sum += r;
          count++;
        }
      }
      key.set(name, count ? sum / count : Number.MAX_SAFE_INTEGER);
    }
    layer.sort(
      (a, b) =>
        key.get(a)! - key.get(b)! ||
        (KIND_ORDER[kindOf.get(a) ?? ''] ?? 9) - (KIND_ORDER[kindOf.get(b) ?? ''] ?? 9) ||
        byName(a, b),
    );
    layer.forEach((name, i) => rank.set(name, i / Math.max(1, layer.length - 1)));

    if (layer.length <= MAX_SINGLE_COLUMN) {
      x += prevWidth + COLUMN;
      const top = -((layer.length - 1) * ROW) / 2;
      layer.forEach((name, i) => pos.set(name, { x, y: top + i * ROW }));
      prevWidth = 0;
    } else {
      // A block about as tall as it is wide.
      const cols = Math.max(2, Math.ceil(Math.sqrt((layer.length * ROW) / BLOCK_COLUMN)));
      const rows = Math.ceil(layer.length / cols);
      x += prevWidth + COLUMN + (prevWidth ? LAYER_GAP : 0);
      const top = -((rows - 1) * ROW) / 2;
      layer.forEach((name, i) => pos.set(name, { x: x + (i % cols) * BLOCK_COLUMN, y: top + Math.floor(i / cols) * ROW }));
      prevWidth = (cols - 1) * BLOCK_COLUMN + LAYER_GAP;
    }
  }
  return pos;
}

/** Registry explorer: columns relative to the focus (upstream negative, downstream positive). */
export function columnLayout(columns: Map<string, number>, order: string[]): Map<string, Point> {
  const byColumn = new Map<number, string[]>();
  for (const name of order) {
    const c = columns.get(name);
    if (c === undefined) continue;
    let list = byColumn.get(c);
    if (!list) byColumn.set(c, (list = []));
    list.push(name);
  }
  const pos = new Map<string, Point>();
  for (const [c, names] of byColumn) {
    const top = -((names.length - 1) * ROW) / 2;
    names.forEach((name, i) => pos.set(name, { x: c * COLUMN, y: top + i * ROW }));
  }
  return pos;
}

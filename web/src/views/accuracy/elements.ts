// The accuracy graph's elements: every node with its status and column, every registered edge
// with what was seen on it, and the hops the registry lacks. Pure: graph.ts draws them.
import type { ElementDefinition } from 'cytoscape';
import type { Accuracy, NodeKind } from '../../../../graph-schema/index.js';
import { edgeKey } from '../../../../graph-schema/rules.js';
import { layeredLayout, type LayoutEdge, type LayoutNode } from '../../graph/layout.js';
import { gateLabel } from '../../graph/elements.js';
import { GLYPH, type NodeStatus } from './palette.js';


export interface AccuracyGraphInput {
  source: string;
  sourceKind: NodeKind;
  consumers: { name: string; kind: NodeKind; depth: number }[];
  accuracy: Accuracy;
  kinds: Map<string, NodeKind | null>;
}

interface AccNode {
  name: string;
  kind: NodeKind | null;
  depth: number;
  status: NodeStatus;
}

/** Every node of the accuracy graph with its status and its column (depth). */
function accuracyNodes(input: AccuracyGraphInput): AccNode[] {
  const { accuracy: a, source } = input;
  const observed = new Set(a.observed);
  const nodes = new Map<string, AccNode>();
  nodes.set(source, { name: source, kind: input.sourceKind, depth: 0, status: 'source' });
  for (const c of input.consumers) {
    if (c.name === source) continue;
    nodes.set(c.name, { name: c.name, kind: c.kind, depth: c.depth, status: observed.has(c.name) ? 'hit' : 'predicted-only' });
  }
  const floating = new Map<string, AccNode>(); // depth not known yet
  for (const name of a.falseNegatives) if (!nodes.has(name)) floating.set(name, { name, kind: input.kinds.get(name) ?? null, depth: Number.POSITIVE_INFINITY, status: 'missed' });
  for (const e of a.missingEdges) {
    for (const name of [e.from, e.to]) {
      if (!nodes.has(name) && !floating.has(name)) floating.set(name, { name, kind: input.kinds.get(name) ?? null, depth: Number.POSITIVE_INFINITY, status: 'context' });
    }
  }
  // A node outside the radius sits one column right of the node it was seen coming from; a node
  // seen only passing the output on sits one column left of what it fed. Repeat until stable.
  const depthOf = (n: string) => nodes.get(n)?.depth ?? floating.get(n)?.depth ?? Number.POSITIVE_INFINITY;
  for (let round = 0; round <= floating.size + 1; round++) {
    let changed = false;
    for (const e of a.missingEdges) {
      const to = floating.get(e.to);
      const df = depthOf(e.from);
      if (to && Number.isFinite(df) && df + 1 < to.depth) {
        to.depth = df + 1;
        changed = true;
      }
      const from = floating.get(e.from);
      const dt = depthOf(e.to);
      if (from && from.status === 'context' && Number.isFinite(dt) && !Number.isFinite(from.depth)) {
        from.depth = Math.max(1, dt - 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  let maxDepth = 0;
  for (const n of [...nodes.values(), ...floating.values()]) if (Number.isFinite(n.depth)) maxDepth = Math.max(maxDepth, n.depth);
  for (const n of floating.values()) {
    if (!Number.isFinite(n.depth)) n.depth = maxDepth + 1; // nothing says where it came from: a final column
    nodes.set(n.name, n);
  }
  return [...nodes.values()];
}

/** The nodes placed by layeredLayout, then the registered edges, then the missing ones. */
export function accuracyElements(input: AccuracyGraphInput): ElementDefinition[] {
  const nodes = accuracyNodes(input);
  const a = input.accuracy;
  const layoutNodes: LayoutNode[] = nodes.map((n) => ({ name: n.name, depth: n.depth, kind: n.kind ?? 'Agent' }));
  const layoutEdges: LayoutEdge[] = [...a.edges, ...a.missingEdges];
  const pos = layeredLayout(input.source, layoutNodes, layoutEdges);
  const els: ElementDefinition[] = nodes.map((n) => ({
    group: 'nodes',
    data: { id: n.name, label: GLYPH[n.status] ? `${GLYPH[n.status]} ${n.name}` : n.name, kind: n.kind ?? 'unknown', depth: n.depth, status: n.status },
    position: pos.get(n.name) ?? { x: 0, y: 0 },
    classes: n.status,
  }));
  const lateral = (from: string, to: string) => {
    const p = pos.get(from);
    const q = pos.get(to);
    return !!p && !!q && Math.abs(p.x - q.x) < 1;
  };
  const edges = [
    ...a.edges.map((e) => ({ id: edgeKey(e.from, e.to), from: e.from, to: e.to, status: e.status, gate: e.gate, gateLabel: gateLabel(e.gate) })),
    ...a.missingEdges.map((e) => ({ id: `missing:${edgeKey(e.from, e.to)}`, from: e.from, to: e.to, status: 'missing', gate: 'none', gateLabel: 'not registered' })),
  ];
  for (const e of edges) {
    if (e.from === e.to) continue;
    els.push({
      group: 'edges',
      data: { id: e.id, source: e.from, target: e.to, status: e.status, gate: e.gate, gateLabel: e.gateLabel },
      classes: [e.status, e.gate !== 'none' ? 'gated' : '', lateral(e.from, e.to) ? 'lateral' : ''].filter(Boolean).join(' '),
    });
  }
  return els;
}

// Blast radius -> Cytoscape elements, and the per-node state classes that show decisions and exposure.
import type { Core, ElementDefinition, NodeCollection, NodeSingular } from 'cytoscape';
import type { BlastRadius, Consumer, IncidentConsumer } from '../../../graph-schema/index.js';
import { edgeKey } from '../../../graph-schema/rules.js';
import { layeredLayout } from './layout.js';

const GATE_LABEL: Record<string, string> = { 'human-review': 'human review', 'automated-check': 'auto check' };
/** How a gate reads on an edge and in a panel: '' for none. */
export const gateLabel = (gate: string): string => GATE_LABEL[gate] ?? '';

export function radiusElements(radius: BlastRadius, consumers: (Consumer | IncidentConsumer)[] = radius.consumers): ElementDefinition[] {
  const pos = layeredLayout(radius.source, consumers, radius.edges);
  const els: ElementDefinition[] = [
    {
      group: 'nodes',
      data: { id: radius.source, label: radius.source, kind: radius.sourceKind, depth: 0, decision: 'source' },
      position: pos.get(radius.source),
      classes: 'source',
    },
  ];
  // For an incident the nodes and edges are created already painted (what paintState would set),
  // so opening a big radius costs one style pass, not three.
  const state = new Map<string, IncidentConsumer>();
  for (const c of consumers) {
    const d = 'decision' in c ? c.decision : null;
    if ('exposed' in c) state.set(c.name, c);
    els.push({
      group: 'nodes',
      data: { id: c.name, label: c.name, kind: c.kind, depth: c.depth, decision: d?.action ?? 'none', owner: c.owner },
      position: pos.get(c.name),
      classes: nodeClasses(c),
    });
  }
  const painted = state.size > 0;
  for (const e of radius.edges) {
    if (e.from === e.to) continue;
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    const lateral = !!a && !!b && Math.abs(a.x - b.x) < 1;
    const classes = [e.gate !== 'none' ? 'gated' : '', lateral ? 'lateral' : ''];
    if (painted) {
      const src = state.get(e.from);
      const tgt = state.get(e.to);
      const srcHot = e.from === radius.source || !!src?.exposed;
      if (srcHot && !!tgt?.exposed) classes.push('hot');
      if (!srcHot || tgt?.decision?.action === 'stop') classes.push('cut');
    }
    els.push({
      group: 'edges',
      data: { id: edgeKey(e.from, e.to), source: e.from, target: e.to, gate: e.gate, gateLabel: gateLabel(e.gate) },
      classes: classes.filter(Boolean).join(' '),
    });
  }
  return els;
}

function nodeClasses(c: Consumer | IncidentConsumer): string {
  const exposed = 'exposed' in c ? c.exposed : true;
  const list: string[] = [];
  if (exposed) list.push('exposed');
  else list.push('safe');
  if (c.exposure === 'gated') list.push('gated');
  return list.join(' ');
}

/**
 * Repaint the nodes whose decision or exposure changed (all when `names` is null), and the edges at
 * them. Only what really differs is touched: Cytoscape restyles every element a class or data call
 * reaches, even when the value is the same, which on a 5,000-node radius costs a second.
 */
export function paintState(cy: Core, consumers: Map<string, IncidentConsumer>, names: Set<string> | null): void {
  cy.batch(() => {
    let touched: NodeCollection;
    if (names === null) touched = cy.nodes();
    else {
      touched = cy.collection() as unknown as NodeCollection;
      for (const n of names) touched.merge(cy.getElementById(n) as unknown as NodeCollection); // in place, unlike union
    }
    touched.forEach((node) => {
      const c = consumers.get(node.id());
      if (!c) return;
      const n = node as NodeSingular;
      const decision = c.decision?.action ?? 'none';
      if (n.data('decision') !== decision) n.data('decision', decision);
      setClass(n, 'exposed', c.exposed);
      setClass(n, 'safe', !c.exposed);
    });
    const edges = names === null ? cy.edges() : touched.connectedEdges();
    edges.forEach((edge) => {
      const src = edge.source();
      const tgt = edge.target();
      const srcHot = src.hasClass('source') || src.hasClass('exposed');
      const tgtStopped = tgt.data('decision') === 'stop';
      setClass(edge, 'hot', srcHot && tgt.hasClass('exposed'));
      setClass(edge, 'cut', !srcHot || tgtStopped);
    });
  });
}

/** toggleClass only when the class really changes (see paintState). */
export function setClass(ele: { hasClass(c: string): boolean; toggleClass(c: string, on?: boolean): unknown }, cls: string, on: boolean): void {
  if (ele.hasClass(cls) !== on) ele.toggleClass(cls, on);
}

// Blast radius -> Cytoscape elements, and the per-node state classes that show decisions and exposure.
import type { Core, ElementDefinition, NodeCollection, NodeSingular } from 'cytoscape';
import type { BlastRadius, Consumer, IncidentConsumer } from '../../../graph-schema/index.js';
import { layeredLayout } from './layout.js';

const GATE_LABEL: Record<string, string> = { 'human-review': 'human review', 'automated-check': 'auto check' };

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
  for (const c of consumers) {
    const d = 'decision' in c ? c.decision : null;
    els.push({
      group: 'nodes',
      data: { id: c.name, label: c.name, kind: c.kind, depth: c.depth, decision: d?.action ?? 'none', owner: c.owner },
      position: pos.get(c.name),
      classes: nodeClasses(c),
    });
  }
  for (const e of radius.edges) {
    if (e.from === e.to) continue;
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    const lateral = !!a && !!b && Math.abs(a.x - b.x) < 1;
    els.push({
      group: 'edges',
      data: { id: `${e.from}->${e.to}`, source: e.from, target: e.to, gate: e.gate, gateLabel: GATE_LABEL[e.gate] ?? '' },
      classes: [e.gate !== 'none' ? 'gated' : '', lateral ? 'lateral' : ''].join(' ').trim(),
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

/** Repaint the nodes whose decision or exposure changed (all when `names` is null), and the edges at them. */
export function paintState(cy: Core, consumers: Map<string, IncidentConsumer>, names: Set<string> | null): void {
  cy.batch(() => {
    let touched: NodeCollection = cy.nodes();
    if (names !== null) {
      touched = cy.collection() as unknown as NodeCollection;
      for (const n of names) touched = touched.union(cy.getElementById(n) as unknown as NodeCollection);
    }
    touched.forEach((node) => {
      const c = consumers.get(node.id());
      if (!c) return;
      const n = node as NodeSingular;
      n.data('decision', c.decision?.action ?? 'none');
      n.toggleClass('exposed', c.exposed);
      n.toggleClass('safe', !c.exposed);
    });
    const edges = names === null ? cy.edges() : touched.connectedEdges();
    edges.forEach((edge) => {
      const src = edge.source();
      const tgt = edge.target();
      const srcHot = src.hasClass('source') || src.hasClass('exposed');
      const tgtStopped = tgt.data('decision') === 'stop';
      edge.toggleClass('hot', srcHot && tgt.hasClass('exposed'));
      edge.toggleClass('cut', !srcHot || tgtStopped);
    });
  });
}

// Consumers -> Cytoscape elements. Every node says its state in its label (a symbol and, once
// decided, the decision in words) and by its border's style, as well as by colour: reached is a
// double border, arriving dashed, held dotted, exposed solid red.
import type { ElementDefinition } from 'cytoscape';
import type { FeedsEdge, IncidentConsumer, NodeKind } from '../../../../graph-schema/index.js';
import { edgeKey } from '../../../../graph-schema/rules.js';
import { gateLabel } from '../../graph/elements.js';
import { layeredLayout } from '../../graph/layout.js';
import { consumerState } from './words.js';

const DECISION_WORD: Record<string, string> = { stop: '■ STOPPED', correct: '✎ CORRECTING', notify: '✉ NOTIFIED' };

export function nodeLabel(c: IncidentConsumer, now = Date.now()): string {
  const s = consumerState(c, now);
  return `${s.symbol} ${c.name}${c.decision ? `\n${DECISION_WORD[c.decision.action]}` : ''}`;
}

export function stateClasses(c: IncidentConsumer, now = Date.now()): string[] {
  const s = consumerState(c, now);
  const out: string[] = [];
  if (c.exposed) out.push('exposed');
  if (c.reached) out.push('reached');
  else if (s.key === 'pending') out.push('pending');
  if (c.held && !c.reached) out.push('held');
  if (!c.exposed && !c.reached && s.key !== 'pending') out.push('safe');
  if (c.exposure === 'gated') out.push('gated');
  return out;
}

export function fullElements(source: string, sourceKind: NodeKind, consumers: IncidentConsumer[], edges: FeedsEdge[]): ElementDefinition[] {
  const pos = layeredLayout(source, consumers, edges);
  const now = Date.now();
  const els: ElementDefinition[] = [
    { group: 'nodes', data: { id: source, label: `◆ ${source}`, kind: sourceKind, depth: 0, decision: 'source' }, position: pos.get(source), classes: 'source' },
  ];
  const byName = new Map<string, IncidentConsumer>();
  for (const c of consumers) {
    byName.set(c.name, c);
    els.push({ group: 'nodes', data: { id: c.name, label: nodeLabel(c, now), kind: c.kind, depth: c.depth, decision: c.decision?.action ?? 'none', owner: c.owner }, position: pos.get(c.name), classes: stateClasses(c, now).join(' ') });
  }
  for (const e of edges) {
    if (e.from === e.to) continue;
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    const classes = [e.gate !== 'none' ? 'gated' : '', Math.abs(a.x - b.x) < 1 ? 'lateral' : '', edgeHot(source, byName.get(e.from), byName.get(e.to), e.from) ? 'hot' : 'cut'];
    els.push({ group: 'edges', data: { id: edgeKey(e.from, e.to), source: e.from, target: e.to, gate: e.gate, gateLabel: gateLabel(e.gate) }, classes: classes.filter(Boolean).join(' ') });
  }
  return els;
}

/** The output (now or in future) travels this edge. */
export function edgeHot(source: string, from: IncidentConsumer | undefined, to: IncidentConsumer | undefined, fromName: string): boolean {
  const srcHot = fromName === source || !!from?.exposed || !!from?.reached;
  return srcHot && !!to && (to.exposed || !!to.reached) && to.decision?.action !== 'stop';
}

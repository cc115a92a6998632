// Generated test graphs and an independent reference for the blast radius, written plainly
// (adjacency lists, queue BFS) so it shares no code with server/analysis.
import type { NodeDocument, NodeDocumentInput } from '../../graph-schema/index.js';
import { NodeDocument as NodeDocumentSchema } from '../../graph-schema/index.js';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function doc(name: string, kind: 'Agent' | 'System' | 'Surface', consumes: NodeDocumentInput['spec'] extends infer S ? S extends { consumes?: infer C } ? C : never : never = [], extra: Partial<NodeDocumentInput['metadata']> = {}): NodeDocument {
  return NodeDocumentSchema.parse({ apiVersion: 'blast-radius/v1', kind, metadata: { name, owner: `team-${name.length % 3}`, ...extra }, spec: { consumes } });
}

/**
 * A random graph with cycles, diamonds, gates, edges back to node n0, isolated nodes and a long chain.
 */
export function generateGraph(seed: number, size = 60): NodeDocument[] {
  const random = rng(seed);
  const kinds = ['Agent', 'Agent', 'System', 'Surface'] as const;
  const names = Array.from({ length: size }, (_, i) => `n${i}`);
  const gates = ['none', 'none', 'none', 'human-review', 'automated-check'] as const;
  const docs: NodeDocument[] = names.map((name, i) => {
    const consumes: { from: string; gate: (typeof gates)[number]; delay?: string }[] = [];
    const isolated = i % 17 === 16;
    if (!isolated) {
      const count = Math.floor(random() * 4);
      const seen = new Set<string>();
      for (let k = 0; k < count; k++) {
        const j = Math.floor(random() * size);
        if (j === i || j % 17 === 16 || seen.has(names[j])) continue;
        seen.add(names[j]);
        consumes.push({ from: names[j], gate: gates[Math.floor(random() * gates.length)], ...(random() < 0.5 ? { delay: `PT${1 + Math.floor(random() * 30)}M` } : {}) });
      }
      // a long chain through the first nodes, and a diamond n1 -> {n2, n3} -> n4
      if (i > 0 && i < 12 && !seen.has(names[i - 1])) consumes.push({ from: names[i - 1], gate: 'none' });
    }
    return doc(name, kinds[i % kinds.length], consumes as never);
  });
  return docs;
}

export interface ReferenceConsumer {
  name: string;
  depth: number;
  exposure: 'direct' | 'gated';
}

/** The blast radius by definition: BFS depth, and "direct" = reachable over ungated edges. */
export function referenceRadius(docs: NodeDocument[], source: string): { consumers: ReferenceConsumer[]; edges: Set<string> } {
  const out = new Map<string, { to: string; gate: string }[]>();
  for (const d of docs) for (const c of d.spec.consumes) {
    if (!out.has(c.from)) out.set(c.from, []);
    out.get(c.from)!.push({ to: d.metadata.name, gate: c.gate });
  }
  const depth = new Map<string, number>([[source, 0]]);
  const queue = [source];
  while (queue.length) {
    const u = queue.shift()!;
    for (const { to } of out.get(u) ?? []) if (!depth.has(to)) { depth.set(to, depth.get(u)! + 1); queue.push(to); }
  }
  const direct = new Set<string>([source]);
  const q2 = [source];
  while (q2.length) {
    const u = q2.shift()!;
    for (const { to, gate } of out.get(u) ?? []) if (gate === 'none' && !direct.has(to)) { direct.add(to); q2.push(to); }
  }
  const consumers = [...depth.entries()]
    .filter(([n]) => n !== source)
    .map(([name, d]) => ({ name, depth: d, exposure: (direct.has(name) ? 'direct' : 'gated') as 'direct' | 'gated' }))
    .sort((a, b) => a.depth - b.depth || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const inRadius = new Set([source, ...consumers.map((c) => c.name)]);
  const edges = new Set<string>();
  for (const [from, list] of out) if (inRadius.has(from)) for (const { to } of list) if (inRadius.has(to)) edges.add(`${from}->${to}`);
  return { consumers, edges };
}

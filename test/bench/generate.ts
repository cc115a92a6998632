// Benchmark graphs: skewed degrees (a few hubs feed many), cycles, gates and delays.
import type { NodeDocument } from '../../graph-schema/index.js';
import { rng } from '../support/graphs.js';

export function benchGraph(nodes: number, edges: number, seed = 42): NodeDocument[] {
  const random = rng(seed);
  const kinds = ['Agent', 'Agent', 'System', 'Surface'] as const;
  const gates = ['none', 'none', 'none', 'none', 'none', 'none', 'none', 'none', 'human-review', 'automated-check'] as const;
  const perNode = edges / nodes;
  const docs: NodeDocument[] = [];
  let total = 0;
  for (let i = 0; i < nodes; i++) {
    const want = i === nodes - 1 ? edges - total : Math.max(0, Math.round(perNode * 2 * random()));
    const seen = new Set<number>();
    const consumes: NodeDocument['spec']['consumes'] = [];
    for (let tries = 0; consumes.length < want && tries < want * 3; tries++) {
      // cubic bias toward low indices: those nodes become hubs; j > i gives cycles
      const j = Math.floor(nodes * random() ** 3);
      if (j === i || seen.has(j)) continue;
      seen.add(j);
      consumes.push({
        from: `n${j}`,
        channel: 'api',
        mode: 'async',
        gate: gates[Math.floor(random() * gates.length)],
        ...(random() < 0.3 ? { delay: `PT${1 + Math.floor(random() * 59)}M` } : {}),
      });
    }
    total += consumes.length;
    docs.push({ apiVersion: 'blast-radius/v1', kind: kinds[i % 4], metadata: { name: `n${i}`, owner: `team-${i % 50}`, contact: `team-${i % 50}@example.com` }, spec: { consumes } });
  }
  return docs;
}

// The load run's registry: a tree of exactly `consumers` consumers under one Agent, laid out in
// time so that at the start some are reached and others pending (a live incident, not a closed one).
import type { NodeDocumentInput } from '../../graph-schema/index.js';

export const SOURCE = 'ld-src';

export function treeGraph(consumers = 5000, fanOut = 50): { docs: NodeDocumentInput[]; names: string[] } {
  const node = (name: string, kind: 'Agent' | 'System' | 'Surface', consumes: object[] = []) =>
    ({ apiVersion: 'blast-radius/v1', kind, metadata: { name, owner: `team-${name.slice(3, 6)}` }, spec: { consumes } }) as NodeDocumentInput;
  const docs = [node(SOURCE, 'Agent')];
  const names: string[] = [];
  const perBranch = Math.floor((consumers - fanOut) / fanOut);
  let left = consumers - fanOut;
  for (let a = 0; a < fanOut; a++) {
    const agent = `ld-a${String(a).padStart(2, '0')}`;
    docs.push(node(agent, 'Agent', [{ from: SOURCE, ...(a % 2 ? { delay: 'PT2H' } : {}) }]));
    names.push(agent);
    const leaves = a === fanOut - 1 ? left : perBranch;
    left -= leaves;
    for (let l = 0; l < leaves; l++) {
      const leaf = `${agent}-l${String(l).padStart(3, '0')}`;
      docs.push(node(leaf, l % 3 === 0 ? 'Surface' : 'System', [{ from: agent, ...(l % 4 === 0 ? { delay: 'PT30M' } : {}) }]));
      names.push(leaf);
    }
  }
  return { docs, names };
}

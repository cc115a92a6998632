// The traversal index is built three ways: from a graphology graph, straight from documents (a
// past revision on the embedded store), and from the packed out-edges the Neo4j store reads.
// All three must hold the same graph, edge for edge.
import { describe, expect, it } from 'vitest';
import { edgesInto, type NodeDocument } from '../../graph-schema/index.js';
import { buildGraph, nodeAttributes } from '../../server/analysis/graph.js';
import { IndexBuilder, channelName, gateName, indexFromDocs, indexFromGraph, modeName, patchIndex, type GraphIndex } from '../../server/analysis/graph-index.js';
import { addPackedEdges, packEdge } from '../../server/store/neo4j/out-edges.js';
import { generateGraph, rng } from '../support/graphs.js';

/** The graph an index holds, independent of node order: per node its attributes and out-edges. */
function canonical(index: GraphIndex) {
  const nodes = index.names.map((name, u) => {
    const out = [];
    for (let k = index.outStart[u]; k < index.outStart[u + 1]; k++) {
      const delay = index.outDelay[k];
      out.push({
        to: index.names[index.outTo[k]],
        gate: gateName(index.outGate[k]),
        channel: channelName(index.outChannel[k]),
        mode: modeName(index.outMode[k]),
        delay: Number.isNaN(delay) ? null : delay,
        classes: index.outClasses[k] < 0 ? null : index.classSets[index.outClasses[k]],
      });
    }
    return { name, attrs: index.attrs[u], out };
  });
  return nodes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Delays, gates, channels, modes, action classes (with the packing's separators in them) and a producer that is not registered. */
function variedDocs(): NodeDocument[] {
  const doc = (name: string, kind: NodeDocument['kind'], consumes: NodeDocument['spec']['consumes'], extra: Partial<NodeDocument['spec']> = {}): NodeDocument => ({
    apiVersion: 'blast-radius/v1',
    kind,
    metadata: { name, owner: 'team', title: `The ${name}` },
    spec: { consumes, ...extra },
  });
  return [
    doc('src', 'Agent', [], { actionClasses: ['refund', 'price\u001fchange', 'odd\u001eone'] }),
    doc('a', 'Agent', [{ from: 'src', channel: 'queue', mode: 'async', gate: 'none', delay: 'PT5M', actionClasses: ['refund'] }]),
    doc('b', 'System', [
      { from: 'src', channel: 'db', mode: 'batch', gate: 'human-review', actionClasses: ['price\u001fchange', 'odd\u001eone'] },
      { from: 'a', channel: 'api', mode: 'sync', gate: 'automated-check', delay: 'P1D' },
      { from: 'ghost', channel: 'api', mode: 'sync', gate: 'none' },
    ]),
    doc('c', 'Surface', [
      { from: 'b', channel: 'ui', mode: 'sync', gate: 'none', delay: 'PT30S' },
      { from: 'a', channel: 'event', mode: 'async', gate: 'none', delay: 'PT5M' },
    ]),
    doc('d', 'Surface', [{ from: 'c', channel: 'file', mode: 'batch', gate: 'none' }]),
  ];
}

const graphs: [string, NodeDocument[]][] = [['varied', variedDocs()], ...[3, 11, 29].map((seed): [string, NodeDocument[]] => [`generated ${seed}`, generateGraph(seed, 80)])];

describe('graph index', () => {
  for (const [label, docs] of graphs) {
    it(`from documents equals from the graphology graph (${label})`, () => {
      expect(canonical(indexFromDocs(docs))).toEqual(canonical(indexFromGraph(buildGraph(docs))));
    });

    it(`from packed out-edges equals from the graphology graph (${label})`, () => {
      const registered = docs.filter((d) => d.metadata.name !== 'ghost');
      const outs = new Map<string, string[]>(registered.map((d) => [d.metadata.name, []]));
      for (const d of registered) for (const e of edgesInto(d)) outs.get(e.from)?.push(packEdge(e));
      // as the Neo4j store reads a radius: one row per node, its packed out-edges beside it
      const builder = new IndexBuilder(
        registered.map((d) => ({ name: d.metadata.name, attrs: nodeAttributes(d) })),
        docs.reduce((n, d) => n + d.spec.consumes.length, 0),
      );
      registered.forEach((d, i) => addPackedEdges(builder, i, outs.get(d.metadata.name)!));
      expect(canonical(builder.build())).toEqual(canonical(indexFromGraph(buildGraph(docs))));
    });
  }

  it('patched forward through creates and updates, holds what its documents hold at every step', () => {
    const random = rng(17);
    let docs = variedDocs().filter((d) => d.metadata.name !== 'b').concat(generateGraph(4, 40));
    let index = indexFromDocs(docs);
    for (let step = 0; step < 30; step++) {
      const names = docs.map((d) => d.metadata.name);
      const pick = () => names[Math.floor(random() * names.length)];
      const changed: NodeDocument[] = [];
      for (let j = 0; j < 1 + Math.floor(random() * 3); j++) {
        const target = docs[Math.floor(random() * docs.length)];
        const consumes = [...new Set([pick(), pick(), pick()])]
          .filter((n) => n !== target.metadata.name)
          .map((from) => ({ from, channel: 'queue' as const, mode: 'async' as const, gate: random() < 0.5 ? ('none' as const) : ('human-review' as const), ...(random() < 0.5 ? { delay: `PT${step}M` } : {}), ...(random() < 0.3 ? { actionClasses: ['refund'] } : {}) }));
        changed.push({ ...target, metadata: { ...target.metadata, owner: `owner-${step}` }, spec: { ...target.spec, consumes } });
      }
      // a new node, consuming another new one in the same change
      changed.push({ apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: `p${step}`, owner: 't' }, spec: { consumes: [{ from: pick(), channel: 'api', mode: 'sync', gate: 'none' }] } });
      changed.push({ apiVersion: 'blast-radius/v1', kind: 'Surface', metadata: { name: `q${step}`, owner: 't' }, spec: { consumes: [{ from: `p${step}`, channel: 'ui', mode: 'sync', gate: 'none', delay: 'PT1M' }] } });
      const byName = new Map(docs.map((d) => [d.metadata.name, d]));
      for (const d of changed) byName.set(d.metadata.name, d);
      docs = [...byName.values()];
      index = patchIndex(index, changed);
      expect(canonical(index), `step ${step}`).toEqual(canonical(indexFromDocs(docs)));
    }
  });

  it('skips packed edges into a node the index does not hold (outside a fetched radius)', () => {
    const builder = new IndexBuilder([{ name: 'p', attrs: { kind: 'Agent', owner: 't' } }, { name: 'q', attrs: { kind: 'Surface', owner: 't' } }], 2);
    addPackedEdges(builder, 0, [packEdge({ from: 'p', to: 'q', gate: 'none', channel: 'api', mode: 'sync', delaySeconds: 60 }), packEdge({ from: 'p', to: 'elsewhere', gate: 'none', channel: 'api', mode: 'sync' })]);
    const index = builder.build();
    expect(index.outTo.length).toBe(1);
    expect(index.outDelay[0]).toBe(60);
  });
});

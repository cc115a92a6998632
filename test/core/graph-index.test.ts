// The traversal index is built three ways: from a graphology graph, straight from documents (a
// past revision on the embedded store), and from the packed out-edges the Neo4j store reads.
// All three must hold the same graph, edge for edge.
import { describe, expect, it } from 'vitest';
import { edgesInto, type NodeDocument } from '../../graph-schema/index.js';
import { buildGraph, nodeAttributes } from '../../server/analysis/graph.js';
import { IndexBuilder, channelName, gateName, indexFromDocs, indexFromGraph, modeName, type GraphIndex } from '../../server/analysis/graph-index.js';
import { addPackedEdges, packEdge } from '../../server/store/neo4j/out-edges.js';
import { generateGraph } from '../support/graphs.js';

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

  it('skips packed edges into a node the index does not hold (outside a fetched radius)', () => {
    const builder = new IndexBuilder([{ name: 'p', attrs: { kind: 'Agent', owner: 't' } }, { name: 'q', attrs: { kind: 'Surface', owner: 't' } }], 2);
    addPackedEdges(builder, 0, [packEdge({ from: 'p', to: 'q', gate: 'none', channel: 'api', mode: 'sync', delaySeconds: 60 }), packEdge({ from: 'p', to: 'elsewhere', gate: 'none', channel: 'api', mode: 'sync' })]);
    const index = builder.build();
    expect(index.outTo.length).toBe(1);
    expect(index.outDelay[0]).toBe(60);
  });
});

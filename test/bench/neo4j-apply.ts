// Neo4j: what an apply costs when it changes little (issue 8: it must cost in proportion to what
// it changes). On a 20,000-node / 150,000-edge registry, measured over HTTP:
//   1. a one-node change: median of RUNS applies, each replacing one node's consumes (target ≤ 100 ms);
//   2. a 10,000-document batch of edges: median of 3 applies, each rewiring 10,000 nodes' consumes.
import type { NodeDocument } from '../../graph-schema/index.js';
import { rng } from '../support/graphs.js';
import { benchGraph } from './generate.js';

export interface ApplyBenchHooks {
  /** Times one POST /graph/apply of these documents, in ms. */
  timeApply(docs: NodeDocument[]): Promise<number>;
  /** Loads the documents without timing (through the store). */
  load(docs: NodeDocument[]): Promise<void>;
  log(line: string): void;
}

const NODES = 20_000;
const EDGES = 150_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(0)} ms`;

/** The node with new inputs: one producer dropped, one added (a hub, so its packed out list is long). */
function rewire(d: NodeDocument, random: () => number, nodes: number): NodeDocument {
  const kept = d.spec.consumes.slice(1);
  const taken = new Set([d.metadata.name, ...kept.map((c) => c.from)]);
  let from = `n${Math.floor(random() * 20)}`;
  while (taken.has(from)) from = `n${Math.floor(random() * nodes)}`;
  return { ...d, spec: { ...d.spec, consumes: [...kept, { from, channel: 'queue', mode: 'async', gate: 'none' }] } };
}

export async function neo4jApplyBench(hooks: ApplyBenchHooks, runs: number): Promise<{ oneNode: number; batch: number }> {
  const docs = benchGraph(NODES, EDGES, 8);
  const current = new Map(docs.map((d) => [d.metadata.name, d]));
  await hooks.load(docs);
  const random = rng(99);

  const single: number[] = [];
  for (let i = 0; i < runs; i++) {
    const name = `n${1000 + Math.floor(random() * (NODES - 1000))}`;
    const changed = rewire(current.get(name)!, random, NODES);
    current.set(name, changed);
    single.push(await hooks.timeApply([changed]));
  }
  hooks.log(`one-node change to a ${NODES.toLocaleString('en')}-node / ${EDGES.toLocaleString('en')}-edge registry, neo4j: median ${ms(median(single))} over ${runs} (min ${ms(Math.min(...single))}, max ${ms(Math.max(...single))}; target ≤ 100 ms)`);

  const batches: number[] = [];
  for (let i = 0; i < 3; i++) {
    const names = [...current.keys()].slice(i * 5000, i * 5000 + 10_000);
    const changed = names.map((n) => rewire(current.get(n)!, random, NODES));
    for (const d of changed) current.set(d.metadata.name, d);
    batches.push(await hooks.timeApply(changed));
  }
  const edges = [...current.values()].slice(0, 10_000).reduce((n, d) => n + d.spec.consumes.length, 0);
  hooks.log(`  10,000-document batch of edges (each document's consumes rewired, about ${edges.toLocaleString('en')} edges), neo4j: median ${ms(median(batches))} over 3 (min ${ms(Math.min(...batches))}, max ${ms(Math.max(...batches))})`);
  return { oneNode: median(single), batch: median(batches) };
}

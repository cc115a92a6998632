// Hand-written, not graphology-traversal: a radius walk over a million edges needs typed arrays, not maps.
// A compact, read-only index of a graph for traversals: integer ids, out-edges in flat typed
// arrays (CSR), each node's out-edges sorted by the consumer's name. Traversing it is an order
// of magnitude faster than walking graphology's maps, and it is built once per revision.
import type { FeedsEdge, Gate, NodeKind } from '../../graph-schema/index.js';
import type { DependencyGraph, NodeAttributes } from './graph.js';

const GATES: Gate[] = ['none', 'human-review', 'automated-check'];
const CHANNELS: FeedsEdge['channel'][] = ['api', 'queue', 'db', 'file', 'event', 'ui'];
const MODES: FeedsEdge['mode'][] = ['sync', 'async', 'batch'];

export interface GraphIndex {
  names: string[];
  ids: Map<string, number>;
  attrs: NodeAttributes[];
  /** rank[id]: position of the name in code-point order, for cheap name comparisons. */
  rank: Int32Array;
  outStart: Int32Array;
  outTo: Int32Array;
  outGate: Uint8Array;
  outChannel: Uint8Array;
  outMode: Uint8Array;
  /** Seconds, NaN where the manifest declares no delay. */
  outDelay: Float64Array;
  /** Index into classSets of the edge's action classes, -1 where the edge is unclassified. */
  outClasses: Int32Array;
  /** The distinct action-class lists edges carry (few: an edge names a subset of its producer's). */
  classSets: string[][];
}

export const gateName = (code: number): Gate => GATES[code];
export const channelName = (code: number): FeedsEdge['channel'] => CHANNELS[code];
export const modeName = (code: number): FeedsEdge['mode'] => MODES[code];
export const kindOf = (index: GraphIndex, id: number): NodeKind => index.attrs[id].kind;

/** A node as the index takes it in. */
export interface IndexNode {
  name: string;
  attrs: NodeAttributes;
}

/**
 * Visits every edge once, without making an object per edge (a radius can hold a million).
 * `from` may be given as the producer's position in the node list, which saves a lookup.
 */
export type EdgeVisitor = (
  emit: (
    from: string | number,
    to: string,
    gate: Gate,
    channel: FeedsEdge['channel'],
    mode: FeedsEdge['mode'],
    delaySeconds: number | null | undefined,
    actionClasses?: string[] | null,
  ) => void,
) => void;

export function indexFromGraph(graph: DependencyGraph): GraphIndex {
  const nodes: IndexNode[] = [];
  graph.forEachNode((name, attrs) => void nodes.push({ name, attrs }));
  return buildIndexFrom(nodes, graph.size, (emit) =>
    graph.forEachEdge((_key, a, from, to) => emit(from, to, a.gate, a.channel, a.mode, a.delaySeconds, a.actionClasses)),
  );
}

/**
 * @param edgeCount an upper bound on the edges `forEachEdge` emits
 */
export function buildIndexFrom(nodes: IndexNode[], edgeCount: number, forEachEdge: EdgeVisitor): GraphIndex {
  const n = nodes.length;
  const names = nodes.map((x) => x.name);
  const ids = new Map<string, number>();
  names.forEach((name, i) => ids.set(name, i));
  const attrs = nodes.map((x) => x.attrs);
  const rank = new Int32Array(n);
  // the default sort compares UTF-16 code units, as `<` does, without a comparator call per pair
  names.slice().sort().forEach((name, r) => (rank[ids.get(name)!] = r));

  // One pass in arrival order into typed arrays...
  const from = new Int32Array(edgeCount);
  const to = new Int32Array(edgeCount);
  const gate = new Uint8Array(edgeCount);
  const channel = new Uint8Array(edgeCount);
  const mode = new Uint8Array(edgeCount);
  const delay = new Float64Array(edgeCount);
  const classes = new Int32Array(edgeCount);
  const classSets: string[][] = [];
  const classSetIds = new Map<string, number>();
  const outStart = new Int32Array(n + 1);
  let m = 0;
  forEachEdge((f, t, g, c, md, d, ac) => {
    const a = typeof f === 'number' ? f : ids.get(f)!;
    from[m] = a;
    to[m] = ids.get(t)!;
    gate[m] = GATES.indexOf(g);
    channel[m] = CHANNELS.indexOf(c);
    mode[m] = MODES.indexOf(md);
    delay[m] = d ?? NaN;
    if (ac && ac.length > 0) {
      const key = ac.join('\u0000');
      let id = classSetIds.get(key);
      if (id === undefined) {
        classSetIds.set(key, (id = classSets.length));
        classSets.push(ac);
      }
      classes[m] = id;
    } else classes[m] = -1;
    outStart[a + 1]++;
    m++;
  });
  for (let i = 0; i < n; i++) outStart[i + 1] += outStart[i];

  // ...then a counting sort by producer, and each producer's few edges by the consumer's name
  // (an insertion sort: out-degrees are small, and a comparator sort of a million is slow).
  const fill = outStart.slice(0, n);
  const order = new Int32Array(m);
  for (let k = 0; k < m; k++) order[fill[from[k]]++] = k;
  for (let v = 0; v < n; v++) {
    for (let i = outStart[v] + 1; i < outStart[v + 1]; i++) {
      const k = order[i];
      const r = rank[to[k]];
      let j = i - 1;
      while (j >= outStart[v] && rank[to[order[j]]] > r) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = k;
    }
  }
  const outTo = new Int32Array(m);
  const outGate = new Uint8Array(m);
  const outChannel = new Uint8Array(m);
  const outMode = new Uint8Array(m);
  const outDelay = new Float64Array(m);
  const outClasses = new Int32Array(m);
  for (let slot = 0; slot < m; slot++) {
    const k = order[slot];
    outTo[slot] = to[k];
    outGate[slot] = gate[k];
    outChannel[slot] = channel[k];
    outMode[slot] = mode[k];
    outDelay[slot] = delay[k];
    outClasses[slot] = classes[k];
  }
  return { names, ids, attrs, rank, outStart, outTo, outGate, outChannel, outMode, outDelay, outClasses, classSets };
}
